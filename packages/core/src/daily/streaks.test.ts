import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dailyStreak, summarizeDailyQuestion, type DailyOutcome } from './streaks.ts';

const answers = (entries: Record<string, DailyOutcome>): Map<string, DailyOutcome> =>
  new Map(Object.entries(entries));

describe('dailyStreak', () => {
  it('counts posted questions answered right in a row, and the best run', () => {
    const posted = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'];
    const result = dailyStreak(
      posted,
      answers({ q1: 'correct', q2: 'correct', q3: 'correct', q4: 'incorrect', q5: 'correct', q6: 'correct' }),
    );
    expect(result).toEqual({ current: 2, best: 3 });
  });

  it('breaks on a question left unanswered', () => {
    expect(dailyStreak(['q1', 'q2', 'q3'], answers({ q1: 'correct', q3: 'correct' }))).toEqual({
      current: 1,
      best: 1,
    });
  });

  it('is not broken by days the bot did not post (they are not in the sequence)', () => {
    // q2 was posted Monday, q3 on Thursday after an outage: still a run of three.
    expect(dailyStreak(['q1', 'q2', 'q3'], answers({ q1: 'correct', q2: 'correct', q3: 'correct' }))).toEqual(
      {
        current: 3,
        best: 3,
      },
    );
  });

  it('does not break on the open question until it closes, and counts it once answered', () => {
    const posted = ['q1', 'q2', 'q3'];
    expect(dailyStreak(posted, answers({ q1: 'correct', q2: 'correct' }), { openQuestionId: 'q3' })).toEqual({
      current: 2,
      best: 2,
    });
    expect(
      dailyStreak(posted, answers({ q1: 'correct', q2: 'correct', q3: 'correct' }), { openQuestionId: 'q3' }),
    ).toEqual({ current: 3, best: 3 });
  });

  it('is zero with nothing posted or answered', () => {
    expect(dailyStreak([], new Map())).toEqual({ current: 0, best: 0 });
    expect(dailyStreak(['q1'], new Map())).toEqual({ current: 0, best: 0 });
  });

  it('property: current <= best <= correct answers, and current is the trailing run', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('correct', 'incorrect', 'none')), (outcomes) => {
        const posted = outcomes.map((_, i) => `q${i}`);
        const map = new Map<string, DailyOutcome>();
        outcomes.forEach((o, i) => {
          if (o !== 'none') map.set(`q${i}`, o);
        });
        const { current, best } = dailyStreak(posted, map);
        expect(current).toBeLessThanOrEqual(best);
        expect(best).toBeLessThanOrEqual(outcomes.filter((o) => o === 'correct').length);
        const trailing = outcomes.length - 1 - outcomes.findLastIndex((o) => o !== 'correct');
        expect(current).toBe(trailing);
      }),
    );
  });
});

describe('summarizeDailyQuestion', () => {
  it('tallies share right, the split across options, the first right answer and the longest streaks', () => {
    const results = summarizeDailyQuestion({
      optionCount: 4,
      correctIndex: 2,
      answers: [
        { userId: '30', choice: 2, answeredAt: 5000 },
        { userId: '10', choice: 0, answeredAt: 1000 },
        { userId: '20', choice: 2, answeredAt: 3000 },
        { userId: '40', choice: 1, answeredAt: 4000 },
      ],
      streaks: [
        { userId: '30', streak: 4 },
        { userId: '20', streak: 9 },
        { userId: '10', streak: 0 },
        { userId: '50', streak: 4 },
        { userId: '60', streak: 1 },
      ],
    });
    expect(results).toEqual({
      answered: 4,
      correct: 2,
      shareCorrect: 0.5,
      options: [
        { index: 0, count: 1, share: 0.25, isCorrect: false },
        { index: 1, count: 1, share: 0.25, isCorrect: false },
        { index: 2, count: 2, share: 0.5, isCorrect: true },
        { index: 3, count: 0, share: 0, isCorrect: false },
      ],
      firstCorrect: { userId: '20', answeredAt: 3000 },
      longestStreaks: [
        { userId: '20', streak: 9 },
        { userId: '30', streak: 4 },
        { userId: '50', streak: 4 },
      ],
    });
  });

  it('counts only the earliest answer of a user, and breaks time ties by user id', () => {
    const results = summarizeDailyQuestion({
      optionCount: 3,
      correctIndex: 0,
      answers: [
        { userId: '9', choice: 0, answeredAt: 100 },
        { userId: '9', choice: 1, answeredAt: 50 },
        { userId: '12', choice: 0, answeredAt: 100 },
        { userId: '11', choice: 0, answeredAt: 100 },
      ],
    });
    expect(results).toMatchObject({
      answered: 3,
      correct: 2,
      firstCorrect: { userId: '11', answeredAt: 100 },
    });
  });

  it('reports nobody answering without dividing by zero', () => {
    const results = summarizeDailyQuestion({ optionCount: 2, correctIndex: 1, answers: [] });
    expect(results).toEqual({
      answered: 0,
      correct: 0,
      shareCorrect: 0,
      options: [
        { index: 0, count: 0, share: 0, isCorrect: false },
        { index: 1, count: 0, share: 0, isCorrect: true },
      ],
      longestStreaks: [],
    });
  });
});
