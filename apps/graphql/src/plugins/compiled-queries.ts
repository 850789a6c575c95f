import { getOperationAST, OperationTypeNode, type GraphQLSchema } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import { readsGuild } from '../guild-access.ts';
import type { DocumentCache } from './document-cache.ts';
import { memoPerOperation, type Jit } from './jit.ts';

/** A query that can run without Yoga's orchestration: its text is cached, valid and compiled by jit. */
export interface ReadyQuery {
  readonly compiled: CompiledQuery;
  /** Whether the document never asks for per-server data (no `guild` field, whatever its variables). */
  readonly isPublic: boolean;
}

/** Finds the ready query of a request's text and operation name (shared by the fast path and the template lane). */
export type CompiledQueries = (text: unknown, operationName: unknown) => ReadyQuery | undefined;

/**
 * The compiled query of a text that the document cache parsed and validated without errors, when its
 * operation is a query jit compiled; undefined for anything else (new texts, invalid documents,
 * mutations), which must take Yoga's normal path.
 */
export function createCompiledQueries(options: {
  readonly schema: GraphQLSchema;
  readonly documents: DocumentCache;
  readonly jit: Jit;
}): CompiledQueries {
  const { schema, documents, jit } = options;
  // Null when it is not a query jit can run.
  const readyOf = memoPerOperation((_, document, name): ReadyQuery | null => {
    const operation = getOperationAST(document, name);
    const compiled =
      operation?.operation === OperationTypeNode.QUERY ? jit.compiled(schema, document, name) : null;
    return compiled && { compiled, isPublic: !readsGuild(document) };
  });
  return (text, operationName) => {
    const document = typeof text === 'string' ? documents.documentOf(text) : undefined;
    if (!document || documents.isValid(document) !== true) return undefined;
    return (
      readyOf(schema, document, typeof operationName === 'string' ? operationName : undefined) ?? undefined
    );
  };
}
