import type { CardStats } from '@portdeck/store';
import { builder } from '../builder.ts';

/** How a server fared on one card. */
export const PortStatsRef = builder.objectRef<CardStats>('PortStats').implement({
  description: 'How often a server answered one card right, and the wrong answer it chose most.',
  fields: (t) => ({
    cardId: t.exposeString('cardId', { description: 'The card (`port-to-service:3389`), as in `Card.id`.' }),
    answers: t.exposeInt('answers', { description: 'Answers in the period.' }),
    correct: t.exposeInt('correct', { description: 'Right answers in the period.' }),
    shareCorrect: t.exposeFloat('shareCorrect', { description: 'Share answered right, 0-1.' }),
    mostChosenWrong: t.string({
      nullable: true,
      description: 'The wrong option chosen most often (ties: first in text order); null when none.',
      resolve: (c) => c.mostChosenWrong?.chosen ?? null,
    }),
    mostChosenWrongCount: t.int({
      description: 'How many chose `mostChosenWrong` (0 when none).',
      resolve: (c) => c.mostChosenWrong?.count ?? 0,
    }),
  }),
});
