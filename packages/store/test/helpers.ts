import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A fixed clock: 2026-03-10 12:00 UTC. */
export const t0 = Date.UTC(2026, 2, 10, 12, 0, 0);
export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;

/** A fresh temp directory, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'portdeck-store-'));
  return {
    dir,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Ten card ids in deck order. */
export const deck = Array.from({ length: 10 }, (_, i) => `svc:${3380 + i}/tcp`);

/** A store script run as its own node process (`node --import tsx`, so signals reach it directly). */
export function spawnStoreChild(args: readonly string[]): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=@portdeck/source', '--import', 'tsx', childScript, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    },
  );
  // Kept for the failure message: a CI log shows only part of the run's output.
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    errors = (errors + chunk).slice(-2000);
    process.stderr.write(chunk);
  });
  stderrOf.set(child, () => errors);
  return child;
}

const stderrOf = new WeakMap<ChildProcess, () => string>();

const childScript = fileURLToPath(new URL('fixtures/store-child.ts', import.meta.url));

/** Lines a child printed, once it exits (rejects on a non-zero exit). */
export function linesOf(child: ChildProcess): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.once('close', (code, signal) => {
      if (code === 0) resolve(out.split('\n').filter((line) => line !== ''));
      else
        reject(
          new Error(
            `child exited ${code ?? signal}: ${out.slice(-500)}\nstderr: ${stderrOf.get(child)?.() ?? ''}`,
          ),
        );
    });
  });
}
