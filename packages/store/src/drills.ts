import { scoreDrillRound } from '@portdeck/core';
import type { Selectable } from 'kysely';
import type { Backend, Tx } from './backend/types.ts';
import { recordScoreIn } from './boards.ts';
import { completeJobIn, enqueueJobIn } from './jobs.ts';
import type { JobLease, JobSpec } from './jobs.ts';
import type { DrillAnswersTable, DrillRoundsTable, DrillsTable } from './schema.ts';

/** Job kinds of drills; ids are `drill:<id>:lobby`, `drill:<id>:round:<n>:open|close|reveal`, `drill:<id>:end`. */
export const drillLobbyKind = 'drill-lobby';
export const drillOpenKind = 'drill-open';
export const drillCloseKind = 'drill-close';
export const drillRevealKind = 'drill-reveal';
export const drillEndKind = 'drill-end';

/** The job ids of a drill. */
export const drillJobIds = {
  lobby: (drillId: string) => `drill:${drillId}:lobby`,
  open: (drillId: string, round: number) => `drill:${drillId}:round:${round}:open`,
  close: (drillId: string, round: number) => `drill:${drillId}:round:${round}:close`,
  reveal: (drillId: string, round: number) => `drill:${drillId}:round:${round}:reveal`,
  end: (drillId: string) => `drill:${drillId}:end`,
} as const;

export type DrillMode = 'choice' | 'typed';
export type DrillStatus = 'lobby' | 'running' | 'ended';

/** What `/drill start` asks for. */
export interface DrillInput {
  readonly drillId: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly hostId: string;
  readonly deckId: string;
  readonly mode: DrillMode;
  readonly cardIds: readonly string[];
  readonly roundSeconds: number;
  readonly timeZone: string;
  readonly lobbyEndsAt: number;
}

/** A drill as stored. */
export interface DrillRecord extends DrillInput {
  readonly roundCount: number;
  readonly status: DrillStatus;
  readonly messageId: string | null;
  readonly currentRound: number;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
}

/** A player and when they joined. */
export interface DrillPlayerRecord {
  readonly userId: string;
  readonly joinedAt: number;
}

/** A posted round. */
export interface DrillRoundRecord {
  readonly drillId: string;
  readonly round: number;
  readonly cardId: string;
  readonly options: readonly string[];
  readonly correctIndex: number;
  readonly messageId: string;
  readonly startedAt: number;
  readonly deadline: number;
  readonly closedAt: number | null;
  readonly answerCount: number;
}

/** One recorded answer; `points` is 0 until the round closes. */
export interface DrillAnswerRecord {
  readonly round: number;
  readonly userId: string;
  readonly cardId: string;
  readonly answer: string;
  readonly isCorrect: boolean;
  readonly points: number;
  readonly answeredAt: number;
}

/** What an answer click did. */
export type DrillAnswerResult =
  | {
      readonly kind: 'recorded';
      /** Answers in this round so far, and players who may answer it. */
      readonly answered: number;
      readonly players: number;
    }
  | { readonly kind: 'already'; readonly answer: string }
  | { readonly kind: 'closed' }
  | { readonly kind: 'not-player' }
  /** Joined after the round started: plays from the next one. */
  | { readonly kind: 'joined-late' }
  | { readonly kind: 'ended' }
  | { readonly kind: 'unknown' };

/** What a join click did. */
export type DrillJoinResult =
  | { readonly kind: 'joined'; readonly drill: DrillRecord }
  | { readonly kind: 'already'; readonly drill: DrillRecord }
  | { readonly kind: 'ended' }
  | { readonly kind: 'unknown' };

/** What closing a round did. */
export interface DrillCloseResult {
  readonly round: DrillRoundRecord;
  readonly answers: readonly DrillAnswerRecord[];
  readonly isNewlyClosed: boolean;
}

