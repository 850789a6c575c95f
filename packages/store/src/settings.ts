import { err, ok, validateStudyClock } from '@portdeck/core';
import type { Result, StudyClock } from '@portdeck/core';
import type { Tx } from './backend/types.ts';
import type { StoreContext } from './context.ts';
import { defaultSettings, settingsFromRow } from './rows.ts';
import type { UserSettings } from './rows.ts';
import type { SettingsError } from './types.ts';

/** The study clock a user's settings describe. */
export function clockOf(settings: UserSettings): StudyClock {
  return { timeZone: settings.timeZone, dayStartHour: settings.dayStartHour };
}

function isValidLimit(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 100_000;
}

/** A user's settings, or the defaults for an unknown user. */
export async function readSettings(ctx: StoreContext, db: Tx, userId: string): Promise<UserSettings> {
  const cache = ctx.cache.user(userId, db);
  if (cache?.settings !== undefined) return cache.settings;
  const [row] = (await ctx.q.settings.run(db, { userId })).rows;
  const settings = row === undefined ? defaultSettings : settingsFromRow(row);
  if (cache !== undefined) cache.settings = settings;
  return settings;
}

/**
 * Holds the user's row until the transaction ends, so this user's writes (from any process) apply one after
 * another, and tells the cache whether what it knows of the user is still current.
 */
export async function lockUser(ctx: StoreContext, trx: Tx, userId: string): Promise<void> {
  const version = await ctx.backend.lockUser(trx, userId);
  if (version !== null) ctx.cache.hold(userId, version, trx);
}

/** Creates the user (default settings) when needed, then holds their row until the transaction ends. */
export async function holdUser(ctx: StoreContext, trx: Tx, userId: string, now: number): Promise<void> {
  await trx
    .insertInto('users')
    .values({
      user_id: userId,
      time_zone: defaultSettings.timeZone,
      day_start_hour: defaultSettings.dayStartHour,
      new_per_day: defaultSettings.newPerDay,
      reviews_per_day: defaultSettings.reviewsPerDay,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  await lockUser(ctx, trx, userId);
}

/** `patch` over the user's current settings, validated. */
async function merged(
  ctx: StoreContext,
  db: Tx,
  userId: string,
  patch: Partial<UserSettings>,
): Promise<Result<UserSettings, SettingsError>> {
  const next = { ...(await readSettings(ctx, db, userId)), ...patch };
  const clock = validateStudyClock(clockOf(next));
  if (!clock.ok) return clock;
  for (const field of ['newPerDay', 'reviewsPerDay'] as const) {
    if (!isValidLimit(next[field])) return err({ kind: 'invalid-limit', field, value: next[field] });
  }
  return ok({ ...next, ...clock.value });
}

/** Validates and stores a partial settings change; creates the user when needed. A refused change writes nothing. */
export function updateSettings(
  ctx: StoreContext,
  userId: string,
  patch: Partial<UserSettings>,
  now: number,
): Promise<Result<UserSettings, SettingsError>> {
  return ctx.backend.write(async (trx) => {
    const checked = await merged(ctx, trx, userId, patch);
    if (!checked.ok) return checked;
    await holdUser(ctx, trx, userId, now);
    // Merge again under the user's lock: another process may have changed another field meanwhile.
    const settings = await merged(ctx, trx, userId, patch);
    if (!settings.ok) return settings;
    await trx
      .updateTable('users')
      .set({
        time_zone: settings.value.timeZone,
        day_start_hour: settings.value.dayStartHour,
        new_per_day: settings.value.newPerDay,
        reviews_per_day: settings.value.reviewsPerDay,
        updated_at: now,
      })
      .where('user_id', '=', userId)
      .execute();
    // Counts and queues cached under the old settings (time zone, limits) are stale now.
    ctx.cache.forgetUser(userId, trx);
    return settings;
  });
}
