import { dailyCloseKind, dailyPostKind } from '@portdeck/store';
import type { CommandContext } from '../commands/types.ts';
import type { FeatureJobs } from '../jobs/index.ts';
import { closeQuestion } from './close.ts';
import { planSchedule } from './plan.ts';
import { postQuestion } from './post.ts';
import { dailyRuntime } from './runtime.ts';

export { answerQuestion } from './answer.ts';
export { planSchedule } from './plan.ts';
export { manualCloseTime } from './post.ts';
export { configureDaily, dailyRuntime, type DailyOptions, type DailyRuntime } from './runtime.ts';

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
