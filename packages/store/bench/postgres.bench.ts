// The store on the local PostgreSQL beside bare inserts through the same pool, at the same concurrency, in one
// run; then job claims by 4 workers on PostgreSQL and on SQLite. Phases alternate bare / store.
// Usage: pnpm bench:postgres [ms=N] [users=50] [rate=1500] [pool=10] [jobs=5000] [rounds=2]
//   closed loop: 50 users clicking the instant they are answered (latency = users / throughput, Little's law);
//   open loop: clicks offered at `rate`/s from the 50 users, latency from each click's scheduled time.
//   PORTDECK_BENCH_POSTGRES_URL picks the server (default postgres://postgres@127.0.0.1:5432/postgres).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import type { SessionView, Store, StoreOptions } from '../src/index.ts';
import { migrateToLatest } from '../src/migrations/index.ts';
import { createStore, openBackend } from '../src/store.ts';
import { runClosedLoop, runOpenLoop, show } from './measure.ts';
import type { Figures } from './measure.ts';

const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
const phaseMs = Number(arg('ms') ?? 4_000);
const users = Number(arg('users') ?? 50);
const poolSize = Number(arg('pool') ?? 10);
const jobCount = Number(arg('jobs') ?? 5_000);
const rounds = Number(arg('rounds') ?? 2);
const rate = Number(arg('rate') ?? 1500);
const serverUrl = process.env.PORTDECK_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const schema = `portdeck_bench_${randomBytes(4).toString('hex')}`;
// Enough new cards that no user runs out within a phase (a user clicks ~200 times in 4 s at 2,500 reviews/s); the queue is built over the deck on every click, so a larger deck costs CPU per review.
const deckSize = 300;
const t0 = Date.UTC(2026, 2, 10, 12);

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** A store and its backend's Kysely handle, as openStore builds them. */
async function open(
  options: StoreOptions,
): Promise<{ store: Store; db: ReturnType<typeof openBackend>['backend']['db'] }> {
  const { backend, cache } = openBackend(options);
  await migrateToLatest(backend.db, backend.dialect, backend.schema);
  return { store: createStore(backend, cache), db: backend.db };
}

/** `users` users, each with a normal session over the deck and limits that never stop them. */
async function sessionsFor(store: Store, prefix: string): Promise<SessionView[]> {
  const deck = Array.from({ length: deckSize }, (_, i) => `svc:${i}/tcp`);
  const sessions: SessionView[] = [];
  for (let u = 0; u < users; u += 1) {
    const userId = `${prefix}${u}`;
    await store.updateSettings(userId, { newPerDay: 100_000, reviewsPerDay: 100_000 }, t0);
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
  return sessions;
}

let clock = t0;
/** User u grades the card on screen (every click grades: 300 new cards and no limits outlast a phase). */
function grader(store: Store, sessions: SessionView[]): (u: number) => Promise<void> {
  return async (u) => {
    const session = sessions[u]!;
    clock += 1;
    const result = await store.gradeCard({
      userId: session.userId,
      sessionId: session.sessionId,
      cardId: session.currentCardId!,
      expectedStep: session.step,
      rating: 'easy',
      now: clock,
    });
    if (result.kind !== 'graded') throw new Error(`${result.kind} (deck exhausted? use a shorter ms=)`);
    sessions[u] = result.session;
  };
}

/**
 * 4 workers shaped like the bot's scheduler: each claims up to 8 due jobs, runs them at once and completes each
 * (one commit per job, as a job's effects are recorded one by one). Counts how often each job ran.
 */
async function claims(store: Store): Promise<{ perSecond: number; claimed: number; twice: number }> {
  const now = Date.now();
  for (let i = 0; i < jobCount; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, jobCount - i) }, (_, k) =>
        store.jobs.enqueue({ id: `bench:${now}:${i + k}`, kind: 'bench', runAt: now - 1 }, now),
      ),
    );
  }
  const runs = new Map<string, number>();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      for (;;) {
        const claimed = await store.jobs.claimDue({
          owner: `w${w}`,
          now: Date.now(),
          leaseMs: 60_000,
          limit: 8,
        });
        if (claimed.length === 0) return;
        await Promise.all(
          claimed.map(async (job) => {
            runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
            if (!(await store.jobs.complete(job.lease, Date.now()))) throw new Error(`lease lost: ${job.id}`);
          }),
        );
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return {
    perSecond: runs.size / seconds,
    claimed: runs.size,
    twice: [...runs.values()].filter((n) => n > 1).length,
  };
}

