import type { Plugin } from 'graphql-yoga';

/**
 * `/ready`: says which part is ready (`registry`, `database`). 200 once the server can answer, 503 before (and while shutting down). Yoga's own readiness
 * plugin tests every request against a URLPattern polyfill, a measurable cost on the hot path; an exact
 * path comparison does the same job here.
 */
export function useReadiness(options: {
  readonly endpoint: string;
  readonly isReady: () => boolean;
  /** The database is a part of its own: while it is down the API still serves the registry (200). */
  readonly isDatabaseReady?: () => boolean;
}): Plugin {
  return {
    onRequest(payload) {
      if (payload.url.pathname !== options.endpoint) return;
      const isReady = options.isReady();
      const database = options.isDatabaseReady?.() ?? true;
      const body = `${isReady ? 'ready' : 'not ready'}\nregistry: ${isReady ? 'ready' : 'not ready'}\ndatabase: ${database ? 'ready' : 'not ready'}`;
      payload.endResponse(
        new payload.fetchAPI.Response(body, {
          status: isReady ? 200 : 503,
          headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
