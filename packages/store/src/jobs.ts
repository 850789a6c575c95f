import type { ExpressionBuilder, Selectable } from 'kysely';
import type { Backend, Tx } from './backend/types.ts';
import type { Database, JobsTable, JobStatus } from './schema.ts';

/** A job to run once, at or after `runAt`. */
export interface JobSpec {
  /** Deterministic, so enqueueing the same work twice is a no-op: e.g. `daily:<guild>:<local date>`. */
  readonly id: string;
  /** What the worker does with it (e.g. `daily-post`). */
  readonly kind: string;
  /** JSON-serialisable input. */
  readonly payload?: unknown;
  readonly runAt: number;
  /** Claims before the job is given up as failed (default 5). */
  readonly maxAttempts?: number;
}

/** Proof of a claim: only its holder can extend, complete, fail or release the job. */
export interface JobLease {
  readonly jobId: string;
  readonly owner: string;
  /** The claim's number; a later claim (after this lease expired) makes this one void. */
  readonly attempt: number;
  readonly expiresAt: number;
}

/** A claimed job. */
export interface ClaimedJob {
  readonly id: string;
  readonly kind: string;
  readonly payload: unknown;
  readonly runAt: number;
  readonly lease: JobLease;
}

/** A job as stored. */
export interface JobRecord {
  readonly id: string;
  readonly kind: string;
  readonly payload: unknown;
  readonly status: JobStatus;
  readonly runAt: number;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: number | null;
  readonly lastError: string | null;
  readonly finishedAt: number | null;
}

/** What a failure report did. */
export type FailOutcome = 'retrying' | 'failed' | 'lease-lost';

/**
 * Durable jobs with leases. Claiming is exactly-once per lease: PostgreSQL claims with
 * `FOR UPDATE SKIP LOCKED` (workers never wait on each other's rows), SQLite inside its single write
 * transaction. A worker that dies leaves a lease that expires; the next claim takes the job over, and the
 * dead worker's lease can no longer complete it.
 */
export interface JobQueue {
  /** Adds the job; false (and nothing changed) when a job with this id already exists, whatever its state. */
  enqueue(spec: JobSpec, now: number): Promise<boolean>;
  /** Claims up to `limit` jobs due at `now` (and jobs whose lease expired), oldest first. */
  claimDue(input: {
    readonly owner: string;
    readonly now: number;
    readonly leaseMs: number;
    readonly limit: number;
    readonly kinds?: readonly string[];
  }): Promise<ClaimedJob[]>;
  /** Pushes the lease's expiry to `now + leaseMs`; null when the lease was lost. */
  extendLease(lease: JobLease, now: number, leaseMs: number): Promise<JobLease | null>;
  /** Marks the job done; false when the lease was lost (another worker owns the job now). */
  complete(lease: JobLease, now: number): Promise<boolean>;
  /** Records a failure: runs again after a backoff (or at `retryAt`), or fails for good after its last attempt. */
  fail(lease: JobLease, now: number, error: string, retryAt?: number): Promise<FailOutcome>;
  /** Hands the job back unrun (shutdown): due again at once, the claim not counted. */
  release(lease: JobLease, now: number): Promise<boolean>;
  /**
   * Moves a pending job to `runAt` (and replaces its payload when given), e.g. "post now" or "close now";
   * false (nothing changed) when the job is missing or no longer pending (running, done or failed).
   */
  reschedule(
    jobId: string,
    change: { readonly runAt: number; readonly payload?: unknown },
    now: number,
  ): Promise<boolean>;
  /** The job as stored. */
  get(jobId: string): Promise<JobRecord | undefined>;
}

const defaultMaxAttempts = 5;
const retryBaseMs = 5_000;
const retryMaxMs = 3_600_000;

/** Backoff before attempt `attempt + 1`: 5 s, 10 s, 20 s... at most an hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, attempt - 1));
}

/** Matches the job only while this lease's claim is the current one. */
function heldBy(lease: JobLease) {
  return (eb: ExpressionBuilder<Database, 'jobs'>) =>
    eb.and([
      eb('job_id', '=', lease.jobId),
      eb('status', '=', 'running'),
      eb('lease_owner', '=', lease.owner),
      eb('attempts', '=', lease.attempt),
    ]);
}

/**
 * Completes the job inside `trx`, so its effects' bookkeeping (written in the same transaction) commits with
 * it or not at all; false when the lease was lost (the caller should then roll back).
 */
export async function completeJobIn(trx: Tx, lease: JobLease, now: number): Promise<boolean> {
  const result = await trx
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, updated_at: now, lease_expires_at: null })
    .where(heldBy(lease))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Adds the job inside `db` (a transaction, so it commits with the work that scheduled it); false when it exists. */
