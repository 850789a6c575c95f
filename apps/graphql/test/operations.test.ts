import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { start, waitFor } from './process.ts';
import { startTcpProxy } from './tcp-proxy.ts';

const POSTGRES = { host: '127.0.0.1', port: 5432 };
const postgresUrl = `postgres://postgres@${POSTGRES.host}:${POSTGRES.port}/postgres`;

async function isPostgresUp(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
const hasPostgres = await isPostgresUp();
if (!hasPostgres) console.warn(`PostgreSQL at ${postgresUrl} is not reachable: the outage test is skipped`);

const dir = mkdtempSync(join(tmpdir(), 'portdeck-api-ops-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const listening = /"url":"http:\/\/127\.0\.0\.1:(\d+)\/graphql"/;

/** Opens a raw connection, sends `head`, and collects everything the server answers until it closes. */
function rawConnection(port: number) {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  const closed = once(socket, 'close');
  return { socket, received: () => received, closed };
}

/** Waits until the server's own gauge shows `count` requests in flight (so they were received, not queued). */
async function untilInFlight(port: number, count: number): Promise<void> {
  for (;;) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    if (text.includes(`\nportdeck_graphql_http_requests_in_flight ${count}\n`)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('SIGTERM drain (real process)', { timeout: 180_000 }, () => {
  it('answers the request in flight, says 503 on /ready, refuses new connections, and exits 0', async () => {
    const { child, output } = start({
      PORTDECK_GRAPHQL_HOST: '127.0.0.1',
      PORTDECK_GRAPHQL_PORT: '0',
      NODE_ENV: 'production',
      PORTDECK_DATA_DIR: dir,
    });
    const exited = once(child, 'exit');
    const [, port] = await waitFor(() => output().stdout, listening);
    const body = JSON.stringify({ query: '{ port(number: 3389) { number } }' });
    const slow = rawConnection(Number(port));
    // The body is held open: the request is in flight until the rest arrives.
    slow.socket.write(
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    await untilInFlight(Number(port), 1);
    child.kill('SIGTERM');
    await waitFor(() => output().stdout, /"msg":"shutting down"/);
    expect(output().stdout).toMatch(/"inFlight":1/);
    // A new connection is refused now that the server stopped listening.
    const refused = await fetch(`http://127.0.0.1:${port}/ready`).then(
      () => 'answered',
      (error: unknown) => String((error as { cause?: { code?: string } }).cause?.code),
    );
    expect(refused).toBe('ECONNREFUSED');
    // The rest of the body, and a pipelined /ready on the same connection.
    slow.socket.write(`${body.slice(10)}GET /ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    await slow.closed;
    const answers = slow.received();
    expect(answers).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(answers).toContain('{"data":{"port":{"number":3389}}}');
    expect(answers).toMatch(/HTTP\/1\.1 503 Service Unavailable[\s\S]*not ready/);
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(output().stdout).toContain('"msg":"stopped"');
    expect(output().stdout).not.toContain('shutdown grace over');
  });

  it('stops waiting after PORTDECK_SHUTDOWN_GRACE_MS for a request that never completes (edge)', async () => {
    const { child, output } = start({
      PORTDECK_GRAPHQL_HOST: '127.0.0.1',
      PORTDECK_GRAPHQL_PORT: '0',
      NODE_ENV: 'production',
      PORTDECK_DATA_DIR: dir,
      PORTDECK_SHUTDOWN_GRACE_MS: '300',
    });
    const exited = once(child, 'exit');
    const [, port] = await waitFor(() => output().stdout, listening);
    const stuck = rawConnection(Number(port));
    stuck.socket.write(
      'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
    );
    await untilInFlight(Number(port), 1);
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(output().stdout).toContain('shutdown grace over');
    await stuck.closed;
  });
});

describe.runIf(hasPostgres)(
  'database outage after the first connect (real process, PostgreSQL behind a proxy)',
  () => {
    it(
      'reports database: not ready while the proxy is down, answers statistics SERVICE_UNAVAILABLE, and recovers',
      { timeout: 240_000 },
      async () => {
        const schema = `portdeck_api_test_${randomBytes(5).toString('hex')}`;
        const proxy = await startTcpProxy(POSTGRES);
        const { child, output } = start({
          PORTDECK_GRAPHQL_HOST: '127.0.0.1',
          PORTDECK_GRAPHQL_PORT: '0',
          NODE_ENV: 'production',
          PORTDECK_DATABASE_URL: `postgres://postgres@127.0.0.1:${proxy.port}/postgres?schema=${schema}`,
          PORTDECK_DATABASE_CHECK_MS: '200',
        });
        const exited = once(child, 'exit');
        try {
          const [, port] = await waitFor(() => output().stdout, listening);
          const base = `http://127.0.0.1:${port}`;
          const readiness = async (): Promise<string> => (await fetch(`${base}/ready`)).text();
          await waitFor(() => output().stdout, /database connected/);
          expect(await readiness()).toContain('database: ready');

          await proxy.stop();
          await waitFor(() => output().stdout, /database unreachable/);
          const down = await fetch(`${base}/ready`);
          expect(down.status).toBe(200);
          expect(await down.text()).toContain('database: not ready');
          const statistics = await fetch(`${base}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: 'Bearer pdk_x' },
            body: JSON.stringify({ query: '{ registry { source } guild(id: "1") { id } }' }),
          });
          const answer = (await statistics.json()) as { data: unknown; errors: { extensions: unknown }[] };
          expect(answer.data).toEqual({ registry: { source: 'EMBEDDED' }, guild: null });
          expect(answer.errors[0]?.extensions).toEqual({
            code: 'SERVICE_UNAVAILABLE',
            reason: 'DATABASE_UNAVAILABLE',
          });

          await proxy.start();
          await waitFor(() => output().stdout, /database reachable again/);
          expect(await readiness()).toContain('database: ready');
        } finally {
          child.kill('SIGTERM');
          await proxy.stop();
          const client = new pg.Client({ connectionString: postgresUrl });
          await client.connect();
          await client.query(`drop schema if exists ${schema} cascade`);
          await client.end();
        }
        const [code] = (await exited) as [number | null];
        expect(code).toBe(0);
      },
    );
  },
);
