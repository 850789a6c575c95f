import type { Kysely, Migration } from 'kysely';
import type { Database } from '../schema.ts';
import type { ColumnTypes } from './columns.ts';

/** Leaderboards and statistics: the scores ledger, members hidden from boards, dashboard read tokens. */
export function boards(types: ColumnTypes): Migration {
  return {
    up: async (db: Kysely<Database>) => {
      let scores = types.id(db.schema.createTable('scores'), 'id');
      scores = scores
        .addColumn('guild_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('board', 'varchar(16)', (c) => c.notNull())
        .addColumn('game_id', 'varchar(200)', (c) => c.notNull())
        .addColumn('source_id', 'varchar(200)', (c) => c.notNull())
        .addColumn('card_id', 'varchar(48)', (c) => c.notNull())
        .addColumn('chosen', 'varchar(200)');
      scores = types.flag(scores, 'is_correct');
      await scores
        .addColumn('points', 'integer', (c) => c.notNull())
        .addColumn('answered_at', 'bigint', (c) => c.notNull())
        .addColumn('day_key', 'varchar(10)', (c) => c.notNull())
        .addColumn('week_key', 'varchar(8)', (c) => c.notNull())
        .addColumn('month_key', 'varchar(7)', (c) => c.notNull())
        // One answer per member per question or round, whichever feature records it.
        .addUniqueConstraint('scores_once', ['board', 'source_id', 'user_id'])
        .execute();
      // Boards read one period of one server: covering indexes, grouped by member in index order.
      for (const key of ['day_key', 'week_key', 'month_key'] as const) {
        await db.schema
          .createIndex(`scores_${key}`)
          .on('scores')
          .columns(['guild_id', key, 'user_id', 'board', 'points', 'is_correct'])
          .execute();
      }
      await db.schema
        .createIndex('scores_all')
        .on('scores')
        .columns(['guild_id', 'user_id', 'board', 'points', 'is_correct'])
        .execute();
      await db.schema
        .createIndex('scores_game')
        .on('scores')
        .columns(['guild_id', 'board', 'game_id'])
        .execute();

      // Running totals per member, board (and 'all') and period (and 'all'): a board page is an index range read.
      await db.schema
        .createTable('score_totals')
        .addColumn('guild_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('board', 'varchar(16)', (c) => c.notNull())
        .addColumn('period', 'varchar(8)', (c) => c.notNull())
        .addColumn('period_key', 'varchar(10)', (c) => c.notNull())
        .addColumn('user_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('points', 'bigint', (c) => c.notNull())
        .addColumn('correct', 'integer', (c) => c.notNull())
        .addColumn('answers', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('score_totals_pk', ['guild_id', 'board', 'period', 'period_key', 'user_id'])
        .execute();
      await db.schema
        .createIndex('score_totals_rank')
        .on('score_totals')
        .columns(['guild_id', 'board', 'period', 'period_key', 'points desc', 'user_id'])
        .execute();

      let preferences = db.schema
        .createTable('board_preferences')
        .addColumn('user_id', 'varchar(32)', (c) => c.primaryKey());
      preferences = types.flag(preferences, 'is_hidden');
      await preferences.addColumn('updated_at', 'bigint', (c) => c.notNull()).execute();

      await db.schema
        .createTable('dashboard_tokens')
        .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('guild_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_by', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('dashboard_tokens_guild')
        .on('dashboard_tokens')
        .columns(['guild_id', 'revoked_at'])
        .execute();
    },
  };
}
