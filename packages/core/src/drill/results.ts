import { compareSnowflakes } from '../time/snowflake.ts';
import { DRILL_SCORING, scoreDrillRound, type DrillAnswer, type DrillScoring } from './scoring.ts';

/** A player's running total. */
export interface DrillTally {
  readonly userId: string;
  readonly points: number;
  readonly correct: number;
  /** When the player joined (epoch ms): orders tied players, earliest first. */
  readonly joinedAt: number;
}

/** A tally with its place on the scoreboard. */
export interface RankedTally extends DrillTally {
  /** Competition ranking: players equal in points and correct answers share a rank (1, 1, 3). */
  readonly rank: number;
}

/**
 * Orders a scoreboard by points, then correct answers (both descending); players equal in both share a
 * rank and are listed by who joined first, then by user id, so the order never shuffles between redraws.
 */
export function rankDrillScoreboard(tallies: readonly DrillTally[]): RankedTally[] {
  const sorted = [...tallies].sort(
    (a, b) =>
      b.points - a.points ||
      b.correct - a.correct ||
      a.joinedAt - b.joinedAt ||
      compareSnowflakes(a.userId, b.userId),
  );
  const ranked: RankedTally[] = [];
  sorted.forEach((tally, index) => {
    const previous = ranked[index - 1];
    const isTied = previous?.points === tally.points && previous.correct === tally.correct;
    ranked.push({ ...tally, rank: isTied ? previous.rank : index + 1 });
  });
  return ranked;
}

/** One round as played; rounds are passed in the order they were played. */
export interface DrillRound {
  readonly cardId: string;
  readonly startedAt: number;
  readonly deadline: number;
  readonly answers: readonly DrillAnswer[];
}

/** A player in a drill. */
export interface DrillPlayer {
  readonly userId: string;
  readonly joinedAt: number;
}

/** A player's final line. */
export interface DrillStanding extends RankedTally {
  /** Their fastest counted correct answer, ms after its round started. */
  readonly fastestMs?: number;
}

/** A card the group kept missing. */
export interface DrillMiss {
  readonly cardId: string;
  /** Times asked in the drill. */
  readonly asked: number;
  /** Player-rounds without a counted correct answer (wrong, late or none) among players who had joined. */
  readonly missed: number;
  /** `missed` over the player-rounds it was asked for, 0-1. */
  readonly missRate: number;
}

/** The end of a drill. */
export interface DrillResults {
  readonly standings: readonly DrillStanding[];
  /** The fastest counted correct answer of the drill (ties: earlier round, then user id). */
  readonly fastest?: { readonly userId: string; readonly cardId: string; readonly ms: number };
  /** Cards missed by at least one player, most missed first (by rate, then count, then card id); at most 5. */
  readonly mostMissed: readonly DrillMiss[];
}

/**
 * Totals a drill: ranks, points, correct counts and fastest answers per player, the drill's fastest correct
 * answer and the cards the group missed most. Players who answered without joining are added, joined at
 * their first answer. Rounds are scored with {@link scoreDrillRound}.
 */
export function drillResults(
  players: readonly DrillPlayer[],
  rounds: readonly DrillRound[],
  scoring: DrillScoring = DRILL_SCORING,
): DrillResults {
  const joined = new Map<string, number>();
  for (const player of players) {
    joined.set(player.userId, Math.min(joined.get(player.userId) ?? Infinity, player.joinedAt));
  }
  const listed = new Set(joined.keys());
  for (const answer of rounds.flatMap((round) => round.answers)) {
    if (!listed.has(answer.userId)) {
      joined.set(answer.userId, Math.min(joined.get(answer.userId) ?? Infinity, answer.answeredAt));
    }
  }
  const totals = new Map<string, { points: number; correct: number; fastestMs?: number }>();
  for (const userId of joined.keys()) totals.set(userId, { points: 0, correct: 0 });
  let fastest: DrillResults['fastest'];
  const misses = new Map<string, { asked: number; missed: number; chances: number }>();
  for (const round of rounds) {
    const { scores } = scoreDrillRound(round, round.answers, scoring);
    const right = new Set<string>();
    for (const score of scores) {
      const total = totals.get(score.userId);
      if (total === undefined || !score.isCorrect || !score.isCounted) continue;
      right.add(score.userId);
      const ms = Math.max(0, score.answeredAt - round.startedAt);
      total.points += score.points;
      total.correct += 1;
      total.fastestMs = Math.min(total.fastestMs ?? Infinity, ms);
      if (fastest === undefined || ms < fastest.ms)
        fastest = { userId: score.userId, cardId: round.cardId, ms };
    }
    const present = [...joined].filter(([, at]) => at <= round.deadline).map(([userId]) => userId);
    const miss = misses.get(round.cardId) ?? { asked: 0, missed: 0, chances: 0 };
    miss.asked += 1;
    miss.chances += present.length;
    miss.missed += present.filter((userId) => !right.has(userId)).length;
    misses.set(round.cardId, miss);
  }
  const tallies = [...totals].map(([userId, total]) => ({
    userId,
    points: total.points,
    correct: total.correct,
    joinedAt: joined.get(userId) ?? 0,
  }));
  const standings = rankDrillScoreboard(tallies).map((tally): DrillStanding => {
    const fastestMs = totals.get(tally.userId)?.fastestMs;
    return fastestMs === undefined ? tally : { ...tally, fastestMs };
  });
  const mostMissed = [...misses]
    .filter(([, miss]) => miss.missed > 0)
    .map(([cardId, miss]) => ({
      cardId,
      asked: miss.asked,
      missed: miss.missed,
      missRate: miss.missed / Math.max(1, miss.chances),
    }))
    .sort((a, b) => b.missRate - a.missRate || b.missed - a.missed || a.cardId.localeCompare(b.cardId))
    .slice(0, 5);
  return { standings, ...(fastest === undefined ? {} : { fastest }), mostMissed };
}
