import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PeriodKeys } from '@portdeck/core';
import { sql } from 'kysely';
import type { Backend, Tx } from './backend/types.ts';
import type { BoardName } from './schema.ts';

/** Points for a right daily answer (a wrong one scores 0 but still counts as played). */
export const dailyCorrectPoints = 10;

/** One answer on any board, as a feature records it (daily question, drill round...). */
export interface ScoreInput {
  readonly guildId: string;
  readonly userId: string;
  readonly board: BoardName;
  /** The game it belongs to: the daily question, or the drill whose round this is. */
  readonly gameId: string;
  /** What was answered: the daily question or the drill round (one score per member and source). */
  readonly sourceId: string;
  readonly cardId: string;
  /** The option chosen, as shown; null when the feature has none. */
  readonly chosen: string | null;
  readonly isCorrect: boolean;
  readonly points: number;
  readonly answeredAt: number;
  readonly keys: PeriodKeys;
}

/**
 * Records one answer in the scores ledger, inside the caller's transaction (so the answer and its score
 * commit together). False when this member already scored on this source.
 */
export async function recordScoreIn(trx: Tx, score: ScoreInput): Promise<boolean> {
  const inserted = await trx
    .insertInto('scores')
    .values({
      guild_id: score.guildId,
      user_id: score.userId,
      board: score.board,
      game_id: score.gameId,
      source_id: score.sourceId,
      card_id: score.cardId,
      chosen: score.chosen,
      is_correct: score.isCorrect ? 1 : 0,
      points: score.points,
      answered_at: score.answeredAt,
      day_key: score.keys.day,
      week_key: score.keys.week,
      month_key: score.keys.month,
    })
    .onConflict((oc) => oc.columns(['board', 'source_id', 'user_id']).doNothing())
    .executeTakeFirst();
  if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) return false;
  const periods = [
    ['day', score.keys.day],
    ['week', score.keys.week],
    ['month', score.keys.month],
    ['all', ''],
  ] as const;
  await trx
    .insertInto('score_totals')
    .values(
      [score.board, 'all' as const].flatMap((board) =>
        periods.map(([period, key]) => ({
          guild_id: score.guildId,
          board,
          period,
          period_key: key,
          user_id: score.userId,
          points: score.points,
          correct: score.isCorrect ? 1 : 0,
          answers: 1,
        })),
      ),
    )
    .onConflict((oc) =>
      oc.columns(['guild_id', 'board', 'period', 'period_key', 'user_id']).doUpdateSet((eb) => ({
        points: eb('score_totals.points', '+', eb.ref('excluded.points')),
        correct: eb('score_totals.correct', '+', eb.ref('excluded.correct')),
        answers: eb('score_totals.answers', '+', eb.ref('excluded.answers')),
      })),
    )
    .execute();
  return true;
}

/** A board's period: one local day, ISO week or month by key, or all time. */
export type BoardPeriod =
  { readonly kind: 'day' | 'week' | 'month'; readonly key: string } | { readonly kind: 'all' };

/** Which boards to count: one, or both together. */
export type BoardFilter = BoardName | 'all';

/** One member's line on a board. */
export interface LeaderboardEntry {
  /** Competition ranking: equal points share a rank and the next rank skips (1, 1, 3). */
  readonly rank: number;
  readonly userId: string;
  readonly points: number;
  readonly correct: number;
  readonly answers: number;
  /** The member hides from boards: show them as "a player" to everyone but themselves. */
  readonly isHidden: boolean;
  /** Their display name as last seen in this server (null when never seen); shown only when not hidden. */
  readonly displayName: string | null;
}

/** Where a page ends: the last entry's points and user id (pages follow points, then user id). */
export interface LeaderboardCursor {
  readonly points: number;
  readonly userId: string;
}

/** A page of a board. */
export interface LeaderboardPage {
  readonly entries: LeaderboardEntry[];
  /** How many members are on the board. */
  readonly total: number;
  readonly hasNextPage: boolean;
  /** The asking member's own line, wherever it is (undefined when they have not played in the period). */
  readonly me: LeaderboardEntry | undefined;
}

