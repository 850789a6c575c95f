// Graded reviews through the store vs bare single-row inserts, same SQLite file and pragmas.
// Usage: pnpm bench [-- full] [-- inline-checkpoints]; bounded to maxReviews or maxMs per side.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../src/index.ts';
import type { RatingName, SessionView, SqliteSynchronous } from '../src/index.ts';

const maxReviews = 5_000;
const maxMs = 10_000;
const users = 50;
const deckSize = 100;
const synchronous: SqliteSynchronous = process.argv.includes('full') ? 'full' : 'normal';

interface Figures {
  readonly count: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly over5ms: number;
  /** Process CPU (user + system) per operation, ms: less sensitive to a busy machine than latency. */
  readonly cpuPerOp: number;
}

function figures(latencies: number[], totalMs: number, cpu: NodeJS.CpuUsage): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    count: sorted.length,
    perSecond: (sorted.length / totalMs) * 1000,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.at(-1) ?? 0,
    over5ms: sorted.filter((ms) => ms > 5).length,
    cpuPerOp: (cpu.user + cpu.system) / 1000 / Math.max(1, sorted.length),
  };
}

function show(label: string, f: Figures): string {
  return `${label.padEnd(28)} ${f.count.toString().padStart(6)} ops  ${f.perSecond.toFixed(0).padStart(7)}/s  p50 ${f.p50.toFixed(3)} ms  p99 ${f.p99.toFixed(3)} ms  max ${f.max.toFixed(1)} ms  >5ms: ${f.over5ms}  cpu ${f.cpuPerOp.toFixed(3)} ms/op`;
}

const dir = mkdtempSync(join(tmpdir(), 'portdeck-bench-'));
const path = join(dir, 'bench.sqlite');
const t0 = Date.UTC(2026, 2, 10, 12);
try {
  const checkpointIntervalMs = process.argv.includes('inline-checkpoints') ? 0 : undefined;
  const store = await openStore({
    path,
    synchronous,
    now: t0,
    ...(checkpointIntervalMs === undefined ? {} : { checkpointIntervalMs }),
  });
  const deck = Array.from({ length: deckSize }, (_, i) => `svc:${i}/tcp`);
  const sessions: SessionView[] = [];
  for (let u = 0; u < users; u += 1) {
    const userId = `${100_000_000_000_000_000n + BigInt(u)}`;
    await store.updateSettings(
      userId,
      { newPerDay: 10_000, reviewsPerDay: 10_000, timeZone: 'Europe/Berlin' },
      t0,
    );
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

  // (a) graded reviews, one transaction each, as a button click would run them.
  const ratings: readonly RatingName[] = ['good', 'good', 'easy', 'again', 'good', 'hard', 'good'];
  const reviewLatencies: number[] = [];
  let now = t0;
  const reviewStart = performance.now();
  const reviewCpu = process.cpuUsage();
  for (let i = 0; i < maxReviews && performance.now() - reviewStart < maxMs; i += 1) {
    const index = i % users;
    const session = sessions[index]!;
    now += 1_000;
    const before = performance.now();
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
    reviewLatencies.push(performance.now() - before);
    if (result.kind !== 'graded' && result.kind !== 'advanced') throw new Error(result.kind);
    sessions[index] = result.session;
  }
  const reviews = figures(reviewLatencies, performance.now() - reviewStart, process.cpuUsage(reviewCpu));
  const logged = store.connection.raw.prepare('select count(*) as n from review_log').get() as { n: number };

  // (b) baseline: bare single-row inserts, autocommit (one transaction each), same file and pragmas.
  const raw = store.connection.raw;
  raw.exec(
    'create table if not exists bench_baseline (id integer primary key, user_id text, card_id text, at integer)',
  );
  const insert = raw.prepare('insert into bench_baseline (user_id, card_id, at) values (?, ?, ?)');
  const insertLatencies: number[] = [];
  const insertStart = performance.now();
  const insertCpu = process.cpuUsage();
  for (let i = 0; i < reviews.count && performance.now() - insertStart < maxMs; i += 1) {
    const before = performance.now();
    insert.run('100000000000000000', `svc:${i % deckSize}/tcp`, t0 + i);
    insertLatencies.push(performance.now() - before);
  }
  const inserts = figures(insertLatencies, performance.now() - insertStart, process.cpuUsage(insertCpu));
  await store.close();

  // A fixed CPU-bound loop: on a quiet modern core it takes ~100 ms; read the figures above against it.
  const spinStart = performance.now();
  let spin = 0;
  for (let i = 0; i < 100_000_000; i += 1) spin += i;
  console.log(
    `machine check: 1e8-add loop ${(performance.now() - spinStart).toFixed(0)} ms (${spin > 0 ? 'ok' : ''})`,
  );
  console.log(
    `SQLite ${path}: WAL, synchronous=${synchronous.toUpperCase()}, ${users} users, deck of ${deckSize}`,
  );
  console.log(show('graded reviews (store)', reviews));
  console.log(show('bare inserts (baseline)', inserts));
  console.log(`review log rows written: ${logged.n}`);
  console.log(
    `ratio: store/baseline throughput ${(reviews.perSecond / inserts.perSecond).toFixed(2)}x, ` +
      `p50 ${(reviews.p50 / inserts.p50).toFixed(2)}x, p99 ${(reviews.p99 / inserts.p99).toFixed(2)}x`,
  );
  console.log(
    `target: >= 2000 reviews/s ${reviews.perSecond >= 2000 ? 'met' : 'MISSED'}, p99 < 5 ms ${reviews.p99 < 5 ? 'met' : 'MISSED'}, ` +
      `within 2x of bare inserts ${reviews.perSecond * 2 >= inserts.perSecond ? 'met' : 'MISSED'}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
