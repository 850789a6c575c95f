import { createServer } from 'node:http';
import { openRegistry } from '@portdeck/core';
import { describeLocation, openStore, storeOptionsFor, type Store } from '@portdeck/store';
import { pino } from 'pino';
import { watchDatabase } from './database-health.ts';
import { EnvError, readEnv } from './env.ts';
import { createApiMetrics } from './metrics.ts';
import { createApiListener } from './observed-listener.ts';
import { createApi, GRAPHQL_ENDPOINT } from './yoga.ts';

let env;
try {
  env = readEnv(process.env);
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const logger = pino({ level: env.logLevel, base: { service: '@portdeck/graphql' } });

const opened = await openRegistry(env.registry);
if (!opened.ok) {
  logger.fatal({ error: opened.error }, 'cannot load the registry');
  process.exit(1);
}
const registry = opened.value;

// The API serves the registry even while the database is unreachable: statistics wait for this to connect.
let store: Store | undefined;
let isStopping = false;
const connect = async (): Promise<void> => {
  for (let delayMs = 1000; !isStopping; delayMs = Math.min(delayMs * 2, 30_000)) {
    try {
      store = await openStore(storeOptionsFor(env.database));
      logger.info({ database: describeLocation(env.database) }, 'database connected');
      return;
    } catch (error) {
      logger.warn(
        { err: error, database: describeLocation(env.database), retryInMs: delayMs },
        'database not ready',
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
    }
  }
};
const database = watchDatabase({
  store: () => store,
  intervalMs: env.databaseCheckMs,
  timeoutMs: Math.min(env.databaseCheckMs, 2000),
  logger,
});

let isReady = false;
const metrics = createApiMetrics();
const api = createApi({
  registry,
  mode: env.mode,
  graphiql: env.graphiql,
  corsOrigins: env.corsOrigins,
  loadedAt: new Date(),
  logger,
  isReady: () => isReady,
  isDatabaseReady: () => database.isReady(),
  // While the last check failed, statistics answer SERVICE_UNAVAILABLE at once instead of waiting on the pool.
  statistics: { store: () => (database.isReady() ? store : undefined), perMinute: env.rateLimitPerMinute },
  metrics,
});
const listener = createApiListener(api, {
  metrics,
  accessLog: env.accessLog ? logger.child({ log: 'access' }) : undefined,
  dashboardDir: env.webDir,
});
const server = createServer(listener);

server.listen(env.port, env.host, () => {
  // Listening first, so /health answers while the search index is built and the database opens: /ready
  // answers 200 (and the log line says listening) once the index is built; the database reports on its own.
  setImmediate(() => {
    void connect();
    registry.warmSearch();
    isReady = true;
    announce();
  });
});

const announce = (): void => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.port;
  logger.info(
    {
      url: `http://${env.host}:${port}${GRAPHQL_ENDPOINT}`,
      dashboard: `http://${env.host}:${port}/dashboard/`,
      mode: env.mode,
      graphiql: env.graphiql,
      registry: registry.source,
    },
    'portdeck GraphQL API listening',
  );
};

const waitForInFlight = async (deadline: number): Promise<boolean> => {
  while (listener.inFlight() > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return listener.inFlight() === 0;
};

// Drain: /ready answers 503 at once, no new connections, requests in flight finish (bounded), then exit 0.
const shutdown = (signal: string): void => {
  if (isStopping) return;
  logger.info({ signal, inFlight: listener.inFlight() }, 'shutting down');
  isReady = false;
  isStopping = true;
  database.stop();
  server.close();
  server.closeIdleConnections();
  void waitForInFlight(performance.now() + env.shutdownGraceMs)
    .then((isDrained) => {
      if (!isDrained)
        logger.warn({ inFlight: listener.inFlight() }, 'shutdown grace over: closing requests in flight');
      server.closeAllConnections();
      return store?.close();
    })
    .catch((error: unknown) => {
      logger.error({ err: error }, 'could not close the database');
    })
    .finally(() => {
      logger.info('stopped');
      process.exit(0);
    });
};
process.once('SIGINT', () => {
  shutdown('SIGINT');
});
process.once('SIGTERM', () => {
  shutdown('SIGTERM');
});
