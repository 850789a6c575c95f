import {
  buildDailyQuestion,
  dailyCloseTime,
  dailyJobId,
  dailyPostOn,
  dailyStreak,
  dayKey,
  isoWeekKey,
  monthKey,
  nextDailyPost,
  pickDailyCard,
  planDaily,
  snowflakeTime,
  summarizeDailyQuestion,
  type StreakEntry,
} from '@portdeck/core';
import {
  dailyCloseKind,
  dailyPostKind,
  type ClaimedJob,
  type DailyQuestionRecord,
  type DailyScheduleRecord,
} from '@portdeck/store';
import { pino, type Logger } from 'pino';
import type { CommandContext } from '../commands/types.ts';
import type { FeatureJobs } from '../jobs/index.ts';
import { renderDailyPost, renderDailyResults, type DailyAnswerView } from '../render/daily.ts';
import type { JobOutcome, JobRun } from '../scheduler.ts';
import { seededRandom } from './random.ts';
import { createCountRefresher, type CountRefresher } from './refresh.ts';
import {
  coreSchedule,
  dailyCloseJobId,
  describeFailure,
  isChannelProblem,
  messageNonce,
  noteFailure,
  type DailyClosePayload,
  type DailyPostPayload,
} from './shared.ts';

/** Tunables of the daily quiz in one process. */
export interface DailyOptions {
  readonly logger: Logger;
  /** Least time between two redraws of one question's count (default 3 s: Discord allows about 5 edits per 5 s). */
  readonly refreshMs: number;
  /** How often the planner looks at every schedule (default 60 s; `/daily setup` enqueues its next post itself). */
  readonly planEveryMs: number;
}

const defaults: DailyOptions = { logger: pino({ level: 'silent' }), refreshMs: 3000, planEveryMs: 60_000 };

/** The daily quiz's per-process parts, one set per handler context. */
export interface DailyRuntime {
  readonly options: DailyOptions;
  readonly refresher: CountRefresher;
}

const runtimes = new WeakMap<CommandContext, DailyRuntime>();
const configured = new WeakMap<CommandContext, Partial<DailyOptions>>();

/** Sets the daily quiz's logger and intervals for a context (before its first use). */
export function configureDaily(context: CommandContext, options: Partial<DailyOptions>): void {
  configured.set(context, options);
}

/** The context's daily runtime, created on first use. */
export function dailyRuntime(context: CommandContext): DailyRuntime {
  let runtime = runtimes.get(context);
  if (runtime === undefined) {
    const options = { ...defaults, ...configured.get(context) };
    runtime = {
      options,
      refresher: createCountRefresher({
        redraw: (questionId) => redrawCount(context, questionId),
        intervalMs: options.refreshMs,
        logger: options.logger,
      }),
    };
    runtimes.set(context, runtime);
  }
  return runtime;
}

/** The public message of a question in its current state (open with its count, or closed). */
function postBody(context: CommandContext, question: DailyQuestionRecord) {
  const card = context.decks.card(question.cardId);
  return renderDailyPost({
    questionId: question.questionId,
    prompt: card?.prompt ?? question.cardId,
    options: question.options,
    closesAt: question.closesAt,
    answerCount: question.answerCount,
    closed: question.closedAt === null ? undefined : { correctIndex: question.correctIndex },
  });
}

/** Redraws the count from the store; if the question closed meanwhile, the closed version wins. */
async function redrawCount(context: CommandContext, questionId: string): Promise<void> {
  const question = await context.store.daily.getQuestion(questionId);
  if (question === undefined || question.closedAt !== null) return;
  await context.channels.edit(question.channelId, question.messageId, postBody(context, question));
  // A close that landed during this edit must not be undone by it (buttons enabled again).
  const after = await context.store.daily.getQuestion(questionId);
  if (after !== undefined && after.closedAt !== null)
    await context.channels.edit(after.channelId, after.messageId, postBody(context, after));
}

const done: JobOutcome = { kind: 'done' };

