import type { Kysely, Migration } from 'kysely';
import type { Database } from '../schema.ts';

/** Durable jobs (the scheduler's daily posts and round deadlines); retires the first release's version table. */
export const jobs: Migration = {
  up: async (db: Kysely<Database>) => {
    await db.schema
      .createTable('jobs')
      .addColumn('job_id', 'varchar(200)', (c) => c.primaryKey())
      .addColumn('kind', 'varchar(64)', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('run_at', 'bigint', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('lease_owner', 'varchar(128)')
      .addColumn('lease_expires_at', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .execute();
    // Claims scan due jobs by status and time; a running job's lease expiry finds abandoned work.
    await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();
    await db.schema.createIndex('jobs_lease').on('jobs').columns(['status', 'lease_expires_at']).execute();
    await db.schema.dropTable('schema_migrations').ifExists().execute();
  },
};
