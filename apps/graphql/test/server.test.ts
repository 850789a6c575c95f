import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SERVER = fileURLToPath(new URL('../src/server.ts', import.meta.url));

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--conditions=@portdeck/source', '--import', 'tsx', SERVER], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return { child, output: () => ({ stdout, stderr }) };
}

async function waitFor(read: () => string, pattern: RegExp): Promise<RegExpMatchArray> {
  // Generous: a loaded 2-core machine (the whole suite in parallel) starts node + tsx slowly.
  for (let i = 0; i < 600; i++) {
    const match = pattern.exec(read());
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${String(pattern)} in ${read()}`);
}

describe('server.ts', { timeout: 60_000 }, () => {
  it('starts with the embedded registry, logs JSON, answers, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portdeck-api-'));
    const { child, output } = start({
      PORTDECK_GRAPHQL_HOST: '127.0.0.1',
      PORTDECK_GRAPHQL_PORT: '0',
      NODE_ENV: 'production',
      PORTDECK_DATA_DIR: dir,
    });
    try {
      const [, url] = await waitFor(() => output().stdout, /"url":"(http:\/\/127\.0\.0\.1:\d+\/graphql)"/);
      const log = JSON.parse(
        output()
          .stdout.split('\n')
          .find((line) => line.includes('listening'))!,
      ) as {
        msg: string;
        mode: string;
        graphiql: boolean;
      };
      expect(log).toMatchObject({
        msg: 'portdeck GraphQL API listening',
        mode: 'production',
        graphiql: false,
      });
      const ready = await fetch(url!.replace('/graphql', '/ready'));
      expect(ready.status).toBe(200);
      const response = await fetch(`${url!}?query=${encodeURIComponent('{ registry { source } }')}`);
      expect(await response.json()).toEqual({ data: { registry: { source: 'EMBEDDED' } } });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stays up serving the registry while the database is unreachable, and /ready says so', async () => {
    const { child, output } = start({
      PORTDECK_GRAPHQL_HOST: '127.0.0.1',
      PORTDECK_GRAPHQL_PORT: '0',
      NODE_ENV: 'production',
      // Nothing listens on port 9 (discard): the connection is refused at once.
      PORTDECK_DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none',
    });
    try {
      const [, url] = await waitFor(() => output().stdout, /"url":"(http:\/\/127\.0\.0\.1:\d+\/graphql)"/);
      await waitFor(() => output().stdout, /database not ready/);
      const ready = await fetch(url!.replace('/graphql', '/ready'));
      expect(ready.status).toBe(200);
      expect(await ready.text()).toContain('database: not ready');
      const response = await fetch(url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer pdk_x' },
        body: JSON.stringify({ query: '{ registry { source } guild(id: "1") { id } }' }),
      });
      const body = (await response.json()) as { data: unknown; errors: { extensions: unknown }[] };
      expect(body.data).toEqual({ registry: { source: 'EMBEDDED' }, guild: null });
      expect(body.errors[0]?.extensions).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        reason: 'DATABASE_UNAVAILABLE',
      });
    } finally {
      child.kill('SIGTERM');
    }
    await once(child, 'exit');
  });

  it('refuses to start on an invalid environment, naming the variable', async () => {
    const { child, output } = start({ PORTDECK_GRAPHQL_PORT: '70000' });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(output().stderr).toContain('PORTDECK_GRAPHQL_PORT');
  });

  it('exits when PORTDECK_REGISTRY cannot be read', async () => {
    const { child, output } = start({
      PORTDECK_GRAPHQL_PORT: '0',
      PORTDECK_REGISTRY: '/nonexistent/ports.csv',
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(output().stdout).toContain('cannot load the registry');
  });
});
