import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DATA_DIR_DEFAULT, EnvError, readEnv, WEB_DIR_DEFAULT } from '../src/env.ts';

describe('readEnv', () => {
  it('defaults to localhost:4000 in development with GraphiQL, any CORS origin and the embedded registry', () => {
    expect(readEnv({})).toEqual({
      host: 'localhost',
      port: 4000,
      mode: 'development',
      graphiql: true,
      corsOrigins: [],
      registry: undefined,
      logLevel: 'info',
      database: { kind: 'sqlite', path: join(DATA_DIR_DEFAULT, 'portdeck.db') },
      rateLimitPerMinute: 120,
      webDir: WEB_DIR_DEFAULT,
      accessLog: false,
      databaseCheckMs: 5000,
      shutdownGraceMs: 10_000,
    });
    expect(WEB_DIR_DEFAULT).toMatch(/apps[/\\]web[/\\]dist$/);
    expect(readEnv({ PORTDECK_WEB_DIR: '/srv/web' }).webDir).toBe('/srv/web');
  });

  it('reads the operations variables, and refuses a check interval too short to be cheap', () => {
    expect(
      readEnv({
        PORTDECK_ACCESS_LOG: '1',
        PORTDECK_DATABASE_CHECK_MS: '250',
        PORTDECK_SHUTDOWN_GRACE_MS: '0',
      }),
    ).toMatchObject({ accessLog: true, databaseCheckMs: 250, shutdownGraceMs: 0 });
    expect(() => readEnv({ PORTDECK_DATABASE_CHECK_MS: '10' })).toThrow(/PORTDECK_DATABASE_CHECK_MS/);
    expect(() => readEnv({ PORTDECK_ACCESS_LOG: 'yes' })).toThrow(/PORTDECK_ACCESS_LOG/);
  });

  it("reads the bot's database as the bot does, and refuses a bad URL or rate without echoing a password", () => {
    expect(
      readEnv({
        PORTDECK_DATABASE_URL: 'postgres://u:secret@db:5432/portdeck?schema=bot',
        PORTDECK_RATE_LIMIT: '30',
      }),
    ).toMatchObject({
      database: { kind: 'postgres', schema: 'bot', redacted: 'postgres://u:***@db:5432/portdeck?schema=bot' },
      rateLimitPerMinute: 30,
    });
    expect(readEnv({ PORTDECK_DATA_DIR: '/srv/portdeck' }).database).toEqual({
      kind: 'sqlite',
      path: '/srv/portdeck/portdeck.db',
    });
    expect(() => readEnv({ PORTDECK_DATABASE_URL: 'mysql://u:secret@db/x' })).toThrow(
      /PORTDECK_DATABASE_URL/,
    );
    expect(() => readEnv({ PORTDECK_DATABASE_URL: 'mysql://u:secret@db/x' })).not.toThrow(/secret/);
    expect(() => readEnv({ PORTDECK_RATE_LIMIT: '0' })).toThrow(/PORTDECK_RATE_LIMIT/);
  });

  it('reads every variable; production turns GraphiQL off unless asked', () => {
    const env = readEnv({
      PORTDECK_GRAPHQL_HOST: '0.0.0.0',
      PORTDECK_GRAPHQL_PORT: '8080',
      NODE_ENV: 'production',
      PORTDECK_CORS_ORIGINS: 'https://a.example, http://localhost:5173',
      PORTDECK_REGISTRY: './service-names-port-numbers.csv',
      PORTDECK_LOG_LEVEL: 'warn',
    });
    expect(env).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      mode: 'production',
      graphiql: false,
      corsOrigins: ['https://a.example', 'http://localhost:5173'],
      registry: './service-names-port-numbers.csv',
      logLevel: 'warn',
    });
    expect(readEnv({ NODE_ENV: 'production', PORTDECK_GRAPHIQL: 'true' }).graphiql).toBe(true);
    expect(readEnv({ NODE_ENV: 'production', PORTDECK_MODE: 'development' }).mode).toBe('development');
  });

  it('fails once with every bad variable named', () => {
    let error: unknown;
    try {
      readEnv({
        PORTDECK_GRAPHQL_PORT: '70000',
        PORTDECK_MODE: 'staging',
        PORTDECK_CORS_ORIGINS: 'https://a.example/path',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as EnvError).message;
    expect(message).toContain('PORTDECK_GRAPHQL_PORT');
    expect(message).toContain('PORTDECK_MODE');
    expect(message).toContain('PORTDECK_CORS_ORIGINS');
  });

  it('treats an empty origin list as no restriction and rejects a port that is not a number', () => {
    expect(readEnv({ PORTDECK_CORS_ORIGINS: ' , ' }).corsOrigins).toEqual([]);
    expect(() => readEnv({ PORTDECK_GRAPHQL_PORT: 'http' })).toThrow(EnvError);
  });
});
