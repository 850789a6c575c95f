// What every store benchmark measures and prints.
import { performance } from 'node:perf_hooks';

export interface Figures {
  readonly count: number;
  /** Operations completed per second of the phase (for open loop: until the last one completed). */
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /**
   * Process CPU (user + system) per operation, ms: less sensitive to a busy machine than latency. Undefined
   * for open loop, where the scheduler's spinning is in it.
   */
  readonly cpuPerOp: number | undefined;
}

export function figures(latencies: number[], totalMs: number, cpu: NodeJS.CpuUsage | undefined): Figures {
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    count: sorted.length,
    perSecond: (sorted.length / totalMs) * 1000,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.at(-1) ?? 0,
    cpuPerOp: cpu === undefined ? undefined : (cpu.user + cpu.system) / 1000 / Math.max(1, sorted.length),
  };
}

/**
 * Closed loop: `concurrency` workers, each awaiting its own operation before starting the next (users who
 * click again the instant the bot answers, never thinking), until `maxOps` or `ms`. With many workers
 * this measures queueing: p99 ~ workers / throughput (Little's law), not the cost of one operation.
 */
export async function runClosedLoop(
  limits: { readonly concurrency: number; readonly ms: number; readonly maxOps: number },
  op: (worker: number) => Promise<void>,
): Promise<Figures> {
  const { concurrency, ms: phaseMs, maxOps } = limits;
  const latencies: number[] = [];
  const start = performance.now();
  const cpu = process.cpuUsage();
  let issued = 0;
  const worker = async (w: number): Promise<void> => {
    while (issued < maxOps && performance.now() - start < phaseMs) {
      issued += 1;
      const before = performance.now();
      await op(w);
      latencies.push(performance.now() - before);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return figures(latencies, performance.now() - start, process.cpuUsage(cpu));
}

/**
 * Open loop: click i is due at start + i / rate, from user i % users, whatever the store is doing. A user
 * whose previous click is still running clicks after it (a Discord user cannot click twice on one step).
 * Latency runs from the click's scheduled time, so a stalled store is charged for every click it delayed
 * (no coordinated omission). The scheduler spins on setImmediate while a click is less than 1 ms away.
 */
export async function runOpenLoop(
  limits: { readonly rate: number; readonly ms: number; readonly users: number },
  op: (user: number) => Promise<void>,
): Promise<Figures> {
  const { rate, ms: openMs, users } = limits;
  const latencies: number[] = [];
  const total = Math.round((rate * openMs) / 1000);
  const chains: Promise<void>[] = Array.from({ length: users }, () => Promise.resolve());
  const start = performance.now();
  let issued = 0;
  let failure: unknown;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (issued < total && start + (issued * 1000) / rate <= now) {
        const scheduled = start + (issued * 1000) / rate;
        const user = issued % users;
        chains[user] = chains[user]!.then(() => op(user)).then(
          () => {
            latencies.push(performance.now() - scheduled);
          },
          (error: unknown) => {
            failure ??= error;
          },
        );
        issued += 1;
      }
      if (issued >= total) {
        resolve();
        return;
      }
      const wait = start + (issued * 1000) / rate - performance.now();
      if (wait > 1) setTimeout(tick, wait - 1);
      else setImmediate(tick);
    };
    tick();
  });
  await Promise.all(chains);
  if (failure !== undefined) throw new Error('a click failed', { cause: failure });
  return figures(latencies, performance.now() - start, undefined);
}

/** One phase's figures on one line. */
export function show(label: string, f: Figures, extra = ''): string {
  return `${label.padEnd(40)} ${f.count.toString().padStart(6)} ${f.perSecond.toFixed(0).padStart(7)}/s  p50 ${f.p50.toFixed(3).padStart(7)}  p99 ${f.p99.toFixed(3).padStart(7)}  max ${f.max.toFixed(1).padStart(6)}  cpu/op ${f.cpuPerOp?.toFixed(3) ?? '  -  '}${extra}`;
}
