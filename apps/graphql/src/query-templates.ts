import type { ExecutionResult } from 'graphql';
import type { ApiMetrics } from './metrics.ts';
import type { CompiledQueries } from './plugins/compiled-queries.ts';
import { hasErrors } from './plugins/jit.ts';

/** A request's GraphQL parameters in the only shape the template lane takes (what Yoga's checks accept). */
export interface TemplateParams {
  readonly query: string;
  readonly operationName?: string;
  readonly variables?: Readonly<Record<string, unknown>>;
}

/** Runs public, compiled queries with new variables, outside Yoga (see `template-lane.ts`). */
export interface QueryTemplates {
  /**
   * The JSON text Yoga's fast path would answer, counted and timed as Yoga's path counts it; undefined
   * when Yoga must answer instead (an unknown, invalid, uncompiled or per-server document, or any error).
   */
  answer(params: TemplateParams): string | undefined | Promise<string | undefined>;
}

/**
 * The execution half of the template lane: the same compiled query, context and variables as the fast
 * path, without Yoga's request plumbing. Only error-free answers come from here (errors keep graphql-js's
 * shape through Yoga), and only for documents without per-server fields: those need the request's token.
 */
export function createQueryTemplates(options: {
  readonly queries: CompiledQueries;
  /** The object Yoga's `context` option adds to every request's context. */
  readonly context: object;
  readonly metrics?: ApiMetrics | undefined;
}): QueryTemplates {
  const { queries, context, metrics } = options;
  const settle = (params: TemplateParams, result: ExecutionResult, startedAt: number): string | undefined => {
    if (hasErrors(result)) return undefined;
    // As plugins/operation-metrics.ts records a request Yoga answers: parameters to result.
    metrics?.operation(params.operationName).record('ok', (performance.now() - startedAt) / 1000);
    return JSON.stringify(result);
  };
  return {
    answer(params) {
      const ready = queries(params.query, params.operationName);
      if (!ready?.isPublic) return undefined;
      const startedAt = performance.now();
      let result: ExecutionResult | Promise<ExecutionResult>;
      try {
        // No `request`: nothing public reads it (the guild field throws without one).
        result = ready.compiled.query(undefined, { ...context, params }, params.variables);
      } catch {
        return undefined;
      }
      if (result instanceof Promise) {
        return result.then(
          (settled) => settle(params, settled, startedAt),
          () => undefined,
        );
      }
      return settle(params, result, startedAt);
    },
  };
}
