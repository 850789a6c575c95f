import type { CalendarDate } from '../time/calendar-date.ts';
import { nextDailyPost, previousDailyPost, type DailyPost, type DailySchedule } from './schedule.ts';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;

/** By default answers close this long before the next post. */
export const DEFAULT_CLOSE_BEFORE_NEXT_MS = hourMs;

/** A question never stays open longer than this after its post. */
export const MAX_OPEN_MS = 24 * hourMs;

/** A post sent within this long of its time counts as on time (the scheduler's own delay). */
export const LATE_AFTER_MS = minuteMs;

/**
 * When answers to a post close: `closeAfterMinutes` after it when configured, else an hour before the
 * next post; never more than 24 hours after the post and never after the next post.
 */
export function dailyCloseTime(schedule: DailySchedule, post: DailyPost): number {
  return closeTime(schedule, post, nextDailyPost(schedule, post.at));
}

function closeTime(schedule: DailySchedule, post: DailyPost, nextPost: DailyPost): number {
  const next = nextPost.at;
  const wanted =
    schedule.closeAfterMinutes === undefined
      ? next - DEFAULT_CLOSE_BEFORE_NEXT_MS
      : post.at + schedule.closeAfterMinutes * minuteMs;
  return Math.min(wanted, next, post.at + MAX_OPEN_MS);
}

/** What the scheduler should do now. */
export type DailyAction =
  | {
      readonly kind: 'post';
      /** The post owed: its local date (for the job id) and the instant it was due. */
      readonly post: DailyPost;
      /** When its answers close. */
      readonly closesAt: number;
      /** Sent more than {@link LATE_AFTER_MS} after its time (the bot was down or busy). */
      readonly isLate: boolean;
    }
  | {
      readonly kind: 'wait';
      /** The next post; ask again at `next.at`. */
      readonly next: DailyPost;
      /** A post that was owed but closed before the bot could send it: skipped, never sent late. */
      readonly skipped?: DailyPost;
    };

/** What {@link planDaily} needs to know. */
export interface DailyPlanInput {
  readonly schedule: DailySchedule;
  /** The local date of the last question this server was sent, if any. */
  readonly lastPostedDate?: CalendarDate | undefined;
  /** When the schedule was saved: posts due before it are not owed. */
  readonly since?: number | undefined;
  readonly now: number;
}

/**
 * Decides whether to post now or wait. The latest due post is sent (late if need be) while its answers are
 * still open; once they would be closed the day is skipped. Only that one post is ever owed: no backlog.
 */
export function planDaily({ schedule, lastPostedDate, since, now }: DailyPlanInput): DailyAction {
  const next = nextDailyPost(schedule, now);
  const due = previousDailyPost(schedule, now);
  const isOwed =
    (lastPostedDate === undefined || lastPostedDate < due.date) && (since === undefined || due.at >= since);
  if (!isOwed) return { kind: 'wait', next };
  // No post lies between the due one and now, so the one after it is `next`.
  const closesAt = closeTime(schedule, due, next);
  if (now >= closesAt) return { kind: 'wait', next, skipped: due };
  return { kind: 'post', post: due, closesAt, isLate: now - due.at > LATE_AFTER_MS };
}
