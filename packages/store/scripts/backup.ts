// pnpm --filter @portdeck/store backup <file>: a consistent copy of the bot's SQLite database while it runs.
// Reads PORTDECK_DATABASE_URL and PORTDECK_DATA_DIR as the bot does (default <repository>/data/portdeck.db).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backupSqlite } from '../src/backup.ts';
import { describeLocation, parseDatabaseUrl } from '../src/location.ts';

const [target] = process.argv.slice(2);
if (target === undefined || target === '') {
  console.error('usage: pnpm --filter @portdeck/store backup <file>');
  process.exit(2);
}
// pnpm runs scripts in the package: a relative target means the caller's directory.
const destination = resolve(process.env.INIT_CWD ?? process.cwd(), target);
const dataDir = process.env.PORTDECK_DATA_DIR
  ? resolve(process.env.INIT_CWD ?? process.cwd(), process.env.PORTDECK_DATA_DIR)
  : fileURLToPath(new URL('../../../data', import.meta.url));
const location = parseDatabaseUrl(process.env.PORTDECK_DATABASE_URL, dataDir);
if (!location.ok) {
  console.error(`PORTDECK_DATABASE_URL: ${location.error}`);
  process.exit(1);
}
if (location.value.kind === 'postgres') {
  console.error(
    `${describeLocation(location.value)}: back PostgreSQL up with pg_dump (e.g. pg_dump --format=custom --file=${target} <url>), restore with pg_restore.`,
  );
  process.exit(1);
}
try {
  const { pages, bytes } = await backupSqlite(location.value.path, destination);
  console.log(
    `backed up ${location.value.path} to ${destination}: ${pages} pages, ${(bytes / 1024).toFixed(0)} KiB, integrity ok`,
  );
} catch (error) {
  console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
