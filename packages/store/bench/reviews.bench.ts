// Graded reviews through the store vs bare single-row inserts: same SQLite file, same connection, same
// synchronous mode (equal durability), one run. Phases alternate bare / store.
// Usage: pnpm bench [normal|full] [batch=N] [ms=N] [open-ms=N] [rates=2000,5000,10000] [users=N]
//   sequential and closed-loop phases stop at maxOps or ms; open-loop phases offer `rate` clicks/s for open-ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RatingName, SessionView, SqliteSynchronous, Store } from '../src/index.ts';
import type { SqliteBackend } from '../src/backend/sqlite.ts';
import { runClosedLoop, runOpenLoop, show } from './measure.ts';
import type { Figures } from './measure.ts';
import { createWriteBatcher, defaultMaxBatchSize } from '../src/backend/write-batcher.ts';
import { migrateToLatest } from '../src/migrations/index.ts';
import { createStore, openBackend } from '../src/store.ts';

const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
const phaseMs = Number(arg('ms') ?? 3_000);
const openMs = Number(arg('open-ms') ?? 5_000);
const rates = (arg('rates') ?? '2000,5000,10000').split(',').map(Number);
const maxOps = 30_000;
const maxBatch = Number(arg('batch') ?? defaultMaxBatchSize);
const concurrencies = [16, 64];
const users = Number(arg('users') ?? 1_000);
const deckSize = 100;
// Background checkpoint period (store default 250 ms; 0 leaves checkpoints to SQLite's commit path).
const checkpointMs = arg('checkpoint');
// For profiling one kind of phase: only=sequential|closed|open.
const only = arg('only');
// Undefined: the store's default, which is what the targets are about.
const synchronous: SqliteSynchronous | undefined = process.argv.includes('full')
  ? 'full'
  : process.argv.includes('normal')
    ? 'normal'
    : undefined;

/** Closed loop with this run's phase length and operation cap. */
const closedLoop = (concurrency: number, op: (worker: number) => Promise<void>): Promise<Figures> =>
  runClosedLoop({ concurrency, ms: phaseMs, maxOps }, op);

/** Open loop with this run's phase length and users. */
const openLoop = (rate: number, op: (user: number) => Promise<void>): Promise<Figures> =>
  runOpenLoop({ rate, ms: openMs, users }, op);

const ms = (value: number): string => `${value.toFixed(2)} ms`;
const times = (value: number): string => `${value.toFixed(2)}x`;
const metOrMissed = (isMet: boolean): string => (isMet ? 'met' : 'MISSED');

let graded = 0;
let repicks = 0;
const ratings: readonly RatingName[] = ['good', 'good', 'easy', 'again', 'good', 'hard', 'good'];
const t0 = Date.UTC(2026, 2, 10, 12);

// Simulated time runs 60x the bench's: a learning step of one minute comes due a second later.
const benchStart = performance.now();
const simulatedNow = (): number => t0 + Math.floor((performance.now() - benchStart) * 60);

/**
 * One click for user `u` at the shared simulated time (as in production, every user lives in the same
 * study day): grade the card on screen; when nothing is on screen, re-pick (advanceSession), counted apart.
 */
function reviewer(store: Store, sessions: SessionView[]): (u: number) => Promise<void> {
  const clocks = sessions.map(() => t0);
  let i = 0;
  return async (u) => {
    const session = sessions[u]!;
    i += 1;
    const isRepick = session.currentCardId === null;
    // Each user's clicks are strictly later than the previous one.
    const now = Math.max((clocks[u] ?? t0) + 1, simulatedNow());
    clocks[u] = now;
    const result =
      session.currentCardId === null
        ? await store.advanceSession({
            sessionId: session.sessionId,
            userId: session.userId,
            expectedStep: session.step,
            now,
          })
        : await store.gradeCard({
            userId: session.userId,
            sessionId: session.sessionId,
            cardId: session.currentCardId,
            expectedStep: session.step,
            rating: ratings[i % ratings.length]!,
            now,
          });
    if (result.kind !== 'graded' && result.kind !== 'advanced') throw new Error(result.kind);
    if (isRepick) repicks += 1;
    else graded += 1;
    sessions[u] = result.session;
  };
}

/** Worker w of c clicks for users w, w + c, w + 2c, ... in turn: disjoint, so no user has two clicks in flight. */
function rotating(c: number, click: (u: number) => Promise<void>): (w: number) => Promise<void> {
  const turns = Array.from({ length: c }, () => 0);
  return (w) => {
    const mine = Math.ceil((users - w) / c);
    const turn = turns[w] ?? 0;
    turns[w] = turn + 1;
    return click(w + c * (turn % mine));
  };
}

