import { studyDayBounds, studyStreak, tallyAnswer, type DayCounts } from '@portdeck/core';
import type { ReviewFact, Streak, StudyClock, TodayProgress } from '@portdeck/core';
import type { Tx } from './backend/types.ts';
import type { StoreContext } from './context.ts';
import { toPhase, toRating } from './rows.ts';
import type { RecordedReview, SessionMode } from './types.ts';

const streakWindowMs = 120 * 86_400_000;

/** Reads a session or review mode column. */
export function toMode(value: string): SessionMode {
  if (value === 'normal' || value === 'cram') return value;
  throw new Error(`corrupt session mode in database: ${value}`);
}

/** Which clock a cached day count belongs to. */
export function clockKeyOf(clock: StudyClock): string {
  return `${clock.timeZone}|${clock.dayStartHour}`;
}

/** The user's answers during the study day containing `now`, counted by core's rule. */
export async function todayCounts(
  ctx: StoreContext,
  db: Tx,
  userId: string,
  clock: StudyClock,
  now: number,
): Promise<TodayProgress & { total: number }> {
  const cache = ctx.cache.user(userId, db);
  const clockKey = clockKeyOf(clock);
  const cached = cache?.today;
  // Inside the cached study day the bounds are known: skip the time-zone arithmetic.
  if (cached?.clockKey === clockKey && cached.start <= now && now < cached.end) return { ...cached.counts };
  const { start, end } = studyDayBounds(now, clock);
  const { rows } = await ctx.q.todayCounts.run(db, { userId, from: start, to: end });
  const counts: DayCounts = { newIntroduced: 0, reviewsDone: 0, total: 0 };
  for (const row of rows) {
    tallyAnswer(counts, { mode: toMode(row.mode), phaseBefore: toPhase(row.phase_before) }, Number(row.n));
  }
  if (cache !== undefined) cache.today = { clockKey, start, end, counts: { ...counts } };
  return counts;
}

/** Keeps cached day counts in step with a review row written (+1) or deleted (-1). */
export function tallyInCache(
  ctx: StoreContext,
  trx: Tx,
  userId: string,
  review: { readonly reviewed_at: number; readonly mode: string; readonly phase_before: string },
  delta: 1 | -1,
): void {
  const today = ctx.cache.user(userId, trx)?.today;
  if (today === undefined || review.reviewed_at < today.start || review.reviewed_at >= today.end) return;
  tallyAnswer(today.counts, { mode: toMode(review.mode), phaseBefore: toPhase(review.phase_before) }, delta);
}

/** Consecutive study days with an answer, ending today or yesterday. */
export async function streakOf(db: Tx, userId: string, clock: StudyClock, now: number): Promise<Streak> {
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

/** Normal-mode answers with `from <= reviewed_at < to`, for retention. */
export async function normalAnswers(db: Tx, userId: string, from: number, to: number): Promise<ReviewFact[]> {
  const rows = await db
    .selectFrom('review_log')
    .select(['rating', 'reviewed_at', 'phase_before'])
    .where('user_id', '=', userId)
    .where('mode', '=', 'normal')
    .where('reviewed_at', '>=', from)
    .where('reviewed_at', '<', to)
    .execute();
  return rows.map((r) => ({
    rating: toRating(r.rating),
    reviewedAt: r.reviewed_at,
    phaseBefore: toPhase(r.phase_before),
  }));
}

/** The user's recorded answers, newest first (`limit` of them at most). */
export async function reviewsOf(db: Tx, userId: string, limit: number): Promise<RecordedReview[]> {
  const rows = await db
    .selectFrom('review_log')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => recorded(row, false));
}

/** A review_log row as the answer the API reports. */
export function recorded(
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
