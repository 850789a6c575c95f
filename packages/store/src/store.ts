import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { migrate, schemaVersion } from './migrations.ts';
import {
  defaultSettings,
  parseStateJson,
  settingsFromRow,
  stateFromRow,
  stateToRow,
  toPhase,
  toRating,
} from './rows.ts';
import type { UserSettings } from './rows.ts';
import type { Database, SessionsTable } from './schema.ts';
import { hotQueries } from './queries.ts';
import type { HotQueries } from './queries.ts';
import { openSqlite } from './sqlite.ts';
import type { SqlConnection, SqliteOptions } from './sqlite.ts';
import { createWriteBatcher } from './write-batcher.ts';
import type { WriteBatcher } from './write-batcher.ts';
import {
  buildQueue,
  err,
  forecastReviews,
  grade,
  ok,
  retention,
  selectCramCards,
  studyDayBounds,
  studyStreak,
  undoReview,
  validateStudyClock,
} from '@portdeck/core';
import type {
  CardPhase,
  CardState,
  CramFilter,
  ForecastDay,
  RatingName,
  Result,
  Retention,
  SrsOptions,
  Streak,
  StudyClock,
  StudyClockError,
  TodayProgress,
} from '@portdeck/core';

/** Options for {@link openStore}. */
export interface StoreOptions extends SqliteOptions {
  /** Scheduler settings (retention, steps, leech threshold and action). */
  readonly srs?: SrsOptions;
  /** Time stamped on applied migrations (default: the wall clock). */
  readonly now?: number;
  /** Most writes committed together (group commit; default 32). 1 gives every write its own commit. */
  readonly maxWriteBatch?: number;
}

/** Normal study follows the schedule; cram reviews without touching it. */
export type SessionMode = 'normal' | 'cram';

/** Cards available now, per pile, after daily limits. */
export interface QueueCounts {
  readonly learning: number;
  readonly due: number;
  readonly new: number;
}

/** A session as the bot renders it. */
export interface SessionView {
  readonly sessionId: string;
  readonly userId: string;
  readonly deckId: string;
  readonly mode: SessionMode;
  /** Increases on every grade, skip and undo; buttons carry it so stale clicks are refused. */
  readonly step: number;
  /** The card on screen, null when nothing is available now (or the session ended). */
  readonly currentCardId: string | null;
  /** Its state, undefined when the card is new. */
  readonly currentState: CardState | undefined;
  /** Normal mode: what is left today; null in cram mode. */
  readonly counts: QueueCounts | null;
  /** Normal mode with nothing available: when something will be (epoch ms). */
  readonly nextDueAt: number | null;
  /** Cram mode: cards left in the cram pile (including the current one). */
  readonly remaining: number;
  readonly isEnded: boolean;
}

/** A stored answer. */
export interface RecordedReview {
  readonly reviewId: number;
  readonly cardId: string;
  readonly rating: RatingName;
  readonly mode: SessionMode;
  readonly reviewedAt: number;
  readonly phaseBefore: CardPhase;
  /** When the card is due next (unchanged by cram). */
  readonly dueAfter: number;
  /** True when this answer made the card a leech. */
  readonly becameLeech: boolean;
}

/** What a grade click did. */
export type GradeResult =
  | { readonly kind: 'graded'; readonly review: RecordedReview; readonly session: SessionView }
  | { readonly kind: 'duplicate'; readonly review: RecordedReview; readonly session: SessionView }
  | { readonly kind: 'stale'; readonly session: SessionView }
  | { readonly kind: 'session-ended'; readonly session: SessionView }
  | { readonly kind: 'session-not-found' }
  | { readonly kind: 'not-session-owner' };

/** What a skip or refresh did. */
export type AdvanceResult =
  | { readonly kind: 'advanced'; readonly session: SessionView }
  | { readonly kind: 'stale'; readonly session: SessionView }
  | { readonly kind: 'session-ended'; readonly session: SessionView }
  | { readonly kind: 'session-not-found' }
  | { readonly kind: 'not-session-owner' };

