import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { AccessMetrics } from './guild-access.ts';
import { createLatencyHistogram } from './latency-histogram.ts';

/** Latency buckets in seconds: most answers take well under a millisecond, statistics a few. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Client-chosen operation names beyond this many share one label, so a client cannot grow the series. */
export const MAX_OPERATION_NAMES = 100;
/** The `operation` label of a request without an operation name. */
export const ANONYMOUS_OPERATION = '(anonymous)';
/** The `operation` label once {@link MAX_OPERATION_NAMES} names are in use, or for a name GraphQL forbids. */
export const OTHER_OPERATION = '(other)';

const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
const ERROR_CODE = /^[A-Z][A-Z_]{0,63}$/;

/** The `outcome` label: `ok`, or the first error's `extensions.code` (masked faults are `INTERNAL_SERVER_ERROR`). */
export type Outcome = string;

/** One operation name's series, resolved once: recording is a map lookup, an increment and an observation. */
export interface OperationSeries {
  /** Counts one request; `seconds` is observed when known. */
  record(outcome: Outcome, seconds?: number): void;
}

/** Every metric of the API, in one registry (not prom-client's global one, so tests can build several). */
export interface ApiMetrics {
  readonly registry: Registry;
  /** The series of an operation name (as the client sent it; bounded, see {@link MAX_OPERATION_NAMES}). */
  operation(name: unknown): OperationSeries;
  /** The HTTP layer's metrics (see `observed-listener.ts`); plain arithmetic, read at scrape time. */
  readonly http: {
    /** Observes one answered or aborted request (every path but /metrics). */
    readonly answered: (seconds: number) => void;
    readonly cacheHit: () => void;
    readonly cacheMiss: () => void;
    /** A response-cache miss answered by the template lane (counted in the operation metrics too). */
    readonly cacheTemplate: () => void;
  };
  /** Exposes the number of HTTP requests in flight (read at scrape time). */
  observeInFlight(count: () => number): void;
  /** Exposes the per-server access counters (read at scrape time, no work on the request path). */
  observeGuildAccess(access: Readonly<AccessMetrics>): void;
  /** The Prometheus text of every metric, and its content type. */
  scrape(): Promise<{ readonly body: string; readonly contentType: string }>;
}

const ACCESS_OUTCOMES = {
  allowed: 'allowed',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  rateLimited: 'rate_limited',
  unavailable: 'unavailable',
} as const satisfies Record<keyof AccessMetrics, string>;

/** The outcome label of an error code: the code when it looks like one, else `UNKNOWN`. */
export function outcomeOfCode(code: unknown): Outcome {
  return typeof code === 'string' && ERROR_CODE.test(code) ? code : 'UNKNOWN';
}

/** Creates the API's metrics, with Node's default process metrics (prefixed `portdeck_graphql_`). */
export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'portdeck_graphql_' });
  // Requests only add to plain numbers; prom-client reads them when scraped (its own per-call work, label
  // validation and hashing, was a tenth of a cached answer's CPU).
  const operationCounts = new Map<string, Map<Outcome, number>>();
  new Counter({
    name: 'portdeck_graphql_operations_total',
    help: 'GraphQL requests that reached Yoga or the template lane, by operation name and outcome (ok or the first error code).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [operation, outcomes] of operationCounts) {
        for (const [outcome, count] of outcomes) this.inc({ operation, outcome }, count);
      }
    },
  });
  const operationDuration = createLatencyHistogram({
    name: 'portdeck_graphql_operation_duration_seconds',
    help: 'Time from parsed parameters to a processed result, by operation name.',
    buckets: LATENCY_BUCKETS,
    registry,
  });
  const inFlightSources: (() => number)[] = [];
  new Gauge({
    name: 'portdeck_graphql_http_requests_in_flight',
    help: 'HTTP requests received and not yet answered.',
    registers: [registry],
    collect() {
      this.set(inFlightSources.reduce((total, count) => total + count(), 0));
    },
  });
  const duration = createLatencyHistogram({
    name: 'portdeck_graphql_http_request_duration_seconds',
    help: 'HTTP request latency (every path but /metrics), from arrival to the end of the response.',
    buckets: LATENCY_BUCKETS,
    registry,
  }).series();
  const lookups = { hit: 0, template: 0, miss: 0 };
  new Counter({
    name: 'portdeck_graphql_response_cache_total',
    help: 'GraphQL requests the HTTP response cache looked up, by result (hit: a replayed answer; template: a compiled query run with new variables; miss: Yoga).',
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      this.reset();
      // A result appears once it has happened, as prom-client shows a labelled counter.
      for (const [result, count] of Object.entries(lookups)) if (count > 0) this.inc({ result }, count);
    },
  });
  const accessSources: Readonly<AccessMetrics>[] = [];
  new Counter({
    name: 'portdeck_graphql_guild_access_total',
    help: 'Requests for per-server statistics, by outcome (counted once per HTTP request).',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [key, label] of Object.entries(ACCESS_OUTCOMES)) {
        let total = 0;
        for (const source of accessSources) total += source[key as keyof AccessMetrics];
        this.inc({ outcome: label }, total);
      }
    },
  });

  const series = new Map<string, OperationSeries>();
  let other: OperationSeries | undefined;
  const seriesOf = (label: string): OperationSeries => {
    const outcomes = new Map<Outcome, number>();
    operationCounts.set(label, outcomes);
    const latency = operationDuration.series({ operation: label });
    return {
      record(outcome, seconds) {
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (seconds !== undefined) latency.observe(seconds);
      },
    };
  };

  return {
    registry,
    operation(name) {
      const key = typeof name === 'string' && name !== '' ? name : ANONYMOUS_OPERATION;
      const known = series.get(key);
      if (known !== undefined) return known;
      const isAllowed =
        (key === ANONYMOUS_OPERATION || OPERATION_NAME.test(key)) && series.size < MAX_OPERATION_NAMES;
      if (!isAllowed) {
        other ??= seriesOf(OTHER_OPERATION);
        return other;
      }
      const created = seriesOf(key);
      series.set(key, created);
      return created;
    },
    http: {
      answered: (seconds) => {
        duration.observe(seconds);
      },
      cacheHit: () => {
        lookups.hit++;
      },
      cacheMiss: () => {
        lookups.miss++;
      },
      cacheTemplate: () => {
        lookups.template++;
      },
    },
    observeInFlight(count) {
      inFlightSources.push(count);
    },
    observeGuildAccess(access) {
      accessSources.push(access);
    },
    async scrape() {
      return { body: await registry.metrics(), contentType: registry.contentType };
    },
  };
}
