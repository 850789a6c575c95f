import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  startOfNextStudyDay,
  startOfStudyDay,
  studyDayOf,
  validateDayStartHour,
  validateStudyClock,
  validateTimeZone,
} from './study-day.ts';
import type { StudyClock } from './study-day.ts';

const iso = (at: number): string => new Date(at).toISOString();
const auckland: StudyClock = { timeZone: 'Pacific/Auckland', dayStartHour: 4 };
const newYork: StudyClock = { timeZone: 'America/New_York', dayStartHour: 4 };

describe('studyDayOf', () => {
  it('counts 23:30 in Auckland as that local day, not the UTC one', () => {
    // 2026-03-10 23:30 NZDT is 10:30 UTC the same date; 2026-03-11 00:30 NZDT is 11:30 UTC on the 10th.
    expect(studyDayOf(Date.parse('2026-03-10T10:30:00Z'), auckland)).toBe('2026-03-10');
    expect(studyDayOf(Date.parse('2026-03-10T11:30:00Z'), auckland)).toBe('2026-03-10');
  });

  it('puts local times before the day-start hour on the previous day', () => {
    // 03:59 and 04:00 New York (EST, UTC-5).
    expect(studyDayOf(Date.parse('2026-01-15T08:59:59Z'), newYork)).toBe('2026-01-14');
    expect(studyDayOf(Date.parse('2026-01-15T09:00:00Z'), newYork)).toBe('2026-01-15');
  });

  it('uses midnight when the day-start hour is 0', () => {
    const utc = { timeZone: 'UTC', dayStartHour: 0 };
    expect(studyDayOf(Date.parse('2026-12-31T23:59:59Z'), utc)).toBe('2026-12-31');
    expect(studyDayOf(Date.parse('2027-01-01T00:00:00Z'), utc)).toBe('2027-01-01');
  });

  it('throws on an unvalidated zone (programmer error)', () => {
    expect(() => studyDayOf(0, { timeZone: 'Mars/Olympus', dayStartHour: 4 })).toThrow(RangeError);
  });
});

