import { sql } from 'kysely';
import type { CardState, CramFilter, ForecastDay, RatingName, Result, SrsOptions } from '@portdeck/core';
import { openPostgres } from './backend/postgres.ts';
import type { PostgresOptions } from './backend/postgres.ts';
import { openSqlite } from './backend/sqlite.ts';
import type { SqliteOptions } from './backend/sqlite.ts';
import type { Backend, DialectName } from './backend/types.ts';
import { createBoardsStore } from './boards.ts';
import type { BoardsStore } from './boards.ts';
import { StoreCache } from './caches.ts';
import { setSuspended, statesFor } from './card-states.ts';
import type { StoreContext } from './context.ts';
import { gradeCard, gradeOptimistically, undoLastReview } from './grading.ts';
import { createDailyStore } from './daily.ts';
import type { DailyStore } from './daily.ts';
import { createDrillStore } from './drills.ts';
import type { DrillStore } from './drills.ts';
import { createJobQueue } from './jobs.ts';
import type { JobQueue } from './jobs.ts';
import type { DatabaseLocation } from './location.ts';
import { appliedMigrations, migrateToLatest } from './migrations/index.ts';
import { forecast, progress } from './progress.ts';
import { reviewsOf } from './review-log.ts';
import { hotQueries } from './queries.ts';
import type { UserSettings } from './rows.ts';
import { advanceSession, endSession, getSession, startSession } from './sessions.ts';
import { readSettings, updateSettings } from './settings.ts';
import { UserQueue } from './user-queue.ts';
import type {
  AdvanceResult,
  GradeResult,
  Progress,
  RecordedReview,
  SessionMode,
  SessionView,
  SettingsError,
  StartSessionError,
  UndoResult,
} from './types.ts';

/** Where the store lives and how it behaves. */
export type StoreOptions = {
  /** Scheduler settings (retention, steps, leech threshold and action). */
  readonly srs?: SrsOptions;
} & (SqliteOptions | { readonly postgres: PostgresOptions });

/**
 * Everything the apps persist: study settings, card states and the review log, flashcard sessions, durable
 * jobs. Every method is one short transaction or one read; results say what happened instead of throwing
 * for expected outcomes (a stale click, a duplicate).
 */
