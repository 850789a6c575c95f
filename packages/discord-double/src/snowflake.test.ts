import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createSnowflakeFactory,
  DISCORD_EPOCH,
  guildIdOnShard,
  shardForGuild,
  timestampFromSnowflake,
} from './snowflake.ts';

describe('createSnowflakeFactory', () => {
  it('embeds the clock time in the id', () => {
    const time = Date.UTC(2026, 0, 1);
    const next = createSnowflakeFactory(() => time);
    expect(timestampFromSnowflake(next())).toBe(time);
  });

  it('never repeats or goes backwards, even when the clock does (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: Date.UTC(2021, 0, 1), max: Date.UTC(2030, 0, 1) }), { minLength: 2 }),
        (times) => {
          let index = 0;
          const next = createSnowflakeFactory(() => times[index++ % times.length] ?? 0);
          const ids = times.map(() => BigInt(next()));
          return ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? 0n));
        },
      ),
    );
  });

  it('lifts fake clocks near 0 so ids keep 17-19 digits', () => {
    const id = createSnowflakeFactory(() => 0)();
    expect(id).toMatch(/^\d{17,19}$/);
    expect(timestampFromSnowflake(id)).toBeGreaterThan(DISCORD_EPOCH);
  });
});

describe('shardForGuild', () => {
  it('maps every guild to shard 0 of 1', () => {
    expect(shardForGuild('1234567890123456789', 1)).toBe(0);
  });

  it("follows Discord's (id >> 22) % count formula", () => {
    const id = String((5n << 22n) | 123n);
    expect(shardForGuild(id, 3)).toBe(2);
  });

  it('handles the largest 19-digit ids exactly', () => {
    expect(shardForGuild('9223372036854775807', 2)).toBe(Number((9223372036854775807n >> 22n) % 2n));
  });
});

describe('guildIdOnShard', () => {
  it('lands on the asked shard, with distinct ids per index (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.nat(63), fc.nat(1000), (count, raw, index) => {
        const shard = raw % count;
        const id = guildIdOnShard(shard, count, index);
        return (
          shardForGuild(id, count) === shard &&
          /^\d{17,20}$/.test(id) &&
          id !== guildIdOnShard(shard, count, index + 1)
        );
      }),
    );
  });

  it('refuses a shard outside the count', () => {
    expect(() => guildIdOnShard(2, 2)).toThrow(RangeError);
  });
});
