import { compareSnowflakes } from '../time/snowflake.ts';

/** The numbers of drill scoring. */
export interface DrillScoring {
  /** Points for any correct answer before the deadline. */
  readonly base: number;
  /** The most a speed bonus adds. */
  readonly maxBonus: number;
  /** Correct answers this long after the first correct one score as if they were first. */
  readonly graceMs: number;
}

/** Base 100, up to 50 for speed, 2 s grace after the first correct answer. */
export const DRILL_SCORING: DrillScoring = { base: 100, maxBonus: 50, graceMs: 2000 };

/** A round's time window (epoch ms): answers at or before the deadline count. */
export interface DrillRoundTiming {
  readonly startedAt: number;
  readonly deadline: number;
}

/** One player's answer in a round. */
export interface DrillAnswer {
  readonly userId: string;
  /** When it was given: the interaction's snowflake time ({@link snowflakeTime}). */
  readonly answeredAt: number;
  readonly isCorrect: boolean;
}

/** What one answer scored. */
export interface DrillAnswerScore {
  readonly userId: string;
  readonly answeredAt: number;
  readonly isCorrect: boolean;
  /** Counted: the player's earliest answer, given by the deadline. */
  readonly isCounted: boolean;
  readonly bonus: number;
  readonly points: number;
}

/** A scored round. */
export interface DrillRoundScore {
  /** The instant of the first correct answer, if any. */
  readonly firstCorrectAt?: number;
  /** One entry per player who answered (their earliest answer), ordered by user id. */
  readonly scores: readonly DrillAnswerScore[];
}

/**
 * Scores a round. Each player's earliest answer counts (on an exact tie a wrong one, so a double click
 * never helps); answers after the deadline score 0. A correct answer scores
 *
 *   `base + round(maxBonus × (deadline − t′) / (deadline − startedAt))`
 *
 * where `t′` is the first correct answer's time for everyone who answers correctly within `graceMs` of it,
 * and the answer's own time after that (times before the start count as the start). So the bonus falls
 * linearly from `maxBonus` at the start to 0 at the deadline, and players a hair behind the first share
 * its bonus. Wrong answers score 0. The result does not depend on the order of `answers`.
 */
export function scoreDrillRound(
  timing: DrillRoundTiming,
  answers: readonly DrillAnswer[],
  scoring: DrillScoring = DRILL_SCORING,
): DrillRoundScore {
  const earliest = new Map<string, DrillAnswer>();
  for (const answer of answers) {
    const seen = earliest.get(answer.userId);
    const isEarlier =
      seen === undefined ||
      answer.answeredAt < seen.answeredAt ||
      (answer.answeredAt === seen.answeredAt && seen.isCorrect && !answer.isCorrect);
    if (isEarlier) earliest.set(answer.userId, answer);
  }
  const clamp = (at: number): number => Math.max(at, timing.startedAt);
  const isInTime = (answer: DrillAnswer): boolean => answer.answeredAt <= timing.deadline;
  const correctTimes = [...earliest.values()]
    .filter((a) => a.isCorrect && isInTime(a))
    .map((a) => clamp(a.answeredAt));
  const firstCorrectAt = correctTimes.length > 0 ? Math.min(...correctTimes) : undefined;
  const span = Math.max(1, timing.deadline - timing.startedAt);
  const bonusAt = (at: number): number => {
    const t = firstCorrectAt !== undefined && at <= firstCorrectAt + scoring.graceMs ? firstCorrectAt : at;
    return Math.max(
      0,
      Math.min(scoring.maxBonus, Math.round((scoring.maxBonus * (timing.deadline - t)) / span)),
    );
  };
  const scores = [...earliest.values()]
    .sort((a, b) => compareSnowflakes(a.userId, b.userId))
    .map((answer): DrillAnswerScore => {
      const isCounted = isInTime(answer);
      const bonus = isCounted && answer.isCorrect ? bonusAt(clamp(answer.answeredAt)) : 0;
      const points = isCounted && answer.isCorrect ? scoring.base + bonus : 0;
      return {
        userId: answer.userId,
        answeredAt: answer.answeredAt,
        isCorrect: answer.isCorrect,
        isCounted,
        bonus,
        points,
      };
    });
  return { ...(firstCorrectAt === undefined ? {} : { firstCorrectAt }), scores };
}
