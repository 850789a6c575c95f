import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmbeddedRegistry, type Registry } from '@portdeck/core';
import { createApi, type Api, type ApiOptions } from '../src/yoga.ts';

/** One registry for every test file in a worker: building it is the slow part. */
export const registry: Registry = createEmbeddedRegistry();

/** A fixed load time so answers are deterministic. */
export const LOADED_AT = new Date('2026-01-02T03:04:05.000Z');

/** The API with test defaults, overridable per test. */
export function api(options: Partial<ApiOptions> = {}): Api {
  return createApi({
    registry,
    mode: 'production',
    graphiql: false,
    corsOrigins: [],
    loadedAt: LOADED_AT,
    ...options,
  });
}

/** A GraphQL response body. */
export interface GraphQLBody<T = Record<string, unknown>> {
  readonly data?: T | null;
  readonly errors?: readonly {
    readonly message: string;
    readonly path?: readonly (string | number)[];
    readonly extensions?: Record<string, unknown>;
  }[];
}

/** Runs a query in process through `yoga.fetch` (POST, JSON). */
export async function execute<T = Record<string, unknown>>(
  target: Api,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ status: number; body: GraphQLBody<T> }> {
  const response = await target.fetch('http://portdeck.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLBody<T> };
}

/** The API listening on a real ephemeral loopback port. */
export async function listen(target: Api): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    target.requestListener(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
