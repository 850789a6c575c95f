import { periodOf, type PeriodKind } from '@portdeck/core';
import type { BoardPeriod, LeaderboardCursor, LeaderboardEntry } from '@portdeck/store';
import { GraphQLError } from 'graphql';
import { nonEmptyArgument } from '../arguments.ts';
import { builder } from '../builder.ts';
import { badUserInput } from '../errors.ts';
import { GUILD_FIELD, type GuildScope } from '../guild-access.ts';
import { checkConnectionArgs, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, offsetConnection } from '../pagination.ts';
import { ActivityDayRef } from './activity-day.ts';
import { DailyQuestionStatsRef } from './daily-question-stats.ts';
import { DrillStatsRef } from './drill-stats.ts';
import { BoardEnum, StatsPeriodEnum } from './enums.ts';
import { LeaderboardEntryRef } from './leaderboard-entry.ts';
import { PortStatsRef } from './port-stats.ts';

/** A server the caller's token reads, with its zone for periods. */
interface Guild extends GuildScope {
  readonly timeZone: string;
}

type StatsPeriod = PeriodKind | 'all';

function periodIn(guild: Guild, period: StatsPeriod): BoardPeriod {
  return period === 'all'
    ? { kind: 'all' }
    : { kind: period, key: periodOf(guild.now, guild.timeZone, period).key };
}

const CURSOR_PREFIX = 'Leaderboard:';

function leaderboardCursor(entry: LeaderboardEntry): string {
  return Buffer.from(`${CURSOR_PREFIX}${JSON.stringify([entry.points, entry.userId])}`).toString('base64url');
}

function parseLeaderboardCursor(cursor: string | null | undefined): LeaderboardCursor | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (text.startsWith(CURSOR_PREFIX)) {
    try {
      const value = JSON.parse(text.slice(CURSOR_PREFIX.length)) as unknown;
      if (Array.isArray(value) && Number.isInteger(value[0]) && typeof value[1] === 'string') {
        return { points: value[0] as number, userId: value[1] };
      }
    } catch {
      // Falls through to the error below.
    }
  }
  throw badUserInput('INVALID_CURSOR', `"${cursor}" is not a cursor from this connection.`, {
    argument: 'after',
  });
}

