import type { CardState } from './types.ts';

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
