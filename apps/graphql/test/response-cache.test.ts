import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Store } from '@portdeck/store';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCachingListener, type CachingListener } from '../src/response-cache.ts';
import { GRAPHQL_ENDPOINT, MAX_REQUEST_BODY_BYTES, queryTemplatesOf } from '../src/yoga.ts';
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

describe('the template lane: a known document with new variables', () => {
  // A store that knows one token, enough for the guild field's checks.
  const store = {
    boards: {
      guildOfToken: (token: string) => Promise.resolve(token === 'pdk_good' ? 'g1' : undefined),
      timeZoneOf: () => Promise.resolve('UTC'),
    },
  } as unknown as Store;
  const statistics = { store: () => store, perMinute: 10_000 };
  const target = api({ corsOrigins: [ORIGIN], statistics });
  // The reference: out-of-the-box Yoga (graphql-js, Yoga's caches, no fast path), but for the body limit,
  // whose 413 names the limit in its message.
  const reference = api({
    corsOrigins: [ORIGIN],
    statistics,
    tuning: {
      jit: false,
      documentCache: false,
      fastBodyLimit: true,
      fastReadiness: false,
      fastPath: false,
      stablePromiseShapes: false,
      templates: false,
    },
  });
  let lane: CachingListener;
  let plain: { url: string; server: Server };
  let laned: { url: string; server: Server };

  beforeAll(async () => {
    lane = createCachingListener(target, {
      endpoint: GRAPHQL_ENDPOINT,
      maxRequestBytes: MAX_REQUEST_BODY_BYTES,
      templates: queryTemplatesOf(target),
    });
    plain = await serve((request, response) => {
      reference.requestListener(request, response);
    });
    laned = await serve(lane);
  });

  afterAll(() => {
    for (const { server } of [plain, laned]) {
      server.closeAllConnections();
      server.close();
    }
  });

  const PORT =
    'query Port($n: Int!) { port(number: $n) { number class assignments { serviceName transport } } }';
  const GRADE =
    'query ($card: ID!, $answer: String!) { checkAnswer(card: $card, answer: $answer) { answer verdict } }';
  const TWO =
    'query A($n: Int!) { classify(port: $n) { class } } query B($n: Int!) { port(number: $n) { number } }';
  const GUILD = 'query G($id: ID!) { guild(id: $id) { id timeZone } }';
  const MAYBE_GUILD =
    'query M($n: Int!, $g: Boolean!) { port(number: $n) { number } guild(id: "g1") @include(if: $g) { id } }';

  const ask = (
    parameters: Record<string, unknown>,
    headers: Record<string, string> = {},
    body = JSON.stringify(parameters),
  ): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body,
  });

  /** Sends to plain Yoga and to the lane, expects the same answer, and says whether the lane answered. */
  async function same(init: RequestInit): Promise<{ isTemplated: boolean; body: string }> {
    const expected = await snapshot(`${plain.url}${GRAPHQL_ENDPOINT}`, init);
    const before = lane.stats().templated;
    expect(await snapshot(`${laned.url}${GRAPHQL_ENDPOINT}`, init)).toEqual(expected);
    return { isTemplated: lane.stats().templated > before, body: expected.body };
  }

  it('answers every port after the first from the compiled query, byte for byte as Yoga', async () => {
    expect((await same(ask({ query: PORT, variables: { n: 3389 } }))).isTemplated).toBe(false);
    for (const n of [22, 443, 0, 65535]) {
      const answer = await same(ask({ query: PORT, variables: { n } }));
      expect(answer.isTemplated).toBe(true);
      expect(answer.body).toContain(`"number":${n}`);
    }
    // The exact repeat of Yoga's own answer is replayed from the whole-response cache.
    const hits = lane.stats().hits;
    expect((await same(ask({ query: PORT, variables: { n: 3389 } }))).isTemplated).toBe(false);
    expect(lane.stats().hits).toBe(hits + 1);
  });

  it('answers every field of a port as Yoga does, for ports with and without assignments', async () => {
    const everything = `query Every($n: Int!, $t: Transport) { port(number: $n, transport: $t) { number transport class
      classInfo { rfcName alsoCalled count } isAssigned assignments { serviceName ports { first last } transport status
      description reference registrationDate modificationDate serviceCode unauthorizedUse notes } wellKnownServices {
      id shortName fullName ianaNames aliases ports { number taughtTransports registeredTransports role } taughtTransports
      registeredTransports category encryption isEncrypted counterpart { id } note exams } unofficialUses { port
      transports name description sourceUrl } ephemeralRanges { system label first last source note } } }`;
    const ports: [number, string | null][] = [
      [53, 'UDP'],
      [443, null],
      [3389, 'TCP'],
      [6881, null],
      [49152, null],
      [1, 'UDP'],
    ];
    const answers = [];
    for (const [n, t] of ports) answers.push(await same(ask({ query: everything, variables: { n, t } })));
    expect(answers.map((answer) => answer.isTemplated)).toEqual([false, true, true, true, true, true]);
  });

  it('answers any variables exactly as Yoga does, through the lane or back to Yoga', async () => {
    const query =
      'query Any($n: Int!, $t: Transport) { port(number: $n, transport: $t) { number class isAssigned } }';
    await same(ask({ query, variables: { n: 80 } }));
    const before = lane.stats().templated;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer({ min: -5, max: 70_000 }), fc.constantFrom(2 ** 31, 1.5, '80', null)),
        fc.constantFrom('TCP', 'UDP', null, 'tcp', undefined),
        async (n, t) => {
          await same(ask({ query, variables: { n, t } }));
        },
      ),
      { numRuns: 60 },
    );
    // Most variables are valid: the lane answered those, Yoga the rest.
    expect(lane.stats().templated).toBeGreaterThan(before);
  });

  it('sends the byte length of a body with characters beyond ASCII', async () => {
    await same(ask({ query: GRADE, variables: { card: 'port-to-service:22', answer: 'ssh' } }));
    const answer = await same(
      ask({ query: GRADE, variables: { card: 'port-to-service:22', answer: 'sshé 🚀' } }),
    );
    expect(answer.isTemplated).toBe(true);
    expect(answer.body).toContain('sshé 🚀');
  });

  const yogaOnly: [string, RequestInit][] = [
    ['a variable of the wrong type', ask({ query: PORT, variables: { n: 'eighty' } })],
    ['a port out of range (a field error)', ask({ query: PORT, variables: { n: 70000 } })],
    ['a missing variable', ask({ query: PORT, variables: {} })],
    ['no variables at all', ask({ query: PORT })],
    ['null variables', ask({ query: PORT, variables: null })],
    ['an extensions parameter', ask({ query: PORT, variables: { n: 80 }, extensions: {} })],
    ['an unknown parameter', ask({ query: PORT, variables: { n: 80 }, extra: 1 })],
    ['a null operation name', ask({ query: PORT, variables: { n: 80 }, operationName: null })],
    ['an unknown operation name', ask({ query: PORT, variables: { n: 80 }, operationName: 'Nope' })],
    ['variables as a list', ask({ query: PORT, variables: [80] })],
    [
      'a byte-order mark before the JSON',
      ask({}, {}, `\uFEFF${JSON.stringify({ query: PORT, variables: { n: 8 } })}`),
    ],
    [
      'a body over the size limit',
      ask({ query: PORT, variables: { n: 81, pad: 'x'.repeat(MAX_REQUEST_BODY_BYTES) } }),
    ],
  ];

  it.each(yogaOnly)("leaves %s to Yoga, with Yoga's answer", async (_name, init) => {
    await same(ask({ query: PORT, variables: { n: 1 } }));
    expect((await same(init)).isTemplated).toBe(false);
    expect((await same(init)).isTemplated).toBe(false);
  });

  it('keeps a template per set of shaping headers: Accept, Origin', async () => {
    for (const headers of [
      { accept: 'application/graphql-response+json' },
      { origin: ORIGIN },
      { origin: 'https://evil.example' },
    ]) {
      expect((await same(ask({ query: PORT, variables: { n: 25 } }, headers))).isTemplated).toBe(false);
      expect((await same(ask({ query: PORT, variables: { n: 26 } }, headers))).isTemplated).toBe(true);
    }
  });

  it('keeps a template per operation of a document', async () => {
    expect((await same(ask({ query: TWO, operationName: 'A', variables: { n: 1 } }))).isTemplated).toBe(
      false,
    );
    expect((await same(ask({ query: TWO, operationName: 'A', variables: { n: 2 } }))).isTemplated).toBe(true);
    expect((await same(ask({ query: TWO, operationName: 'B', variables: { n: 3 } }))).isTemplated).toBe(
      false,
    );
    expect((await same(ask({ query: TWO, operationName: 'B', variables: { n: 4 } }))).isTemplated).toBe(true);
  });

  it('sends a request with a token to Yoga, and the same document without one after it', async () => {
    const token = { authorization: 'Bearer pdk_good' };
    expect((await same(ask({ query: PORT, variables: { n: 110 } }, token))).isTemplated).toBe(false);
    expect((await same(ask({ query: PORT, variables: { n: 111 } }))).isTemplated).toBe(true);
    expect((await same(ask({ query: PORT, variables: { n: 112 } }, token))).isTemplated).toBe(false);
  });

  it('never answers a per-server document, with a token or without one after it', async () => {
    const token = { authorization: 'Bearer pdk_good' };
    for (const id of ['g1', 'g2']) {
      const withToken = await same(ask({ query: GUILD, variables: { id } }, token));
      expect(withToken.isTemplated).toBe(false);
      const without = await same(ask({ query: GUILD, variables: { id } }));
      expect(without.isTemplated).toBe(false);
      expect(without.body).toContain('UNAUTHENTICATED');
      expect(without.body).not.toContain('UTC');
    }
    expect((await same(ask({ query: GUILD, variables: { id: 'g1' } }, token))).body).toContain('UTC');
  });

  it('never answers a document whose guild field is switched on by a variable', async () => {
    for (let i = 0; i < 2; i++) {
      const off = await same(ask({ query: MAYBE_GUILD, variables: { n: 53 + i, g: false } }));
      expect(off.isTemplated).toBe(false);
    }
    const on = await same(ask({ query: MAYBE_GUILD, variables: { n: 55, g: true } }));
    expect(on.isTemplated).toBe(false);
    expect(on.body).toContain('UNAUTHENTICATED');
  });
});
