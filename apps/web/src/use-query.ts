import { useEffect, useState } from 'preact/hooks';
import { request, type ApiProblem } from './api.ts';

/** Where a query stands: nothing asked yet, waiting, answered, or failed. */
export type QueryState<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'ok'; readonly data: T }
  | { readonly status: 'error'; readonly problem: ApiProblem };

/**
 * Runs `query` whenever its key changes (null: do nothing) and drops answers to superseded keys, so typing fast
 * never shows an older answer over a newer one. `delayMs` waits for typing to pause.
 */
export function useQuery<T>(
  query: string,
  variables: Record<string, unknown> | null,
  options: { readonly token?: string | undefined; readonly delayMs?: number; readonly reload?: number } = {},
): QueryState<T> {
  const [state, setState] = useState<QueryState<T>>({ status: 'idle' });
  const key = variables === null ? null : JSON.stringify(variables);
  const { token, delayMs = 0, reload = 0 } = options;
  useEffect(() => {
    if (key === null) {
      setState({ status: 'idle' });
      return undefined;
    }
    const controller = new AbortController();
    setState({ status: 'loading' });
    const timer = setTimeout(() => {
      request<T>(query, JSON.parse(key) as Record<string, unknown>, { token, signal: controller.signal })
        .then((result) => {
          if (controller.signal.aborted) return;
          setState(
            result.ok ? { status: 'ok', data: result.data } : { status: 'error', problem: result.problem },
          );
        })
        .catch(() => undefined);
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, key, token, delayMs, reload]);
  return state;
}
