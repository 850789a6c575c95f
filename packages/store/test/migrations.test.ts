import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MigrationError, openStore } from '../src/index.ts';
import { migrationsFor } from '../src/migrations/index.ts';
import { openBackend } from '../src/store.ts';
import { backends, postgresUrl } from './backends.ts';
import { deck, linesOf, spawnStoreChild, t0, tempDir } from './helpers.ts';

const allMigrations = Object.keys(migrationsFor('sqlite')).sort();

describe.each(backends)('migrations on $name', (backend) => {
  it('applies every migration once, in order, and keeps data across a re-open', async () => {
    const database = await backend.create();
    try {
      const first = await database.open();
      expect(await first.store.migrations()).toEqual(allMigrations);
      const started = await first.store.startSession({
        userId: 'u1',
        deckId: 'd',
        cardIds: deck,
        mode: 'normal',
        now: t0,
      });
      if (!started.ok) throw new Error('start failed');
      const graded = await first.store.gradeCard({
        userId: 'u1',
        sessionId: started.value.sessionId,
        cardId: started.value.currentCardId!,
        expectedStep: 0,
        rating: 'good',
        now: t0,
      });
      expect(graded.kind).toBe('graded');
      await first.store.close();

      const second = await database.open();
      const recorded = await second.db
        .selectFrom('kysely_migration' as never)
        .selectAll()
        .execute();
      expect(recorded).toHaveLength(allMigrations.length);
      const states = await second.store.getCardStates('u1', deck);
      expect([...states.keys()]).toEqual([deck[0]]);
      expect(states.get(deck[0]!)).toMatchObject({ phase: 'learning', isLeech: false, isSuspended: false });
      expect((await second.store.getSession(started.value.sessionId, t0 + 1000))?.step).toBe(1);
    } finally {
      await database.cleanup();
    }
  });

  it('migrates once when two processes open an empty database at the same moment', async () => {
    const database = await backend.create();
    try {
      const children = [1, 2, 3].map(() => spawnStoreChild(['migrate', JSON.stringify(database.options)]));
      const outputs = await Promise.all(children.map(linesOf));
      const applied = outputs.flatMap((lines) =>
        lines.filter((l) => l.startsWith('APPLIED ')).flatMap((l) => JSON.parse(l.slice(8)) as string[]),
      );
      // Every migration applied exactly once across the processes, whichever won the lock.
      expect(applied.sort()).toEqual(allMigrations);
      const { store } = await database.open();
      expect(await store.migrations()).toEqual(allMigrations);
    } finally {
      await database.cleanup();
    }
  }, 60_000);

  it('stores yes/no columns as the dialect does and reads them back as booleans', async () => {
    const database = await backend.create();
    try {
      const { store, db } = await database.open();
      const started = await store.startSession({
        userId: 'u1',
        deckId: 'd',
        cardIds: deck,
        mode: 'normal',
        now: t0,
      });
      if (!started.ok) throw new Error('start failed');
      await store.gradeCard({
        userId: 'u1',
        sessionId: started.value.sessionId,
        cardId: deck[0]!,
        expectedStep: 0,
        rating: 'good',
        now: t0,
      });
      expect(await store.setSuspended('u1', deck[0]!, true, t0)).toBe(true);
      const { rows } = await sql<{ kind: string }>`select ${sql.raw(
        backend.name === 'sqlite' ? 'typeof(is_suspended)' : 'pg_typeof(is_suspended)::text',
      )} as kind from card_states`.execute(db);
      expect(rows[0]?.kind).toBe(backend.name === 'sqlite' ? 'integer' : 'boolean');
      expect((await store.getCardStates('u1', [deck[0]!])).get(deck[0]!)?.isSuspended).toBe(true);
    } finally {
      await database.cleanup();
    }
  });
});

