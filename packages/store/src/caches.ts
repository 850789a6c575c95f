import type { CardState, DayCounts } from '@portdeck/core';
import type { Tx } from './backend/types.ts';
import type { UserSettings } from './rows.ts';
import type { SessionsTable } from './schema.ts';

/** What the answer path would otherwise re-read on every click, kept per user. */
export interface UserCache {
  /** All the user's card states (a card missing here is new). */
  states: Map<string, CardState> | undefined;
  /** Today's counts for one clock and study day. */
  today: { clockKey: string; start: number; end: number; counts: DayCounts } | undefined;
  /** The user's settings row (defaults when there is none). */
  settings: UserSettings | undefined;
  /** The user's session rows as last written here; callers mutate one in place and then write it. */
  readonly sessions: Map<string, SessionsTable>;
}

interface Entry extends UserCache {
  /** PostgreSQL: the users.version this process last wrote under the user's lock. */
  version: number;
  /** PostgreSQL: the transaction holding the user's row lock, the only one that may read the entry. */
  holder: Tx | undefined;
}

const userLimit = 2_000;
const sessionsPerUser = 16;

/**
 * Per-user state as this process last wrote it, valid only while nobody else wrote the user's rows.
 *
 * - SQLite (`token` validity): one writer at a time; `onBegin` compares the backend's change token at the
 *   start of every write transaction and drops everything when another connection committed.
 * - PostgreSQL (`version` validity): every write of a user's rows holds the user's row lock and bumps
 *   `users.version`; {@link hold} keeps the entry only when the version it got is the one this process
 *   wrote last (nobody else wrote since), and then only the holding transaction may read it. Reads that hold
 *   no lock always miss.
 *
 * Any rollback drops what the rolled-back work may have touched.
 */
export class StoreCache {
  readonly #users = new Map<string, Entry>();
  readonly #validity: 'token' | 'version';
  #token: number | null = null;

  constructor(validity: 'token' | 'version') {
    this.#validity = validity;
  }

  /** SQLite: call right after a write transaction began, with the backend's change token. */
  onBegin(token: number | null): void {
    if (token === null || token !== this.#token) this.clear();
    this.#token = token;
  }

  /** PostgreSQL: `trx` holds the user's lock and moved the user's version to `version`. */
  hold(userId: string, version: number, trx: Tx): void {
    const entry = this.#users.get(userId);
    if (entry?.version === version - 1) {
      entry.version = version;
      entry.holder = trx;
      return;
    }
    this.#users.delete(userId);
    this.#add(userId, { version, holder: trx });
  }

  /** After a rollback: forget what `trx` held (PostgreSQL), or everything (SQLite, or when unknown). */
  onRollback(trx?: Tx): void {
    if (trx === undefined || this.#validity === 'token') {
      this.clear();
      return;
    }
    for (const [userId, entry] of this.#users) if (entry.holder === trx) this.#users.delete(userId);
  }

  clear(): void {
    this.#users.clear();
  }

  /** The user's entry for work running in `db`, or undefined when it may not use one. */
  user(userId: string, db: Tx): UserCache | undefined {
    if (this.#validity === 'version') {
      const entry = this.#users.get(userId);
      return entry?.holder === db ? entry : undefined;
    }
    if (this.#token === null) return undefined;
    return this.#users.get(userId) ?? this.#add(userId, { version: 0, holder: undefined });
  }

  /**
   * PostgreSQL, optimistic writes: the user's entry when it holds everything a click reads (states, settings,
   * today's counts, sessions), claimed for work running in `db` (no transaction: the write will check the
   * version). Callers must hold the user's place in the process's {@link UserQueue}.
   */
  warm(userId: string, db: Tx): (UserCache & { readonly version: number }) | undefined {
    if (this.#validity !== 'version') return undefined;
    const entry = this.#users.get(userId);
    if (entry?.states === undefined || entry.settings === undefined || entry.today === undefined)
      return undefined;
    entry.holder = db;
    return entry;
  }

  /** After an optimistic write succeeded: the entry is current at `version`. */
  advanceTo(userId: string, version: number): void {
    const entry = this.#users.get(userId);
    if (entry !== undefined) entry.version = version;
  }

  /** Forgets the user entirely (an optimistic write found another process had written). */
  drop(userId: string): void {
    this.#users.delete(userId);
  }

  /** Drops what is known of the user (e.g. settings changed: counts and queues under the old ones are stale). */
  forgetUser(userId: string, db: Tx): void {
    const entry = this.user(userId, db);
    if (entry === undefined) return;
    entry.states = undefined;
    entry.today = undefined;
    entry.settings = undefined;
    entry.sessions.clear();
  }

  /** Keeps `row` as its session's current row, for work running in `db`. */
  keepSession(row: SessionsTable, db: Tx): void {
    const sessions = this.user(row.user_id, db)?.sessions;
    if (sessions === undefined) return;
    if (sessions.size >= sessionsPerUser) sessions.clear();
    sessions.set(row.session_id, row);
  }

  #add(userId: string, state: Pick<Entry, 'version' | 'holder'>): Entry {
    if (this.#users.size >= userLimit) {
      const oldest = this.#users.keys().next();
      if (oldest.done !== true) this.#users.delete(oldest.value);
    }
    const entry: Entry = {
      ...state,
      states: undefined,
      today: undefined,
      settings: undefined,
      sessions: new Map(),
    };
    this.#users.set(userId, entry);
    return entry;
  }
}
