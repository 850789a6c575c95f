/**
 * Coalesces redraws of shared messages (a drill's scoreboard): at most one edit per key every `intervalMs`,
 * never one per click. A request while an edit is waiting or running only marks the message dirty; the next
 * edit renders the state as it is then. Time is real time: Discord's (and the double's) rate-limit windows are.
 */
export interface EditCoalescer {
  /** Asks for `key` to be redrawn by `edit` (the latest request's function runs). */
  request(key: string, edit: () => Promise<void>): void;
  /** Resolves when nothing is waiting or running. */
  idle(): Promise<void>;
  /** Edits done, per key (benchmarks print them). */
  readonly counts: ReadonlyMap<string, number>;
  /** Drops waiting edits (shutdown). */
  close(): void;
}

interface Slot {
  lastAt: number;
  pending: (() => Promise<void>) | undefined;
  timer: NodeJS.Timeout | undefined;
  running: Promise<void> | undefined;
}

/** Creates a coalescer; `onError` hears failed edits (they are not retried: the next redraw supersedes them). */
export function createEditCoalescer(
  options: {
    readonly intervalMs?: number;
    readonly now?: () => number;
    readonly onError?: (error: unknown, key: string) => void;
  } = {},
): EditCoalescer {
  const intervalMs = options.intervalMs ?? 2000;
  const now = options.now ?? (() => performance.now());
  const slots = new Map<string, Slot>();
  const counts = new Map<string, number>();
  let waiters: (() => void)[] = [];
  let isClosed = false;
  let requests = 0;

  const isBusy = (): boolean =>
    [...slots.values()].some(
      (s) => s.pending !== undefined || s.running !== undefined || s.timer !== undefined,
    );
  const wake = (): void => {
    if (isBusy()) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };

  const schedule = (key: string, slot: Slot): void => {
    if (isClosed || slot.timer !== undefined || slot.running !== undefined || slot.pending === undefined)
      return;
    const delay = Math.max(0, slot.lastAt + intervalMs - now());
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      const edit = slot.pending;
      slot.pending = undefined;
      if (edit === undefined || isClosed) {
        wake();
        return;
      }
      slot.lastAt = now();
      counts.set(key, (counts.get(key) ?? 0) + 1);
      slot.running = edit()
        .catch((error: unknown) => options.onError?.(error, key))
        .finally(() => {
          slot.running = undefined;
          schedule(key, slot);
          wake();
        });
    }, delay);
  };

  return {
    request(key, edit) {
      if (isClosed) return;
      // Forget messages not redrawn for a minute (ended drills), so a long-running bot keeps no garbage.
      if (++requests % 256 === 0) {
        for (const [other, idle] of slots) {
          const isIdle = idle.pending === undefined && idle.running === undefined && idle.timer === undefined;
          if (isIdle && now() - idle.lastAt > 60_000) {
            slots.delete(other);
            counts.delete(other);
          }
        }
      }
      let slot = slots.get(key);
      if (slot === undefined) {
        slot = { lastAt: -Infinity, pending: undefined, timer: undefined, running: undefined };
        slots.set(key, slot);
      }
      slot.pending = edit;
      schedule(key, slot);
    },
    idle: () =>
      isBusy()
        ? new Promise<void>((resolve) => {
            waiters.push(resolve);
          })
        : Promise.resolve(),
    counts,
    close() {
      isClosed = true;
      for (const slot of slots.values()) {
        if (slot.timer !== undefined) clearTimeout(slot.timer);
        slot.timer = undefined;
        slot.pending = undefined;
      }
      wake();
    },
  };
}