describe('SQLite file', () => {
  it('creates directories and the schema on a fresh file, with WAL, foreign keys, FULL sync and a busy timeout', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'a', 'b', 'store.sqlite');
    const store = await openStore({ path });
    try {
      expect(existsSync(path)).toBe(true);
      expect(await store.migrations()).toEqual(allMigrations);
    } finally {
      await store.close();
    }
    const raw = new BetterSqlite3(path);
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      // A fresh connection's defaults; the store's own settings are checked through its connection below.
    } finally {
      raw.close();
      cleanup();
    }
  });

  it('uses synchronous=FULL by default and NORMAL only when asked to', async () => {
    const { dir, cleanup } = tempDir();
    const open = async (synchronous?: 'normal' | 'full') => {
      const { backend } = openBackend({
        path: join(dir, `${synchronous ?? 'default'}.sqlite`),
        ...(synchronous === undefined ? {} : { synchronous }),
      });
      const pragma = async (name: string) =>
        (await sql<Record<string, number>>`${sql.raw(`pragma ${name}`)}`.execute(backend.db)).rows[0]?.[name];
      const values = {
        synchronous: await pragma('synchronous'),
        foreignKeys: await pragma('foreign_keys'),
        busyTimeout: (await sql<{ timeout: number }>`pragma busy_timeout`.execute(backend.db)).rows[0]
          ?.timeout,
      };
      await backend.close();
      return values;
    };
    try {
      // FULL (2): a commit is on disk before it is acknowledged, even across power loss.
      expect(await open()).toEqual({ synchronous: 2, foreignKeys: 1, busyTimeout: 5000 });
      expect((await open('normal')).synchronous).toBe(1);
      expect((await open('full')).synchronous).toBe(2);
    } finally {
      cleanup();
    }
  });

  it('works in memory for throw-away use', async () => {
    const store = await openStore({ path: ':memory:' });
    expect(await store.migrations()).toEqual(allMigrations);
    await store.close();
  });

  it('upgrades a file written by the first release without losing a review, a setting or a session', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'release.db');
    const raw = new BetterSqlite3(path);
    raw.exec(readFileSync(new URL('fixtures/release-0.1.sql', import.meta.url), 'utf8'));
    raw.close();
    const store = await openStore({ path });
    try {
      expect(await store.migrations()).toEqual(allMigrations);
      expect(await store.getSettings('alice')).toEqual({
        timeZone: 'Europe/Berlin',
        dayStartHour: 5,
        newPerDay: 7,
        reviewsPerDay: 200,
      });
      const seedDeck = ['svc:3389/tcp', 'svc:22/tcp', 'svc:443/tcp', 'svc:53/udp'];
      const states = await store.getCardStates('alice', seedDeck);
      expect([...states.keys()].sort()).toEqual(['svc:22/tcp', 'svc:3389/tcp', 'svc:443/tcp']);
      const progress = await store.progress('alice', seedDeck, t0 + 10_000);
      expect(progress.today).toEqual({ newIntroduced: 3, reviewsDone: 0, total: 3 });
      const alice = await store.getSession('sess-alice', t0 + 10_000);
      expect(alice).toMatchObject({ step: 3, mode: 'normal', isEnded: false });
      const bob = await store.getSession('sess-bob', t0 + 10_000);
      expect(bob).toMatchObject({ step: 1, mode: 'cram', remaining: 4 });
      // The released review log keeps working: undo takes back exactly the latest answer.
      const undone = await store.undoLastReview({
        userId: 'alice',
        sessionId: 'sess-alice',
        expectedStep: 3,
        now: t0 + 20_000,
      });
      expect(undone.kind === 'undone' && undone.review).toMatchObject({ reviewId: 3, cardId: 'svc:443/tcp' });
      // New ids continue after the released ones.
      const next = await store.gradeCard({
        userId: 'alice',
        sessionId: 'sess-alice',
        cardId: 'svc:443/tcp',
        expectedStep: 4,
        rating: 'good',
        now: t0 + 30_000,
      });
      expect(next.kind === 'graded' && next.review.reviewId).toBeGreaterThan(4);
    } finally {
      await store.close();
    }
    const after = new BetterSqlite3(path);
    const tables = after
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .pluck()
      .all();
    after.close();
    cleanup();
    expect(tables).not.toContain('schema_migrations');
    expect(tables).toEqual(
      expect.arrayContaining(['jobs', 'kysely_migration', 'review_log', 'sessions', 'users']),
    );
  });

  it('stops with the migration named, and changes nothing, when a migration fails', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'conflict.db');
    const raw = new BetterSqlite3(path);
    raw.exec(readFileSync(new URL('fixtures/release-0.1.sql', import.meta.url), 'utf8'));
    // Something else already made a table called jobs.
    raw.exec('create table jobs (something text)');
    raw.close();
    const failure = await openStore({ path }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as Error).message).toMatch(/^migration 0002-jobs failed: .*jobs/);
    const check = new BetterSqlite3(path);
    const tables = check
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .pluck()
      .all();
    const applied = check.prepare('select name from kysely_migration').pluck().all();
    check.close();
    cleanup();
    // Pending migrations run in one transaction: none is recorded, the released version table is still there.
    expect(applied).toEqual([]);
    expect(tables).toContain('schema_migrations');
  });

  it('fails to open when the path cannot be a database', async () => {
    const { dir, cleanup } = tempDir();
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'not a directory');
    await expect(openStore({ path: join(blocker, 'store.sqlite') })).rejects.toThrow();
    const garbage = join(dir, 'garbage.sqlite');
    writeFileSync(
      garbage,
      'this is not an sqlite database, just text that is long enough to fail the header',
    );
    await expect(openStore({ path: garbage })).rejects.toThrow();
    cleanup();
  });
});

