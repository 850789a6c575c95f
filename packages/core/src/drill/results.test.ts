import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drillResults, rankDrillScoreboard, type DrillRound, type DrillTally } from './results.ts';

describe('rankDrillScoreboard', () => {
  it('ranks by points then correct answers, ties share a rank (1, 1, 3)', () => {
    const ranked = rankDrillScoreboard([
      { userId: 'c', points: 200, correct: 2, joinedAt: 3 },
      { userId: 'a', points: 300, correct: 3, joinedAt: 5 },
      { userId: 'b', points: 300, correct: 3, joinedAt: 1 },
      { userId: 'd', points: 200, correct: 1, joinedAt: 0 },
    ]);
    expect(ranked.map((r) => [r.userId, r.rank])).toEqual([
      ['b', 1],
      ['a', 1],
      ['c', 3],
      ['d', 4],
    ]);
  });

  it('orders tied players by who joined first, then user id, whatever the input order', () => {
    const tallies: DrillTally[] = [
      { userId: '20', points: 100, correct: 1, joinedAt: 7 },
      { userId: '3', points: 100, correct: 1, joinedAt: 7 },
      { userId: '1', points: 100, correct: 1, joinedAt: 9 },
    ];
    expect(rankDrillScoreboard(tallies).map((r) => r.userId)).toEqual(['3', '20', '1']);
    expect(rankDrillScoreboard([...tallies].reverse())).toEqual(rankDrillScoreboard(tallies));
  });

  it('returns an empty board for no players', () => {
    expect(rankDrillScoreboard([])).toEqual([]);
  });

  it('property: ranks are competition ranks', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            userId: fc.string(),
            points: fc.integer({ min: 0, max: 5 }).map((n) => n * 50),
            correct: fc.integer({ min: 0, max: 3 }),
            joinedAt: fc.nat(10),
          }),
          { selector: (t) => t.userId },
        ),
        (tallies) => {
          const ranked = rankDrillScoreboard(tallies);
          ranked.forEach((entry, index) => {
            const ahead = ranked.filter(
              (o) => o.points > entry.points || (o.points === entry.points && o.correct > entry.correct),
            );
            expect(entry.rank).toBe(ahead.length + 1);
            expect(entry.rank).toBeLessThanOrEqual(index + 1);
          });
        },
      ),
    );
  });
});

describe('drillResults', () => {
  const start = 1_000_000;
  const round = (cardId: string, offset: number, answers: [string, number, boolean][]): DrillRound => ({
    cardId,
    startedAt: start + offset,
    deadline: start + offset + 20_000,
    answers: answers.map(([userId, afterMs, isCorrect]) => ({
      userId,
      answeredAt: start + offset + afterMs,
      isCorrect,
    })),
  });

  it('totals points, correct answers, fastest answers and the cards missed most', () => {
    const results = drillResults(
      [
        { userId: 'ann', joinedAt: start - 10 },
        { userId: 'bob', joinedAt: start - 5 },
        { userId: 'cy', joinedAt: start - 1 },
      ],
      [
        round('port-to-service:22', 0, [
          ['ann', 4000, true],
          ['bob', 5000, true],
          ['cy', 8000, false],
        ]),
        round('port-to-service:3389', 30_000, [
          ['ann', 2000, false],
          ['bob', 12_000, true],
        ]),
        round('port-to-service:22', 60_000, [['ann', 1000, true]]),
      ],
    );
    // ann: 140 (4 s) + 0 + 148 (1 s, 50 × 19/20 rounded); bob: 140 (within ann's grace) + 120 (12 s).
    expect(results.standings).toEqual([
      { userId: 'ann', points: 288, correct: 2, joinedAt: start - 10, rank: 1, fastestMs: 1000 },
      { userId: 'bob', points: 260, correct: 2, joinedAt: start - 5, rank: 2, fastestMs: 5000 },
      { userId: 'cy', points: 0, correct: 0, joinedAt: start - 1, rank: 3 },
    ]);
    expect(results.fastest).toEqual({ userId: 'ann', cardId: 'port-to-service:22', ms: 1000 });
    expect(results.mostMissed).toEqual([
      { cardId: 'port-to-service:3389', asked: 1, missed: 2, missRate: 2 / 3 },
      { cardId: 'port-to-service:22', asked: 2, missed: 3, missRate: 3 / 6 },
    ]);
  });

  it('adds players who answered without joining, joined at their first answer', () => {
    const results = drillResults([], [round('class:80', 0, [['zed', 3000, true]])]);
    expect(results.standings).toEqual([
      { userId: 'zed', points: 143, correct: 1, joinedAt: start + 3000, rank: 1, fastestMs: 3000 },
    ]);
    expect(results.mostMissed).toEqual([]);
  });

  it('reports an empty drill plainly', () => {
    expect(drillResults([{ userId: 'ann', joinedAt: 0 }], [])).toEqual({
      standings: [{ userId: 'ann', points: 0, correct: 0, joinedAt: 0, rank: 1 }],
      mostMissed: [],
    });
  });
});