const dir = mkdtempSync(join(tmpdir(), 'portdeck-bench-'));
const path = join(dir, 'bench.sqlite');
const loadBefore = loadavg();
try {
  // The store as openStore builds it, keeping the SQLite connection for the baseline's inserts.
  const opened = openBackend({
    path,
    maxWriteBatch: maxBatch,
    ...(checkpointMs === undefined ? {} : { checkpointIntervalMs: Number(checkpointMs) }),
    ...(synchronous === undefined ? {} : { synchronous }),
  });
  const backend = opened.backend as SqliteBackend;
  const { cache } = opened;
  await migrateToLatest(backend.db, backend.dialect);
  const store = createStore(backend, cache);
  const conn = backend.connection;
  const mode = conn.raw.pragma('synchronous', { simple: true }) === 2 ? 'FULL' : 'NORMAL';
  const deck = Array.from({ length: deckSize }, (_, i) => `svc:${i}/tcp`);
  const sessions: SessionView[] = [];
  for (let u = 0; u < users; u += 1) {
    const userId = `${100_000_000_000_000_000n + BigInt(u)}`;
    const limits = { newPerDay: 100_000, reviewsPerDay: 100_000, timeZone: 'Europe/Berlin' };
    await store.updateSettings(userId, limits, t0);
    const started = await store.startSession({
      userId,
      deckId: 'bench',
      cardIds: deck,
      mode: 'normal',
      now: t0,
    });
    if (!started.ok) throw new Error(started.error.kind);
    sessions.push(started.value);
  }
  const review = reviewer(store, sessions);

  conn.raw.exec(
    'create table if not exists bench_baseline (id integer primary key, user_id text, card_id text, at integer)',
  );
  const insert = conn.raw.prepare('insert into bench_baseline (user_id, card_id, at) values (?, ?, ?)');
  let row = 0;
  const insertRow = (): void => {
    row += 1;
    insert.run('100000000000000000', `svc:${row % deckSize}/tcp`, t0 + row);
  };
  // The same group commit the store uses, over the same connection: the baseline for concurrent writes.
  let commits = 0;
  let batched = 0;
  const bareBatcher = createWriteBatcher({
    hold: conn.hold,
    control: conn.control,
    maxBatchSize: maxBatch,
    onCommit: (size) => {
      commits += 1;
      batched += size;
    },
  });
  const bareBatched = (): Promise<void> =>
    bareBatcher.run(() => {
      insertRow();
      return Promise.resolve();
    });
  const batchInfo = (): string => `  batch ${(batched / Math.max(1, commits)).toFixed(1)}`;
  const resetBatchInfo = (): void => {
    commits = 0;
    batched = 0;
  };

  const lines: string[] = [];
  const summary: string[] = [];
  if (only === undefined || only === 'sequential') {
    // (a) bare inserts, autocommit (one transaction and one sync each), one at a time.
    const bareSeq = await closedLoop(1, () => {
      insertRow();
      return Promise.resolve();
    });
    lines.push(show('(a) bare inserts, autocommit, sequential', bareSeq));
    const bareSeqBatcher = await closedLoop(1, bareBatched);
    lines.push(show("(a') bare inserts via batcher, sequential", bareSeqBatcher));
    // (b) graded reviews, one at a time, each awaited.
    let next = 0;
    const storeSeq = await closedLoop(1, () => review(next++ % users));
    lines.push(show('(b) reviews, sequential', storeSeq));
    const seqRatio = bareSeq.perSecond / storeSeq.perSecond;
    lines.push(`    bare/store throughput ${times(seqRatio)}, p99 ${times(storeSeq.p99 / bareSeq.p99)}`);
    summary.push(
      `sequential (one click at a time), vs autocommit bare inserts: ${storeSeq.perSecond.toFixed(0)}/s ${metOrMissed(storeSeq.perSecond >= 2000)}, p99 ${ms(storeSeq.p99)} ${metOrMissed(storeSeq.p99 < 5)}, bare is ${times(seqRatio)} faster: within 2x ${metOrMissed(seqRatio <= 2)}`,
    );
  }
  // (c)/(d) closed loop: every worker clicks again as soon as it is answered; saturates the store.
  for (const c of only === undefined || only === 'closed' ? concurrencies : []) {
    resetBatchInfo();
    const bare = await closedLoop(c, bareBatched);
    lines.push(show(`(d) bare inserts, ${c} writers, closed loop`, bare, batchInfo()));
    const reviews = await closedLoop(c, rotating(c, review));
    lines.push(show(`(c) reviews, ${c} users, closed loop`, reviews));
    const r = bare.perSecond / reviews.perSecond;
    lines.push(
      `    bare/store throughput ${times(r)}; Little's law: ${c} in flight / ${reviews.perSecond.toFixed(0)}/s = ${ms((c / reviews.perSecond) * 1000)} mean wait`,
    );
    summary.push(
      `saturated, ${c} clients never thinking (informative: queueing), vs batched bare inserts: ${reviews.perSecond.toFixed(0)}/s, p99 ${ms(reviews.p99)}, bare is ${times(r)} faster: within 2x ${metOrMissed(r <= 2)}`,
    );
  }

  // (e)/(f) open loop: clicks offered at a fixed rate from `users` users; bare inserts at the same rate.
  for (const rate of only === undefined || only === 'open' ? rates : []) {
    resetBatchInfo();
    const bare = await openLoop(rate, bareBatched);
    lines.push(show(`(f) bare inserts, open loop ${rate}/s`, bare, batchInfo()));
    const gradedBefore = graded;
    const reviews = await openLoop(rate, review);
    const gradedShare = (graded - gradedBefore) / Math.max(1, reviews.count);
    lines.push(
      show(`(e) reviews, open loop ${rate}/s`, reviews, `  graded ${(gradedShare * 100).toFixed(0)}%`),
    );
    lines.push(
      `    store/bare at equal offered rate: achieved ${times(reviews.perSecond / bare.perSecond)}, p50 ${times(reviews.p50 / bare.p50)}, p99 ${times(reviews.p99 / bare.p99)} (${ms(reviews.p99)} vs ${ms(bare.p99)})`,
    );
    const isSustained = reviews.perSecond >= rate * 0.98;
    summary.push(
      `open loop ${rate}/s offered (${users} users): achieved ${reviews.perSecond.toFixed(0)}/s ${isSustained ? 'sustained' : 'NOT sustained'} (>= 2000/s ${metOrMissed(reviews.perSecond >= 2000)}), p99 ${ms(reviews.p99)} (< 5 ms ${metOrMissed(reviews.p99 < 5)}); vs bare at the same rate: throughput ${times(reviews.perSecond / bare.perSecond)} (within 2x ${metOrMissed(reviews.perSecond * 2 >= bare.perSecond)}${isSustained ? ', as both keep up' : ''}), p50 ${times(reviews.p50 / bare.p50)}, p99 ${times(reviews.p99 / bare.p99)} of ${ms(bare.p99)} (p99 within 2x ${metOrMissed(reviews.p99 <= 2 * bare.p99)})`,
    );
  }
  const logged = conn.raw.prepare('select count(*) as n from review_log').get() as { n: number };
  await store.close();

  // A fixed CPU-bound loop: on a quiet modern core it takes ~70-100 ms; read the figures against it.
  const spinStart = performance.now();
  let spin = 0;
  for (let i = 0; i < 100_000_000; i += 1) spin += i;
  const spinMs = performance.now() - spinStart;
  const load = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`${new Date().toISOString()}  node ${process.version}`);
  console.log(
    `load average before ${load(loadBefore)}, after ${load(loadavg())}; 1e8-add loop ${spinMs.toFixed(0)} ms${spin > 0 ? '' : '!'}`,
  );
  console.log(
    `SQLite WAL, synchronous=${mode}${synchronous === undefined ? ' (default)' : ''} for store and baseline alike, same file and connection; max batch ${maxBatch}; checkpoint every ${checkpointMs ?? 'default'} ms; ${users} users, deck of ${deckSize}; ${phaseMs} ms per closed phase (max ${maxOps} ops), ${openMs} ms per open phase`,
  );
  console.log(`${''.padEnd(40)}    ops  per s    (latency ms)`);
  for (const line of lines) console.log(line);
  console.log(
    `review log rows: ${logged.n}; clicks that graded: ${graded}, re-picks (nothing on screen): ${repicks}`,
  );
  console.log(`targets (>= 2000 reviews/s, p99 < 5 ms, within 2x of bare inserts), synchronous=${mode}:`);
  for (const line of summary) console.log(`  ${line}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
