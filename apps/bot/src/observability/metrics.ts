import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type MetricObjectWithValues,
  type MetricValue,
} from 'prom-client';

/** Seconds: a reply takes tens of milliseconds; a deferred drill round, seconds. */
const HANDLER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LAG_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300];

/** How an interaction was handled: `unhandled` means no command knew it (stale or unknown). */
export type InteractionOutcome = 'ok' | 'error' | 'unhandled';

/** The kind of an interaction, as the router tells them apart. */
export type InteractionKind = 'command' | 'autocomplete' | 'component' | 'modal';

/** The `command` label of an interaction whose command is not one of this process's. */
export const UNKNOWN_COMMAND = '(unknown)';

/** Every metric of a bot process, in its own registry. */
export interface BotMetrics {
  readonly registry: Registry;
  /** Counts and times one handled interaction. `command` must be one of `commandNames` or it is `(unknown)`. */
  interaction(kind: InteractionKind, command: string, outcome: InteractionOutcome, seconds: number): void;
  /** Whether a gateway shard is connected (1) or not (0). */
  gateway(shard: number, isConnected: boolean): void;
  /** A job was claimed `lagSeconds` after it was due. */
  jobClaimed(kind: string, lagSeconds: number): void;
  /** A job was handed back unrun at shutdown. */
  jobReleased(kind: string): void;
  /** Discord answered 429 (discord.js REST `rateLimited`). */
  restRateLimited(scope: string, isGlobal: boolean): void;
  /** The Prometheus text of every metric, and its content type. */
  scrape(): Promise<{ readonly body: string; readonly contentType: string }>;
  /** Every metric as JSON, for a parent process to merge (prom-client's `AggregatorRegistry.aggregate`). */
  asJson(): Promise<MetricObjectWithValues<MetricValue<string>>[]>;
}

/** Creates a bot process's metrics (with Node's default process metrics, prefixed `portdeck_bot_`). */
export function createBotMetrics(commandNames: readonly string[]): BotMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'portdeck_bot_' });
  const known = new Set(commandNames);
  const interactions = new Counter({
    name: 'portdeck_bot_interactions_total',
    help: 'Interactions handled, by kind, command and outcome (ok, error, unhandled).',
    labelNames: ['kind', 'command', 'outcome'] as const,
    registers: [registry],
  });
  const handlerSeconds = new Histogram({
    name: 'portdeck_bot_interaction_duration_seconds',
    help: 'Time from receiving an interaction to its handler finishing, by kind and command.',
    labelNames: ['kind', 'command'] as const,
    buckets: HANDLER_BUCKETS,
    registers: [registry],
  });
  const gateway = new Gauge({
    name: 'portdeck_bot_gateway_connected',
    help: 'Whether each gateway shard of this process is connected (1) or not (0).',
    labelNames: ['shard'] as const,
    registers: [registry],
  });
  const claimed = new Counter({
    name: 'portdeck_bot_scheduler_jobs_claimed_total',
    help: 'Scheduled jobs this process claimed, by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'portdeck_bot_scheduler_lag_seconds',
    help: 'How late a scheduled job was claimed after it became due, by kind.',
    labelNames: ['kind'] as const,
    buckets: LAG_BUCKETS,
    registers: [registry],
  });
  const released = new Counter({
    name: 'portdeck_bot_scheduler_jobs_released_total',
    help: 'Claimed jobs handed back unrun at shutdown (due again at once for another process).',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'portdeck_bot_rest_rate_limited_total',
    help: 'Discord REST rate limits hit (429s), by scope (user, shared, global) and whether global.',
    labelNames: ['scope', 'global'] as const,
    registers: [registry],
  });
  return {
    registry,
    interaction(kind, command, outcome, seconds) {
      const label = known.has(command) ? command : UNKNOWN_COMMAND;
      interactions.labels(kind, label, outcome).inc();
      handlerSeconds.labels(kind, label).observe(seconds);
    },
    gateway: (shard, isConnected) => {
      gateway.labels(String(shard)).set(isConnected ? 1 : 0);
    },
    jobClaimed(kind, lagSeconds) {
      claimed.labels(kind).inc();
      lag.labels(kind).observe(Math.max(0, lagSeconds));
    },
    jobReleased: (kind) => {
      released.labels(kind).inc();
    },
    restRateLimited: (scope, isGlobal) => {
      rateLimited.labels(scope, String(isGlobal)).inc();
    },
    async scrape() {
      return { body: await registry.metrics(), contentType: registry.contentType };
    },
    asJson: () => registry.getMetricsAsJSON(),
  };
}