export async function enqueueJobIn(db: Tx, spec: JobSpec, now: number): Promise<boolean> {
  const result = await db
    .insertInto('jobs')
    .values({
      job_id: spec.id,
      kind: spec.kind,
      payload: spec.payload === undefined ? '' : JSON.stringify(spec.payload),
      status: 'pending',
      run_at: spec.runAt,
      attempts: 0,
      max_attempts: spec.maxAttempts ?? defaultMaxAttempts,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('job_id').doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

function parsePayload(text: string): unknown {
  return text === '' ? undefined : JSON.parse(text);
}

function toRecord(row: Selectable<JobsTable>): JobRecord {
  return {
    id: row.job_id,
    kind: row.kind,
    payload: parsePayload(row.payload),
    status: row.status,
    runAt: row.run_at,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    lastError: row.last_error,
    finishedAt: row.finished_at,
  };
}

/** The job queue on a backend. */
export function createJobQueue(backend: Backend): JobQueue {
  const { db } = backend;
  return {
    enqueue: (spec, now) => backend.writeStatement((db) => enqueueJobIn(db, spec, now)),

    claimDue: async ({ owner, now, leaseMs, limit, kinds }) => {
      const rows = await backend.writeStatement((db) => {
        let due = db
          .selectFrom('jobs')
          .select('job_id')
          .where((eb) =>
            eb.or([
              eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
              eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<=', now)]),
            ]),
          );
        if (kinds !== undefined) due = due.where('kind', 'in', kinds.length > 0 ? kinds : ['']);
        due = backend.skipLocked(due.orderBy('run_at').orderBy('job_id').limit(limit));
        // One statement claims the due jobs; a job whose workers all died with it used up its attempts and
        // fails instead of killing another worker.
        return db
          .updateTable('jobs')
          .set((eb) => {
            const isSpent = eb('attempts', '>=', eb.ref('max_attempts'));
            return {
              status: eb
                .case()
                .when(isSpent)
                .then(eb.val<JobStatus>('failed'))
                .else(eb.val<JobStatus>('running'))
                .end(),
              lease_owner: owner,
              lease_expires_at: eb
                .case()
                .when(isSpent)
                .then(null)
                .else(now + leaseMs)
                .end(),
              attempts: eb
                .case()
                .when(isSpent)
                .then(eb.ref('attempts'))
                .else(eb('attempts', '+', 1))
                .end(),
              last_error: eb
                .case()
                .when(isSpent)
                .then('lease expired on its last attempt (the worker stopped)')
                .else(eb.ref('last_error'))
                .end(),
              finished_at: eb.case().when(isSpent).then(now).else(null).end(),
              updated_at: now,
            };
          })
          .where('job_id', 'in', due)
          .returningAll()
          .execute();
      });
      return rows
        .filter((row) => row.status === 'running')
        .sort((a, b) => a.run_at - b.run_at || (a.job_id < b.job_id ? -1 : 1))
        .map((row) => ({
          id: row.job_id,
          kind: row.kind,
          payload: parsePayload(row.payload),
          runAt: row.run_at,
          lease: { jobId: row.job_id, owner, attempt: row.attempts, expiresAt: now + leaseMs },
        }));
    },

    extendLease: async (lease, now, leaseMs) => {
      const expiresAt = now + leaseMs;
      const result = await backend.writeStatement((trx) =>
        trx
          .updateTable('jobs')
          .set({ lease_expires_at: expiresAt, updated_at: now })
          .where(heldBy(lease))
          .executeTakeFirst(),
      );
      return result.numUpdatedRows > 0n ? { ...lease, expiresAt } : null;
    },

    complete: (lease, now) => backend.writeStatement((db) => completeJobIn(db, lease, now)),

    fail: async (lease, now, error, retryAt) => {
      const row = await backend.writeStatement((db) =>
        db
          .updateTable('jobs')
          .set((eb) => {
            const isLast = eb('attempts', '>=', eb.ref('max_attempts'));
            return {
              status: eb
                .case()
                .when(isLast)
                .then(eb.val<JobStatus>('failed'))
                .else(eb.val<JobStatus>('pending'))
                .end(),
              run_at: eb
                .case()
                .when(isLast)
                .then(now)
                .else(retryAt ?? now + retryDelayMs(lease.attempt))
                .end(),
              finished_at: eb.case().when(isLast).then(now).else(null).end(),
              last_error: error.slice(0, 2000),
              lease_owner: null,
              lease_expires_at: null,
              updated_at: now,
            };
          })
          .where(heldBy(lease))
          .returning('status')
          .executeTakeFirst(),
      );
      if (row === undefined) return 'lease-lost';
      return row.status === 'failed' ? 'failed' : 'retrying';
    },

    release: async (lease, now) => {
      const result = await backend.writeStatement((trx) =>
        trx
          .updateTable('jobs')
          .set((eb) => ({
            status: 'pending',
            lease_owner: null,
            lease_expires_at: null,
            attempts: eb('attempts', '-', 1),
            updated_at: now,
          }))
          .where(heldBy(lease))
          .executeTakeFirst(),
      );
      return result.numUpdatedRows > 0n;
    },

    reschedule: async (jobId, change, now) => {
      const result = await backend.writeStatement((trx) =>
        trx
          .updateTable('jobs')
          .set({
            run_at: change.runAt,
            ...(change.payload === undefined ? {} : { payload: JSON.stringify(change.payload) }),
            updated_at: now,
          })
          .where('job_id', '=', jobId)
          .where('status', '=', 'pending')
          .executeTakeFirst(),
      );
      return result.numUpdatedRows > 0n;
    },

    get: async (jobId) => {
      const row = await db.selectFrom('jobs').selectAll().where('job_id', '=', jobId).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },
  };
}
