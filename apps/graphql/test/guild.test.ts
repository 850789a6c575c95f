import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { periodKeysOf } from '@portdeck/core';
import { openStore, seedDailyPost, type Store } from '@portdeck/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCachingListener } from '../src/response-cache.ts';
import { GRAPHQL_ENDPOINT, MAX_REQUEST_BODY_BYTES, queryTemplatesOf } from '../src/yoga.ts';
import { etagFor } from '../src/plugins/etag.ts';
import { api, registry, type GraphQLBody } from './helpers.ts';

const at = (text: string): number => Date.parse(text);
const zone = 'America/Los_Angeles';
/** Monday 2 March 2026, 10:00 in Los Angeles. */
const now = at('2026-03-02T18:00:00Z');

let dir: string;
let store: Store;
let isConnected = true;
let server: Server;
let url: string;
let tokenG1: string;
let tokenG2: string;

async function post(id: string, postedAt: number, card: string): Promise<void> {
  await seedDailyPost(store, {
    questionId: id,
    guildId: 'g1',
    localDate: periodKeysOf(postedAt, zone).day,
    cardId: card,
    options: ['SSH', 'RDP', 'SMB', 'VNC'],
    correctIndex: 1,
    channelId: 'c1',
    messageId: `m-${id}`,
    postedAt,
    closesAt: postedAt + 3_600_000,
    askedInCycle: [card],
  });
}