/**
 * Drills: who plays, what was asked, every answer. No Discord in here: the bot posts, this records. Every
 * step that must happen once (start, a round's close, the end) is a conditional update, so two processes (or
 * a deadline job racing the last answer) do it once; jobs are enqueued and completed in the same transaction.
 */
export interface DrillStore {
  /**
   * Creates the drill with its host as the first player and its lobby job; `busy` with the channel's running
   * drill when there is one.
   */
  create(
    input: DrillInput,
    lobbyJob: JobSpec,
    now: number,
  ): Promise<{ kind: 'created'; drill: DrillRecord } | { kind: 'busy'; drill: DrillRecord | undefined }>;
  setMessage(drillId: string, messageId: string): Promise<void>;
  get(drillId: string): Promise<DrillRecord | undefined>;
  /** The drill not yet over in this channel. */
  activeIn(channelId: string): Promise<DrillRecord | undefined>;
  players(drillId: string): Promise<DrillPlayerRecord[]>;
  /** Joins the lobby, or a running drill (playing from the next round). */
  join(drillId: string, userId: string, now: number): Promise<DrillJoinResult>;
  /** Leaves the lobby; false once the drill started (or when not a player). */
  leave(drillId: string, userId: string): Promise<'left' | 'not-player' | 'started'>;
  /**
   * Starts a drill in its lobby that has players, enqueues round 1's open job and settles the lobby job (with
   * `lease`: completes it; without: drops it while pending).
   */
  start(input: {
    readonly drillId: string;
    readonly now: number;
    readonly openJob: JobSpec;
    readonly lease?: JobLease;
  }): Promise<'started' | 'not-lobby' | 'no-players' | 'lease-lost'>;
  /**
   * Ends the drill (once: false afterwards): closes an open round with the answers recorded, drops its
   * pending jobs, enqueues `endJob`; with `lease` completes that job in the same transaction.
   */
  end(input: {
    readonly drillId: string;
    readonly now: number;
    readonly endJob: JobSpec;
    readonly lease?: JobLease;
  }): Promise<boolean>;
  /** Records a posted round with its close job and completes the open job; null when the lease was lost or the drill ended. */
  recordRound(
    lease: JobLease,
    round: Omit<DrillRoundRecord, 'closedAt' | 'answerCount'>,
    closeJob: JobSpec,
    now: number,
  ): Promise<DrillRoundRecord | null>;
  getRound(drillId: string, round: number): Promise<DrillRoundRecord | undefined>;
  /** Records a player's first answer in an open round, in time; anything else changes nothing. */
  answer(input: {
    readonly drillId: string;
    readonly round: number;
    readonly userId: string;
    readonly answer: string;
    readonly isCorrect: boolean;
    readonly answeredAt: number;
    readonly keys: { readonly day: string; readonly week: string; readonly month: string };
  }): Promise<DrillAnswerResult>;
  /**
   * Closes the round once, scoring its answers (core's `scoreDrillRound`: grace window, speed bonus) and
   * enqueuing `revealJob`; with `lease` completes that (close) job, else drops the pending close job.
   */
  closeRound(input: {
    readonly drillId: string;
    readonly round: number;
    readonly now: number;
    readonly revealJob: JobSpec | null;
    readonly lease?: JobLease;
  }): Promise<DrillCloseResult | undefined>;
  /** Every round, oldest first, and every answer. */
  rounds(drillId: string): Promise<{ rounds: DrillRoundRecord[]; answers: DrillAnswerRecord[] }>;
  /** Completes a job and enqueues the next in one transaction; false when the lease was lost. */
  advance(lease: JobLease, next: JobSpec | null, now: number): Promise<boolean>;
}

class Rollback extends Error {}

