import { buildDailyQuestion, dailyCloseTime, dailyPostOn, pickDailyCard } from '@portdeck/core';
import {
  dailyCloseKind,
  type ClaimedJob,
  type DailyQuestionRecord,
  type DailyScheduleRecord,
} from '@portdeck/store';
import { type Logger } from 'pino';
import type { CommandContext } from '../commands/types.ts';
import { renderDailyPost } from '../render/daily.ts';
import type { JobOutcome, JobRun } from '../scheduler.ts';
import { seededRandom } from './random.ts';
import {
  coreSchedule,
  dailyCloseJobId,
  describeFailure,
  isChannelProblem,
  messageNonce,
  noteFailure,
  type DailyPostPayload,
} from './shared.ts';
import { dailyRuntime } from './runtime.ts';

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
export async function postQuestion(
  context: CommandContext,
  job: ClaimedJob,
  run: JobRun,
): Promise<JobOutcome> {
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