async function answer(questionId: string, userId: string, choice: number, answeredAt: number): Promise<void> {
  await store.daily.answer({ questionId, userId, choice, answeredAt, keys: periodKeysOf(answeredAt, zone) });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portdeck-guild-'));
  store = await openStore({ path: join(dir, 'portdeck.db') });
  await store.daily.saveSchedule(
    {
      guildId: 'g1',
      channelId: 'c1',
      timeOfDay: '09:00',
      timeZone: zone,
      days: 'mon,tue,wed,thu,fri,sat,sun',
      deckId: 'seed',
      closeAfterMinutes: null,
      startsThread: false,
      pins: false,
      roleId: null,
    },
    0,
  );
  // Sunday 1 March (local; already Monday in UTC): u1 and u2 right. Monday 2 March: u3 right, u1 wrong.
  const sunday = at('2026-03-02T06:00:00Z');
  const monday = at('2026-03-02T17:00:00Z');
  await post('q1', sunday - 60_000, 'port-to-service:3389');
  await post('q2', monday - 60_000, 'port-to-service:22');
  await answer('q1', 'u1', 1, sunday);
  await answer('q1', 'u2', 1, sunday + 1);
  await answer('q2', 'u3', 1, monday);
  await answer('q2', 'u1', 0, monday + 1);
  await store.boards.setHidden('u2', true, 0);
  await store.boards.rememberName('g1', 'u2', 'Hidden Hal', 0);
  await store.boards.rememberName('g1', 'u3', 'Carol', 0);
  tokenG1 = await store.boards.createToken('g1', 'admin', 0);
  tokenG2 = await store.boards.createToken('g2', 'admin', 0);
  const yoga = api({
    statistics: { store: () => (isConnected ? store : undefined), now: () => now, perMinute: 1000 },
  });
  server = createServer(
    createCachingListener(yoga, {
      endpoint: GRAPHQL_ENDPOINT,
      maxRequestBytes: MAX_REQUEST_BODY_BYTES,
      templates: queryTemplatesOf(yoga),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const LEADERBOARD = `{ registry { source } guild(id: "g1") { id timeZone leaderboard(period: DAY, first: 10) { totalCount edges { node { rank userId isHidden points correct answers } } } } }`;

async function ask(
  query: string,
  options: { token?: string; method?: 'GET' | 'POST' } = {},
): Promise<{ response: Response; body: GraphQLBody }> {
  const headers: Record<string, string> = { accept: 'application/graphql-response+json' };
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  const response =
    options.method === 'GET'
      ? await fetch(`${url}/graphql?query=${encodeURIComponent(query)}`, { headers })
      : await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
  return { response, body: (await response.json()) as GraphQLBody };
}

const codeOf = (body: GraphQLBody) => body.errors?.[0]?.extensions?.['code'];

describe('guild statistics over HTTP', () => {
  it("answers the server's board for the local day with its token, privately", async () => {
    for (const method of ['GET', 'POST'] as const) {
      const { response, body } = await ask(LEADERBOARD, { token: tokenG1, method });
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({
        registry: { source: 'EMBEDDED' },
        guild: {
          id: 'g1',
          timeZone: zone,
          leaderboard: {
            totalCount: 2,
            edges: [
              { node: { rank: 1, userId: 'u3', isHidden: false, points: 10, correct: 1, answers: 1 } },
              { node: { rank: 2, userId: 'u1', isHidden: false, points: 0, correct: 0, answers: 1 } },
            ],
          },
        },
      });
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(response.headers.get('etag')).toBeNull();
    }
  });

  it('a token request followed by the same request without one gets UNAUTHENTICATED, never the data', async () => {
    for (const method of ['GET', 'POST'] as const) {
      for (let i = 0; i < 3; i++) {
        const withToken = await ask(LEADERBOARD, { token: tokenG1, method });
        expect(withToken.body.data?.['guild']).not.toBeNull();
        const without = await ask(LEADERBOARD, { method });
        expect(codeOf(without.body)).toBe('UNAUTHENTICATED');
        expect(without.body.data).toEqual({ registry: { source: 'EMBEDDED' }, guild: null });
        expect(JSON.stringify(without.body)).not.toContain('u3');
        expect(without.response.headers.get('cache-control')).toBe('private, no-store');
      }
    }
  });

  it('never answers a guild query 304, even to an If-None-Match naming the tag a public answer would get', async () => {
    const query = '{ guild(id: "g1") { id } }';
    const target = new URL(`${url}/graphql?query=${encodeURIComponent(query)}`);
    const accept = 'application/graphql-response+json';
    const tag = etagFor(registry.source.version, target, accept);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(target, {
        headers: { accept, authorization: `Bearer ${tokenG1}`, 'if-none-match': `${tag}, *` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBeNull();
      expect(await response.json()).toEqual({ data: { guild: { id: 'g1' } } });
    }
  });

  it("refuses another server's token (FORBIDDEN) and a revoked or made-up one (UNAUTHENTICATED) alike for every id", async () => {
    const other = await ask(LEADERBOARD, { token: tokenG2 });
    expect(codeOf(other.body)).toBe('FORBIDDEN');
    expect(other.body.data?.['guild']).toBeNull();
    const missing = await ask(LEADERBOARD.replace('"g1"', '"g-unknown"'), { token: tokenG2 });
    expect(missing.body.errors).toEqual(other.body.errors);
    const madeUp = await ask(LEADERBOARD, { token: 'pdk_madeup' });
    expect(madeUp.body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'INVALID_TOKEN' });
    const revoked = await store.boards.createToken('g3', 'admin', 0);
    await store.boards.revokeTokens('g3', 1);
    const afterRevoke = await ask(LEADERBOARD.replace('"g1"', '"g3"'), { token: revoked });
    expect(afterRevoke.body.errors?.[0]?.extensions).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'INVALID_TOKEN',
    });
  });

  it('answers the hardest ports, past daily questions, drills and activity in the server zone', async () => {
    const { body } = await ask(
      `{ guild(id: "g1") {
        hardestPorts(period: WEEK, first: 5) { cardId answers shareCorrect mostChosenWrong }
        daily(first: 1) { edges { node { date cardId answers shareCorrect distribution } } pageInfo { hasNextPage } }
        drills(first: 5) { edges { node { date } } }
        activity(period: WEEK) { date answers players }
        resetsAt(period: WEEK)
      } }`,
      { token: tokenG1 },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.['guild']).toEqual({
      // Sunday 1 March local is ISO week 9: only q1's answers; Monday 2 March starts week 10.
      hardestPorts: [{ cardId: 'port-to-service:22', answers: 2, shareCorrect: 0.5, mostChosenWrong: 'SSH' }],
      daily: {
        edges: [
          {
            node: {
              date: '2026-03-02',
              cardId: 'port-to-service:22',
              answers: 2,
              shareCorrect: 0.5,
              distribution: [1, 1, 0, 0],
            },
          },
        ],
        pageInfo: { hasNextPage: true },
      },
      drills: { edges: [] },
      activity: [{ date: '2026-03-02', answers: 2, players: 2 }],
      resetsAt: '2026-03-09T07:00:00.000Z',
    });
  });
});

describe('guild statistics: limits and failures', () => {
  const request = (target: ReturnType<typeof api>, query: string, token?: string) =>
    target.fetch('http://portdeck.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ query }),
    });

  it('rate-limits per token, charging a request once even when jit re-executes an answer with errors', async () => {
    let clock = now;
    const limited = api({ statistics: { store: () => store, now: () => clock, perMinute: 2 } });
    // An error elsewhere in the document makes jit's answer go round again through graphql-js.
    const withError = '{ deck(id: " ") { id } guild(id: "g1") { id } }';
    for (let i = 0; i < 2; i++) {
      const body = (await (await request(limited, withError, tokenG1)).json()) as GraphQLBody;
      expect(body.data).toEqual({ deck: null, guild: { id: 'g1' } });
      expect(body.errors?.map((e) => e.extensions?.['code'])).toEqual(['BAD_USER_INPUT']);
    }
    const third = (await (
      await request(limited, '{ guild(id: "g1") { id } }', tokenG1)
    ).json()) as GraphQLBody;
    expect(third.errors?.[0]?.extensions).toEqual({
      code: 'RATE_LIMITED',
      reason: 'RATE_LIMITED',
      retryAfterSeconds: 30,
    });
    // Another token has its own bucket; time refills this one.
    const other = (await (
      await request(limited, '{ guild(id: "g2") { id } }', tokenG2)
    ).json()) as GraphQLBody;
    expect(other.data).toEqual({ guild: { id: 'g2' } });
    clock += 30_000;
    const later = (await (
      await request(limited, '{ guild(id: "g1") { id } }', tokenG1)
    ).json()) as GraphQLBody;
    expect(later.data).toEqual({ guild: { id: 'g1' } });
  });

  it('keeps answering the registry while the database is unreachable; statistics say why', async () => {
    isConnected = false;
    try {
      const offline = api({ statistics: { store: () => (isConnected ? store : undefined) } });
      const body = (await (
        await request(offline, '{ registry { source } guild(id: "g1") { id } }', tokenG1)
      ).json()) as GraphQLBody;
      expect(body.data).toEqual({ registry: { source: 'EMBEDDED' }, guild: null });
      expect(body.errors?.[0]?.extensions).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        reason: 'DATABASE_UNAVAILABLE',
      });
      const ready = await offline.fetch('http://portdeck.test/ready');
      expect(ready.status).toBe(200);
      expect(await ready.text()).toBe('ready\nregistry: ready\ndatabase: not ready');
      isConnected = true;
      expect(await (await offline.fetch('http://portdeck.test/ready')).text()).toContain('database: ready');
    } finally {
      isConnected = true;
    }
  });

  it('refuses a bad cursor or page size on the leaderboard as BAD_USER_INPUT', async () => {
    const target = api({ statistics: { store: () => store, now: () => now } });
    const bad = (await (
      await request(target, '{ guild(id: "g1") { leaderboard(after: "nope") { totalCount } } }', tokenG1)
    ).json()) as GraphQLBody;
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    const page = (await (
      await request(
        target,
        '{ guild(id: "g1") { leaderboard(first: 1) { edges { cursor node { userId isHidden } } pageInfo { hasNextPage endCursor } } } }',
        tokenG1,
      )
    ).json()) as GraphQLBody<{
      guild: { leaderboard: { pageInfo: { hasNextPage: boolean; endCursor: string } } };
    }>;
    expect(page.data?.guild.leaderboard.pageInfo.hasNextPage).toBe(true);
    const cursor = page.data?.guild.leaderboard.pageInfo.endCursor ?? '';
    const next = (await (
      await request(
        target,
        `{ guild(id: "g1") { leaderboard(first: 5, after: "${cursor}") { edges { node { rank userId displayName isHidden points } } } } }`,
        tokenG1,
      )
    ).json()) as GraphQLBody;
    // All time: u1 and u2 10 points each (u2 hidden: no id, no name), u3 10: ranks 1, 1, 1.
    expect(next.data).toEqual({
      guild: {
        leaderboard: {
          edges: [
            { node: { rank: 1, userId: null, displayName: null, isHidden: true, points: 10 } },
            { node: { rank: 1, userId: 'u3', displayName: 'Carol', isHidden: false, points: 10 } },
          ],
        },
      },
    });
    const tooMany = (await (
      await request(target, '{ guild(id: "g1") { leaderboard(first: 101) { totalCount } } }', tokenG1)
    ).json()) as GraphQLBody;
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ reason: 'PAGE_SIZE_TOO_LARGE' });
  });
});
