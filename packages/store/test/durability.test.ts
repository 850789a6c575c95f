import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/index.ts';
import type { SqliteSynchronous } from '../src/index.ts';
import { tempDir } from './helpers.ts';

const child = fileURLToPath(new URL('./fixtures/grade-child.ts', import.meta.url));
// tsx as an --import loader keeps the writer in ONE process, so SIGKILL hits the process that wrote.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Runs the child, SIGKILLs it as soon as it has printed `killAfter` ACK lines; returns those lines. */
function gradeThenKill(
  path: string,
  killAfter: number,
  synchronous: SqliteSynchronous | 'default',
): Promise<{ acks: string[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', tsxLoader, child, path, synchronous], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: string[] = [];
    let buffered = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('ACK ') || acks.length >= killAfter) continue;
        acks.push(line);
        if (acks.length === killAfter) proc.kill('SIGKILL');
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => {
      if (acks.length < killAfter) reject(new Error(`child exited early: ${stderr}`));
      else resolve({ acks, signal });
    });
  });
}

// kill -9 only: power loss cannot be simulated here (it needs a fault-injecting file system).
describe.each(['default', 'normal', 'full'] as const)(
  'durability across kill -9 (synchronous=%s)',
  (synchronous) => {
    it('finds the review the child acknowledged right before it was killed', async () => {
      const { dir, cleanup } = tempDir();
      const path = join(dir, 'durable.sqlite');
      try {
        const { acks, signal } = await gradeThenKill(path, 1, synchronous);
        expect(signal).toBe('SIGKILL');
        const store = await openStore({ path });
        const [, reviewId, cardId] = acks[0]!.split(' ');
        const row = store.connection.raw
          .prepare('select card_id from review_log where id = ?')
          .get(Number(reviewId));
        expect(row).toEqual({ card_id: cardId });
        expect((await store.getCardStates('durable', [cardId!])).get(cardId!)?.reps).toBe(1);
        await store.close();
      } finally {
        cleanup();
      }
    }, 30_000);

    it('keeps all acknowledged reviews when killed in the middle of a stream of writes', async () => {
      const { dir, cleanup } = tempDir();
      const path = join(dir, 'durable.sqlite');
      try {
        const { acks } = await gradeThenKill(path, 50, synchronous);
        const store = await openStore({ path });
        const ids = acks.map((line) => Number(line.split(' ')[1]));
        const found = store.connection.raw
          .prepare(`select id from review_log where id in (${ids.map(() => '?').join(',')})`)
          .all(...ids);
        expect(found).toHaveLength(50);
        const session = await store.getSession('kill-9', Date.UTC(2026, 2, 10, 13));
        // The session advanced at least as far as the acknowledged answers.
        expect(session?.step).toBeGreaterThanOrEqual(50);
        await store.close();
      } finally {
        cleanup();
      }
    }, 30_000);

    it('reports a child that dies before acknowledging anything', async () => {
      const { dir, cleanup } = tempDir();
      try {
        // A directory is not a database file: the child fails before its first ACK.
        await expect(gradeThenKill(dir, 1, synchronous)).rejects.toThrow(/child exited early/);
      } finally {
        cleanup();
      }
    }, 30_000);
  },
);
