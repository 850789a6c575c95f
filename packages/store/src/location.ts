import { isAbsolute, join, resolve } from 'node:path';
import { isValidSchemaName } from './backend/postgres.ts';

/** Where the store lives: the embedded SQLite file, or a PostgreSQL server. */
export type DatabaseLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | {
      readonly kind: 'postgres';
      /** What pg connects with (the `schema` parameter removed). */
      readonly connectionString: string;
      readonly schema: string;
      /** The URL with its password replaced by `***`, for logs and errors. */
      readonly redacted: string;
    };

/** The embedded database's file name under the data directory. */
export const sqliteFileName = 'portdeck.db';

/**
 * Reads `PORTDECK_DATABASE_URL`: unset or empty is the embedded SQLite file `portdeck.db` under `dataDir`;
 * `postgres://` or `postgresql://` is PostgreSQL (an optional `?schema=name` picks the schema); `sqlite:PATH`
 * (or `file:PATH`) is a SQLite file elsewhere, relative to the working directory. Errors never echo a password.
 */
export function parseDatabaseUrl(
  url: string | undefined,
  dataDir: string,
): { ok: true; value: DatabaseLocation } | { ok: false; error: string } {
  const text = url?.trim() ?? '';
  if (text === '') return { ok: true, value: { kind: 'sqlite', path: join(dataDir, sqliteFileName) } };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme === 'sqlite' || scheme === 'file') {
    const path = text.slice(scheme.length + 1).replace(/^\/\/(?=\/)/, '');
    if (path === '')
      return { ok: false, error: `${scheme}: needs a file path, e.g. sqlite:./data/portdeck.db` };
    return { ok: true, value: { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(path) } };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      return { ok: false, error: `not a valid URL: ${redactUnparsed(text)}` };
    }
    if (parsed.hostname === '' && !parsed.searchParams.has('host'))
      return { ok: false, error: `no host in ${redact(parsed)}` };
    const schema = parsed.searchParams.get('schema') ?? 'public';
    if (!isValidSchemaName(schema))
      return { ok: false, error: `schema must be lower-case letters, digits and _ (got "${schema}")` };
    const redacted = redact(parsed);
    parsed.searchParams.delete('schema');
    return { ok: true, value: { kind: 'postgres', connectionString: parsed.toString(), schema, redacted } };
  }
  return {
    ok: false,
    error: `must start with postgres://, postgresql:// or sqlite: (got "${redactUnparsed(text).slice(0, 40)}")`,
  };
}

/** Where the store lives, as it may be logged. */
export function describeLocation(location: DatabaseLocation): string {
  return location.kind === 'sqlite' ? `SQLite ${location.path}` : `PostgreSQL ${location.redacted}`;
}

function redact(url: URL): string {
  const copy = new URL(url.toString());
  if (copy.password !== '') copy.password = '***';
  return copy.toString();
}

/** A string that did not parse as a URL may still hold `user:password@`. */
function redactUnparsed(text: string): string {
  return text.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}
