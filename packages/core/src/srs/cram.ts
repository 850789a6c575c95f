import type { CardState, RatingName } from './types.ts';

/** Which cards a cram session covers. */
export type CramFilter = 'all' | 'missed';

/** True when the card was last answered "again" or has ever lapsed. */
export function isMissed(state: CardState | undefined): boolean {
  return state !== undefined && (state.lastRating === 'again' || state.lapses > 0);
}

/**
 * Cards to cram regardless of schedule (cramming never changes a schedule): the whole deck or only the
 * missed cards, suspended ones left out, in deck order or shuffled with the given `random` in [0, 1).
 */
export function selectCramCards(input: {
  readonly deckCardIds: readonly string[];
  readonly states: ReadonlyMap<string, CardState>;
  readonly filter: CramFilter;
  readonly random?: () => number;
}): string[] {
  const picked = [...new Set(input.deckCardIds)].filter((cardId) => {
    const state = input.states.get(cardId);
    if (state?.isSuspended === true) return false;
    return input.filter === 'all' || isMissed(state);
  });
  const { random } = input;
  if (random !== undefined) {
    for (let i = picked.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [picked[i], picked[j]] = [picked[j] ?? '', picked[i] ?? ''];
    }
  }
  return picked;
}

/**
 * The cram pile (cards left, the one on screen first) after answering its first card: a card answered
 * "again" comes back at the end, any other answer takes it out.
 */
export function cramPileAfterAnswer(pile: readonly string[], rating: RatingName): string[] {
  const [head, ...rest] = pile;
  return rating === 'again' && head !== undefined ? [...rest, head] : rest;
}

/** The cram pile after skipping the card on screen: it goes to the back. */
export function cramPileAfterSkip(pile: readonly string[]): string[] {
  const [head, ...rest] = pile;
  return head === undefined ? rest : [...rest, head];
}

/** The cram pile after undoing an answer to `cardId`: the card is taken back from where "again" put it and shown first. */
export function cramPileAfterUndo(pile: readonly string[], cardId: string, rating: RatingName): string[] {
  const rest = [...pile];
  const at = rest.lastIndexOf(cardId);
  if (rating === 'again' && at >= 0) rest.splice(at, 1);
  return [cardId, ...rest];
}
