import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/** What a backup copied. */
export interface BackupResult {
  readonly pages: number;
  readonly bytes: number;
}

/**
 * Copies a SQLite database to `destination` with SQLite's online backup API: a consistent snapshot taken while
 * the bot keeps writing (readers never block writers in WAL mode), WAL frames included. Refuses to overwrite.
 * Restore by stopping the bot and putting the copy in place of `portdeck.db` (removing `portdeck.db-wal`
 * and `portdeck.db-shm` of the old file).
 */
export async function backupSqlite(source: string, destination: string): Promise<BackupResult> {
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  if (existsSync(destination)) throw new Error(`${destination} exists: choose a new file`);
  mkdirSync(dirname(destination), { recursive: true });
  const db = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const { totalPages } = await db.backup(destination);
    const check = new BetterSqlite3(destination, { readonly: true });
    try {
      const integrity = check.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new Error(`the copy failed its integrity check: ${String(integrity)}`);
      const pageSize = check.pragma('page_size', { simple: true }) as number;
      return { pages: totalPages, bytes: totalPages * pageSize };
    } finally {
      check.close();
    }
  } finally {
    db.close();
  }
}
