import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInterval, grade, isLeech, newCardState, previewGrades, withSuspended } from './grade.ts';
import { ratingNames } from './types.ts';
import type { CardState, RatingName } from './types.ts';

const t0 = Date.UTC(2026, 0, 10, 12, 0, 0);
const minute = 60_000;
const day = 86_400_000;

/** Answers a sequence of ratings, each when the card comes due. */
function run(ratings: readonly RatingName[], start = t0): CardState | undefined {
  let state: CardState | undefined;
  let at = start;
  for (const rating of ratings) {
    state = grade(state, rating, at).state;
    at = state.due;
  }
  return state;
}

describe('grade', () => {
  it('moves a new card into learning with the default 1m/10m steps', () => {
    const { state, log } = grade(undefined, 'good', t0);
    expect(state.phase).toBe('learning');
    expect(state.due - t0).toBe(10 * minute);
    expect(state.reps).toBe(1);
    expect(state.lastRating).toBe('good');
    expect(log).toEqual({
      rating: 'good',
      reviewedAt: t0,
      phaseBefore: 'new',
      before: null,
      dueAfter: state.due,
    });
  });

  it('graduates to review after the last learning step and counts a lapse on again', () => {
    const graduated = run(['good', 'good']);
    expect(graduated?.phase).toBe('review');
    expect(graduated?.scheduledDays).toBeGreaterThanOrEqual(1);
    const lapsed = grade(graduated, 'again', graduated!.due);
    expect(lapsed.state.phase).toBe('relearning');
    expect(lapsed.state.lapses).toBe(1);
    expect(lapsed.log.before).toEqual(graduated);
    expect(lapsed.log.phaseBefore).toBe('review');
  });

  it('is deterministic: same input, same output', () => {
    expect(run(['good', 'easy', 'hard', 'again', 'good'])).toEqual(
      run(['good', 'easy', 'hard', 'again', 'good']),
    );
  });

  it('rejects an invalid time as a programmer error', () => {
    expect(() => grade(undefined, 'good', Number.NaN)).toThrow(RangeError);
    expect(() => grade(undefined, 'good', new Date('nope'))).toThrow(RangeError);
  });

  it('accepts a Date as well as epoch ms', () => {
    expect(grade(undefined, 'easy', new Date(t0))).toEqual(grade(undefined, 'easy', t0));
  });

  it('keeps intervals ordered again <= hard <= good <= easy for any history (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ratingNames), { maxLength: 12 }),
        fc.integer({ min: 0, max: 30 * day }),
        (history, delay) => {
          const state = run(history);
          const at = (state?.due ?? t0) + delay;
          const preview = previewGrades(state, at);
          expect(preview.again.intervalMs).toBeLessThanOrEqual(preview.hard.intervalMs);
          expect(preview.hard.intervalMs).toBeLessThanOrEqual(preview.good.intervalMs);
          expect(preview.good.intervalMs).toBeLessThanOrEqual(preview.easy.intervalMs);
          expect(preview.again.intervalMs).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe('previewGrades', () => {
  it('labels the buttons of a new card', () => {
    const labels = Object.values(previewGrades(undefined, t0)).map((p) => p.label);
    expect(labels).toEqual(['1m', '6m', '10m', '8d']);
  });

  it('does not change the state it previews', () => {
    const state = run(['good', 'good'])!;
    const copy = structuredClone(state);
    previewGrades(state, state.due);
    expect(state).toEqual(copy);
  });

  it('matches what grade would do', () => {
    const state = run(['good', 'good'])!;
    expect(previewGrades(state, state.due).hard.state).toEqual(grade(state, 'hard', state.due).state);
  });
});

describe('formatInterval', () => {
  it.each([
    [1 * minute, '1m'],
    [10 * minute, '10m'],
    [5 * 3_600_000, '5h'],
    [1 * day, '1d'],
    [4 * day, '4d'],
    [90 * day, '3mo'],
    [548 * day, '1.5y'],
    [365 * day, '1y'],
  ])('formats %i ms as %s', (ms, label) => {
    expect(formatInterval(ms)).toBe(label);
  });

  it('never shows less than a minute', () => {
    expect(formatInterval(0)).toBe('1m');
    expect(formatInterval(-5)).toBe('1m');
  });
});

describe('leeches', () => {
  /** A card taken through `lapses` lapses (again from review, then good until it graduates). */
  function lapsedCard(lapses: number, options: Parameters<typeof grade>[3] = {}): CardState {
    let state = grade(undefined, 'easy', t0, options).state;
    for (let i = 0; i < lapses; i += 1) {
      state = grade(state, 'again', state.due, options).state;
      state = grade(state, 'good', state.due, options).state;
    }
    return state;
  }

  it('flags a card at the 8th lapse by default, not before', () => {
    expect(lapsedCard(7).isLeech).toBe(false);
    const leech = lapsedCard(8);
    expect(leech.lapses).toBe(8);
    expect(leech.isLeech).toBe(true);
    expect(leech.isSuspended).toBe(false);
    expect(isLeech(leech)).toBe(true);
  });

  it('honours a configured threshold and suspend action', () => {
    const options = { leechThreshold: 3, leechAction: 'suspend' } as const;
    const leech = lapsedCard(3, options);
    expect(leech.isLeech).toBe(true);
    expect(leech.isSuspended).toBe(true);
  });

  it('stays a leech and keeps suspension until resumed', () => {
    const leech = lapsedCard(8);
    const good = grade(withSuspended(leech, true), 'good', leech.due).state;
    expect(good.isLeech).toBe(true);
    expect(good.isSuspended).toBe(true);
    expect(withSuspended(good, false).isSuspended).toBe(false);
    expect(isLeech(newCardState(t0))).toBe(false);
  });
});
