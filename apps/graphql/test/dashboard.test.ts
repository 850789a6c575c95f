import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDashboardUrl, withDashboard } from '../src/dashboard.ts';
import { createCachingListener, type CachingListener } from '../src/response-cache.ts';
import { GRAPHQL_ENDPOINT, MAX_REQUEST_BODY_BYTES } from '../src/yoga.ts';
import { api } from './helpers.ts';

let root: string;
let built: string;
let graphql: CachingListener;
const servers: Server[] = [];

async function start(dir: string): Promise<string> {
  const server = createServer(withDashboard({ dir }, graphql));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let url: string;
let unbuiltUrl: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'portdeck-dashboard-'));
  built = join(root, 'dist');
  mkdirSync(join(built, 'assets'), { recursive: true });
  writeFileSync(
    join(built, 'index.html'),
    '<!doctype html><script src="/dashboard/assets/index-abc123.js"></script>',
  );
  writeFileSync(join(built, 'assets', 'index-abc123.js'), 'console.log(1);');
  writeFileSync(join(built, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'not for the web');
  graphql = createCachingListener(api(), {
    endpoint: GRAPHQL_ENDPOINT,
    maxRequestBytes: MAX_REQUEST_BODY_BYTES,
  });
  url = await start(built);
  unbuiltUrl = await start(join(root, 'missing'));
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  rmSync(root, { recursive: true, force: true });
});

/** A raw request, so paths reach the server exactly as written (fetch would normalise `..`). */
async function raw(
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: Headers; body: string }> {
  const { request } = await import('node:http');
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === 'string') headers.set(name, value);
        }
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the dashboard at /dashboard', () => {
  it('serves the page uncached and hashed assets for a year, with their types', async () => {
    const page = await raw('/dashboard/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(page.body).toContain('index-abc123.js');
    const script = await raw('/dashboard/assets/index-abc123.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.body).toBe('console.log(1);');
    expect((await raw('/dashboard/assets/index-abc123.css')).headers.get('content-type')).toContain(
      'text/css',
    );
    const head = await raw('/dashboard/assets/index-abc123.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers.get('content-length')).toBe('15');
  });

  it('redirects /dashboard to /dashboard/ and refuses other methods', async () => {
    const bare = await raw('/dashboard?x=1');
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/dashboard/?x=1');
    const post = await raw('/dashboard/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 404 to unknown assets and to every path that tries to leave the build', async () => {
    for (const path of [
      '/dashboard/assets/index-missing.js',
      '/dashboard/assets/../../secret.txt',
      '/dashboard/assets/..%2F..%2Fsecret.txt',
      '/dashboard/assets/%2e%2e/%2e%2e/secret.txt',
      '/dashboard/../secret.txt',
      '/dashboard/assets/',
      '/dashboard/assets/index-abc123.js/',
      '/dashboard/index.html/..',
      '/dashboard/secret.txt',
      '/dashboard/assets/.hidden.js',
    ]) {
      const answer = await raw(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).not.toContain('not for the web');
    }
  });

  it('says how to build the page when the build is missing', async () => {
    const answer = await fetch(`${unbuiltUrl}/dashboard/`);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(await answer.text()).toContain('pnpm --filter @portdeck/web build');
    expect((await fetch(`${unbuiltUrl}/dashboard/assets/index-abc123.js`)).status).toBe(404);
  });

  it('leaves /graphql to the response cache: a repeated query is still a cache hit', async () => {
    const query = `${url}/graphql?query=${encodeURIComponent('{ classify(port: 443) { class } }')}`;
    const before = graphql.stats();
    for (let i = 0; i < 3; i++) {
      const answer = await fetch(query, { headers: { accept: 'application/json' } });
      expect(await answer.json()).toEqual({ data: { classify: { class: 'SYSTEM' } } });
    }
    const after = graphql.stats();
    expect(after.misses - before.misses).toBe(1);
    expect(after.hits - before.hits).toBe(2);
  });

  it('claims only its own prefix', () => {
    expect(isDashboardUrl('/dashboard')).toBe(true);
    expect(isDashboardUrl('/dashboard/assets/x.js')).toBe(true);
    expect(isDashboardUrl('/dashboard?x')).toBe(true);
    expect(isDashboardUrl('/dashboards')).toBe(false);
    expect(isDashboardUrl('/graphql')).toBe(false);
    expect(isDashboardUrl('/')).toBe(false);
  });
});
