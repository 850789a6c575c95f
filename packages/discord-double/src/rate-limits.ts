import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/** One limit: at most `limit` requests per `windowMs`. */
export interface RateLimitRule {
  /** Requests allowed per window. */
  limit: number;
  /** Window length in ms (the window opens at the first request). */
  windowMs: number;
}

/** Which limits a double enforces; `false` turns one off. */
export interface RateLimitOptions {
  /** Master switch (default true). */
  enabled?: boolean;
  /** `POST /channels/{id}/messages`, per channel (default 5 per 5 s). */
  messageCreate?: RateLimitRule | false;
  /** `PATCH /channels/{id}/messages/{id}`, per channel as discord.js buckets it (default 5 per 5 s). */
  messageEdit?: RateLimitRule | false;
  /** Every authenticated route together; interaction callbacks and webhooks are exempt (default 50 per 1 s). */
  global?: RateLimitRule | false;
  /**
   * Clock the windows run on, in ms (default `performance.now`: real time). discord.js waits out
   * `Retry-After` and `X-RateLimit-Reset-After` in real time, so windows on a frozen test clock would
   * never reopen; inject one only to unit-test the limiter.
   */
  now?: () => number;
}

/** Limits named by what they guard. */
export type RateLimitName = 'messageCreate' | 'messageEdit' | 'global';

/** The defaults: what Discord answers for these routes (it does not publish them; observed values). */
export const DEFAULT_RATE_LIMITS: Record<RateLimitName, RateLimitRule> = {
  messageCreate: { limit: 5, windowMs: 5_000 },
  messageEdit: { limit: 5, windowMs: 5_000 },
  global: { limit: 50, windowMs: 1_000 },
};

/** The outcome of taking one request from a bucket. */
export interface RateLimitDecision {
  /** False when the request must be answered 429. */
  isAllowed: boolean;
  /** Which limit. */
  name: RateLimitName;
  /** `X-RateLimit-Limit`. */
  limit: number;
  /** `X-RateLimit-Remaining`. */
  remaining: number;
  /** Ms until the window reopens (`X-RateLimit-Reset-After`, and `retry_after` on a 429). */
  resetAfterMs: number;
  /** `X-RateLimit-Bucket`: a stable hash per limit name. */
  bucket: string;
}

/** A 429 the double answered. */
export interface RateLimitEvent {
  /** Which limit. */
  name: RateLimitName;
  /** Bucket key (limit name and major parameter). */
  key: string;
  /** HTTP method. */
  method: string;
  /** Request path after `/api/v10`. */
  path: string;
  /** Seconds the client was told to wait. */
  retryAfter: number;
}

/** Counts of 429s answered, in all and per limit. */
export interface RateLimitStats {
  /** Every 429 answered. */
  total: number;
  /** 429s per limit. */
  byName: Record<RateLimitName, number>;
  /** Every 429 in order. */
  events: RateLimitEvent[];
}

interface Window {
  openedAt: number;
  used: number;
}

const bucketHash = (name: string): string => createHash('sha1').update(name).digest('hex').slice(0, 16);

/**
 * Fixed-window counters keyed by limit and major parameter (the channel id), as Discord's per-route
 * buckets; the global limit shares one window across routes.
 */
export class RateLimiter {
  /** 429s answered so far. */
  readonly stats: RateLimitStats = {
    total: 0,
    byName: { messageCreate: 0, messageEdit: 0, global: 0 },
    events: [],
  };
  readonly #rules: Partial<Record<RateLimitName, RateLimitRule>>;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();

  /** @param options - limits to enforce, or `{ enabled: false }` */
  constructor(options: RateLimitOptions = {}) {
    this.#now = options.now ?? (() => performance.now());
    const isEnabled = options.enabled ?? true;
    const pick = (name: RateLimitName): RateLimitRule | undefined => {
      const given = options[name];
      if (!isEnabled || given === false) return undefined;
      return given ?? DEFAULT_RATE_LIMITS[name];
    };
    this.#rules = {};
    for (const name of ['messageCreate', 'messageEdit', 'global'] as const) {
      const rule = pick(name);
      if (rule) this.#rules[name] = rule;
    }
  }

  /**
   * Takes one request from a bucket (answered 429 when it is empty).
   * @param name - which limit
   * @param major - major parameter (channel id), empty for the global limit
   */
  take(name: RateLimitName, major = ''): RateLimitDecision | undefined {
    const rule = this.#rules[name];
    if (!rule) return undefined;
    const key = `${name}:${major}`;
    const now = this.#now();
    let window = this.#windows.get(key);
    if (!window || now - window.openedAt >= rule.windowMs) {
      window = { openedAt: now, used: 0 };
      this.#windows.set(key, window);
    }
    const isAllowed = window.used < rule.limit;
    if (isAllowed) window.used += 1;
    return {
      isAllowed,
      name,
      limit: rule.limit,
      remaining: rule.limit - window.used,
      resetAfterMs: Math.max(0, window.openedAt + rule.windowMs - now),
      bucket: bucketHash(name),
    };
  }

  /**
   * Records a 429 that was answered.
   * @param event - what was limited
   */
  record(event: RateLimitEvent): void {
    this.stats.total += 1;
    this.stats.byName[event.name] += 1;
    this.stats.events.push(event);
  }
}

/**
 * The `X-RateLimit-*` headers for a decision (Reset-After in seconds with millisecond precision).
 * @param decision - from {@link RateLimiter.take}
 */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const resetAfter = (decision.resetAfterMs / 1000).toFixed(3);
  return {
    'x-ratelimit-limit': String(decision.limit),
    'x-ratelimit-remaining': String(decision.remaining),
    'x-ratelimit-reset': ((Date.now() + decision.resetAfterMs) / 1000).toFixed(3),
    'x-ratelimit-reset-after': resetAfter,
    'x-ratelimit-bucket': decision.bucket,
  };
}

/**
 * The 429 answer: headers and the JSON body Discord sends.
 * @param decision - the refused decision
 */
export function rateLimitedReply(decision: RateLimitDecision): {
  headers: Record<string, string>;
  body: { message: string; retry_after: number; global: boolean };
} {
  const isGlobal = decision.name === 'global';
  const retryAfter = Math.round(decision.resetAfterMs) / 1000;
  return {
    headers: {
      ...(isGlobal ? {} : rateLimitHeaders(decision)),
      // Whole seconds in the header as Discord sends them; the body has the precise value.
      'retry-after': String(Math.ceil(decision.resetAfterMs / 1000)),
      'x-ratelimit-scope': isGlobal ? 'global' : 'user',
      ...(isGlobal ? { 'x-ratelimit-global': 'true' } : {}),
    },
    body: { message: 'You are being rate limited.', retry_after: retryAfter, global: isGlobal },
  };
}
