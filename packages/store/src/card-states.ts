import type { CardState } from '@portdeck/core';
import type { Tx } from './backend/types.ts';
import type { StoreContext } from './context.ts';
import { stateFromRow } from './rows.ts';
import { lockUser } from './settings.ts';

/** The user's states for these cards (missing ones are new). */
export async function statesFor(
  db: Tx,
  userId: string,
  cardIds: readonly string[],
): Promise<Map<string, CardState>> {
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

/** One card's state: from the user's cached states when loaded, else one primary-key read. */
export async function cardState(
  ctx: StoreContext,
  db: Tx,
  userId: string,
  cardId: string,
): Promise<CardState | undefined> {
  const states = ctx.cache.user(userId, db)?.states;
  if (states !== undefined) return states.get(cardId);
  const [row] = (await ctx.q.cardState.run(db, { userId, cardId })).rows;
  return row === undefined ? undefined : stateFromRow(row);
}

/** All the user's card states (the caller filters by deck), loaded once per cache lifetime. */
export async function userStates(ctx: StoreContext, db: Tx, userId: string): Promise<Map<string, CardState>> {
  const cache = ctx.cache.user(userId, db);
  if (cache?.states !== undefined) return cache.states;
  const states = new Map<string, CardState>();
  for (const row of (await ctx.q.userStates.run(db, { userId })).rows) {
    states.set(row.card_id, stateFromRow(row));
  }
  if (cache !== undefined) cache.states = states;
  return states;
}

/** Keeps the cached states in step with a state written (or deleted: undefined). */
export function rememberState(
  ctx: StoreContext,
  trx: Tx,
  userId: string,
  cardId: string,
  state: CardState | undefined,
): void {
  const states = ctx.cache.user(userId, trx)?.states;
  if (state === undefined) states?.delete(cardId);
  else states?.set(cardId, state);
}

/** Suspends or resumes a card the user has seen; false when the card has no state. */
export function setSuspended(
  ctx: StoreContext,
  userId: string,
  cardId: string,
  isSuspended: boolean,
  now: number,
): Promise<boolean> {
  return ctx.backend.write(async (trx) => {
    await lockUser(ctx, trx, userId);
    const result = await trx
      .updateTable('card_states')
      .set({ is_suspended: isSuspended ? 1 : 0, updated_at: now })
      .where('user_id', '=', userId)
      .where('card_id', '=', cardId)
      .executeTakeFirst();
    const cached = ctx.cache.user(userId, trx)?.states?.get(cardId);
    if (cached !== undefined) rememberState(ctx, trx, userId, cardId, { ...cached, isSuspended });
    return result.numUpdatedRows > 0n;
  });
}