/** When a manual post (`/daily post`) closes: as the schedule would close today's post, at least 5 min away. */
export function manualCloseTime(schedule: DailyScheduleRecord, date: string, now: number): number {
  const core = coreSchedule(schedule);
  const todays = dailyPostOn(core, date);
  const anchor = todays !== undefined && todays.at > now ? todays.at : now;
  const closesAt = dailyCloseTime(core, { at: anchor, date });
  return Math.max(now + 5 * 60_000, Math.min(closesAt, now + 24 * 3_600_000));
}

/** Posts a question: the post job's handler. */
async function postQuestion(context: CommandContext, job: ClaimedJob, run: JobRun): Promise<JobOutcome> {
  const { store, decks, registry, channels } = context;
  const { logger } = dailyRuntime(context).options;
  const payload = job.payload as DailyPostPayload;
  const now = run.now();
  const schedule = await store.daily.getSchedule(payload.guildId);
  if (schedule === undefined || (payload.manual === undefined && !schedule.isActive)) return done;
  // Recorded by an earlier attempt whose completion was lost: nothing more to do.
  if ((await store.daily.getQuestion(job.id)) !== undefined) return done;
  let closesAt: number;
  if (payload.manual !== undefined) closesAt = payload.manual.closesAt;
  else {
    const core = coreSchedule(schedule);
    const post = dailyPostOn(core, payload.date);
    if (post === undefined) return done;
    closesAt = dailyCloseTime(core, post);
    if (now >= closesAt) {
      logger.warn(
        { guildId: payload.guildId, date: payload.date },
        'daily post skipped: its answers would be closed',
      );
      return done;
    }
  }
  const deck = decks.deck(schedule.deckId) ?? decks.deck('seed');
  // Seeded by the job: a retry after a crash picks the same card and options (and so posts the same body).
  const random = seededRandom(job.id);
  const pick = pickDailyCard(deck?.cardIds ?? [], schedule.askedInCycle, random);
  const card = pick.ok ? decks.card(pick.value.cardId) : undefined;
  if (!pick.ok || card === undefined) {
    const message = pick.ok ? `card ${pick.value.cardId} is missing` : pick.error.message;
    await noteFailure(
      (text) => store.daily.recordFailure(schedule.guildId, text, now),
      logger,
      { guildId: schedule.guildId },
      `Posting the daily question failed: ${message}`,
    );
    return done;
  }
  const question = buildDailyQuestion(registry, card, random);
  const body = renderDailyPost({
    questionId: job.id,
    prompt: question.prompt,
    options: question.options,
    closesAt,
    answerCount: 0,
    roleId: schedule.roleId,
  });
  let messageId: string;
  try {
    ({ id: messageId } = await channels.post(schedule.channelId, {
      ...body,
      nonce: messageNonce('post', schedule.guildId, payload.date, job.id),
      ...(schedule.roleId === null ? {} : { allowedMentions: { roles: [schedule.roleId] } }),
    }));
  } catch (error) {
    if (!isChannelProblem(error)) throw error;
    await noteFailure(
      (text) => store.daily.recordFailure(schedule.guildId, text, run.now()),
      logger,
      { guildId: schedule.guildId, code: error.code },
      describeFailure('Posting the daily question', schedule.channelId, error),
    );
    return done;
  }
  const recorded = await store.daily.recordPost(
    job.lease,
    {
      questionId: job.id,
      guildId: schedule.guildId,
      localDate: payload.date,
      cardId: card.id,
      options: question.options,
      correctIndex: question.correctIndex,
      channelId: schedule.channelId,
      messageId,
      postedAt: now,
      closesAt,
      askedInCycle: pick.value.askedInCycle,
    },
    { id: dailyCloseJobId(job.id), kind: dailyCloseKind, payload: { questionId: job.id }, runAt: closesAt },
    run.now(),
  );
  // Lost lease: the process that holds it now posts (the nonce returns this same message) and records.
  if (recorded === null) return { kind: 'completed' };
  await decorate(context, schedule, recorded, logger, run);
  return { kind: 'completed' };
}

