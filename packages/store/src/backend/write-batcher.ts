/**
 * Group commit: writes that arrive while a batch is open share one write transaction (one commit, one
 * fsync), each inside its own savepoint so a failure undoes only that write. A caller's promise settles
 * only after the COMMIT that holds its write has returned, so "resolved" still means "committed".
 */

/** The transaction statements the batcher issues; synchronous, as better-sqlite3 runs them. */
export interface TransactionControl {
  /** BEGIN IMMEDIATE: takes the write lock up front, so no write fails with SQLITE_BUSY mid-way. */
  readonly begin: () => void;
  readonly commit: () => void;
  readonly rollback: () => void;
  readonly savepoint: () => void;
  readonly release: () => void;
  readonly rollbackToSavepoint: () => void;
  /** False once SQLite has rolled the whole transaction back on its own (e.g. SQLITE_FULL). */
  readonly isInTransaction: () => boolean;
}

/** Options for {@link createWriteBatcher}. */
export interface WriteBatcherOptions<Tx> {
  /** Runs `body` with the connection held exclusively, so no other query lands inside the batch. */
  readonly hold: <T>(body: (tx: Tx) => Promise<T>) => Promise<T>;
  readonly control: TransactionControl;
  /** Most writes in one transaction (default 32): bounds how long the last write in a batch waits. */
  readonly maxBatchSize?: number;
  /** Called right after BEGIN, before the batch's first write. */
  readonly onBegin?: () => void;
  /** Called after any rollback (one write's savepoint or the whole transaction), before the next write runs. */
  readonly onRollback?: () => void;
  /** Called after each COMMIT with the number of writes it held. */
  readonly onCommit?: (size: number) => void;
  /** How a flush is deferred (default setImmediate: the next macrotask, after pending I/O callbacks). */
  readonly schedule?: (flush: () => void) => void;
}

/** Runs writes in shared transactions. */
export interface WriteBatcher<Tx> {
  /** Queues `work` for the next batch; settles after its batch has committed (or with its own error). */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Resolves once every write queued so far has settled. */
  drain(): Promise<void>;
}

/** Default largest batch; see the benchmark for how p99 moves with it. */
export const defaultMaxBatchSize = 32;

interface Pending<Tx> {
  readonly work: (tx: Tx) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

type Outcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/** Creates a batcher over one connection; writes run one after another, in arrival order. */
export function createWriteBatcher<Tx>(options: WriteBatcherOptions<Tx>): WriteBatcher<Tx> {
  const { hold, control } = options;
  const maxBatchSize = Math.max(1, Math.trunc(options.maxBatchSize ?? defaultMaxBatchSize));
  const schedule = options.schedule ?? ((flush: () => void) => setImmediate(flush));
  let queue: Pending<Tx>[] = [];
  let isScheduled = false;
  let running: Promise<void> = Promise.resolve();

  const runBatch = async (tx: Tx, batch: readonly Pending<Tx>[]): Promise<Outcome[]> => {
    const outcomes: Outcome[] = [];
    control.begin();
    options.onBegin?.();
    try {
      for (const pending of batch) {
        control.savepoint();
        try {
          outcomes.push({ ok: true, value: await pending.work(tx) });
          control.release();
        } catch (error) {
          outcomes.push({ ok: false, error });
          if (!control.isInTransaction()) {
            // SQLite dropped the whole transaction: earlier writes in this batch are gone too.
            options.onRollback?.();
            const lost: Outcome = {
              ok: false,
              error: new Error('write rolled back with its batch', { cause: error }),
            };
            for (let i = 0; i < outcomes.length - 1; i += 1) if (outcomes[i]?.ok === true) outcomes[i] = lost;
            control.begin();
            options.onBegin?.();
            continue;
          }
          control.rollbackToSavepoint();
          control.release();
          options.onRollback?.();
        }
      }
      control.commit();
    } catch (error) {
      // BEGIN or COMMIT failed (busy, deferred constraint, I/O): nothing of this batch is stored.
      if (control.isInTransaction()) control.rollback();
      options.onRollback?.();
      return batch.map(() => ({ ok: false, error }));
    }
    options.onCommit?.(batch.length);
    return outcomes;
  };

  const flush = async (): Promise<void> => {
    isScheduled = false;
    if (queue.length > 0) {
      const batch = queue.length <= maxBatchSize ? queue : queue.slice(0, maxBatchSize);
      queue = queue.length <= maxBatchSize ? [] : queue.slice(maxBatchSize);
      let outcomes: Outcome[];
      try {
        outcomes = await hold((tx) => runBatch(tx, batch));
      } catch (error) {
        outcomes = batch.map(() => ({ ok: false, error }));
      }
      batch.forEach((pending, i) => {
        const outcome = outcomes[i];
        if (outcome?.ok === true) pending.resolve(outcome.value);
        else pending.reject(outcome === undefined ? new Error('write was not run') : outcome.error);
      });
    }
    // What is left waits for the next macrotask, so a busy store never starves I/O callbacks.
    if (queue.length > 0) kick();
  };

  const kick = (): void => {
    if (isScheduled) return;
    isScheduled = true;
    schedule(() => {
      running = running.then(flush);
    });
  };

  return {
    run: <T>(work: (tx: Tx) => Promise<T>): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        kick();
      }),
    drain: async (): Promise<void> => {
      await running;
      while (queue.length > 0 || isScheduled) {
        await new Promise<void>((resolve) => {
          schedule(resolve);
        });
        await running;
      }
    },
  };
}
