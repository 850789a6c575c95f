import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import type { Store } from '@portdeck/store';
import { createGuildAccess, type StatisticsOptions } from '../src/guild-access.ts';
import { createContext, type Context } from '../src/context.ts';
import { createCompiledQueries } from '../src/plugins/compiled-queries.ts';
import { createDocumentCache } from '../src/plugins/document-cache.ts';
import { useFastPath } from '../src/plugins/fast-path.ts';
import { createJit } from '../src/plugins/jit.ts';
import { createStablePromiseShapes } from '../src/plugins/promise-shapes.ts';
import { schema } from '../src/schema/index.ts';
import { api, LOADED_AT, registry } from './helpers.ts';

const URL_BASE = 'http://portdeck.test/graphql';
const QUERY = '{ port(number: 3389) { number class assignments { serviceName transport } } }';
const WITH_VARIABLES = 'query ($n: Int!, $t: Transport) { port(number: $n, transport: $t) { number class } }';
const TWO_OPERATIONS = 'query A { classify(port: 22) { class } } query B { classify(port: 50000) { class } }';

type Target = ReturnType<typeof api>;

// Status, the headers a client sees, and the body: what must not change.
async function answer(response: Response): Promise<string> {
  const headers = [...response.headers].filter(([name]) => name !== 'date').map(([n, v]) => `${n}: ${v}`);
  return `${response.status}\n${headers.join('\n')}\n\n${await response.text()}`;
}

const post = (
  target: Target,
  body: Record<string, unknown>,
  accept = 'application/graphql-response+json',
): Promise<Response> =>
  Promise.resolve(
    target.fetch(URL_BASE, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: JSON.stringify(body),
    }),
  );

const get = (
  target: Target,
  params: Record<string, string>,
  accept = 'application/json',
): Promise<Response> =>
  Promise.resolve(
    target.fetch(`${URL_BASE}?${new URLSearchParams(params)}`, {
      headers: { accept, origin: 'https://a.test' },
    }),
  );

/** Yoga with only the caches and the fast path, counting the requests the fast path answers. */
function counted(statistics: StatisticsOptions = { store: () => undefined }) {
  const access = createGuildAccess(statistics);
  const context = createContext(registry, LOADED_AT, access);
  const documents = createDocumentCache(16);
  const jit = createJit();
  const hits = { count: 0 };
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    context: () => context,
    logging: false,
    maskedErrors: { isDev: false },
    parserAndValidationCache: false,
    plugins: [
      documents.plugin,
      jit.plugin,
      useFastPath({
        queries: createCompiledQueries({ schema, documents, jit }),
        context,
        onHit: () => (hits.count += 1),
      }),
    ],
  });
  return { yoga, hits, access };
}

describe('fast path for cached, valid, compiled queries', () => {
  const fast = api();
  // Out-of-the-box Yoga: graphql-js, Yoga's caches and body limit, no fast path.
  const reference = api({
    tuning: {
      jit: false,
      documentCache: false,
      fastBodyLimit: false,
      fastReadiness: false,
      fastPath: false,
      stablePromiseShapes: false,
    },
  });

  const cases: readonly [string, (target: Target) => Promise<Response>][] = [
    ['a POST query', (t) => post(t, { query: QUERY })],
    [
      'a POST query with variables',
      (t) => post(t, { query: WITH_VARIABLES, variables: { n: 53, t: 'UDP' } }),
    ],
    ['a POST choosing one of two operations', (t) => post(t, { query: TWO_OPERATIONS, operationName: 'B' })],
    [
      'a GET query with variables and an Origin',
      (t) => get(t, { query: WITH_VARIABLES, variables: JSON.stringify({ n: 443 }) }),
    ],
    ['a field error', (t) => post(t, { query: '{ port(number: 70000) { number } }' })],
    ['a variable of the wrong type', (t) => post(t, { query: WITH_VARIABLES, variables: { n: 'eighty' } })],
    ['a missing operation name', (t) => post(t, { query: TWO_OPERATIONS })],
    ['an unknown operation name', (t) => post(t, { query: TWO_OPERATIONS, operationName: 'C' })],
    ['an invalid document', (t) => post(t, { query: '{ port(number: 80) { nope } }' })],
    ['a mutation over GET', (t) => get(t, { query: 'mutation { port(number: 1) { number } }' })],
    [
      'a field error answered as application/json',
      (t) => post(t, { query: '{ classify(port: -1) { class } }' }, 'application/json'),
    ],
  ];

  it.each(cases)('answers %s as out-of-the-box Yoga does, cold and cached', async (_name, send) => {
    const expected = await answer(await send(reference));
    for (let round = 0; round < 3; round++) expect(await answer(await send(fast))).toBe(expected);
  });

  it('answers a repeated valid query from the fast path, from the second request on', async () => {
    const { yoga, hits } = counted();
    const first = await (
      await yoga.fetch(URL_BASE, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERY }),
      })
    ).text();
    expect(hits.count).toBe(0);
    const second = await (
      await yoga.fetch(URL_BASE, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERY }),
      })
    ).text();
    expect(hits.count).toBe(1);
    expect(second).toBe(first);
  });

  it('leaves answers with errors and invalid documents to the normal path', async () => {
    const { yoga, hits } = counted();
    for (const query of [
      '{ port(number: 70000) { number } }',
      '{ port(number: 80) { nope } }',
      '{ port(number: ',
    ]) {
      for (let round = 0; round < 2; round++) {
        const response = await yoga.fetch(URL_BASE, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        expect((await response.json()) as object).toHaveProperty('errors');
      }
    }
    expect(hits.count).toBe(0);
  });

  it('answers a GET with variables and picks operations by name', async () => {
    const { yoga, hits } = counted();
    const url = `${URL_BASE}?${new URLSearchParams({ query: WITH_VARIABLES, variables: JSON.stringify({ n: 22 }) })}`;
    await yoga.fetch(url);
    const body = (await (await yoga.fetch(url)).json()) as unknown;
    expect(body).toEqual({ data: { port: { number: 22, class: 'SYSTEM' } } });
    const pick = (operationName: string) =>
      yoga.fetch(URL_BASE, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: TWO_OPERATIONS, operationName }),
      });
    await pick('A');
    expect(await (await pick('A')).json()).toEqual({ data: { classify: { class: 'SYSTEM' } } });
    expect(await (await pick('B')).json()).toEqual({ data: { classify: { class: 'DYNAMIC' } } });
    expect(hits.count).toBe(3);
  });
});

