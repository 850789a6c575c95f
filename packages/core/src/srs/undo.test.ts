import { describe, expect, it } from 'vitest';
import { grade } from './grade.ts';
import { undoReview } from './undo.ts';

const t0 = Date.UTC(2026, 4, 1, 9);

describe('undoReview', () => {
  it('restores the state before the review', () => {
    const first = grade(undefined, 'good', t0);
    const second = grade(first.state, 'again', first.state.due);
    expect(undoReview(second.state, second.log)).toEqual({ ok: true, value: first.state });
  });

  it('restores "no state" for a card answered for the first time', () => {
    const first = grade(undefined, 'easy', t0);
    expect(undoReview(first.state, first.log)).toEqual({ ok: true, value: undefined });
  });

  it('refuses an entry that is not the latest review of the card', () => {
    const first = grade(undefined, 'good', t0);
    const second = grade(first.state, 'good', first.state.due);
    expect(undoReview(second.state, first.log)).toEqual({
      ok: false,
      error: { kind: 'not-latest-review', reviewedAt: t0 },
    });
    expect(undoReview(undefined, first.log).ok).toBe(false);
  });
});
