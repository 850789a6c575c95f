import {
  addCalendarDays,
  isoWeekdayOf,
  utcMidnight,
  utcOfDate,
  type CalendarDate,
} from '../time/calendar-date.ts';
import { localDateOf, resolveLocalTime } from '../time/zoned.ts';

/** The leaderboard periods. */
export type PeriodKind = 'day' | 'week' | 'month';

/** A period an instant falls in, in one zone: `start <= at < end`. */
export interface Period {
  readonly kind: PeriodKind;
  /** "2026-11-27", "2026-W48" (ISO week, from Monday) or "2026-11". */
  readonly key: string;
  /** The period's first instant: its first local midnight (or the first moment after it, in a gap). */
  readonly start: number;
  /** When it resets: the next period's start. */
  readonly end: number;
}

/** The local day key at `at`: "2026-11-27". */
export function dayKey(at: number, timeZone: string): string {
  return localDateOf(at, timeZone);
}

/** The ISO week of a date and the date of its Monday. */
function isoWeekOf(date: CalendarDate): { year: number; week: number; monday: CalendarDate } {
  const weekday = isoWeekdayOf(date);
  const thursday = addCalendarDays(date, 4 - weekday);
  const year = Number(thursday.slice(0, 4));
  const dayOfYear = (utcOfDate(thursday) - utcMidnight(year, 1, 1)) / 86_400_000;
  return { year, week: Math.floor(dayOfYear / 7) + 1, monday: addCalendarDays(date, 1 - weekday) };
}

/** The ISO week key at `at` (weeks start on Monday; week 1 holds the year's first Thursday): "2026-W48". */
export function isoWeekKey(at: number, timeZone: string): string {
  const { year, week } = isoWeekOf(localDateOf(at, timeZone));
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/** The local month key at `at`: "2026-11". */
export function monthKey(at: number, timeZone: string): string {
  return localDateOf(at, timeZone).slice(0, 7);
}

/** The first instant of a local date (local midnight, or when the clocks jumped if midnight was skipped). */
export function startOfLocalDate(date: CalendarDate, timeZone: string): number {
  return resolveLocalTime(date, 0, timeZone).at;
}

function nextMonth(date: CalendarDate): CalendarDate {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month === 12
    ? `${String(year + 1).padStart(4, '0')}-01-01`
    : `${date.slice(0, 5)}${String(month + 1).padStart(2, '0')}-01`;
}

/** The day, ISO week or month that `at` falls in, in `timeZone`, with its start and when it resets. */
export function periodOf(at: number, timeZone: string, kind: PeriodKind): Period {
  const date = localDateOf(at, timeZone);
  switch (kind) {
    case 'day':
      return {
        kind,
        key: date,
        start: startOfLocalDate(date, timeZone),
        end: startOfLocalDate(addCalendarDays(date, 1), timeZone),
      };
    case 'week': {
      const { monday } = isoWeekOf(date);
      return {
        kind,
        key: isoWeekKey(at, timeZone),
        start: startOfLocalDate(monday, timeZone),
        end: startOfLocalDate(addCalendarDays(monday, 7), timeZone),
      };
    }
    case 'month': {
      const first = `${date.slice(0, 7)}-01`;
      return {
        kind,
        key: date.slice(0, 7),
        start: startOfLocalDate(first, timeZone),
        end: startOfLocalDate(nextMonth(first), timeZone),
      };
    }
  }
}

/** When the period containing `at` resets: the next local midnight, Monday midnight or first of the month. */
export function periodResetsAt(at: number, timeZone: string, kind: PeriodKind): number {
  return periodOf(at, timeZone, kind).end;
}

/** An instant's day, ISO week and month keys in one zone: what a recorded answer stores. */
export interface PeriodKeys {
  readonly day: string;
  readonly week: string;
  readonly month: string;
}

/** The keys of the day, ISO week and month `at` falls in, in `timeZone` (written once per answer). */
export function periodKeysOf(at: number, timeZone: string): PeriodKeys {
  return { day: dayKey(at, timeZone), week: isoWeekKey(at, timeZone), month: monthKey(at, timeZone) };
}
