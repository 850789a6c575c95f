import { err, ok, type Result } from '../result.ts';
import { addCalendarDays, isoWeekdayOf, type CalendarDate } from '../time/calendar-date.ts';
import { parseTimeZone, type TimeZoneError } from '../time/time-zone.ts';
import { localDateOf, resolveLocalTime } from '../time/zoned.ts';

/** A day of the week, as stored and as typed in short. */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** The week from Monday (ISO order): index + 1 is the ISO weekday number. */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** A local time of day, 24-hour clock. */
export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

/** When a server's daily question goes out: a local time on some weekdays in one IANA zone. */
export interface DailySchedule {
  readonly time: TimeOfDay;
  /** IANA zone name, as returned by {@link parseTimeZone}. */
  readonly timeZone: string;
  /** The days it posts on, in week order, at least one. */
  readonly days: readonly Weekday[];
  /** How long answers stay open; when absent, until an hour before the next post (at most 24 hours). */
  readonly closeAfterMinutes?: number;
}

/** Why part of a schedule was refused, with a message fit to show a user. */
export type DailyScheduleError =
  | TimeZoneError
  | { readonly code: 'invalid-time'; readonly input: string; readonly message: string }
  | { readonly code: 'invalid-days'; readonly input: string; readonly message: string }
  | { readonly code: 'invalid-duration'; readonly input: string; readonly message: string };

/** Reads "HH:MM" on a 24-hour clock ("09:00", "9:00", "23:59"). */
export function parseTimeOfDay(input: string): Result<TimeOfDay, DailyScheduleError> {
  const match = /^(\d{1,2}):(\d{2})$/.exec(input.trim());
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (!match || hour > 23 || minute > 59) {
    return err({
      code: 'invalid-time',
      input,
      message: `"${input.trim()}" is not a time: use HH:MM on a 24-hour clock, from 00:00 to 23:59 (for example 09:00 or 18:30).`,
    });
  }
  return ok({ hour, minute });
}

/** "09:05". */
export function formatTimeOfDay(time: TimeOfDay): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

const DAY_WORDS = new Map<string, Weekday>(
  WEEKDAYS.flatMap((day) => {
    const full = WEEKDAY_NAMES[day].toLowerCase();
    return [
      [day, day],
      [full, day],
    ];
  }),
);
for (const [word, day] of [
  ['tues', 'tue'],
  ['wednes', 'wed'],
  ['thur', 'thu'],
  ['thurs', 'thu'],
] as const) {
  DAY_WORDS.set(word, day);
}

const DAYS_HELP = 'every-day, weekdays, weekends or a list of days such as mon,wed,fri';

/**
 * Reads the days a schedule posts on: `every-day` (also "every day", "daily"; the default when blank),
 * `weekdays` (Monday to Friday), `weekends`, or a list of days ("mon,wed,fri", "Monday Thursday").
 * Case-insensitive; returns the days in week order without repeats.
 */
export function parseWeekdays(typed: string | undefined): Result<Weekday[], DailyScheduleError> {
  const input = typed ?? '';
  const text = input.trim().toLowerCase();
  if (['', 'every-day', 'every day', 'everyday', 'daily', 'all'].includes(text)) return ok([...WEEKDAYS]);
  if (['weekdays', 'weekday'].includes(text)) return ok(WEEKDAYS.slice(0, 5));
  if (['weekends', 'weekend'].includes(text)) return ok(WEEKDAYS.slice(5));
  const words = text.split(/[\s,;]+/).filter((word) => word !== '');
  const days = new Set<Weekday>();
  for (const word of words) {
    const day = DAY_WORDS.get(word);
    if (day === undefined) {
      return err({
        code: 'invalid-days',
        input,
        message: `"${word}" is not a day: use ${DAYS_HELP}.`,
      });
    }
    days.add(day);
  }
  if (days.size === 0) {
    return err({ code: 'invalid-days', input, message: `Name at least one day: use ${DAYS_HELP}.` });
  }
  return ok(WEEKDAYS.filter((day) => days.has(day)));
}

/** The longest answers may stay open: a question closes within a day of its post. */
export const MAX_CLOSE_AFTER_MINUTES = 24 * 60;

/** Reads how long answers stay open: "45m", "2h", "1h30m", or a number of minutes ("90"); 1 minute to 24 h. */
export function parseCloseAfter(input: string): Result<number, DailyScheduleError> {
  const text = input.trim().toLowerCase().replace(/\s+/g, '');
  const match = /^(?:(\d+)h)?(?:(\d+)m?)?$/.exec(text);
  const minutes = match && text !== '' ? Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0) : NaN;
  if (!(minutes >= 1 && minutes <= MAX_CLOSE_AFTER_MINUTES)) {
    return err({
      code: 'invalid-duration',
      input,
      message: `"${input.trim()}" is not a duration from 1 minute to 24 hours: write 45m, 2h or 1h30m.`,
    });
  }
  return ok(minutes);
}

/** What a `/daily setup` command was given, as typed. */
export interface DailyScheduleInput {
  readonly time: string;
  readonly timeZone: string;
  readonly days?: string | undefined;
  readonly closeAfter?: string | undefined;
}

