import { buildQueue, forecastReviews, retention } from '@portdeck/core';
import type { ForecastDay } from '@portdeck/core';
import { statesFor, userStates } from './card-states.ts';
import type { StoreContext } from './context.ts';
import { normalAnswers, streakOf, todayCounts } from './review-log.ts';
import { clockOf, readSettings } from './settings.ts';
import type { Progress } from './types.ts';

const retentionWindowMs = 30 * 86_400_000;

/** Queue counts, today's work, streak and retention for a deck at `now`. */
export function progress(
  ctx: StoreContext,
  userId: string,
  cardIds: readonly string[],
  now: number,
): Promise<Progress> {
  return ctx.backend.write(async (db) => {
    const settings = await readSettings(ctx, db, userId);
    const clock = clockOf(settings);
    const states = await statesFor(db, userId, cardIds);
    const today = await todayCounts(ctx, db, userId, clock, now);
    const queue = buildQueue({ deckCardIds: cardIds, states, today, limits: settings, clock, now });
    const window = { from: now - retentionWindowMs, to: now };
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
      streak: await streakOf(db, userId, clock, now),
      retention30d: retention(await normalAnswers(db, userId, window.from, window.to), window),
      leeches,
      suspended,
    };
  });
}

/** Cards due per study day for the next `days` days (today first, overdue included). */
export function forecast(
  ctx: StoreContext,
  userId: string,
  cardIds: readonly string[],
  now: number,
  days: number,
): Promise<ForecastDay[]> {
  return ctx.backend.write(async (db) => {
    const settings = await readSettings(ctx, db, userId);
    const states = await userStates(ctx, db, userId);
    return forecastReviews({ states, cardIds, now, clock: clockOf(settings), days });
  });
}