/** A server's statistics, read with the server's dashboard token. */
export const GuildRef = builder.objectRef<Guild>('Guild').implement({
  description:
    "A Discord server's leaderboards and statistics. Needs the server's dashboard token (`/dashboard token`) as `Authorization: Bearer <token>`; answers are private (`Cache-Control: private, no-store`).",
  fields: (t) => ({
    id: t.exposeID('guildId', { description: 'The Discord server id.' }),
    timeZone: t.exposeString('timeZone', {
      description: "The zone periods follow: the daily quiz's, else UTC.",
    }),
    resetsAt: t.string({
      nullable: true,
      description: 'When the current period ends (ISO 8601, UTC); null for ALL.',
      args: { period: t.arg({ type: StatsPeriodEnum, required: true, description: 'The period.' }) },
      resolve: (guild, { period }) =>
        period === 'all' ? null : new Date(periodOf(guild.now, guild.timeZone, period).end).toISOString(),
    }),
    leaderboard: t.connection(
      {
        type: LeaderboardEntryRef,
        description: `Members ranked by points in the current period, then by user id. Pages hold at most ${MAX_PAGE_SIZE}.`,
        args: {
          period: t.arg({ type: StatsPeriodEnum, defaultValue: 'all', description: 'Default ALL.' }),
          board: t.arg({ type: BoardEnum, defaultValue: 'all', description: 'Default ALL.' }),
        },
        resolve: async (guild, args) => {
          if (args.last !== null && args.last !== undefined) {
            throw badUserInput(
              'INVALID_PAGE_SIZE',
              '"last" is not supported here; page with "first" and "after".',
              {
                argument: 'last',
              },
            );
          }
          checkConnectionArgs({ first: args.first });
          const after = parseLeaderboardCursor(args.after);
          const first = args.first ?? DEFAULT_PAGE_SIZE;
          const page = await guild.store.boards.leaderboard({
            guildId: guild.guildId,
            period: periodIn(guild, args.period ?? 'all'),
            board: args.board ?? 'all',
            first,
            after,
          });
          const edges = page.entries.map((node) => ({ cursor: leaderboardCursor(node), node }));
          return {
            edges,
            totalCount: page.total,
            pageInfo: {
              hasNextPage: page.hasNextPage,
              hasPreviousPage: after !== undefined,
              startCursor: edges[0]?.cursor ?? null,
              endCursor: edges.at(-1)?.cursor ?? null,
            },
          };
        },
      },
      {
        name: 'LeaderboardConnection',
        description: 'A page of a leaderboard.',
        fields: (c) => ({
          totalCount: c.int({
            description: 'How many members are on the board.',
            resolve: (connection) => connection.totalCount,
          }),
        }),
      },
      { name: 'LeaderboardEdge', description: 'A leaderboard line and its cursor.' },
    ),
    hardestPorts: t.field({
      type: [PortStatsRef],
      description: `The cards answered right least often in the period (then most answered). At most ${MAX_PAGE_SIZE}.`,
      args: {
        period: t.arg({ type: StatsPeriodEnum, defaultValue: 'all', description: 'Default ALL.' }),
        first: t.arg.int({ defaultValue: 10, description: 'How many (default 10).' }),
      },
      resolve: (guild, args) => {
        checkConnectionArgs({ first: args.first });
        return guild.store.boards.hardestCards({
          guildId: guild.guildId,
          period: periodIn(guild, args.period ?? 'all'),
          board: 'all',
          first: args.first ?? 10,
        });
      },
    }),
    daily: t.connection(
      {
        type: DailyQuestionStatsRef,
        description: 'Past daily questions, newest first.',
        resolve: (guild, args) =>
          offsetConnection(args, (window) => guild.store.boards.dailyQuestions(guild.guildId, window)),
      },
      { name: 'DailyQuestionStatsConnection', description: 'A page of daily questions.' },
      { name: 'DailyQuestionStatsEdge', description: 'A daily question and its cursor.' },
    ),
    drills: t.connection(
      {
        type: DrillStatsRef,
        description: 'Drills played, newest first.',
        resolve: (guild, args) =>
          offsetConnection(args, (window) => guild.store.boards.games(guild.guildId, 'drills', window)),
      },
      { name: 'DrillStatsConnection', description: 'A page of drills.' },
      { name: 'DrillStatsEdge', description: 'A drill and its cursor.' },
    ),
    activity: t.field({
      type: [ActivityDayRef],
      description: "Answers and players per day of the period, in the server's zone, oldest first.",
      args: {
        period: t.arg({ type: StatsPeriodEnum, defaultValue: 'month', description: 'Default MONTH.' }),
      },
      resolve: (guild, args) =>
        guild.store.boards.activity({
          guildId: guild.guildId,
          period: periodIn(guild, args.period ?? 'month'),
          board: 'all',
        }),
    }),
  }),
});

builder.queryFields((t) => ({
  [GUILD_FIELD]: t.field({
    type: GuildRef,
    nullable: true,
    description:
      "A server's statistics. Needs that server's dashboard token: UNAUTHENTICATED without a valid one, FORBIDDEN with another server's (whether or not the server exists), RATE_LIMITED past the token's rate, SERVICE_UNAVAILABLE while the database is unreachable.",
    args: { id: t.arg.id({ required: true, description: 'The Discord server id.' }) },
    resolve: async (_root, args, { access, request }) => {
      if (request === undefined) throw new Error('no request in the context');
      const scope = await access.open(request, nonEmptyArgument(args.id, 'id', 'EMPTY_ID'));
      if (scope instanceof GraphQLError) throw scope;
      return { ...scope, timeZone: await scope.store.boards.timeZoneOf(scope.guildId) };
    },
  }),
}));