/** What a board query names. */
export interface BoardQuery {
  readonly guildId: string;
  readonly period: BoardPeriod;
  readonly board: BoardFilter;
}

/** A card's answers in a period: how hard it was and which wrong option drew most. */
export interface CardStats {
  readonly cardId: string;
  readonly answers: number;
  readonly correct: number;
  /** Share answered right, 0-1. */
  readonly shareCorrect: number;
  /** The wrong option chosen most often (ties: the first in text order); null when none was recorded. */
  readonly mostChosenWrong: { readonly chosen: string; readonly count: number } | null;
}

/** Answers and players on one local day. */
export interface ActivityDay {
  readonly day: string;
  readonly answers: number;
  readonly players: number;
}

/** One game (a drill) on a board. */
export interface GameStats {
  readonly gameId: string;
  /** The local day it started. */
  readonly day: string;
  readonly startedAt: number;
  readonly players: number;
  readonly rounds: number;
  /** The member with most points (ties: the lowest user id). */
  readonly winner: {
    readonly userId: string;
    readonly points: number;
    readonly isHidden: boolean;
    readonly displayName: string | null;
  } | null;
}

/** A past daily question with its answers. */
export interface DailyQuestionStats {
  readonly questionId: string;
  readonly localDate: string;
  readonly cardId: string;
  readonly options: readonly string[];
  readonly correctIndex: number;
  readonly answers: number;
  readonly correct: number;
  readonly shareCorrect: number;
  /** How many chose each option, in option order. */
  readonly distribution: readonly number[];
}

/** Leaderboards, statistics, hiding from boards, and dashboard read tokens. */
export interface BoardsStore {
  /** A page of a board, ranked; `userId` adds that member's own line. */
  leaderboard(
    query: BoardQuery & {
      readonly first: number;
      readonly after?: LeaderboardCursor | undefined;
      readonly userId?: string | undefined;
    },
  ): Promise<LeaderboardPage>;
  /** The cards answered right least often (share correct ascending, then most answers, then card id). */
  hardestCards(query: BoardQuery & { readonly first: number }): Promise<CardStats[]>;
  /** Answers and players per local day, oldest first. */
  activity(query: BoardQuery): Promise<ActivityDay[]>;
  /** A board's games newest first (the drills board: each drill). */
  games(guildId: string, board: BoardName, window: Window): Promise<GameStats[]>;
  /** Past daily questions newest first, with their answers. */
  dailyQuestions(guildId: string, window: Window): Promise<DailyQuestionStats[]>;
  /** The server's zone for periods: its daily quiz's, else UTC. */
  timeZoneOf(guildId: string): Promise<string>;
  setHidden(userId: string, isHidden: boolean, now: number): Promise<void>;
  isHidden(userId: string): Promise<boolean>;
  /** Keeps a member's display name for this server (boards drawn as pictures and dashboards show it). */
  rememberName(guildId: string, userId: string, displayName: string, now: number): Promise<void>;
  /** A new read token for the server (shown once; only its hash is kept). Earlier tokens are revoked. */
  createToken(guildId: string, createdBy: string, now: number): Promise<string>;
  /** Revokes the server's tokens; how many were active. */
  revokeTokens(guildId: string, now: number): Promise<number>;
  /** The server a token reads, or undefined when it is unknown or revoked. */
  guildOfToken(token: string): Promise<string | undefined>;
}

/** A slice of a list: skip `offset`, take `limit`. */
export interface Window {
  readonly offset: number;
  readonly limit: number;
}

