/** Discord's epoch: the first millisecond of 2015 (UTC). */
export const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * When Discord created the object a snowflake names (epoch ms): `(id >> 22) + 1420070400000`. For an
 * interaction this is when the click or submit reached Discord, fair under network jitter and a busy bot.
 * Throws on a string that is not a snowflake (programmer error).
 */
export function snowflakeTime(id: string): number {
  if (!/^\d{1,20}$/.test(id)) throw new RangeError(`not a snowflake: ${id}`);
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** The smallest snowflake created at `at` (epoch ms): for tests and for range queries by time. */
export function snowflakeAt(at: number): string {
  return ((BigInt(Math.floor(at)) - DISCORD_EPOCH) << 22n).toString();
}

/** Orders Discord snowflakes (numeric strings) by value; other ids by text. */
export function compareSnowflakes(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}
