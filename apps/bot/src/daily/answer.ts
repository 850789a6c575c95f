import { dailyStreak, dayKey, isoWeekKey, monthKey, snowflakeTime } from '@portdeck/core';
import { type DailyQuestionRecord } from '@portdeck/store';
import type { CommandContext } from '../commands/types.ts';
import { type DailyAnswerView } from '../render/daily.ts';
import { dailyRuntime } from './runtime.ts';

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
    // The post job may have recorded the question and finished between the two reads: read it once more.
    if ((await context.store.jobs.get(questionId))?.status !== 'running')
      return context.store.daily.getQuestion(questionId);
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
