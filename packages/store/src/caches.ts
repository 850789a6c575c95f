import type { CardState, DayCounts } from '@portdeck/core';
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
}

const userLimit = 2_000;
const sessionLimit = 4_096;

/**
 * Per-user state and session rows as this process last wrote them. Valid only while no other connection has
 * committed: `onBegin` compares the backend's change token at the start of every write transaction and drops
 * everything when it moved, or when the backend cannot tell (null: PostgreSQL, where other processes write);
 * any rollback drops everything too. While disabled, every lookup misses.
 */
export class StoreCache {
  readonly #users = new Map<string, UserCache>();
  readonly #sessions = new Map<string, SessionsTable>();
  #token: number | null = null;

  /** Call right after a write transaction began, with the backend's change token. */
  onBegin(token: number | null): void {
    if (token === null || token !== this.#token) this.clear();
    this.#token = token;
  }

  clear(): void {
    this.#users.clear();
    this.#sessions.clear();
  }

  /** The user's entry (created empty), or undefined while caching is off. */
  user(userId: string): UserCache | undefined {
    if (this.#token === null) return undefined;
    let entry = this.#users.get(userId);
    if (entry === undefined) {
      if (this.#users.size >= userLimit) {
        const oldest = this.#users.keys().next();
        if (oldest.done !== true) this.#users.delete(oldest.value);
      }
      entry = { states: undefined, today: undefined, settings: undefined };
      this.#users.set(userId, entry);
    }
    return entry;
  }

  forgetUser(userId: string): void {
    this.#users.delete(userId);
  }

  session(sessionId: string): SessionsTable | undefined {
    return this.#sessions.get(sessionId);
  }

  /** Keeps `row` as the session's current row; callers mutate it in place and then write it. */
  keepSession(row: SessionsTable): void {
    if (this.#token === null) return;
    if (this.#sessions.size >= sessionLimit) this.#sessions.clear();
    this.#sessions.set(row.session_id, row);
  }

  forgetSession(sessionId: string): void {
    this.#sessions.delete(sessionId);
  }
}
