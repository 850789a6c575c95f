import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the gate is holding back from the double. */
interface Held {
  readonly method: string;
  readonly path: string;
  pass(): void;
}

/**
 * An HTTP proxy in front of the double's REST API that holds back requests matching a rule until the test
 * lets them through: Discord being slow to answer, so a handler is honestly in flight.
 */
export interface RestGate {
  /** The REST base to give the bot (`DISCORD_API_URL`). */
  readonly apiUrl: string;
  /** Requests held now. */
  held(): readonly Held[];
  /** Every request seen, `METHOD path`, in order. */
  readonly seen: string[];
  close(): Promise<void>;
}

/** Starts a gate forwarding to `restApiUrl`, holding requests for which `shouldHold` is true. */
export async function startRestGate(
  restApiUrl: string,
  shouldHold: (method: string, path: string) => boolean,
): Promise<RestGate> {
  const target = new URL(restApiUrl);
  const held: Held[] = [];
  const seen: string[] = [];
  const pass = (request: IncomingMessage, response: ServerResponse, body: Buffer): void => {
    const upstream = forward(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: target.host },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    upstream.end(body);
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = request.method ?? 'GET';
      const path = request.url ?? '/';
      seen.push(`${method} ${path}`);
      const body = Buffer.concat(chunks);
      if (!shouldHold(method, path)) {
        pass(request, response, body);
        return;
      }
      const entry: Held = {
        method,
        path,
        pass: () => {
          held.splice(held.indexOf(entry), 1);
          pass(request, response, body);
        },
      };
      held.push(entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}${target.pathname.replace(/\/+$/, '')}`,
    held: () => held,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
