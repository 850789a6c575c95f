import type { ActivityDay } from '@portdeck/store';
import { builder } from '../builder.ts';

/** A server's answers on one local day. */
export const ActivityDayRef = builder.objectRef<ActivityDay>('ActivityDay').implement({
  description: "Answers and players on one day in the server's time zone.",
  fields: (t) => ({
    date: t.exposeString('day', { description: 'The local date (YYYY-MM-DD).' }),
    answers: t.exposeInt('answers', { description: 'Answers that day.' }),
    players: t.exposeInt('players', { description: 'Members who answered that day.' }),
  }),
});