describe('study day boundaries', () => {
  it('finds the start of today and tomorrow in a plain day', () => {
    const at = Date.parse('2026-03-10T10:30:00Z');
    expect(iso(startOfStudyDay(at, auckland))).toBe('2026-03-09T15:00:00.000Z');
    expect(iso(startOfNextStudyDay(at, auckland))).toBe('2026-03-10T15:00:00.000Z');
  });

  it('answers right for days asked in turn (the queue asks about today and a later day on every answer)', () => {
    const clock = { timeZone: 'Europe/Berlin', dayStartHour: 4 };
    const today = Date.parse('2026-03-10T12:00:00Z');
    const later = Date.parse('2026-03-20T12:00:00Z');
    for (let i = 0; i < 3; i += 1) {
      expect(iso(startOfNextStudyDay(today, clock))).toBe('2026-03-11T03:00:00.000Z');
      expect(iso(startOfStudyDay(later, clock))).toBe('2026-03-20T03:00:00.000Z');
      // Edge: the last instant before the next day starts still belongs to today.
      expect(studyDayOf(Date.parse('2026-03-11T02:59:59.999Z'), clock)).toBe('2026-03-10');
    }
  });

  it('handles the spring-forward gap: 02:00 does not exist on 2026-03-08 in New York', () => {
    const clock = { timeZone: 'America/New_York', dayStartHour: 2 };
    const at = Date.parse('2026-03-08T12:00:00Z');
    // The day starts at the first instant after the gap: 03:00 EDT = 07:00 UTC; the day is 23 hours long.
    expect(iso(startOfStudyDay(at, clock))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(startOfNextStudyDay(at, clock))).toBe('2026-03-09T06:00:00.000Z');
    expect(studyDayOf(Date.parse('2026-03-08T06:59:59Z'), clock)).toBe('2026-03-07');
  });

  it('handles the fall-back overlap: the first 01:00 starts the day (25-hour day)', () => {
    const clock = { timeZone: 'America/New_York', dayStartHour: 1 };
    const at = Date.parse('2026-11-01T12:00:00Z');
    expect(iso(startOfStudyDay(at, clock))).toBe('2026-11-01T05:00:00.000Z');
    expect(startOfNextStudyDay(at, clock) - startOfStudyDay(at, clock)).toBe(25 * 3_600_000);
  });

  it('skips a date the zone skipped (Samoa jumped over 2011-12-30)', () => {
    const clock = { timeZone: 'Pacific/Apia', dayStartHour: 0 };
    const next = startOfNextStudyDay(Date.parse('2011-12-29T12:00:00Z'), clock);
    expect(studyDayOf(next, clock)).toBe('2011-12-31');
    expect(studyDayOf(next - 1, clock)).toBe('2011-12-29');
  });

  it('maps every instant to exactly one study day whose bounds contain it (property)', () => {
    const zones = [
      'UTC',
      'Pacific/Auckland',
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
      'America/Santiago',
      'Pacific/Apia',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: Date.UTC(2010, 0, 1), max: Date.UTC(2035, 0, 1) }),
        (timeZone, dayStartHour, at) => {
          const clock = { timeZone, dayStartHour };
          const start = startOfStudyDay(at, clock);
          const next = startOfNextStudyDay(at, clock);
          expect(start).toBeLessThanOrEqual(at);
          expect(next).toBeGreaterThan(at);
          expect(studyDayOf(start, clock)).toBe(studyDayOf(at, clock));
          expect(studyDayOf(next - 1, clock)).toBe(studyDayOf(at, clock));
          expect(studyDayOf(start - 1, clock) < studyDayOf(at, clock)).toBe(true);
          expect(studyDayOf(next, clock) > studyDayOf(at, clock)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps that invariant within hours of DST transitions and a skipped day (property)', () => {
    const transitions: readonly (readonly [string, string])[] = [
      ['America/New_York', '2026-03-08T07:00:00Z'],
      ['America/New_York', '2026-11-01T06:00:00Z'],
      ['Pacific/Auckland', '2026-04-04T14:00:00Z'],
      ['Pacific/Auckland', '2026-09-26T14:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
      ['America/Santiago', '2026-04-05T03:00:00Z'],
      ['America/Santiago', '2026-09-06T04:00:00Z'],
      ['Pacific/Apia', '2011-12-30T10:00:00Z'],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...transitions),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: -30 * 3_600_000, max: 30 * 3_600_000 }),
        ([timeZone, transition], dayStartHour, offset) => {
          const clock = { timeZone, dayStartHour };
          const at = Date.parse(transition) + offset;
          const start = startOfStudyDay(at, clock);
          const next = startOfNextStudyDay(at, clock);
          expect(start <= at && at < next).toBe(true);
          expect(studyDayOf(start, clock)).toBe(studyDayOf(at, clock));
          expect(studyDayOf(start - 1, clock) < studyDayOf(at, clock)).toBe(true);
          expect(studyDayOf(next, clock) > studyDayOf(at, clock)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('validation', () => {
  it('accepts IANA zones and returns the canonical name', () => {
    expect(validateTimeZone('Pacific/Auckland')).toEqual({ ok: true, value: 'Pacific/Auckland' });
    expect(validateTimeZone('utc').ok).toBe(true);
    // The current name, though ICU (Node 20, 22 and 24) lists the old one (Asia/Calcutta), and the proper case.
    expect(validateTimeZone('Asia/Kolkata')).toEqual({ ok: true, value: 'Asia/Kolkata' });
    expect(validateTimeZone('europe/berlin')).toEqual({ ok: true, value: 'Europe/Berlin' });
  });

  it('refuses unknown zones and bad hours with typed errors', () => {
    expect(validateTimeZone('Mars/Olympus')).toEqual({
      ok: false,
      error: { kind: 'invalid-time-zone', timeZone: 'Mars/Olympus' },
    });
    expect(validateTimeZone('')).toMatchObject({ ok: false });
    for (const hour of [-1, 24, 4.5, Number.NaN]) {
      expect(validateDayStartHour(hour)).toEqual({
        ok: false,
        error: { kind: 'invalid-day-start-hour', hour },
      });
    }
  });

  it('accepts the edge hours 0 and 23 and validates a whole clock', () => {
    expect(validateDayStartHour(0)).toEqual({ ok: true, value: 0 });
    expect(validateDayStartHour(23)).toEqual({ ok: true, value: 23 });
    expect(validateStudyClock({ timeZone: 'Europe/Paris', dayStartHour: 24 })).toMatchObject({ ok: false });
    expect(validateStudyClock({ timeZone: 'Europe/Paris', dayStartHour: 4 }).ok).toBe(true);
  });
});

describe('addDays', () => {
  it('moves across month and year ends, forwards and backwards', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-05-05', 0)).toBe('2026-05-05');
  });
});
