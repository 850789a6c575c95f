// Start-up of the API as a whole process: spawn → first `/health` 200, for the built output (`pnpm start`,
// `node dist/server.js`) beside the TypeScript source through tsx (`pnpm dev`), alternated in one run.
// On Node 22.1+ also the built output with NODE_COMPILE_CACHE (V8 code cached on disk across starts).
// Needs a build (turbo's `bench` task builds first). `--runs N` (default 7).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import module from 'node:module';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag === -1 ? 7 : Number(process.argv[runsFlag + 1]);

const starts = {
  built: ['dist/server.js'],
  cached: ['dist/server.js'],
  source: ['--conditions=@portdeck/source', '--import', 'tsx', 'src/server.ts'],
} as const;
type Kind = keyof typeof starts;
const hasCompileCache = 'enableCompileCache' in module;
const kinds: readonly Kind[] = hasCompileCache ? ['built', 'cached', 'source'] : ['built', 'source'];

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Milliseconds from spawn until `/health` first answers 200. */
async function measure(kind: Kind, dataDir: string): Promise<number> {
  const cache = kind === 'cached' ? { NODE_COMPILE_CACHE: join(dataDir, 'compile-cache') } : {};
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn(process.execPath, starts[kind], {
    cwd: appDir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORTDECK_GRAPHQL_HOST: '127.0.0.1',
      PORTDECK_GRAPHQL_PORT: String(port),
      PORTDECK_DATA_DIR: dataDir,
      PORTDECK_LOG_LEVEL: 'warn',
      ...cache,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = once(child, 'exit');
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${kind} exited with ${child.exitCode} before /health`);
      const response = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      if (response?.status === 200) return performance.now() - startedAt;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function summary(values: readonly number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median =
    sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}

const dataDir = mkdtempSync(join(tmpdir(), 'portdeck-startup-'));
try {
  const times: Record<Kind, number[]> = { built: [], cached: [], source: [] };
  // One warm-up of each (file system and compile caches), then alternate so machine load falls on all alike.
  for (const kind of kinds) await measure(kind, dataDir);
  for (let run = 0; run < runs; run++) {
    for (const kind of kinds) times[kind].push(await measure(kind, dataDir));
  }
  const built = summary(times.built);
  const source = summary(times.source);
  const line = (label: string, s: typeof built): string =>
    `${label.padEnd(42)} median ${s.median.toFixed(0).padStart(5)} ms   (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`;
  console.log(
    `API start-up, spawn → /health 200, ${runs} runs each (load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')})`,
  );
  console.log(line('built (node dist/server.js)', built));
  if (hasCompileCache) console.log(line('built, NODE_COMPILE_CACHE warm', summary(times.cached)));
  console.log(line('baseline: source (node --import tsx src/…)', source));
  console.log(`ratio built / source: ${(built.median / source.median).toFixed(2)}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
