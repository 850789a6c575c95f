import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { BoundedCache } from './bounded-cache.ts';
import type { QueryTemplates, TemplateParams } from './query-templates.ts';
import { sendWithTemplate, templateOf, templateParamsOf, type Template } from './template-lane.ts';
import type { Api } from './yoga.ts';

/** A whole HTTP answer, replayed byte for byte to an identical request. */
interface CachedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** A listener that also reports how the cache has fared. */
export type CachingListener = RequestListener & {
  readonly stats: () => {
    readonly hits: number;
    readonly misses: number;
    /** Misses answered by the template lane (the rest went through Yoga). */
    readonly templated: number;
    readonly entries: number;
  };
};

/** Limits of the response cache. */
export interface ResponseCacheOptions {
  /** The GraphQL path; other paths (health, readiness, GraphiQL assets) always go to Yoga. */
  readonly endpoint: string;
  /** Bodies above this size are never read here: Yoga answers them (413 or not) as usual. */
  readonly maxRequestBytes: number;
  readonly maxEntries?: number;
  /** Answers larger than this are not kept. */
  readonly maxResponseBytes?: number;
  /** Told of each lookup (metrics): the stats below are per listener, these feed the process's counters. */
  readonly onHit?: () => void;
  readonly onMiss?: () => void;
  readonly onTemplate?: () => void;
  /**
   * The template lane: a POST of a document Yoga already answered without errors for the same headers is
   * answered by running its compiled query with the new variables (see `template-lane.ts`).
   */
  readonly templates?: QueryTemplates | undefined;
}

// Request headers an answer depends on: CORS follows Origin, the body format Accept, 304s If-None-Match.
const KEY_HEADERS = ['accept', 'origin', 'content-type', 'if-none-match'] as const;

// Method, URL and the shaping headers: the whole key with the body, a template's with the document.
function headOf(request: IncomingMessage): string {
  let key = `${request.method ?? ''} ${request.url ?? ''}`;
  for (const name of KEY_HEADERS) key += `\n${request.headers[name] ?? ''}`;
  return key;
}

const templateKeyOf = (head: string, params: TemplateParams): string =>
  `${head}\n\n${params.operationName ?? ''}\n${params.query}`;

// Callbacks, not a promise: a cached answer is then written without waiting for a microtask.
function readBody(
  request: IncomingMessage,
  then: (body: string) => void,
  fail: (error: Error) => void,
): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const [only] = chunks;
    then((chunks.length === 1 && only ? only : Buffer.concat(chunks)).toString('utf8'));
  });
  request.on('error', fail);
}

const failWith =
  (response: ServerResponse) =>
  (error: unknown): void => {
    response.destroy(error instanceof Error ? error : new Error(String(error)));
  };

// In JSON text an unescaped `"errors":` can only be a key: an error list, or (never cached either) an alias.
const ERRORS_KEY = Buffer.from('"errors":');

function isCacheable(status: number, headers: Headers, body: Buffer, maxBytes: number): boolean {
  if ((status !== 200 && status !== 304) || body.length > maxBytes) return false;
  // Per-server answers (and anything else marked private) are never kept for another caller.
  const control = headers.get('cache-control') ?? '';
  if (control.includes('private') || control.includes('no-store')) return false;
  if (status === 304) return true;
  if (!(headers.get('content-type') ?? '').includes('json')) return false;
  // Only answers without errors: an error could come from something passing, like a masked internal fault.
  return !body.includes(ERRORS_KEY);
}

function send(response: ServerResponse, cached: CachedResponse): void {
  response.writeHead(cached.status, cached.headers);
  response.end(cached.body);
}

/**
 * A node:http listener that answers a repeated, identical GraphQL request from memory. Every public answer is
 * fixed for a registry version (the data is immutable; the ETag says the same), so replaying the exact
 * status, headers and body Yoga produced for the same method, URL, body and the headers the answer
 * depends on changes nothing a client can see; it only skips Yoga's per-request work. Misses, other
 * paths and unusual requests (no Content-Length, too large, other methods) go through Yoga unchanged, as do
 * requests with an Authorization header; answers marked `private` or `no-store` (per-server statistics) are
 * never kept. With `templates`, a miss whose document Yoga already answered for the same headers takes the
 * template lane instead (see `template-lane.ts`).
 */
