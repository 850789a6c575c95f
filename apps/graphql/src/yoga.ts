import type { Registry } from '@portdeck/core';
import { createYoga, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Context } from './context.ts';
import { useQueryLimits } from './plugins/armor.ts';
import { useRegistryEtag } from './plugins/etag.ts';
import { PortBrowser } from './port-browser.ts';
import { schema } from './schema/index.ts';

/** Where the API answers. */
export const GRAPHQL_ENDPOINT = '/graphql';
/** The largest request body accepted, in bytes (HTTP 413 beyond). Queries are small; 64 KiB is generous. */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

/** What the API needs: the registry it serves and how to behave. */
export interface ApiOptions {
  readonly registry: Registry;
  readonly mode: 'development' | 'production';
  /** Serve GraphiQL to browsers on GET /graphql. */
  readonly graphiql: boolean;
  /** Allowed CORS origins; empty allows any origin (no credentials are ever allowed). */
  readonly corsOrigins: readonly string[];
  /** When the registry was loaded (injected so tests are deterministic). */
  readonly loadedAt: Date;
  readonly logger?: Logger | undefined;
  /** Whether `/ready` answers 200; defaults to always. */
  readonly isReady?: () => boolean;
}

/** The API's Yoga instance: a fetch handler usable in process (`yoga.fetch`) or as a node:http listener. */
export type Api = YogaServerInstance<Record<string, unknown>, Context>;

/** Builds the Yoga instance for a registry. Build the registry once per process and share it. */
export function createApi(options: ApiOptions): Api {
  const { registry } = options;
  const context: Context = {
    registry,
    browser: new PortBrowser(registry),
    loadedAt: options.loadedAt.toISOString(),
  };
  const isProduction = options.mode === 'production';
  const logger = options.logger;
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    context: () => context,
    graphiql: options.graphiql && { title: 'portdeck GraphQL API' },
    landingPage: !isProduction,
    // Masked in every mode: clients never see internal messages or stacks; the log keeps them.
    maskedErrors: { isDev: false },
    maxRequestBodySize: MAX_REQUEST_BODY_BYTES,
    healthCheckEndpoint: '/health',
    cors: {
      origin: options.corsOrigins.length === 0 ? '*' : [...options.corsOrigins],
      methods: ['GET', 'POST'],
      credentials: false,
      exposedHeaders: ['ETag'],
      maxAge: 600,
    },
    logging: logger
      ? {
          debug: (...args: unknown[]) => {
            logger.debug({ args }, 'yoga');
          },
          info: (...args: unknown[]) => {
            logger.info({ args }, 'yoga');
          },
          warn: (...args: unknown[]) => {
            logger.warn({ args }, 'yoga');
          },
          error: (...args: unknown[]) => {
            logger.error({ args }, 'yoga');
          },
        }
      : false,
    plugins: [
      useQueryLimits({ isProduction }),
      useRegistryEtag({ registryVersion: registry.source.version, endpoint: GRAPHQL_ENDPOINT }),
      useReadinessCheck({ endpoint: '/ready', check: () => options.isReady?.() ?? true }),
    ],
  });
}
