import type { Kysely, Migration } from 'kysely';
import type { Database } from '../schema.ts';
import type { ColumnTypes } from './columns.ts';

/** Study-group drills: the drill, its players, its rounds and every answer (the leaderboards read answers). */
export function drills(types: ColumnTypes): Migration {
  return {
    up: async (db: Kysely<Database>) => {
      await db.schema
        .createTable('drills')
        .addColumn('drill_id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('guild_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('channel_id', 'varchar(32)', (c) => c.notNull())
        // The channel while the drill is not over, null after: unique, so one drill per channel.
        .addColumn('active_channel', 'varchar(32)', (c) => c.unique())
        .addColumn('host_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('deck_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('mode', 'varchar(8)', (c) => c.notNull())
        .addColumn('round_count', 'integer', (c) => c.notNull())
        .addColumn('round_seconds', 'integer', (c) => c.notNull())
        .addColumn('card_ids', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
        .addColumn('status', 'varchar(8)', (c) => c.notNull())
        .addColumn('message_id', 'varchar(32)')
        .addColumn('current_round', 'integer', (c) => c.notNull())
        .addColumn('lobby_ends_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('started_at', 'bigint')
        .addColumn('ended_at', 'bigint')
        .execute();
      await db.schema
        .createTable('drill_players')
        .addColumn('drill_id', 'varchar(32)', (c) =>
          c.notNull().references('drills.drill_id').onDelete('cascade'),
        )
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('joined_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('drill_players_pk', ['drill_id', 'user_id'])
        .execute();
      await db.schema
        .createTable('drill_rounds')
        .addColumn('drill_id', 'varchar(32)', (c) =>
          c.notNull().references('drills.drill_id').onDelete('cascade'),
        )
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('card_id', 'varchar(48)', (c) => c.notNull())
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('correct_index', 'integer', (c) => c.notNull())
        .addColumn('message_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('deadline', 'bigint', (c) => c.notNull())
        .addColumn('closed_at', 'bigint')
        .addColumn('answer_count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('drill_rounds_pk', ['drill_id', 'round'])
        .execute();
      let answers = db.schema
        .createTable('drill_answers')
        .addColumn('drill_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('guild_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('card_id', 'varchar(48)', (c) => c.notNull())
        .addColumn('answer', 'varchar(200)', (c) => c.notNull());
      answers = types.flag(answers, 'is_correct');
      await answers
        .addColumn('points', 'integer', (c) => c.notNull())
        .addColumn('answered_at', 'bigint', (c) => c.notNull())
        .addColumn('day_key', 'varchar(10)', (c) => c.notNull())
        .addColumn('week_key', 'varchar(8)', (c) => c.notNull())
        .addColumn('month_key', 'varchar(7)', (c) => c.notNull())
        .addPrimaryKeyConstraint('drill_answers_pk', ['drill_id', 'round', 'user_id'])
        .addForeignKeyConstraint(
          'drill_answers_round',
          ['drill_id', 'round'],
          'drill_rounds',
          ['drill_id', 'round'],
          (c) => c.onDelete('cascade'),
        )
        .execute();
      // Boards by period (the leaderboards).
      await db.schema
        .createIndex('drill_answers_month')
        .on('drill_answers')
        .columns(['guild_id', 'month_key', 'user_id'])
        .execute();
    },
  };
}
