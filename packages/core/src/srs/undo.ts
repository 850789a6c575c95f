import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';
import type { CardState, ReviewLogEntry } from './types.ts';

/** Why a review could not be undone. */
export type UndoError = { readonly kind: 'not-latest-review'; readonly reviewedAt: number };

/**
 * The state to restore when undoing `entry`: its `before` (undefined when the card was new).
 * Refused unless `entry` is the review that produced `current`.
 */
export function undoReview(
  current: CardState | undefined,
  entry: ReviewLogEntry,
): Result<CardState | undefined, UndoError> {
  if (current?.lastReview !== entry.reviewedAt || current.due !== entry.dueAfter) {
    return err({ kind: 'not-latest-review', reviewedAt: entry.reviewedAt });
  }
  return ok(entry.before ?? undefined);
}