console.log(
  `store on PostgreSQL: ${new Date().toISOString()}, node ${process.version}, ${users} users, pool ${poolSize}, ${phaseMs} ms phases, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const { store, db } = await open({ postgres: { connectionString: serverUrl, schema, poolSize } });
const sqliteDir = mkdtempSync(join(tmpdir(), 'portdeck-bench-'));
try {
  await sql`create table bench_baseline (id bigint generated by default as identity primary key, user_id varchar(32) not null, card_id varchar(48) not null, at bigint not null)`.execute(
    db,
  );
  let row = 0;
  const bareInsert = async (): Promise<void> => {
    row += 1;
    await db
      .insertInto('bench_baseline' as never)
      .values({ user_id: 'u', card_id: `svc:${row % deckSize}/tcp`, at: t0 + row })
      .execute();
  };
  const bare: Figures[] = [];
  const reviews: Figures[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const limits = { concurrency: users, ms: phaseMs, maxOps: 1_000_000 };
    bare.push(await runClosedLoop(limits, bareInsert));
    console.log(show(`(a) bare inserts, ${users} clients`, bare.at(-1)!));
    // Fresh users each round, so every click grades a new card.
    const review = grader(store, await sessionsFor(store, `r${round}u`));
    reviews.push(await runClosedLoop(limits, review));
    console.log(show(`(b) graded reviews, ${users} users`, reviews.at(-1)!));
  }
  const openBare: Figures[] = [];
  const openReviews: Figures[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const limits = { rate, ms: phaseMs, users };
    openBare.push(await runOpenLoop(limits, bareInsert));
    console.log(show(`(c) bare inserts, open ${rate}/s`, openBare.at(-1)!));
    const review = grader(store, await sessionsFor(store, `o${round}u`));
    openReviews.push(await runOpenLoop(limits, review));
    console.log(show(`(d) graded reviews, open ${rate}/s`, openReviews.at(-1)!));
  }
  const best = (list: Figures[]): Figures => list.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const calmest = (list: Figures[]): Figures => list.reduce((a, b) => (b.p99 < a.p99 ? b : a));
  const r = best(reviews);
  const b = best(bare);
  const ratio = b.perSecond / r.perSecond;
  console.log(
    `targets, closed loop (best round): ${r.perSecond.toFixed(0)} reviews/s (>= 1,500: ${r.perSecond >= 1500 ? 'met' : 'MISSED'}), p99 ${r.p99.toFixed(2)} ms (< 20: ${r.p99 < 20 ? 'met' : 'MISSED'}); bare inserts ${b.perSecond.toFixed(0)}/s, ${ratio.toFixed(2)}x the reviews (within 3x: ${ratio <= 3 ? 'met' : 'MISSED'})`,
  );

  const o = calmest(openReviews);
  const ob = calmest(openBare);
  console.log(
    `targets, ${users} users offering ${rate}/s (calmest round): ${o.perSecond.toFixed(0)} reviews/s, p99 ${o.p99.toFixed(2)} ms (< 20: ${o.p99 < 20 ? 'met' : 'MISSED'}); bare inserts at the same rate p99 ${ob.p99.toFixed(2)} ms`,
  );
  const pgClaims = await claims(store);
  const sqlite = await open({ path: join(sqliteDir, 'jobs.sqlite') });
  const sqliteClaims = await claims(sqlite.store);
  await sqlite.store.close();
  for (const [name, c] of [
    ['PostgreSQL', pgClaims],
    ['SQLite', sqliteClaims],
  ] as const) {
    console.log(
      `(e) job claims, 4 workers, ${name}: ${c.claimed} jobs, ${c.perSecond.toFixed(0)} claimed+completed/s, claimed twice: ${c.twice} (>= 1,000/s: ${c.perSecond >= 1000 ? 'met' : 'MISSED'})`,
    );
  }
  console.log(
    `load after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await store.close();
  rmSync(sqliteDir, { recursive: true, force: true });
  await admin(`drop schema if exists ${schema} cascade`);
}
