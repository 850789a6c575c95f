import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { CardStatesTable, Database, ReviewLogTable, SessionsTable } from '../schema.ts';

/** What one graded answer writes (see {@link Backend.recordAnswerIfCurrent}). */
export interface AnswerWrite {
  readonly userId: string;
  readonly expectedVersion: number;
  readonly state: CardStatesTable;
  readonly log: Omit<ReviewLogTable, 'id'>;
  readonly session: Pick<SessionsTable, 'session_id' | 'step' | 'updated_at' | 'current_card_id'>;
}

/** A Kysely handle on the store's tables (the database or a transaction). */
export type Tx = Kysely<Database>;

/** Which database a backend talks to. */
export type DialectName = 'sqlite' | 'postgres';

/** Called by a backend around write transactions, so caches can tell when they are still valid. */
export interface WriteHooks {
  /** Right after a write transaction began, before its first write. */
  readonly onBegin?: () => void;
  /** After any rollback, before the next write runs; with the rolled-back transaction when the backend knows it. */
  readonly onRollback?: (trx?: Tx) => void;
}

/**
 * What differs per database, and nothing else: everything outside `backend/` is shared Kysely code.
 * SQLite runs one writer at a time (group commit under `BEGIN IMMEDIATE`); PostgreSQL runs each write in its
 * own transaction on a pooled connection and serialises what must be serial with row locks.
 */
export interface Backend {
  readonly dialect: DialectName;
  readonly db: Tx;
  /** PostgreSQL: the schema holding the tables (and Kysely's migration tables). */
  readonly schema?: string;
  /** Runs `work` in a write transaction; settles after the COMMIT holding it (or with its own error). */
  write<T>(work: (trx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs a write that is one statement, atomic by itself: PostgreSQL sends it alone (one round trip instead of
   * BEGIN, statement, COMMIT); SQLite batches it like any write.
   */
  writeStatement<T>(work: (db: Tx) => Promise<T>): Promise<T>;
  /**
   * Inside a write: waits until no other transaction holds this user's row, so a user's writes from several
   * processes apply one after another, and returns the user's new version (bumped by every such write), or
   * null when there is no user row or nothing to tell (SQLite: its single writer already serialises, and its
   * change token tells when another process wrote).
   */
  lockUser(trx: Tx, userId: string): Promise<number | null>;
  /** Makes a claim's row selection skip rows other transactions hold (SQLite: nobody else can hold them). */
  skipLocked<O>(query: SelectQueryBuilder<Database, 'jobs', O>): SelectQueryBuilder<Database, 'jobs', O>;
  /**
   * A token that changes whenever ANOTHER connection commits, read inside a write transaction; null when the
   * backend cannot tell (several processes on PostgreSQL), which turns the store's caches off.
   */
  externalChangeToken(): number | null;
  /**
   * PostgreSQL only (SQLite's group commit makes the three writes cheap): records a graded answer in ONE
   * statement (card state, review log, session step and the user's version), only if the user's version is
   * still `expectedVersion`; returns the new version and the review id, or null when another process wrote
   * first (nothing was written).
   */
  readonly recordAnswerIfCurrent?: (
    answer: AnswerWrite,
  ) => Promise<{ version: number; reviewId: number } | null>;
  /** Waits for queued writes, then closes every connection. */
  close(): Promise<void>;
}
