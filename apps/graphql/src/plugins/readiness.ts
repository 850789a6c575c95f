import type { Plugin } from 'graphql-yoga';

/**
 * `/ready`: 200 once the server can answer, 503 before (and while shutting down). Yoga's own readiness
 * plugin tests every request against a URLPattern polyfill, a measurable cost on the hot path; an exact
 * path comparison does the same job here.
 */
export function useReadiness(options: {
  readonly endpoint: string;
  readonly isReady: () => boolean;
}): Plugin {
  return {
    onRequest(payload) {
      if (payload.url.pathname !== options.endpoint) return;
      const isReady = options.isReady();
      payload.endResponse(
        new payload.fetchAPI.Response(isReady ? 'ready' : 'not ready', {
          status: isReady ? 200 : 503,
          headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
