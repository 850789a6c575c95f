import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AccessMetrics } from './guild-access.ts';

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
  /** The HTTP layer's metrics (see `observed-listener.ts`). */
  readonly http: {
    readonly inFlight: Gauge;
    readonly duration: Histogram;
    readonly cacheHit: () => void;
    readonly cacheMiss: () => void;
    /** A response-cache miss answered by the template lane (counted in the operation metrics too). */
    readonly cacheTemplate: () => void;
  };
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
  const operations = new Counter({
    name: 'portdeck_graphql_operations_total',
    help: 'GraphQL requests that reached Yoga or the template lane, by operation name and outcome (ok or the first error code).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const operationDuration = new Histogram({
    name: 'portdeck_graphql_operation_duration_seconds',
    help: 'Time from parsed parameters to a processed result, by operation name.',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'portdeck_graphql_http_requests_in_flight',
    help: 'HTTP requests received and not yet answered.',
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'portdeck_graphql_http_request_duration_seconds',
    help: 'HTTP request latency (every path but /metrics), from arrival to the end of the response.',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const cache = new Counter({
    name: 'portdeck_graphql_response_cache_total',
    help: 'GraphQL requests the HTTP response cache looked up, by result (hit: a replayed answer; template: a compiled query run with new variables; miss: Yoga).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const hits = cache.labels('hit');
  const misses = cache.labels('miss');
  const templated = cache.labels('template');
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
    const outcomes = new Map<Outcome, Counter.Internal>();
    const latency = operationDuration.labels(label);
    return {
      record(outcome, seconds) {
        let counter = outcomes.get(outcome);
        if (counter === undefined) {
          counter = operations.labels(label, outcome);
          outcomes.set(outcome, counter);
        }
        counter.inc();
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
      inFlight,
      duration,
      cacheHit: () => {
        hits.inc();
      },
      cacheMiss: () => {
        misses.inc();
      },
      cacheTemplate: () => {
        templated.inc();
      },
    },
    observeGuildAccess(access) {
      accessSources.push(access);
    },
    async scrape() {
      return { body: await registry.metrics(), contentType: registry.contentType };
    },
  };
}
