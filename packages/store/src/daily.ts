import type { Selectable } from 'kysely';
import type { Backend, Tx } from './backend/types.ts';
import { dailyCorrectPoints, recordScoreIn } from './boards.ts';
import { completeJobIn, enqueueJobIn } from './jobs.ts';
import type { JobLease, JobSpec } from './jobs.ts';
import type { DailyQuestionsTable, DailySchedulesTable } from './schema.ts';

/** Job kinds of the daily quiz. */
export const dailyPostKind = 'daily-post';
export const dailyCloseKind = 'daily-close';

/** A server's daily quiz settings, as saved by `/daily setup`. */
export interface DailyScheduleInput {
  readonly guildId: string;
  readonly channelId: string;
  /** "HH:MM", validated by core's `parseDailySchedule`. */
  readonly timeOfDay: string;
  readonly timeZone: string;
  /** Weekdays in week order, e.g. "mon,wed,fri". */
  readonly days: string;
  readonly deckId: string;
  readonly closeAfterMinutes: number | null;
  readonly startsThread: boolean;
  readonly pins: boolean;
  readonly roleId: string | null;
}

/** A saved schedule. */
export interface DailyScheduleRecord extends DailyScheduleInput {
  readonly isActive: boolean;
  /** When it was saved: a post time before it is not owed. */
  readonly savedAt: number;
  /** Card ids asked in the current no-repeat cycle. */
  readonly askedInCycle: readonly string[];
  /** The last post or close that failed (missing permission, deleted channel), until one succeeds. */
  readonly lastFailure: { readonly message: string; readonly at: number } | null;
}

/** A posted daily question. */
export interface DailyQuestionRecord {
  /** The job id that posted it: `daily:<guild>:<local date>` (extras add `:2`, `:3`...). */
  readonly questionId: string;
  readonly guildId: string;
  readonly localDate: string;
  /** The server's 1st, 2nd... question: streaks count posted questions. */
  readonly sequence: number;
  readonly cardId: string;
  readonly options: readonly string[];
  readonly correctIndex: number;
  readonly channelId: string;
  readonly messageId: string;
  readonly threadId: string | null;
  readonly postedAt: number;
  readonly closesAt: number;
  readonly closedAt: number | null;
  readonly answerCount: number;
}

/** What was posted, to record with the job that posted it. */
export interface DailyPostRecord {
  readonly questionId: string;
  readonly guildId: string;
  readonly localDate: string;
  readonly cardId: string;
  readonly options: readonly string[];
  readonly correctIndex: number;
  readonly channelId: string;
  readonly messageId: string;
  readonly postedAt: number;
  readonly closesAt: number;
  /** The cycle after this pick (core's `pickDailyCard`). */
  readonly askedInCycle: readonly string[];
}

/** One member's answer. */
export interface DailyAnswerRecord {
  readonly userId: string;
  readonly choice: number;
  readonly isCorrect: boolean;
  readonly answeredAt: number;
}

/** What a click on an option did. */
export type DailyAnswerResult =
  | { readonly kind: 'recorded'; readonly isCorrect: boolean; readonly answerCount: number }
  | {
      readonly kind: 'already';
      readonly choice: number;
      readonly isCorrect: boolean;
      /** When the first answer was given: the same click seen by a second bot process has the same time. */
      readonly answeredAt: number;
    }
  | { readonly kind: 'closed'; readonly question: DailyQuestionRecord }
  | { readonly kind: 'unknown-question' };

/** A member's answers in a server, in the shape core's `dailyStreak` takes. */
export interface DailyHistory {
  /** Every posted question id, oldest first. */
  readonly posted: readonly string[];
  readonly answers: ReadonlyMap<string, 'correct' | 'incorrect'>;
  /** The question still open, if any (not answering it yet breaks nothing). */
  readonly openQuestionId: string | undefined;
}

