import type { DocumentNode, Source } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { BoundedCache } from '../bounded-cache.ts';

/** Parse and validation results by query text, shared with the plugins that execute cached documents. */
export interface DocumentCache {
  readonly plugin: Plugin;
  /** The parsed document for a query text, when it has been parsed before. */
  readonly documentOf: (text: string) => DocumentNode | undefined;
  /** Whether a cached document passed validation; undefined until it has been validated. */
  readonly isValid: (document: DocumentNode) => boolean | undefined;
}

/**
 * Parse and validation results cached per query text. Yoga's own cache recomputes a key from the names
 * of all ~30 validation rules on every request (a tenth of a small request's CPU); here the schema and
 * the rules are fixed for the life of the instance, so the document alone is the key.
 */
export function createDocumentCache(limit: number): DocumentCache {
  const documents = new BoundedCache<DocumentNode>(limit);
  const parseErrors = new BoundedCache<Error>(limit);
  // Keyed by the cached DocumentNode object, so it lives exactly as long as the parse cache entry.
  const validations = new WeakMap<DocumentNode, readonly Error[]>();
  const plugin: Plugin = {
    onParse({ params, setParsedDocument }) {
      // Envelop types the hook's parameters loosely; they are graphql-js's parse arguments.
      const source = params.source as string | Source;
      const text = typeof source === 'string' ? source : source.body;
      const document = documents.get(text);
      if (document) {
        setParsedDocument(document);
        return;
      }
      const error = parseErrors.get(text);
      if (error) throw error;
      return ({ result }) => {
        const parsed = result as DocumentNode | Error | null;
        if (parsed instanceof Error) parseErrors.set(text, parsed);
        else if (parsed) documents.set(text, parsed);
      };
    },
    onValidate({ params, setResult }) {
      const document = params.documentAST as DocumentNode;
      const cached = validations.get(document);
      if (cached) {
        setResult([...cached]);
        return;
      }
      return ({ result }) => {
        validations.set(document, result);
      };
    },
  };
  return {
    plugin,
    documentOf: (text) => documents.get(text),
    isValid: (document) => {
      const errors = validations.get(document);
      return errors && errors.length === 0;
    },
  };
}
