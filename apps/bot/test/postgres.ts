import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests run on (the machine's local one unless told otherwise). */
const serverUrl = process.env.PORTDECK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function problemWith(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const problem = await problemWith(serverUrl);
if (problem !== undefined) {
  const message = `PostgreSQL at ${serverUrl} is not reachable (${problem})`;
  // CI must run the PostgreSQL half; elsewhere it is skipped, saying why.
  if (process.env.CI === 'true') throw new Error(`${message}: CI needs it (see .ci/run)`);
  console.warn(`${message}: the bot's PostgreSQL tests are skipped`);
}

/** True when the PostgreSQL half of the bot's tests runs. */
export const hasPostgres = problem === undefined;

/** A `PORTDECK_DATABASE_URL` naming a fresh schema (created by the app's migrations), and its removal. */
export function freshPostgresDatabase(): { url: string; drop: () => Promise<void> } {
  const schema = `portdeck_bot_test_${randomBytes(5).toString('hex')}`;
  const url = new URL(serverUrl);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
