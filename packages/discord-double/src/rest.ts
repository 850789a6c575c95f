import type { IncomingMessage, ServerResponse } from 'node:http';
import { AttachmentStore, checkUploads, type UploadedFile } from './attachments.ts';
import { ApiError, apiErrors } from './errors.ts';
import {
  rateLimitedReply,
  rateLimitHeaders,
  type RateLimitDecision,
  type RateLimiter,
} from './rate-limits.ts';
import { channelRoutes } from './rest-channels.ts';
import { API_PREFIX, noContent, ok, param, type Reply, type Route, type RouteInput } from './routes.ts';

import type { DoubleState } from './state.ts';

/** Settings of the REST half of the double. */
export interface RestConfig {
  /** Shared state. */
  state: DoubleState;
  /** Bot token expected in `Authorization: Bot <token>`. */
  token: string;
  /** Gateway URL returned by `GET /gateway/bot`. */
  gatewayUrl: () => string;
  /** `session_start_limit.remaining` returned by `GET /gateway/bot`. */
  sessionStartRemaining: number;
  /** `shards` returned by `GET /gateway/bot`: the recommended shard count. */
  recommendedShards: () => number;
  /** `session_start_limit.max_concurrency`: IDENTIFYs allowed per 5 s (shards bucketed by `id % it`). */
  maxConcurrency: number;
  /** Per-route and global rate limits. */
  rateLimiter: RateLimiter;
}

function buildRoutes(config: RestConfig): Route[] {
  const { state } = config;
  const routes: Route[] = [];
  const add = (method: string, path: string, isAuthed: boolean, handle: Route['handle']): void => {
    routes.push({ method, segments: path.split('/'), isAuthed, handle });
  };
  const gatewayBot = (): Reply =>
    ok({
      url: config.gatewayUrl(),
      shards: config.recommendedShards(),
      session_start_limit: {
        total: 1000,
        remaining: config.sessionStartRemaining,
        reset_after: 86_400_000,
        max_concurrency: config.maxConcurrency,
      },
    });
  add('GET', 'gateway', false, () => ok({ url: config.gatewayUrl() }));
  add('GET', 'gateway/bot', true, gatewayBot);
  add('GET', 'users/@me', true, () => ok({ ...state.config.bot, bot: true, verified: true, flags: 0 }));
  add('GET', 'applications/@me', true, () =>
    ok({
      id: state.config.applicationId,
      name: state.config.bot.username,
      icon: null,
      description: '',
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      team: null,
      owner: { ...state.config.bot, bot: false },
      bot: state.config.bot,
      approximate_guild_count: state.config.guilds.length,
    }),
  );
  for (const scope of ['applications/:app/commands', 'applications/:app/guilds/:guild/commands']) {
    const guildOf = (input: RouteInput): string | undefined => input.params.guild;
    add('GET', scope, true, (input) => ok(state.listCommands(param(input, 'app'), guildOf(input))));
    add('PUT', scope, true, (input) =>
      ok(state.overwriteCommands(param(input, 'app'), guildOf(input), input.body)),
    );
    add('POST', scope, true, (input) => ({
      status: 201,
      body: state.upsertCommand(param(input, 'app'), guildOf(input), input.body),
    }));
    add('GET', `${scope}/:command`, true, (input) =>
      ok(state.getCommand(param(input, 'app'), guildOf(input), param(input, 'command'))),
    );
    add('DELETE', `${scope}/:command`, true, (input) => {
      state.deleteCommand(param(input, 'app'), guildOf(input), param(input, 'command'));
      return noContent;
    });
  }
  add('POST', 'interactions/:id/:token/callback', false, (input) => {
    const withResponse = input.query.get('with_response') === 'true';
    const result = state.respond(
      param(input, 'id'),
      param(input, 'token'),
      input.body,
      withResponse,
      input.files,
    );
    return result ? ok(result) : noContent;
  });
  const webhook = (input: RouteInput) => state.webhookInteraction(param(input, 'app'), param(input, 'token'));
  add('POST', 'webhooks/:app/:token', false, (input) => {
    const message = state.followUp(webhook(input), input.body, input.files);
    return input.query.get('wait') === 'true' ? ok(message) : noContent;
  });
  add('GET', 'webhooks/:app/:token/messages/:message', false, (input) =>
    ok(state.getWebhookMessage(webhook(input), param(input, 'message'))),
  );
  add('PATCH', 'webhooks/:app/:token/messages/:message', false, (input) =>
    ok(state.editWebhookMessage(webhook(input), param(input, 'message'), input.body, input.files)),
  );
  add('DELETE', 'webhooks/:app/:token/messages/:message', false, (input) => {
    state.deleteWebhookMessage(webhook(input), param(input, 'message'));
    return noContent;
  });
  routes.push(...channelRoutes(state));
  return routes;
}

