import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../src/index.ts';
import { completeJobIn, retryDelayMs } from '../src/jobs.ts';
import type { Database } from '../src/schema.ts';
import type { Kysely } from 'kysely';
import { backends } from './backends.ts';
import type { TestDatabase } from './backends.ts';
import { linesOf, spawnStoreChild, t0 } from './helpers.ts';

describe.each(backends)('jobs on $name', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let db: Kysely<Database>;

  beforeEach(async () => {
    database = await backend.create();
    ({ store, db } = await database.open());
  });
  afterEach(async () => {
    await database.cleanup();
  });

  it('enqueues a deterministic id once, whatever was already done with it', async () => {
    const spec = { id: 'daily:g1:2026-03-10', kind: 'daily-post', payload: { guildId: 'g1' }, runAt: t0 };
    expect(await store.jobs.enqueue(spec, t0)).toBe(true);
    expect(await store.jobs.enqueue({ ...spec, runAt: t0 + 5 }, t0)).toBe(false);
    const [job] = await store.jobs.claimDue({ owner: 'a', now: t0, leaseMs: 1000, limit: 10 });
    expect(job).toMatchObject({ id: spec.id, kind: 'daily-post', payload: { guildId: 'g1' }, runAt: t0 });
    expect(await store.jobs.complete(job!.lease, t0 + 10)).toBe(true);
    expect(await store.jobs.enqueue(spec, t0 + 20)).toBe(false);
    expect(await store.jobs.get(spec.id)).toMatchObject({ status: 'done', attempts: 1, finishedAt: t0 + 10 });
  });

  it('claims only due jobs, oldest first, each once, and only the kinds asked for', async () => {
    for (const [id, runAt, kind] of [
      ['c', t0 + 2, 'x'],
      ['a', t0, 'x'],
      ['b', t0 + 1, 'y'],
      ['later', t0 + 60_000, 'x'],
    ] as const) {
      await store.jobs.enqueue({ id, kind, runAt }, t0);
    }
    expect(
      await store.jobs.claimDue({ owner: 'a', now: t0 + 5, leaseMs: 1000, limit: 10, kinds: ['x'] }),
    ).toMatchObject([{ id: 'a' }, { id: 'c' }]);
    const rest = await store.jobs.claimDue({ owner: 'b', now: t0 + 5, leaseMs: 1000, limit: 10 });
    expect(rest.map((j) => j.id)).toEqual(['b']);
    expect(await store.jobs.claimDue({ owner: 'c', now: t0 + 5, leaseMs: 1000, limit: 10 })).toEqual([]);
  });

  it('lets another worker take over a job whose lease expired, and voids the first lease', async () => {
    await store.jobs.enqueue({ id: 'j', kind: 'k', runAt: t0 }, t0);
    const [first] = await store.jobs.claimDue({ owner: 'dies', now: t0, leaseMs: 1000, limit: 1 });
    expect(await store.jobs.claimDue({ owner: 'other', now: t0 + 999, leaseMs: 1000, limit: 1 })).toEqual([]);
    const [second] = await store.jobs.claimDue({ owner: 'other', now: t0 + 1000, leaseMs: 1000, limit: 1 });
    expect(second?.lease).toMatchObject({ owner: 'other', attempt: 2 });
    // The first worker wakes up late: it can neither extend nor complete what it no longer holds.
    expect(await store.jobs.extendLease(first!.lease, t0 + 1001, 1000)).toBeNull();
    expect(await store.jobs.complete(first!.lease, t0 + 1001)).toBe(false);
    expect(await store.jobs.complete(second!.lease, t0 + 1002)).toBe(true);
    expect(await store.jobs.get('j')).toMatchObject({ status: 'done', attempts: 2, leaseOwner: 'other' });
  });

  it('extends a held lease so a slow job is not taken over', async () => {
    await store.jobs.enqueue({ id: 'slow', kind: 'k', runAt: t0 }, t0);
    const [job] = await store.jobs.claimDue({ owner: 'a', now: t0, leaseMs: 1000, limit: 1 });
    const extended = await store.jobs.extendLease(job!.lease, t0 + 900, 1000);
    expect(extended?.expiresAt).toBe(t0 + 1900);
    expect(await store.jobs.claimDue({ owner: 'b', now: t0 + 1500, leaseMs: 1000, limit: 1 })).toEqual([]);
    expect(await store.jobs.complete(extended!, t0 + 1600)).toBe(true);
  });

  it('retries a failed job after a growing backoff, then fails it for good after its last attempt', async () => {
    await store.jobs.enqueue({ id: 'flaky', kind: 'k', runAt: t0, maxAttempts: 2 }, t0);
    const [first] = await store.jobs.claimDue({ owner: 'a', now: t0, leaseMs: 1000, limit: 1 });
    expect(await store.jobs.fail(first!.lease, t0 + 1, 'Missing Permissions (50013)')).toBe('retrying');
    expect(await store.jobs.get('flaky')).toMatchObject({
      status: 'pending',
      runAt: t0 + 1 + retryDelayMs(1),
      lastError: 'Missing Permissions (50013)',
    });
    expect(
      await store.jobs.claimDue({ owner: 'a', now: t0 + retryDelayMs(1), leaseMs: 1000, limit: 1 }),
    ).toEqual([]);
    const [second] = await store.jobs.claimDue({
      owner: 'a',
      now: t0 + 1 + retryDelayMs(1),
      leaseMs: 1000,
      limit: 1,
    });
    expect(await store.jobs.fail(second!.lease, t0 + 20_000, 'still no')).toBe('failed');
    expect(await store.jobs.get('flaky')).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: 'still no',
    });
    expect(await store.jobs.fail(second!.lease, t0 + 20_001, 'again')).toBe('lease-lost');
    expect(retryDelayMs(1)).toBeLessThan(retryDelayMs(2));
    expect(retryDelayMs(50)).toBe(3_600_000);
  });

  it('fails a job whose worker died on its last attempt instead of running it again', async () => {
    await store.jobs.enqueue({ id: 'crashy', kind: 'k', runAt: t0, maxAttempts: 1 }, t0);
    await store.jobs.claimDue({ owner: 'dies', now: t0, leaseMs: 100, limit: 1 });
    expect(await store.jobs.claimDue({ owner: 'b', now: t0 + 200, leaseMs: 100, limit: 1 })).toEqual([]);
    expect(await store.jobs.get('crashy')).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/lease expired/) as unknown,
    });
  });

  it('reschedules a pending job (new time and payload), never one running or done', async () => {
    await store.jobs.enqueue({ id: 'p', kind: 'k', payload: { a: 1 }, runAt: t0 + 60_000 }, t0);
    expect(await store.jobs.reschedule('p', { runAt: t0, payload: { a: 2 } }, t0)).toBe(true);
    expect(await store.jobs.get('p')).toMatchObject({ status: 'pending', runAt: t0, payload: { a: 2 } });
    expect(await store.jobs.reschedule('p', { runAt: t0 + 1 }, t0)).toBe(true);
    expect(await store.jobs.get('p')).toMatchObject({ runAt: t0 + 1, payload: { a: 2 } });
    const [job] = await store.jobs.claimDue({ owner: 'a', now: t0 + 1, leaseMs: 1000, limit: 1 });
    expect(await store.jobs.reschedule('p', { runAt: t0 + 5 }, t0 + 2)).toBe(false);
    await store.jobs.complete(job!.lease, t0 + 3);
    expect(await store.jobs.reschedule('p', { runAt: t0 + 5 }, t0 + 4)).toBe(false);
    expect(await store.jobs.reschedule('missing', { runAt: t0 }, t0)).toBe(false);
  });

  it('hands a released job back at once without counting the claim', async () => {
    await store.jobs.enqueue({ id: 'r', kind: 'k', runAt: t0 }, t0);
    const [job] = await store.jobs.claimDue({ owner: 'stopping', now: t0, leaseMs: 60_000, limit: 1 });
    expect(await store.jobs.release(job!.lease, t0 + 1)).toBe(true);
    expect(await store.jobs.release(job!.lease, t0 + 1)).toBe(false);
    const [again] = await store.jobs.claimDue({ owner: 'next', now: t0 + 2, leaseMs: 60_000, limit: 1 });
    expect(again?.lease.attempt).toBe(1);
  });

  it('completes a job in the same transaction as its effects: both commit, or neither', async () => {
    await store.jobs.enqueue({ id: 'fx', kind: 'k', runAt: t0 }, t0);
    const [job] = await store.jobs.claimDue({ owner: 'a', now: t0, leaseMs: 60_000, limit: 1 });
    await sql`create table effects (job_id varchar(200) primary key)`.execute(db);
    // The effect's bookkeeping fails after the completion was written: the completion rolls back with it.
    await expect(
      db.transaction().execute(async (trx) => {
        expect(await completeJobIn(trx, job!.lease, t0 + 1)).toBe(true);
        await sql`insert into effects (job_id) values (${'fx'})`.execute(trx);
        await sql`insert into effects (job_id) values (${'fx'})`.execute(trx);
      }),
    ).rejects.toThrow();
    expect(await store.jobs.get('fx')).toMatchObject({ status: 'running' });
    await db.transaction().execute(async (trx) => {
      expect(await completeJobIn(trx, job!.lease, t0 + 2)).toBe(true);
      await sql`insert into effects (job_id) values (${'fx'})`.execute(trx);
    });
    expect(await store.jobs.get('fx')).toMatchObject({ status: 'done' });
    const { rows } = await sql<{ job_id: string }>`select job_id from effects`.execute(db);
    expect(rows).toEqual([{ job_id: 'fx' }]);
  });

  it('has 4 workers in 2 processes run 1,000 due jobs, each exactly once', async () => {
    const now = Date.now();
    for (let i = 0; i < 1000; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, k) =>
          store.jobs.enqueue(
            { id: `job:${String(i + k).padStart(4, '0')}`, kind: 'k', runAt: now - 1000 },
            now,
          ),
        ),
      );
    }
    const options = JSON.stringify(database.options);
    const outputs = await Promise.all(
      ['p1', 'p2'].map((owner) => linesOf(spawnStoreChild(['jobs', options, owner, '2', '60000']))),
    );
    const ran = outputs
      .flat()
      .filter((l) => l.startsWith('RAN '))
      .map((l) => l.slice(4));
    expect(outputs.flat().filter((l) => l.startsWith('LOST '))).toEqual([]);
    expect(ran).toHaveLength(1000);
    expect(new Set(ran).size).toBe(1000);
    // Both processes took part (the claims interleave; neither drained the queue alone).
    expect(outputs.every((lines) => lines.length > 0)).toBe(true);
    const { rows } = await sql<{
      status: string;
      n: number;
    }>`select status, count(*) as n from jobs group by status`.execute(db);
    expect(rows.map((r) => ({ status: r.status, n: Number(r.n as number | string) }))).toEqual([
      { status: 'done', n: 1000 },
    ]);
  }, 120_000);

  it('has another process complete the job of a worker killed mid-job, after its lease', async () => {
    const now = Date.now();
    await store.jobs.enqueue({ id: 'orphan', kind: 'k', runAt: now - 1 }, now);
    const options = JSON.stringify(database.options);
    const hanging = spawnStoreChild(['hang', options, 'doomed', '1500']);
    const claimed = new Promise<void>((resolve) => {
      hanging.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        if (chunk.includes('CLAIMED orphan')) resolve();
      });
    });
    await claimed;
    hanging.kill('SIGKILL');
    await new Promise((resolve) => hanging.once('exit', resolve));
    const orphan = await store.jobs.get('orphan');
    expect(orphan).toMatchObject({ status: 'running', leaseOwner: 'doomed' });
    // The rescuer gives up after ~0.5 s idle: start it once the lease is over, so it cannot quit before.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, (orphan?.leaseExpiresAt ?? 0) - Date.now() + 10)),
    );
    const lines = await linesOf(spawnStoreChild(['jobs', options, 'rescuer', '1', '20000']));
    expect(lines).toEqual(['RAN orphan']);
    expect(await store.jobs.get('orphan')).toMatchObject({
      status: 'done',
      attempts: 2,
      leaseOwner: 'rescuer-0',
    });
  }, 60_000);
});
