import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteConnection } from '../src/backend/sqlite.ts';
import type { SqliteConnection } from '../src/backend/sqlite.ts';
import { createWriteBatcher } from '../src/backend/write-batcher.ts';
import type { WriteBatcher, WriteBatcherOptions } from '../src/backend/write-batcher.ts';
import { tempDir } from './helpers.ts';

type Tx = Parameters<SqliteConnection['hold']>[0] extends (trx: infer T) => unknown ? T : never;

let conn: SqliteConnection;
let path: string;
let cleanup: () => void;
let commits: number[];
let rollbacks: number;

beforeEach(() => {
  const dir = tempDir();
  cleanup = dir.cleanup;
  path = join(dir.dir, 'batch.sqlite');
  conn = openSqliteConnection({ path, checkpointIntervalMs: 0 });
  conn.raw.exec('create table items (id integer primary key, label text not null)');
  commits = [];
  rollbacks = 0;
});
afterEach(async () => {
  await conn.close();
  cleanup();
});

function batcher(options: Partial<WriteBatcherOptions<Tx>> = {}): WriteBatcher<Tx> {
  return createWriteBatcher<Tx>({
    hold: conn.hold,
    control: conn.control,
    onCommit: (size) => commits.push(size),
    onRollback: () => (rollbacks += 1),
    ...options,
  });
}

function insert(id: number, label = `item ${id}`): () => Promise<number> {
  return () => {
    conn.raw.prepare('insert into items (id, label) values (?, ?)').run(id, label);
    return Promise.resolve(id);
  };
}

function storedIds(): number[] {
  return conn.raw
    .prepare('select id from items order by id')
    .pluck()
    .all()
    .map((id) => Number(id));
}

