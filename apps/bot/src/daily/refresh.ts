import type { Logger } from 'pino';

/** Redraws a question's public count, at most once per interval per question, never once per click. */
export interface CountRefresher {
  /** Asks for a redraw; clicks within the interval share one edit, made with the count read at edit time. */
  request(questionId: string): void;
  /** Resolves when no redraw is pending or running (tests, shutdown). */
  idle(): Promise<void>;
  /** Cancels pending redraws. */
  stop(): void;
}

/**
 * Coalesces redraws per question: the first request schedules one `redraw` `intervalMs` after the previous
 * one (at once when there was none lately); requests meanwhile join it. A redraw reads the count itself.
 */
export function createCountRefresher(options: {
  readonly redraw: (questionId: string) => Promise<void>;
  readonly intervalMs: number;
  readonly logger: Logger;
}): CountRefresher {
  const { redraw, intervalMs, logger } = options;
  const lastDrawn = new Map<string, number>();
  const pending = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let isStopped = false;

  const fire = (questionId: string): void => {
    pending.delete(questionId);
    lastDrawn.set(questionId, performance.now());
    const done = redraw(questionId)
      .catch((error: unknown) => {
        logger.warn({ err: error, questionId }, 'could not redraw the answer count');
      })
      .finally(() => running.delete(done));
    running.add(done);
  };

  return {
    request(questionId) {
      if (isStopped || pending.has(questionId)) return;
      const since = performance.now() - (lastDrawn.get(questionId) ?? -Infinity);
      const wait = Math.max(0, intervalMs - since);
      const timer = setTimeout(() => {
        fire(questionId);
      }, wait);
      timer.unref();
      pending.set(questionId, timer);
      // Forget questions not drawn for a while, so the map does not grow for ever.
      if (lastDrawn.size > 1000) {
        const cutoff = performance.now() - 10 * intervalMs;
        for (const [id, at] of lastDrawn) if (at < cutoff) lastDrawn.delete(id);
      }
    },
    async idle() {
      while (pending.size > 0 || running.size > 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop() {
      isStopped = true;
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    },
  };
}
