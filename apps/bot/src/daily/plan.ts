import { dailyJobId, nextDailyPost, planDaily } from '@portdeck/core';
import { dailyPostKind, type DailyScheduleRecord } from '@portdeck/store';
import type { CommandContext } from '../commands/types.ts';
import { coreSchedule, type DailyPostPayload } from './shared.ts';

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
