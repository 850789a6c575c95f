import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, dateOfUtc, isoWeekdayOf, utcOfDate } from './calendar-date.ts';
import { localDateOf, localMinuteOf, offsetAt, resolveLocalTime, wallClockAt } from './zoned.ts';

// Zone arithmetic under many runs: generous, as a loaded machine runs these far slower than 5 s.
const PROPERTY_TIMEOUT_MS = 30_000;

const iso = (at: number): string => new Date(at).toISOString();

describe('calendar dates', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(dateOfUtc(utcOfDate('0050-06-15'))).toBe('0050-06-15');
  });

  it('names ISO weekdays, Monday 1 to Sunday 7', () => {
    expect(isoWeekdayOf('2026-11-23')).toBe(1);
    expect(isoWeekdayOf('2026-11-29')).toBe(7);
  });

  it('throws on a malformed date (programmer error)', () => {
    expect(() => utcOfDate('27/11/2026')).toThrow(RangeError);
  });
});

describe('wall clock and offsets', () => {
  it('reads local time and offsets, including half- and quarter-hour zones', () => {
    const at = Date.parse('2026-11-27T12:00:00Z');
    expect(iso(wallClockAt(at, 'Asia/Kolkata'))).toBe('2026-11-27T17:30:00.000Z');
    expect(offsetAt(at, 'Pacific/Chatham')).toBe((13 * 60 + 45) * 60_000);
    expect(offsetAt(at, 'Australia/Lord_Howe')).toBe(11 * 3_600_000);
    expect(localDateOf(Date.parse('2026-11-27T23:30:00Z'), 'Pacific/Auckland')).toBe('2026-11-28');
    expect(localMinuteOf(at, 'America/New_York')).toBe(7 * 60);
  });

  it('throws on an unknown zone (validate first)', () => {
    expect(() => wallClockAt(0, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('resolveLocalTime', () => {
  const cases: [string, string, string, string, 'exact' | 'earlier' | 'gap'][] = [
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:00:00.000Z', 'gap'],
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z', 'earlier'],
    ['Europe/Berlin', '2026-03-29', '02:30', '2026-03-29T01:00:00.000Z', 'gap'],
    ['Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T00:30:00.000Z', 'earlier'],
    // Lord Howe moves its clocks by 30 minutes: 02:00 -> 02:30 and 02:00 -> 01:30.
    ['Australia/Lord_Howe', '2026-10-04', '02:15', '2026-10-03T15:30:00.000Z', 'gap'],
    ['Australia/Lord_Howe', '2026-04-05', '01:45', '2026-04-04T14:45:00.000Z', 'earlier'],
    // Chatham: 02:45 -> 03:45 and 03:45 -> 02:45.
    ['Pacific/Chatham', '2026-09-27', '02:50', '2026-09-26T14:00:00.000Z', 'gap'],
    ['Pacific/Chatham', '2026-04-05', '03:15', '2026-04-04T13:30:00.000Z', 'earlier'],
    ['Asia/Kolkata', '2026-11-27', '09:00', '2026-11-27T03:30:00.000Z', 'exact'],
    // Santiago's clocks skip midnight: 00:00 -> 01:00.
    ['America/Santiago', '2026-09-06', '00:30', '2026-09-06T04:00:00.000Z', 'gap'],
  ];
  it.each(cases)('%s %s %s', (zone, date, time, expected, kind) => {
    const [hour, minute] = time.split(':').map(Number);
    const resolved = resolveLocalTime(date, (hour ?? 0) * 60 + (minute ?? 0), zone);
    expect({ at: iso(resolved.at), kind: resolved.kind }).toEqual({ at: expected, kind });
  });

  it('lands on the next day when the whole rest of the day was skipped (Samoa, 30 December 2011)', () => {
    const resolved = resolveLocalTime('2011-12-30', 9 * 60, 'Pacific/Apia');
    expect(resolved.kind).toBe('gap');
    expect(localDateOf(resolved.at, 'Pacific/Apia')).toBe('2011-12-31');
  });

  const zones = [
    'UTC',
    'America/New_York',
    'Europe/Berlin',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'Pacific/Chatham',
    'America/Santiago',
    'Pacific/Auckland',
  ];
  it(
    'inverts the wall clock: an existing local time resolves to an instant showing it',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...zones),
          fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }),
          (zone, raw) => {
            const at = Math.floor(raw / 60_000) * 60_000;
            const resolved = resolveLocalTime(localDateOf(at, zone), localMinuteOf(at, zone), zone);
            expect(wallClockAt(resolved.at, zone)).toBe(wallClockAt(at, zone));
            // The first occurrence: never later than the instant we started from.
            expect(resolved.at).toBeLessThanOrEqual(at);
            expect(resolved.kind).not.toBe('gap');
          },
        ),
        { numRuns: 500 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
