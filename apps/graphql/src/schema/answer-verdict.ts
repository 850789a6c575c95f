import { checkAnswer, type AnswerCheck, type Card } from '@portdeck/core';
import { nonEmptyArgument } from '../arguments.ts';
import { builder } from '../builder.ts';
import { badUserInput } from '../errors.ts';
import { CardRef } from './card.ts';

interface AnswerVerdictShape {
  readonly card: Card;
  readonly answer: string;
  readonly check: AnswerCheck;
}

/** How a typed answer fared. */
export const VerdictEnum = builder.enumType('Verdict', {
  description: 'How a typed answer fared.',
  values: {
    CORRECT: { value: 'correct', description: 'Right (a forgiven slip of spelling included).' },
    PARTIAL: {
      value: 'partial',
      description: 'Partly right: some of the ports, the service without its port, or the registry’s truth.',
    },
    INCORRECT: { value: 'incorrect', description: 'Wrong, blank, or another real service.' },
  } as const,
});

/** The verdict on one typed answer, graded as the bot grades it. */
export const AnswerVerdictRef = builder.objectRef<AnswerVerdictShape>('AnswerVerdict').implement({
  description:
    "The verdict on a typed answer to a card, from core's grading (the bot's): forgiving of case, spacing, full names, aliases, ranges and one slip of spelling, never of another real service's name.",
  fields: (t) => ({
    verdict: t.field({
      type: VerdictEnum,
      description: 'Correct, partial or incorrect.',
      resolve: (v) => v.check.verdict,
    }),
    expected: t.string({
      description: 'The answer as taught (the back of the card).',
      resolve: (v) => v.check.expected,
    }),
    note: t.string({
      nullable: true,
      description:
        'Why, in a few words, where the verdict needs it ("close: check the spelling", "IMAPS is another service (port 993)"); null otherwise.',
      resolve: (v) => v.check.note ?? null,
    }),
    message: t.string({
      description: 'One line to show the person: the verdict and the taught answer.',
      resolve: (v) => v.check.message,
    }),
    answer: t.string({ description: 'The answer as given.', resolve: (v) => v.answer }),
    card: t.field({ type: CardRef, description: 'The card answered.', resolve: (v) => v.card }),
  }),
});

builder.queryFields((t) => ({
  checkAnswer: t.field({
    type: AnswerVerdictRef,
    description:
      'Grades a typed answer to a card as the bot does, so dashboards and pages can quiz with the same rules. UNKNOWN_CARD when no card has the id; EMPTY_ID for a blank id. A blank answer is INCORRECT.',
    args: {
      card: t.arg.id({
        required: true,
        description: 'The card id, as in `Card.id` ("port-to-service:143").',
      }),
      answer: t.arg.string({ required: true, description: 'What the person typed.' }),
    },
    resolve: (_root, args, { registry, decks }) => {
      const id = nonEmptyArgument(args.card, 'card', 'EMPTY_ID');
      const card = decks.card(id);
      if (!card) throw badUserInput('UNKNOWN_CARD', `No card has the id "${id}".`, { card: id });
      return { card, answer: args.answer, check: checkAnswer(registry, card, args.answer) };
    },
  }),
}));
