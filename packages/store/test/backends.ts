import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { DialectName } from '../src/backend/types.ts';
import { migrateToLatest } from '../src/migrations/index.ts';
import { createStore, openBackend } from '../src/store.ts';
import type { Store, StoreOptions } from '../src/store.ts';
import type { Database } from '../src/schema.ts';
import { tempDir } from './helpers.ts';

/** The PostgreSQL server the contract suite runs on (the machine's local one unless told otherwise). */
export const postgresUrl =
  process.env.PORTDECK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Why PostgreSQL is not available, or undefined when it is. With CI=true a missing server fails the run. */
async function postgresProblem(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const problem = await postgresProblem();
if (problem !== undefined) {
  const message = `PostgreSQL at ${postgresUrl} is not reachable (${problem})`;
  if (process.env.CI === 'true') throw new Error(`${message}: CI needs it (see .ci/run)`);
  console.warn(`${message}: the PostgreSQL half of the store's contract suite is skipped`);
}

/** A fresh, empty database on one backend, opened as a store plus a Kysely handle for inspection. */
export interface TestDatabase {
  readonly dialect: DialectName;
  /** Options that open this same database again (another store, another process). */
  readonly options: StoreOptions;
  /** Opens a store on it (migrating), with the backend's Kysely handle beside it. */
  open(
    extra?: Partial<Record<'maxWriteBatch' | 'busyTimeoutMs', number>>,
  ): Promise<{ store: Store; db: Kysely<Database> }>;
  /** Closes what `open` opened and drops the database. */
  cleanup(): Promise<void>;
}

/** One backend the contract suite runs on. */
export interface TestBackend {
  readonly name: DialectName;
  create(): Promise<TestDatabase>;
}

function testDatabase(dialect: DialectName, options: StoreOptions, drop: () => Promise<void>): TestDatabase {
  const closers: (() => Promise<void>)[] = [];
  return {
    dialect,
    options,
    open: async (extra = {}) => {
      const { backend, cache } = openBackend({ ...options, ...extra });
      await migrateToLatest(backend.db, backend.dialect, backend.schema);
      const store = createStore(backend, cache);
      closers.push(() => store.close());
      return { store, db: backend.db };
    },
    cleanup: async () => {
      for (const close of closers.splice(0)) await close().catch(() => undefined);
      await drop();
    },
  };
}

const sqlite: TestBackend = {
  name: 'sqlite',
  create: () => {
    const { dir, cleanup } = tempDir();
    return Promise.resolve(
      testDatabase('sqlite', { path: join(dir, 'portdeck.sqlite') }, () => {
        cleanup();
        return Promise.resolve();
      }),
    );
  },
};

/** Each database is its own schema, so test files (and tests) run in parallel on one server. */
const postgres: TestBackend = {
  name: 'postgres',
  create: () => {
    const schema = `portdeck_test_${randomBytes(6).toString('hex')}`;
    return Promise.resolve(
      testDatabase(
        'postgres',
        { postgres: { connectionString: postgresUrl, schema, poolSize: 4 } },
        async () => {
          const client = new pg.Client({ connectionString: postgresUrl });
          await client.connect();
          try {
            await client.query(`drop schema if exists ${schema} cascade`);
          } finally {
            await client.end();
          }
        },
      ),
    );
  },
};

/** The backends to run the contract suite on: SQLite always, PostgreSQL when its server answers. */
export const backends: readonly TestBackend[] = problem === undefined ? [sqlite, postgres] : [sqlite];
