import { randomUUID } from 'node:crypto';
import { buildQueue, cramPileAfterSkip, err, ok, selectCramCards } from '@portdeck/core';
import type { CramFilter, Result } from '@portdeck/core';
import type { Tx } from './backend/types.ts';
import { cardState, statesFor, userStates } from './card-states.ts';
import type { StoreContext } from './context.ts';
import { todayCounts, toMode } from './review-log.ts';
import type { SessionsTable } from './schema.ts';
import { clockOf, holdUser, lockUser, readSettings } from './settings.ts';
import { maxCardIdLength } from './types.ts';
import type { AdvanceResult, SessionMode, SessionView, StartSessionError } from './types.ts';

/** A sessions row; the answer path mutates one in place and writes it back. */
export type SessionRow = SessionsTable;

const parsedCardIds = new Map<string, { json: string; ids: readonly string[] }>();
const parsedCardIdsLimit = 4_096;

/** The session's card ids; each session's last parse is reused (its list rarely changes between clicks). */
export function cardIdsOf(row: SessionRow): readonly string[] {
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

/** The session row; from the cache when the session is `userId`'s and the cache is current. */
export async function readSession(
  ctx: StoreContext,
  db: Tx,
  sessionId: string,
  userId?: string,
): Promise<SessionRow | undefined> {
  const cached = userId === undefined ? undefined : ctx.cache.user(userId, db)?.sessions.get(sessionId);
  if (cached !== undefined) return cached;
  const [row] = (await ctx.q.session.run(db, { sessionId })).rows;
  if (row !== undefined) ctx.cache.keepSession(row, db);
  return row;
}

/** The session at `now`; `pick` null recomputes the current card, a string keeps it, undefined keeps the stored one. */
export async function sessionView(
  ctx: StoreContext,
  trx: Tx,
  row: SessionRow,
  now: number,
  pick?: string | null,
): Promise<SessionView> {
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
      currentCardId === null ? undefined : await cardState(ctx, trx, row.user_id, currentCardId);
    return { ...base, currentCardId, currentState, counts: null, nextDueAt: null, remaining: cardIds.length };
  }
  const settings = await readSettings(ctx, trx, row.user_id);
  const clock = clockOf(settings);
  const states = await userStates(ctx, trx, row.user_id);
  const today = await todayCounts(ctx, trx, row.user_id, clock, now);
  const queue = buildQueue({ deckCardIds: cardIds, states, today, limits: settings, clock, now });
  const currentCardId = pick === undefined ? row.current_card_id : (pick ?? queue.next?.cardId ?? null);
  return {
    ...base,
    currentCardId,
    currentState: currentCardId === null ? undefined : await cardState(ctx, trx, row.user_id, currentCardId),
    counts: queue.counts,
    nextDueAt: queue.nextDueAt,
    remaining: 0,
  };
}

/** Picks the session's current card at `now`, stores it with `step`, and returns the view. */
export async function moveOn(
  ctx: StoreContext,
  trx: Tx,
  row: SessionRow,
  now: number,
  step: number,
  forcedCardId?: string,
): Promise<SessionView> {
  row.step = step;
  row.updated_at = now;
  const view = await sessionView(ctx, trx, row, now, forcedCardId ?? null);
  row.current_card_id = view.currentCardId;
  const values = { session_id: row.session_id, step, updated_at: now, current_card_id: row.current_card_id };
  // Only cram changes the pile: normal mode leaves the stored list alone.
  if (row.mode === 'cram') await ctx.q.updateSession.run(trx, { ...values, card_ids: row.card_ids });
  else await ctx.q.updateSessionStep.run(trx, values);
  return view;
}

/**
 * Starts a session over a deck's card ids. Normal mode follows the schedule; cram mode takes the whole
 * deck or only missed cards (shuffled with `random`, default Math.random) and never changes a schedule.
 */
export function startSession(
  ctx: StoreContext,
  input: {
    readonly userId: string;
    readonly deckId: string;
    readonly cardIds: readonly string[];
    readonly mode: SessionMode;
    readonly now: number;
    readonly cramFilter?: CramFilter;
    readonly random?: () => number;
    readonly sessionId?: string;
  },
): Promise<Result<SessionView, StartSessionError>> {
  const invalid = input.cardIds.find((cardId) => !isValidCardId(cardId));
  if (invalid !== undefined) return Promise.resolve(err({ kind: 'invalid-card-id', cardId: invalid }));
  return ctx.backend.write(async (trx) => {
    const { userId, now } = input;
    await holdUser(ctx, trx, userId, now);
    const deck = [...new Set(input.cardIds)];
    const cardIds =
      input.mode === 'cram'
        ? selectCramCards({
            deckCardIds: deck,
            states: await statesFor(trx, userId, deck),
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
    ctx.cache.keepSession(row, trx);
    return ok(await moveOn(ctx, trx, row, now, 0));
  });
}

/** The session as stored, with counts recomputed at `now`; undefined when unknown. */
export function getSession(
  ctx: StoreContext,
  sessionId: string,
  now: number,
): Promise<SessionView | undefined> {
  return ctx.backend.write(async (trx) => {
    const row = await readSession(ctx, trx, sessionId);
    return row === undefined ? undefined : sessionView(ctx, trx, row, now);
  });
}

/**
 * Re-picks the current card at `now` (after a wait) or skips it (cram sends it to the back; normal mode
 * simply recomputes). Refused unless `expectedStep` is the session's step.
 */
export function advanceSession(
  ctx: StoreContext,
  input: {
    readonly sessionId: string;
    readonly userId: string;
    readonly expectedStep: number;
    readonly now: number;
  },
): Promise<AdvanceResult> {
  return ctx.backend.write(async (trx) => {
    await lockUser(ctx, trx, input.userId);
    const row = await readSession(ctx, trx, input.sessionId, input.userId);
    if (row === undefined) return { kind: 'session-not-found' };
    if (row.user_id !== input.userId) return { kind: 'not-session-owner' };
    if (row.ended_at !== null)
      return { kind: 'session-ended', session: await sessionView(ctx, trx, row, input.now) };
    if (row.step !== input.expectedStep)
      return { kind: 'stale', session: await sessionView(ctx, trx, row, input.now) };
    if (row.mode === 'cram' && row.current_card_id !== null) {
      row.card_ids = JSON.stringify(cramPileAfterSkip(cardIdsOf(row)));
    }
    return { kind: 'advanced', session: await moveOn(ctx, trx, row, input.now, row.step + 1) };
  });
}

/** Ends a session: its buttons stop working. False when unknown or not the user's. */
export async function endSession(
  ctx: StoreContext,
  input: { readonly sessionId: string; readonly userId: string; readonly now: number },
): Promise<boolean> {
  const result = await ctx.backend.write(async (trx) => {
    await lockUser(ctx, trx, input.userId);
    ctx.cache.user(input.userId, trx)?.sessions.delete(input.sessionId);
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
