import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

/** How long a dashboard may reuse a GET answer without asking again (seconds). */
export const MAX_AGE_SECONDS = 60;
// ETags handed out; a repeat with one of them is answered 304 before any GraphQL work.
const ISSUED_LIMIT = 10_000;

/** The weak-free, strong ETag of a GET request: registry version plus what the response depends on. */
export function etagFor(registryVersion: string, url: URL, accept: string | null): string {
  const hash = createHash('sha1')
    .update(url.search)
    .update('\n')
    .update(accept ?? '')
    .digest('base64url');
  return `"${registryVersion}-${hash.slice(0, 22)}"`;
}

/** Whether an If-None-Match header lists the ETag (or `*`); weak comparison, as RFC 9110 asks for GET. */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((item) => {
    const tag = item.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/**
 * Caching for GET: every answer is fixed for a registry version, so successful GET responses get
 * `Cache-Control`, `Vary` and an ETag, and a repeat with `If-None-Match` gets 304 Not Modified.
 * POST and responses with errors are left uncacheable.
 */
export function useRegistryEtag(options: {
  readonly registryVersion: string;
  readonly endpoint: string;
  /** Requests that asked for per-server data: `private, no-store`, no ETag, never a 304. */
  readonly isPrivate?: (request: Request) => boolean;
}): Plugin {
  const issued = new Set<string>();
  const successful = new WeakSet<Request>();
  const setCacheHeaders = (headers: Headers, etag: string): void => {
    headers.set('etag', etag);
    headers.set('cache-control', `public, max-age=${MAX_AGE_SECONDS}`);
    const vary = new Set(
      (headers.get('vary') ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    );
    // The body's content type follows Accept and CORS headers follow Origin.
    vary.add('Accept');
    vary.add('Origin');
    headers.set('vary', [...vary].join(', '));
  };
  const notModified = (fetchAPI: { Response: typeof Response }, etag: string, from?: Headers): Response => {
    const response = new fetchAPI.Response(null, { status: 304 });
    for (const [name, value] of from ?? []) {
      if (name.startsWith('access-control-') || name === 'vary') response.headers.set(name, value);
    }
    setCacheHeaders(response.headers, etag);
    return response;
  };
  const tagOf = (request: Request, url: URL): string | undefined =>
    request.method === 'GET' && url.pathname === options.endpoint && url.searchParams.has('query')
      ? etagFor(options.registryVersion, url, request.headers.get('accept'))
      : undefined;

  return {
    onRequest(payload) {
      const { request, url, fetchAPI } = payload;
      const header = request.headers.get('if-none-match');
      if (!header) return;
      const etag = tagOf(request, url);
      if (etag && issued.has(etag) && matchesIfNoneMatch(header, etag)) {
        payload.endResponse(notModified(fetchAPI, etag));
      }
    },
    onResultProcess({ request, result }) {
      if (request.method !== 'GET' || Array.isArray(result) || Symbol.asyncIterator in result) return;
      if (!result.errors?.length) successful.add(request);
    },
    onResponse(payload) {
      const { request, response, fetchAPI } = payload;
      if (options.isPrivate?.(request) === true) {
        response.headers.delete('etag');
        response.headers.set('cache-control', 'private, no-store');
        return;
      }
      if (response.status !== 200 || !successful.has(request)) return;
      const url = new URL(request.url);
      const etag = tagOf(request, url);
      if (!etag) return;
      const contentType = response.headers.get('content-type') ?? '';
      if (!contentType.includes('json')) return;
      if (issued.size >= ISSUED_LIMIT) issued.clear();
      issued.add(etag);
      if (matchesIfNoneMatch(request.headers.get('if-none-match'), etag)) {
        payload.setResponse(notModified(fetchAPI, etag, response.headers));
        return;
      }
      setCacheHeaders(response.headers, etag);
    },
  };
}
