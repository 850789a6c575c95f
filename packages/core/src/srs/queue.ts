import { startOfNextStudyDay, startOfStudyDay } from './study-day.ts';
import type { StudyClock } from './study-day.ts';
import type { CardState } from './types.ts';

/** Daily caps on what the queue hands out. */
export interface DailyLimits {
  /** New cards introduced per study day. */
  readonly newPerDay: number;
  /** Review-phase cards answered per study day. */
  readonly reviewsPerDay: number;
}

/** Anki-like defaults: 20 new and 200 reviews a day. */
export const defaultDailyLimits: DailyLimits = { newPerDay: 20, reviewsPerDay: 200 };

/** What the user has already done in the current study day. */
export interface TodayProgress {
  /** New cards answered for the first time today. */
  readonly newIntroduced: number;
  /** Review-phase cards answered today. */
  readonly reviewsDone: number;
}

/** Learning cards due within this much are shown when nothing else is left (Anki's learn-ahead). */
export const defaultLearnAheadMs = 20 * 60_000;

/** The part of a card state the queue and the forecast read. */
export type QueueCardState = Pick<CardState, 'phase' | 'due' | 'isSuspended'>;

/** Everything the queue needs, all passed in. */
export interface QueueInput {
  /** The deck's card ids, in the order new cards should be introduced. */
  readonly deckCardIds: readonly string[];
  /** The user's states by card id; cards outside the deck are ignored. */
  readonly states: ReadonlyMap<string, QueueCardState>;
  /** Work already done in the current study day. */
  readonly today: TodayProgress;
  /** Daily caps. */
  readonly limits: DailyLimits;
  /** The user's zone and day-start hour. */
  readonly clock: StudyClock;
  /** Current time (epoch ms). */
  readonly now: number;
  /** Learn-ahead window in ms (default 20 minutes). */
  readonly learnAheadMs?: number;
}

/** Why a card is being shown. */
export type QueueCardKind = 'learning' | 'review' | 'new';

/** The card to show next. */
export interface QueuedCard {
  /** Card id. */
  readonly cardId: string;
  /** Which pile it comes from. */
  readonly kind: QueueCardKind;
}

/** How much is left today and what to show next. */
export interface StudyQueue {
  /** Cards available now, per pile, after daily limits. */
  readonly counts: { readonly learning: number; readonly due: number; readonly new: number };
  /** The next card, or null when nothing is available now. */
  readonly next: QueuedCard | null;
  /** When nothing is available: the earliest time something will be (epoch ms), null if never. */
  readonly nextDueAt: number | null;
}

interface Scheduled {
  readonly cardId: string;
  readonly due: number;
}

const byDue = (a: Scheduled, b: Scheduled): number =>
  a.due - b.due || (a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0);

/**
 * Counts and the next card: learning cards due first, then reviews due this study day, then new cards
 * (each within its daily limit); learning cards due within the learn-ahead window close the day.
 */
export function buildQueue(input: QueueInput): StudyQueue {
  const { now, clock, limits, today, states } = input;
  const learnAheadMs = input.learnAheadMs ?? defaultLearnAheadMs;
  const dayEnd = startOfNextStudyDay(now, clock);
  const learningNow: Scheduled[] = [];
  const learningAhead: Scheduled[] = [];
  const reviewsDue: Scheduled[] = [];
  const newCards: string[] = [];
  let laterLearning = Infinity;
  let laterReview = Infinity;
  const seen = new Set<string>();
  for (const cardId of input.deckCardIds) {
    if (seen.has(cardId)) continue;
    seen.add(cardId);
    const state = states.get(cardId);
    if (state === undefined || state.phase === 'new') {
      if (state?.isSuspended !== true) newCards.push(cardId);
      continue;
    }
    if (state.isSuspended) continue;
    const item = { cardId, due: state.due };
    if (state.phase === 'review') {
      if (state.due < dayEnd) reviewsDue.push(item);
      else laterReview = Math.min(laterReview, state.due);
    } else if (state.due <= now) learningNow.push(item);
    else if (state.due <= now + learnAheadMs) learningAhead.push(item);
    else laterLearning = Math.min(laterLearning, state.due);
  }
  const reviewRoom = Math.max(0, limits.reviewsPerDay - today.reviewsDone);
  const newRoom = Math.max(0, limits.newPerDay - today.newIntroduced);
  const dueCount = Math.min(reviewsDue.length, reviewRoom);
  const newCount = Math.min(newCards.length, newRoom);
  const counts = { learning: learningNow.length + learningAhead.length, due: dueCount, new: newCount };
  const pick = (): QueuedCard | null => {
    const learning = learningNow.sort(byDue)[0];
    if (learning !== undefined) return { cardId: learning.cardId, kind: 'learning' };
    const review = dueCount > 0 ? reviewsDue.sort(byDue)[0] : undefined;
    if (review !== undefined) return { cardId: review.cardId, kind: 'review' };
    const fresh = newCount > 0 ? newCards[0] : undefined;
    if (fresh !== undefined) return { cardId: fresh, kind: 'new' };
    const ahead = learningAhead.sort(byDue)[0];
    return ahead === undefined ? null : { cardId: ahead.cardId, kind: 'learning' };
  };
  const next = pick();
  if (next !== null) return { counts, next, nextDueAt: null };
  // Reviews and new cards held back by a limit, or due on a later day, open when that study day starts.
  const heldBack = reviewsDue.length > 0 || newCards.length > 0 ? dayEnd : Infinity;
  const reviewOpens = laterReview === Infinity ? Infinity : startOfStudyDay(laterReview, clock);
  const nextDueAt = Math.min(laterLearning, heldBack, reviewOpens);
  return { counts, next: null, nextDueAt: nextDueAt === Infinity ? null : nextDueAt };
}
