import { compareSnowflakes } from '../time/snowflake.ts';

/** How a user fared on one posted question. */
export type DailyOutcome = 'correct' | 'incorrect';

/** A user's streak over a server's posted questions. */
export interface DailyStreak {
  /** Right answers in a row up to the latest posted question. */
  readonly current: number;
  /** The longest such run ever. */
  readonly best: number;
}

/** Options of {@link dailyStreak}. */
export interface DailyStreakOptions {
  /** A question still open: unanswered it does not break the streak yet, answered it counts. */
  readonly openQuestionId?: string | undefined;
}

/**
 * A streak counts posted questions answered right in a row, not calendar days: a question the user left
 * unanswered or got wrong breaks it; a day the bot did not post never does (it is not in `posted`).
 * `posted` is the server's question ids in the order they were posted.
 */
export function dailyStreak(
  posted: readonly string[],
  answers: ReadonlyMap<string, DailyOutcome>,
  options: DailyStreakOptions = {},
): DailyStreak {
  let current = 0;
  let best = 0;
  for (const id of posted) {
    const outcome = answers.get(id);
    if (outcome === undefined && id === options.openQuestionId) continue;
    current = outcome === 'correct' ? current + 1 : 0;
    best = Math.max(best, current);
  }
  return { current, best };
}

/** One user's answer to a daily question. */
export interface DailyAnswer {
  readonly userId: string;
  /** Index of the option chosen. */
  readonly choice: number;
  /** When it was given (epoch ms, e.g. from the interaction's snowflake). */
  readonly answeredAt: number;
}

/** How many chose one option. */
export interface OptionTally {
  readonly index: number;
  readonly count: number;
  /** Share of all answers, 0-1 (0 when nobody answered). */
  readonly share: number;
  readonly isCorrect: boolean;
}

/** A user and their current streak. */
export interface StreakEntry {
  readonly userId: string;
  readonly streak: number;
}

/** The summary shown when a daily question closes. */
export interface DailyResults {
  readonly answered: number;
  readonly correct: number;
  /** Share answered right, 0-1 (0 when nobody answered). */
  readonly shareCorrect: number;
  /** One entry per option, in option order. */
  readonly options: readonly OptionTally[];
  /** Who answered right first (earliest time; ties by user id). */
  readonly firstCorrect?: { readonly userId: string; readonly answeredAt: number };
  /** The longest current streaks, longest first (ties by user id), zero streaks left out. */
  readonly longestStreaks: readonly StreakEntry[];
}

/** What {@link summarizeDailyQuestion} needs. */
export interface DailyResultsInput {
  readonly optionCount: number;
  readonly correctIndex: number;
  /** Every answer given; when a user answered more than once only their earliest counts. */
  readonly answers: readonly DailyAnswer[];
  /** Current streaks after this question (from {@link dailyStreak}). */
  readonly streaks?: readonly StreakEntry[];
  /** How many streaks to list; 3 by default. */
  readonly streakLimit?: number;
}

const byTimeThenUser = (a: DailyAnswer, b: DailyAnswer): number =>
  a.answeredAt - b.answeredAt || compareSnowflakes(a.userId, b.userId) || a.choice - b.choice;

/** Tallies a closed daily question: share right, the split across options, first right answer, streaks. */
export function summarizeDailyQuestion(input: DailyResultsInput): DailyResults {
  const firstByUser = new Map<string, DailyAnswer>();
  for (const answer of [...input.answers].sort(byTimeThenUser)) {
    if (!firstByUser.has(answer.userId)) firstByUser.set(answer.userId, answer);
  }
  const answers = [...firstByUser.values()];
  const share = (count: number): number => (answers.length === 0 ? 0 : count / answers.length);
  const options = Array.from({ length: input.optionCount }, (_, index) => {
    const count = answers.filter((a) => a.choice === index).length;
    return { index, count, share: share(count), isCorrect: index === input.correctIndex };
  });
  const right = answers.filter((a) => a.choice === input.correctIndex);
  const first = right[0];
  const longestStreaks = (input.streaks ?? [])
    .filter((entry) => entry.streak > 0)
    .sort((a, b) => b.streak - a.streak || compareSnowflakes(a.userId, b.userId))
    .slice(0, input.streakLimit ?? 3);
  return {
    answered: answers.length,
    correct: right.length,
    shareCorrect: share(right.length),
    options,
    ...(first ? { firstCorrect: { userId: first.userId, answeredAt: first.answeredAt } } : {}),
    longestStreaks,
  };
}
