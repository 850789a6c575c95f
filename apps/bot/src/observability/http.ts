import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotMetrics } from './metrics.ts';

/** What `/ready` reports: every gateway shard of this process connected, and the database answering. */
export interface Readiness {
  /** Shard id → connected; empty before the first shard connects. */
  shards(): ReadonlyMap<number, boolean>;
  /** Whether the database answers now (the caller bounds the wait). */
  isDatabaseReady(): Promise<boolean>;
  /** True once shutdown began: not ready, whatever the parts say. */
  isStopping(): boolean;
}

/** The bot's HTTP endpoints once listening. */
export interface BotHttp {
  readonly port: number;
  close(): Promise<void>;
}

/** `/ready`'s JSON body. */
export interface ReadyReport {
  readonly ready: boolean;
  readonly stopping: boolean;
  readonly shards: Readonly<Record<string, 'connected' | 'disconnected'>>;
  readonly database: 'ready' | 'unavailable';
}

/** Builds `/ready`'s report from the parts. */
export async function readyReport(readiness: Readiness): Promise<ReadyReport> {
  const shards: Record<string, 'connected' | 'disconnected'> = {};
  for (const [id, isConnected] of readiness.shards()) shards[id] = isConnected ? 'connected' : 'disconnected';
  const isDatabaseReady = await readiness.isDatabaseReady();
  const stopping = readiness.isStopping();
  const values = Object.values(shards);
  const ready =
    !stopping && isDatabaseReady && values.length > 0 && values.every((state) => state === 'connected');
  return { ready, stopping, shards, database: isDatabaseReady ? 'ready' : 'unavailable' };
}

/** Serves `/health` (the process is up), `/ready` (JSON, 503 unless ready) and `/metrics` (Prometheus text). */
export async function startBotHttp(options: {
  readonly host: string;
  readonly port: number;
  readonly metrics: BotMetrics;
  readonly readiness: Readiness;
}): Promise<BotHttp> {
  const server: Server = createServer((request, response) => {
    const answer = async (): Promise<void> => {
      const path = (request.url ?? '/').split('?', 1)[0];
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { allow: 'GET, HEAD' }).end();
      } else if (path === '/health') {
        response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('ok');
      } else if (path === '/ready') {
        const report = await readyReport(options.readiness);
        response
          .writeHead(report.ready ? 200 : 503, {
            'content-type': 'application/json; charset=utf-8',
            'cache-control': 'no-store',
          })
          .end(JSON.stringify(report));
      } else if (path === '/metrics') {
        const { body, contentType } = await options.metrics.scrape();
        response.writeHead(200, { 'content-type': contentType }).end(body);
      } else {
        response.writeHead(404).end();
      }
    };
    answer().catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
