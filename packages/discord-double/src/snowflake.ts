/** Discord's epoch (2015-01-01T00:00:00Z) in Unix milliseconds: snowflake timestamps count from here. */
export const DISCORD_EPOCH = 1_420_070_400_000;

// Fake clocks often start near 0; ids must still be 17-19 digits for @discordjs/rest's route parsing.
const MIN_ID_TIME = Date.UTC(2020, 0, 1);

/** Makes a new unique snowflake id on every call. */
export type SnowflakeFactory = () => string;

/**
 * Creates a snowflake generator whose ids embed the given clock's time and increase strictly.
 * @param now - clock in Unix milliseconds (values before 2020 are lifted so ids keep their usual length)
 */
export function createSnowflakeFactory(now: () => number): SnowflakeFactory {
  let last = 0n;
  return () => {
    const time = BigInt(Math.max(Math.floor(now()), MIN_ID_TIME) - DISCORD_EPOCH);
    const candidate = time << 22n;
    // Same millisecond (or a clock going backwards) still yields increasing ids.
    last = candidate > last ? candidate : last + 1n;
    return last.toString();
  };
}

/**
 * The Unix millisecond timestamp embedded in a snowflake.
 * @param id - a snowflake as a decimal string
 */
export function timestampFromSnowflake(id: string): number {
  return Number(BigInt(id) >> 22n) + DISCORD_EPOCH;
}

/**
 * The shard a guild belongs to: `(guild_id >> 22) % shard_count`.
 * @param guildId - guild snowflake
 * @param shardCount - total number of shards
 */
export function shardForGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * A guild snowflake that lands on the given shard: `(id >> 22) % shardCount === shardId`. Tests use it to
 * spread guilds over shards (ids made in one millisecond all share a shard).
 * @param shardId - the shard the guild must belong to
 * @param shardCount - total number of shards
 * @param index - makes distinct ids for the same shard (0, 1, 2, ...)
 */
export function guildIdOnShard(shardId: number, shardCount: number, index = 0): string {
  if (!Number.isInteger(shardId) || !Number.isInteger(shardCount) || shardId < 0 || shardId >= shardCount)
    throw new RangeError(`no shard ${String(shardId)} of ${String(shardCount)}`);
  const count = BigInt(shardCount);
  // 2019: before any id the factory makes (it lifts times to 2020), so no collision.
  const base = BigInt(Date.UTC(2019, 0, 1) - DISCORD_EPOCH);
  const time = base - (base % count) + BigInt(shardId) + BigInt(index) * count;
  return (time << 22n).toString();
}
