import { dailyStreak, summarizeDailyQuestion, type StreakEntry } from '@portdeck/core';
import { type ClaimedJob } from '@portdeck/store';
import type { CommandContext } from '../commands/types.ts';
import { renderDailyResults } from '../render/daily.ts';
import type { JobOutcome, JobRun } from '../scheduler.ts';
import {
  describeFailure,
  isChannelProblem,
  messageNonce,
  noteFailure,
  type DailyClosePayload,
} from './shared.ts';
import { dailyRuntime, postBody } from './runtime.ts';

/** Closes a question: the close job's handler. Idempotent: a retry edits and posts the same again (nonce). */
export async function closeQuestion(
  context: CommandContext,
  job: ClaimedJob,
  run: JobRun,
): Promise<JobOutcome> {
  const { store, decks, channels } = context;
  const { logger } = dailyRuntime(context).options;
  const { questionId } = job.payload as DailyClosePayload;
  const closed = await store.daily.closeQuestion(questionId, run.now());
  if (closed === undefined) return { kind: 'done' };
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
  return { kind: 'done' };
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
