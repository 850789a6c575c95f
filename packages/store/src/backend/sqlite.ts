import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteAdapter, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, DialectAdapter, Driver, SqliteDatabase, SqliteDialectConfig } from 'kysely';
import type { Database } from '../schema.ts';
import type { Backend, WriteHooks } from './types.ts';
import { createWriteBatcher } from './write-batcher.ts';
import type { TransactionControl } from './write-batcher.ts';

/** How hard SQLite syncs each commit to disk. */
export type SqliteSynchronous = 'full' | 'normal';

/** Options for the embedded SQLite database. */
export interface SqliteOptions {
  /** Database file; ':memory:' for a throw-away database. Parent directories are created. */
  readonly path: string;
  /** Defaults to 'full' (a confirmed commit survives power loss); 'normal' is opt-in: see {@link openSqlite}. */
  readonly synchronous?: SqliteSynchronous;
  /** How long a writer waits for another process's lock, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
  /** Background WAL checkpoint period in ms (default 250); 0 leaves checkpoints to SQLite's commit path. */
  readonly checkpointIntervalMs?: number;
  /** Most writes committed together (group commit; default 32). 1 gives every write its own commit. */
  readonly maxWriteBatch?: number;
}

/** The SQLite backend, with the raw connection for the benchmark's bare-insert baseline. */
export interface SqliteBackend extends Backend {
  readonly dialect: 'sqlite';
  /** The connection underneath: for the benchmark's baseline only; the store's code goes through Kysely. */
  readonly connection: SqliteConnection;
}

/**
 * Opens SQLite with WAL, foreign keys, a busy timeout, synchronous=FULL, group commit and a background
 * checkpointer.
 *
 * Durability: a review the bot has confirmed must survive kill -9 and power loss. In WAL mode COMMIT
 * returns only after the transaction's frames are written to the WAL file, which is all kill -9 needs
 * (the OS still holds them); FULL also fsyncs the WAL before COMMIT returns, so the commit survives an OS
 * crash or power loss too (as far as the disk honours the flush). Group commit (write-batcher.ts) shares
 * that fsync between the writes of a batch. `synchronous: 'normal'` drops the per-commit fsync: still safe
 * against kill -9 and never corrupt, but commits since the last WAL sync (the checkpointer syncs every
 * 250 ms) can roll back on power loss.
 */
export function openSqlite(options: SqliteOptions, hooks: WriteHooks = {}): SqliteBackend {
  const conn = openSqliteConnection(options);
  const batcher = createWriteBatcher<Kysely<Database>>({
    hold: conn.hold,
    control: conn.control,
    ...(options.maxWriteBatch === undefined ? {} : { maxBatchSize: options.maxWriteBatch }),
    ...(hooks.onBegin === undefined ? {} : { onBegin: hooks.onBegin }),
    ...(hooks.onRollback === undefined ? {} : { onRollback: hooks.onRollback }),
  });
  // data_version moves only on commits by other connections: our own writes keep the cache in step.
  const dataVersion = conn.raw.prepare('pragma data_version').pluck();
  return {
    dialect: 'sqlite',
    db: conn.db,
    connection: conn,
    write: (work) => batcher.run(work),
    writeStatement: (work) => batcher.run(work),
    // The batch holds SQLite's only write lock: no other writer exists until it commits.
    lockUser: () => Promise.resolve(null),
    skipLocked: (query) => query,
    externalChangeToken: () => dataVersion.get() as number,
    close: async () => {
      await batcher.drain();
      await conn.close();
    },
  };
}

/** One SQLite connection as the write batcher uses it. */
export interface SqliteConnection {
  readonly db: Kysely<Database>;
  readonly raw: BetterSqlite3.Database;
  /** Runs `body` with the one connection held, so no other query interleaves. */
  readonly hold: <T>(body: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;
  /** Prepared BEGIN IMMEDIATE / COMMIT / SAVEPOINT statements on the raw connection. */
  readonly control: TransactionControl;
  /** Stops the background checkpointer and closes the database. */
  readonly close: () => Promise<void>;
}

/** Opens the file with its pragmas and checkpointer (no batcher: see {@link openSqlite}). */
export function openSqliteConnection(options: SqliteOptions): SqliteConnection {
  if (options.path !== ':memory:' && !options.path.startsWith('file:')) {
    mkdirSync(dirname(options.path), { recursive: true });
  }
  const raw = new BetterSqlite3(options.path);
  try {
    // busy_timeout first: switching to WAL needs a lock another process may hold.
    raw.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    raw.pragma('journal_mode = WAL');
    raw.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    raw.pragma('foreign_keys = ON');
  } catch (error) {
    raw.close();
    throw error;
  }
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(raw) }),
  });
  const intervalMs = options.checkpointIntervalMs ?? 250;
  const checkpointer =
    options.path === ':memory:' || intervalMs <= 0 ? undefined : startCheckpointer(options.path, intervalMs);
  const checkpointState = checkpointer === undefined ? undefined : new Int32Array(checkpointer.state);
  if (checkpointer !== undefined) {
    // The worker keeps the WAL short; this is only a backstop should it stop.
    raw.pragma('wal_autocheckpoint = 10000');
  }
  return {
    db,
    raw,
    hold: (body) => db.connection().execute(body),
    control: transactionControl(raw, checkpointState),
    close: async () => {
      await checkpointer?.worker.terminate();
      await db.destroy();
    },
  };
}

