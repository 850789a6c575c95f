import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema.ts';
import type { Backend, Tx, WriteHooks } from './types.ts';

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
function sqliteShapedTypes(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, Number);
  types.setTypeParser(pg.types.builtins.NUMERIC, Number);
  types.setTypeParser(pg.types.builtins.BOOL, (value) => (value === 't' ? 1 : 0));
  return types;
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
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    options: `-c search_path=${schema}`,
    types: sqliteShapedTypes(),
  });
  // An idle client that loses its server emits 'error' on the pool; without a listener it would crash the process.
  pool.on('error', () => undefined);
  // The schema itself is created by the Migrator (migrationTableSchema), which copes with two processes racing.
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
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
    close: () => db.destroy(),
  };
}
