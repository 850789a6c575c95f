import type { DocumentNode, ExecutionArgs, ExecutionResult, GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';

type MaybePromise<T> = T | Promise<T>;

/** Whether an execution result carries errors (jit's answers with errors are recomputed by graphql-js). */
export const hasErrors = (result: ExecutionResult): boolean => (result.errors?.length ?? 0) > 0;

/**
 * Remembers what `compute` gives for each document and operation name. The document cache hands back the same
 * DocumentNode for the same text, so the WeakMap keyed by it lives as long as that cache entry. (The schema is
 * one per process: it is not part of the key.)
 */
export function memoPerOperation<T>(
  compute: (schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined) => T,
): (schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined) => T {
  const byDocument = new WeakMap<DocumentNode, Map<string, T>>();
  return (schema, document, operationName) => {
    let byOperation = byDocument.get(document);
    if (!byOperation) {
      byOperation = new Map();
      byDocument.set(document, byOperation);
    }
    const key = operationName ?? '';
    if (byOperation.has(key)) return byOperation.get(key) as T;
    const value = compute(schema, document, operationName ?? undefined);
    byOperation.set(key, value);
    return value;
  };
}

/** graphql-jit's compiled queries, shared with the plugins that execute cached documents. */
export interface Jit {
  readonly plugin: Plugin;
  /** The compiled operation of a document, compiling it on first use; null when jit cannot compile it. */
  readonly compiled: (
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
  ) => CompiledQuery | null;
}

/**
 * Executes operations with graphql-jit, compiling each (document, operation) once ({@link memoPerOperation}).
 * Answers with errors are recomputed by graphql-js: jit drops error locations and keeps
 * resolving after a null reaches the root, so only error-free answers, byte for byte the same, come
 * from jit. Resolvers are pure reads of immutable data, so running them twice is harmless.
 */
export function createJit(): Jit {
  const compiled: Jit['compiled'] = memoPerOperation((schema, document, operationName) => {
    const result = compileQuery(schema, document, operationName);
    return isCompiledQuery(result) ? result : null;
  });
  const plugin: Plugin = {
    onExecute(payload) {
      // Envelop types these loosely; they are graphql-js's execution arguments.
      const args = payload.args as ExecutionArgs;
      const query = compiled(args.schema, args.document, args.operationName);
      if (!query) return;
      const reference = payload.executeFn as (execution: ExecutionArgs) => MaybePromise<ExecutionResult>;
      payload.setExecuteFn((execution: ExecutionArgs) => {
        const result = query.query(execution.rootValue, execution.contextValue, execution.variableValues);
        if (result instanceof Promise) {
          return result.then((settled) => (hasErrors(settled) ? reference(execution) : settled));
        }
        return hasErrors(result) ? reference(execution) : result;
      });
    },
  };
  return { plugin, compiled };
}
