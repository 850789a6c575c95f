import type { LeaderboardEntry } from '@portdeck/store';
import { builder } from '../builder.ts';

/** One member's line on a server's leaderboard. */
export const LeaderboardEntryRef = builder.objectRef<LeaderboardEntry>('LeaderboardEntry').implement({
  description: "One member's line on a server's leaderboard.",
  fields: (t) => ({
    rank: t.exposeInt('rank', {
      description: 'Competition ranking: equal points share a rank and the next rank skips (1, 1, 3).',
    }),
    userId: t.string({
      nullable: true,
      description: 'The Discord user id; null for a member who hides from boards ("a player").',
      resolve: (e) => (e.isHidden ? null : e.userId),
    }),
    displayName: t.string({
      nullable: true,
      description:
        "The member's display name in this server as the bot last saw it; null when hidden or not seen yet.",
      resolve: (e) => (e.isHidden ? null : e.displayName),
    }),
    isHidden: t.exposeBoolean('isHidden', { description: 'The member hides from boards.' }),
    points: t.exposeInt('points', { description: 'Points in the period.' }),
    correct: t.exposeInt('correct', { description: 'Right answers in the period.' }),
    answers: t.exposeInt('answers', { description: 'Answers in the period.' }),
  }),
});