function match(route: Route, segments: string[]): Record<string, string> | undefined {
  if (route.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, expected] of route.segments.entries()) {
    const actual = segments[index] ?? '';
    if (expected.startsWith(':')) params[expected.slice(1)] = actual;
    else if (expected !== actual) return undefined;
  }
  return params;
}

/** A request body: the JSON (or multipart `payload_json`) and the uploaded files. */
interface RequestBody {
  json: unknown;
  files: UploadedFile[];
}

async function readBody(request: IncomingMessage): Promise<RequestBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return { json: undefined, files: [] };
  const raw = Buffer.concat(chunks);
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    // discord.js sends files as multipart with the JSON in `payload_json` and each file as `files[n]`.
    const parts = parseMultipart(raw, type);
    return { json: multipartJson(parts), files: uploadedFiles(parts) };
  }
  return { json: JSON.parse(raw.toString('utf8')) as unknown, files: [] };
}

/** One part of a multipart/form-data body. */
export interface MultipartPart {
  /** Field name. */
  name: string;
  /** File name, for file parts. */
  filename: string | undefined;
  /** The part's Content-Type, if given. */
  contentType: string | undefined;
  /** Raw bytes. */
  data: Buffer;
}

/**
 * Splits a multipart/form-data body into its parts (enough for discord.js's `payload_json` and `files[n]`).
 * @param raw - the body bytes
 * @param contentType - the request's content type (holds the boundary)
 */
export function parseMultipart(raw: Buffer, contentType: string): MultipartPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (marker === undefined) return [];
  const delimiter = Buffer.from(`--${marker}`, 'latin1');
  const parts: MultipartPart[] = [];
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const from = start + delimiter.length;
    const next = raw.indexOf(delimiter, from);
    if (next < 0) break;
    // Each part sits between "\r\n" after the delimiter and "\r\n" before the next one.
    const part = raw.subarray(from + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const headers = part.subarray(0, split).toString('latin1');
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined) {
        parts.push({
          name,
          filename: /filename="([^"]*)"/i.exec(headers)?.[1],
          contentType: /^content-type:\s*(.+)$/im.exec(headers)?.[1]?.trim(),
          data: part.subarray(split + 4),
        });
      }
    }
    start = next;
  }
  return parts;
}

/**
 * The JSON of a multipart request: `payload_json`, or `{}` when only files were sent.
 * @param parts - parsed parts
 */
export function multipartJson(parts: readonly MultipartPart[]): unknown {
  const json = parts.find((part) => part.name === 'payload_json');
  return json ? (JSON.parse(json.data.toString('utf8')) as unknown) : {};
}

/**
 * The `files[n]` parts as uploads (`n` is the placeholder `attachments[].id` refers to).
 * @param parts - parsed parts
 */
export function uploadedFiles(parts: readonly MultipartPart[]): UploadedFile[] {
  return parts.flatMap((part) => {
    const placeholder = /^files\[(\d+)\]$/.exec(part.name)?.[1];
    if (placeholder === undefined || part.filename === undefined) return [];
    return [
      {
        field: part.name,
        placeholder,
        filename: part.filename,
        contentType: part.contentType,
        data: part.data,
      },
    ];
  });
}

function send(response: ServerResponse, reply: Reply): void {
  if (reply.body === undefined) {
    response.writeHead(reply.status, reply.headers ?? {}).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  response
    .writeHead(reply.status, {
      ...reply.headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    })
    .end(text);
}

/** Answers `GET /attachments/{channel}/{id}/{filename}` with the stored bytes, like Discord's CDN. */
function serveAttachment(store: AttachmentStore, pathname: string, response: ServerResponse): void {
  const [, , channelId, id, filename] = pathname.split('/');
  const file = id === undefined ? undefined : store.get(id);
  if (
    !file ||
    file.channelId !== channelId ||
    pathname !== AttachmentStore.pathOf(file) ||
    filename === undefined
  ) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('404: Not Found');
    return;
  }
  response
    .writeHead(200, { 'content-type': file.contentType, 'content-length': file.data.length })
    .end(file.data);
}

