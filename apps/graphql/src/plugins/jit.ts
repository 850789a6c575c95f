import type { DocumentNode, ExecutionArgs } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';

/**
 * Executes operations with graphql-jit, compiling each (document, operation) once. Yoga's parse cache
 * hands back the same DocumentNode for the same text, so a WeakMap keyed by it lives as long as that
 * cache entry. Documents jit cannot compile run on graphql-js as before.
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
      if (query) {
        const run = query;
        payload.setExecuteFn((execution: ExecutionArgs) =>
          run.query(execution.rootValue, execution.contextValue, execution.variableValues),
        );
      }
    },
  };
}