/** Validates every part of a schedule; the first problem found is returned. */
export function parseDailySchedule(input: DailyScheduleInput): Result<DailySchedule, DailyScheduleError> {
  const time = parseTimeOfDay(input.time);
  if (!time.ok) return time;
  const timeZone = parseTimeZone(input.timeZone);
  if (!timeZone.ok) return timeZone;
  const days = parseWeekdays(input.days);
  if (!days.ok) return days;
  if (input.closeAfter === undefined || input.closeAfter.trim() === '') {
    return ok({ time: time.value, timeZone: timeZone.value, days: days.value });
  }
  const closeAfter = parseCloseAfter(input.closeAfter);
  if (!closeAfter.ok) return closeAfter;
  return ok({
    time: time.value,
    timeZone: timeZone.value,
    days: days.value,
    closeAfterMinutes: closeAfter.value,
  });
}

function listWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

function daysInWords(days: readonly Weekday[]): string {
  const key = days.join(',');
  if (key === WEEKDAYS.join(',')) return 'Every day';
  if (key === WEEKDAYS.slice(0, 5).join(',')) return 'Every weekday';
  if (key === WEEKDAYS.slice(5).join(',')) return 'Every Saturday and Sunday';
  return `Every ${listWords(days.map((day) => WEEKDAY_NAMES[day]))}`;
}

function durationInWords(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [
    ...(hours > 0 ? [`${hours} hour${hours === 1 ? '' : 's'}`] : []),
    ...(rest > 0 ? [`${rest} minute${rest === 1 ? '' : 's'}`] : []),
  ];
  return parts.join(' ');
}

/** The schedule in words: "Every weekday at 09:00 (Europe/Berlin)", plus how long answers stay open if set. */
export function describeSchedule(schedule: DailySchedule): string {
  const base = `${daysInWords(schedule.days)} at ${formatTimeOfDay(schedule.time)} (${schedule.timeZone})`;
  return schedule.closeAfterMinutes === undefined
    ? base
    : `${base}, open for ${durationInWords(schedule.closeAfterMinutes)}`;
}

/** One post of a daily question: when it goes out and the local date it belongs to. */
export interface DailyPost {
  /** Epoch milliseconds. */
  readonly at: number;
  /** The post's local date in the schedule's zone, "YYYY-MM-DD": the key for job ids and nonces. */
  readonly date: CalendarDate;
}

/**
 * The post a schedule makes on a local date, or undefined when that date is not a posting day or the
 * clocks skipped the rest of it (Samoa skipped 30 December 2011). A time in a daylight-saving gap posts at
 * the first valid moment (02:30 on a 02:00 → 03:00 night posts at 03:00); a time that happens twice posts at
 * its first occurrence.
 */
export function dailyPostOn(schedule: DailySchedule, date: CalendarDate): DailyPost | undefined {
  if (!schedule.days.includes(WEEKDAYS[isoWeekdayOf(date) - 1] ?? 'mon')) return undefined;
  const { at, kind } = resolveLocalTime(
    date,
    schedule.time.hour * 60 + schedule.time.minute,
    schedule.timeZone,
  );
  return kind !== 'gap' || localDateOf(at, schedule.timeZone) === date ? { at, date } : undefined;
}

// A week of days and a skipped date fit well within this; local dates never go backwards (a fall-back at
// midnight repeats the last hour of the old date), so no earlier date needs a look.
const searchDays = 16;

/**
 * The next post strictly after `now`: call it again with a post's own instant to get the one after.
 * Never skips an allowed local date that has the posting time (or a gap covering it), never posts twice on
 * one local date.
 */
export function nextDailyPost(schedule: DailySchedule, now: number): DailyPost {
  assertHasDays(schedule);
  const today = localDateOf(now, schedule.timeZone);
  for (let offset = 0; offset < searchDays; offset++) {
    const post = dailyPostOn(schedule, addCalendarDays(today, offset));
    if (post !== undefined && post.at > now) return post;
  }
  throw new RangeError(`no post within ${searchDays} days of ${new Date(now).toISOString()}`);
}

/** The latest post at or before `now` (the one the bot may still owe after a restart). */
export function previousDailyPost(schedule: DailySchedule, now: number): DailyPost {
  assertHasDays(schedule);
  const today = localDateOf(now, schedule.timeZone);
  for (let offset = 0; offset > -searchDays; offset--) {
    const post = dailyPostOn(schedule, addCalendarDays(today, offset));
    if (post !== undefined && post.at <= now) return post;
  }
  throw new RangeError(`no post within ${searchDays} days before ${new Date(now).toISOString()}`);
}

function assertHasDays(schedule: DailySchedule): void {
  if (schedule.days.length === 0) throw new RangeError('a daily schedule needs at least one day');
}

/** The job id of a server's post on a local date: `daily:<guild>:<date>`. */
export function dailyJobId(guildId: string, date: CalendarDate): string {
  return `daily:${guildId}:${date}`;
}

/**
 * A Discord message nonce (at most 25 characters) derived from the job id, so a retried post is
 * deduplicated by Discord: "d" + the guild snowflake in base 36 + the date's digits.
 * Throws on a guild id that is not a snowflake (programmer error).
 */
export function dailyPostNonce(guildId: string, date: CalendarDate): string {
  if (!/^\d{1,20}$/.test(guildId)) throw new RangeError(`not a snowflake: ${guildId}`);
  return `d${BigInt(guildId).toString(36)}${date.replaceAll('-', '')}`;
}