function toDrill(row: Selectable<DrillsTable>): DrillRecord {
  const cardIds = JSON.parse(row.card_ids) as string[];
  return {
    drillId: row.drill_id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    hostId: row.host_id,
    deckId: row.deck_id,
    mode: row.mode === 'typed' ? 'typed' : 'choice',
    cardIds,
    roundCount: row.round_count,
    roundSeconds: row.round_seconds,
    timeZone: row.time_zone,
    lobbyEndsAt: row.lobby_ends_at,
    status: row.status as DrillStatus,
    messageId: row.message_id,
    currentRound: row.current_round,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
  };
}

function toRound(row: Selectable<DrillRoundsTable>): DrillRoundRecord {
  return {
    drillId: row.drill_id,
    round: row.round,
    cardId: row.card_id,
    options: JSON.parse(row.options) as string[],
    correctIndex: row.correct_index,
    messageId: row.message_id,
    startedAt: row.started_at,
    deadline: row.deadline,
    closedAt: row.closed_at,
    answerCount: row.answer_count,
  };
}

function toAnswer(row: Selectable<DrillAnswersTable>): DrillAnswerRecord {
  return {
    round: row.round,
    userId: row.user_id,
    cardId: row.card_id,
    answer: row.answer,
    isCorrect: row.is_correct !== 0,
    points: row.points,
    answeredAt: row.answered_at,
  };
}

const isInserted = (result: { readonly numInsertedOrUpdatedRows: bigint | undefined }): boolean =>
  (result.numInsertedOrUpdatedRows ?? 0n) > 0n;