/** A 429 for the first exhausted limit (global first), or the route's bucket headers to send. */
function checkRateLimits(
  limiter: RateLimiter,
  route: Route,
  params: Record<string, string>,
): { refused: RateLimitDecision | undefined; headers: Record<string, string> } {
  // Interaction callbacks and webhooks do not count against the global limit.
  const global = route.isAuthed ? limiter.take('global') : undefined;
  if (global && !global.isAllowed) return { refused: global, headers: {} };
  const bucket = route.rateLimit
    ? limiter.take(route.rateLimit.name, params[route.rateLimit.major] ?? '')
    : undefined;
  if (bucket && !bucket.isAllowed) return { refused: bucket, headers: {} };
  return { refused: undefined, headers: bucket ? rateLimitHeaders(bucket) : {} };
}

/**
 * Creates the `node:http` request listener for Discord's REST API under `/api/v10`.
 * Every 4xx it answers is recorded as a violation (attributed to its interaction when there is one).
 * @param config - state, token and gateway URL
 */
export function createRestHandler(
  config: RestConfig,
): (request: IncomingMessage, response: ServerResponse) => void {
  const routes = buildRoutes(config);
  const { state } = config;
  return (request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://double.invalid');
      const method = request.method ?? 'GET';
      const path = url.pathname.startsWith(`${API_PREFIX}/`)
        ? url.pathname.slice(API_PREFIX.length)
        : undefined;
      if (method === 'GET' && url.pathname.startsWith('/attachments/')) {
        serveAttachment(state.attachments, url.pathname, response);
        return;
      }
      const segments = (path ?? '').slice(1).split('/').map(decodeURIComponent);
      const candidates = path === undefined ? [] : routes.filter((route) => match(route, segments));
      const route = candidates.find((candidate) => candidate.method === method);
      const params = route ? (match(route, segments) ?? {}) : {};
      // Discord sends bucket headers on errors too; without them discord.js forgets the bucket.
      let limitHeaders: Record<string, string> = {};
      try {
        if (!route) throw candidates.length > 0 ? apiErrors.methodNotAllowed() : apiErrors.notFound();
        if (route.isAuthed && request.headers.authorization !== `Bot ${config.token}`)
          throw apiErrors.unauthorized();
        let body: RequestBody;
        try {
          body = await readBody(request);
        } catch {
          throw new ApiError(400, 50109, 'The request body contains invalid JSON.');
        }
        const limits = checkRateLimits(config.rateLimiter, route, params);
        if (limits.refused) {
          const reply = rateLimitedReply(limits.refused);
          const event = {
            name: limits.refused.name,
            key: `${limits.refused.name}:${route.rateLimit ? (params[route.rateLimit.major] ?? '') : ''}`,
            method,
            path: path ?? url.pathname,
            retryAfter: reply.body.retry_after,
          };
          config.rateLimiter.record(event);
          state.events.emit('rateLimited', event);
          send(response, { status: 429, ...reply });
          return;
        }
        limitHeaders = limits.headers;
        checkUploads(body.files);
        const reply = route.handle({ params, body: body.json, query: url.searchParams, files: body.files });
        send(response, { ...reply, headers: { ...limitHeaders, ...reply.headers } });
      } catch (error) {
        if (!(error instanceof ApiError)) {
          send(response, { status: 500, body: { code: 0, message: '500: Internal Server Error' } });
          return;
        }
        const interactionId =
          params.id ?? (params.token === undefined ? undefined : state.interactionByToken(params.token)?.id);
        state.recordViolation({
          code: error.code,
          message: error.message,
          status: error.status,
          method,
          path: path ?? url.pathname,
          fieldErrors: error.fieldErrors,
          ...(interactionId === undefined ? {} : { interactionId }),
        });
        send(response, { status: error.status, body: error.toBody(), headers: limitHeaders });
      }
    })();
  };
}
