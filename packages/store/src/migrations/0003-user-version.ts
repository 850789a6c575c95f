import type { Kysely, Migration } from 'kysely';
import type { Database } from '../schema.ts';

/** A version per user, bumped under the user's row lock, so a process can tell its cache is still current. */
export const userVersion: Migration = {
  up: async (db: Kysely<Database>) => {
    await db.schema
      .alterTable('users')
      .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