/** The hex SHA-256 of a token: what is stored and looked up. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const tokenPrefix = 'pdk_';

const correctSum = sql<number>`sum(case when is_correct then 1 else 0 end)`;

/** Boards and statistics on a backend. */
export function createBoardsStore(backend: Backend): BoardsStore {
  const { db } = backend;

  /** The scores of one board query. */
  const scoped = ({ guildId, period, board }: BoardQuery) => {
    let query = db.selectFrom('scores').where('guild_id', '=', guildId);
    if (period.kind !== 'all') query = query.where(`${period.kind}_key`, '=', period.key);
    if (board !== 'all') query = query.where('board', '=', board);
    return query;
  };

  /** The running totals of one board query: one row per member. */
  const totals = ({ guildId, period, board }: BoardQuery) =>
    db
      .selectFrom('score_totals as t')
      .where('t.guild_id', '=', guildId)
      .where('t.board', '=', board)
      .where('t.period', '=', period.kind)
      .where('t.period_key', '=', period.kind === 'all' ? '' : period.key);

  /** Totals with each member's board preference and name in this server. */
  const named = (rows: ReturnType<typeof totals>) =>
    rows
      .leftJoin('board_preferences as p', 'p.user_id', 't.user_id')
      .leftJoin('member_names as m', (join) =>
        join.onRef('m.guild_id', '=', 't.guild_id').onRef('m.user_id', '=', 't.user_id'),
      );

  /** Competition rank of `points`: one more than the members with more points (an index range count). */
  const rankOf = async (query: BoardQuery, points: number): Promise<number> => {
    const row = await totals(query)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('t.points', '>', points)
      .executeTakeFirstOrThrow();
    return row.n + 1;
  };

  return {
    leaderboard: async (query) => {
      const { after } = query;
      let page = named(totals(query)).select([
        't.user_id',
        't.points',
        't.correct',
        't.answers',
        'p.is_hidden',
        'm.display_name',
      ]);
      if (after !== undefined) {
        page = page.where((eb) =>
          eb.or([
            eb('t.points', '<', after.points),
            eb.and([eb('t.points', '=', after.points), eb('t.user_id', '>', after.userId)]),
          ]),
        );
      }
      const [rows, count] = await Promise.all([
        page
          .orderBy('t.points', 'desc')
          .orderBy('t.user_id')
          .limit(query.first + 1)
          .execute(),
        totals(query)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      const shown = rows.slice(0, query.first);
      const entries: LeaderboardEntry[] = [];
      const first = shown[0];
      if (first !== undefined) {
        // Sorted by points: a row with fewer points than the one before ranks at its position; equal points share.
        const before = await totals(query)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where((eb) =>
            eb.or([
              eb('t.points', '>', first.points),
              eb.and([eb('t.points', '=', first.points), eb('t.user_id', '<', first.user_id)]),
            ]),
          )
          .executeTakeFirstOrThrow();
        let rank = await rankOf(query, first.points);
        shown.forEach((row, i) => {
          const previous = shown[i - 1];
          if (previous !== undefined && row.points !== previous.points) rank = before.n + i + 1;
          entries.push({
            rank,
            userId: row.user_id,
            points: row.points,
            correct: row.correct,
            answers: row.answers,
            isHidden: row.is_hidden !== null && row.is_hidden !== 0,
            displayName: row.display_name,
          });
        });
      }
      let me = query.userId === undefined ? undefined : entries.find((e) => e.userId === query.userId);
      if (query.userId !== undefined && me === undefined) {
        const mine = await named(totals(query))
          .select(['t.user_id', 't.points', 't.correct', 't.answers', 'p.is_hidden', 'm.display_name'])
          .where('t.user_id', '=', query.userId)
          .executeTakeFirst();
        if (mine !== undefined) {
          me = {
            rank: await rankOf(query, mine.points),
            userId: mine.user_id,
            points: mine.points,
            correct: mine.correct,
            answers: mine.answers,
            isHidden: mine.is_hidden !== null && mine.is_hidden !== 0,
            displayName: mine.display_name,
          };
        }
      }
      return { entries, total: count.n, hasNextPage: rows.length > query.first, me };
    },

    hardestCards: async (query) => {
      const rows = await scoped(query)
        .select((eb) => ['card_id', eb.fn.countAll<number>().as('answers'), correctSum.as('correct')])
        .groupBy('card_id')
        .orderBy(sql`1.0 * sum(case when is_correct then 1 else 0 end) / count(*)`)
        .orderBy(sql`count(*)`, 'desc')
        .orderBy('card_id')
        .limit(query.first)
        .execute();
      if (rows.length === 0) return [];
      const wrong = await scoped(query)
        .select((eb) => ['card_id', 'chosen', eb.fn.countAll<number>().as('n')])
        .where('is_correct', '=', 0)
        .where('chosen', 'is not', null)
        .where(
          'card_id',
          'in',
          rows.map((r) => r.card_id),
        )
        .groupBy(['card_id', 'chosen'])
        .execute();
      const top = new Map<string, { chosen: string; count: number }>();
      for (const w of wrong) {
        const count = w.n;
        const best = top.get(w.card_id);
        if (
          w.chosen !== null &&
          (best === undefined || count > best.count || (count === best.count && w.chosen < best.chosen))
        ) {
          top.set(w.card_id, { chosen: w.chosen, count });
        }
      }
      return rows.map((r) => {
        const answers = r.answers;
        const correct = r.correct;
        return {
          cardId: r.card_id,
          answers,
          correct,
          shareCorrect: answers === 0 ? 0 : correct / answers,
          mostChosenWrong: top.get(r.card_id) ?? null,
        };
      });
    },

    activity: async (query) => {
      const rows = await scoped(query)
        .select((eb) => [
          'day_key',
          eb.fn.countAll<number>().as('answers'),
          eb.fn.count<number>('user_id').distinct().as('players'),
        ])
        .groupBy('day_key')
        .orderBy('day_key')
        .execute();
      return rows.map((r) => ({ day: r.day_key, answers: r.answers, players: r.players }));
    },

    games: async (guildId, board, window) => {
      const rows = await db
        .selectFrom('scores')
        .select((eb) => [
          'game_id',
          eb.fn.min('day_key').as('day'),
          eb.fn.min('answered_at').as('started_at'),
          eb.fn.count<number>('user_id').distinct().as('players'),
          eb.fn.count<number>('source_id').distinct().as('rounds'),
        ])
        .where('guild_id', '=', guildId)
        .where('board', '=', board)
        .groupBy('game_id')
        .orderBy('started_at', 'desc')
        .orderBy('game_id')
        .offset(window.offset)
        .limit(window.limit)
        .execute();
      if (rows.length === 0) return [];
      const totals = await db
        .selectFrom('scores')
        .leftJoin('board_preferences as p', 'p.user_id', 'scores.user_id')
        .leftJoin('member_names as m', (join) =>
          join.onRef('m.guild_id', '=', 'scores.guild_id').onRef('m.user_id', '=', 'scores.user_id'),
        )
        .select((eb) => [
          'scores.game_id',
          'scores.user_id',
          'p.is_hidden',
          'm.display_name',
          eb.fn.sum<number>('scores.points').as('points'),
        ])
        .where('scores.guild_id', '=', guildId)
        .where('scores.board', '=', board)
        .where(
          'scores.game_id',
          'in',
          rows.map((r) => r.game_id),
        )
        .groupBy(['scores.game_id', 'scores.user_id', 'p.is_hidden', 'm.display_name'])
        .execute();
      const winners = new Map<string, NonNullable<GameStats['winner']>>();
      for (const t of totals) {
        const points = t.points;
        const best = winners.get(t.game_id);
        if (
          best === undefined ||
          points > best.points ||
          (points === best.points && t.user_id < best.userId)
        ) {
          winners.set(t.game_id, {
            userId: t.user_id,
            points,
            isHidden: t.is_hidden !== null && t.is_hidden !== 0,
            displayName: t.display_name,
          });
        }
      }
      return rows.map((r) => ({
        gameId: r.game_id,
        day: r.day,
        startedAt: r.started_at,
        players: r.players,
        rounds: r.rounds,
        winner: winners.get(r.game_id) ?? null,
      }));
    },

    dailyQuestions: async (guildId, window) => {
      const questions = await db
        .selectFrom('daily_questions')
        .select(['question_id', 'local_date', 'card_id', 'options', 'correct_index'])
        .where('guild_id', '=', guildId)
        .orderBy('sequence', 'desc')
        .offset(window.offset)
        .limit(window.limit)
        .execute();
      if (questions.length === 0) return [];
      const counts = await db
        .selectFrom('daily_answers')
        .select((eb) => ['question_id', 'choice', eb.fn.countAll<number>().as('n')])
        .where(
          'question_id',
          'in',
          questions.map((q) => q.question_id),
        )
        .groupBy(['question_id', 'choice'])
        .execute();
      return questions.map((q) => {
        const options = JSON.parse(q.options) as string[];
        const distribution = options.map(() => 0);
        for (const c of counts) {
          if (c.question_id === q.question_id && c.choice < distribution.length) {
            distribution[c.choice] = c.n;
          }
        }
        const answers = distribution.reduce((a, b) => a + b, 0);
        const correct = distribution[q.correct_index] ?? 0;
        return {
          questionId: q.question_id,
          localDate: q.local_date,
          cardId: q.card_id,
          options,
          correctIndex: q.correct_index,
          answers,
          correct,
          shareCorrect: answers === 0 ? 0 : correct / answers,
          distribution,
        };
      });
    },

    timeZoneOf: async (guildId) => {
      const row = await db
        .selectFrom('daily_schedules')
        .select('time_zone')
        .where('guild_id', '=', guildId)
        .executeTakeFirst();
      return row?.time_zone ?? 'UTC';
    },

    setHidden: async (userId, isHidden, now) => {
      await backend.writeStatement((trx) =>
        trx
          .insertInto('board_preferences')
          .values({ user_id: userId, is_hidden: isHidden ? 1 : 0, updated_at: now })
          .onConflict((oc) =>
            oc.column('user_id').doUpdateSet({ is_hidden: isHidden ? 1 : 0, updated_at: now }),
          )
          .execute(),
      );
    },

    isHidden: async (userId) => {
      const row = await db
        .selectFrom('board_preferences')
        .select('is_hidden')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row !== undefined && row.is_hidden !== 0;
    },

    rememberName: async (guildId, userId, displayName, now) => {
      const name = displayName.slice(0, 100);
      await backend.writeStatement((trx) =>
        trx
          .insertInto('member_names')
          .values({ guild_id: guildId, user_id: userId, display_name: name, updated_at: now })
          .onConflict((oc) =>
            oc.columns(['guild_id', 'user_id']).doUpdateSet({ display_name: name, updated_at: now }),
          )
          .execute(),
      );
    },

    createToken: async (guildId, createdBy, now) => {
      const token = `${tokenPrefix}${randomBytes(32).toString('base64url')}`;
      await backend.write(async (trx) => {
        await trx
          .updateTable('dashboard_tokens')
          .set({ revoked_at: now })
          .where('guild_id', '=', guildId)
          .where('revoked_at', 'is', null)
          .execute();
        await trx
          .insertInto('dashboard_tokens')
          .values({ token_hash: hashToken(token), guild_id: guildId, created_by: createdBy, created_at: now })
          .execute();
      });
      return token;
    },

    revokeTokens: async (guildId, now) => {
      const result = await backend.writeStatement((trx) =>
        trx
          .updateTable('dashboard_tokens')
          .set({ revoked_at: now })
          .where('guild_id', '=', guildId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst(),
      );
      return Number(result.numUpdatedRows);
    },

    guildOfToken: async (token) => {
      const hash = hashToken(token);
      const row = await db
        .selectFrom('dashboard_tokens')
        .select(['token_hash', 'guild_id'])
        .where('token_hash', '=', hash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      // The lookup is by hash (timing says nothing about the token); compare the bytes in constant time anyway.
      if (row === undefined || row.token_hash.length !== hash.length) return undefined;
      return timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(hash)) ? row.guild_id : undefined;
    },
  };
}
