import type { Store } from '@portdeck/store';
import type { Logger } from 'pino';

/** What {@link watchDatabase} checks, and how often. */
export interface DatabaseHealthOptions {
  /** The store once connected; undefined before (the check then reports not ready without asking). */
  readonly store: () => Store | undefined;
  readonly intervalMs: number;
  /** A ping slower than this counts as an outage (a dropped network answers nothing at all). */
  readonly timeoutMs: number;
  readonly logger: Logger;
}

/** Whether the database answered its last check; the answer `/ready` and the statistics fields use. */
export interface DatabaseHealth {
  isReady(): boolean;
  stop(): void;
}

/**
 * Pings the store every `intervalMs` (one ping at a time), so an outage after the first connect shows in
 * `/ready` and statistics fail fast instead of waiting on a dead connection. Logs each change once.
 */
export function watchDatabase(options: DatabaseHealthOptions): DatabaseHealth {
  const { logger, timeoutMs } = options;
  let hasAnswered = true;
  let isChecking = false;
  const check = async (store: Store): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      await Promise.race([store.ping(), timeout]);
      if (!hasAnswered) logger.info('database reachable again');
      hasAnswered = true;
    } catch (error) {
      if (hasAnswered) logger.warn({ err: error }, 'database unreachable');
      hasAnswered = false;
    } finally {
      clearTimeout(timer);
    }
  };
  const interval = setInterval(() => {
    const store = options.store();
    if (store === undefined || isChecking) return;
    isChecking = true;
    void check(store).finally(() => {
      isChecking = false;
    });
  }, options.intervalMs);
  interval.unref();
  return {
    isReady: () => options.store() !== undefined && hasAnswered,
    stop: () => {
      clearInterval(interval);
    },
  };
}
