import { describe, expect, it } from 'vitest';
import { grade, withSuspended } from './grade.ts';
import { forecastReviews } from './forecast.ts';
import type { CardState } from './types.ts';

const clock = { timeZone: 'America/New_York', dayStartHour: 4 };
// 2026-03-07 12:00 EST; DST starts the next night.
const now = Date.parse('2026-03-07T17:00:00Z');
const hour = 3_600_000;
const base = grade(undefined, 'easy', now - 10 * 24 * hour).state;
const due = (at: number): CardState => ({ ...base, phase: 'review', due: at });

describe('forecastReviews', () => {
  it('counts overdue on day 0 and the rest by local study day across a DST change', () => {
    const states = new Map([
      ['overdue', due(now - 48 * hour)],
      ['tonight', due(Date.parse('2026-03-08T08:30:00Z'))], // 04:30 EDT, after the jump: 2026-03-08
      ['early', due(Date.parse('2026-03-08T07:30:00Z'))], // 03:30 EDT: still 2026-03-07
      ['day2', due(Date.parse('2026-03-09T20:00:00Z'))],
    ]);
    const forecast = forecastReviews({ states, cardIds: [...states.keys()], now, clock, days: 3 });
    expect(forecast).toEqual([
      { day: '2026-03-07', count: 2 },
      { day: '2026-03-08', count: 1 },
      { day: '2026-03-09', count: 1 },
    ]);
  });

  it('leaves out new, suspended, foreign and out-of-horizon cards', () => {
    const states = new Map([
      ['sus', withSuspended(due(now), true)],
      ['far', due(now + 100 * 24 * hour)],
      ['foreign', due(now)],
    ]);
    const forecast = forecastReviews({ states, cardIds: ['sus', 'far', 'never-seen'], now, clock, days: 2 });
    expect(forecast.map((d) => d.count)).toEqual([0, 0]);
  });

  it('returns nothing for a zero-day horizon', () => {
    expect(forecastReviews({ states: new Map(), cardIds: [], now, clock, days: 0 })).toEqual([]);
  });
});
