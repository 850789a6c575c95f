import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';
import { parseTimeZone } from '../time/time-zone.ts';
import { wallClockAt } from '../time/zoned.ts';

/** A study day, named by its local calendar date "YYYY-MM-DD" in the user's zone. */
export type StudyDay = string;

/** How a user's days are cut: an IANA time zone and the local hour at which a study day begins. */
export interface StudyClock {
  /** IANA zone name, e.g. "Pacific/Auckland". */
  readonly timeZone: string;
  /** Local hour (0-23) at which a new study day starts. */
  readonly dayStartHour: number;
}

/** Why a zone or hour was refused. */
export type StudyClockError =
  | { readonly kind: 'invalid-time-zone'; readonly timeZone: string }
  | { readonly kind: 'invalid-day-start-hour'; readonly hour: number };

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

function dayName(utcMidnight: number): StudyDay {
  return new Date(utcMidnight).toISOString().slice(0, 10);
}

function dayMidnight(day: StudyDay): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** Checks an IANA zone name (as `parseTimeZone` reads it); returns its proper, current spelling. */
export function validateTimeZone(timeZone: string): Result<string, StudyClockError> {
  const parsed = parseTimeZone(timeZone);
  return parsed.ok ? parsed : err({ kind: 'invalid-time-zone', timeZone });
}

/** Checks a day-start hour: an integer from 0 to 23. */
export function validateDayStartHour(hour: number): Result<number, StudyClockError> {
  return Number.isInteger(hour) && hour >= 0 && hour <= 23
    ? ok(hour)
    : err({ kind: 'invalid-day-start-hour', hour });
}

/** Validates both parts of a study clock. */
export function validateStudyClock(clock: StudyClock): Result<StudyClock, StudyClockError> {
  const zone = validateTimeZone(clock.timeZone);
  if (!zone.ok) return zone;
  const hour = validateDayStartHour(clock.dayStartHour);
  if (!hour.ok) return hour;
  return ok({ timeZone: zone.value, dayStartHour: hour.value });
}

/** The calendar date `days` after (or before, when negative) `day`. */
export function addDays(day: StudyDay, days: number): StudyDay {
  return dayName(dayMidnight(day) + days * dayMs);
}

function computeStudyDay(at: number, clock: StudyClock): StudyDay {
  const wall = wallClockAt(at, clock.timeZone);
  return dayName(Math.floor((wall - clock.dayStartHour * hourMs) / dayMs) * dayMs);
}

/** One study day and the instants it spans: `start <= at < end`. */
export interface StudyDayBounds {
  readonly day: StudyDay;
  readonly start: number;
  readonly end: number;
}

// The last few days computed per clock: a queue asks about today and the day a later review opens on every
// answer, so one entry per clock would be evicted back and forth.
const recentBounds = new Map<string, StudyDayBounds[]>();
const recentBoundsLimit = 4096;
const daysPerClock = 4;

function cachedBounds(key: string, at: number): StudyDayBounds | undefined {
  const days = recentBounds.get(key);
  if (days === undefined) return undefined;
  for (const bounds of days) if (bounds.start <= at && at < bounds.end) return bounds;
  return undefined;
}

function clockKey(clock: StudyClock): string {
  return `${clock.timeZone}|${clock.dayStartHour}`;
}

/** The study day an instant belongs to: local time before the day-start hour counts as the day before. */
export function studyDayOf(at: number, clock: StudyClock): StudyDay {
  return cachedBounds(clockKey(clock), at)?.day ?? computeStudyDay(at, clock);
}

/** The first instant whose study day is `day` or later (a skipped day starts where the next one does). */
function firstInstantFrom(day: StudyDay, clock: StudyClock): number {
  const isFromDay = (at: number): boolean => computeStudyDay(at, clock) >= day;
  const naive = dayMidnight(day) + clock.dayStartHour * hourMs;
  // Two offset passes land exactly unless the start falls in a DST gap.
  const first = naive - (wallClockAt(naive, clock.timeZone) - naive);
  const guess = naive - (wallClockAt(first, clock.timeZone) - first);
  if (isFromDay(guess) && !isFromDay(guess - 1)) return guess;
  // Offsets span -12h..+14h and a day may be skipped: the start lies within these bounds.
  let low = naive - 26 * hourMs;
  let high = naive + 40 * hourMs;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (isFromDay(mid)) high = mid;
    else low = mid;
  }
  return high;
}

/** The study day containing `at` with its first instant and the first instant of the next one. */
export function studyDayBounds(at: number, clock: StudyClock): StudyDayBounds {
  const key = clockKey(clock);
  const cached = cachedBounds(key, at);
  if (cached !== undefined) return cached;
  const day = computeStudyDay(at, clock);
  const bounds = { day, start: firstInstantFrom(day, clock), end: firstInstantFrom(addDays(day, 1), clock) };
  const days = recentBounds.get(key);
  if (days === undefined) {
    if (recentBounds.size >= recentBoundsLimit) recentBounds.clear();
    recentBounds.set(key, [bounds]);
  } else {
    days.unshift(bounds);
    if (days.length > daysPerClock) days.pop();
  }
  return bounds;
}

/** The instant the study day containing `at` began. */
export function startOfStudyDay(at: number, clock: StudyClock): number {
  return studyDayBounds(at, clock).start;
}

/** The instant the study day after the one containing `at` begins. */
export function startOfNextStudyDay(at: number, clock: StudyClock): number {
  return studyDayBounds(at, clock).end;
}
