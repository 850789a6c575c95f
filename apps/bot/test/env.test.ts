import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DATA_DIR_DEFAULT, DISCORD_API_DEFAULT, MAX_SHARDS, readEnv } from '../src/env.ts';

describe('readEnv', () => {
  it('reads a full configuration and strips a trailing slash from the API URL', () => {
    const env = readEnv({
      DISCORD_TOKEN: 'abc.def',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_GUILD_ID: '223456789012345678',
      DISCORD_API_URL: 'http://127.0.0.1:3000/api/',
      PORTDECK_REGISTRY: ' /srv/iana/service-names-port-numbers.csv ',
      PORTDECK_LOG_LEVEL: 'debug',
      PORTDECK_DATABASE_URL: 'postgresql://portdeck@127.0.0.1/portdeck',
    });
    expect(env).toEqual({
      ok: true,
      value: {
        token: 'abc.def',
        applicationId: '123456789012345678',
        guildId: '223456789012345678',
        apiUrl: 'http://127.0.0.1:3000/api',
        dataDir: DATA_DIR_DEFAULT,
        database: {
          kind: 'postgres',
          connectionString: 'postgresql://portdeck@127.0.0.1/portdeck',
          schema: 'public',
          redacted: 'postgresql://portdeck@127.0.0.1/portdeck',
        },
        registry: '/srv/iana/service-names-port-numbers.csv',
        logLevel: 'debug',
        http: { host: 'localhost', port: 4001 },
        shutdownGraceMs: 10_000,
      },
    });
  });

  it('reads the HTTP endpoint and the shutdown grace; 0 picks a free port, a bad port is named', () => {
    const env = readEnv({
      PORTDECK_BOT_HTTP_HOST: '0.0.0.0',
      PORTDECK_BOT_HTTP_PORT: '0',
      PORTDECK_SHUTDOWN_GRACE_MS: '2500',
    });
    expect(env.ok && env.value.http).toEqual({ host: '0.0.0.0', port: 0 });
    expect(env.ok && env.value.shutdownGraceMs).toBe(2500);
    const bad = readEnv({ PORTDECK_BOT_HTTP_PORT: '70000', PORTDECK_SHUTDOWN_GRACE_MS: '-1' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.issues.join('\n')).toMatch(/PORTDECK_BOT_HTTP_PORT/);
      expect(bad.error.issues.join('\n')).toMatch(/PORTDECK_SHUTDOWN_GRACE_MS/);
    }
  });

  it('names every bad variable', () => {
    const env = readEnv({
      DISCORD_APPLICATION_ID: 'me',
      DISCORD_API_URL: 'not a url',
      PORTDECK_LOG_LEVEL: 'loud',
    });
    expect(env.ok).toBe(false);
    if (!env.ok) {
      expect(env.error.issues.join('\n')).toMatch(/DISCORD_APPLICATION_ID/);
      expect(env.error.issues.join('\n')).toMatch(/DISCORD_API_URL/);
      expect(env.error.issues.join('\n')).toMatch(/PORTDECK_LOG_LEVEL/);
    }
  });

  it('treats empty values as unset and defaults to Discord (edge)', () => {
    const env = readEnv({ DISCORD_TOKEN: '  ', DISCORD_API_URL: '' });
    expect(env.ok && env.value.token).toBeUndefined();
    expect(env.ok && env.value.apiUrl).toBe(DISCORD_API_DEFAULT);
    expect(env.ok && env.value.registry).toBeUndefined();
  });

  it('puts the database under <repo>/data by default and resolves a relative PORTDECK_DATA_DIR from cwd', () => {
    const byDefault = readEnv({});
    expect(byDefault.ok && byDefault.value.database).toEqual({
      kind: 'sqlite',
      path: join(DATA_DIR_DEFAULT, 'portdeck.db'),
    });
    expect(DATA_DIR_DEFAULT).toBe(fileURLToPath(new URL('../../../data', import.meta.url)));
    const relative = readEnv({ PORTDECK_DATA_DIR: 'var/db' }, '/srv/portdeck');
    expect(relative.ok && relative.value.dataDir).toBe('/srv/portdeck/var/db');
    const absolute = readEnv({ PORTDECK_DATA_DIR: '/data/x ' }, '/elsewhere');
    expect(absolute.ok && absolute.value.database).toEqual({ kind: 'sqlite', path: '/data/x/portdeck.db' });
  });

  it('reads PORTDECK_DATABASE_URL: PostgreSQL with an optional schema, or a SQLite file elsewhere', () => {
    const pg = readEnv({
      PORTDECK_DATABASE_URL: 'postgres://bot:hunter2@db.internal:5432/portdeck?schema=study',
    });
    expect(pg.ok && pg.value.database).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://bot:hunter2@db.internal:5432/portdeck',
      schema: 'study',
      redacted: 'postgres://bot:***@db.internal:5432/portdeck?schema=study',
    });
    const file = readEnv({ PORTDECK_DATABASE_URL: 'sqlite:var/portdeck.db' }, '/srv');
    expect(file.ok && file.value.database).toEqual({
      kind: 'sqlite',
      path: expect.stringMatching(/\/var\/portdeck\.db$/) as unknown,
    });
  });

  it('refuses a database URL it cannot use, without echoing the password', () => {
    for (const url of [
      'mysql://root:hunter2@localhost/portdeck',
      'postgres://u:hunter2@',
      'sqlite:',
      'postgres://u:p@h/d?schema=Drop;',
    ]) {
      const env = readEnv({ PORTDECK_DATABASE_URL: url });
      expect(env.ok).toBe(false);
      if (env.ok) continue;
      expect(env.error.issues.join('\n')).toMatch(/^PORTDECK_DATABASE_URL: /);
      expect(env.error.issues.join('\n')).not.toContain('hunter2');
    }
  });
});

