import type { Kysely, Migration } from 'kysely';
import type { Database } from '../schema.ts';

/** Members' display names per server, as their last interaction showed them: boards drawn as pictures and
 * dashboards cannot render a Discord mention. */
export const memberNames: Migration = {
  up: async (db: Kysely<Database>) => {
    await db.schema
      .createTable('member_names')
      .addColumn('guild_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('display_name', 'varchar(100)', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('member_names_pk', ['guild_id', 'user_id'])
      .execute();
  },
};
