import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Registry as PortRegistry, type NameMatch } from '@portdeck/core';
import { Histogram, Registry } from 'prom-client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLatencyHistogram } from '../src/latency-histogram.ts';
import { createApiMetrics, MAX_OPERATION_NAMES, type ApiMetrics } from '../src/metrics.ts';
import { createApiListener } from '../src/observed-listener.ts';
import { api, registry } from './helpers.ts';

class BrokenRegistry extends PortRegistry {
  override lookupName(_name: string): NameMatch | undefined {
    throw new Error('ENOENT: /srv/secret/ports.db is gone');
  }
}

/** The value of one sample in Prometheus text, or undefined when the series does not exist. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

let server: Server;
let url: string;
let metrics: ApiMetrics;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  metrics = createApiMetrics();
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );
  const target = api({
    registry: new BrokenRegistry(registry.assignments, registry.source),
    metrics,
    logger,
  });
  server = createServer(createApiListener(target, { metrics }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function query(body: object, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response;
}

async function scrape(): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

describe('/metrics over HTTP', () => {
  it('serves Prometheus text with default process metrics', async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('# TYPE portdeck_graphql_operations_total counter');
    expect(sample(text, 'portdeck_graphql_process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('counts an ok query by operation name, times it, and counts its repeat as a cache hit only', async () => {
    const lookup = { query: 'query Lookup { registry { source } }', operationName: 'Lookup' };
    expect((await query(lookup)).status).toBe(200);
    let text = await scrape();
    expect(sample(text, 'portdeck_graphql_operations_total{operation="Lookup",outcome="ok"}')).toBe(1);
    expect(sample(text, 'portdeck_graphql_operation_duration_seconds_count{operation="Lookup"}')).toBe(1);
    const hitsBefore = sample(text, 'portdeck_graphql_response_cache_total{result="hit"}') ?? 0;
    const requestsBefore = sample(text, 'portdeck_graphql_http_request_duration_seconds_count')!;
    await query(lookup);
    text = await scrape();
    expect(sample(text, 'portdeck_graphql_response_cache_total{result="hit"}')).toBe(hitsBefore + 1);
    // The cached answer never reached Yoga: the operation counter did not move, the HTTP one did.
    expect(sample(text, 'portdeck_graphql_operations_total{operation="Lookup",outcome="ok"}')).toBe(1);
    expect(sample(text, 'portdeck_graphql_http_request_duration_seconds_count')).toBe(requestsBefore + 1);
  });

  it('counts template-lane answers as Yoga counts its own: by operation and outcome, timed', async () => {
    const nth = (n: number) =>
      query({
        query: 'query Nth($n: Int!) { port(number: $n) { number } }',
        operationName: 'Nth',
        variables: { n },
      });
    const templatedBefore =
      sample(await scrape(), 'portdeck_graphql_response_cache_total{result="template"}') ?? 0;
    for (const n of [1, 2, 3]) expect((await nth(n)).status).toBe(200);
    // An error leaves the lane for Yoga, which counts it once.
    expect((await nth(70_000)).status).toBe(200);
    const text = await scrape();
    expect(sample(text, 'portdeck_graphql_response_cache_total{result="template"}')).toBe(
      templatedBefore + 2,
    );
    expect(sample(text, 'portdeck_graphql_operations_total{operation="Nth",outcome="ok"}')).toBe(3);
    expect(sample(text, 'portdeck_graphql_operations_total{operation="Nth",outcome="BAD_USER_INPUT"}')).toBe(
      1,
    );
    expect(sample(text, 'portdeck_graphql_operation_duration_seconds_count{operation="Nth"}')).toBe(4);
  });

  it('counts errors by code: a bad argument, a parse failure and a masked fault', async () => {
    await query({ query: 'query Bad { port(number: 99999) { number } }', operationName: 'Bad' });
    await query({ query: '{ port(' });
    await query({ query: '{ service(name: "rdp") { name } }' }, { 'x-request-id': 'req-42' });
    const text = await scrape();
    expect(sample(text, 'portdeck_graphql_operations_total{operation="Bad",outcome="BAD_USER_INPUT"}')).toBe(
      1,
    );
    expect(
      sample(
        text,
        'portdeck_graphql_operations_total{operation="(anonymous)",outcome="GRAPHQL_PARSE_FAILED"}',
      ),
    ).toBe(1);
    expect(
      sample(
        text,
        'portdeck_graphql_operations_total{operation="(anonymous)",outcome="INTERNAL_SERVER_ERROR"}',
      ),
    ).toBe(1);
  });

  it('logs a masked fault once, as { err } with the request id', () => {
    const failures = logLines.filter((line) => JSON.stringify(line).includes('secret'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      msg: 'request failed',
      requestId: 'req-42',
      path: ['service'],
      err: { type: 'Error', message: 'ENOENT: /srv/secret/ports.db is gone' },
    });
  });

  it('counts per-server access outcomes at scrape time', async () => {
    const before = sample(await scrape(), 'portdeck_graphql_guild_access_total{outcome="unauthenticated"}')!;
    await query({ query: '{ guild(id: "1") { id } }' });
    await query({ query: '{ guild(id: "1") { id } }' }, { authorization: 'Bearer pdk_x' });
    const text = await scrape();
    expect(sample(text, 'portdeck_graphql_guild_access_total{outcome="unauthenticated"}')).toBe(before + 1);
    expect(sample(text, 'portdeck_graphql_guild_access_total{outcome="unavailable"}')).toBe(1);
  });

  it('shows a request whose body is still arriving as in flight, and not once it is answered (edge)', async () => {
    expect(sample(await scrape(), 'portdeck_graphql_http_requests_in_flight')).toBe(0);
    const body = JSON.stringify({ query: '{ registry { source } }' });
    const pending = httpRequest(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
    });
    const answered = new Promise<number>((resolve, reject) => {
      pending.on('response', (response) => {
        response.resume().on('end', () => {
          resolve(response.statusCode ?? 0);
        });
      });
      pending.on('error', reject);
    });
    pending.write(body.slice(0, 5));
    while (sample(await scrape(), 'portdeck_graphql_http_requests_in_flight') !== 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    pending.end(body.slice(5));
    expect(await answered).toBe(200);
    expect(sample(await scrape(), 'portdeck_graphql_http_requests_in_flight')).toBe(0);
  });
});

describe('operation labels', () => {
  it('keeps client-chosen names bounded: invalid and surplus names share "(other)"', () => {
    const own = createApiMetrics();
    for (let i = 0; i < MAX_OPERATION_NAMES + 5; i++) own.operation(`Op${i}`).record('ok', 0.001);
    own.operation('not a name').record('ok');
    expect(own.operation('Op0')).toBe(own.operation('Op0'));
    expect(own.operation(`Op${MAX_OPERATION_NAMES + 1}`)).toBe(own.operation('not a name'));
    expect(own.operation(undefined)).toBe(own.operation(''));
  });
});

describe('access log (PORTDECK_ACCESS_LOG)', () => {
  it('writes one line per request with its request id, fresh when the caller sent none or a bad one', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          done();
        },
      }),
    );
    const own = createApiMetrics();
    const logged = createServer(
      createApiListener(api({ metrics: own }), { metrics: own, accessLog: logger }),
    );
    await new Promise<void>((resolve) => logged.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(logged.address() as AddressInfo).port}`;
    try {
      await (
        await fetch(`${base}/graphql?query=${encodeURIComponent('{ registry { source } }')}`, {
          headers: { 'x-request-id': 'abc-1' },
        })
      ).text();
      await (await fetch(`${base}/health`, { headers: { 'x-request-id': 'bad id\twith spaces' } })).text();
      // A line is written when the response closes, which may be just after the client read it.
      while (lines.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({ msg: 'request', requestId: 'abc-1', method: 'GET', status: 200 });
      expect(lines[1]).toMatchObject({ msg: 'request', url: '/health', status: 200 });
      expect(lines[1]?.['requestId']).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      logged.closeAllConnections();
      await new Promise((resolve) => logged.close(resolve));
    }
  });
});

describe('latency histograms kept in plain numbers', () => {
  const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

  function pair() {
    const stock = new Registry();
    const plain = new Registry();
    return {
      stock,
      plain,
      stockTotal: new Histogram({ name: 'a_seconds', help: 'a', buckets: BUCKETS, registers: [stock] }),
      stockByName: new Histogram({
        name: 'b_seconds',
        help: 'b',
        labelNames: ['operation'],
        buckets: BUCKETS,
        registers: [stock],
      }),
      plainTotal: createLatencyHistogram({ name: 'a_seconds', help: 'a', buckets: BUCKETS, registry: plain }),
      plainByName: createLatencyHistogram({
        name: 'b_seconds',
        help: 'b',
        buckets: BUCKETS,
        registry: plain,
      }),
    };
  }

  it("prints prom-client's exact text, empty and after observations on and between bounds", async () => {
    const { stock, plain, stockTotal, stockByName, plainTotal, plainByName } = pair();
    const total = plainTotal.series();
    // Series print in the order they were made (prom-client's: first observed); Prometheus ignores it.
    const plainA = plainByName.series({ operation: 'A' });
    const quoted = plainByName.series({ operation: 'Say"hi"\\n' });
    plainByName.series({ operation: 'never observed' });
    expect(await plain.metrics()).toBe(await stock.metrics());
    for (const seconds of [0, 0.00001, 0.0005, 0.0007, 0.001, 0.3, 5, 7.5]) {
      stockTotal.observe(seconds);
      total.observe(seconds);
      stockByName.labels('A').observe(seconds);
      plainA.observe(seconds);
      stockByName.labels('Say"hi"\\n').observe(seconds * 2);
      quoted.observe(seconds * 2);
    }
    expect(await plain.metrics()).toBe(await stock.metrics());
  });
});