/** Daily quizzes: schedules, posted questions and answers. No Discord in here: the bot posts, this records. */
export interface DailyStore {
  /** Saves (or replaces) the server's schedule and activates it; pending posts of the old schedule are dropped. */
  saveSchedule(input: DailyScheduleInput, now: number): Promise<DailyScheduleRecord>;
  getSchedule(guildId: string): Promise<DailyScheduleRecord | undefined>;
  /** Turns the quiz off and drops pending posts (an open question still closes); false when none was active. */
  stopSchedule(guildId: string, now: number): Promise<boolean>;
  /** Every active schedule (the scheduler plans their next posts). */
  activeSchedules(): Promise<DailyScheduleRecord[]>;
  /** Records why a post or close failed (shown by `/daily show`); null clears it. */
  recordFailure(guildId: string, message: string | null, now: number): Promise<void>;
  /** The local date of the server's latest posted question. */
  lastPostedDate(guildId: string): Promise<string | undefined>;
  /**
   * Records a posted question, the cycle after it and its close job, and completes the post job, in one
   * transaction; null (nothing recorded) when the lease was lost or the question was already recorded.
   */
  recordPost(
    lease: JobLease,
    post: DailyPostRecord,
    closeJob: JobSpec,
    now: number,
  ): Promise<DailyQuestionRecord | null>;
  setThread(questionId: string, threadId: string): Promise<void>;
  getQuestion(questionId: string): Promise<DailyQuestionRecord | undefined>;
  /** The server's question still open, if any. */
  openQuestion(guildId: string): Promise<DailyQuestionRecord | undefined>;
  /** The server's questions, newest first. */
  recentQuestions(guildId: string, limit: number): Promise<DailyQuestionRecord[]>;
  /** Records a member's first answer; a second click changes nothing, a click after closing is refused. */
  answer(input: {
    readonly questionId: string;
    readonly userId: string;
    readonly choice: number;
    readonly answeredAt: number;
    readonly keys: { readonly day: string; readonly week: string; readonly month: string };
  }): Promise<DailyAnswerResult>;
  /**
   * Closes the question (once: `isNewlyClosed` is false for every later call) and returns it with its
   * answers; every answer recorded before the close is among them, none after.
   */
  closeQuestion(
    questionId: string,
    now: number,
  ): Promise<
    { question: DailyQuestionRecord; answers: DailyAnswerRecord[]; isNewlyClosed: boolean } | undefined
  >;
  answers(questionId: string): Promise<DailyAnswerRecord[]>;
  history(guildId: string, userId: string): Promise<DailyHistory>;
}

function toSchedule(row: Selectable<DailySchedulesTable>): DailyScheduleRecord {
  return {
    guildId: row.guild_id,
    channelId: row.channel_id,
    timeOfDay: row.time_of_day,
    timeZone: row.time_zone,
    days: row.days,
    deckId: row.deck_id,
    closeAfterMinutes: row.close_after_minutes,
    startsThread: row.starts_thread !== 0,
    pins: row.pins !== 0,
    roleId: row.role_id,
    isActive: row.is_active !== 0,
    savedAt: row.saved_at,
    askedInCycle: JSON.parse(row.asked_in_cycle) as string[],
    lastFailure:
      row.last_failure === null
        ? null
        : { message: row.last_failure, at: row.last_failure_at ?? row.updated_at },
  };
}

function toQuestion(row: Selectable<DailyQuestionsTable>): DailyQuestionRecord {
  return {
    questionId: row.question_id,
    guildId: row.guild_id,
    localDate: row.local_date,
    sequence: row.sequence,
    cardId: row.card_id,
    options: JSON.parse(row.options) as string[],
    correctIndex: row.correct_index,
    channelId: row.channel_id,
    messageId: row.message_id,
    threadId: row.thread_id,
    postedAt: row.posted_at,
    closesAt: row.closes_at,
    closedAt: row.closed_at,
    answerCount: row.answer_count,
  };
}

/** Thrown inside a transaction to roll it back; never leaves this module. */
class Rollback extends Error {}

/** Pending post jobs of a server (its `daily:<guild>:` ids), dropped when the schedule changes or stops. */
async function dropPendingPosts(trx: Tx, guildId: string): Promise<void> {
  await trx
    .deleteFrom('jobs')
    .where('kind', '=', dailyPostKind)
    .where('status', '=', 'pending')
    .where('job_id', 'like', `daily:${guildId}:%`)
    .execute();
}

async function answersOf(db: Tx, questionId: string): Promise<DailyAnswerRecord[]> {
  const rows = await db
    .selectFrom('daily_answers')
    .select(['user_id', 'choice', 'is_correct', 'answered_at'])
    .where('question_id', '=', questionId)
    .orderBy('answered_at')
    .orderBy('user_id')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    choice: r.choice,
    isCorrect: r.is_correct !== 0,
    answeredAt: r.answered_at,
  }));
}

