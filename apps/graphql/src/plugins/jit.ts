import type { DocumentNode, ExecutionArgs, ExecutionResult } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';

type MaybePromise<T> = T | Promise<T>;

const hasErrors = (result: ExecutionResult): boolean => (result.errors?.length ?? 0) > 0;

/**
 * Executes operations with graphql-jit, compiling each (document, operation) once. Yoga's parse cache
 * hands back the same DocumentNode for the same text, so a WeakMap keyed by it lives as long as that
 * cache entry. Answers with errors are recomputed by graphql-js: jit drops error locations and keeps
 * resolving after a null reaches the root, so only error-free answers, byte for byte the same, come
 * from jit. Resolvers are pure reads of immutable data, so running them twice is harmless.
 */
export function useJit(): Plugin {
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();
  return {
    onExecute(payload) {
      // Envelop types these loosely; they are graphql-js's execution arguments.
      const args = payload.args as ExecutionArgs;
      let byOperation = compiled.get(args.document);
      if (!byOperation) {
        byOperation = new Map();
        compiled.set(args.document, byOperation);
      }
      const key = args.operationName ?? '';
      let query = byOperation.get(key);
      if (query === undefined) {
        const result = compileQuery(args.schema, args.document, args.operationName ?? undefined);
        query = isCompiledQuery(result) ? result : null;
        byOperation.set(key, query);
      }
      if (!query) return;
      const run = query;
      const reference = payload.executeFn as (execution: ExecutionArgs) => MaybePromise<ExecutionResult>;
      payload.setExecuteFn((execution: ExecutionArgs) => {
        const result = run.query(execution.rootValue, execution.contextValue, execution.variableValues);
        if (result instanceof Promise) {
          return result.then((settled) => (hasErrors(settled) ? reference(execution) : settled));
        }
        return hasErrors(result) ? reference(execution) : result;
      });
    },
  };
}
