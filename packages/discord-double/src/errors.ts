import { toErrorTree } from './rules.ts';
import type { FieldError, JsonObject } from './types.ts';

/** Discord JSON error codes the double answers with. */
export const ErrorCode = {
  general: 0,
  unknownApplication: 10002,
  unknownChannel: 10003,
  unknownGuild: 10004,
  unknownMessage: 10008,
  unknownWebhook: 10015,
  unknownApplicationCommand: 10063,
  unknownInteraction: 10062,
  cannotSendEmptyMessage: 50006,
  invalidWebhookToken: 50027,
  invalidFormBody: 50035,
  interactionAlreadyAcknowledged: 40060,
} as const;

/** An error answered to discord.js as `{ code, message, errors? }` with an HTTP status. */
export class ApiError extends Error {
  /** HTTP status. */
  readonly status: number;
  /** Discord JSON error code. */
  readonly code: number;
  /** Field errors (50035 only). */
  readonly fieldErrors: FieldError[];

  /**
   * @param status - HTTP status
   * @param code - Discord JSON error code
   * @param message - Discord's message text
   * @param fieldErrors - field errors for 50035
   */
  constructor(status: number, code: number, message: string, fieldErrors: FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors;
  }

  /** The JSON body Discord would send. */
  toBody(): JsonObject {
    return this.fieldErrors.length > 0
      ? { code: this.code, message: this.message, errors: toErrorTree(this.fieldErrors) }
      : { code: this.code, message: this.message };
  }
}

/** Ready-made errors in Discord's wording. */
export const apiErrors = {
  unauthorized: () => new ApiError(401, ErrorCode.general, '401: Unauthorized'),
  notFound: () => new ApiError(404, ErrorCode.general, '404: Not Found'),
  methodNotAllowed: () => new ApiError(405, ErrorCode.general, '405: Method Not Allowed'),
  unknownApplication: () => new ApiError(404, ErrorCode.unknownApplication, 'Unknown Application'),
  unknownChannel: () => new ApiError(404, ErrorCode.unknownChannel, 'Unknown Channel'),
  unknownGuild: () => new ApiError(404, ErrorCode.unknownGuild, 'Unknown Guild'),
  unknownMessage: () => new ApiError(404, ErrorCode.unknownMessage, 'Unknown Message'),
  unknownWebhook: () => new ApiError(404, ErrorCode.unknownWebhook, 'Unknown Webhook'),
  unknownCommand: () => new ApiError(404, ErrorCode.unknownApplicationCommand, 'Unknown application command'),
  unknownInteraction: () => new ApiError(404, ErrorCode.unknownInteraction, 'Unknown interaction'),
  alreadyAcknowledged: () =>
    new ApiError(400, ErrorCode.interactionAlreadyAcknowledged, 'Interaction has already been acknowledged.'),
  emptyMessage: () => new ApiError(400, ErrorCode.cannotSendEmptyMessage, 'Cannot send an empty message'),
  invalidWebhookToken: () => new ApiError(401, ErrorCode.invalidWebhookToken, 'Invalid Webhook Token'),
  invalidFormBody: (fieldErrors: FieldError[]) =>
    new ApiError(400, ErrorCode.invalidFormBody, 'Invalid Form Body', fieldErrors),
} as const;