/**
 * Kysely's SQLite transactions begin DEFERRED: one that reads and then writes fails with SQLITE_BUSY when
 * another process wrote in between. IMMEDIATE takes the write lock up front (waiting up to the busy
 * timeout), which also makes SQLite's DDL transactional for Kysely's Migrator, so two processes starting
 * together migrate one after the other.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Transaction statements prepared once: the batcher issues several per batch. */
function transactionControl(raw: BetterSqlite3.Database, checkpointState?: Int32Array): TransactionControl {
  const begin = raw.prepare('begin immediate');
  const finishCheckpoint =
    checkpointState === undefined ? undefined : checkpointFinisher(raw, checkpointState);
  const statement = (text: string): (() => void) => {
    const prepared = raw.prepare(text);
    return () => {
      prepared.run();
    };
  };
  return {
    begin: () => {
      finishCheckpoint?.();
      begin.run();
    },
    commit: statement('commit'),
    rollback: statement('rollback'),
    savepoint: statement('savepoint batched_write'),
    release: statement('release batched_write'),
    rollbackToSavepoint: statement('rollback to batched_write'),
    isInTransaction: () => raw.inTransaction,
  };
}

const statementCacheSize = 256;

/** Kysely's SQLite driver prepares every query anew; reusing prepared statements by SQL text saves that. */
function withStatementCache(raw: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      raw.close();
    },
    prepare: (text) => {
      let statement = statements.get(text);
      if (statement === undefined) {
        statement = raw.prepare(text);
        // Query shapes are few; a full cache means generated shapes (e.g. IN lists), so start over.
        if (statements.size >= statementCacheSize) statements.clear();
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

// Shared with the checkpointer worker: whether it is checkpointing, the WAL's frames, when it last finished.
const stateIsRunning = 0;
const stateWalFrames = 1;
const stateFinishedAt = 2;
/** A WAL this long (frames) is worth restarting from the beginning; see {@link checkpointFinisher}. */
const restartWalFrames = 2000;
/** How soon after the worker finished the main thread finishes its checkpoint: little has been added since. */
const finishWithinMs = 2;
/** A clock both threads share (performance.now() has a per-thread origin), small enough for an Int32Array. */
const sharedClock = (): number => Date.now() % 0x40000000;

/**
 * SQLite restarts the WAL from its beginning only when a write begins while every frame has been copied
 * back; the worker's checkpoints never get there while commits keep landing, so the WAL used to grow to
 * the 10,000-frame backstop and a commit then checkpointed inline (15-28 ms at 5,000 reviews/s). Instead, before a batch, when
 * the WAL is long and the worker has just finished, the main thread copies the few frames added since
 * (PASSIVE, never waits), so the next BEGIN restarts the WAL.
 */
function checkpointFinisher(raw: BetterSqlite3.Database, state: Int32Array): () => void {
  const checkpoint = raw.prepare('pragma wal_checkpoint(PASSIVE)');
  return () => {
    if (Atomics.load(state, stateIsRunning) !== 0 || Atomics.load(state, stateWalFrames) < restartWalFrames)
      return;
    if (sharedClock() - Atomics.load(state, stateFinishedAt) > finishWithinMs) return;
    Atomics.store(state, stateWalFrames, 0);
    try {
      checkpoint.get();
    } catch {
      // Busy: the worker started again; the next batch tries.
    }
  };
}

// Plain JavaScript so the worker needs no TypeScript loader; it only runs PASSIVE checkpoints. It repeats
// one while the last copied many frames (commits landed meanwhile), then tells the main thread.
const checkpointerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 0');
const state = new Int32Array(workerData.state);
const checkpoint = () => {
  try {
    const { busy, log, checkpointed } = db.pragma('wal_checkpoint(PASSIVE)')[0];
    Atomics.store(state, ${stateWalFrames}, log);
    return busy === 0 ? checkpointed : -1;
  } catch { return -1; /* busy: try next tick */ }
};
const timer = setInterval(() => {
  Atomics.store(state, ${stateIsRunning}, 1);
  let copied = checkpoint();
  for (let i = 0; i < 8 && copied >= 0; i += 1) {
    const next = checkpoint();
    if (next < 0 || next - copied < 64) break;
    copied = next;
  }
  Atomics.store(state, ${stateFinishedAt}, Date.now() % 0x40000000);
  Atomics.store(state, ${stateIsRunning}, 0);
}, workerData.intervalMs);
parentPort.once('close', () => { clearInterval(timer); db.close(); });
`;

/**
 * Copies WAL frames into the database file from a worker thread with its own connection, so the
 * checkpoint's writes and fsync never sit inside a review's commit on the main thread.
 */
function startCheckpointer(path: string, intervalMs: number): { worker: Worker; state: SharedArrayBuffer } {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const state = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
  const worker = new Worker(checkpointerSource, {
    eval: true,
    // Its CommonJS source must not inherit the host's flags (`--input-type=module`, `--import tsx`).
    execArgv: [],
    workerData: { path, driver, intervalMs, state },
  });
  worker.unref();
  return { worker, state };
}
