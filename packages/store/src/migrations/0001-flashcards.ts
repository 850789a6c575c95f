import type { Kysely, Migration } from 'kysely';
import type { Database } from '../schema.ts';
import type { ColumnTypes } from './columns.ts';

/**
 * Users, card states, the review log and flashcard sessions: the schema the first release created (then
 * through its own `schema_migrations` table). Every statement is `if not exists`, so a file that release
 * wrote is adopted as it is.
 */
export function flashcards(types: ColumnTypes): Migration {
  return {
    up: async (db: Kysely<Database>) => {
      await db.schema
        .createTable('users')
        .ifNotExists()
        .addColumn('user_id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
        .addColumn('day_start_hour', 'integer', (c) => c.notNull())
        .addColumn('new_per_day', 'integer', (c) => c.notNull())
        .addColumn('reviews_per_day', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      let cardStates = db.schema
        .createTable('card_states')
        .ifNotExists()
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
        .addColumn('last_rating', 'varchar(8)');
      cardStates = types.flag(cardStates, 'is_leech');
      cardStates = types.flag(cardStates, 'is_suspended');
      await cardStates
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('card_states_pk', ['user_id', 'card_id'])
        .execute();
      await db.schema
        .createTable('sessions')
        .ifNotExists()
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
        .ifNotExists()
        .on('sessions')
        .columns(['user_id', 'created_at'])
        .execute();
      await types
        .id(db.schema.createTable('review_log').ifNotExists(), 'id')
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
        .ifNotExists()
        .on('review_log')
        .columns(['user_id', 'reviewed_at', 'mode', 'phase_before'])
        .execute();
      // One answer per session step, even if two processes race on the same click.
      await db.schema
        .createIndex('review_log_session_step')
        .ifNotExists()
        .on('review_log')
        .columns(['session_id', 'session_step'])
        .unique()
        .execute();
    },
  };
}
