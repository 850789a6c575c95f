import { dateOfUtc, utcMidnight, utcOfDate, type CalendarDate } from './calendar-date.ts';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The local wall-clock time at `at` in `timeZone`, written as if it were a UTC instant (whole seconds;
 * years 1-9999).
 * Throws a RangeError for a zone Intl does not know (validate zones first: a programmer error).
 */
export function wallClockAt(at: number, timeZone: string): number {
  const fields = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  return (
    utcMidnight(fields.year, fields.month, fields.day) +
    fields.hour * hourMs +
    fields.minute * minuteMs +
    fields.second * 1000
  );
}

/** The zone's offset from UTC at `at`, in milliseconds (positive east of Greenwich). */
export function offsetAt(at: number, timeZone: string): number {
  const second = Math.floor(at / 1000) * 1000;
  return wallClockAt(second, timeZone) - second;
}

/** The local calendar date at `at` in `timeZone`: "2026-11-27". */
export function localDateOf(at: number, timeZone: string): CalendarDate {
  return dateOfUtc(wallClockAt(at, timeZone));
}

/** The local minute of the day (0-1439) at `at` in `timeZone`. */
export function localMinuteOf(at: number, timeZone: string): number {
  const wall = wallClockAt(at, timeZone);
  return Math.floor((wall - utcOfDate(dateOfUtc(wall))) / minuteMs);
}

/** How a local date and time mapped to an instant. */
export interface ResolvedLocalTime {
  /** The instant, epoch milliseconds. */
  readonly at: number;
  /**
   * `exact` when the local time exists once, `earlier` when it exists twice (clocks fell back: the first
   * occurrence is taken), `gap` when clocks jumped over it (the instant the clocks jumped is taken: the
   * first valid moment after the wanted time).
   */
  readonly kind: 'exact' | 'earlier' | 'gap';
}

// Schedulers ask about the same few dates per zone over and over: remember recent answers.
const resolved = new Map<string, ResolvedLocalTime>();
const resolvedLimit = 8192;

/**
 * The instant a local date and time happens in `timeZone`. Never fails: a time inside a daylight-saving
 * gap resolves to the moment the clocks jumped (02:30 on a 02:00 → 03:00 night gives 03:00), and a time
 * that happens twice resolves to its first occurrence.
 */
export function resolveLocalTime(
  date: CalendarDate,
  minuteOfDay: number,
  timeZone: string,
): ResolvedLocalTime {
  const key = `${timeZone}|${date}|${minuteOfDay}`;
  let answer = resolved.get(key);
  if (answer === undefined) {
    answer = computeLocalTime(utcOfDate(date) + minuteOfDay * minuteMs, timeZone);
    if (resolved.size >= resolvedLimit) resolved.clear();
    resolved.set(key, answer);
  }
  return answer;
}

function computeLocalTime(wall: number, timeZone: string): ResolvedLocalTime {
  // Offsets since 1900 lie within -12 h..+14 h, so the instant lies in this window; zones change offset
  // at most once within 28 hours, so these two samples give the offsets before and after.
  const before = offsetAt(wall - 15 * hourMs, timeZone);
  const after = offsetAt(wall + 13 * hourMs, timeZone);
  const matches = [...new Set([wall - before, wall - after])]
    .filter((at) => at + offsetAt(at, timeZone) === wall)
    .sort((a, b) => a - b);
  const [first] = matches;
  if (first !== undefined) return { at: first, kind: matches.length > 1 ? 'earlier' : 'exact' };
  // In a gap: the offset changed from `before` to `after` between these instants; find the change.
  let low = Math.floor((wall - after) / 1000);
  let high = Math.ceil((wall - before) / 1000);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (offsetAt(mid * 1000, timeZone) === before) low = mid;
    else high = mid;
  }
  return { at: high * 1000, kind: 'gap' };
}
