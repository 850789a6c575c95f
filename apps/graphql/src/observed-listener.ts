import type { RequestListener } from 'node:http';
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

/** A listener that counts what is in flight (for metrics and the drain at shutdown). */
export type ObservedListener = RequestListener & {
  /** Requests received and not yet answered or aborted. */
  readonly inFlight: () => number;
};

/**
 * The outermost node:http listener: serves `/metrics`, counts and times every other request (cache hits
 * included: they never reach Yoga), and writes the access log. The per-request cost is two clock reads, a
 * few additions and one `close` listener.
 */
export function createObservedListener(options: ObservedListenerOptions): ObservedListener {
  const { next, metrics, accessLog } = options;
  let active = 0;
  metrics.observeInFlight(() => active);
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
    const startedAt = performance.now();
    active++;
    let requestId: string | undefined;
    if (accessLog !== undefined) {
      // The same id reaches Yoga (and its error log) through the header.
      requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER] as string | undefined);
      request.headers[REQUEST_ID_HEADER] = requestId;
    }
    response.once('close', () => {
      active--;
      const seconds = (performance.now() - startedAt) / 1000;
      metrics.http.answered(seconds);
      accessLog?.info(
        {
          requestId,
          method: request.method,
          url: request.url,
          status: response.statusCode,
          isComplete: response.writableFinished,
          ms: Math.round(seconds * 1e4) / 10,
        },
        'request',
      );
    });
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
