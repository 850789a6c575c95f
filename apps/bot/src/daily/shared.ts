import { createHash } from 'node:crypto';
import { dailyPostNonce, parseDailySchedule, type CalendarDate, type DailySchedule } from '@portdeck/core';
import type { DailyScheduleRecord } from '@portdeck/store';
import type { Logger } from 'pino';
import { ChannelError } from '../messenger.ts';

/** Payload of a daily post job. */
export interface DailyPostPayload {
  readonly guildId: string;
  /** The local date the post counts for. */
  readonly date: CalendarDate;
  /**
   * Set by `/daily post`: post even before the schedule's time, closing at this instant. `requestId` is the
   * interaction's id: every bot process of a rolling deploy receives the command, and the one that finds its
   * own request already queued answers instead of queueing an extra question.
   */
  readonly manual?: { readonly closesAt: number; readonly requestId?: string };
}

/** Payload of a daily close job. */
export interface DailyClosePayload {
  readonly questionId: string;
}

/** The close job's id for a question. */
export function dailyCloseJobId(questionId: string): string {
  return `close:${questionId}`;
}

/** The core schedule of a saved one (saved schedules were validated, so a failure is a programmer error). */
export function coreSchedule(record: DailyScheduleRecord): DailySchedule {
  const parsed = parseDailySchedule({
    time: record.timeOfDay,
    timeZone: record.timeZone,
    days: record.days,
    ...(record.closeAfterMinutes === null ? {} : { closeAfter: `${record.closeAfterMinutes}m` }),
  });
  if (!parsed.ok) throw new Error(`saved schedule of ${record.guildId} is invalid: ${parsed.error.message}`);
  return parsed.value;
}

/**
 * A Discord nonce (≤ 25 characters) for a question's post or results: core's for a real guild (a
 * snowflake), a hash of the question id elsewhere (the console's server).
 */
export function messageNonce(
  kind: 'post' | 'results',
  guildId: string,
  date: CalendarDate,
  questionId: string,
): string {
  const isPlainToday = questionId.endsWith(date) && /^\d{1,20}$/.test(guildId);
  if (isPlainToday) {
    const nonce = dailyPostNonce(guildId, date);
    return kind === 'post' ? nonce : `r${nonce.slice(1)}`;
  }
  return `${kind === 'post' ? 'd' : 'r'}${createHash('sha256').update(questionId).digest('base64url').slice(0, 24)}`;
}

/** Discord's codes for a channel the bot cannot use: the day is recorded as failed, the schedule goes on. */
const channelProblems = new Set([50001, 50013, 10003, 10008, 30003, 50083]);

/** Whether a channel error is the admins' to fix (record it) rather than a passing fault (retry). */
export function isChannelProblem(error: unknown): error is ChannelError {
  return error instanceof ChannelError && error.code !== undefined && channelProblems.has(error.code);
}

/** What the admins read in `/daily show` for a failure. */
export function describeFailure(action: string, channelId: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  const hint =
    error instanceof ChannelError
      ? {
          50001: 'I cannot see the channel (View Channel).',
          50013: 'I am missing a permission there.',
          10003: 'The channel was deleted: run /daily setup with another channel.',
          30003: 'The channel has 250 pins: unpin some.',
        }[error.code ?? 0]
      : undefined;
  return `${action} in <#${channelId}> failed: ${reason}${hint ? ` ${hint}` : ''}`;
}

/** Logs and records a failure for `/daily show`; a failure to record is only logged. */
export async function noteFailure(
  record: (message: string) => Promise<void>,
  logger: Logger,
  details: Record<string, unknown>,
  message: string,
): Promise<void> {
  logger.warn(details, message);
  await record(message).catch((error: unknown) => {
    logger.error({ err: error }, 'could not record a daily failure');
  });
}