describe('readEnv: shards', () => {
  it('reads PORTDECK_SHARDS as auto or a count, and the shard a manager spawned this process as', () => {
    const auto = readEnv({ PORTDECK_SHARDS: ' auto ' });
    expect(auto.ok && auto.value.shards).toBe('auto');
    const two = readEnv({ PORTDECK_SHARDS: '2', SHARDS: '1', SHARD_COUNT: '2' });
    expect(two.ok && two.value.shards).toBe(2);
    expect(two.ok && two.value.shard).toEqual({ id: 1, count: 2 });
  });

  it('gives each shard process its own HTTP port: the configured one plus its id (0 stays any)', () => {
    const shard = (id: string, port?: string) =>
      readEnv({
        SHARDS: id,
        SHARD_COUNT: '3',
        ...(port === undefined ? {} : { PORTDECK_BOT_HTTP_PORT: port }),
      });
    const ports = [shard('0'), shard('2'), shard('2', '5000'), shard('1', '0'), readEnv({})].map((env) =>
      env.ok ? env.value.http.port : undefined,
    );
    expect(ports).toEqual([4001, 4003, 5002, 0, 4001]);
  });

  it('refuses a shard count that is not auto or 1 to 10000, naming the variable', () => {
    for (const bad of ['0', '-1', '1.5', 'two', 'automatic', String(MAX_SHARDS + 1)]) {
      const env = readEnv({ PORTDECK_SHARDS: bad });
      expect(env.ok, bad).toBe(false);
      if (!env.ok)
        expect(env.error.issues).toEqual([
          `PORTDECK_SHARDS: must be auto or a number of shards (1 to ${String(MAX_SHARDS)})`,
        ]);
    }
  });

  it('leaves both unset by default (one process) and refuses a shard outside its count (edge)', () => {
    const unset = readEnv({ PORTDECK_SHARDS: '' });
    expect(unset.ok && unset.value.shards).toBeUndefined();
    expect(unset.ok && unset.value.shard).toBeUndefined();
    const outside = readEnv({ SHARDS: '2', SHARD_COUNT: '2' });
    expect(!outside.ok && outside.error.issues).toEqual(['SHARDS: shard 2 does not exist among 2']);
    const half = readEnv({ SHARDS: '0' });
    expect(!half.ok && half.error.issues[0]).toMatch(/SHARD_COUNT/);
  });
});
