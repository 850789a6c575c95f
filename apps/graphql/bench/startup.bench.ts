// Start-up of the API as a whole process: spawn → first `/health` 200, for the built output (`pnpm start`,
// `node dist/server.js`) beside the TypeScript source through tsx (`pnpm dev`), alternated in one run.
// On Node 22.1+ also the built output with NODE_COMPILE_CACHE (V8 code cached on disk across starts).
// On Linux it also prints the CPU time the process had used when /health answered: on a busy shared
// machine wall time mostly measures the wait for a core, CPU time what the start-up itself costs.
// Needs a build (turbo's `bench` task builds first). `--runs N` (default 7).
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
const labels: Record<Kind, string> = {
  built: 'built (node dist/server.js)',
  cached: 'built, NODE_COMPILE_CACHE warm',
  source: 'baseline: source (node --import tsx src/…)',
};
const ticksPerSecond =
  process.platform === 'linux' ? Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) : 0;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** CPU milliseconds (user + system, every thread) a live process has used; NaN off Linux. */
function cpuMs(pid: number): number {
  if (ticksPerSecond === 0) return Number.NaN;
  // Fields after the command name, which is in parentheses and may hold spaces: utime is 14th, stime 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** Wall and CPU milliseconds from spawn until `/health` first answers 200, and wall until `/ready` does. */
interface Timing {
  readonly wall: number;
  readonly cpu: number;
  readonly ready: number;
}

async function measure(kind: Kind, dataDir: string): Promise<Timing> {
  const port = await freePort();
  const cache = kind === 'cached' ? { NODE_COMPILE_CACHE: join(dataDir, 'compile-cache') } : {};
  const startedAt = performance.now();
  const child = spawn(process.execPath, starts[kind], {
    cwd: appDir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORTDECK_GRAPHQL_HOST: '127.0.0.1',
      PORTDECK_GRAPHQL_PORT: String(port),
      PORTDECK_DATA_DIR: dataDir,
      PORTDECK_LOG_LEVEL: 'silent',
      ...cache,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = once(child, 'exit');
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${kind} exited with ${child.exitCode} before /health`);
      const response = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      if (response?.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const wall = performance.now() - startedAt;
    const cpu = cpuMs(child.pid!);
    // Readiness too: the search index is built after /health answers.
    while ((await fetch(`http://127.0.0.1:${port}/ready`)).status !== 200) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return { wall, cpu, ready: performance.now() - startedAt };
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
  const times: Record<Kind, Timing[]> = { built: [], cached: [], source: [] };
  // One warm-up of each (file system and compile caches), then alternate so machine load falls on all alike.
  for (const kind of kinds) await measure(kind, dataDir);
  for (let run = 0; run < runs; run++) {
    for (const kind of kinds) times[kind].push(await measure(kind, dataDir));
  }
  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
  console.log(
    `API start-up on Node ${process.version}, spawn → /health 200, ${runs} runs each (load ${load})`,
  );
  const medians = {} as Record<Kind, { wall: number; cpu: number }>;
  for (const kind of kinds) {
    const wall = summary(times[kind].map((time) => time.wall));
    const cpu = summary(times[kind].map((time) => time.cpu));
    const ready = summary(times[kind].map((time) => time.ready));
    medians[kind] = { wall: wall.median, cpu: cpu.median };
    console.log(
      `${labels[kind].padEnd(42)} wall median ${wall.median.toFixed(0).padStart(5)} ms (min ${wall.min.toFixed(0)}, max ${wall.max.toFixed(0)})` +
        `   CPU median ${cpu.median.toFixed(0).padStart(5)} ms (min ${cpu.min.toFixed(0)}, max ${cpu.max.toFixed(0)})` +
        `   /ready median ${ready.median.toFixed(0).padStart(5)} ms`,
    );
  }
  const ratio = (kind: Kind, of: 'wall' | 'cpu'): string =>
    (medians[kind][of] / medians.source[of]).toFixed(2);
  console.log(`ratio built / source: wall ${ratio('built', 'wall')}, CPU ${ratio('built', 'cpu')}`);
  if (hasCompileCache) {
    console.log(
      `ratio built with compile cache / source: wall ${ratio('cached', 'wall')}, CPU ${ratio('cached', 'cpu')}`,
    );
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
