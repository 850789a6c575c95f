import { BREAK, visit, type DocumentNode, type GraphQLError } from 'graphql';
import { hashToken, type Store } from '@portdeck/store';
import { BoundedCache } from './bounded-cache.ts';
import { databaseUnavailable, forbidden, rateLimited, unauthenticated } from './errors.ts';

/** What the statistics fields read, and how hard a token may pull. */
export interface StatisticsOptions {
  /** The store once connected; undefined while the database is unreachable. */
  readonly store: () => Store | undefined;
  /** The clock (injected so tests are deterministic). */
  readonly now?: () => number;
  /** Requests per token per minute, as a token bucket (per process); default 120. */
  readonly perMinute?: number;
}

/** A request allowed to read one server. */
export interface GuildScope {
  readonly guildId: string;
  readonly store: Store;
  readonly now: number;
}

/** Counters of statistics requests, by outcome (tests and logs read them). */
export interface AccessMetrics {
  allowed: number;
  unauthenticated: number;
  forbidden: number;
  rateLimited: number;
  unavailable: number;
}

/** Authorisation of the per-server fields, once per HTTP request whatever executes it. */
export interface GuildAccess {
  /** The scope for `guildId`, or the GraphQL error to answer with; marks the request private first. */
  open(request: Request, guildId: string): Promise<GuildScope | GraphQLError>;
  /** Whether the request asked for per-server data (its answer must never be shared or cached). */
  isPrivate(request: Request): boolean;
  readonly metrics: Readonly<AccessMetrics>;
}

type Verdict = { readonly guildId: string; readonly store: Store } | GraphQLError;

/** The root field under which every per-server answer lives (the schema's `Query.guild`). */
export const GUILD_FIELD = 'guild';

/**
 * Whether a document can ask for per-server data: any field named {@link GUILD_FIELD}, in any operation or
 * fragment, whatever `@include`/`@skip` say (their variables change per request). Such documents always go
 * through Yoga, which checks the token.
 */
export function readsGuild(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value !== GUILD_FIELD) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{1,200})$/;

/**
 * Checks the `Authorization: Bearer <token>` of a request against the store's token hashes and charges the
 * token's bucket, once per request: jit's re-execution of an answer with errors, the fast path and several
 * `guild` fields in one document share the first verdict (a WeakMap keyed by the Request object).
 */
export function createGuildAccess(options: StatisticsOptions): GuildAccess {
  const now = options.now ?? Date.now;
  const perMinute = options.perMinute ?? 120;
  const verdicts = new WeakMap<Request, Promise<Verdict>>();
  const buckets = new BoundedCache<{ tokens: number; at: number }>(10_000);
  const metrics: AccessMetrics = {
    allowed: 0,
    unauthenticated: 0,
    forbidden: 0,
    rateLimited: 0,
    unavailable: 0,
  };

  const take = (key: string, at: number): number => {
    const bucket = buckets.get(key) ?? { tokens: perMinute, at };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((at - bucket.at) * perMinute) / 60_000);
    bucket.at = at;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) return Math.ceil(((1 - bucket.tokens) * 60) / perMinute);
    bucket.tokens -= 1;
    return 0;
  };

  const decide = async (request: Request): Promise<Verdict> => {
    const match = BEARER.exec(request.headers.get('authorization') ?? '');
    if (!match?.[1]) {
      metrics.unauthenticated++;
      return unauthenticated(request.headers.has('authorization') ? 'INVALID_TOKEN' : 'MISSING_TOKEN');
    }
    const store = options.store();
    if (store === undefined) {
      metrics.unavailable++;
      return databaseUnavailable();
    }
    let guildId: string | undefined;
    try {
      guildId = await store.boards.guildOfToken(match[1]);
    } catch {
      metrics.unavailable++;
      return databaseUnavailable();
    }
    if (guildId === undefined) {
      metrics.unauthenticated++;
      return unauthenticated('INVALID_TOKEN');
    }
    const wait = take(hashToken(match[1]), now());
    if (wait > 0) {
      metrics.rateLimited++;
      return rateLimited(wait);
    }
    return { guildId, store };
  };

  const privateRequests = new WeakSet<Request>();
  const counted = new WeakSet<Request>();
  return {
    open: async (request, guildId) => {
      privateRequests.add(request);
      let verdict = verdicts.get(request);
      if (verdict === undefined) {
        verdict = decide(request);
        verdicts.set(request, verdict);
      }
      const settled = await verdict;
      if (!('store' in settled)) return settled;
      const isAllowed = settled.guildId === guildId;
      // Counted once per request, like the verdict (a re-execution must not count twice).
      if (!counted.has(request)) {
        counted.add(request);
        if (isAllowed) metrics.allowed++;
        else metrics.forbidden++;
      }
      return isAllowed ? { guildId, store: settled.store, now: now() } : forbidden();
    },
    isPrivate: (request) => privateRequests.has(request),
    metrics,
  };
}
