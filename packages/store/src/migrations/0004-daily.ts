import type { Kysely, Migration } from 'kysely';
import type { Database } from '../schema.ts';
import type { ColumnTypes } from './columns.ts';

/** Daily quizzes: each server's schedule, the questions posted, and members' answers. */
export function daily(types: ColumnTypes): Migration {
  return {
    up: async (db: Kysely<Database>) => {
      let schedules = db.schema
        .createTable('daily_schedules')
        .addColumn('guild_id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('channel_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('time_of_day', 'varchar(5)', (c) => c.notNull())
        .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
        .addColumn('days', 'varchar(32)', (c) => c.notNull())
        .addColumn('deck_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('close_after_minutes', 'integer');
      schedules = types.flag(schedules, 'starts_thread');
      schedules = types.flag(schedules, 'pins');
      schedules = schedules.addColumn('role_id', 'varchar(32)');
      schedules = types.flag(schedules, 'is_active');
      await schedules
        .addColumn('saved_at', 'bigint', (c) => c.notNull())
        .addColumn('asked_in_cycle', 'text', (c) => c.notNull())
        .addColumn('last_failure', 'text')
        .addColumn('last_failure_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('daily_questions')
        .addColumn('question_id', 'varchar(200)', (c) => c.primaryKey())
        .addColumn('guild_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('local_date', 'varchar(10)', (c) => c.notNull())
        .addColumn('sequence', 'integer', (c) => c.notNull())
        .addColumn('card_id', 'varchar(48)', (c) => c.notNull())
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('correct_index', 'integer', (c) => c.notNull())
        .addColumn('channel_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('message_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('thread_id', 'varchar(32)')
        .addColumn('posted_at', 'bigint', (c) => c.notNull())
        .addColumn('closes_at', 'bigint', (c) => c.notNull())
        .addColumn('closed_at', 'bigint')
        .addColumn('answer_count', 'integer', (c) => c.notNull())
        .addUniqueConstraint('daily_questions_guild_sequence', ['guild_id', 'sequence'])
        .execute();
      let answers = db.schema
        .createTable('daily_answers')
        .addColumn('question_id', 'varchar(200)', (c) =>
          c.notNull().references('daily_questions.question_id').onDelete('cascade'),
        )
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('guild_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('choice', 'integer', (c) => c.notNull());
      answers = types.flag(answers, 'is_correct');
      await answers
        .addColumn('answered_at', 'bigint', (c) => c.notNull())
        .addColumn('day_key', 'varchar(10)', (c) => c.notNull())
        .addColumn('week_key', 'varchar(8)', (c) => c.notNull())
        .addColumn('month_key', 'varchar(7)', (c) => c.notNull())
        .addPrimaryKeyConstraint('daily_answers_pk', ['question_id', 'user_id'])
        .execute();
      // A member's history in a server (streaks), and boards by period.
      await db.schema
        .createIndex('daily_answers_member')
        .on('daily_answers')
        .columns(['guild_id', 'user_id'])
        .execute();
      await db.schema
        .createIndex('daily_answers_month')
        .on('daily_answers')
        .columns(['guild_id', 'month_key', 'user_id'])
        .execute();
    },
  };
}
