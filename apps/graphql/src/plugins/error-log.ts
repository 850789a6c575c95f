import type { GraphQLError } from 'graphql';
import { maskError as yogaMaskError, type MaskError, type Plugin, type YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER, requestIdFrom } from '../request-id.ts';

/** Logging of faults: each masked error once, as `{ err, requestId }`, and Yoga's own lines with their errors. */
export interface ErrorLog {
  /** Yoga's masking, remembering each masked fault so the plugin can log it with its request. */
  readonly maskError: MaskError;
  readonly plugin: Plugin;
  /** Yoga's logger: errors go to pino's `err` serializer instead of being lost as `{ args: [{}] }`. */
  readonly logging: YogaLogger;
}

/** Splits Yoga's `(message?, ...rest)` arguments into pino's `(fields, message)`. */
function fieldsOf(args: readonly unknown[]): { fields: Record<string, unknown>; message: string } {
  const error = args.find((arg) => arg instanceof Error);
  const text = args.filter((arg) => typeof arg === 'string').join(' ');
  const rest = args.filter((arg) => arg !== error && typeof arg !== 'string');
  return {
    fields: {
      ...(error === undefined ? {} : { err: error }),
      ...(rest.length === 0 ? {} : { args: rest }),
    },
    message: text === '' ? (error instanceof Error ? error.message : 'yoga') : text,
  };
}

/** Builds the error logging of one API instance. */
export function createErrorLog(logger: Logger): ErrorLog {
  // Masked answer → the fault behind it; logged once the request is known (the masking hook never sees it).
  const faults = new WeakMap<object, unknown>();
  const logged = new WeakSet<object>();
  const maskError: MaskError = (error, message, isDev) => {
    const masked = yogaMaskError(error, message, isDev);
    if (masked !== error) {
      const fault = (error as { originalError?: unknown }).originalError ?? error;
      faults.set(masked, fault);
      // Yoga logs the same error right after masking; the plugin logs it with the request instead.
      if (typeof error === 'object' && error !== null) logged.add(error);
    }
    return masked;
  };
  const plugin: Plugin = {
    onResultProcess({ request, result }) {
      const errors = (Array.isArray(result) ? result[0] : result) as { errors?: readonly GraphQLError[] };
      if (errors.errors === undefined) return;
      for (const error of errors.errors) {
        const fault = faults.get(error);
        if (fault === undefined) continue;
        logger.error(
          { err: fault, requestId: requestIdFrom(request.headers.get(REQUEST_ID_HEADER)), path: error.path },
          'request failed',
        );
      }
    },
  };
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      const [first] = args;
      if (
        level === 'error' &&
        args.length === 1 &&
        typeof first === 'object' &&
        first !== null &&
        logged.has(first)
      )
        return;
      if (!logger.isLevelEnabled(level)) return;
      const { fields, message } = fieldsOf(args);
      logger[level](fields, message);
    };
  return {
    maskError,
    plugin,
    logging: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
  };
}
