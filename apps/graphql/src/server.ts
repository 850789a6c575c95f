import { createServer } from 'node:http';
import { openRegistry } from '@portdeck/core';
import { describeLocation, openStore, storeOptionsFor, type Store } from '@portdeck/store';
import { pino } from 'pino';
import { withDashboard } from './dashboard.ts';
import { EnvError, readEnv } from './env.ts';
import { createCachingListener } from './response-cache.ts';
import { createApi, GRAPHQL_ENDPOINT, MAX_REQUEST_BODY_BYTES } from './yoga.ts';

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
void connect();

let isReady = false;
const api = createApi({
  registry,
  mode: env.mode,
  graphiql: env.graphiql,
  corsOrigins: env.corsOrigins,
  loadedAt: new Date(),
  logger,
  isReady: () => isReady,
  statistics: { store: () => store, perMinute: env.rateLimitPerMinute },
});
const graphql = createCachingListener(api, {
  endpoint: GRAPHQL_ENDPOINT,
  maxRequestBytes: MAX_REQUEST_BODY_BYTES,
});
const server = createServer(withDashboard({ dir: env.webDir }, graphql));

server.listen(env.port, env.host, () => {
  registry.warmSearch();
  isReady = true;
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
});

const shutdown = (signal: string): void => {
  logger.info({ signal }, 'shutting down');
  isReady = false;
  isStopping = true;
  server.close(() => {
    void (store?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5000).unref();
};
process.once('SIGINT', () => {
  shutdown('SIGINT');
});
process.once('SIGTERM', () => {
  shutdown('SIGTERM');
});
