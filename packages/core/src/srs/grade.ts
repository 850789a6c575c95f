import { createEmptyCard, fsrs, generatorParameters, Rating, State } from 'ts-fsrs';
import type { Card, FSRS, Grade, StepUnit } from 'ts-fsrs';
import type { CardPhase, CardState, RatingName, ReviewLogEntry } from './types.ts';

/** What to do with a card once it becomes a leech. */
export type LeechAction = 'flag' | 'suspend';

/** Scheduler settings; every field has a default. */
export interface SrsOptions {
  /** Target probability of recall when a card comes due (default 0.9). */
  readonly requestRetention?: number;
  /** Longest interval in days (default 36500). */
  readonly maximumIntervalDays?: number;
  /** Learning steps for new cards (default ["1m", "10m"]). */
  readonly learningSteps?: readonly StepUnit[];
  /** Relearning steps after a lapse (default ["10m"]). */
  readonly relearningSteps?: readonly StepUnit[];
  /** Lapses at which a card becomes a leech (default 8). */
  readonly leechThreshold?: number;
  /** Flag only, or also suspend, a new leech (default "flag"). */
  readonly leechAction?: LeechAction;
}

/** Lapses at which a card becomes a leech unless configured otherwise. */
export const defaultLeechThreshold = 8;

/** The result of answering a card. */
export interface GradeOutcome {
  /** The card's state after the review. */
  readonly state: CardState;
  /** The review log entry, carrying the state before for undo. */
  readonly log: ReviewLogEntry;
}

/** What one answer button would do. */
export interface GradePreview {
  /** The state the card would have. */
  readonly state: CardState;
  /** Time from now until the card is due again (ms). */
  readonly intervalMs: number;
  /** Short human label for the button, e.g. "10m", "4d", "3mo". */
  readonly label: string;
}

const ratingToFsrs: Readonly<Record<RatingName, Grade>> = {
  again: Rating.Again,
  hard: Rating.Hard,
  good: Rating.Good,
  easy: Rating.Easy,
};

const stateToPhase: Readonly<Record<State, CardPhase>> = {
  [State.New]: 'new',
  [State.Learning]: 'learning',
  [State.Review]: 'review',
  [State.Relearning]: 'relearning',
};

const phaseToState: Readonly<Record<CardPhase, State>> = {
  new: State.New,
  learning: State.Learning,
  review: State.Review,
  relearning: State.Relearning,
};

const defaultOptions: SrsOptions = {};
// One FSRS instance per options object: building one parses the parameters.
const schedulers = new WeakMap<SrsOptions, FSRS>();

function schedulerFor(options: SrsOptions): FSRS {
  let scheduler = schedulers.get(options);
  if (scheduler === undefined) {
    scheduler = fsrs(
      generatorParameters({
        // Fuzz would make intervals depend on a seed: keep every result reproducible.
        enable_fuzz: false,
        ...(options.requestRetention === undefined ? {} : { request_retention: options.requestRetention }),
        ...(options.maximumIntervalDays === undefined
          ? {}
          : { maximum_interval: options.maximumIntervalDays }),
        ...(options.learningSteps === undefined ? {} : { learning_steps: options.learningSteps }),
        ...(options.relearningSteps === undefined ? {} : { relearning_steps: options.relearningSteps }),
      }),
    );
    schedulers.set(options, scheduler);
  }
  return scheduler;
}

function toEpoch(now: Date | number): number {
  const ms = typeof now === 'number' ? now : now.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`invalid time: ${String(now)}`);
  return ms;
}

/** A never-reviewed card, due at `now`. */
export function newCardState(now: Date | number): CardState {
  return {
    due: toEpoch(now),
    stability: 0,
    difficulty: 0,
    scheduledDays: 0,
    learningSteps: 0,
    reps: 0,
    lapses: 0,
    phase: 'new',
    lastReview: null,
    lastRating: null,
    isLeech: false,
    isSuspended: false,
  };
}

function toFsrsCard(state: CardState): Card {
  return {
    due: new Date(state.due),
    stability: state.stability,
    difficulty: state.difficulty,
    // ts-fsrs still requires the deprecated field but recomputes it from last_review.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    elapsed_days: 0,
    scheduled_days: state.scheduledDays,
    learning_steps: state.learningSteps,
    reps: state.reps,
    lapses: state.lapses,
    state: phaseToState[state.phase],
    ...(state.lastReview === null ? {} : { last_review: new Date(state.lastReview) }),
  };
}

function fromFsrsCard(
  card: Card,
  previous: CardState,
  rating: RatingName,
  at: number,
  options: SrsOptions,
): CardState {
  const threshold = options.leechThreshold ?? defaultLeechThreshold;
  const becameLeech = !previous.isLeech && card.lapses >= threshold;
  return {
    due: card.due.getTime(),
    stability: card.stability,
    difficulty: card.difficulty,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    phase: stateToPhase[card.state],
    lastReview: at,
    lastRating: rating,
    isLeech: previous.isLeech || becameLeech,
    isSuspended: previous.isSuspended || (becameLeech && options.leechAction === 'suspend'),
  };
}

function startingCard(state: CardState | undefined, at: number): CardState {
  return state ?? newCardState(at);
}

/**
 * Answers a card: the next state and the log entry (which carries the state before, for undo).
 * `state` undefined means the card is new. Deterministic: no fuzz, time comes from `now`.
 */
export function grade(
  state: CardState | undefined,
  rating: RatingName,
  now: Date | number,
  options: SrsOptions = defaultOptions,
): GradeOutcome {
  const at = toEpoch(now);
  const before = startingCard(state, at);
  const item = schedulerFor(options).next(
    before.phase === 'new' ? createEmptyCard(new Date(at)) : toFsrsCard(before),
    new Date(at),
    ratingToFsrs[rating],
  );
  const next = fromFsrsCard(item.card, before, rating, at, options);
  return {
    state: next,
    log: {
      rating,
      reviewedAt: at,
      phaseBefore: before.phase,
      before: state ?? null,
      dueAfter: next.due,
    },
  };
}

/** What each of the four buttons would do now, with a label for the button. */
export function previewGrades(
  state: CardState | undefined,
  now: Date | number,
  options: SrsOptions = defaultOptions,
): Readonly<Record<RatingName, GradePreview>> {
  const at = toEpoch(now);
  const one = (rating: RatingName): GradePreview => {
    const next = grade(state, rating, at, options).state;
    const intervalMs = next.due - at;
    return { state: next, intervalMs, label: formatInterval(intervalMs) };
  };
  return { again: one('again'), hard: one('hard'), good: one('good'), easy: one('easy') };
}

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;

function trimmed(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/** A compact interval label: "1m", "10m", "3h", "1d", "4d", "3mo", "1.5y" (never below "1m"). */
export function formatInterval(ms: number): string {
  if (ms < hourMs) return `${Math.max(1, Math.round(ms / minuteMs))}m`;
  if (ms < dayMs) return `${Math.round(ms / hourMs)}h`;
  const days = ms / dayMs;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${Math.max(1, Math.round(days / 30))}mo`;
  return `${trimmed(days / 365)}y`;
}

/** True when the card has lapsed at least `threshold` times (default 8). */
export function isLeech(state: CardState, threshold: number = defaultLeechThreshold): boolean {
  return state.isLeech || state.lapses >= threshold;
}

/** The same state, suspended or resumed. */
export function withSuspended(state: CardState, isSuspended: boolean): CardState {
  return { ...state, isSuspended };
}
