import type { DailyQuestionStats } from '@portdeck/store';
import { builder } from '../builder.ts';

/** A past daily question and how the server answered it. */
export const DailyQuestionStatsRef = builder.objectRef<DailyQuestionStats>('DailyQuestionStats').implement({
  description: 'A daily question the server was asked, with its answers.',
  fields: (t) => ({
    date: t.exposeString('localDate', { description: "The server's local date it was posted (YYYY-MM-DD)." }),
    cardId: t.exposeString('cardId', { description: 'The card asked, as in `Card.id`.' }),
    options: t.exposeStringList('options', { description: 'The options as shown.' }),
    correctIndex: t.exposeInt('correctIndex', { description: 'Which option was right (from 0).' }),
    answers: t.exposeInt('answers', { description: 'How many answered.' }),
    shareCorrect: t.exposeFloat('shareCorrect', { description: 'Share answered right, 0-1.' }),
    distribution: t.exposeIntList('distribution', { description: 'How many chose each option, in order.' }),
  }),
});
