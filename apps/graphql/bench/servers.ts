// Starts one benchmark target in this process (so it has a core of its own) and reports its port.
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createEmbeddedRegistry, type Registry } from '@portdeck/core';
import { answerFor, BENCH_QUERY, VARY_QUERY } from './answer.ts';
import { createApiMetrics } from '../src/metrics.ts';
import { createApiListener, createObservedListener } from '../src/observed-listener.ts';
import { createCachingListener } from '../src/response-cache.ts';
import {
  createApi,
  GRAPHQL_ENDPOINT,
  MAX_REQUEST_BODY_BYTES,
  queryTemplatesOf,
  type Api,
  type Tuning,
} from '../src/yoga.ts';

function bare(registry: Registry) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let port: number | undefined;
      try {
        const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          query?: unknown;
          variables?: { n?: unknown };
        };
        if (query === BENCH_QUERY) port = 3389;
        else if (query === VARY_QUERY && Number.isInteger(variables?.n)) port = variables?.n as number;
      } catch {
        port = undefined;
      }
      if (request.method !== 'POST' || port === undefined) {
        response.writeHead(400).end();
        return;
      }
      // Does the lookup and serialisation per request, as the API does.
      const body = answerFor(registry, port);
      response.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      response.end(body);
    });
  };
}

const [kind = 'api', off = ''] = process.argv.slice(2);
const registry = createEmbeddedRegistry();
const disabled = new Set(off.split(',').filter(Boolean));
const tuning: Tuning = {
  jit: !disabled.has('jit'),
  fastBodyLimit: !disabled.has('body'),
  documentCache: !disabled.has('cache'),
  fastReadiness: !disabled.has('ready'),
  fastPath: !disabled.has('fast'),
  stablePromiseShapes: !disabled.has('shapes'),
  templates: !disabled.has('template'),
};
// Metrics are on as in production (server.ts); `metrics` in the off list measures what they cost.
const metrics = disabled.has('metrics') ? undefined : createApiMetrics();
const apiHandler = (api: Api): RequestListener => {
  const yogaOnly: RequestListener = (request, response) => {
    api.requestListener(request, response);
  };
  if (disabled.has('response'))
    return metrics ? createObservedListener({ next: yogaOnly, metrics }) : yogaOnly;
  if (metrics) return createApiListener(api, { metrics });
  return createCachingListener(api, {
    endpoint: GRAPHQL_ENDPOINT,
    maxRequestBytes: MAX_REQUEST_BODY_BYTES,
    templates: queryTemplatesOf(api),
  });
};
const handler =
  kind === 'bare'
    ? bare(registry)
    : apiHandler(
        createApi({
          registry,
          mode: 'production',
          graphiql: false,
          corsOrigins: [],
          loadedAt: new Date(0),
          tuning,
          ...(metrics ? { metrics } : {}),
        }),
      );
const server = createServer(handler);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // Through the IPC channel when the bench started this process, else on stdout.
  if (process.send) process.send({ port });
  else process.stdout.write(`${JSON.stringify({ port })}\n`);
});
// The bench asks for this process's CPU time around each round, and for a full GC after warm-up (--gc).
process.on('message', (message) => {
  if (message === 'cpu') process.send?.(process.cpuUsage());
  if (message === 'gc') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.('gc done');
  }
});
// Exit cleanly on kill so --cpu-prof can write its profile.
process.once('SIGTERM', () => {
  process.exit(0);
});