export function createCachingListener(api: Api, options: ResponseCacheOptions): CachingListener {
  const cache = new BoundedCache<CachedResponse>(options.maxEntries ?? 1024);
  const templates = new BoundedCache<Template>(options.maxEntries ?? 1024);
  const stats = { hits: 0, misses: 0, templated: 0 };
  const maxResponseBytes = options.maxResponseBytes ?? 128 * 1024;

  const answerThroughYoga = async (
    request: IncomingMessage,
    response: ServerResponse,
    key: string,
    body: string,
    templateKey: string | undefined,
  ) => {
    // Node joins repeated headers into one string, except set-cookie (never sent to this API).
    const headers = request.headers as Record<string, string>;
    const method = request.method ?? 'GET';
    const answer = await api.fetch(`http://${request.headers.host ?? 'localhost'}${request.url ?? '/'}`, {
      method,
      headers,
      ...(method === 'POST' ? { body } : {}),
    });
    const bytes = Buffer.from(await answer.arrayBuffer());
    const cached: CachedResponse = {
      status: answer.status,
      headers: Object.fromEntries(answer.headers),
      body: bytes,
    };
    if (isCacheable(answer.status, answer.headers, bytes, maxResponseBytes)) {
      cache.set(key, cached);
      const template = answer.status === 200 ? templateOf(cached.headers) : undefined;
      if (templateKey !== undefined && template) templates.set(templateKey, template);
    }
    send(response, cached);
  };

  const miss = (
    request: IncomingMessage,
    response: ServerResponse,
    key: string,
    body: string,
    templateKey?: string,
  ): void => {
    stats.misses++;
    options.onMiss?.();
    answerThroughYoga(request, response, key, body, templateKey).catch(failWith(response));
  };

  const answerWithTemplate = (response: ServerResponse, template: Template, json: string): void => {
    stats.templated++;
    options.onTemplate?.();
    sendWithTemplate(response, template, json);
  };

  const answerMiss = (
    request: IncomingMessage,
    response: ServerResponse,
    head: string,
    key: string,
    body: string,
  ) => {
    // Only JSON POSTs: a GET's ETag follows its URL, variables included.
    const params =
      options.templates !== undefined &&
      request.method === 'POST' &&
      (request.headers['content-type'] ?? '').includes('json')
        ? templateParamsOf(body)
        : undefined;
    if (params === undefined || options.templates === undefined) {
      miss(request, response, key, body);
      return;
    }
    const templateKey = templateKeyOf(head, params);
    const template = templates.get(templateKey);
    if (template === undefined) {
      miss(request, response, key, body, templateKey);
      return;
    }
    const json = options.templates.answer(params);
    if (json instanceof Promise) {
      json.then((settled) => {
        if (settled === undefined) miss(request, response, key, body, templateKey);
        else answerWithTemplate(response, template, settled);
      }, failWith(response));
    } else if (json === undefined) miss(request, response, key, body, templateKey);
    else answerWithTemplate(response, template, json);
  };

  const answer = (request: IncomingMessage, response: ServerResponse, body: string): void => {
    try {
      answerOrThrow(request, response, body);
    } catch (error) {
      // Runs in an event handler: a throw here would end the process, not the request.
      failWith(response)(error);
    }
  };

  const answerOrThrow = (request: IncomingMessage, response: ServerResponse, body: string): void => {
    const head = headOf(request);
    const key = `${head}\n\n${body}`;
    const cached = cache.get(key);
    if (cached === undefined) {
      answerMiss(request, response, head, key, body);
      return;
    }
    stats.hits++;
    options.onHit?.();
    send(response, cached);
  };

  const listener: RequestListener = (request, response) => {
    const { method, url = '' } = request;
    const query = url.indexOf('?');
    const length = Number(request.headers['content-length'] ?? 0);
    const isSimple =
      (query < 0 ? url : url.slice(0, query)) === options.endpoint &&
      (method === 'GET' || (method === 'POST' && request.headers['content-length'] !== undefined)) &&
      Number.isInteger(length) &&
      length <= options.maxRequestBytes &&
      request.headers['transfer-encoding'] === undefined &&
      // A request with credentials always goes through Yoga: its checks, its rate limit, its own answer.
      request.headers.authorization === undefined;
    if (!isSimple) api.requestListener(request, response);
    else if (method === 'POST') {
      readBody(
        request,
        (body) => {
          answer(request, response, body);
        },
        failWith(response),
      );
    } else answer(request, response, '');
  };
  return Object.assign(listener, {
    stats: () => ({ ...stats, entries: cache.size }),
  });
}
