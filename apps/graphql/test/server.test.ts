import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SERVER = fileURLToPath(new URL('../src/server.ts', import.meta.url));

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
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
  for (let i = 0; i < 200; i++) {
    const match = pattern.exec(read());
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${String(pattern)} in ${read()}`);
}

describe('server.ts', () => {
  it('starts with the embedded registry, logs JSON, answers, and stops on SIGTERM', async () => {
    const { child, output } = start({
      PORTDECK_GRAPHQL_HOST: '127.0.0.1',
      PORTDECK_GRAPHQL_PORT: '0',
      NODE_ENV: 'production',
    });
    try {
      const [, url] = await waitFor(() => output().stdout, /"url":"(http:\/\/127\.0\.0\.1:\d+\/graphql)"/);
      const log = JSON.parse(output().stdout.split('\n')[0]!) as {
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
