import { formatInterval } from '@portdeck/core';

const formatters = new Map<string, { time: Intl.DateTimeFormat; date: Intl.DateTimeFormat }>();

function formattersFor(timeZone: string): { time: Intl.DateTimeFormat; date: Intl.DateTimeFormat } {
  let entry = formatters.get(timeZone);
  if (entry === undefined) {
    entry = {
      time: new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
      date: new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }),
    };
    formatters.set(timeZone, entry);
  }
  return entry;
}

/** Local clock time in a zone: "04:00". */
export function localTime(at: number, timeZone: string): string {
  return formattersFor(timeZone).time.format(at);
}

/** Local date and time in a zone: "Wed 25 Nov, 04:00". */
export function localDateTime(at: number, timeZone: string): string {
  const { date, time } = formattersFor(timeZone);
  return `${date.format(at).replace(',', '')}, ${time.format(at)}`;
}

/** When something happens, relative and local: "now", "in 10m (19:13)", "in 4d (Sat 28 Nov, 04:00)". */
export function formatWhen(at: number, now: number, timeZone: string): string {
  if (at <= now) return 'now';
  const sameDay = localDateTime(at, timeZone).split(', ')[0] === localDateTime(now, timeZone).split(', ')[0];
  return `in ${formatInterval(at - now)} (${sameDay ? localTime(at, timeZone) : localDateTime(at, timeZone)})`;
}

/** A study day name "2026-11-25" as "Wed 25 Nov". */
export function studyDayLabel(day: string): string {
  return formattersFor('UTC')
    .date.format(Date.parse(`${day}T12:00:00Z`))
    .replace(',', '');
}

/** A day-start hour as "04:00". */
export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}