/** The optional thread and pin: each failure is recorded and logged, and never blocks the post. */
async function decorate(
  context: CommandContext,
  schedule: DailyScheduleRecord,
  question: DailyQuestionRecord,
  logger: Logger,
  run: JobRun,
): Promise<void> {
  const { store, channels } = context;
  const record = (text: string) => store.daily.recordFailure(schedule.guildId, text, run.now());
  if (schedule.startsThread) {
    try {
      const thread = await channels.startThread(
        question.channelId,
        question.messageId,
        `Daily question ${question.localDate}`,
      );
      await store.daily.setThread(question.questionId, thread.id);
    } catch (error) {
      await noteFailure(
        record,
        logger,
        { guildId: schedule.guildId },
        describeFailure('Starting the thread', question.channelId, error),
      );
    }
  }
  if (schedule.pins) {
    try {
      const previous = (await store.daily.recentQuestions(schedule.guildId, 2))[1];
      if (previous !== undefined)
        await channels.unpin(previous.channelId, previous.messageId).catch((error: unknown) => {
          logger.info({ err: error }, 'could not unpin the previous daily question');
        });
      await channels.pin(question.channelId, question.messageId);
    } catch (error) {
      await noteFailure(
        record,
        logger,
        { guildId: schedule.guildId },
        describeFailure('Pinning the question', question.channelId, error),
      );
    }
  }
}

/** Closes a question: the close job's handler. Idempotent: a retry edits and posts the same again (nonce). */
async function closeQuestion(context: CommandContext, job: ClaimedJob, run: JobRun): Promise<JobOutcome> {
  const { store, decks, channels } = context;
  const { logger } = dailyRuntime(context).options;
  const { questionId } = job.payload as DailyClosePayload;
  const closed = await store.daily.closeQuestion(questionId, run.now());
  if (closed === undefined) return done;
  const { question, answers } = closed;
  const record = (text: string) => store.daily.recordFailure(question.guildId, text, run.now());
  try {
    await channels.edit(question.channelId, question.messageId, postBody(context, question));
  } catch (error) {
    if (!isChannelProblem(error)) throw error;
    await noteFailure(
      record,
      logger,
      { questionId },
      describeFailure('Closing the question', question.channelId, error),
    );
  }
  const card = decks.card(question.cardId);
  const results = summarizeDailyQuestion({
    optionCount: question.options.length,
    correctIndex: question.correctIndex,
    answers,
    streaks: await streaksOf(
      context,
      question.guildId,
      answers.filter((a) => a.isCorrect).map((a) => a.userId),
    ),
  });
  try {
    await channels.post(question.channelId, {
      ...renderDailyResults({
        prompt: card?.prompt ?? question.cardId,
        options: question.options,
        correctIndex: question.correctIndex,
        answer: card?.answer ?? question.options[question.correctIndex] ?? '',
        explanation: card?.explanation,
        results,
      }),
      nonce: messageNonce('results', question.guildId, question.localDate, questionId),
    });
  } catch (error) {
    if (!isChannelProblem(error)) throw error;
    await noteFailure(
      record,
      logger,
      { questionId },
      describeFailure('Posting the results', question.channelId, error),
    );
  }
  return done;
}

/** Current streaks of some members (only right answerers can have one after a close). */
async function streaksOf(
  context: CommandContext,
  guildId: string,
  userIds: readonly string[],
): Promise<StreakEntry[]> {
  const entries: StreakEntry[] = [];
  for (let i = 0; i < userIds.length; i += 25) {
    const chunk = userIds.slice(i, i + 25);
    entries.push(
      ...(await Promise.all(
        chunk.map(async (userId) => {
          const history = await context.store.daily.history(guildId, userId);
          const streak = dailyStreak(history.posted, history.answers, {
            openQuestionId: history.openQuestionId,
          });
          return { userId, streak: streak.current };
        }),
      )),
    );
  }
  return entries;
}