/** What undo did. */
export type UndoResult =
  | { readonly kind: 'undone'; readonly review: RecordedReview; readonly session: SessionView | null }
  | { readonly kind: 'nothing-to-undo' }
  | { readonly kind: 'not-latest-review' }
  /** `expectedStep` was given and the session has moved on (e.g. a second click on the same Undo button). */
  | { readonly kind: 'stale'; readonly session: SessionView };

/** Why settings were refused. */
export type SettingsError =
  | StudyClockError
  | { readonly kind: 'invalid-limit'; readonly field: 'newPerDay' | 'reviewsPerDay'; readonly value: number };

/** Why a session could not start. */
export type StartSessionError = { readonly kind: 'invalid-card-id'; readonly cardId: string };

/** Today, the streak and retention for one deck. */
export interface Progress {
  readonly counts: QueueCounts;
  readonly nextDueAt: number | null;
  /** Normal-mode answers today, split the way limits count them, plus all answers (cram included). */
  readonly today: TodayProgress & { readonly total: number };
  readonly streak: Streak;
  /** Review-phase retention over the last 30 days. */
  readonly retention30d: Retention;
  readonly leeches: number;
  readonly suspended: number;
}

/** Longest card id the schema accepts. */
export const maxCardIdLength = 48;
const retentionWindowMs = 30 * 86_400_000;
const streakWindowMs = 120 * 86_400_000;

type Tx = Kysely<Database>;

/** What the answer path would otherwise re-read on every click, kept per user. */
interface UserCache {
  /** All the user's card states (a card missing here is new). */
  states: Map<string, CardState> | undefined;
  /** Today's counts for one clock and study day. */
  today: { clockKey: string; start: number; end: number; counts: DayCounts } | undefined;
  /** The user's settings row (defaults when there is none). */
  settings: UserSettings | undefined;
}

interface DayCounts {
  newIntroduced: number;
  reviewsDone: number;
  total: number;
}

const userCacheLimit = 2_000;
const sessionCacheLimit = 4_096;

function clockKeyOf(clock: StudyClock): string {
  return `${clock.timeZone}|${clock.dayStartHour}`;
}

function countReview(counts: DayCounts, mode: string, phaseBefore: string, delta: 1 | -1): void {
  counts.total += delta;
  if (mode !== 'normal') return;
  if (phaseBefore === 'new') counts.newIntroduced += delta;
  else if (phaseBefore === 'review') counts.reviewsDone += delta;
}
type SessionRow = SessionsTable;

function clockOf(settings: UserSettings): StudyClock {
  return { timeZone: settings.timeZone, dayStartHour: settings.dayStartHour };
}

function toMode(value: string): SessionMode {
  if (value === 'normal' || value === 'cram') return value;
  throw new Error(`corrupt session mode in database: ${value}`);
}

const parsedCardIds = new Map<string, { json: string; ids: readonly string[] }>();
const parsedCardIdsLimit = 4_096;

/** The session's card ids; each session's last parse is reused (its list rarely changes between clicks). */
function cardIdsOf(row: SessionRow): readonly string[] {
  const parsed = parsedCardIds.get(row.session_id);
  if (parsed?.json === row.card_ids) return parsed.ids;
  if (parsedCardIds.size >= parsedCardIdsLimit) parsedCardIds.clear();
  const ids = JSON.parse(row.card_ids) as string[];
  parsedCardIds.set(row.session_id, { json: row.card_ids, ids });
  return ids;
}

function isValidCardId(cardId: string): boolean {
  return cardId.length > 0 && cardId.length <= maxCardIdLength;
}

function isValidLimit(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 100_000;
}

/** SRS persistence over Kysely: every method is one short transaction or one read. */
export class Store {
  readonly #conn: SqlConnection;
  readonly #srs: SrsOptions;
  readonly #q: HotQueries;
  readonly #batcher: WriteBatcher<Tx>;
  // Valid while no other connection commits (checked at the start of every write transaction).
  readonly #cache = new Map<string, UserCache>();
  // Session rows as last written by this store (the answer path reads one per click); same validity.
  readonly #sessions = new Map<string, SessionRow>();
  #cacheToken: number | null = null;