/** The daily quiz's records on a backend. */
export function createDailyStore(backend: Backend): DailyStore {
  const { db } = backend;
  const getSchedule = async (guildId: string): Promise<DailyScheduleRecord | undefined> => {
    const row = await db
      .selectFrom('daily_schedules')
      .selectAll()
      .where('guild_id', '=', guildId)
      .executeTakeFirst();
    return row === undefined ? undefined : toSchedule(row);
  };
  const getQuestion = async (questionId: string, from: Tx = db): Promise<DailyQuestionRecord | undefined> => {
    const row = await from
      .selectFrom('daily_questions')
      .selectAll()
      .where('question_id', '=', questionId)
      .executeTakeFirst();
    return row === undefined ? undefined : toQuestion(row);
  };

  return {
    saveSchedule: async (input, now) => {
      const values = {
        channel_id: input.channelId,
        time_of_day: input.timeOfDay,
        time_zone: input.timeZone,
        days: input.days,
        deck_id: input.deckId,
        close_after_minutes: input.closeAfterMinutes,
        starts_thread: input.startsThread ? 1 : 0,
        pins: input.pins ? 1 : 0,
        role_id: input.roleId,
        is_active: 1,
        saved_at: now,
        last_failure: null,
        last_failure_at: null,
        updated_at: now,
      };
      await backend.write(async (trx) => {
        await trx
          .insertInto('daily_schedules')
          .values({ guild_id: input.guildId, asked_in_cycle: '[]', created_at: now, ...values })
          // A new deck starts a new cycle; the same deck keeps its place.
          .onConflict((oc) =>
            oc.column('guild_id').doUpdateSet((eb) => ({
              ...values,
              asked_in_cycle: eb
                .case()
                .when('daily_schedules.deck_id', '=', input.deckId)
                .then(eb.ref('daily_schedules.asked_in_cycle'))
                .else('[]')
                .end(),
            })),
          )
          .execute();
        await dropPendingPosts(trx, input.guildId);
      });
      const saved = await getSchedule(input.guildId);
      if (saved === undefined) throw new Error('schedule vanished after saving');
      return saved;
    },

    getSchedule,

    stopSchedule: (guildId, now) =>
      backend.write(async (trx) => {
        const result = await trx
          .updateTable('daily_schedules')
          .set({ is_active: 0, updated_at: now })
          .where('guild_id', '=', guildId)
          .where('is_active', '=', 1)
          .executeTakeFirst();
        await dropPendingPosts(trx, guildId);
        return result.numUpdatedRows > 0n;
      }),

    activeSchedules: async () => {
      const rows = await db.selectFrom('daily_schedules').selectAll().where('is_active', '=', 1).execute();
      return rows.map(toSchedule);
    },

    recordFailure: async (guildId, message, now) => {
      await backend.writeStatement((trx) =>
        trx
          .updateTable('daily_schedules')
          .set({ last_failure: message, last_failure_at: message === null ? null : now, updated_at: now })
          .where('guild_id', '=', guildId)
          .execute(),
      );
    },

    lastPostedDate: async (guildId) => {
      const row = await db
        .selectFrom('daily_questions')
        .select((eb) => eb.fn.max('local_date').as('date'))
        .where('guild_id', '=', guildId)
        .executeTakeFirst();
      return row?.date ?? undefined;
    },

    recordPost: async (lease, post, closeJob, now) => {
      try {
        return await backend.write(async (trx) => {
          if (!(await completeJobIn(trx, lease, now))) throw new Rollback('lease lost');
          const last = await trx
            .selectFrom('daily_questions')
            .select((eb) => eb.fn.max('sequence').as('sequence'))
            .where('guild_id', '=', post.guildId)
            .executeTakeFirst();
          const inserted = await trx
            .insertInto('daily_questions')
            .values({
              question_id: post.questionId,
              guild_id: post.guildId,
              local_date: post.localDate,
              sequence: (last?.sequence ?? 0) + 1,
              card_id: post.cardId,
              options: JSON.stringify(post.options),
              correct_index: post.correctIndex,
              channel_id: post.channelId,
              message_id: post.messageId,
              thread_id: null,
              posted_at: post.postedAt,
              closes_at: post.closesAt,
              closed_at: null,
              answer_count: 0,
            })
            .onConflict((oc) => oc.column('question_id').doNothing())
            .executeTakeFirst();
          if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) throw new Rollback('already recorded');
          await trx
            .updateTable('daily_schedules')
            .set({
              asked_in_cycle: JSON.stringify(post.askedInCycle),
              last_failure: null,
              last_failure_at: null,
            })
            .where('guild_id', '=', post.guildId)
            .execute();
          await enqueueJobIn(trx, closeJob, now);
          const question = await getQuestion(post.questionId, trx);
          if (question === undefined) throw new Error('question vanished after recording');
          return question;
        });
      } catch (error) {
        if (error instanceof Rollback) return null;
        throw error;
      }
    },

    setThread: async (questionId, threadId) => {
      await backend.writeStatement((trx) =>
        trx
          .updateTable('daily_questions')
          .set({ thread_id: threadId })
          .where('question_id', '=', questionId)
          .execute(),
      );
    },

    getQuestion: (questionId) => getQuestion(questionId),

    openQuestion: async (guildId) => {
      const row = await db
        .selectFrom('daily_questions')
        .selectAll()
        .where('guild_id', '=', guildId)
        .where('closed_at', 'is', null)
        .orderBy('sequence', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : toQuestion(row);
    },

    recentQuestions: async (guildId, limit) => {
      const rows = await db
        .selectFrom('daily_questions')
        .selectAll()
        .where('guild_id', '=', guildId)
        .orderBy('sequence', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toQuestion);
    },

    answer: async (input) => {
      const question = await getQuestion(input.questionId);
      if (question === undefined) return { kind: 'unknown-question' };
      if (question.closedAt !== null) return { kind: 'closed', question };
      const isCorrect = input.choice === question.correctIndex;
      try {
        return await backend.write(async (trx): Promise<DailyAnswerResult> => {
          const inserted = await trx
            .insertInto('daily_answers')
            .values({
              question_id: input.questionId,
              user_id: input.userId,
              guild_id: question.guildId,
              choice: input.choice,
              is_correct: isCorrect ? 1 : 0,
              answered_at: input.answeredAt,
              day_key: input.keys.day,
              week_key: input.keys.week,
              month_key: input.keys.month,
            })
            .onConflict((oc) => oc.columns(['question_id', 'user_id']).doNothing())
            .executeTakeFirst();
          if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) {
            const earlier = await trx
              .selectFrom('daily_answers')
              .select(['choice', 'is_correct', 'answered_at'])
              .where('question_id', '=', input.questionId)
              .where('user_id', '=', input.userId)
              .executeTakeFirstOrThrow();
            return {
              kind: 'already',
              choice: earlier.choice,
              isCorrect: earlier.is_correct !== 0,
              answeredAt: earlier.answered_at,
            };
          }
          // Under the question's row lock: a close that committed first makes this match nothing.
          const counted = await trx
            .updateTable('daily_questions')
            .set((eb) => ({ answer_count: eb('answer_count', '+', 1) }))
            .where('question_id', '=', input.questionId)
            .where('closed_at', 'is', null)
            .returning('answer_count')
            .executeTakeFirst();
          if (counted === undefined) throw new Rollback('closed meanwhile');
          await recordScoreIn(trx, {
            guildId: question.guildId,
            userId: input.userId,
            board: 'daily',
            gameId: input.questionId,
            sourceId: input.questionId,
            cardId: question.cardId,
            chosen: question.options[input.choice] ?? null,
            isCorrect,
            points: isCorrect ? dailyCorrectPoints : 0,
            answeredAt: input.answeredAt,
            keys: input.keys,
          });
          return { kind: 'recorded', isCorrect, answerCount: counted.answer_count };
        });
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
        const closed = await getQuestion(input.questionId);
        return closed === undefined ? { kind: 'unknown-question' } : { kind: 'closed', question: closed };
      }
    },

    closeQuestion: (questionId, now) =>
      backend.write(async (trx) => {
        // Takes the question's row lock: answers still counting finish first, later ones find it closed.
        const closed = await trx
          .updateTable('daily_questions')
          .set({ closed_at: now })
          .where('question_id', '=', questionId)
          .where('closed_at', 'is', null)
          .executeTakeFirst();
        const question = await getQuestion(questionId, trx);
        if (question === undefined) return undefined;
        return {
          question,
          answers: await answersOf(trx, questionId),
          isNewlyClosed: closed.numUpdatedRows > 0n,
        };
      }),

    answers: (questionId) => answersOf(db, questionId),

    history: async (guildId, userId) => {
      const posted = await db
        .selectFrom('daily_questions')
        .select(['question_id', 'closed_at'])
        .where('guild_id', '=', guildId)
        .orderBy('sequence')
        .execute();
      const mine = await db
        .selectFrom('daily_answers')
        .select(['question_id', 'is_correct'])
        .where('guild_id', '=', guildId)
        .where('user_id', '=', userId)
        .execute();
      return {
        posted: posted.map((p) => p.question_id),
        answers: new Map(
          mine.map((a) => [a.question_id, a.is_correct !== 0 ? 'correct' : 'incorrect'] as const),
        ),
        openQuestionId: posted.findLast((p) => p.closed_at === null)?.question_id,
      };
    },
  };
}
