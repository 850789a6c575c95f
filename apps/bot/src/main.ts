import { buildDecks, openRegistry } from '@portdeck/core';
import { describeLocation, openStore, storeOptionsFor } from '@portdeck/store';
import { commands } from './commands/index.ts';
import { readEnv } from './env.ts';
import { createBot } from './index.ts';
import { configureDaily } from './daily/index.ts';
import { schedulerWork } from './jobs/index.ts';
import { createLogger } from './logger.ts';
import { startBotHttp } from './observability/http.ts';
import { createBotMetrics } from './observability/metrics.ts';
import { createScheduler } from './scheduler.ts';
import { startShards } from './shards.ts';

/** How to turn the bot on; printed when no token is configured. */
export const ENABLE_HINT =
  'portdeck bot: disabled (DISCORD_TOKEN is not set). To enable it, set DISCORD_TOKEN and DISCORD_APPLICATION_ID, run `pnpm --filter @portdeck/bot register` once, then `pnpm start`. Try it without Discord: `pnpm --filter @portdeck/bot console`.';

const env = readEnv(process.env);
if (!env.ok) {
  console.error(`portdeck bot: invalid environment:\n  ${env.error.issues.join('\n  ')}`);
  process.exit(1);
}
const { token, shard, shards } = env.value;
const processLogger = createLogger(env.value.logLevel);
const logger = shard === undefined ? processLogger : processLogger.child({ shard: shard.id });

if (token === undefined) {
  // Exit 0: turbo (2.x) keeps the sibling GraphQL API running when this persistent task ends cleanly.
  console.log(ENABLE_HINT);
} else if (shards !== undefined && shard === undefined) {
  // The shard manager: spawns this same script once per shard (with SHARDS and SHARD_COUNT set) and respawns.
  const manager = await startShards({ token, apiUrl: env.value.apiUrl, shards, logger }).catch(
    (error: unknown) => {
      logger.fatal({ err: error }, 'could not start the shards');
      process.exit(1);
    },
  );
  logger.info({ totalShards: manager.totalShards, pids: Object.fromEntries(manager.pids()) }, 'shards ready');
  let isStopping = false;
  const shutdown = (signal: string): void => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, 'shutting down the shards');
    void manager.stop().then(() => {
      logger.info('shards stopped');
      process.exit(0);
    });
  };
  process.once('SIGINT', () => {
    shutdown('SIGINT');
  });
  process.once('SIGTERM', () => {
    shutdown('SIGTERM');
  });
} else {
  const opened = await openRegistry(env.value.registry);
  if (!opened.ok) {
    logger.fatal({ error: opened.error }, 'cannot load the registry');
    process.exit(1);
  }
  const registry = opened.value;
  registry.warmSearch();
  const database = describeLocation(env.value.database);
  // Connects, creates what is missing and applies pending migrations; a failure stops the bot before it logs in.
  const store = await openStore(storeOptionsFor(env.value.database)).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    logger.fatal({ err: error, database }, `could not open the database (${database}): ${reason}`);
    process.exit(1);
  });
  logger.info({ database, migrations: await store.migrations() }, 'database open');
  // Component custom ids carry a prefix, slash commands a name: both label the metrics.
  const metrics = createBotMetrics(commands.flatMap((c) => [c.data.name, c.componentPrefix ?? c.data.name]));
  const bot = createBot({
    registry,
    store,
    decks: buildDecks(registry),
    token,
    apiUrl: env.value.apiUrl,
    logger,
    metrics,
  });
  configureDaily(bot.context, { logger });
  // Scheduled work (daily posts, round deadlines) is claimed through the store: any process may run it, once.
  const scheduler = createScheduler({
    jobs: store.jobs,
    ...schedulerWork(bot.context),
    now: Date.now,
    logger,
    metrics,
  });
  let isStopping = false;
  const { host, port } = env.value.http;
  const http = await startBotHttp({
    host,
    port,
    metrics,
    readiness: {
      shards: () => bot.shards(),
      isDatabaseReady: () => answersWithin(store.ping(), 2000),
      isStopping: () => isStopping,
    },
  }).catch((error: unknown) => {
    logger.fatal({ err: error, host, port }, 'could not listen for /health, /ready and /metrics');
    process.exit(1);
  });
  logger.info(
    { url: `http://${host}:${http.port}`, port: http.port },
    'bot HTTP listening (/health, /ready, /metrics)',
  );
  const { shutdownGraceMs } = env.value;
  // Drain: no new interactions, those in flight and running jobs finish (bounded), held jobs are handed back.
  const shutdown = (signal: string): void => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal, interactionsInFlight: bot.inFlight() }, 'shutting down');
    Promise.all([
      bot.drain(shutdownGraceMs).then((isDrained) => {
        if (!isDrained)
          logger.warn({ inFlight: bot.inFlight() }, 'shutdown grace over with interactions in flight');
      }),
      scheduler.stop(shutdownGraceMs),
    ])
      .then(() => bot.stop())
      .then(() => store.close())
      .then(() => http.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', () => {
    shutdown('SIGINT');
  });
  process.once('SIGTERM', () => {
    shutdown('SIGTERM');
  });
  if (shard !== undefined) {
    // A shard process whose manager is gone (killed) would otherwise live on unsupervised.
    process.once('disconnect', () => {
      shutdown('manager disconnected');
    });
    // discord.js reports gateway events to the manager with process.send: once it is gone that emits an error.
    process.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ERR_IPC_CHANNEL_CLOSED') return;
      logger.error({ err: error }, 'process error');
    });
  }
  bot.start().then(
    () => {
      if (!isStopping) scheduler.start();
    },
    (error: unknown) => {
      logger.fatal({ err: error }, 'could not log in');
      process.exit(1);
    },
  );
}

/** Whether `work` resolves within `ms` (a dropped network answers nothing at all). */
async function answersWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, ms);
  });
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
