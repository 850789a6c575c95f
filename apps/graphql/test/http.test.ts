import { createClient, serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BODY_BYTES } from '../src/yoga.ts';
import { api, listen, registry } from './helpers.ts';

const ORIGIN = 'https://dash.example';
const QUERY = '{ port(number: 3389) { number class assignments { serviceName transport } } }';

let ready = true;
let production: { url: string; close: () => Promise<void> };
let development: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  production = await listen(api({ corsOrigins: [ORIGIN], isReady: () => ready }));
  development = await listen(api({ mode: 'development', graphiql: true }));
});

afterAll(async () => {
  await production.close();
  await development.close();
});

const endpoint = (): string => `${production.url}/graphql`;
const getUrl = (query: string, variables?: Record<string, unknown>): string =>
  `${endpoint()}?${new URLSearchParams({ query, ...(variables ? { variables: JSON.stringify(variables) } : {}) })}`;
const JSON_ACCEPT = { accept: 'application/graphql-response+json, application/json' };

describe('GraphQL over HTTP audit (graphql-http)', () => {
  // Warnings are SHOULD-level advice; these are accepted on purpose, anything else fails the test.
  const ACCEPTED_WARNINGS = new Set<string>([]);

  it('passes every MUST and has no unexpected warnings', async () => {
    const results = await Promise.all(
      serverAudits({ url: endpoint(), fetchFn: fetch }).map(async (audit) => ({
        ...(await audit.fn()),
        name: audit.name,
      })),
    );
    expect(results.length).toBeGreaterThan(20);
    const failures = results
      .filter((r) => r.status === 'error')
      .map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(failures).toEqual([]);
    const warnings = results
      .filter((r) => r.status === 'warn' && !ACCEPTED_WARNINGS.has(r.name))
      .map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(warnings).toEqual([]);
  });

  it('answers a real GraphQL client', async () => {
    const client = createClient({ url: endpoint(), fetchFn: fetch });
    const result = await new Promise<unknown>((resolve, reject) => {
      let value: unknown;
      client.subscribe(
        { query: 'query ($n: Int!) { classify(port: $n) { class } }', variables: { n: 22 } },
        {
          next: (data) => {
            value = data;
          },
          error: reject,
          complete: () => {
            resolve(value);
          },
        },
      );
    });
    expect(result).toEqual({ data: { classify: { class: 'SYSTEM' } } });
  });

  it('rejects a malformed query and malformed JSON with 400 and a code', async () => {
    const parse = await fetch(endpoint(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...JSON_ACCEPT },
      body: JSON.stringify({ query: '{ port(number: ' }),
    });
    expect(parse.status).toBe(400);
    const parsed = (await parse.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(parsed.errors[0]?.message).toMatch(/^Syntax Error/);
    expect(parsed.errors[0]?.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const json = await fetch(endpoint(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...JSON_ACCEPT },
      body: '{"query": ',
    });
    expect(json.status).toBe(400);
    expect(
      ((await json.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
    ).toBe('BAD_REQUEST');
  });
});

describe('GET caching', () => {
  it('gives GET answers an ETag tied to the registry version, Cache-Control and Vary', async () => {
    const response = await fetch(getUrl(QUERY), { headers: JSON_ACCEPT });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toMatch(new RegExp(`^"${registry.source.version}-[\\w-]+"$`));
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.get('vary')).toMatch(/Accept/);
    expect(response.headers.get('vary')).toMatch(/Origin/);
    expect(await response.json()).toMatchObject({ data: { port: { number: 3389 } } });
  });

  it('answers a repeat with If-None-Match with 304 and no body', async () => {
    const first = await fetch(getUrl(QUERY), { headers: JSON_ACCEPT });
    const etag = first.headers.get('etag')!;
    await first.text();
    const again = await fetch(getUrl(QUERY), { headers: { ...JSON_ACCEPT, 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    const weak = await fetch(getUrl(QUERY), {
      headers: { ...JSON_ACCEPT, 'if-none-match': `"other", W/${etag}` },
    });
    expect(weak.status).toBe(304);
  });

  it('gives different queries and variables different ETags, and a stale ETag a full answer', async () => {
    const a = await fetch(getUrl('query ($n: Int!) { classify(port: $n) { class } }', { n: 1 }), {
      headers: JSON_ACCEPT,
    });
    const b = await fetch(getUrl('query ($n: Int!) { classify(port: $n) { class } }', { n: 2 }), {
      headers: JSON_ACCEPT,
    });
    expect(a.headers.get('etag')).not.toBe(b.headers.get('etag'));
    const stale = await fetch(getUrl('query ($n: Int!) { classify(port: $n) { class } }', { n: 1 }), {
      headers: { ...JSON_ACCEPT, 'if-none-match': b.headers.get('etag')! },
    });
    expect(stale.status).toBe(200);
    expect(await stale.json()).toEqual({ data: { classify: { class: 'SYSTEM' } } });
  });

  it('never caches errors or POST', async () => {
    const error = await fetch(getUrl('{ port(number: 70000) { number } }'), { headers: JSON_ACCEPT });
    expect(error.headers.get('etag')).toBeNull();
    expect(error.headers.get('cache-control')).toBeNull();
    const post = await fetch(endpoint(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...JSON_ACCEPT },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(post.status).toBe(200);
    expect(post.headers.get('etag')).toBeNull();
  });
});

describe('request limits and CORS', () => {
  it('refuses a body over the limit with 413, with or without Content-Length', async () => {
    const body = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(MAX_REQUEST_BODY_BYTES)}` });
    const sized = await fetch(endpoint(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...JSON_ACCEPT },
      body,
    });
    expect(sized.status).toBe(413);
    expect(
      ((await sized.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
    ).toBe('REQUEST_ENTITY_TOO_LARGE');
    const bytes = new TextEncoder().encode(body);
    const chunked = await fetch(endpoint(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...JSON_ACCEPT },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.subarray(i, i + 8192));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('accepts a chunked body under the limit', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ query: '{ classify(port: 80) { class } }' }));
    const response = await fetch(endpoint(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...JSON_ACCEPT },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes);
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(await response.json()).toEqual({ data: { classify: { class: 'SYSTEM' } } });
  });

  it('answers a CORS preflight from an allowed origin and not from another', async () => {
    const preflight = (origin: string) =>
      fetch(endpoint(), {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const allowed = await preflight(ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(allowed.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    const get = await fetch(getUrl(QUERY), { headers: { ...JSON_ACCEPT, origin: ORIGIN } });
    expect(get.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(get.headers.get('access-control-expose-headers')).toMatch(/ETag/i);
  });
});

describe('health, readiness and GraphiQL', () => {
  it('reports health and readiness', async () => {
    expect((await fetch(`${production.url}/health`)).status).toBe(200);
    expect((await fetch(`${production.url}/ready`)).status).toBe(200);
    ready = false;
    try {
      expect((await fetch(`${production.url}/ready`)).status).toBe(503);
    } finally {
      ready = true;
    }
  });

  it('serves GraphiQL in development and not in production', async () => {
    const html = { accept: 'text/html' };
    const dev = await fetch(`${development.url}/graphql`, { headers: html });
    expect(dev.status).toBe(200);
    expect(await dev.text()).toMatch(/graphiql/i);
    const prod = await fetch(endpoint(), { headers: html });
    expect(await prod.text()).not.toMatch(/graphiql/i);
  });

  it('answers 404 off the endpoint', async () => {
    expect((await fetch(`${production.url}/nope`)).status).toBe(404);
  });
});
