import { describe, expect, it } from 'vitest';
import { rateLimitedReply, rateLimitHeaders, RateLimiter } from './rate-limits.ts';

describe('RateLimiter', () => {
  it('allows the limit per window and bucket, then refuses until the window reopens', () => {
    let now = 0;
    const limiter = new RateLimiter({ messageEdit: { limit: 2, windowMs: 1_000 }, now: () => now });
    expect(limiter.take('messageEdit', 'a')).toMatchObject({ isAllowed: true, remaining: 1 });
    expect(limiter.take('messageEdit', 'a')).toMatchObject({ isAllowed: true, remaining: 0 });
    now = 400;
    expect(limiter.take('messageEdit', 'a')).toMatchObject({ isAllowed: false, resetAfterMs: 600 });
    // Another channel is another bucket.
    expect(limiter.take('messageEdit', 'b')).toMatchObject({ isAllowed: true });
    now = 1_000;
    expect(limiter.take('messageEdit', 'a')).toMatchObject({ isAllowed: true, remaining: 1 });
  });

  it('answers 429 with Discord headers and body; global ones are marked global', () => {
    let now = 0;
    const limiter = new RateLimiter({ global: { limit: 1, windowMs: 1_000 }, now: () => now });
    limiter.take('global');
    now = 250;
    const refused = limiter.take('global')!;
    expect(rateLimitedReply(refused)).toMatchObject({
      headers: { 'retry-after': '1', 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
      body: { message: 'You are being rate limited.', retry_after: 0.75, global: true },
    });
    const edit = new RateLimiter({ now: () => now }).take('messageEdit', 'c')!;
    expect(rateLimitHeaders(edit)).toMatchObject({
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '4',
      'x-ratelimit-reset-after': '5.000',
    });
  });

  it('enforces nothing when disabled or when one limit is turned off (edge)', () => {
    expect(new RateLimiter({ enabled: false }).take('global')).toBeUndefined();
    const limiter = new RateLimiter({ messageCreate: false });
    expect(limiter.take('messageCreate', 'a')).toBeUndefined();
    expect(limiter.take('messageEdit', 'a')).toBeDefined();
  });
});
