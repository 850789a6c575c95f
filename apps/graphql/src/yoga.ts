import type { Registry } from '@portdeck/core';
import { createYoga, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { createContext, type Context } from './context.ts';
import { createGuildAccess, type StatisticsOptions } from './guild-access.ts';
import type { ApiMetrics } from './metrics.ts';
import { useQueryLimits } from './plugins/armor.ts';
import { useRequestBodyLimit } from './plugins/body-limit.ts';
import { createCompiledQueries } from './plugins/compiled-queries.ts';
import { createDocumentCache } from './plugins/document-cache.ts';
import { useRegistryEtag } from './plugins/etag.ts';
import { createErrorLog } from './plugins/error-log.ts';
import { useFastPath } from './plugins/fast-path.ts';
import { createJit } from './plugins/jit.ts';
import { createStablePromiseShapes } from './plugins/promise-shapes.ts';
import { useOperationMetrics } from './plugins/operation-metrics.ts';
import { useReadiness } from './plugins/readiness.ts';
import { createQueryTemplates, type QueryTemplates } from './query-templates.ts';
import { schema } from './schema/index.ts';

/** Where the API answers. */
export const GRAPHQL_ENDPOINT = '/graphql';
/** The largest request body accepted, in bytes (HTTP 413 beyond). Queries are small; 64 KiB is generous. */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

/** Performance levers, all on by default; the benchmark turns them off one by one to measure each. */
export interface Tuning {
  /** Execute with graphql-jit (compiled once per document) instead of graphql-js. */
  readonly jit?: boolean;
  /** Trust a valid Content-Length instead of piping every body through a counting stream. */
  readonly fastBodyLimit?: boolean;
  /** Cache parse and validation by query text alone (Yoga's cache rebuilds a key from rule names per request). */
  readonly documentCache?: boolean;
  /** Answer /ready by exact path instead of Yoga's per-request URLPattern test. */
  readonly fastReadiness?: boolean;
  /** Run a cached, valid, jit-compiled query without envelop's per-request hooks (needs jit and documentCache). */
  readonly fastPath?: boolean;
  /** Keep Yoga's promise helpers' hidden classes alive, so a GC in a quiet moment cannot halve throughput. */
  readonly stablePromiseShapes?: boolean;
  /** Let the HTTP layer answer public queries with new variables from compiled queries (needs fastPath). */
  readonly templates?: boolean;
}

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
  readonly tuning?: Tuning;
  /** Per-server statistics (the `guild` field): the bot's store and the per-token rate limit. */
  readonly statistics?: StatisticsOptions;
  /** Whether the database answers, for `/ready`'s report; defaults to whether a store is connected. */
  readonly isDatabaseReady?: () => boolean;
  /** Where requests are counted and timed (`/metrics` is served by the HTTP layer, not here). */
  readonly metrics?: ApiMetrics;
}

/** The API's Yoga instance: a fetch handler usable in process (`yoga.fetch`) or as a node:http listener. */
export type Api = YogaServerInstance<Record<string, unknown>, Context>;

// Yoga's instance is a proxy that takes no extra fields: the template lane of each API is kept beside it.
const templatesOfApi = new WeakMap<Api, QueryTemplates>();

/** The template lane's executor of an API (see `template-lane.ts`); undefined when its levers are off. */
export const queryTemplatesOf = (api: Api): QueryTemplates | undefined => templatesOfApi.get(api);

/** Builds the Yoga instance for a registry. Build the registry once per process and share it. */
export function createApi(options: ApiOptions): Api {
  const { registry } = options;
  const statistics = options.statistics ?? { store: () => undefined };
  const access = createGuildAccess(statistics);
  const context = createContext(registry, options.loadedAt, access);
  const isDatabaseReady = options.isDatabaseReady ?? (() => statistics.store() !== undefined);
  const isProduction = options.mode === 'production';
  const logger = options.logger;
  const errorLog = logger === undefined ? undefined : createErrorLog(logger);
  options.metrics?.observeGuildAccess(access.metrics);
  const tuning = {
    jit: true,
    fastBodyLimit: true,
    documentCache: true,
    fastReadiness: true,
    fastPath: true,
    stablePromiseShapes: true,
    templates: true,
    ...options.tuning,
  };
  const documents = createDocumentCache(1024);
  const jit = createJit();
  const queries = createCompiledQueries({ schema, documents, jit });
  const isFastPath = tuning.fastPath && tuning.jit && tuning.documentCache;
  const api = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    context: () => context,
    graphiql: options.graphiql && { title: 'portdeck GraphQL API' },
    landingPage: !isProduction,
    // Masked in every mode: clients never see internal messages or stacks; the log keeps them.
    maskedErrors: errorLog ? { isDev: false, maskError: errorLog.maskError } : { isDev: false },
    parserAndValidationCache: !tuning.documentCache,
    maxRequestBodySize: tuning.fastBodyLimit ? false : MAX_REQUEST_BODY_BYTES,
    healthCheckEndpoint: '/health',
    cors: {
      origin: options.corsOrigins.length === 0 ? '*' : [...options.corsOrigins],
      methods: ['GET', 'POST'],
      credentials: false,
      exposedHeaders: ['ETag'],
      maxAge: 600,
    },
    logging: errorLog ? errorLog.logging : false,
    plugins: [
      options.metrics !== undefined && useOperationMetrics(options.metrics),
      errorLog !== undefined && errorLog.plugin,
      tuning.stablePromiseShapes && createStablePromiseShapes().plugin,
      tuning.documentCache && documents.plugin,
      tuning.fastBodyLimit && useRequestBodyLimit(MAX_REQUEST_BODY_BYTES),
      useQueryLimits({ isProduction }),
      tuning.jit && jit.plugin,
      isFastPath && useFastPath({ queries, context }),
      useRegistryEtag({
        registryVersion: registry.source.version,
        endpoint: GRAPHQL_ENDPOINT,
        isPrivate: (request) => access.isPrivate(request),
      }),
      tuning.fastReadiness
        ? useReadiness({ endpoint: '/ready', isReady: () => options.isReady?.() ?? true, isDatabaseReady })
        : useReadinessCheck({ endpoint: '/ready', check: () => options.isReady?.() ?? true }),
    ],
  });
  if (isFastPath && tuning.templates) {
    templatesOfApi.set(api, createQueryTemplates({ queries, context, metrics: options.metrics }));
  }
  return api;
}