/** The drill store on a backend. */
export function createDrillStore(backend: Backend): DrillStore {
  const { db } = backend;

  const getDrill = async (drillId: string, from: Tx = db): Promise<DrillRecord | undefined> => {
    const row = await from
      .selectFrom('drills')
      .selectAll()
      .where('drill_id', '=', drillId)
      .executeTakeFirst();
    return row === undefined ? undefined : toDrill(row);
  };
  const getRound = async (drillId: string, round: number, from: Tx = db) => {
    const row = await from
      .selectFrom('drill_rounds')
      .selectAll()
      .where('drill_id', '=', drillId)
      .where('round', '=', round)
      .executeTakeFirst();
    return row === undefined ? undefined : toRound(row);
  };
  const answersOf = async (from: Tx, drillId: string, round?: number) => {
    let query = from.selectFrom('drill_answers').selectAll().where('drill_id', '=', drillId);
    if (round !== undefined) query = query.where('round', '=', round);
    const rows = await query.orderBy('round').orderBy('answered_at').orderBy('user_id').execute();
    return rows.map(toAnswer);
  };
  /** Drops the drill's pending jobs (a stopped drill's deadlines), except `keep`. */
  const dropPendingJobs = async (trx: Tx, drillId: string) => {
    await trx
      .deleteFrom('jobs')
      .where('job_id', 'like', `drill:${drillId}:%`)
      .where('status', '=', 'pending')
      .execute();
  };

  /** Closes the round inside `trx` (once), writing each answer's points. */
  const closeIn = async (trx: Tx, drillId: string, round: number, now: number) => {
    const closed = await trx
      .updateTable('drill_rounds')
      .set({ closed_at: now })
      .where('drill_id', '=', drillId)
      .where('round', '=', round)
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    const record = await getRound(drillId, round, trx);
    if (record === undefined) return undefined;
    const isNewlyClosed = closed.numUpdatedRows > 0n;
    let answers = await answersOf(trx, drillId, round);
    if (isNewlyClosed) {
      const { scores } = scoreDrillRound(record, answers);
      for (const score of scores) {
        if (score.points === 0) continue;
        await trx
          .updateTable('drill_answers')
          .set({ points: score.points })
          .where('drill_id', '=', drillId)
          .where('round', '=', round)
          .where('user_id', '=', score.userId)
          .execute();
      }
      const points = new Map(scores.map((s) => [s.userId, s.points]));
      answers = answers.map((a) => ({ ...a, points: points.get(a.userId) ?? 0 }));
      // The round's scores go on the leaderboards in the same transaction as the close that decided them.
      const places = await trx
        .selectFrom('drill_answers')
        .select(['user_id', 'guild_id', 'day_key', 'week_key', 'month_key'])
        .where('drill_id', '=', drillId)
        .where('round', '=', round)
        .execute();
      const placeOf = new Map(places.map((p) => [p.user_id, p]));
      for (const answer of answers) {
        const place = placeOf.get(answer.userId);
        if (place === undefined) continue;
        await recordScoreIn(trx, {
          guildId: place.guild_id,
          userId: answer.userId,
          board: 'drills',
          gameId: drillId,
          sourceId: `${drillId}:${String(round)}`,
          cardId: answer.cardId,
          chosen: answer.answer,
          isCorrect: answer.isCorrect,
          points: answer.points,
          answeredAt: answer.answeredAt,
          keys: { day: place.day_key, week: place.week_key, month: place.month_key },
        });
      }
    }
    return { round: record, answers, isNewlyClosed };
  };

  return {
    create: async (input, lobbyJob, now) => {
      try {
        return await backend.write(async (trx) => {
          const inserted = await trx
            .insertInto('drills')
            .values({
              drill_id: input.drillId,
              guild_id: input.guildId,
              channel_id: input.channelId,
              active_channel: input.channelId,
              host_id: input.hostId,
              deck_id: input.deckId,
              mode: input.mode,
              round_count: input.cardIds.length,
              round_seconds: input.roundSeconds,
              card_ids: JSON.stringify(input.cardIds),
              time_zone: input.timeZone,
              status: 'lobby',
              message_id: null,
              current_round: 0,
              lobby_ends_at: input.lobbyEndsAt,
              created_at: now,
              started_at: null,
              ended_at: null,
            })
            .onConflict((oc) => oc.doNothing())
            .executeTakeFirst();
          if (!isInserted(inserted)) throw new Rollback('busy');
          await trx
            .insertInto('drill_players')
            .values({ drill_id: input.drillId, user_id: input.hostId, joined_at: now })
            .execute();
          await enqueueJobIn(trx, lobbyJob, now);
          const drill = await getDrill(input.drillId, trx);
          if (drill === undefined) throw new Error('drill vanished after creating it');
          return { kind: 'created' as const, drill };
        });
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
        const existing = await db
          .selectFrom('drills')
          .selectAll()
          .where('active_channel', '=', input.channelId)
          .executeTakeFirst();
        return { kind: 'busy', drill: existing === undefined ? undefined : toDrill(existing) };
      }
    },

    setMessage: async (drillId, messageId) => {
      await backend.writeStatement((trx) =>
        trx.updateTable('drills').set({ message_id: messageId }).where('drill_id', '=', drillId).execute(),
      );
    },

    get: (drillId) => getDrill(drillId),

    activeIn: async (channelId) => {
      const row = await db
        .selectFrom('drills')
        .selectAll()
        .where('active_channel', '=', channelId)
        .executeTakeFirst();
      return row === undefined ? undefined : toDrill(row);
    },

    players: async (drillId) => {
      const rows = await db
        .selectFrom('drill_players')
        .select(['user_id', 'joined_at'])
        .where('drill_id', '=', drillId)
        .orderBy('joined_at')
        .orderBy('user_id')
        .execute();
      return rows.map((r) => ({ userId: r.user_id, joinedAt: r.joined_at }));
    },

    join: (drillId, userId, now) =>
      backend.write(async (trx): Promise<DrillJoinResult> => {
        const drill = await getDrill(drillId, trx);
        if (drill === undefined) return { kind: 'unknown' };
        if (drill.status === 'ended') return { kind: 'ended' };
        const inserted = await trx
          .insertInto('drill_players')
          .values({ drill_id: drillId, user_id: userId, joined_at: now })
          .onConflict((oc) => oc.columns(['drill_id', 'user_id']).doNothing())
          .executeTakeFirst();
        return { kind: isInserted(inserted) ? 'joined' : 'already', drill };
      }),

    leave: (drillId, userId) =>
      backend.write(async (trx) => {
        const drill = await getDrill(drillId, trx);
        if (drill?.status !== 'lobby') return 'started' as const;
        const deleted = await trx
          .deleteFrom('drill_players')
          .where('drill_id', '=', drillId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        return deleted.numDeletedRows > 0n ? ('left' as const) : ('not-player' as const);
      }),

    start: async ({ drillId, now, openJob, lease }) => {
      try {
        return await backend.write(async (trx) => {
          if (lease !== undefined && !(await completeJobIn(trx, lease, now)))
            throw new Rollback('lease-lost');
          const started = await trx
            .updateTable('drills')
            .set({ status: 'running', started_at: now })
            .where('drill_id', '=', drillId)
            .where('status', '=', 'lobby')
            .where((eb) =>
              eb.exists(
                eb
                  .selectFrom('drill_players')
                  .select('user_id')
                  .where('drill_players.drill_id', '=', drillId),
              ),
            )
            .executeTakeFirst();
          if (started.numUpdatedRows === 0n) {
            const drill = await getDrill(drillId, trx);
            // Completing the lease stands: the lobby job's work is settled either way.
            return drill?.status === 'lobby' ? 'no-players' : 'not-lobby';
          }
          if (lease === undefined) {
            await trx
              .deleteFrom('jobs')
              .where('job_id', '=', drillJobIds.lobby(drillId))
              .where('status', '=', 'pending')
              .execute();
          }
          await enqueueJobIn(trx, openJob, now);
          return 'started';
        });
      } catch (error) {
        if (error instanceof Rollback) return 'lease-lost';
        throw error;
      }
    },

    end: async ({ drillId, now, endJob, lease }) => {
      try {
        return await backend.write(async (trx) => {
          if (lease !== undefined && !(await completeJobIn(trx, lease, now)))
            throw new Rollback('lease-lost');
          const ended = await trx
            .updateTable('drills')
            .set({ status: 'ended', active_channel: null, ended_at: now })
            .where('drill_id', '=', drillId)
            .where('status', '!=', 'ended')
            .executeTakeFirst();
          if (ended.numUpdatedRows === 0n) return false;
          const drill = await getDrill(drillId, trx);
          if (drill !== undefined && drill.currentRound > 0)
            await closeIn(trx, drillId, drill.currentRound, now);
          await dropPendingJobs(trx, drillId);
          await enqueueJobIn(trx, endJob, now);
          return true;
        });
      } catch (error) {
        if (error instanceof Rollback) return false;
        throw error;
      }
    },

    recordRound: async (lease, round, closeJob, now) => {
      try {
        return await backend.write(async (trx) => {
          if (!(await completeJobIn(trx, lease, now))) throw new Rollback('lease lost');
          const moved = await trx
            .updateTable('drills')
            .set({ current_round: round.round })
            .where('drill_id', '=', round.drillId)
            .where('status', '=', 'running')
            .where('current_round', '<', round.round)
            .executeTakeFirst();
          if (moved.numUpdatedRows === 0n) throw new Rollback('drill ended or round recorded');
          await trx
            .insertInto('drill_rounds')
            .values({
              drill_id: round.drillId,
              round: round.round,
              card_id: round.cardId,
              options: JSON.stringify(round.options),
              correct_index: round.correctIndex,
              message_id: round.messageId,
              started_at: round.startedAt,
              deadline: round.deadline,
              closed_at: null,
              answer_count: 0,
            })
            .execute();
          await enqueueJobIn(trx, closeJob, now);
          const recorded = await getRound(round.drillId, round.round, trx);
          if (recorded === undefined) throw new Error('round vanished after recording');
          return recorded;
        });
      } catch (error) {
        if (error instanceof Rollback) return null;
        throw error;
      }
    },

    getRound: (drillId, round) => getRound(drillId, round),

    answer: async (input) => {
      try {
        return await backend.write(async (trx): Promise<DrillAnswerResult> => {
          const drill = await getDrill(input.drillId, trx);
          if (drill === undefined) return { kind: 'unknown' };
          if (drill.status === 'ended') return { kind: 'ended' };
          const round = await getRound(input.drillId, input.round, trx);
          if (round === undefined) return { kind: 'unknown' };
          if (round.closedAt !== null || input.answeredAt > round.deadline) return { kind: 'closed' };
          const player = await trx
            .selectFrom('drill_players')
            .select('joined_at')
            .where('drill_id', '=', input.drillId)
            .where('user_id', '=', input.userId)
            .executeTakeFirst();
          if (player === undefined) return { kind: 'not-player' };
          if (player.joined_at > round.startedAt) return { kind: 'joined-late' };
          const inserted = await trx
            .insertInto('drill_answers')
            .values({
              drill_id: input.drillId,
              round: input.round,
              user_id: input.userId,
              guild_id: drill.guildId,
              card_id: round.cardId,
              answer: input.answer.slice(0, 200),
              is_correct: input.isCorrect ? 1 : 0,
              points: 0,
              answered_at: input.answeredAt,
              day_key: input.keys.day,
              week_key: input.keys.week,
              month_key: input.keys.month,
            })
            .onConflict((oc) => oc.columns(['drill_id', 'round', 'user_id']).doNothing())
            .executeTakeFirst();
          if (!isInserted(inserted)) {
            const earlier = await trx
              .selectFrom('drill_answers')
              .select('answer')
              .where('drill_id', '=', input.drillId)
              .where('round', '=', input.round)
              .where('user_id', '=', input.userId)
              .executeTakeFirstOrThrow();
            return { kind: 'already', answer: earlier.answer };
          }
          // Under the round's row lock: a close that committed first makes this match nothing.
          const counted = await trx
            .updateTable('drill_rounds')
            .set((eb) => ({ answer_count: eb('answer_count', '+', 1) }))
            .where('drill_id', '=', input.drillId)
            .where('round', '=', input.round)
            .where('closed_at', 'is', null)
            .returning('answer_count')
            .executeTakeFirst();
          if (counted === undefined) throw new Rollback('closed meanwhile');
          const eligible = await trx
            .selectFrom('drill_players')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('drill_id', '=', input.drillId)
            .where('joined_at', '<=', round.startedAt)
            .executeTakeFirstOrThrow();
          return { kind: 'recorded', answered: counted.answer_count, players: eligible.n };
        });
      } catch (error) {
        if (error instanceof Rollback) return { kind: 'closed' };
        throw error;
      }
    },

    closeRound: ({ drillId, round, now, revealJob, lease }) =>
      backend.write(async (trx) => {
        if (lease !== undefined) await completeJobIn(trx, lease, now);
        const result = await closeIn(trx, drillId, round, now);
        if (result?.isNewlyClosed === true) {
          if (lease === undefined) {
            await trx
              .deleteFrom('jobs')
              .where('job_id', '=', drillJobIds.close(drillId, round))
              .where('status', '=', 'pending')
              .execute();
          }
          if (revealJob !== null) await enqueueJobIn(trx, revealJob, now);
        }
        return result;
      }),

    rounds: async (drillId) => {
      const rows = await db
        .selectFrom('drill_rounds')
        .selectAll()
        .where('drill_id', '=', drillId)
        .orderBy('round')
        .execute();
      return { rounds: rows.map(toRound), answers: await answersOf(db, drillId) };
    },

    advance: async (lease, next, now) => {
      try {
        return await backend.write(async (trx) => {
          if (!(await completeJobIn(trx, lease, now))) throw new Rollback('lease lost');
          if (next !== null) await enqueueJobIn(trx, next, now);
          return true;
        });
      } catch (error) {
        if (error instanceof Rollback) return false;
        throw error;
      }
    },
  };
}
