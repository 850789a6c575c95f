import type { GameStats } from '@portdeck/store';
import { builder } from '../builder.ts';

/** One drill played in a server. */
export const DrillStatsRef = builder.objectRef<GameStats>('DrillStats').implement({
  description: 'One group drill: when, how many played, how many rounds, who won.',
  fields: (t) => ({
    date: t.exposeString('day', { description: "The server's local date it started (YYYY-MM-DD)." }),
    players: t.exposeInt('players', { description: 'Members who answered at least once.' }),
    rounds: t.exposeInt('rounds', { description: 'Rounds answered.' }),
    winnerUserId: t.string({
      nullable: true,
      description: 'The member with most points (ties: lowest id); null when hidden or nobody scored.',
      resolve: (g) => (g.winner === null || g.winner.isHidden ? null : g.winner.userId),
    }),
    winnerDisplayName: t.string({
      nullable: true,
      description: "The winner's display name in this server; null when hidden, not seen yet or no winner.",
      resolve: (g) => (g.winner === null || g.winner.isHidden ? null : g.winner.displayName),
    }),
    winnerPoints: t.int({
      description: "The winner's points (0 when none).",
      resolve: (g) => g.winner?.points ?? 0,
    }),
  }),
});
