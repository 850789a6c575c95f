import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ClaimedJob, JobQueue } from '@portdeck/store';
import type { Logger } from 'pino';

/** What a job handler did. */
export type JobOutcome =
  /** The work is done: the scheduler completes the job. */
  | { readonly kind: 'done' }
  /** The handler completed the job itself, in the same transaction as its effects (or found it lost). */
  | { readonly kind: 'completed' }
  /** Try again later (at `at`, else after the store's backoff); `error` is recorded. */
  | { readonly kind: 'retry'; readonly error: string; readonly at?: number };

/** What a handler gets besides the job. */
export interface JobRun {
  /** The scheduler's clock. */
  readonly now: () => number;
  /** Aborted when the scheduler stops: long work should stop early and retry later. */
  readonly signal: AbortSignal;
}

/** Runs one kind of job. A throw counts as a retry with the error's message. */
export type JobHandler = (job: ClaimedJob, run: JobRun) => Promise<JobOutcome>;

/** Options for {@link createScheduler}. */
export interface SchedulerOptions {
  readonly jobs: JobQueue;
  /** Handlers by job kind; only these kinds are claimed. */
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** Called at the start of every tick to enqueue what is due soon (e.g. the next daily posts); idempotent. */
  readonly plan?: (now: number) => Promise<void>;
  readonly now: () => number;
  readonly logger: Logger;
  /** This process's name in leases (default: host, pid and a random suffix). */
  readonly owner?: string;
  /** How often it looks for due jobs, ms (default 1000); after a full batch it looks again at once. */
  readonly pollMs?: number;
  /** A claim's lease, ms (default 60 s); extended at a third of it while the handler runs. */
  readonly leaseMs?: number;
  /** Most jobs claimed per tick (default 16). */
  readonly batch?: number;
  /** Told of each claim (with how late it was) and of each job handed back at shutdown. */
  readonly metrics?: {
    jobClaimed(kind: string, lagSeconds: number): void;
    jobReleased(kind: string): void;
  };
}

/** Runs durable jobs: claims due ones (exactly once across processes, through the store's leases). */
export interface Scheduler {
  readonly owner: string;
  /** Starts ticking every `pollMs`. */
  start(): void;
  /** One round: plan, claim, run every claimed job to its outcome. Tests call it with a controlled clock. */
  tick(): Promise<void>;
  /**
   * Stops claiming, aborts running handlers' signals and waits (up to `graceMs`) for them to finish; then hands
   * back (releases) every job still held, so another process claims it at once instead of after its lease.
   */
  stop(graceMs?: number): Promise<void>;
}

/** A lease owner unique to this process. */
export function defaultOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** Creates a scheduler; it does nothing until started or ticked. */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { jobs, handlers, logger, now } = options;
  const owner = options.owner ?? defaultOwner();
  const pollMs = options.pollMs ?? 1000;
  const leaseMs = options.leaseMs ?? 60_000;
  const batch = options.batch ?? 16;
  const kinds = Object.keys(handlers);
  const stopping = new AbortController();
  const running = new Set<Promise<void>>();
  // Jobs claimed and not yet settled, with their current lease (the keep-alive replaces it).
  const held = new Map<string, { readonly kind: string; lease: ClaimedJob['lease'] }>();
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;

  const isStopped = (): boolean => stopping.signal.aborted;

  const release = async (jobId: string): Promise<void> => {
    const claim = held.get(jobId);
    if (claim === undefined) return;
    held.delete(jobId);
    if (await jobs.release(claim.lease, now())) {
      options.metrics?.jobReleased(claim.kind);
      logger.info({ jobId, kind: claim.kind }, 'job released at shutdown');
    }
  };

  const run = async (job: ClaimedJob): Promise<void> => {
    const handler = handlers[job.kind];
    if (handler === undefined) return;
    const claim = { kind: job.kind, lease: job.lease };
    held.set(job.id, claim);
    // Keep the lease while the handler works, so no other process takes the job over.
    const keepAlive = setInterval(() => {
      jobs.extendLease(claim.lease, now(), leaseMs).then(
        (extended) => {
          if (extended !== null) claim.lease = extended;
        },
        (error: unknown) => {
          logger.warn({ err: error, jobId: job.id }, 'could not extend a job lease');
        },
      );
    }, leaseMs / 3);
    keepAlive.unref();
    let outcome: JobOutcome;
    try {
      outcome = await handler({ ...job, lease: claim.lease }, { now, signal: stopping.signal });
    } catch (error) {
      outcome = { kind: 'retry', error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearInterval(keepAlive);
    }
    // stop() already handed it back after its grace: the lease is gone, nothing more to record.
    if (!held.has(job.id)) return;
    if (outcome.kind === 'retry' && isStopped()) {
      // Cut short by shutdown, not failed: handed back without using up an attempt.
      await release(job.id);
      return;
    }
    held.delete(job.id);
    const { lease } = claim;
    if (outcome.kind === 'done') {
      if (!(await jobs.complete(lease, now())))
        logger.warn({ jobId: job.id }, 'job lease lost before completing');
    } else if (outcome.kind === 'retry') {
      const result = await jobs.fail(lease, now(), outcome.error, outcome.at);
      logger.warn({ jobId: job.id, kind: job.kind, error: outcome.error, result }, 'job failed');
    }
  };

  // A full batch means more may be due: the loop claims again at once instead of waiting `pollMs`.
  let wasFullBatch = false;

  const tick = async (): Promise<void> => {
    wasFullBatch = false;
    if (stopping.signal.aborted) return;
    try {
      await options.plan?.(now());
    } catch (error) {
      logger.error({ err: error }, 'scheduler planning failed');
    }
    // The planner may have run while stop() was called (TypeScript cannot see that across the await).
    if (isStopped() || kinds.length === 0) return;
    const claimedAt = now();
    const claimed = await jobs.claimDue({ owner, now: claimedAt, leaseMs, limit: batch, kinds });
    for (const job of claimed) options.metrics?.jobClaimed(job.kind, (claimedAt - job.runAt) / 1000);
    wasFullBatch = claimed.length === batch;
    await Promise.all(
      claimed.map((job) => {
        const done = run(job).catch((error: unknown) => {
          logger.error({ err: error, jobId: job.id }, 'job bookkeeping failed');
        });
        running.add(done);
        return done.finally(() => running.delete(done));
      }),
    );
  };

  const loop = (): void => {
    ticking = tick()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'scheduler tick failed');
      })
      .finally(() => {
        ticking = undefined;
        if (!stopping.signal.aborted) timer = setTimeout(loop, wasFullBatch ? 0 : pollMs);
      });
  };

  return {
    owner,
    start: () => {
      if (timer === undefined && ticking === undefined && !stopping.signal.aborted) loop();
    },
    tick,
    stop: async (graceMs = 10_000) => {
      stopping.abort();
      if (timer !== undefined) clearTimeout(timer);
      const settled = Promise.all([ticking, ...running]);
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      await Promise.all(
        [...held.keys()].map((jobId) =>
          release(jobId).catch((error: unknown) => {
            logger.warn({ err: error, jobId }, 'could not release a job at shutdown');
          }),
        ),
      );
    },
  };
}
