import { Kysely, sql } from 'kysely';
import type pg from 'pg';
import type { Database } from '../schema.ts';
import { OwnSchemaPostgresDialect } from './postgres-dialect.ts';
import type { AnswerWrite, Backend, Tx, WriteHooks } from './types.ts';

/** Options for a PostgreSQL database. */
export interface PostgresOptions {
  /** `postgres://user:password@host:port/database` (pg's connection string; `?sslmode=...` and such pass through). */
  readonly connectionString: string;
  /** Schema holding portdeck's tables (default `public`); migrations create it when missing. */
  readonly schema?: string;
  /** Most pooled connections (default 10). */
  readonly poolSize?: number;
  /** How long to wait for a connection, in ms (default 5000): an unreachable server fails start-up, not hangs it. */
  readonly connectTimeoutMs?: number;
}

/**
 * The query code is shared with SQLite, so values arrive as SQLite gives them: epoch-ms columns and counts
 * (int8, numeric sums) as numbers (they fit a double), booleans as 0/1.
 */
function sqliteShapedTypes(driver: typeof pg): pg.TypeOverrides {
  const types = new driver.TypeOverrides();
  types.setTypeParser(driver.types.builtins.INT8, Number);
  types.setTypeParser(driver.types.builtins.NUMERIC, Number);
  types.setTypeParser(driver.types.builtins.BOOL, (value) => (value === 't' ? 1 : 0));
  return types;
}

/** A pool, made when the first query needs it: `pg` is loaded only by processes that use PostgreSQL. */
async function createPool(options: PostgresOptions, schema: string): Promise<pg.Pool> {
  const { default: driver } = await import('pg');
  const pool = new driver.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    options: `-c search_path=${schema}`,
    types: sqliteShapedTypes(driver),
  });
  // An idle client that loses its server emits 'error' on the pool; without a listener it would crash the process.
  pool.on('error', () => undefined);
  // A checked-out client has no pool listener: when its server goes away mid-query it would crash the process
  // too. The query in flight still fails (pg rejects it), and the pool drops the dead client on release.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

/** Serialisation failures and deadlocks: the transaction did nothing and can run again. */
const retryableCodes = new Set(['40001', '40P01']);
const maxAttempts = 5;

function isRetryable(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    retryableCodes.has(String((error as { code?: unknown }).code))
  );
}

/** A schema name safe to put in `search_path` (it is never user input from Discord, but it is configuration). */
export function isValidSchemaName(name: string): boolean {
  return /^[a-z_][a-z0-9_]{0,62}$/.test(name);
}

/**
 * Opens a pool on PostgreSQL. Each write is its own READ COMMITTED transaction on a pooled connection;
 * what must be serial (one user's answers, a job's claim) is serialised by row locks, so several bot
 * processes can share the database. Caches hold only what a user's version proves nobody else wrote.
 */
export function openPostgres(options: PostgresOptions, hooks: WriteHooks = {}): Backend {
  const schema = options.schema ?? 'public';
  if (!isValidSchemaName(schema)) throw new Error(`invalid PostgreSQL schema name: ${schema}`);
  // The schema itself is created by the Migrator (migrationTableSchema), which copes with two processes racing.
  const db = new Kysely<Database>({
    dialect: new OwnSchemaPostgresDialect({ pool: () => createPool(options, schema) }, schema),
  });
  return {
    dialect: 'postgres',
    db,
    schema,
    write: async (work) => {
      for (let attempt = 1; ; attempt += 1) {
        let current: Tx | undefined;
        try {
          return await db.transaction().execute((trx) => {
            current = trx;
            return work(trx);
          });
        } catch (error) {
          hooks.onRollback?.(current);
          if (attempt >= maxAttempts || !isRetryable(error)) throw error;
        }
      }
    },
    writeStatement: (work) => work(db),
    // The UPDATE takes the row lock until the transaction ends; the version tells caches whether anyone else wrote.
    lockUser: async (trx, userId) => {
      const row = await trx
        .updateTable('users')
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('user_id', '=', userId)
        .returning('version')
        .executeTakeFirst();
      return row?.version ?? null;
    },
    skipLocked: (query) => query.forUpdate().skipLocked(),
    externalChangeToken: () => null,
    recordAnswerIfCurrent: (answer) => recordAnswerIfCurrent(db, answer),
    close: () => db.destroy(),
  };
}

/**
 * One statement, so one round trip and one commit: the version bump takes the user's row lock and matches only
 * if nobody wrote since `expectedVersion`; the other writes happen only when it did (they select from it).
 */
async function recordAnswerIfCurrent(
  db: Kysely<Database>,
  { userId, expectedVersion, state, log, session }: AnswerWrite,
): Promise<{ version: number; reviewId: number } | null> {
  const { rows } = await sql<{ version: number | null; id: number | null }>`
    with v as (
      update users set version = version + 1
      where user_id = ${userId} and version = ${expectedVersion}
      returning version
    ), s as (
      insert into card_states (user_id, card_id, due, stability, difficulty, scheduled_days, learning_steps, reps,
        lapses, phase, last_review, last_rating, is_leech, is_suspended, updated_at)
      select ${state.user_id}, ${state.card_id}, ${state.due}::bigint, ${state.stability}::float8,
        ${state.difficulty}::float8, ${state.scheduled_days}::int, ${state.learning_steps}::int, ${state.reps}::int,
        ${state.lapses}::int, ${state.phase}, ${state.last_review}::bigint, ${state.last_rating},
        ${state.is_leech}::int::boolean, ${state.is_suspended}::int::boolean, ${state.updated_at}::bigint
      from v
      on conflict (user_id, card_id) do update set due = excluded.due, stability = excluded.stability,
        difficulty = excluded.difficulty, scheduled_days = excluded.scheduled_days,
        learning_steps = excluded.learning_steps, reps = excluded.reps, lapses = excluded.lapses,
        phase = excluded.phase, last_review = excluded.last_review, last_rating = excluded.last_rating,
        is_leech = excluded.is_leech, is_suspended = excluded.is_suspended, updated_at = excluded.updated_at
    ), l as (
      insert into review_log (user_id, card_id, session_id, session_step, mode, rating, phase_before, reviewed_at,
        due_after, state_before)
      select ${log.user_id}, ${log.card_id}, ${log.session_id}, ${log.session_step}::int, ${log.mode}, ${log.rating},
        ${log.phase_before}, ${log.reviewed_at}::bigint, ${log.due_after}::bigint, ${log.state_before}
      from v
      returning id
    ), u as (
      update sessions set step = ${session.step}::int, updated_at = ${session.updated_at}::bigint,
        current_card_id = ${session.current_card_id}
      where session_id = ${session.session_id} and exists (select 1 from v)
    )
    select (select version from v) as version, (select id from l) as id`.execute(db);
  const [row] = rows;
  return row?.version == null || row.id == null ? null : { version: row.version, reviewId: row.id };
}
