import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import type { Logger } from 'pino';

/** The script every shard process runs, and the node flags it needs. */
export interface ShardEntry {
  readonly file: string;
  readonly execArgv: readonly string[];
}

/**
 * The one place that says what a shard process runs: `main` beside this module, through tsx when this module
 * is TypeScript source (`node --import tsx`), plain node when it was built to JavaScript.
 * @param moduleUrl - the URL of the module standing in for this one (tests)
 */
export function shardEntry(moduleUrl: string = import.meta.url): ShardEntry {
  const isSource = moduleUrl.endsWith('.ts');
  return {
    file: fileURLToPath(new URL(isSource ? './main.ts' : './main.js', moduleUrl)),
    execArgv: isSource ? ['--conditions=@portdeck/source', '--import', 'tsx'] : [],
  };
}

/** What `GET /gateway/bot` says about sharding. */
export interface GatewayBotInfo {
  /** Discord's recommended shard count. */
  readonly shards: number;
  /** IDENTIFYs allowed per 5 s (shards share a bucket when `id % maxConcurrency` is equal). */
  readonly maxConcurrency: number;
  /** Sessions this bot may still start today. */
  readonly remaining: number;
}

/**
 * Asks Discord (or a double) through `apiUrl`. discord.js's own `totalShards: 'auto'` always asks
 * discord.com, whatever REST base the client uses, so the manager asks here and passes a number.
 */
export async function fetchGatewayBot(apiUrl: string, token: string): Promise<GatewayBotInfo> {
  const rest = new REST({ api: apiUrl }).setToken(token);
  const body = (await rest.get(Routes.gatewayBot())) as {
    shards: number;
    session_start_limit: { max_concurrency: number; remaining: number };
  };
  return {
    shards: body.shards,
    maxConcurrency: body.session_start_limit.max_concurrency,
    remaining: body.session_start_limit.remaining,
  };
}

/**
 * Pause between starting one shard and the next. Discord allows one IDENTIFY per bucket per 5 s; the manager
 * starts shards one after another, so shards of one bucket (`maxConcurrency` apart) start this many pauses
 * apart. 5.5 s is discord.js's own default for `max_concurrency` 1.
 */
export function spawnDelayMs(maxConcurrency: number): number {
  return Math.ceil(5_500 / Math.max(1, maxConcurrency));
}

/**
 * When to start a dead shard again. Every start is an IDENTIFY, and Discord allows 1,000 a day: a shard that
 * crashes soon after every start (a bad deploy, a database that refuses it) must not spend them all. A death
 * after a stable run is respawned at once; each further death within `stableMs` of its start waits twice as
 * long as the one before, from `baseMs` up to `maxMs`.
 */
export function respawnPolicy(
  options: { readonly stableMs?: number; readonly baseMs?: number; readonly maxMs?: number } = {},
): { delayAfterDeath(startedAt: number, diedAt: number): number } {
  const { stableMs = 60_000, baseMs = 5_000, maxMs = 300_000 } = options;
  let quickDeaths = 0;
  return {
    delayAfterDeath(startedAt, diedAt) {
      quickDeaths = diedAt - startedAt < stableMs ? quickDeaths + 1 : 1;
      return quickDeaths <= 1 ? 0 : Math.min(baseMs * 2 ** (quickDeaths - 2), maxMs);
    },
  };
}

/** Options for {@link startShards}. */
export interface ShardsOptions {
  readonly token: string;
  /** REST base, e.g. `https://discord.com/api` or a double's. */
  readonly apiUrl: string;
  /** `PORTDECK_SHARDS`. */
  readonly shards: 'auto' | number;
  readonly logger: Logger;
  /** Defaults to {@link shardEntry}. */
  readonly entry?: ShardEntry;
  /** How long a shard may take to become ready, ms (default 60 s). */
  readonly readyTimeoutMs?: number;
}

/** A running shard manager: one child process per shard, each a full bot process. */
export interface Shards {
  readonly manager: ShardingManager;
  readonly totalShards: number;
  /** The live process id of each shard (undefined while one is being respawned). */
  pids(): ReadonlyMap<number, number | undefined>;
  /** Stops respawning, sends SIGTERM to every shard process and waits for them to exit. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
  });
}

/**
 * Spawns one process per shard with discord.js's ShardingManager and keeps them up: a shard whose process dies
 * is spawned again ({@link respawnPolicy}). Every shard process opens the same database and runs its own scheduler; jobs are
 * claimed through the store, so each runs once whichever shard's process claims it.
 * Resolves once every shard is ready; rejects (after stopping the others) when one cannot start.
 */
export async function startShards(options: ShardsOptions): Promise<Shards> {
  const { logger, token } = options;
  const entry = options.entry ?? shardEntry();
  const gateway = await fetchGatewayBot(options.apiUrl, token);
  const totalShards = options.shards === 'auto' ? gateway.shards : options.shards;
  if (gateway.remaining < totalShards)
    logger.warn({ remaining: gateway.remaining, totalShards }, 'fewer session starts left today than shards');
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  // Respawning is ours (below), not the manager's: discord.js respawns at once, however often a shard dies.
  const manager = new ShardingManager(entry.file, {
    totalShards,
    token,
    execArgv: [...entry.execArgv],
    respawn: false,
  });
  let isStopping = false;
  const pendingRespawns = new Set<NodeJS.Timeout>();
  manager.on('shardCreate', (shard: Shard) => {
    const bindings = { shard: shard.id, totalShards };
    const policy = respawnPolicy();
    let pid: number | undefined;
    let startedAt = Date.now();
    // Mode 'process' (the default): every shard is a ChildProcess, never a Worker.
    shard.on('spawn', (child) => {
      pid = 'pid' in child ? child.pid : undefined;
      startedAt = Date.now();
      logger.info({ ...bindings, pid }, 'shard spawned');
    });
    shard.on('ready', () => {
      logger.info({ ...bindings, pid }, 'shard ready');
    });
    shard.on('death', (child) => {
      if (isStopping || !('pid' in child)) return;
      const delayMs = policy.delayAfterDeath(startedAt, Date.now());
      logger.warn(
        { ...bindings, pid: child.pid, code: child.exitCode, signal: child.signalCode, respawnInMs: delayMs },
        'shard died; respawning',
      );
      // Not unref'd: while every shard is down, this timer is what keeps the manager alive.
      const timer = setTimeout(() => {
        pendingRespawns.delete(timer);
        shard.spawn(readyTimeoutMs).catch((error: unknown) => {
          logger.error({ ...bindings, err: error }, 'shard respawn failed');
        });
      }, delayMs);
      pendingRespawns.add(timer);
    });
    shard.on('error', (error: Error) => {
      logger.error({ ...bindings, err: error }, 'shard error');
    });
  });
  const stop = async (): Promise<void> => {
    isStopping = true;
    for (const timer of pendingRespawns) clearTimeout(timer);
    await Promise.all(
      manager.shards.map((shard) => {
        const child = shard.process;
        if (child === null) return Promise.resolve();
        // SIGTERM: the shard process closes its gateway, scheduler and database, then exits.
        child.kill('SIGTERM');
        return exited(child, 10_000);
      }),
    );
  };
  logger.info(
    { totalShards, recommended: gateway.shards, maxConcurrency: gateway.maxConcurrency },
    'starting shards',
  );
  try {
    await manager.spawn({
      amount: totalShards,
      delay: spawnDelayMs(gateway.maxConcurrency),
      timeout: readyTimeoutMs,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    manager,
    totalShards,
    pids: () => new Map(manager.shards.map((shard) => [shard.id, shard.process?.pid])),
    stop,
  };
}