describe('stable promise shapes', () => {
  const BRAND = Symbol.for('@whatwg-node/promise-helpers/FakePromise');

  it('keeps one resolved fake promise of each copy of the promise helpers once Yoga starts', async () => {
    const shapes = createStablePromiseShapes();
    expect(shapes.kept).toHaveLength(0);
    createYoga({ schema, logging: false, plugins: [shapes.plugin] });
    expect(shapes.kept).toHaveLength(2);
    for (const kept of shapes.kept) expect((kept as Record<symbol, unknown>)[BRAND]).toBe('resolved');
    const values = await Promise.all(shapes.kept.map((kept) => kept as PromiseLike<unknown>));
    expect(values).toEqual([undefined, 'kept']);
  });

  it('keeps separate objects per instance and changes no answer', async () => {
    const one = createStablePromiseShapes();
    const two = createStablePromiseShapes();
    createYoga({ schema, logging: false, plugins: [one.plugin] });
    createYoga({ schema, logging: false, plugins: [two.plugin] });
    expect(one.kept[0]).not.toBe(two.kept[0]);
    const withShapes = api({ tuning: { stablePromiseShapes: true } });
    const without = api({ tuning: { stablePromiseShapes: false } });
    for (const query of [QUERY, '{ port(number: 70000) { number } }']) {
      expect(await answer(await post(withShapes, { query }))).toBe(
        await answer(await post(without, { query })),
      );
    }
  });

  it('is not a real promise, so Yoga cannot unwrap it into a value by accident', () => {
    const shapes = createStablePromiseShapes();
    createYoga({ schema, logging: false, plugins: [shapes.plugin] });
    for (const kept of shapes.kept) expect(kept).not.toBeInstanceOf(Promise);
  });
});

describe('the fast path and per-server data', () => {
  // A store that knows one token, enough for the guild field's checks.
  const store = {
    boards: {
      guildOfToken: (token: string) => Promise.resolve(token === 'pdk_good' ? 'g1' : undefined),
      timeZoneOf: () => Promise.resolve('UTC'),
    },
  } as unknown as Store;
  const GUILD = '{ guild(id: "g1") { id timeZone } }';
  const send = (yoga: ReturnType<typeof counted>['yoga'], token?: string) =>
    yoga.fetch(URL_BASE, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ query: GUILD }),
    });

  it('still checks the token, charges the bucket and counts on every fast-path answer', async () => {
    const { yoga, hits, access } = counted({ store: () => store, now: () => 0, perMinute: 3 });
    for (let i = 0; i < 3; i++) {
      expect(await (await send(yoga, 'pdk_good')).json()).toEqual({
        data: { guild: { id: 'g1', timeZone: 'UTC' } },
      });
    }
    // The second and third came down the fast path, which ran the resolver and so the checks.
    expect(hits.count).toBe(2);
    expect(access.metrics.allowed).toBe(3);
    const limited = (await (await send(yoga, 'pdk_good')).json()) as {
      errors: { extensions: { code: string } }[];
    };
    expect(limited.errors[0]?.extensions.code).toBe('RATE_LIMITED');
    expect(access.metrics.rateLimited).toBe(1);
  });

  it('answers a tokenless repeat of a cached, compiled guild query with UNAUTHENTICATED, not the data', async () => {
    const { yoga, hits } = counted({ store: () => store });
    await send(yoga, 'pdk_good');
    await send(yoga, 'pdk_good');
    expect(hits.count).toBe(1);
    const body = (await (await send(yoga)).json()) as { data: unknown; errors: { extensions: unknown }[] };
    expect(body.data).toEqual({ guild: null });
    expect(body.errors[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'MISSING_TOKEN' });
    // An answer with errors leaves the fast path for Yoga's normal one (which gives graphql-js's shape).
    expect(hits.count).toBe(1);
    const wrong = (await (await send(yoga, 'pdk_bad')).json()) as { errors: { extensions: unknown }[] };
    expect(wrong.errors[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'INVALID_TOKEN' });
  });
});
