import type { RequestListener, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ApiMetrics } from './metrics.ts';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id.ts';
import { withDashboard } from './dashboard.ts';
import { createCachingListener } from './response-cache.ts';
import { GRAPHQL_ENDPOINT, MAX_REQUEST_BODY_BYTES, queryTemplatesOf, type Api } from './yoga.ts';

/** Where Prometheus scrapes the API. */
export const METRICS_PATH = '/metrics';

/** What {@link createObservedListener} wraps. */
export interface ObservedListenerOptions {
  readonly next: RequestListener;
  readonly metrics: ApiMetrics;
  /** One line per answered request when set (`PORTDECK_ACCESS_LOG`). */
  readonly accessLog?: Logger | undefined;
}

const STARTED_AT = Symbol('startedAt');

/** A response with the time its request arrived (`performance.now()`). */
type ObservedResponse = ServerResponse & { [STARTED_AT]: number };

/** A listener that counts what is in flight (for metrics and the drain at shutdown). */
export type ObservedListener = RequestListener & {
  /** Requests received and not yet answered or aborted. */
  readonly inFlight: () => number;
};

/**
 * The outermost node:http listener: serves `/metrics`, counts and times every other request (cache hits
 * included: they never reach Yoga), and writes the access log. The per-request cost is two clock reads, a
 * few additions and one shared `close` listener.
 */
export function createObservedListener(options: ObservedListenerOptions): ObservedListener {
  const { next, metrics, accessLog } = options;
  let active = 0;
  metrics.observeInFlight(() => active);
  // One handler for every response, its start kept on the response: `once` with a closure per request
  // (a wrapper and two listener-table changes) cost more than the rest of a cached answer's bookkeeping.
  function onClose(this: ObservedResponse): void {
    active--;
    const seconds = (performance.now() - this[STARTED_AT]) / 1000;
    metrics.http.answered(seconds);
    accessLog?.info(
      {
        requestId: this.req.headers[REQUEST_ID_HEADER],
        method: this.req.method,
        url: this.req.url,
        status: this.statusCode,
        isComplete: this.writableFinished,
        ms: Math.round(seconds * 1e4) / 10,
      },
      'request',
    );
  }
  const listener: RequestListener = (request, response) => {
    if (request.url === METRICS_PATH && request.method === 'GET') {
      metrics.scrape().then(
        ({ body, contentType }) => {
          response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
        },
        (error: unknown) => {
          response.destroy(error instanceof Error ? error : new Error(String(error)));
        },
      );
      return;
    }
    (response as ObservedResponse)[STARTED_AT] = performance.now();
    active++;
    if (accessLog !== undefined) {
      // The same id reaches Yoga (and its error log) through the header.
      request.headers[REQUEST_ID_HEADER] = requestIdFrom(
        request.headers[REQUEST_ID_HEADER] as string | undefined,
      );
    }
    response.on('close', onClose);
    next(request, response);
  };
  return Object.assign(listener, { inFlight: () => active });
}

/** The API's whole node:http listener: observation, then the dashboard's files (when given), the response
 * cache, then Yoga. */
export function createApiListener(
  api: Api,
  options: {
    readonly metrics: ApiMetrics;
    readonly accessLog?: Logger | undefined;
    /** The built dashboard, served at /dashboard. */
    readonly dashboardDir?: string;
  },
): ObservedListener {
  const graphql = createCachingListener(api, {
    endpoint: GRAPHQL_ENDPOINT,
    maxRequestBytes: MAX_REQUEST_BODY_BYTES,
    onHit: options.metrics.http.cacheHit,
    onMiss: options.metrics.http.cacheMiss,
    onTemplate: options.metrics.http.cacheTemplate,
    templates: queryTemplatesOf(api),
  });
  return createObservedListener({
    metrics: options.metrics,
    accessLog: options.accessLog,
    next:
      options.dashboardDir === undefined ? graphql : withDashboard({ dir: options.dashboardDir }, graphql),
  });
}
