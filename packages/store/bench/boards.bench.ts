// A leaderboard page on a server with 100,000 recorded answers from 5,000 members, on SQLite and PostgreSQL,
// beside a plain indexed SELECT of the same rows (the period's scores, no grouping), alternating in one run.
// Usage: pnpm bench:boards [answers=100000] [members=5000] [reps=300] [rounds=3]
//   PORTDECK_BENCH_POSTGRES_URL picks the server (default postgres://postgres@127.0.0.1:5432/postgres).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { periodKeysOf } from '@portdeck/core';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { BoardPeriod, Database, Store, StoreOptions } from '../src/index.ts';
import { migrateToLatest } from '../src/migrations/index.ts';
import { createStore, openBackend } from '../src/store.ts';

const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
const answers = Number(arg('answers') ?? 100_000);
const members = Number(arg('members') ?? 5_000);
const reps = Number(arg('reps') ?? 300);
const rounds = Number(arg('rounds') ?? 3);
const serverUrl = process.env.PORTDECK_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const zone = 'Europe/Berlin';
const now = Date.UTC(2026, 2, 20, 12);
const day = 86_400_000;

/** A deterministic generator (no Math.random: the same history every run). */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

async function seed(db: Kysely<Database>): Promise<void> {
  const random = lcg(42);
  const batch = 500;
  for (let start = 0; start < answers; start += batch) {
    const rows = [];
    for (let i = start; i < Math.min(answers, start + batch); i++) {
      // 90 days of history up to `now`, in two servers (the benchmark reads the first).
      const at = now - Math.floor(random() * 90 * day);
      const isCorrect = random() < 0.6;
      const board = i % 4 === 0 ? ('drills' as const) : ('daily' as const);
      const keys = periodKeysOf(at, zone);
      rows.push({
        guild_id: i % 10 === 0 ? 'g2' : 'g1',
        user_id: String(100_000_000_000_000_000n + BigInt(Math.floor(random() * members))),
        board,
        game_id: `game-${Math.floor(i / 50)}`,
        source_id: `source-${i}`,
        card_id: `card-${i % 300}`,
        chosen: isCorrect ? null : 'B',
        is_correct: isCorrect ? 1 : 0,
        points: isCorrect ? (board === 'daily' ? 10 : 1 + (i % 30)) : 0,
        answered_at: at,
        day_key: keys.day,
        week_key: keys.week,
        month_key: keys.month,
      });
    }
    await db.insertInto('scores').values(rows).execute();
  }
  // The running totals recordScoreIn keeps, built in bulk (the same sums) so seeding stays quick.
  for (const [period, key] of [
    ['day', 'day_key'],
    ['week', 'week_key'],
    ['month', 'month_key'],
    ['all', "''"],
  ] as const) {
    for (const board of ['board', "'all'"]) {
      await sql
        .raw(
          `insert into score_totals (guild_id, board, period, period_key, user_id, points, correct, answers)
           select guild_id, ${board}, '${period}', ${key}, user_id, sum(points),
                  sum(case when is_correct then 1 else 0 end), count(*)
           from scores group by ${['guild_id', board, key, 'user_id'].filter((c) => !c.startsWith("'")).join(', ')}`,
        )
        .execute(db);
    }
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

async function time(work: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

const fmt = (ms: number): string => ms.toFixed(2).padStart(7);

async function run(name: string, options: StoreOptions, cleanup: () => Promise<void>): Promise<void> {
  const { backend, cache } = openBackend(options);
  await migrateToLatest(backend.db, backend.dialect, backend.schema);
  const store: Store = createStore(backend, cache);
  try {
    const seeding = performance.now();
    await seed(backend.db);
    await sql`analyze`.execute(backend.db);
    console.log(
      `${name}: seeded ${answers} answers, ${members} members in ${Math.round(performance.now() - seeding)} ms`,
    );
    const keys = periodKeysOf(now, zone);
    const periods: [string, BoardPeriod][] = [
      ['week', { kind: 'week', key: keys.week }],
      ['month', { kind: 'month', key: keys.month }],
      ['all', { kind: 'all' }],
    ];
    const random = lcg(7);
    for (let round = 1; round <= rounds; round++) {
      for (const [label, period] of periods) {
        const plain = await time(async () => {
          let query = backend.db
            .selectFrom('scores')
            .select(['user_id', 'board', 'points', 'is_correct'])
            .where('guild_id', '=', 'g1');
          if (period.kind !== 'all') query = query.where(`${period.kind}_key`, '=', period.key);
          return query.execute();
        });
        const board = await time(() =>
          store.boards.leaderboard({
            guildId: 'g1',
            period,
            board: 'all',
            first: 10,
            userId: String(100_000_000_000_000_000n + BigInt(Math.floor(random() * members))),
          }),
        );
        console.log(
          `${name} round ${round} ${label.padEnd(5)} plain SELECT of the rows p50 ${fmt(percentile(plain, 50))} p99 ${fmt(percentile(plain, 99))} ms | leaderboard page + own rank p50 ${fmt(percentile(board, 50))} p99 ${fmt(percentile(board, 99))} ms`,
        );
      }
    }
  } finally {
    await store.close();
    await cleanup();
  }
}

console.log(
  `boards bench ${new Date().toISOString()} load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const dir = mkdtempSync(join(tmpdir(), 'portdeck-boards-bench-'));
await run('sqlite  ', { path: join(dir, 'bench.db') }, () => {
  rmSync(dir, { recursive: true, force: true });
  return Promise.resolve();
});
const schema = `portdeck_bench_${randomBytes(4).toString('hex')}`;
await run('postgres', { postgres: { connectionString: serverUrl, schema, poolSize: 4 } }, async () => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
});
console.log(
  `load average after ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