  /** Use {@link openStore}. */
  constructor(conn: SqlConnection, srs: SrsOptions, maxWriteBatch?: number) {
    this.#conn = conn;
    this.#srs = srs;
    this.#q = hotQueries(conn.db);
    this.#batcher = createWriteBatcher<Tx>({
      hold: conn.hold,
      control: conn.control,
      ...(maxWriteBatch === undefined ? {} : { maxBatchSize: maxWriteBatch }),
      onBegin: () => {
        const token = conn.externalChangeToken();
        if (token === null || token !== this.#cacheToken) this.#clearCaches();
        this.#cacheToken = token;
      },
      // A rolled-back write may have updated the cache: start over rather than track what it touched.
      onRollback: () => {
        this.#clearCaches();
      },
    });
  }

  /** The SQLite connection underneath (for the benchmark baseline and diagnostics). */
  get connection(): SqlConnection {
    return this.#conn;
  }

  /**
   * Runs `work` in the next group commit (its own savepoint inside a shared write transaction); resolves
   * after that COMMIT. The batcher keeps the per-user cache honest: reset on foreign commits and rollbacks.
   */
  #write<T>(work: (trx: Tx) => Promise<T>): Promise<T> {
    return this.#batcher.run(work);
  }

  #clearCaches(): void {
    this.#cache.clear();
    this.#sessions.clear();
  }

  /** Keeps `row` as the session's current row; callers mutate it in place and then write it. */
  #keepSession(row: SessionRow): void {
    if (this.#cacheToken === null) return;
    if (this.#sessions.size >= sessionCacheLimit) this.#sessions.clear();
    this.#sessions.set(row.session_id, row);
  }

  #userCache(userId: string): UserCache | undefined {
    if (this.#cacheToken === null) return undefined;
    let entry = this.#cache.get(userId);
    if (entry === undefined) {
      if (this.#cache.size >= userCacheLimit) {
        const oldest = this.#cache.keys().next();
        if (oldest.done !== true) this.#cache.delete(oldest.value);
      }
      entry = { states: undefined, today: undefined, settings: undefined };
      this.#cache.set(userId, entry);
    }
    return entry;
  }

  /** Highest applied migration. */
  schemaVersion(): Promise<number> {
    return schemaVersion(this.#conn.db);
  }

  /** Closes the database; the store is unusable afterwards. */
  async close(): Promise<void> {
    await this.#batcher.drain();
    await this.#conn.close();
  }

  /** A user's settings, or the defaults for an unknown user. */
  async getSettings(userId: string): Promise<UserSettings> {
    return this.#write((trx) => this.#settings(trx, userId));
  }

  /** Validates and stores a partial settings change; creates the user when needed. */
  async updateSettings(
    userId: string,
    patch: Partial<UserSettings>,
    now: number,
  ): Promise<Result<UserSettings, SettingsError>> {
    return this.#write(async (trx) => {
      const merged = { ...(await this.#settings(trx, userId)), ...patch };
      const clock = validateStudyClock(clockOf(merged));
      if (!clock.ok) return clock;
      for (const field of ['newPerDay', 'reviewsPerDay'] as const) {
        if (!isValidLimit(merged[field])) return err({ kind: 'invalid-limit', field, value: merged[field] });
      }
      const settings: UserSettings = { ...merged, ...clock.value };
      const values = {
        time_zone: settings.timeZone,
        day_start_hour: settings.dayStartHour,
        new_per_day: settings.newPerDay,
        reviews_per_day: settings.reviewsPerDay,
        updated_at: now,
      };
      this.#cache.delete(userId);
      await trx
        .insertInto('users')
        .values({ user_id: userId, created_at: now, ...values })
        .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
        .execute();
      return ok(settings);
    });
  }

  /** The user's states for these cards (missing ones are new). */
  async getCardStates(userId: string, cardIds: readonly string[]): Promise<Map<string, CardState>> {
    return this.#states(this.#conn.db, userId, cardIds);
  }

  /** Suspends or resumes a card the user has seen; false when the card has no state. */
  async setSuspended(userId: string, cardId: string, isSuspended: boolean, now: number): Promise<boolean> {
    return this.#write(async (trx) => {
      const result = await trx
        .updateTable('card_states')
        .set({ is_suspended: isSuspended ? 1 : 0, updated_at: now })
        .where('user_id', '=', userId)
        .where('card_id', '=', cardId)
        .executeTakeFirst();
      const states = this.#userCache(userId)?.states;
      const cached = states?.get(cardId);
      if (cached !== undefined) states?.set(cardId, { ...cached, isSuspended });
      return result.numUpdatedRows > 0n;
    });
  }

  /**
   * Starts a session over a deck's card ids. Normal mode follows the schedule; cram mode takes the whole
   * deck or only missed cards (shuffled with `random`, default Math.random) and never changes a schedule.
   */
  async startSession(input: {
    readonly userId: string;
    readonly deckId: string;
    readonly cardIds: readonly string[];
    readonly mode: SessionMode;
    readonly now: number;
    readonly cramFilter?: CramFilter;
    readonly random?: () => number;
    readonly sessionId?: string;
  }): Promise<Result<SessionView, StartSessionError>> {
    const invalid = input.cardIds.find((cardId) => !isValidCardId(cardId));
    if (invalid !== undefined) return err({ kind: 'invalid-card-id', cardId: invalid });
    return this.#write(async (trx) => {
      const { userId, now } = input;
      await this.#ensureUser(trx, userId, now);
      const deck = [...new Set(input.cardIds)];
      const cardIds =
        input.mode === 'cram'
          ? selectCramCards({
              deckCardIds: deck,
              states: await this.#states(trx, userId, deck),
              filter: input.cramFilter ?? 'all',
              random: input.random ?? Math.random,
            })
          : deck;
      const row: SessionRow = {
        session_id: input.sessionId ?? randomUUID(),
        user_id: userId,
        deck_id: input.deckId,
        mode: input.mode,
        card_ids: JSON.stringify(cardIds),
        current_card_id: null,
        step: 0,
        created_at: now,
        updated_at: now,
        ended_at: null,
      };
      await trx.insertInto('sessions').values(row).execute();
      this.#keepSession(row);
      return ok(await this.#moveOn(trx, row, now, 0));
    });
  }

  /** The session as stored, with counts recomputed at `now`; undefined when unknown. */
  async getSession(sessionId: string, now: number): Promise<SessionView | undefined> {
    return this.#write(async (trx) => {
      const row = await this.#session(trx, sessionId);
      return row === undefined ? undefined : this.#view(trx, row, now);
    });
  }

  /**
   * Re-picks the current card at `now` (after a wait) or skips it (`skip`: cram sends it to the back;
   * normal mode simply recomputes). Refused unless `expectedStep` is the session's step.
   */
  async advanceSession(input: {
    readonly sessionId: string;
    readonly userId: string;
    readonly expectedStep: number;
    readonly now: number;
  }): Promise<AdvanceResult> {
    return this.#write(async (trx) => {
      const row = await this.#session(trx, input.sessionId);
      if (row === undefined) return { kind: 'session-not-found' };
      if (row.user_id !== input.userId) return { kind: 'not-session-owner' };
      if (row.ended_at !== null)
        return { kind: 'session-ended', session: await this.#view(trx, row, input.now) };
      if (row.step !== input.expectedStep)
        return { kind: 'stale', session: await this.#view(trx, row, input.now) };
      if (row.mode === 'cram' && row.current_card_id !== null) {
        const [head, ...rest] = cardIdsOf(row);
        row.card_ids = JSON.stringify(head === undefined ? rest : [...rest, head]);
      }
      return { kind: 'advanced', session: await this.#moveOn(trx, row, input.now, row.step + 1) };
    });
  }

  /** Ends a session: its buttons stop working. False when unknown or not the user's. */
  async endSession(input: {
    readonly sessionId: string;
    readonly userId: string;
    readonly now: number;
  }): Promise<boolean> {
    const result = await this.#write((trx) => {
      this.#sessions.delete(input.sessionId);
      return trx
        .updateTable('sessions')
        .set({ ended_at: input.now, updated_at: input.now, current_card_id: null })
        .where('session_id', '=', input.sessionId)
        .where('user_id', '=', input.userId)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
    });
    return result.numUpdatedRows > 0n;
  }

  /**
   * Records one answer, in one transaction: checks that the click is for the session's current step and
   * card (a repeated click gets `duplicate`, an old one `stale`), grades with the core scheduler (cram
   * leaves the schedule alone), writes state and log, and moves the session to its next card.
   */
  async gradeCard(input: {
    readonly userId: string;
    readonly sessionId: string;
    readonly cardId: string;
    readonly expectedStep: number;
    readonly rating: RatingName;
    readonly now: number;
  }): Promise<GradeResult> {
    return this.#write(async (trx) => {
      const { userId, cardId, now } = input;
      const row = await this.#session(trx, input.sessionId);
      if (row === undefined) return { kind: 'session-not-found' };
      if (row.user_id !== userId) return { kind: 'not-session-owner' };
      if (row.step !== input.expectedStep || row.current_card_id !== cardId) {
        const [earlier] = (
          await this.#q.logAtStep.run(trx, { sessionId: row.session_id, step: input.expectedStep })
        ).rows;
        const session = await this.#view(trx, row, now);
        if (earlier?.card_id === cardId) {
          return { kind: 'duplicate', review: this.#recorded(earlier, false), session };
        }
        return row.ended_at === null ? { kind: 'stale', session } : { kind: 'session-ended', session };
      }
      if (row.ended_at !== null) return { kind: 'session-ended', session: await this.#view(trx, row, now) };
      const mode = toMode(row.mode);
      // Normal mode needs all the user's states for the next card anyway: load them once, then read from them.
      if (mode === 'normal') await this.#userStates(trx, userId);
      const current = await this.#cardState(trx, userId, cardId);
      let phaseBefore: CardPhase = current?.phase ?? 'new';
      let dueAfter = current?.due ?? now;
      let becameLeech = false;
      let stateBefore: string | null = null;
      if (mode === 'normal') {
        const outcome = grade(current, input.rating, now, this.#srs);
        phaseBefore = outcome.log.phaseBefore;
        dueAfter = outcome.state.due;
        becameLeech = outcome.state.isLeech && current?.isLeech !== true;
        stateBefore = outcome.log.before === null ? null : JSON.stringify(outcome.log.before);
        await this.#q.upsertState.run(trx, stateToRow(userId, cardId, outcome.state, now));
        this.#userCache(userId)?.states?.set(cardId, outcome.state);
      } else {
        const [, ...rest] = cardIdsOf(row);
        // A missed cram card comes back at the end of the pile.
        row.card_ids = JSON.stringify(input.rating === 'again' ? [...rest, cardId] : rest);
      }
      const log = {
        user_id: userId,
        card_id: cardId,
        session_id: row.session_id,
        session_step: row.step,
        mode,
        rating: input.rating,
        phase_before: phaseBefore,
        reviewed_at: now,
        due_after: dueAfter,
        state_before: stateBefore,
      };
      const [inserted] = (await this.#q.insertLog.run(trx, log)).rows;
      if (inserted === undefined) throw new Error('review_log insert returned no id');
      this.#countInCache(userId, log, 1);
      const session = await this.#moveOn(trx, row, now, row.step + 1);
      return { kind: 'graded', review: this.#recorded({ ...log, id: inserted.id }, becameLeech), session };
    });
  }

  /**
   * Undoes the user's latest answer (in `sessionId` when given): restores the state before, deletes the
   * log row, and puts the card back on screen in its session (with a new step, so old buttons go stale).
   * With `sessionId` and `expectedStep`, refuses (`stale`) unless the session is still at that step, so a
   * repeated click undoes one answer, not two.
   */
  async undoLastReview(input: {
    readonly userId: string;
    readonly sessionId?: string;
    readonly expectedStep?: number;
    readonly now: number;
  }): Promise<UndoResult> {
    return this.#write(async (trx) => {
      const { userId, now } = input;
      if (input.sessionId !== undefined && input.expectedStep !== undefined) {
        const current = await this.#session(trx, input.sessionId);
        if (current !== undefined && current.user_id === userId && current.step !== input.expectedStep)
          return { kind: 'stale', session: await this.#view(trx, current, now) };
      }
      let query = trx.selectFrom('review_log').selectAll().where('user_id', '=', userId);
      if (input.sessionId !== undefined) query = query.where('session_id', '=', input.sessionId);
      const last = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
      if (last === undefined) return { kind: 'nothing-to-undo' };
      if (last.mode === 'normal') {
        const current = await this.#cardState(trx, userId, last.card_id);
        const restored = undoReview(current, {
          rating: toRating(last.rating),
          reviewedAt: last.reviewed_at,
          phaseBefore: toPhase(last.phase_before),
          before: parseStateJson(last.state_before),
          dueAfter: last.due_after,
        });
        if (!restored.ok) return { kind: 'not-latest-review' };
        const cachedStates = this.#userCache(userId)?.states;
        if (restored.value === undefined) cachedStates?.delete(last.card_id);
        else cachedStates?.set(last.card_id, restored.value);
        if (restored.value === undefined) {
          await trx
            .deleteFrom('card_states')
            .where('user_id', '=', userId)
            .where('card_id', '=', last.card_id)
            .execute();
        } else {
          const values = stateToRow(userId, last.card_id, restored.value, now);
          await trx
            .updateTable('card_states')
            .set(values)
            .where('user_id', '=', userId)
            .where('card_id', '=', last.card_id)
            .execute();
        }
      }
      await trx.deleteFrom('review_log').where('id', '=', last.id).execute();
      this.#countInCache(userId, last, -1);
      const review = this.#recorded(last, false);
      const row = last.session_id === null ? undefined : await this.#session(trx, last.session_id);
      if (row === undefined || row.ended_at !== null) return { kind: 'undone', review, session: null };
      if (row.mode === 'cram') {
        const pile = [...cardIdsOf(row)];
        // Take the card out of wherever "again" put it and show it first again.
        const at = pile.lastIndexOf(last.card_id);
        if (last.rating === 'again' && at >= 0) pile.splice(at, 1);
        row.card_ids = JSON.stringify([last.card_id, ...pile]);
      }
      row.current_card_id = last.card_id;
      const session = await this.#moveOn(trx, row, now, row.step + 1, last.card_id);
      return { kind: 'undone', review, session };
    });
  }

  /** Queue counts, today's work, streak and retention for a deck at `now`. */
  async progress(userId: string, cardIds: readonly string[], now: number): Promise<Progress> {
    return this.#write((db) => this.#progress(db, userId, cardIds, now));
  }

  async #progress(db: Tx, userId: string, cardIds: readonly string[], now: number): Promise<Progress> {
    const settings = await this.#settings(db, userId);
    const clock = clockOf(settings);
    const states = await this.#states(db, userId, cardIds);
    const today = await this.#today(db, userId, clock, now);
    const queue = buildQueue({ deckCardIds: cardIds, states, today, limits: settings, clock, now });
    const recent = await db
      .selectFrom('review_log')
      .select(['rating', 'reviewed_at', 'phase_before'])
      .where('user_id', '=', userId)
      .where('mode', '=', 'normal')
      .where('reviewed_at', '>=', now - retentionWindowMs)
      .where('reviewed_at', '<', now)
      .execute();
    const facts = recent.map((r) => ({
      rating: toRating(r.rating),
      reviewedAt: r.reviewed_at,
      phaseBefore: toPhase(r.phase_before),
    }));
    let leeches = 0;
    let suspended = 0;
    for (const state of states.values()) {
      if (state.isLeech) leeches += 1;
      if (state.isSuspended) suspended += 1;
    }
    return {
      counts: queue.counts,
      nextDueAt: queue.nextDueAt,
      today,
      streak: await this.#streak(db, userId, clock, now),
      retention30d: retention(facts, { from: now - retentionWindowMs, to: now }),
      leeches,
      suspended,
    };
  }

  /** Cards due per study day for the next `days` days (today first, overdue included). */
  async forecast(
    userId: string,
    cardIds: readonly string[],
    now: number,
    days: number,
  ): Promise<ForecastDay[]> {
    return this.#write(async (trx) => {
      const settings = await this.#settings(trx, userId);
      const states = await this.#userStates(trx, userId);
      return forecastReviews({ states, cardIds, now, clock: clockOf(settings), days });
    });
  }

  async #settings(db: Tx, userId: string): Promise<UserSettings> {
    const cache = this.#userCache(userId);
    if (cache?.settings !== undefined) return cache.settings;
    const [row] = (await this.#q.settings.run(db, { userId })).rows;
    const settings = row === undefined ? defaultSettings : settingsFromRow(row);
    if (cache !== undefined) cache.settings = settings;
    return settings;
  }

  /** One card's state: from the user's cached states when loaded, else one primary-key read. */
  async #cardState(db: Tx, userId: string, cardId: string): Promise<CardState | undefined> {
    const states = this.#userCache(userId)?.states;
    if (states !== undefined) return states.get(cardId);
    const [row] = (await this.#q.cardState.run(db, { userId, cardId })).rows;
    return row === undefined ? undefined : stateFromRow(row);
  }

  /** All the user's card states (the caller filters by deck), loaded once per cache lifetime. */
  async #userStates(db: Tx, userId: string): Promise<Map<string, CardState>> {
    const cache = this.#userCache(userId);
    if (cache?.states !== undefined) return cache.states;
    const states = new Map<string, CardState>();
    for (const row of (await this.#q.userStates.run(db, { userId })).rows) {
      states.set(row.card_id, stateFromRow(row));
    }
    if (cache !== undefined) cache.states = states;
    return states;
  }

  async #ensureUser(trx: Tx, userId: string, now: number): Promise<void> {
    await trx
      .insertInto('users')
      .values({
        user_id: userId,
        time_zone: defaultSettings.timeZone,
        day_start_hour: defaultSettings.dayStartHour,
        new_per_day: defaultSettings.newPerDay,
        reviews_per_day: defaultSettings.reviewsPerDay,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  }

  async #states(db: Tx, userId: string, cardIds: readonly string[]): Promise<Map<string, CardState>> {
    const states = new Map<string, CardState>();
    const unique = [...new Set(cardIds)];
    // Chunks keep every dialect under its bound-parameter limit.
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await db
        .selectFrom('card_states')
        .selectAll()
        .where('user_id', '=', userId)
        .where('card_id', 'in', unique.slice(i, i + 500))
        .execute();
      for (const row of rows) states.set(row.card_id, stateFromRow(row));
    }
    return states;
  }

  async #session(db: Tx, sessionId: string): Promise<SessionRow | undefined> {
    const cached = this.#sessions.get(sessionId);
    if (cached !== undefined) return cached;
    const [row] = (await this.#q.session.run(db, { sessionId })).rows;
    if (row !== undefined) this.#keepSession(row);
    return row;
  }

  async #today(
    db: Tx,
    userId: string,
    clock: StudyClock,
    now: number,
  ): Promise<TodayProgress & { total: number }> {
    const cache = this.#userCache(userId);
    const clockKey = clockKeyOf(clock);
    const cached = cache?.today;
    // Inside the cached study day the bounds are known: skip the time-zone arithmetic.
    if (cached?.clockKey === clockKey && cached.start <= now && now < cached.end) return { ...cached.counts };
    const { start, end } = studyDayBounds(now, clock);
    const { rows } = await this.#q.todayCounts.run(db, { userId, from: start, to: end });
    let newIntroduced = 0;
    let reviewsDone = 0;
    let total = 0;
    for (const row of rows) {
      const n = Number(row.n);
      total += n;
      if (row.mode !== 'normal') continue;
      if (row.phase_before === 'new') newIntroduced += n;
      else if (row.phase_before === 'review') reviewsDone += n;
    }
    const counts = { newIntroduced, reviewsDone, total };
    if (cache !== undefined) cache.today = { clockKey, start, end, counts: { ...counts } };
    return counts;
  }

  /** Keeps cached day counts in step with a review row written (+1) or deleted (-1). */
  #countInCache(
    userId: string,
    review: { readonly reviewed_at: number; readonly mode: string; readonly phase_before: string },
    delta: 1 | -1,
  ): void {
    const today = this.#userCache(userId)?.today;
    if (today === undefined || review.reviewed_at < today.start || review.reviewed_at >= today.end) return;
    countReview(today.counts, review.mode, review.phase_before, delta);
  }

  async #streak(db: Tx, userId: string, clock: StudyClock, now: number): Promise<Streak> {
    // Widen the window until the streak ends inside it (most users: one query).
    for (let window = streakWindowMs; ; window *= 4) {
      const rows = await db
        .selectFrom('review_log')
        .select('reviewed_at')
        .where('user_id', '=', userId)
        .where('reviewed_at', '>=', now - window)
        .where('reviewed_at', '<=', now)
        .execute();
      const streak = studyStreak(
        rows.map((r) => r.reviewed_at),
        now,
        clock,
      );
      if ((streak.days + 2) * 86_400_000 < window || window > 100 * 365 * 86_400_000) return streak;
    }
  }

  /** Picks the session's current card at `now`, stores it with `step`, and returns the view. */
  async #moveOn(
    trx: Tx,
    row: SessionRow,
    now: number,
    step: number,
    forcedCardId?: string,
  ): Promise<SessionView> {
    row.step = step;
    row.updated_at = now;
    const view = await this.#view(trx, row, now, forcedCardId ?? null);
    row.current_card_id = view.currentCardId;
    const values = {
      session_id: row.session_id,
      step,
      updated_at: now,
      current_card_id: row.current_card_id,
    };
    // Only cram changes the pile: normal mode leaves the stored list alone.
    if (row.mode === 'cram') await this.#q.updateSession.run(trx, { ...values, card_ids: row.card_ids });
    else await this.#q.updateSessionStep.run(trx, values);
    return view;
  }

  /** The session at `now`; `pick` null recomputes the current card, a string keeps it, undefined keeps the stored one. */
  async #view(trx: Tx, row: SessionRow, now: number, pick?: string | null): Promise<SessionView> {
    const mode = toMode(row.mode);
    const cardIds = cardIdsOf(row);
    const base = {
      sessionId: row.session_id,
      userId: row.user_id,
      deckId: row.deck_id,
      mode,
      step: row.step,
      isEnded: row.ended_at !== null,
    };
    if (row.ended_at !== null) {
      return {
        ...base,
        currentCardId: null,
        currentState: undefined,
        counts: null,
        nextDueAt: null,
        remaining: 0,
      };
    }
    if (mode === 'cram') {
      const currentCardId = pick === undefined ? row.current_card_id : (pick ?? cardIds[0] ?? null);
      const currentState =
        currentCardId === null ? undefined : await this.#cardState(trx, row.user_id, currentCardId);
      return {
        ...base,
        currentCardId,
        currentState,
        counts: null,
        nextDueAt: null,
        remaining: cardIds.length,
      };
    }
    const settings = await this.#settings(trx, row.user_id);
    const clock = clockOf(settings);
    const states = await this.#userStates(trx, row.user_id);
    const today = await this.#today(trx, row.user_id, clock, now);
    const queue = buildQueue({ deckCardIds: cardIds, states, today, limits: settings, clock, now });
    const currentCardId = pick === undefined ? row.current_card_id : (pick ?? queue.next?.cardId ?? null);
    return {
      ...base,
      currentCardId,
      currentState:
        currentCardId === null ? undefined : await this.#cardState(trx, row.user_id, currentCardId),
      counts: queue.counts,
      nextDueAt: queue.nextDueAt,
      remaining: 0,
    };
  }

  #recorded(
    row: {
      id: number;
      card_id: string;
      rating: string;
      mode: string;
      reviewed_at: number;
      phase_before: string;
      due_after: number;
    },
    becameLeech: boolean,
  ): RecordedReview {
    return {
      reviewId: row.id,
      cardId: row.card_id,
      rating: toRating(row.rating),
      mode: toMode(row.mode),
      reviewedAt: row.reviewed_at,
      phaseBefore: toPhase(row.phase_before),
      dueAfter: row.due_after,
      becameLeech,
    };
  }
}

/** Opens (creating if needed) the store and applies pending migrations. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const conn = openSqlite(options);
  try {
    await migrate(conn.db, conn.transact, options.now ?? Date.now());
  } catch (error) {
    await conn.close();
    throw error;
  }
  return new Store(conn, options.srs ?? {}, options.maxWriteBatch);
}
