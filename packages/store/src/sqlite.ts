import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';

/** How hard SQLite syncs each commit to disk. */
export type SqliteSynchronous = 'full' | 'normal';

/** Options for the embedded SQLite database. */
export interface SqliteOptions {
  /** Database file; ':memory:' for a throw-away database. Parent directories are created. */
  readonly path: string;
  /** Defaults to 'full': see {@link openSqlite}. */
  readonly synchronous?: SqliteSynchronous;
  /** How long a writer waits for another process's lock, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
}

/** A Kysely handle plus the one SQLite-specific thing the query code needs: a write transaction. */
export interface SqlConnection {
  readonly db: Kysely<Database>;
  /** Runs `work` in a write transaction on one connection; commits, or rolls back if it throws. */
  readonly transact: <T>(work: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;
  /** The raw driver, for pragmas and the benchmark baseline. */
  readonly raw: BetterSqlite3.Database;
}

/**
 * Opens SQLite with WAL, foreign keys, a busy timeout and synchronous=FULL by default.
 *
 * Durability: a review the bot has confirmed must survive kill -9 right after. In WAL mode a commit is
 * written to the WAL file before COMMIT returns, so even synchronous=NORMAL survives a process kill (the
 * OS page cache keeps the write); only an OS crash or power loss can drop the last commits under NORMAL.
 * We default to FULL (fsync of the WAL on every commit) so a confirmed review also survives power loss:
 * the bench shows the fsync cost still fits the review budget. NORMAL stays available for hosts where
 * fsync is slow and losing the last second of reviews on power loss is acceptable.
 */
export function openSqlite(options: SqliteOptions): SqlConnection {
  if (options.path !== ':memory:' && !options.path.startsWith('file:')) {
    mkdirSync(dirname(options.path), { recursive: true });
  }
  const raw = new BetterSqlite3(options.path);
  try {
    // busy_timeout first: switching to WAL needs a lock another process may hold.
    raw.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    raw.pragma('journal_mode = WAL');
    raw.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    raw.pragma('foreign_keys = ON');
  } catch (error) {
    raw.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  const transact = <T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
    db.connection().execute(async (conn) => {
      // IMMEDIATE takes the write lock up front, so a read-then-write never fails with SQLITE_BUSY mid-way.
      await sql`begin immediate`.execute(conn);
      try {
        const result = await work(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        if (raw.inTransaction) await sql`rollback`.execute(conn);
        throw error;
      }
    });
  return { db, transact, raw };
}
