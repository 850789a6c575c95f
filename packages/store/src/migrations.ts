import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** One schema step; `up` uses only Kysely's dialect-neutral schema builder. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Kysely<Database>) => Promise<void>;
}

/** Every migration, in order; append only, never edit one that has shipped. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'users, card states, review log, sessions',
    up: async (db) => {
      await db.schema
        .createTable('users')
        .addColumn('user_id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
        .addColumn('day_start_hour', 'integer', (c) => c.notNull())
        .addColumn('new_per_day', 'integer', (c) => c.notNull())
        .addColumn('reviews_per_day', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('card_states')
        .addColumn('user_id', 'varchar(32)', (c) =>
          c.notNull().references('users.user_id').onDelete('cascade'),
        )
        .addColumn('card_id', 'varchar(48)', (c) => c.notNull())
        .addColumn('due', 'bigint', (c) => c.notNull())
        .addColumn('stability', 'double precision', (c) => c.notNull())
        .addColumn('difficulty', 'double precision', (c) => c.notNull())
        .addColumn('scheduled_days', 'integer', (c) => c.notNull())
        .addColumn('learning_steps', 'integer', (c) => c.notNull())
        .addColumn('reps', 'integer', (c) => c.notNull())
        .addColumn('lapses', 'integer', (c) => c.notNull())
        .addColumn('phase', 'varchar(16)', (c) => c.notNull())
        .addColumn('last_review', 'bigint')
        .addColumn('last_rating', 'varchar(8)')
        .addColumn('is_leech', 'integer', (c) => c.notNull())
        .addColumn('is_suspended', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('card_states_pk', ['user_id', 'card_id'])
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('session_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'varchar(32)', (c) =>
          c.notNull().references('users.user_id').onDelete('cascade'),
        )
        .addColumn('deck_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('mode', 'varchar(8)', (c) => c.notNull())
        .addColumn('card_ids', 'text', (c) => c.notNull())
        .addColumn('current_card_id', 'varchar(48)')
        .addColumn('step', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('sessions_user')
        .on('sessions')
        .columns(['user_id', 'created_at'])
        .execute();
      await db.schema
        .createTable('review_log')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('user_id', 'varchar(32)', (c) =>
          c.notNull().references('users.user_id').onDelete('cascade'),
        )
        .addColumn('card_id', 'varchar(48)', (c) => c.notNull())
        .addColumn('session_id', 'varchar(64)', (c) =>
          c.references('sessions.session_id').onDelete('set null'),
        )
        .addColumn('session_step', 'integer')
        .addColumn('mode', 'varchar(8)', (c) => c.notNull())
        .addColumn('rating', 'varchar(8)', (c) => c.notNull())
        .addColumn('phase_before', 'varchar(16)', (c) => c.notNull())
        .addColumn('reviewed_at', 'bigint', (c) => c.notNull())
        .addColumn('due_after', 'bigint', (c) => c.notNull())
        .addColumn('state_before', 'text')
        .execute();
      // Covers today's counts (grouped by mode and phase) without touching the table.
      await db.schema
        .createIndex('review_log_user_time')
        .on('review_log')
        .columns(['user_id', 'reviewed_at', 'mode', 'phase_before'])
        .execute();
      // One answer per session step, even if two processes race on the same click.
      await db.schema
        .createIndex('review_log_session_step')
        .on('review_log')
        .columns(['session_id', 'session_step'])
        .unique()
        .execute();
    },
  },
];

/** Applies the migrations a database has not seen yet, each in the given transaction; returns the versions applied. */
export async function migrate(
  db: Kysely<Database>,
  transact: <T>(work: (trx: Kysely<Database>) => Promise<T>) => Promise<T>,
  now: number,
): Promise<number[]> {
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .execute();
  const applied: number[] = [];
  for (const migration of migrations) {
    const didApply = await transact(async (trx) => {
      // Re-check inside the write transaction: another process may have migrated meanwhile.
      const done = await trx
        .selectFrom('schema_migrations')
        .select('version')
        .where('version', '=', migration.version)
        .executeTakeFirst();
      if (done !== undefined) return false;
      await migration.up(trx);
      await trx
        .insertInto('schema_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: now })
        .execute();
      return true;
    });
    if (didApply) applied.push(migration.version);
  }
  return applied;
}

/** The highest applied version, 0 for an empty database. */
export async function schemaVersion(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirst();
  return row?.version ?? 0;
}
