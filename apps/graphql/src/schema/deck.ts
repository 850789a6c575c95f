import type { Deck } from '@portdeck/core';
import { nonEmptyArgument } from '../arguments.ts';
import { builder } from '../builder.ts';
import { arrayConnection, MAX_PAGE_SIZE } from '../pagination.ts';
import { CardRef } from './card.ts';

/** A named set of flashcards. */
export const DeckRef = builder.objectRef<Deck>('Deck').implement({
  description:
    "A named set of flashcards to study: the course's port table, an exam's list, all System ports, or one category. A person's progress is not exposed here.",
  fields: (t) => ({
    id: t.exposeString('id', {
      description:
        'Stable id: `seed`, `a-plus`, `network-plus`, `security-plus`, `well-known` or `category:<category>` (`category:mail`).',
    }),
    name: t.exposeString('name', { description: 'The name to show ("CompTIA Network+").' }),
    description: t.exposeString('description', { description: 'What the deck covers, in one line.' }),
    cardCount: t.int({ description: 'How many cards the deck holds.', resolve: (d) => d.cardIds.length }),
    cards: t.connection(
      {
        type: CardRef,
        description: `The deck's cards in study order. Pages hold at most ${MAX_PAGE_SIZE} cards (PAGE_SIZE_TOO_LARGE beyond).`,
        resolve: (deck, args, { decks }) => arrayConnection(args, decks.cardsOf(deck)),
      },
      {
        name: 'CardConnection',
        description: 'A page of flashcards.',
        fields: (c) => ({
          totalCount: c.int({
            description: 'How many cards the deck holds, across all pages.',
            resolve: (connection) => connection.totalCount,
          }),
        }),
      },
      { name: 'CardEdge', description: 'A flashcard and its cursor.' },
    ),
  }),
});

builder.queryFields((t) => ({
  decks: t.field({
    type: [DeckRef],
    description:
      'Every study deck: the seed table, the CompTIA A+, Network+ and Security+ lists, all curated System ports, then one per service category.',
    resolve: (_root, _args, { decks }) => decks.decks,
  }),
  deck: t.field({
    type: DeckRef,
    nullable: true,
    description:
      'One deck by id ("network-plus", "category:mail"). Null when no deck has the id; EMPTY_ID for a blank id.',
    args: { id: t.arg.string({ required: true, description: 'The deck id, as in `Deck.id`.' }) },
    resolve: (_root, args, { decks }) => decks.deck(nonEmptyArgument(args.id, 'id', 'EMPTY_ID')) ?? null,
  }),
}));