/** Enqueues the posts of every active schedule: the next one, and one owed now (late, never a backlog). */
export async function planSchedule(
  context: CommandContext,
  schedule: DailyScheduleRecord,
  now: number,
): Promise<void> {
  const { store } = context;
  const core = coreSchedule(schedule);
  const action = planDaily({
    schedule: core,
    lastPostedDate: await store.daily.lastPostedDate(schedule.guildId),
    since: schedule.savedAt,
    now,
  });
  const enqueue = async (date: string, runAt: number) => {
    const payload: DailyPostPayload = { guildId: schedule.guildId, date };
    await store.jobs.enqueue(
      { id: dailyJobId(schedule.guildId, date), kind: dailyPostKind, payload, runAt },
      now,
    );
  };
  const next = action.kind === 'post' ? nextDailyPost(core, now) : action.next;
  if (action.kind === 'post') await enqueue(action.post.date, action.post.at);
  await enqueue(next.date, next.at);
}

/** The daily quiz's scheduled work: posting, closing, and the planner. */
export function dailyJobs(context: CommandContext): FeatureJobs {
  let lastPlanned = -Infinity;
  return {
    handlers: {
      [dailyPostKind]: (job, run) => postQuestion(context, job, run),
      [dailyCloseKind]: (job, run) => closeQuestion(context, job, run),
    },
    plan: async (now) => {
      const { planEveryMs, logger } = dailyRuntime(context).options;
      if (now - lastPlanned < planEveryMs) return;
      lastPlanned = now;
      for (const schedule of await context.store.daily.activeSchedules()) {
        await planSchedule(context, schedule, now).catch((error: unknown) => {
          logger.error({ err: error, guildId: schedule.guildId }, 'could not plan a daily schedule');
        });
      }
    },
  };
}

/**
 * The question, waiting up to about a second when its post job is still running: a click can arrive in the
 * moment between Discord showing the post and the bot recording it (the interaction must be answered in 3 s).
 */
async function recordedQuestion(
  context: CommandContext,
  questionId: string,
): Promise<DailyQuestionRecord | undefined> {
  for (let attempt = 0; ; attempt++) {
    const question = await context.store.daily.getQuestion(questionId);
    if (question !== undefined || attempt >= 10) return question;
    if ((await context.store.jobs.get(questionId))?.status !== 'running') return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Records a click on an option and says privately how it went; the public count is redrawn later. */
export async function answerQuestion(
  context: CommandContext,
  input: { questionId: string; choice: number; userId: string; interactionId: string },
): Promise<DailyAnswerView> {
  const { store, decks } = context;
  const question = await recordedQuestion(context, input.questionId);
  if (question === undefined) return { kind: 'unknown' };
  const zone = (await store.daily.getSchedule(question.guildId))?.timeZone ?? 'UTC';
  const answeredAt = snowflakeTime(input.interactionId);
  const result = await store.daily.answer({
    questionId: input.questionId,
    userId: input.userId,
    choice: input.choice,
    answeredAt,
    keys: {
      day: dayKey(answeredAt, zone),
      week: isoWeekKey(answeredAt, zone),
      month: monthKey(answeredAt, zone),
    },
  });
  if (result.kind === 'unknown-question') return { kind: 'unknown' };
  if (result.kind === 'closed') return { kind: 'closed' };
  // Two processes (a rolling deploy) both receive each click: the one that lost the insert answers the same.
  const isSameClick =
    result.kind === 'recorded' || (result.answeredAt === answeredAt && result.choice === input.choice);
  if (!isSameClick) return { kind: 'already', choice: result.choice };
  dailyRuntime(context).refresher.request(input.questionId);
  const history = await store.daily.history(question.guildId, input.userId);
  const card = decks.card(question.cardId);
  return {
    kind: 'recorded',
    isCorrect: result.isCorrect,
    correct: `${String.fromCharCode(65 + question.correctIndex)}. ${question.options[question.correctIndex] ?? ''}`,
    answer: card?.answer ?? '',
    explanation: card?.explanation,
    streak: dailyStreak(history.posted, history.answers, { openQuestionId: history.openQuestionId }),
  };
}
