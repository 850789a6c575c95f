import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DRILL_SCORING, scoreDrillRound, type DrillAnswer } from './scoring.ts';

// A 20-second round.
const timing = { startedAt: 1_000_000, deadline: 1_020_000 };
const answer = (userId: string, afterMs: number, isCorrect = true): DrillAnswer => ({
  userId,
  answeredAt: timing.startedAt + afterMs,
  isCorrect,
});
const pointsOf = (answers: readonly DrillAnswer[]): Record<string, number> =>
  Object.fromEntries(scoreDrillRound(timing, answers).scores.map((s) => [s.userId, s.points]));

describe('scoreDrillRound', () => {
  it('gives base + a bonus falling linearly from the start to the deadline', () => {
    // First correct at 4 s: 50 × 16/20 = 40. Answer at 10 s (past the grace): 50 × 10/20 = 25.
    expect(pointsOf([answer('1', 4000), answer('2', 10_000), answer('3', 20_000)])).toEqual({
      '1': 140,
      '2': 125,
      '3': 100,
    });
  });

  it('scores everyone within 2 s of the first correct answer as if they were first', () => {
    expect(pointsOf([answer('1', 4000), answer('2', 5999), answer('3', 6000), answer('4', 6001)])).toEqual({
      '1': 140,
      '2': 140,
      '3': 140,
      '4': 135,
    });
  });

  it('scores wrong and late answers 0, and a wrong answer does not open the grace window', () => {
    const round = scoreDrillRound(timing, [answer('1', 1000, false), answer('2', 9000), answer('3', 20_001)]);
    expect(round.firstCorrectAt).toBe(timing.startedAt + 9000);
    expect(round.scores).toEqual([
      {
        userId: '1',
        answeredAt: timing.startedAt + 1000,
        isCorrect: false,
        isCounted: true,
        bonus: 0,
        points: 0,
      },
      {
        userId: '2',
        answeredAt: timing.startedAt + 9000,
        isCorrect: true,
        isCounted: true,
        bonus: 28,
        points: 128,
      },
      {
        userId: '3',
        answeredAt: timing.startedAt + 20_001,
        isCorrect: true,
        isCounted: false,
        bonus: 0,
        points: 0,
      },
    ]);
  });

  it("counts each player's earliest answer only; a wrong one wins an exact tie", () => {
    expect(pointsOf([answer('1', 3000, false), answer('1', 2000)])).toEqual({ '1': 145 });
    expect(pointsOf([answer('1', 2000), answer('1', 2000, false)])).toEqual({ '1': 0 });
  });

  it('treats answers stamped before the start as at the start, and an empty round as empty', () => {
    expect(pointsOf([answer('1', -500)])).toEqual({ '1': 150 });
    expect(scoreDrillRound(timing, [])).toEqual({ scores: [] });
  });

  const answers = fc.array(
    fc.record({
      userId: fc.integer({ min: 1, max: 12 }).map(String),
      answeredAt: fc.integer({ min: timing.startedAt - 1000, max: timing.deadline + 1000 }),
      isCorrect: fc.boolean(),
    }),
    { maxLength: 25 },
  );

  it('property: the result does not depend on the order answers are processed in', () => {
    fc.assert(
      fc.property(
        answers.chain((list) =>
          fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length })),
        ),
        ([list, shuffled]) => {
          expect(scoreDrillRound(timing, shuffled)).toEqual(scoreDrillRound(timing, list));
        },
      ),
    );
  });

  it('property: grace is fair and speed never hurts', () => {
    fc.assert(
      fc.property(answers, (list) => {
        const round = scoreDrillRound(timing, list);
        const counted = round.scores.filter((s) => s.points > 0);
        const best = Math.max(0, ...counted.map((s) => s.points));
        for (const s of counted) {
          expect(s.points).toBeGreaterThanOrEqual(DRILL_SCORING.base);
          expect(s.points).toBeLessThanOrEqual(DRILL_SCORING.base + DRILL_SCORING.maxBonus);
          const first = round.firstCorrectAt ?? Infinity;
          if (s.answeredAt <= first + DRILL_SCORING.graceMs) expect(s.points).toBe(best);
          for (const t of counted)
            if (s.answeredAt <= t.answeredAt) expect(s.points).toBeGreaterThanOrEqual(t.points);
        }
        for (const s of round.scores)
          if (!s.isCorrect || s.answeredAt > timing.deadline) expect(s.points).toBe(0);
      }),
    );
  });
});
