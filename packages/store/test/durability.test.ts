import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { StoreOptions } from '../src/index.ts';
import { backends } from './backends.ts';
import type { TestBackend } from './backends.ts';

const child = fileURLToPath(new URL('./fixtures/grade-child.ts', import.meta.url));
// tsx as an --import loader keeps the writer in ONE process, so SIGKILL hits the process that wrote.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Runs the child, SIGKILLs it as soon as it has printed `killAfter` ACK lines; returns those lines. */
function gradeThenKill(
  options: StoreOptions,
  killAfter: number,
): Promise<{ acks: string[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['--conditions=@portdeck/source', '--import', tsxLoader, child, JSON.stringify(options)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
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

/** Each backend, and SQLite in each of its sync modes. */
const setups: { name: string; backend: TestBackend; extra: Partial<StoreOptions> }[] = backends.flatMap(
  (backend) =>
    backend.name === 'sqlite'
      ? (['default', 'normal', 'full'] as const).map((synchronous) => ({
          name: `sqlite, synchronous=${synchronous}`,
          backend,
          extra: synchronous === 'default' ? {} : { synchronous },
        }))
      : [{ name: backend.name, backend, extra: {} }],
);

// kill -9 only: power loss cannot be simulated here (it needs a fault-injecting file system).
describe.each(setups)('durability across kill -9 ($name)', ({ backend, extra }) => {
  it('finds the review the child acknowledged right before it was killed', async () => {
    const database = await backend.create();
    try {
      const { acks, signal } = await gradeThenKill({ ...database.options, ...extra }, 1);
      expect(signal).toBe('SIGKILL');
      const { store, db } = await database.open();
      const [, reviewId, cardId] = acks[0]!.split(' ');
      const row = await db
        .selectFrom('review_log')
        .select('card_id')
        .where('id', '=', Number(reviewId))
        .executeTakeFirst();
      expect(row).toEqual({ card_id: cardId });
      expect((await store.getCardStates('durable', [cardId!])).get(cardId!)?.reps).toBe(1);
    } finally {
      await database.cleanup();
    }
  }, 30_000);

  it('keeps all acknowledged reviews when killed in the middle of a stream of writes', async () => {
    const database = await backend.create();
    try {
      const { acks } = await gradeThenKill({ ...database.options, ...extra }, 50);
      const { store, db } = await database.open();
      const ids = acks.map((line) => Number(line.split(' ')[1]));
      const found = await db.selectFrom('review_log').select('id').where('id', 'in', ids).execute();
      expect(found).toHaveLength(50);
      const session = await store.getSession('kill-9', Date.UTC(2026, 2, 10, 13));
      // The session advanced at least as far as the acknowledged answers.
      expect(session?.step).toBeGreaterThanOrEqual(50);
    } finally {
      await database.cleanup();
    }
  }, 30_000);
});

describe('durability test harness', () => {
  it('reports a child that dies before acknowledging anything', async () => {
    // A directory is not a database file: the child fails before its first ACK.
    await expect(gradeThenKill({ path: fileURLToPath(new URL('.', import.meta.url)) }, 1)).rejects.toThrow(
      /child exited early/,
    );
  }, 30_000);
});