describe('createWriteBatcher: group commit', () => {
  it('commits writes issued in one tick together and settles each caller after the COMMIT', async () => {
    const writes = batcher();
    // A second connection sees only committed data: each caller must find its own row there.
    const reader = new BetterSqlite3(path, { readonly: true });
    try {
      const seenByReader = await Promise.all(
        [1, 2, 3].map((id) =>
          writes
            .run(insert(id))
            .then((value) => reader.prepare('select id from items where id = ?').get(value)),
        ),
      );
      expect(seenByReader).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
      expect(commits).toEqual([3]);
    } finally {
      reader.close();
    }
  });

  it('gives sequential callers one batch each, flushed on the scheduled tick', async () => {
    const ticks: (() => void)[] = [];
    const writes = batcher({ schedule: (flush) => ticks.push(flush) });
    let hasRun = false;
    const pending = writes.run(() => {
      hasRun = true;
      return Promise.resolve('done');
    });
    // Nothing runs until the scheduled flush: the caller waits exactly one tick, no timer.
    expect(hasRun).toBe(false);
    expect(ticks).toHaveLength(1);
    ticks.shift()?.();
    expect(await pending).toBe('done');
    const second = writes.run(insert(7));
    ticks.shift()?.();
    expect(await second).toBe(7);
    expect(commits).toEqual([1, 1]);
  });

  it('splits a long queue at maxBatchSize and keeps arrival order', async () => {
    const writes = batcher({ maxBatchSize: 2 });
    const order: number[] = [];
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((id) =>
        writes.run(async (trx) => {
          order.push(id);
          // A real await inside the write: the next one must still wait for it.
          await sql`select 1`.execute(trx);
          return insert(id)();
        }),
      ),
    );
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(commits).toEqual([2, 2, 1]);
    expect(storedIds()).toEqual([1, 2, 3, 4, 5]);
  });

  it('rolls back only the failing write of a batch and rejects only its caller', async () => {
    const writes = batcher();
    const settled = await Promise.allSettled([
      writes.run(insert(1)),
      writes.run(insert(1, 'duplicate key')),
      writes.run(insert(2)),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(settled[1].status === 'rejected' && String(settled[1].reason)).toMatch(/UNIQUE constraint failed/);
    expect(commits).toEqual([3]);
    expect(rollbacks).toBe(1);
    expect(storedIds()).toEqual([1, 2]);
  });

  it('undoes every statement of a failing write, not just the last one', async () => {
    const writes = batcher();
    const failing = writes.run(async () => {
      await insert(10)();
      await insert(11)();
      throw new Error('changed my mind');
    });
    const fine = writes.run(insert(12));
    await expect(failing).rejects.toThrow('changed my mind');
    expect(await fine).toBe(12);
    expect(storedIds()).toEqual([12]);
  });

  it('records a duplicate click inside the same batch once', async () => {
    conn.raw.exec('create table clicks (session text, step integer, primary key (session, step))');
    const writes = batcher();
    const click = (): Promise<'recorded' | 'duplicate'> =>
      writes.run(() => {
        // The second click sees the first one's uncommitted row: they share the transaction.
        const seen = conn.raw.prepare("select 1 from clicks where session = 's' and step = 0").get();
        if (seen !== undefined) return Promise.resolve('duplicate' as const);
        conn.raw.prepare("insert into clicks values ('s', 0)").run();
        return Promise.resolve('recorded' as const);
      });
    expect(await Promise.all([click(), click()])).toEqual(['recorded', 'duplicate']);
    expect(commits).toEqual([1 + 1]);
    expect(conn.raw.prepare('select count(*) from clicks').pluck().get()).toBe(1);
  });

  it('rejects the whole batch when COMMIT fails, and the next batch still works', async () => {
    conn.raw.exec(
      'create table children (id integer primary key, parent integer references items(id) deferrable initially deferred)',
    );
    conn.raw.pragma('foreign_keys = ON');
    const writes = batcher();
    const orphan = (): Promise<void> => {
      conn.raw.prepare('insert into children (id, parent) values (1, 999)').run();
      return Promise.resolve();
    };
    const settled = await Promise.allSettled([writes.run(insert(1)), writes.run(orphan)]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(settled[0].status === 'rejected' && String(settled[0].reason)).toMatch(/FOREIGN KEY/);
    expect(commits).toEqual([]);
    expect(conn.raw.inTransaction).toBe(false);
    expect(storedIds()).toEqual([]);
    expect(await writes.run(insert(2))).toBe(2);
    expect(storedIds()).toEqual([2]);
  });

  it('fails earlier writes of a batch that SQLite rolled back entirely, and carries on', async () => {
    const writes = batcher();
    const settled = await Promise.allSettled([
      writes.run(insert(1)),
      writes.run(() => {
        // What SQLite does on SQLITE_FULL or an I/O error: the whole transaction is gone.
        conn.raw.exec('rollback');
        throw new Error('disk full');
      }),
      writes.run(insert(3)),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(settled[0].status === 'rejected' && String(settled[0].reason)).toMatch(
      /rolled back with its batch/,
    );
    expect(storedIds()).toEqual([3]);
  });

  it('drains queued writes (edge: nothing queued resolves at once)', async () => {
    const writes = batcher();
    await writes.drain();
    const queued = [writes.run(insert(1)), writes.run(insert(2))];
    await writes.drain();
    expect(storedIds()).toEqual([1, 2]);
    expect(await Promise.all(queued)).toEqual([1, 2]);
  });

  it('stores exactly the writes that succeeded, in order, for any mix and batch size', async () => {
    let nextId = 1_000;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        async (outcomes, maxBatchSize) => {
          conn.raw.exec('delete from items');
          commits = [];
          const writes = batcher({ maxBatchSize });
          const ids = outcomes.map(() => (nextId += 1));
          const settled = await Promise.allSettled(
            outcomes.map((isOk, i) =>
              writes.run(async () => {
                await insert(ids[i]!)();
                if (!isOk) throw new Error('fail');
                return ids[i];
              }),
            ),
          );
          expect(settled.map((s) => s.status === 'fulfilled')).toEqual(outcomes);
          expect(storedIds()).toEqual(ids.filter((_, i) => outcomes[i]));
          expect(commits.every((size) => size <= maxBatchSize)).toBe(true);
          expect(commits.reduce((a, b) => a + b, 0)).toBe(outcomes.length);
        },
      ),
      { numRuns: 60 },
    );
  });
});
