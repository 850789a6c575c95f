import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { queryTooComplex, type QueryLimitReason } from '../errors.ts';

/** The document limits enforced before execution. */
export const QUERY_LIMITS = {
  /** Nesting depth of selections (a port's services' counterpart's ports is 5). */
  maxDepth: 10,
  /** Aliased fields per document: a dashboard asks for a handful of ports at once. */
  maxAliases: 30,
  /** Lexer tokens per document. */
  maxTokens: 2000,
  /** Directives per document. */
  maxDirectives: 20,
  /** graphql-armor's static cost (objects 2, scalars 1, times 1.5 per level of depth). */
  maxCost: 20000,
} as const;

type RejectCallback = (context: ValidationContext | null, error: GraphQLError) => void;

const cleanMessage = (error: GraphQLError): string => error.message.replace(/^Syntax Error: /, '');

// Report a coded error through the validation context instead of armor's bare "Syntax Error".
const report =
  (reason: QueryLimitReason): RejectCallback =>
  (context, error) => {
    context?.reportError(queryTooComplex(reason, cleanMessage(error)));
  };

const tag =
  (reason: QueryLimitReason): RejectCallback =>
  (_context, error) => {
    Object.assign(error.extensions, { code: 'GRAPHQL_VALIDATION_FAILED', reason });
  };

/** graphql-armor with portdeck's limits; rejections carry `extensions.code` and `extensions.reason`. */
export function useQueryLimits(options: { readonly isProduction: boolean }): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: {
      n: QUERY_LIMITS.maxDepth,
      propagateOnRejection: false,
      onReject: [report('MAX_DEPTH')],
    },
    maxAliases: {
      n: QUERY_LIMITS.maxAliases,
      propagateOnRejection: false,
      onReject: [report('MAX_ALIASES')],
    },
    maxDirectives: {
      n: QUERY_LIMITS.maxDirectives,
      propagateOnRejection: false,
      onReject: [report('MAX_DIRECTIVES')],
    },
    costLimit: {
      maxCost: QUERY_LIMITS.maxCost,
      propagateOnRejection: false,
      onReject: [report('MAX_COST')],
    },
    // Token counting happens in the parser, where there is no validation context: tag the thrown error.
    maxTokens: { n: QUERY_LIMITS.maxTokens, onReject: [tag('MAX_TOKENS')] },
    // Suggestions ("Did you mean ...") help in development and map the schema for strangers in production.
    blockFieldSuggestion: { enabled: options.isProduction },
  });
}
