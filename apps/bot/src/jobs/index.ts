import type { CommandContext } from '../commands/types.ts';
import { dailyJobs } from '../daily/index.ts';
import { drillJobHandlers } from '../drill/jobs.ts';
import type { JobHandler } from '../scheduler.ts';

/** A feature's scheduled work: handlers by job kind, and what it enqueues ahead of time. */
export interface FeatureJobs {
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** Enqueues what is due soon (idempotent: deterministic job ids); runs at every scheduler tick. */
  readonly plan?: (now: number) => Promise<void>;
}

/** Every feature's scheduled work, over the handlers' context. Add new features here. */
export function featureJobs(context: CommandContext): readonly FeatureJobs[] {
  return [dailyJobs(context), drillJobHandlers(context)];
}

/** The scheduler's handlers and planner, merged from every feature. */
export function schedulerWork(context: CommandContext): {
  handlers: Record<string, JobHandler>;
  plan: (now: number) => Promise<void>;
} {
  const features = featureJobs(context);
  const handlers: Record<string, JobHandler> = {};
  for (const feature of features) {
    for (const [kind, handler] of Object.entries(feature.handlers)) {
      if (kind in handlers) throw new Error(`two features handle the job kind ${kind}`);
      handlers[kind] = handler;
    }
  }
  return {
    handlers,
    plan: async (now) => {
      for (const feature of features) await feature.plan?.(now);
    },
  };
}
