import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDatabaseUrl, type DatabaseLocation } from '@portdeck/store';
import { z } from 'zod';

/** The bot's default data directory: the API reads the same database by default. */
export const DATA_DIR_DEFAULT = fileURLToPath(new URL('../../../data', import.meta.url));

/** Where apps/web builds the dashboard this API serves at /dashboard. */
export const WEB_DIR_DEFAULT = fileURLToPath(new URL('../../web/dist', import.meta.url));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const booleanText = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const origin = z
  .string()
  .trim()
  .refine((value) => value === '*' || /^https?:\/\/[^/\s]+$/i.test(value), {
    message: 'each origin must be "*" or scheme://host[:port] without a path',
  });

const schema = z.object({
  // localhost by default: a fresh checkout should not expose the API to the network; containers set 0.0.0.0.
  PORTDECK_GRAPHQL_HOST: z.string().trim().min(1).default('localhost'),
  PORTDECK_GRAPHQL_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  PORTDECK_MODE: z.enum(['development', 'production']).optional(),
  NODE_ENV: z.string().optional(),
  PORTDECK_GRAPHIQL: booleanText.optional(),
  PORTDECK_CORS_ORIGINS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    )
    .pipe(z.array(origin)),
  PORTDECK_REGISTRY: z.string().trim().min(1).optional(),
  PORTDECK_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  PORTDECK_DATA_DIR: z.string().trim().min(1).optional(),
  PORTDECK_DATABASE_URL: z.string().optional(),
  PORTDECK_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(120),
  PORTDECK_WEB_DIR: z.string().trim().min(1).optional(),
  PORTDECK_ACCESS_LOG: booleanText.default(false),
  PORTDECK_DATABASE_CHECK_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  PORTDECK_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
});

/** The API's settings, read once from the environment at start-up. */
export interface Env {
  readonly host: string;
  readonly port: number;
  readonly mode: 'development' | 'production';
  /** Whether GraphiQL is served on GET /graphql to browsers (default: development only). */
  readonly graphiql: boolean;
  /** Allowed CORS origins; empty means any origin (the API is public, read-only and sends no cookies). */
  readonly corsOrigins: readonly string[];
  /** Path or URL of an IANA CSV, or undefined for the embedded registry. */
  readonly registry: string | undefined;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** The bot's database (`PORTDECK_DATABASE_URL`, parsed as the bot parses it), read for statistics. */
  readonly database: DatabaseLocation;
  /** Statistics requests per token per minute (a token bucket per process). */
  readonly rateLimitPerMinute: number;
  /** The built dashboard (apps/web's dist), served at /dashboard. */
  readonly webDir: string;
  /** One log line per request (`PORTDECK_ACCESS_LOG`, default off). */
  readonly accessLog: boolean;
  /** How often the database is pinged once connected; `/ready` reports the last answer. */
  readonly databaseCheckMs: number;
  /** How long SIGTERM waits for requests in flight before closing their connections. */
  readonly shutdownGraceMs: number;
}

/** Raised when the environment is invalid; the message lists every bad variable. */
export class EnvError extends Error {
  override readonly name = 'EnvError';
}

/** Parses and validates the environment (pass process.env); throws EnvError naming each bad variable. */
export function readEnv(source: Readonly<Record<string, string | undefined>>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`,
    );
    throw new EnvError(`Invalid environment for @portdeck/graphql:\n${lines.join('\n')}`);
  }
  const value = parsed.data;
  const dataDir = value.PORTDECK_DATA_DIR === undefined ? DATA_DIR_DEFAULT : resolve(value.PORTDECK_DATA_DIR);
  const database = parseDatabaseUrl(value.PORTDECK_DATABASE_URL, dataDir);
  if (!database.ok) {
    throw new EnvError(
      `Invalid environment for @portdeck/graphql:\n  PORTDECK_DATABASE_URL: ${database.error}`,
    );
  }
  const mode = value.PORTDECK_MODE ?? (value.NODE_ENV === 'production' ? 'production' : 'development');
  return {
    host: value.PORTDECK_GRAPHQL_HOST,
    port: value.PORTDECK_GRAPHQL_PORT,
    mode,
    graphiql: value.PORTDECK_GRAPHIQL ?? mode === 'development',
    corsOrigins: value.PORTDECK_CORS_ORIGINS,
    registry: value.PORTDECK_REGISTRY,
    logLevel: value.PORTDECK_LOG_LEVEL,
    database: database.value,
    rateLimitPerMinute: value.PORTDECK_RATE_LIMIT,
    webDir: value.PORTDECK_WEB_DIR === undefined ? WEB_DIR_DEFAULT : resolve(value.PORTDECK_WEB_DIR),
    accessLog: value.PORTDECK_ACCESS_LOG,
    databaseCheckMs: value.PORTDECK_DATABASE_CHECK_MS,
    shutdownGraceMs: value.PORTDECK_SHUTDOWN_GRACE_MS,
  };
}
