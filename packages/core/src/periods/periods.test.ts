import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dayKey,
  isoWeekKey,
  monthKey,
  periodKeysOf,
  periodOf,
  periodResetsAt,
  type PeriodKind,
} from './periods.ts';

// Zone arithmetic under many runs: generous, as a loaded machine runs these far slower than 5 s.
const PROPERTY_TIMEOUT_MS = 30_000;

const at = (text: string): number => Date.parse(text);
const iso = (ms: number): string => new Date(ms).toISOString();
const span = (ms: number, timeZone: string, kind: PeriodKind): [string, string, string] => {
  const period = periodOf(ms, timeZone, kind);
  return [period.key, iso(period.start), iso(period.end)];
};

describe('period keys', () => {
  it('names the local day, ISO week and month', () => {
    const now = at('2026-11-27T16:20:00Z');
    expect([
      dayKey(now, 'Europe/Berlin'),
      isoWeekKey(now, 'Europe/Berlin'),
      monthKey(now, 'Europe/Berlin'),
    ]).toEqual(['2026-11-27', '2026-W48', '2026-11']);
    // Already the 28th in Auckland (+13:00), and the first of a month in Kiritimati (+14:00).
    expect(dayKey(at('2026-11-27T23:30:00Z'), 'Pacific/Auckland')).toBe('2026-11-28');
    expect(monthKey(at('2026-11-30T10:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-12');
  });

  it('puts the turn of the year in the right ISO week, including week 53', () => {
    expect(isoWeekKey(at('2026-12-31T12:00:00Z'), 'UTC')).toBe('2026-W53');
    expect(isoWeekKey(at('2027-01-03T12:00:00Z'), 'UTC')).toBe('2026-W53');
    expect(isoWeekKey(at('2027-01-04T12:00:00Z'), 'UTC')).toBe('2027-W01');
    expect(isoWeekKey(at('2021-01-01T12:00:00Z'), 'UTC')).toBe('2020-W53');
    expect(isoWeekKey(at('2024-12-30T12:00:00Z'), 'UTC')).toBe('2025-W01');
    // 23:30 UTC on 31 December is already 2027 in Berlin.
    const newYear = at('2026-12-31T23:30:00Z');
    expect([dayKey(newYear, 'Europe/Berlin'), monthKey(newYear, 'Europe/Berlin')]).toEqual([
      '2027-01-01',
      '2027-01',
    ]);
    expect([dayKey(newYear, 'America/New_York'), monthKey(newYear, 'America/New_York')]).toEqual([
      '2026-12-31',
      '2026-12',
    ]);
  });

  it('throws on an unknown zone (validate it first)', () => {
    expect(() => dayKey(0, 'Mars/Olympus')).toThrow(RangeError);
    expect(() => periodKeysOf(0, 'Mars/Olympus')).toThrow(RangeError);
  });

  it('gives all three keys of an instant at once, in the zone asked', () => {
    // Sunday 23:30 in Los Angeles is already Monday (a new ISO week) in UTC, and a new month.
    const late = at('2026-03-02T07:30:00Z');
    expect(periodKeysOf(late, 'America/Los_Angeles')).toEqual({
      day: '2026-03-01',
      week: '2026-W09',
      month: '2026-03',
    });
    expect(periodKeysOf(at('2026-03-01T07:30:00Z'), 'America/Los_Angeles')).toEqual({
      day: '2026-02-28',
      week: '2026-W09',
      month: '2026-02',
    });
    expect(periodKeysOf(late, 'UTC')).toEqual({ day: '2026-03-02', week: '2026-W10', month: '2026-03' });
  });
});

describe('periodOf', () => {
  it('spans 23 and 25 hours on the days Berlin changes its clocks', () => {
    expect(span(at('2026-03-29T12:00:00Z'), 'Europe/Berlin', 'day')).toEqual([
      '2026-03-29',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
    expect(span(at('2026-10-25T12:00:00Z'), 'Europe/Berlin', 'day')).toEqual([
      '2026-10-25',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
    ]);
  });

  it('starts a day at 01:00 where the clocks skip midnight (Santiago)', () => {
    expect(periodResetsAt(at('2026-09-05T12:00:00Z'), 'America/Santiago', 'day')).toBe(
      at('2026-09-06T04:00:00Z'),
    );
    expect(span(at('2026-09-06T12:00:00Z'), 'America/Santiago', 'day')[1]).toBe('2026-09-06T04:00:00.000Z');
  });

  it('resets weeks at Monday midnight across a DST change (New York)', () => {
    expect(span(at('2026-03-08T12:00:00Z'), 'America/New_York', 'week')).toEqual([
      '2026-W10',
      '2026-03-02T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
    ]);
  });

  it('resets months at local midnight on the first, in half- and quarter-hour zones', () => {
    expect(span(at('2026-11-27T12:00:00Z'), 'Asia/Kolkata', 'month')).toEqual([
      '2026-11',
      '2026-10-31T18:30:00.000Z',
      '2026-11-30T18:30:00.000Z',
    ]);
    expect(span(at('2026-12-15T00:00:00Z'), 'Pacific/Chatham', 'month')).toEqual([
      '2026-12',
      '2026-11-30T10:15:00.000Z',
      '2026-12-31T10:15:00.000Z',
    ]);
    // Lord Howe is +11:00 in summer: the year ends at 13:00 UTC on 31 December.
    expect(periodResetsAt(at('2026-12-31T12:00:00Z'), 'Australia/Lord_Howe', 'month')).toBe(
      at('2026-12-31T13:00:00Z'),
    );
  });

  const zones = [
    'UTC',
    'America/New_York',
    'Europe/Berlin',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'Pacific/Chatham',
    'America/Santiago',
    'Pacific/Apia',
  ];
  it(
    'property: the period holds the instant, its end starts the next period, keys change only at the end',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...zones),
          fc.constantFrom<PeriodKind>('day', 'week', 'month'),
          fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2045, 0, 1) }),
          (timeZone, kind, now) => {
            const period = periodOf(now, timeZone, kind);
            expect(period.start).toBeLessThanOrEqual(now);
            expect(now).toBeLessThan(period.end);
            expect(periodOf(period.start, timeZone, kind).key).toBe(period.key);
            expect(periodOf(period.end - 1, timeZone, kind).key).toBe(period.key);
            const next = periodOf(period.end, timeZone, kind);
            expect(next.key > period.key).toBe(true);
            expect(next.start).toBe(period.end);
          },
        ),
        { numRuns: 500 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
