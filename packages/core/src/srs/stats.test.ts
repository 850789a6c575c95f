import { describe, expect, it } from 'vitest';
import { retention, reviewsToday, studyStreak, todayProgress } from './stats.ts';
import type { ReviewFact } from './types.ts';

const hour = 3_600_000;
const day = 24 * hour;
const clock = { timeZone: 'Pacific/Auckland', dayStartHour: 4 };
// 2026-06-15 12:00 NZST (UTC+12).
const now = Date.parse('2026-06-15T00:00:00Z');

describe('retention', () => {
  const log: ReviewFact[] = [
    { rating: 'good', reviewedAt: now - hour, phaseBefore: 'review' },
    { rating: 'again', reviewedAt: now - 2 * hour, phaseBefore: 'review' },
    { rating: 'hard', reviewedAt: now - 3 * hour, phaseBefore: 'review' },
    { rating: 'again', reviewedAt: now - 4 * hour, phaseBefore: 'learning' },
    { rating: 'good', reviewedAt: now - 40 * day, phaseBefore: 'review' },
  ];

  it('counts review-phase answers not rated again, inside the window', () => {
    expect(retention(log, { from: now - 30 * day, to: now })).toEqual({ reviews: 3, passed: 2, rate: 2 / 3 });
  });

  it('has no rate without reviews', () => {
    expect(retention(log, { from: now, to: now + day })).toEqual({ reviews: 0, passed: 0, rate: null });
  });

  it('treats the window as half-open', () => {
    expect(retention(log, { from: now - hour, to: now - hour + 1 }).reviews).toBe(1);
    expect(retention(log, { from: now - 2 * hour + 1, to: now - hour }).reviews).toBe(0);
  });
});

describe('studyStreak', () => {
  it('counts consecutive local study days ending today', () => {
    // Today (from 04:00 NZST), yesterday at 23:30 local, and the day before at 05:00 local.
    const times = [now - hour, Date.parse('2026-06-14T11:30:00Z'), Date.parse('2026-06-12T17:00:00Z')];
    expect(studyStreak(times, now, clock)).toEqual({ days: 3, includesToday: true });
  });

  it('keeps a streak alive until today ends, and breaks on a gap', () => {
    const yesterday = Date.parse('2026-06-14T00:00:00Z');
    expect(studyStreak([yesterday], now, clock)).toEqual({ days: 1, includesToday: false });
    expect(studyStreak([now - 3 * day], now, clock)).toEqual({ days: 0, includesToday: false });
    expect(studyStreak([], now, clock)).toEqual({ days: 0, includesToday: false });
  });

  it('counts 03:00 local as the previous study day with a 04:00 day start', () => {
    // 2026-06-15 03:00 NZST belongs to 2026-06-14; with one review at 05:00 on the 14th that is one day.
    const times = [Date.parse('2026-06-14T15:00:00Z'), Date.parse('2026-06-13T17:00:00Z')];
    expect(studyStreak(times, now, clock)).toEqual({ days: 1, includesToday: false });
  });
});

describe('todayProgress and reviewsToday', () => {
  const log: ReviewFact[] = [
    { rating: 'good', reviewedAt: now - hour, phaseBefore: 'new' },
    { rating: 'good', reviewedAt: now - 2 * hour, phaseBefore: 'review' },
    { rating: 'again', reviewedAt: now - 3 * hour, phaseBefore: 'learning' },
    { rating: 'good', reviewedAt: Date.parse('2026-06-14T15:59:59Z'), phaseBefore: 'review' }, // 03:59:59 local
  ];

  it('splits today by what the daily limits count', () => {
    expect(todayProgress(log, now, clock)).toEqual({ newIntroduced: 1, reviewsDone: 1, total: 3 });
    expect(reviewsToday(log, now, clock)).toBe(3);
  });

  it('counts cram answers in the total only: cramming never uses up a daily limit', () => {
    const withCram: ReviewFact[] = [
      ...log,
      { rating: 'good', reviewedAt: now - hour, phaseBefore: 'new', mode: 'cram' },
      { rating: 'good', reviewedAt: now - hour, phaseBefore: 'review', mode: 'cram' },
    ];
    expect(todayProgress(withCram, now, clock)).toEqual({ newIntroduced: 1, reviewsDone: 1, total: 5 });
  });

  it('is empty on a fresh day', () => {
    expect(reviewsToday(log, now + day, clock)).toBe(0);
  });
});