describe('PostgreSQL connection problems', () => {
  it('fails fast with the server named when nothing listens there', async () => {
    const failure = await openStore({
      postgres: {
        connectionString: 'postgres://portdeck:s3cret@127.0.0.1:1/portdeck',
        connectTimeoutMs: 2000,
      },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/ECONNREFUSED|connect/);
    expect((failure as Error).message).not.toContain('s3cret');
  });
});

const postgres = backends.find((b) => b.name === 'postgres');

describe.skipIf(postgres === undefined)('PostgreSQL schemas shared by one database', () => {
  // Kysely's own introspector looked every table of every schema up by name: a schema dropped meanwhile
  // (another deployment or test on the same server) failed start-up with 'schema "..." does not exist'.
  it('migrates while other schemas of the database are created and dropped', async () => {
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    const done = new AbortController();
    let churned = 0;
    const churn = (async () => {
      while (!done.signal.aborted) {
        const other = `portdeck_churn_${process.pid}_${churned++}`;
        await admin.query(
          `create schema ${other}; create table ${other}.t (id serial primary key, a int, b text)`,
        );
        await admin.query(`drop schema ${other} cascade`);
      }
    })();
    const failures: string[] = [];
    try {
      for (let i = 0; i < 15; i += 1) {
        const database = await postgres!.create();
        await database.open().catch((error: unknown) => failures.push(String(error)));
        await database.cleanup();
      }
    } finally {
      done.abort();
      await churn;
      await admin.end();
    }
    expect(churned).toBeGreaterThan(15);
    expect(failures).toEqual([]);
  }, 60_000);

  it('introspects only its own schema', async () => {
    const database = await postgres!.create();
    try {
      const { db } = await database.open();
      const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
      const schema = 'postgres' in database.options ? database.options.postgres.schema : undefined;
      expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([schema]));
      expect(tables.map((t) => t.name)).toContain('kysely_migration');
      const jobs = tables.find((t) => t.name === 'jobs');
      expect(jobs?.columns.find((c) => c.name === 'job_id')).toMatchObject({ isNullable: false });
      const reviews = tables.find((t) => t.name === 'review_log');
      expect(reviews?.columns.find((c) => c.name === 'id')).toMatchObject({ isAutoIncrementing: true });
      expect((await db.introspection.getTables()).map((t) => t.name)).not.toContain('kysely_migration');
    } finally {
      await database.cleanup();
    }
  });
});
