import { join } from 'node:path';
import { openStore, type Store } from '@portdeck/store';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createScheduler, type JobHandler } from '../src/scheduler.ts';
import { tempDataDir } from './helpers.ts';

const t0 = Date.UTC(2026, 2, 10, 9);
const logger = pino({ level: 'silent' });

describe('scheduler', () => {
  let data: ReturnType<typeof tempDataDir>;
  let store: Store;
  let at: number;
  const now = (): number => at;

  beforeEach(async () => {
    data = tempDataDir();
    store = await openStore({ path: join(data.dir, 'portdeck.db') });
    at = t0;
  });
  afterEach(async () => {
    await store.close();
    data.remove();
  });

  it('runs each due job once, only of the kinds it handles, and only when due', async () => {
    const ran: string[] = [];
    const handler: JobHandler = (job) => {
      ran.push(job.id);
      return Promise.resolve({ kind: 'done' });
    };
    await store.jobs.enqueue({ id: 'a', kind: 'post', runAt: t0 }, t0);
    await store.jobs.enqueue({ id: 'later', kind: 'post', runAt: t0 + 60_000 }, t0);
    await store.jobs.enqueue({ id: 'other', kind: 'not-mine', runAt: t0 }, t0);
    const scheduler = createScheduler({ jobs: store.jobs, handlers: { post: handler }, now, logger });
    await scheduler.tick();
    await scheduler.tick();
    expect(ran).toEqual(['a']);
    at = t0 + 60_000;
    await scheduler.tick();
    expect(ran).toEqual(['a', 'later']);
    expect(await store.jobs.get('a')).toMatchObject({ status: 'done' });
    expect(await store.jobs.get('other')).toMatchObject({ status: 'pending' });
  });

  it('shares due jobs between two schedulers without running any twice', async () => {
    const ran: string[] = [];
    const handler: JobHandler = async (job) => {
      ran.push(job.id);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return { kind: 'done' };
    };
    for (let i = 0; i < 40; i += 1) await store.jobs.enqueue({ id: `j${i}`, kind: 'post', runAt: t0 }, t0);
    const a = createScheduler({ jobs: store.jobs, handlers: { post: handler }, now, logger, batch: 5 });
    const b = createScheduler({ jobs: store.jobs, handlers: { post: handler }, now, logger, batch: 5 });
    for (let round = 0; round < 5; round += 1) await Promise.all([a.tick(), b.tick()]);
    expect(ran.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `j${i}`).sort());
  });

  it('claims again at once after a full batch instead of waiting a poll interval (a backlog drains)', async () => {
    const ran: string[] = [];
    const handler: JobHandler = (job) => {
      ran.push(job.id);
      return Promise.resolve({ kind: 'done' });
    };
    for (let i = 0; i < 12; i += 1) await store.jobs.enqueue({ id: `b${i}`, kind: 'post', runAt: t0 }, t0);
    const scheduler = createScheduler({
      jobs: store.jobs,
      handlers: { post: handler },
      now,
      logger,
      batch: 5,
      pollMs: 60_000,
    });
    scheduler.start();
    for (let i = 0; i < 200 && ran.length < 12; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await scheduler.stop(1000);
    // 5 + 5 + 2 in three rounds, none of them a minute after the last.
    expect(ran).toHaveLength(12);
  });

  it('retries a job whose handler threw or asked to, recording why', async () => {
    let calls = 0;
    const handler: JobHandler = () => {
      calls += 1;
      if (calls === 1) throw new Error('Missing Permissions');
      return Promise.resolve({ kind: 'retry', error: 'channel busy', at: t0 + 5_000 });
    };
    await store.jobs.enqueue({ id: 'flaky', kind: 'post', runAt: t0 }, t0);
    const scheduler = createScheduler({ jobs: store.jobs, handlers: { post: handler }, now, logger });
    await scheduler.tick();
    expect(await store.jobs.get('flaky')).toMatchObject({
      status: 'pending',
      lastError: 'Missing Permissions',
    });
    at = t0 + 60_000;
    await scheduler.tick();
    expect(await store.jobs.get('flaky')).toMatchObject({
      status: 'pending',
      runAt: t0 + 5_000,
      lastError: 'channel busy',
    });
  });

  it('leaves a job a handler completed itself alone, and plans before claiming', async () => {
    const handler: JobHandler = async (job) => {
      await store.jobs.complete(job.lease, at);
      return { kind: 'completed' };
    };
    const scheduler = createScheduler({
      jobs: store.jobs,
      handlers: { post: handler },
      plan: async (when) => {
        await store.jobs.enqueue({ id: `planned:${when}`, kind: 'post', runAt: when }, when);
      },
      now,
      logger,
    });
    await scheduler.tick();
    expect(await store.jobs.get(`planned:${t0}`)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('stops claiming once stopped and lets a running handler finish', async () => {
    await store.jobs.enqueue({ id: 'slow', kind: 'post', runAt: t0 }, t0);
    let markStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    let release: () => void = () => undefined;
    const handler: JobHandler = async (_job, run) => {
      markStarted();
      await new Promise<void>((resolve) => (release = resolve));
      return run.signal.aborted ? { kind: 'retry', error: 'stopping' } : { kind: 'done' };
    };
    const scheduler = createScheduler({
      jobs: store.jobs,
      handlers: { post: handler },
      now,
      logger,
      pollMs: 5,
    });
    scheduler.start();
    await started;
    const stopped = scheduler.stop(5_000);
    release();
    await stopped;
    // The handler saw the stop and asked for a retry: handed back unrun, due at once, no attempt used up.
    expect(await store.jobs.get('slow')).toMatchObject({
      status: 'pending',
      attempts: 0,
      runAt: t0,
      leaseOwner: null,
      lastError: null,
    });
    await store.jobs.enqueue({ id: 'after-stop', kind: 'post', runAt: t0 }, t0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await store.jobs.get('after-stop')).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('releases a job whose handler outlives the grace, so another process claims it at once', async () => {
    await store.jobs.enqueue({ id: 'stuck', kind: 'post', runAt: t0 }, t0);
    let markStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    let finish: () => void = () => undefined;
    const handler: JobHandler = async () => {
      markStarted();
      await new Promise<void>((resolve) => (finish = resolve));
      return { kind: 'done' };
    };
    const released: string[] = [];
    const scheduler = createScheduler({
      jobs: store.jobs,
      handlers: { post: handler },
      now,
      logger,
      metrics: { jobClaimed: () => undefined, jobReleased: (kind) => released.push(kind) },
    });
    const ticking = scheduler.tick();
    await started;
    await scheduler.stop(10);
    expect(released).toEqual(['post']);
    expect(await store.jobs.get('stuck')).toMatchObject({ status: 'pending', attempts: 0, leaseOwner: null });
    const [again] = await store.jobs.claimDue({ owner: 'other', now: t0, leaseMs: 60_000, limit: 1 });
    expect(again?.id).toBe('stuck');
    // The first handler finishing late changes nothing: its lease was handed back.
    finish();
    await ticking;
    expect(await store.jobs.get('stuck')).toMatchObject({ status: 'running', leaseOwner: 'other' });
  });

  it('reports how late each claimed job was (edge: a job due in the past)', async () => {
    await store.jobs.enqueue({ id: 'late', kind: 'post', runAt: t0 - 30_000 }, t0 - 60_000);
    const claims: [string, number][] = [];
    const scheduler = createScheduler({
      jobs: store.jobs,
      handlers: { post: () => Promise.resolve({ kind: 'done' }) },
      now,
      logger,
      metrics: { jobClaimed: (kind, lag) => claims.push([kind, lag]), jobReleased: () => undefined },
    });
    await scheduler.tick();
    expect(claims).toEqual([['post', 30]]);
  });
});
