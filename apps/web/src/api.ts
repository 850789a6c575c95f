/** Why a request to the API did not give data: the API's own error code, or no answer at all. */
export type ApiProblem =
  | { readonly kind: 'unreachable'; readonly message: string }
  | {
      readonly kind: 'graphql';
      readonly code: string;
      readonly reason: string | undefined;
      readonly message: string;
      readonly retryAfterSeconds: number | undefined;
    };

/** What a request gave: data, or the problem that stopped it. */
export type ApiResult<T> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly problem: ApiProblem };

interface GraphQLErrorBody {
  readonly message: string;
  readonly extensions?: {
    readonly code?: unknown;
    readonly reason?: unknown;
    readonly retryAfterSeconds?: unknown;
  };
}

interface GraphQLBody<T> {
  readonly data?: T | null;
  readonly errors?: readonly GraphQLErrorBody[];
}

/** Same origin as the page: the API serves it. */
const ENDPOINT = '/graphql';

/**
 * Runs one GraphQL document against the API. The token goes in the Authorization header only (never the URL),
 * and requests are POSTs so no cache or history keeps them. Any error turns the whole answer into a problem:
 * the page shows either data or one clear message.
 */
export async function request<T>(
  query: string,
  variables: Record<string, unknown>,
  options: { readonly token?: string | undefined; readonly signal?: AbortSignal } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(ENDPOINT, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    return { ok: false, problem: { kind: 'unreachable', message: 'The portdeck API did not answer.' } };
  }
  let body: GraphQLBody<T>;
  try {
    body = (await response.json()) as GraphQLBody<T>;
  } catch {
    return {
      ok: false,
      problem: { kind: 'unreachable', message: `The API answered HTTP ${response.status} without GraphQL.` },
    };
  }
  const first = body.errors?.[0];
  if (first !== undefined) {
    const { code, reason, retryAfterSeconds } = first.extensions ?? {};
    return {
      ok: false,
      problem: {
        kind: 'graphql',
        code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
        reason: typeof reason === 'string' ? reason : undefined,
        message: first.message,
        retryAfterSeconds: typeof retryAfterSeconds === 'number' ? retryAfterSeconds : undefined,
      },
    };
  }
  if (body.data === undefined || body.data === null) {
    return { ok: false, problem: { kind: 'unreachable', message: 'The API answered without data.' } };
  }
  return { ok: true, data: body.data };
}
