import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { outcomeOfCode, type ApiMetrics, type OperationSeries, type Outcome } from '../metrics.ts';

/** `ok`, or the first error's code; a batch (not enabled here) is classified by its first result. */
function outcomeOf(result: unknown): Outcome {
  const first = (Array.isArray(result) ? result[0] : result) as ExecutionResult | undefined;
  const error = first?.errors?.[0];
  return error === undefined ? 'ok' : outcomeOfCode(error.extensions['code']);
}

/**
 * Counts every GraphQL request that reaches Yoga by operation name and outcome, and times it from parsed
 * parameters to the processed result. Both hooks also run for the fast path (it replaces only execution).
 */
export function useOperationMetrics(metrics: ApiMetrics): Plugin {
  const started = new WeakMap<Request, { readonly series: OperationSeries; readonly at: number }>();
  return {
    onParams({ params, request }) {
      started.set(request, { series: metrics.operation(params.operationName), at: performance.now() });
    },
    onResultProcess({ request, result }) {
      const start = started.get(request);
      // A request refused before its parameters were read (e.g. malformed JSON) has no operation and no timing.
      if (start === undefined) metrics.operation(undefined).record(outcomeOf(result));
      else start.series.record(outcomeOf(result), (performance.now() - start.at) / 1000);
    },
  };
}
