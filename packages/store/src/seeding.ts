import { dailyCloseKind, dailyPostKind, type DailyPostRecord } from './daily.ts';
import type { JobSpec } from './jobs.ts';
import type { Store } from './store.ts';

/**
 * Records a daily question the way the bot's post job does (its job enqueued, claimed and completed with the
 * post), with a close job due at `closesAt` unless another is given: history for tests, benches and demos
 * without a Discord channel.
 */
export async function seedDailyPost(
  store: Store,
  post: DailyPostRecord,
  closeJob: JobSpec = { id: `close:${post.questionId}`, kind: dailyCloseKind, runAt: post.closesAt },
): Promise<void> {
  const { questionId, postedAt } = post;
  await store.jobs.enqueue({ id: questionId, kind: dailyPostKind, runAt: postedAt }, postedAt);
  const [job] = await store.jobs.claimDue({
    owner: 'seed',
    now: postedAt,
    leaseMs: 60_000,
    limit: 1,
    kinds: [dailyPostKind],
  });
  if (job?.id !== questionId) throw new Error(`seeding ${questionId}: its post job was not the one due`);
  if ((await store.daily.recordPost(job.lease, post, closeJob, postedAt)) === null)
    throw new Error(`seeding ${questionId}: the post was refused`);
}
