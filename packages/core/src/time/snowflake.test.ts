import { describe, expect, it } from 'vitest';
import { compareSnowflakes, snowflakeAt, snowflakeTime } from './snowflake.ts';

describe('snowflakeTime', () => {
  it("reads the creation time of Discord's documented example snowflake", () => {
    // discord.com/developers/docs/reference#snowflakes: 175928847299117063 is 2016-04-30 11:18:25.796 UTC.
    expect(new Date(snowflakeTime('175928847299117063')).toISOString()).toBe('2016-04-30T11:18:25.796Z');
  });

  it('round-trips with snowflakeAt', () => {
    const at = Date.parse('2026-11-27T16:20:00.123Z');
    expect(snowflakeTime(snowflakeAt(at))).toBe(at);
  });

  it('throws on an id that is not a snowflake (programmer error)', () => {
    expect(() => snowflakeTime('abc')).toThrow(RangeError);
  });
});

describe('compareSnowflakes', () => {
  it('orders snowflakes numerically and other ids by text', () => {
    expect(['100', '99', '1000'].sort(compareSnowflakes)).toEqual(['99', '100', '1000']);
    expect(['b', 'a'].sort(compareSnowflakes)).toEqual(['a', 'b']);
  });
});
