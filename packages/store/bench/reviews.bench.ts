// Graded reviews through the store vs bare single-row inserts: same SQLite file, same pragmas, one run.
// Usage: pnpm bench [-- normal|full] [-- batch=N] [-- ms=N]; each phase is bounded by maxOps and ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../src/index.ts';
import type { RatingName, SessionView, SqliteSynchronous, Store } from '../src/index.ts';
import { createWriteBatcher, defaultMaxBatchSize } from '../src/write-batcher.ts';

const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
const phaseMs = Number(arg('ms') ?? 3_000);
const maxOps = 30_000;
const maxBatch = Number(arg('batch') ?? defaultMaxBatchSize);
const concurrencies = [16, 64];
const users = 64;
const deckSize = 100;
// Undefined: the store's default, which is what the targets are about.
const synchronous: SqliteSynchronous | undefined = process.argv.includes('full')
  ? 'full'
  : process.argv.includes('normal')
    ? 'normal'
    : undefined;

interface Figures {
  readonly count: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Process CPU (user + system) per operation, ms: less sensitive to a busy machine than latency. */
  readonly cpuPerOp: number;
}

/**
 * Runs `op` from `concurrency` workers, each awaiting its own operation before starting the next (a
 * closed loop, like users who wait for the bot's answer), until maxOps or phaseMs.
 */
async function measure(concurrency: number, op: (worker: number) => Promise<void>): Promise<Figures> {
  const latencies: number[] = [];
  const start = performance.now();
  const cpu = process.cpuUsage();
  let issued = 0;
  const worker = async (w: number): Promise<void> => {
    while (issued < maxOps && performance.now() - start < phaseMs) {
      issued += 1;
      const before = performance.now();
      await op(w);
      latencies.push(performance.now() - before);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const totalMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    count: sorted.length,
    perSecond: (sorted.length / totalMs) * 1000,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.at(-1) ?? 0,
    cpuPerOp: (used.user + used.system) / 1000 / Math.max(1, sorted.length),
  };
}

function show(label: string, f: Figures): string {
  return `${label.padEnd(34)} ${f.count.toString().padStart(6)}  ${f.perSecond.toFixed(0).padStart(7)}/s  p50 ${f.p50.toFixed(3).padStart(7)}  p99 ${f.p99.toFixed(3).padStart(7)}  max ${f.max.toFixed(1).padStart(6)}  cpu/op ${f.cpuPerOp.toFixed(3)}`;
}

function ratio(store: Figures, bare: Figures): string {
  return `store/bare: throughput ${(store.perSecond / bare.perSecond).toFixed(2)}x, p50 ${(store.p50 / bare.p50).toFixed(1)}x, p99 ${(store.p99 / bare.p99).toFixed(1)}x`;
}

function verdict(store: Figures, bare: Figures): string {
  const checks = [
    `>= 2000/s ${store.perSecond >= 2000 ? 'met' : 'MISSED'}`,
    `p99 < 5 ms ${store.p99 < 5 ? 'met' : 'MISSED'}`,
    `within 2x of bare ${store.perSecond * 2 >= bare.perSecond ? 'met' : 'MISSED'}`,
  ];
  return `targets: ${checks.join(', ')}`;
}

let advances = 0;
const ratings: readonly RatingName[] = ['good', 'good', 'easy', 'again', 'good', 'hard', 'good'];

/** One click for user `u`: grade the card on screen (or re-pick once nothing is left). */
function reviewer(store: Store, sessions: SessionView[]): (u: number) => Promise<void> {
  let now = t0;
  let i = 0;
  return async (u) => {
    const session = sessions[u]!;
    // A minute per click overall: learning steps and later reviews come due while the bench runs.
    now += 60_000;
    i += 1;
    if (session.currentCardId === null) advances += 1;
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
    sessions[u] = result.session;
  };
}

const dir = mkdtempSync(join(tmpdir(), 'portdeck-bench-'));
const path = join(dir, 'bench.sqlite');
const t0 = Date.UTC(2026, 2, 10, 12);
try {
  const store = await openStore({
    path,
    now: t0,
    maxWriteBatch: maxBatch,
    ...(synchronous === undefined ? {} : { synchronous }),
  });
  const conn = store.connection;
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
  // The same group commit the store uses, over the same connection, for the concurrent baseline.
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

  const lines: string[] = [];
  // (a) bare inserts, autocommit (one transaction each), one at a time.
  const bareSeq = await measure(1, () => {
    insertRow();
    return Promise.resolve();
  });
  lines.push(show('(a) bare inserts, sequential', bareSeq));
  const bareSeqBatcher = await measure(1, bareBatched);
  lines.push(show("(a') bare inserts via batcher, seq", bareSeqBatcher));
  // (b) graded reviews, one at a time, each awaited.
  let next = 0;
  const storeSeq = await measure(1, () => review(next++ % users));
  lines.push(show('(b) graded reviews, sequential', storeSeq));
  lines.push(`    ${ratio(storeSeq, bareSeq)}; ${verdict(storeSeq, bareSeq)}`);
  for (const c of concurrencies) {
    // (d) then (c): the same writers through the same batcher, bare and graded.
    commits = 0;
    batched = 0;
    const bare = await measure(c, bareBatched);
    lines.push(show(`(d) bare inserts, ${c} writers`, bare) + `  batch ${(batched / commits).toFixed(1)}`);
    const graded = await measure(c, review);
    lines.push(show(`(c) graded reviews, ${c} users`, graded));
    lines.push(`    ${ratio(graded, bare)}; ${verdict(graded, bare)}`);
  }
  const logged = conn.raw.prepare('select count(*) as n from review_log').get() as { n: number };
  const mode = conn.raw.pragma('synchronous', { simple: true }) === 2 ? 'FULL' : 'NORMAL';
  await store.close();

  // A fixed CPU-bound loop: on a quiet modern core it takes ~100 ms; read the figures against it.
  const spinStart = performance.now();
  let spin = 0;
  for (let i = 0; i < 100_000_000; i += 1) spin += i;
  console.log(
    `machine check: 1e8-add loop ${(performance.now() - spinStart).toFixed(0)} ms (${spin > 0 ? 'ok' : ''})`,
  );
  console.log(
    `SQLite WAL, synchronous=${mode}${synchronous === undefined ? ' (default)' : ''}, max batch ${maxBatch}, ${users} users, deck of ${deckSize}, ${phaseMs} ms per phase`,
  );
  console.log(`${''.padEnd(34)}    ops     per s   (latency ms)`);
  for (const line of lines) console.log(line);
  console.log(`review log rows written: ${logged.n}; re-picks (advanceSession, nothing on screen): ${advances}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
