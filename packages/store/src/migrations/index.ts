import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { DialectName } from '../backend/types.ts';
import type { Database } from '../schema.ts';
import { columnTypes } from './columns.ts';
import { flashcards } from './0001-flashcards.ts';
import { jobs } from './0002-jobs.ts';
import { userVersion } from './0003-user-version.ts';
import { daily } from './0004-daily.ts';
import { drills } from './0005-drills.ts';
import { boards } from './0006-boards.ts';
import { memberNames } from './0007-member-names.ts';

/** Every migration by name, applied in name order; append only, never edit one that has shipped. */
export function migrationsFor(dialect: DialectName): Record<string, Migration> {
  const types = columnTypes(dialect);
  return {
    '0001-flashcards': flashcards(types),
    '0002-jobs': jobs,
    '0003-user-version': userVersion,
    '0004-daily': daily(types),
    '0005-drills': drills(types),
    '0006-boards': boards(types),
    '0007-member-names': memberNames,
  };
}

function migratorFor(db: Kysely<Database>, dialect: DialectName, schema?: string): Migrator {
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrationsFor(dialect)) };
  // On PostgreSQL the migration tables live in the store's schema (several schemas may share a database).
  return new Migrator({ db, provider, ...(schema === undefined ? {} : { migrationTableSchema: schema }) });
}

/** Why start-up could not bring the schema up to date. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * Applies pending migrations with Kysely's Migrator: each in a transaction, under PostgreSQL's advisory lock
 * or SQLite's write lock (the backend begins transactions IMMEDIATE), so processes starting together migrate
 * once. Returns the names applied.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: DialectName,
  schema?: string,
): Promise<string[]> {
  const migrator = migratorFor(db, dialect, schema);
  // A read first: an up-to-date database (every start but the first) never waits for the migration lock,
  // which on SQLite is the write lock other processes are using.
  const known = await migrator.getMigrations();
  if (known.every((m) => m.executedAt !== undefined)) return [];
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new MigrationError(`migration ${failed ?? '(setup)'} failed: ${reason}`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of the applied migrations, oldest first. */
export async function appliedMigrations(db: Kysely<Database>, schema?: string): Promise<string[]> {
  // Which migrations ran does not depend on the dialect's DDL.
  const all = await migratorFor(db, 'sqlite', schema).getMigrations();
  return all.filter((m) => m.executedAt !== undefined).map((m) => m.name);
}
