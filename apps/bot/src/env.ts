import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDatabaseUrl, type DatabaseLocation } from '@portdeck/store';
import { z } from 'zod';

/** Discord's own REST base; discord.js appends `/v10/...`. */
export const DISCORD_API_DEFAULT = 'https://discord.com/api';

/** `<repository root>/data`: the same place whether started from the root (`pnpm start`) or from apps/bot. */
export const DATA_DIR_DEFAULT = fileURLToPath(new URL('../../../data', import.meta.url));

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const snowflake = z
  .string()
  .trim()
  .regex(/^\d{17,20}$/, 'must be a Discord id (17-20 digits)');

/** Most shards PORTDECK_SHARDS may ask for (Discord's largest bots run a few thousand). */
export const MAX_SHARDS = 10_000;

const shardCount = z
  .string()
  .trim()
  .regex(/^(auto|\d+)$/, `must be auto or a number of shards (1 to ${String(MAX_SHARDS)})`)
  .transform((value) => (value === 'auto' ? ('auto' as const) : Number(value)))
  .refine((value) => value === 'auto' || (value >= 1 && value <= MAX_SHARDS), {
    message: `must be auto or a number of shards (1 to ${String(MAX_SHARDS)})`,
  });

// Set by discord.js's ShardingManager for each shard process it spawns.
const shardNumber = z.string().trim().regex(/^\d+$/, 'must be a whole number').transform(Number);

const schema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.pipe(snowflake.optional()),
  DISCORD_GUILD_ID: optionalText.pipe(snowflake.optional()),
  DISCORD_API_URL: optionalText.pipe(z.url().optional()),
  PORTDECK_DATA_DIR: optionalText,
  PORTDECK_DATABASE_URL: optionalText,
  PORTDECK_REGISTRY: optionalText,
  PORTDECK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORTDECK_SHARDS: optionalText.pipe(shardCount.optional()),
  SHARDS: optionalText.pipe(shardNumber.optional()),
  SHARD_COUNT: optionalText.pipe(shardNumber.optional()),
  PORTDECK_BOT_HTTP_HOST: optionalText,
  // 4001: beside the API's 4000; 0 picks a free port (logged).
  PORTDECK_BOT_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  PORTDECK_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
});

/** The bot's configuration, read once from the environment. */
export interface BotEnv {
  /** Bot token; undefined means the bot is not enabled. */
  readonly token: string | undefined;
  readonly applicationId: string | undefined;
  /** Register commands to this guild only (development) instead of globally. */
  readonly guildId: string | undefined;
  /** REST base without the version, e.g. `https://discord.com/api` or a local double's `http://127.0.0.1:PORT/api`. */
  readonly apiUrl: string;
  /** Absolute directory for the embedded SQLite database (created on start). */
  readonly dataDir: string;
  /** `PORTDECK_DATABASE_URL`: PostgreSQL, or SQLite (by default `portdeck.db` under `dataDir`). */
  readonly database: DatabaseLocation;
  /** Path or http(s) URL of IANA's CSV to answer from; undefined means the embedded registry. */
  readonly registry: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * `PORTDECK_SHARDS`: run a shard manager spawning this many shard processes (`auto`: as many as Discord's
   * `GET /gateway/bot` recommends); undefined means one process holding the only shard.
   */
  readonly shards: 'auto' | number | undefined;
  /** Which shard this process is, when a shard manager spawned it (`SHARDS` and `SHARD_COUNT`). */
  readonly shard: { readonly id: number; readonly count: number } | undefined;
  /**
   * Where `/health`, `/ready` and `/metrics` listen (default localhost:4001; port 0 picks a free one); shard N of a
   * manager listens on the port + N.
   */
  readonly http: { readonly host: string; readonly port: number };
  /** How long SIGTERM waits for interactions and jobs in flight. */
  readonly shutdownGraceMs: number;
}

/** What is wrong with the environment, one line per variable. */
export interface EnvError {
  readonly issues: readonly string[];
}

/** Reads and validates the bot's environment variables (pass `process.env`); a relative data dir is taken from `cwd`. */
export function readEnv(
  source: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): { ok: true; value: BotEnv } | { ok: false; error: EnvError } {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    return {
      ok: false,
      error: { issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) },
    };
  }
  const env = parsed.data;
  const dataDir =
    env.PORTDECK_DATA_DIR === undefined ? DATA_DIR_DEFAULT : resolve(cwd, env.PORTDECK_DATA_DIR);
  const database = parseDatabaseUrl(env.PORTDECK_DATABASE_URL, dataDir);
  if (!database.ok) return { ok: false, error: { issues: [`PORTDECK_DATABASE_URL: ${database.error}`] } };
  const shard = readShard(env.SHARDS, env.SHARD_COUNT);
  if (!shard.ok) return { ok: false, error: { issues: [shard.error] } };
  return {
    ok: true,
    value: {
      token: env.DISCORD_TOKEN,
      applicationId: env.DISCORD_APPLICATION_ID,
      guildId: env.DISCORD_GUILD_ID,
      apiUrl: (env.DISCORD_API_URL ?? DISCORD_API_DEFAULT).replace(/\/+$/, ''),
      dataDir,
      database: database.value,
      registry: env.PORTDECK_REGISTRY,
      logLevel: env.PORTDECK_LOG_LEVEL,
      shards: env.PORTDECK_SHARDS,
      shard: shard.value,
      http: {
        host: env.PORTDECK_BOT_HTTP_HOST ?? 'localhost',
        // A manager's shard processes each listen on their own port: the configured one plus the shard id (0: any).
        port:
          env.PORTDECK_BOT_HTTP_PORT === 0 || shard.value === undefined
            ? env.PORTDECK_BOT_HTTP_PORT
            : env.PORTDECK_BOT_HTTP_PORT + shard.value.id,
      },
      shutdownGraceMs: env.PORTDECK_SHUTDOWN_GRACE_MS,
    },
  };
}

function readShard(
  id: number | undefined,
  count: number | undefined,
): { ok: true; value: BotEnv['shard'] } | { ok: false; error: string } {
  if (id === undefined && count === undefined) return { ok: true, value: undefined };
  if (id === undefined || count === undefined)
    return { ok: false, error: 'SHARDS, SHARD_COUNT: set both (the shard manager does) or neither' };
  if (count < 1 || id >= count)
    return { ok: false, error: `SHARDS: shard ${String(id)} does not exist among ${String(count)}` };
  return { ok: true, value: { id, count } };
}