export interface Store {
  readonly dialect: DialectName;
  /** Durable jobs with leases (the scheduler's work). */
  readonly jobs: JobQueue;
  /** Daily quizzes: schedules, posted questions, answers. */
  readonly daily: DailyStore;
  /** Study-group drills: players, rounds, answers. */
  readonly drills: DrillStore;
  /** Leaderboards, statistics, hiding from boards, dashboard tokens. */
  readonly boards: BoardsStore;
  /** A user's settings, or the defaults for an unknown user. */
  getSettings(userId: string): Promise<UserSettings>;
  /** Validates and stores a partial settings change; creates the user when needed. */
  updateSettings(
    userId: string,
    patch: Partial<UserSettings>,
    now: number,
  ): Promise<Result<UserSettings, SettingsError>>;
  /** The user's states for these cards (missing ones are new). */
  getCardStates(userId: string, cardIds: readonly string[]): Promise<Map<string, CardState>>;
  /** Suspends or resumes a card the user has seen; false when the card has no state. */
  setSuspended(userId: string, cardId: string, isSuspended: boolean, now: number): Promise<boolean>;
  /**
   * Starts a session over a deck's card ids. Normal mode follows the schedule; cram mode takes the whole
   * deck or only missed cards (shuffled with `random`, default Math.random) and never changes a schedule.
   */
  startSession(input: {
    readonly userId: string;
    readonly deckId: string;
    readonly cardIds: readonly string[];
    readonly mode: SessionMode;
    readonly now: number;
    readonly cramFilter?: CramFilter;
    readonly random?: () => number;
    readonly sessionId?: string;
  }): Promise<Result<SessionView, StartSessionError>>;
  /** The session as stored, with counts recomputed at `now`; undefined when unknown. */
  getSession(sessionId: string, now: number): Promise<SessionView | undefined>;
  /** Re-picks the current card at `now` or skips it; refused (`stale`) unless `expectedStep` is current. */
  advanceSession(input: {
    readonly sessionId: string;
    readonly userId: string;
    readonly expectedStep: number;
    readonly now: number;
  }): Promise<AdvanceResult>;
  /** Ends a session: its buttons stop working. False when unknown or not the user's. */
  endSession(input: {
    readonly sessionId: string;
    readonly userId: string;
    readonly now: number;
  }): Promise<boolean>;
  /** Records one answer once: a repeated click is `duplicate`, an old one `stale`. */
  gradeCard(input: {
    readonly userId: string;
    readonly sessionId: string;
    readonly cardId: string;
    readonly expectedStep: number;
    readonly rating: RatingName;
    readonly now: number;
  }): Promise<GradeResult>;
  /** Undoes the user's latest answer (in `sessionId` when given); with `expectedStep`, exactly one. */
  undoLastReview(input: {
    readonly userId: string;
    readonly sessionId?: string;
    readonly expectedStep?: number;
    readonly now: number;
  }): Promise<UndoResult>;
  /**
   * The user's recorded answers, newest first (at most `limit`, default 100). `becameLeech` is reported
   * only at grading time and reads false here.
   */
  reviews(userId: string, limit?: number): Promise<RecordedReview[]>;
  /** Queue counts, today's work, streak and retention for a deck at `now`. */
  progress(userId: string, cardIds: readonly string[], now: number): Promise<Progress>;
  /** Cards due per study day for the next `days` days (today first, overdue included). */
  forecast(userId: string, cardIds: readonly string[], now: number, days: number): Promise<ForecastDay[]>;
  /** Names of the applied migrations, oldest first. */
  migrations(): Promise<string[]>;
  /** Resolves when the database answers `select 1` (health checks; the caller bounds the wait). */
  ping(): Promise<void>;
  /** Waits for queued writes, then closes the database; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** Store options for a location read from `PORTDECK_DATABASE_URL` (see `parseDatabaseUrl`). */
export function storeOptionsFor(
  location: DatabaseLocation,
  extra: { readonly srs?: SrsOptions } = {},
): StoreOptions {
  return location.kind === 'sqlite'
    ? { ...extra, path: location.path }
    : { ...extra, postgres: { connectionString: location.connectionString, schema: location.schema } };
}

/** Opens the backend the options name, and the cache its writes keep honest. */
export function openBackend(options: StoreOptions): { backend: Backend; cache: StoreCache } {
  if ('postgres' in options) {
    const cache = new StoreCache('version');
    return {
      backend: openPostgres(options.postgres, {
        onRollback: (trx) => {
          cache.onRollback(trx);
        },
      }),
      cache,
    };
  }
  const cache = new StoreCache('token');
  const backend: Backend = openSqlite(options, {
    onBegin: () => {
      cache.onBegin(backend.externalChangeToken());
    },
    // A rolled-back write may have updated the cache: start over rather than track what it touched.
    onRollback: () => {
      cache.clear();
    },
  });
  return { backend, cache };
}

/** The store over an open, migrated backend. */
export function createStore(backend: Backend, cache: StoreCache, srs: SrsOptions = {}): Store {
  const ctx: StoreContext = { backend, q: hotQueries(backend.db), cache, srs };
  // One user's writes run one after another in this process (other processes: the database keeps them apart).
  const users = new UserQueue();
  return {
    dialect: backend.dialect,
    jobs: createJobQueue(backend),
    daily: createDailyStore(backend),
    drills: createDrillStore(backend),
    boards: createBoardsStore(backend),
    getSettings: (userId) => backend.write((trx) => readSettings(ctx, trx, userId)),
    updateSettings: (userId, patch, now) => users.run(userId, () => updateSettings(ctx, userId, patch, now)),
    getCardStates: (userId, cardIds) => statesFor(backend.db, userId, cardIds),
    setSuspended: (userId, cardId, isSuspended, now) =>
      users.run(userId, () => setSuspended(ctx, userId, cardId, isSuspended, now)),
    startSession: (input) => users.run(input.userId, () => startSession(ctx, input)),
    getSession: (sessionId, now) => getSession(ctx, sessionId, now),
    advanceSession: (input) => users.run(input.userId, () => advanceSession(ctx, input)),
    endSession: (input) => users.run(input.userId, () => endSession(ctx, input)),
    gradeCard: (input) =>
      users.run(input.userId, async () => (await gradeOptimistically(ctx, input)) ?? gradeCard(ctx, input)),
    undoLastReview: (input) => users.run(input.userId, () => undoLastReview(ctx, input)),
    reviews: (userId, limit = 100) => reviewsOf(backend.db, userId, limit),
    progress: (userId, cardIds, now) => progress(ctx, userId, cardIds, now),
    forecast: (userId, cardIds, now, days) => forecast(ctx, userId, cardIds, now, days),
    migrations: () => appliedMigrations(backend.db, backend.schema),
    ping: async () => {
      await sql`select 1`.execute(backend.db);
    },
    close: () => backend.close(),
  };
}

/** Opens (creating if needed) the store and applies pending migrations. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const { backend, cache } = openBackend(options);
  try {
    await migrateToLatest(backend.db, backend.dialect, backend.schema);
  } catch (error) {
    await backend.close();
    throw error;
  }
  return createStore(backend, cache, options.srs);
}
