/** The four answer buttons, in order of increasing confidence. */
export type RatingName = 'again' | 'hard' | 'good' | 'easy';

/** Every rating, in button order. */
export const ratingNames: readonly RatingName[] = ['again', 'hard', 'good', 'easy'];

/** Where a card stands in the FSRS life cycle. */
export type CardPhase = 'new' | 'learning' | 'review' | 'relearning';

/**
 * A user's scheduling state for one card: plain data with epoch-millisecond times, so it serializes as is.
 * A card with no state at all is new.
 */
export interface CardState {
  /** When the card is next due (epoch ms). */
  readonly due: number;
  /** FSRS stability in days (interval at which recall probability is the requested retention). */
  readonly stability: number;
  /** FSRS difficulty, 1 to 10. */
  readonly difficulty: number;
  /** Whole days scheduled by the last review (0 while in (re)learning steps). */
  readonly scheduledDays: number;
  /** Index of the current (re)learning step. */
  readonly learningSteps: number;
  /** Number of reviews. */
  readonly reps: number;
  /** Number of times the card was forgotten from the review phase. */
  readonly lapses: number;
  /** Life-cycle phase. */
  readonly phase: CardPhase;
  /** Time of the last review (epoch ms), null when never reviewed. */
  readonly lastReview: number | null;
  /** Rating given at the last review, null when never reviewed. */
  readonly lastRating: RatingName | null;
  /** True once the card has lapsed at least the leech threshold. */
  readonly isLeech: boolean;
  /** Suspended cards are never queued (cram may still pick them when asked). */
  readonly isSuspended: boolean;
}

/** One answered card: enough to undo it (the state before) and to compute statistics. */
export interface ReviewLogEntry {
  /** The rating given. */
  readonly rating: RatingName;
  /** When the review happened (epoch ms). */
  readonly reviewedAt: number;
  /** Phase of the card when it was shown. */
  readonly phaseBefore: CardPhase;
  /** Full state before the review; null when the card had never been reviewed. */
  readonly before: CardState | null;
  /** When the card became due after this review (epoch ms). */
  readonly dueAfter: number;
}

/** The part of a review log entry statistics need. */
export type ReviewFact = Pick<ReviewLogEntry, 'rating' | 'reviewedAt' | 'phaseBefore'> & {
  /** Cram answers never touch a schedule, so daily limits do not count them (default 'normal'). */
  readonly mode?: 'normal' | 'cram';
};
