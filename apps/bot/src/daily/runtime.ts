import { type DailyQuestionRecord } from '@portdeck/store';
import { pino, type Logger } from 'pino';
import type { CommandContext } from '../commands/types.ts';
import { renderDailyPost } from '../render/daily.ts';
import { createCountRefresher, type CountRefresher } from './refresh.ts';

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
export function postBody(context: CommandContext, question: DailyQuestionRecord) {
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
