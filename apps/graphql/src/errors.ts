import { GraphQLError } from 'graphql';

/**
 * Why a request was refused. Every expected error carries `extensions.code` (the class, as Apollo and
 * Yoga name them) and `extensions.reason` (the specific cause); both are stable and documented on Query.
 */
export type UserInputReason =
  | 'PORT_OUT_OF_RANGE'
  | 'EMPTY_NAME'
  | 'EMPTY_QUERY'
  | 'EMPTY_ID'
  | 'UNKNOWN_CARD'
  | 'INVALID_PORT_LIST'
  | 'INVALID_RANGE'
  | 'INVALID_PAGE_SIZE'
  | 'PAGE_SIZE_TOO_LARGE'
  | 'INVALID_CURSOR';

/** Limits that a query document can exceed before it runs (graphql-armor). */
export type QueryLimitReason = 'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_COST' | 'MAX_DIRECTIVES' | 'MAX_TOKENS';

/** A GraphQL error for input the caller can fix; Yoga's masking lets GraphQLErrors through. */
export function badUserInput(
  reason: UserInputReason,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason, ...details } });
}

/** A GraphQL error for a document refused before execution because it is too big or too deep. */
export function queryTooComplex(reason: QueryLimitReason, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason, http: { status: 400 } },
  });
}

/** Why a statistics field was refused or could not answer. */
export type AccessReason =
  'MISSING_TOKEN' | 'INVALID_TOKEN' | 'WRONG_GUILD' | 'RATE_LIMITED' | 'DATABASE_UNAVAILABLE';

/** No usable token: none sent, malformed, unknown or revoked (one answer for all, so nothing is told apart). */
export function unauthenticated(reason: 'MISSING_TOKEN' | 'INVALID_TOKEN'): GraphQLError {
  return new GraphQLError('A valid dashboard token is required: "Authorization: Bearer <token>".', {
    extensions: { code: 'UNAUTHENTICATED', reason },
  });
}

/** A valid token for another server; the same answer whether or not the asked server exists. */
export function forbidden(): GraphQLError {
  return new GraphQLError("This token does not read this server's statistics.", {
    extensions: { code: 'FORBIDDEN', reason: 'WRONG_GUILD' },
  });
}

/** The token used up its requests for now. */
export function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`Too many requests with this token; retry in ${retryAfterSeconds} s.`, {
    extensions: { code: 'RATE_LIMITED', reason: 'RATE_LIMITED', retryAfterSeconds },
  });
}

/** The database is unreachable: registry fields still answer, statistics do not. */
export function databaseUnavailable(): GraphQLError {
  return new GraphQLError('Statistics are unavailable: the database is not reachable.', {
    extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'DATABASE_UNAVAILABLE' },
  });
}

/** The error codes and reasons, written once for the schema's documentation. */
export const ERROR_CODES_DESCRIPTION = [
  'Errors carry `extensions.code` and, for expected errors, `extensions.reason`:',
  '- `BAD_USER_INPUT`: an argument is wrong. Reasons: `PORT_OUT_OF_RANGE` (ports run from 0 to 65535),',
  '  `EMPTY_NAME`, `EMPTY_QUERY`, `EMPTY_ID`, `UNKNOWN_CARD` (no card has the id, with `card`),',
  '  `INVALID_PORT_LIST` (with `listError`, `item` and `index`),',
  '  `INVALID_RANGE` (min above max), `INVALID_PAGE_SIZE`, `PAGE_SIZE_TOO_LARGE` (with `maxPageSize`),',
  '  `INVALID_CURSOR`.',
  '- `GRAPHQL_VALIDATION_FAILED`: the document is invalid or exceeds a limit. Limit reasons: `MAX_DEPTH`,',
  '  `MAX_ALIASES`, `MAX_COST`, `MAX_DIRECTIVES`, `MAX_TOKENS`.',
  '- `GRAPHQL_PARSE_FAILED`: the document is not GraphQL. `BAD_REQUEST`: the HTTP request is malformed.',
  '- `REQUEST_ENTITY_TOO_LARGE`: the body exceeds the size limit (HTTP 413).',
  '- `UNAUTHENTICATED` (`MISSING_TOKEN`, `INVALID_TOKEN`): a statistics field needs a server token.',
  '- `FORBIDDEN` (`WRONG_GUILD`): the token reads another server. `RATE_LIMITED`: too many requests',
  '  with this token (with `retryAfterSeconds`). `SERVICE_UNAVAILABLE` (`DATABASE_UNAVAILABLE`).',
  '- `INTERNAL_SERVER_ERROR`: a fault on our side; the message is masked and the details are only logged.',
].join('\n');
