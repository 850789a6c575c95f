import { err, ok, type Result } from '../result.ts';
import type { Registry } from '../registry.ts';
import type { Card } from '../quiz/cards.ts';
import { multipleChoice, type Random } from '../quiz/choices.ts';

/** The next daily card and the cycle it belongs to. */
export interface DailyPick {
  readonly cardId: string;
  /** The cards asked in the current cycle after this pick (store it for the next pick). */
  readonly askedInCycle: readonly string[];
  /** This pick began a new cycle: every card of the deck had been asked. */
  readonly isNewCycle: boolean;
}

/** Why no card could be picked. */
export interface DailyPickError {
  readonly code: 'empty-deck';
  readonly message: string;
}

/**
 * Picks the next daily question so that a server sees every card of its deck once before any repeats.
 * Cards asked in the cycle that left the deck are forgotten; when the cycle is complete a new one starts,
 * never with the card asked last. The same `random` sequence gives the same pick.
 */
export function pickDailyCard(
  deckCardIds: readonly string[],
  askedInCycle: readonly string[],
  random: Random,
): Result<DailyPick, DailyPickError> {
  const deck = [...new Set(deckCardIds)];
  if (deck.length === 0) {
    return err({
      code: 'empty-deck',
      message: 'This deck has no cards: choose another deck for the daily question.',
    });
  }
  const inDeck = new Set(deck);
  const asked = [...new Set(askedInCycle)].filter((id) => inDeck.has(id));
  const askedSet = new Set(asked);
  const remaining = deck.filter((id) => !askedSet.has(id));
  const isNewCycle = remaining.length === 0;
  const lastAsked = askedInCycle.at(-1);
  const pool = isNewCycle ? (deck.length > 1 ? deck.filter((id) => id !== lastAsked) : deck) : remaining;
  const index = Math.min(pool.length - 1, Math.max(0, Math.floor(random() * pool.length)));
  const cardId = pool[index] ?? deck[0] ?? '';
  return ok({ cardId, askedInCycle: isNewCycle ? [cardId] : [...asked, cardId], isNewCycle });
}

/** A daily question as posted: the card's prompt, its options and what to say when it closes. */
export interface DailyQuestion {
  readonly cardId: string;
  readonly prompt: string;
  /** Four options; three for transport and range (class) cards, which have only three answers. */
  readonly options: readonly string[];
  readonly correctIndex: number;
  /** The full answer, as on the back of the card. */
  readonly answer: string;
  /** What the registry adds beside the taught answer, when the card has something to say. */
  readonly explanation?: string;
}

/** Builds the posted question for a card with the quiz's multiple-choice options. */
export function buildDailyQuestion(registry: Registry, card: Card, random: Random): DailyQuestion {
  const choice = multipleChoice(registry, card, random);
  return {
    cardId: card.id,
    prompt: choice.prompt,
    options: choice.options,
    correctIndex: choice.correctIndex,
    answer: card.answer,
    ...(card.explanation === undefined ? {} : { explanation: card.explanation }),
  };
}
