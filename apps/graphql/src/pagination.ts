import { resolveArrayConnection, resolveOffsetConnection, type PageInfoShape } from '@pothos/plugin-relay';
import { badUserInput } from './errors.ts';

/** The largest page a connection returns; asking for more is an error, not a silent clamp. */
export const MAX_PAGE_SIZE = 100;
/** The page size when neither `first` nor `last` is given. */
export const DEFAULT_PAGE_SIZE = 20;

/** Relay's connection arguments as Pothos passes them. */
export interface ConnectionArgs {
  readonly first?: number | null | undefined;
  readonly last?: number | null | undefined;
  readonly after?: string | null | undefined;
  readonly before?: string | null | undefined;
}

const CURSOR = /^OffsetConnection:(0|[1-9]\d{0,8})$/;

function checkCursor(name: 'after' | 'before', cursor: string | null | undefined): void {
  if (cursor === null || cursor === undefined) return;
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  if (!CURSOR.test(text) || Buffer.from(text, 'utf8').toString('base64') !== cursor) {
    throw badUserInput('INVALID_CURSOR', `"${cursor}" is not a cursor from this connection.`, {
      argument: name,
    });
  }
}

function checkSize(name: 'first' | 'last', size: number | null | undefined): void {
  if (size === null || size === undefined) return;
  if (size < 0) {
    throw badUserInput('INVALID_PAGE_SIZE', `"${name}" must be 0 or more.`, { argument: name });
  }
  if (size > MAX_PAGE_SIZE) {
    throw badUserInput(
      'PAGE_SIZE_TOO_LARGE',
      `"${name}" may be at most ${MAX_PAGE_SIZE}; page with "after" for more.`,
      { argument: name, maxPageSize: MAX_PAGE_SIZE },
    );
  }
}

/** Validates connection arguments, throwing a BAD_USER_INPUT error that names the faulty one. */
export function checkConnectionArgs(args: ConnectionArgs): void {
  checkSize('first', args.first);
  checkSize('last', args.last);
  checkCursor('after', args.after);
  checkCursor('before', args.before);
}

const options = (args: ConnectionArgs) => ({
  args,
  defaultSize: DEFAULT_PAGE_SIZE,
  maxSize: MAX_PAGE_SIZE,
});

// Pothos hands out "OffsetConnection:-1"-style cursors for an empty page; Relay says null.
function withoutEmptyCursors<C extends { edges: unknown; pageInfo: PageInfoShape }>(connection: C): C {
  if (!Array.isArray(connection.edges) || connection.edges.length > 0) return connection;
  return { ...connection, pageInfo: { ...connection.pageInfo, startCursor: null, endCursor: null } };
}

/** A page of an in-memory list, after validating the arguments. */
export function arrayConnection<T>(args: ConnectionArgs, items: readonly T[]) {
  checkConnectionArgs(args);
  return withoutEmptyCursors(resolveArrayConnection(options(args), items as T[]));
}

/** A page of a list computed up to `offset + limit`, after validating the arguments. */
export function offsetConnection<T>(
  args: ConnectionArgs,
  load: (window: { offset: number; limit: number }) => T[] | Promise<T[]>,
) {
  checkConnectionArgs(args);
  return resolveOffsetConnection(options(args), load).then(withoutEmptyCursors);
}
