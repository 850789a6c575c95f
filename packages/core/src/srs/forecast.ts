import { startOfNextStudyDay, studyDayOf } from './study-day.ts';
import type { StudyClock, StudyDay } from './study-day.ts';
import type { QueueCardState } from './queue.ts';

/** Cards coming due on one study day. */
export interface ForecastDay {
  /** The study day. */
  readonly day: StudyDay;
  /** Non-new, unsuspended cards due that day (day 0 includes everything overdue). */
  readonly count: number;
}

/** Reviews due per study day for `days` days starting with today; cards not in `cardIds` are ignored. */
export function forecastReviews(input: {
  readonly states: ReadonlyMap<string, QueueCardState>;
  readonly cardIds: readonly string[];
  readonly now: number;
  readonly clock: StudyClock;
  readonly days: number;
}): ForecastDay[] {
  const { now, clock } = input;
  const days: StudyDay[] = [];
  const ends: number[] = [];
  let cursor = now;
  for (let i = 0; i < input.days; i += 1) {
    days.push(studyDayOf(cursor, clock));
    cursor = startOfNextStudyDay(cursor, clock);
    ends.push(cursor);
  }
  const counts = days.map(() => 0);
  for (const cardId of new Set(input.cardIds)) {
    const state = input.states.get(cardId);
    if (state === undefined || state.phase === 'new' || state.isSuspended) continue;
    // First day whose end lies after the due time.
    let low = 0;
    let high = ends.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((ends[mid] ?? Infinity) > state.due) high = mid;
      else low = mid + 1;
    }
    if (low < counts.length) counts[low] = (counts[low] ?? 0) + 1;
  }
  return days.map((day, i) => ({ day, count: counts[i] ?? 0 }));
}
