import type { UploadedFile } from './attachments.ts';
import type { RateLimitName } from './rate-limits.ts';

/** An HTTP answer. */
export interface Reply {
  /** HTTP status. */
  status: number;
  /** JSON body, if any. */
  body?: unknown;
  /** Extra headers. */
  headers?: Record<string, string>;
}

/** A parsed request as a route sees it. */
export interface RouteInput {
  /** Path parameters by name. */
  params: Record<string, string>;
  /** Parsed JSON (or multipart payload_json) body. */
  body: unknown;
  /** Query string. */
  query: URLSearchParams;
  /** `files[n]` parts of a multipart body (checked: count, size, PNG), in order. */
  files: readonly UploadedFile[];
}

/** One REST route. */
export interface Route {
  /** HTTP method. */
  method: string;
  /** Path split on `/`; `:name` segments are parameters. */
  segments: string[];
  /** Needs `Authorization: Bot <token>` (and counts against the global limit). */
  isAuthed: boolean;
  /** Per-route rate limit: which limit, keyed by which parameter (the major parameter). */
  rateLimit?: { name: RateLimitName; major: string };
  /** Produces the answer or throws an {@link ApiError}. */
  handle: (input: RouteInput) => Reply;
}

/** Prefix every REST path carries (discord.js calls `${api}/v10/...`). */
export const API_PREFIX = '/api/v10';

/**
 * A 200 answer.
 * @param body - JSON body
 */
export const ok = (body: unknown): Reply => ({ status: 200, body });
/** A 204 answer. */
export const noContent: Reply = { status: 204 };

/**
 * A path parameter ('' when absent).
 * @param input - the request
 * @param name - parameter name
 */
export const param = (input: RouteInput, name: string): string => input.params[name] ?? '';
