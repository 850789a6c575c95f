import type {
  CardPhase,
  CardState,
  RatingName,
  Retention,
  Streak,
  StudyClockError,
  TodayProgress,
} from '@portdeck/core';

/** Normal study follows the schedule; cram reviews without touching it. */
export type SessionMode = 'normal' | 'cram';

/** Cards available now, per pile, after daily limits. */
export interface QueueCounts {
  readonly learning: number;
  readonly due: number;
  readonly new: number;
}

/** A session as the bot renders it. */
export interface SessionView {
  readonly sessionId: string;
  readonly userId: string;
  readonly deckId: string;
  readonly mode: SessionMode;
  /** Increases on every grade, skip and undo; buttons carry it so stale clicks are refused. */
  readonly step: number;
  /** The card on screen, null when nothing is available now (or the session ended). */
  readonly currentCardId: string | null;
  /** Its state, undefined when the card is new. */
  readonly currentState: CardState | undefined;
  /** Normal mode: what is left today; null in cram mode. */
  readonly counts: QueueCounts | null;
  /** Normal mode with nothing available: when something will be (epoch ms). */
  readonly nextDueAt: number | null;
  /** Cram mode: cards left in the cram pile (including the current one). */
  readonly remaining: number;
  readonly isEnded: boolean;
}

/** A stored answer. */
export interface RecordedReview {
  readonly reviewId: number;
  readonly cardId: string;
  readonly rating: RatingName;
  readonly mode: SessionMode;
  readonly reviewedAt: number;
  readonly phaseBefore: CardPhase;
  /** When the card is due next (unchanged by cram). */
  readonly dueAfter: number;
  /** True when this answer made the card a leech. */
  readonly becameLeech: boolean;
}

/** What a grade click did. */
export type GradeResult =
  | { readonly kind: 'graded'; readonly review: RecordedReview; readonly session: SessionView }
  | { readonly kind: 'duplicate'; readonly review: RecordedReview; readonly session: SessionView }
  | { readonly kind: 'stale'; readonly session: SessionView }
  | { readonly kind: 'session-ended'; readonly session: SessionView }
  | { readonly kind: 'session-not-found' }
  | { readonly kind: 'not-session-owner' };

/** What a skip or refresh did. */
export type AdvanceResult =
  | { readonly kind: 'advanced'; readonly session: SessionView }
  | { readonly kind: 'stale'; readonly session: SessionView }
  | { readonly kind: 'session-ended'; readonly session: SessionView }
  | { readonly kind: 'session-not-found' }
  | { readonly kind: 'not-session-owner' };

/** What undo did. */
export type UndoResult =
  | { readonly kind: 'undone'; readonly review: RecordedReview; readonly session: SessionView | null }
  | { readonly kind: 'nothing-to-undo' }
  | { readonly kind: 'not-latest-review' }
  /** `expectedStep` was given and the session has moved on (e.g. a second click on the same Undo button). */
  | { readonly kind: 'stale'; readonly session: SessionView };

/** Why settings were refused. */
export type SettingsError =
  | StudyClockError
  | { readonly kind: 'invalid-limit'; readonly field: 'newPerDay' | 'reviewsPerDay'; readonly value: number };

/** Why a session could not start. */
export type StartSessionError = { readonly kind: 'invalid-card-id'; readonly cardId: string };

/** Today, the streak and retention for one deck. */
export interface Progress {
  readonly counts: QueueCounts;
  readonly nextDueAt: number | null;
  /** Normal-mode answers today, split the way limits count them, plus all answers (cram included). */
  readonly today: TodayProgress & { readonly total: number };
  readonly streak: Streak;
  /** Review-phase retention over the last 30 days. */
  readonly retention30d: Retention;
  readonly leeches: number;
  readonly suspended: number;
}

/** Longest card id the schema accepts. */
export const maxCardIdLength = 48;
