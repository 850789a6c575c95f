/** A local calendar date, "YYYY-MM-DD" (proleptic Gregorian, years 0001-9999). */
export type CalendarDate = string;

/** ISO weekday number: 1 is Monday, 7 is Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const dayMs = 86_400_000;

/** Milliseconds of midnight UTC of a date written as fields (month 1-12); safe for years below 100. */
export function utcMidnight(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The calendar date of a UTC-midnight-based day count (`ms` need not be midnight: the time is dropped). */
export function dateOfUtc(ms: number): CalendarDate {
  const date = new Date(Math.floor(ms / dayMs) * dayMs);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

/** Milliseconds of midnight UTC on `date`; throws on a malformed date (programmer error). */
export function utcOfDate(date: CalendarDate): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a calendar date: ${date}`);
  return utcMidnight(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** The date `days` after `date` (before it when negative). */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return dateOfUtc(utcOfDate(date) + days * dayMs);
}

/** The ISO weekday of a date (Monday 1 ... Sunday 7). */
export function isoWeekdayOf(date: CalendarDate): IsoWeekday {
  const sundayZero = new Date(utcOfDate(date)).getUTCDay();
  return (sundayZero === 0 ? 7 : sundayZero) as IsoWeekday;
}
