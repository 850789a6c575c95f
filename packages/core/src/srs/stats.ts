import { startOfNextStudyDay, startOfStudyDay, studyDayOf } from './study-day.ts';
import type { StudyClock } from './study-day.ts';
import type { TodayProgress } from './queue.ts';
import type { ReviewFact } from './types.ts';

/** Share of review-phase answers that were not "again". */
export interface Retention {
  /** Review-phase answers in the window. */
  readonly reviews: number;
  /** Of those, answered hard, good or easy. */
  readonly passed: number;
  /** passed / reviews, null when there were none. */
  readonly rate: number | null;
}

/** Retention over reviews with `from <= reviewedAt < to` (learning-step answers are left out). */
export function retention(log: readonly ReviewFact[], window: { from: number; to: number }): Retention {
  let reviews = 0;
  let passed = 0;
  for (const fact of log) {
    if (fact.phaseBefore !== 'review' || fact.reviewedAt < window.from || fact.reviewedAt >= window.to)
      continue;
    reviews += 1;
    if (fact.rating !== 'again') passed += 1;
  }
  return { reviews, passed, rate: reviews === 0 ? null : passed / reviews };
}

/** Consecutive study days with at least one review. */
export interface Streak {
  /** Length of the run ending today, or yesterday when today has no review yet. */
  readonly days: number;
  /** Whether today already counts. */
  readonly includesToday: boolean;
}

/** The current study streak in the user's zone; a day skipped by the zone itself does not break it. */
export function studyStreak(reviewTimes: readonly number[], now: number, clock: StudyClock): Streak {
  const studied = new Set(reviewTimes.filter((at) => at <= now).map((at) => studyDayOf(at, clock)));
  const includesToday = studied.has(studyDayOf(now, clock));
  let cursor = startOfStudyDay(now, clock);
  let days = includesToday ? 1 : 0;
  // Walk back one real study day at a time (start minus 1 ms is the day before, even across skipped dates).
  for (;;) {
    const previous = cursor - 1;
    if (!studied.has(studyDayOf(previous, clock))) break;
    days += 1;
    cursor = startOfStudyDay(previous, clock);
  }
  return { days, includesToday };
}

/** A day's answers: what the daily limits count, and every answer (cram included). */
export interface DayCounts {
  newIntroduced: number;
  reviewsDone: number;
  total: number;
}

/**
 * Adds (`times` 1, or n for n alike answers) or removes (-1, an undone answer) one answer to a day's counts:
 * every answer counts in the total; only normal-mode answers count against the new and review limits.
 */
export function tallyAnswer(
  counts: DayCounts,
  fact: Pick<ReviewFact, 'phaseBefore' | 'mode'>,
  times: number,
): void {
  counts.total += times;
  if (fact.mode === 'cram') return;
  if (fact.phaseBefore === 'new') counts.newIntroduced += times;
  else if (fact.phaseBefore === 'review') counts.reviewsDone += times;
}

/** Answers given during the study day containing `now`, split the way daily limits count them. */
export function todayProgress(
  log: readonly ReviewFact[],
  now: number,
  clock: StudyClock,
): TodayProgress & { readonly total: number } {
  const from = startOfStudyDay(now, clock);
  const to = startOfNextStudyDay(now, clock);
  const counts: DayCounts = { newIntroduced: 0, reviewsDone: 0, total: 0 };
  for (const fact of log) {
    if (fact.reviewedAt >= from && fact.reviewedAt < to) tallyAnswer(counts, fact, 1);
  }
  return counts;
}

/** Number of answers given during the study day containing `now`. */
export function reviewsToday(log: readonly ReviewFact[], now: number, clock: StudyClock): number {
  return todayProgress(log, now, clock).total;
}
