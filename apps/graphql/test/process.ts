import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../src/server.ts', import.meta.url));

/** Starts src/server.ts as `pnpm start` does (node --import tsx: signals reach the app itself). */
export function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--conditions=@portdeck/source', '--import', 'tsx', SERVER], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return { child, output: () => ({ stdout, stderr }) };
}

/** Polls until `read()` matches (generous: a loaded 2-core machine starts node + tsx slowly). */
export async function waitFor(
  read: () => string,
  pattern: RegExp,
  timeoutMs = 120_000,
): Promise<RegExpMatchArray> {
  for (let i = 0; i < timeoutMs / 50; i++) {
    const match = pattern.exec(read());
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${String(pattern)} in ${read()}`);
}
