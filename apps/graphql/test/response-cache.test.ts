import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCachingListener, type CachingListener } from '../src/response-cache.ts';
import { GRAPHQL_ENDPOINT, MAX_REQUEST_BODY_BYTES } from '../src/yoga.ts';
import { api } from './helpers.ts';

const ORIGIN = 'https://dash.example';
// Headers that legitimately differ between any two answers.
const VOLATILE = new Set(['date', 'connection', 'keep-alive']);

async function serve(listener: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function snapshot(url: string, init: RequestInit) {
  const response = await fetch(url, init);
  const headers = [...response.headers].filter(([name]) => !VOLATILE.has(name)).sort();
  return { status: response.status, headers, body: await response.text() };
}

const post = (query: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
  body: JSON.stringify({ query }),
});

describe('the whole-response cache in front of Yoga', () => {
  const target = api({ corsOrigins: [ORIGIN] });
  let caching: CachingListener;
  let plain: { url: string; server: Server };
  let cached: { url: string; server: Server };

  beforeAll(async () => {
    caching = createCachingListener(target, {
      endpoint: GRAPHQL_ENDPOINT,
      maxRequestBytes: MAX_REQUEST_BODY_BYTES,
    });
    plain = await serve((request, response) => {
      target.requestListener(request, response);
    });
    cached = await serve(caching);
  });

  afterAll(() => {
    for (const { server } of [plain, cached]) {
      server.closeAllConnections();
      server.close();
    }
  });

  const getUrl = `${GRAPHQL_ENDPOINT}?query=${encodeURIComponent('{ port(number: 443) { number class } }')}`;
  const requests: [string, string, RequestInit][] = [
    ['a POST query', GRAPHQL_ENDPOINT, post('{ port(number: 3389) { number assignments { serviceName } } }')],
    [
      'a POST from an allowed origin',
      GRAPHQL_ENDPOINT,
      post('{ ranges { class first last } }', { origin: ORIGIN }),
    ],
    [
      'a POST from another origin',
      GRAPHQL_ENDPOINT,
      post('{ ranges { class first last } }', { origin: 'https://evil.example' }),
    ],
    ['a GET query', getUrl, { headers: { accept: 'application/json' } }],
    ['a bad port (error answer)', GRAPHQL_ENDPOINT, post('{ port(number: 70000) { number } }')],
    ['a syntax error', GRAPHQL_ENDPOINT, post('{ port(number: ')],
    [
      'malformed JSON',
      GRAPHQL_ENDPOINT,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' },
    ],
    [
      'a body over the limit',
      GRAPHQL_ENDPOINT,
      post(`{ ranges { class first last } } #${'x'.repeat(MAX_REQUEST_BODY_BYTES)}`),
    ],
    [
      'a CORS preflight',
      GRAPHQL_ENDPOINT,
      { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } },
    ],
    ['the health check', '/health', {}],
  ];

  it.each(requests)('answers %s exactly as Yoga does, first and second time', async (name, path, init) => {
    const expected = await snapshot(`${plain.url}${path}`, init);
    if (name.startsWith('a POST') || name.startsWith('a GET')) {
      expect(expected.status).toBe(200);
      expect(expected.body).not.toContain('"errors"');
    }
    expect(await snapshot(`${cached.url}${path}`, init)).toEqual(expected);
    expect(await snapshot(`${cached.url}${path}`, init)).toEqual(expected);
  });

  it('answers If-None-Match with the same 304 as Yoga, from the cache the second time', async () => {
    const first = await fetch(`${plain.url}${getUrl}`, { headers: { accept: 'application/json' } });
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const init = { headers: { accept: 'application/json', 'if-none-match': etag } };
    const expected = await snapshot(`${plain.url}${getUrl}`, init);
    expect(expected.status).toBe(304);
    expect(await snapshot(`${cached.url}${getUrl}`, init)).toEqual(expected);
    const before = caching.stats().hits;
    expect(await snapshot(`${cached.url}${getUrl}`, init)).toEqual(expected);
    expect(caching.stats().hits).toBe(before + 1);
  });

  it('keeps successful answers only: errors are recomputed every time', async () => {
    const init = post('{ port(number: 99999) { number } }');
    const before = caching.stats();
    await snapshot(`${cached.url}${GRAPHQL_ENDPOINT}`, init);
    await snapshot(`${cached.url}${GRAPHQL_ENDPOINT}`, init);
    const after = caching.stats();
    expect(after.misses - before.misses).toBe(2);
    expect(after.entries).toBe(before.entries);
  });

  it('serves a repeat of a successful query from memory', async () => {
    const init = post('{ classify(port: 51514) { class rfcName } }');
    await snapshot(`${cached.url}${GRAPHQL_ENDPOINT}`, init);
    const before = caching.stats();
    await snapshot(`${cached.url}${GRAPHQL_ENDPOINT}`, init);
    expect(caching.stats().hits).toBe(before.hits + 1);
    expect(caching.stats().entries).toBe(before.entries);
  });
});
