import { readFile } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';

/** Where the dashboard is served. */
export const DASHBOARD_PATH = '/dashboard';

const ASSET_TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
  json: 'application/json',
  map: 'application/json',
};

// Vite's hashed file names: letters, digits, dash, underscore and dots, never a path separator or "..".
const ASSET_NAME = /^[\w-]+(?:\.[\w-]+)*$/;

// The page talks only to this origin; inline scripts and styles are never needed.
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;
const PAGE_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Whether a request path belongs to the dashboard (checked before anything else, so it costs one comparison). */
export function isDashboardUrl(url: string): boolean {
  return (
    url.startsWith(DASHBOARD_PATH) &&
    (url.length === DASHBOARD_PATH.length ||
      url[DASHBOARD_PATH.length] === '/' ||
      url[DASHBOARD_PATH.length] === '?')
  );
}

function notBuilt(dir: string): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>portdeck dashboard not built</title>
<body style="font-family:system-ui;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>The dashboard is not built yet</h1>
<p>Build it once, then reload this page:</p>
<pre>pnpm --filter @portdeck/web build</pre>
<p>(<code>pnpm start</code> from the repository root builds it before starting the API.)
This API looks for it in <code>${dir.replace(/[<>&]/g, '')}</code> (<code>PORTDECK_WEB_DIR</code>).</p>
<p>The GraphQL API itself is at <a href="/graphql">/graphql</a>.</p></body></html>`;
}

function reply(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: Buffer | string,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  response.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'content-length': String(bytes.length) });
  response.end(request.method === 'HEAD' ? undefined : bytes);
}

const isMissing = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'EISDIR');

/**
 * Serves the built dashboard (apps/web's `dist`) under /dashboard: the page with `no-cache` (it names the
 * current assets) and the hashed assets under /dashboard/assets/ for a year, immutable. Only those two kinds of
 * path are served, asset names are matched against a strict pattern (no separators, no ".."), and files are read
 * on each request so a rebuild shows without a restart. Without a build, the page says how to make one.
 */
export function createDashboard(options: { readonly dir: string }): RequestListener {
  const { dir } = options;
  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '').split('?', 1)[0] ?? '';
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      reply(
        request,
        response,
        405,
        { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
        'Method not allowed\n',
      );
      return;
    }
    if (path === DASHBOARD_PATH) {
      const query = request.url?.slice(path.length) ?? '';
      reply(
        request,
        response,
        308,
        { location: `${DASHBOARD_PATH}/${query}`, 'content-type': 'text/plain' },
        '',
      );
      return;
    }
    if (path === `${DASHBOARD_PATH}/` || path === `${DASHBOARD_PATH}/index.html`) {
      try {
        const page = await readFile(join(dir, 'index.html'));
        reply(
          request,
          response,
          200,
          {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-cache',
            'content-security-policy': PAGE_POLICY,
          },
          page,
        );
      } catch (error) {
        if (!isMissing(error)) throw error;
        reply(
          request,
          response,
          503,
          { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
          notBuilt(dir),
        );
      }
      return;
    }
    const assetPrefix = `${DASHBOARD_PATH}/assets/`;
    const name = path.startsWith(assetPrefix) ? path.slice(assetPrefix.length) : '';
    const type = ASSET_TYPES[name.slice(name.lastIndexOf('.') + 1)];
    if (ASSET_NAME.test(name) && type !== undefined) {
      try {
        const bytes = await readFile(join(dir, 'assets', name));
        reply(
          request,
          response,
          200,
          { 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable' },
          bytes,
        );
        return;
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    reply(
      request,
      response,
      404,
      { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      'Not found\n',
    );
  };
  return (request, response) => {
    serve(request, response).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  };
}

/**
 * Puts the dashboard in front of another listener (the response cache): dashboard paths are answered here,
 * everything else goes on untouched, so the GraphQL fast path only pays one prefix test.
 */
export function withDashboard(options: { readonly dir: string }, next: RequestListener): RequestListener {
  const dashboard = createDashboard(options);
  return (request, response) => {
    if (isDashboardUrl(request.url ?? '')) dashboard(request, response);
    else next(request, response);
  };
}
