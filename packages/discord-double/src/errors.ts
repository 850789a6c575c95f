import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import { toErrorTree, validateMessage } from './rules.ts';
import type { FieldError, JsonObject } from './types.ts';

/** Discord JSON error codes the double answers with. */
export const ErrorCode = {
  general: RESTJSONErrorCodes.GeneralError,
  unknownApplication: RESTJSONErrorCodes.UnknownApplication,
  unknownChannel: RESTJSONErrorCodes.UnknownChannel,
  unknownGuild: RESTJSONErrorCodes.UnknownGuild,
  unknownMessage: RESTJSONErrorCodes.UnknownMessage,
  unknownWebhook: RESTJSONErrorCodes.UnknownWebhook,
  unknownApplicationCommand: RESTJSONErrorCodes.UnknownApplicationCommand,
  unknownInteraction: RESTJSONErrorCodes.UnknownInteraction,
  maximumPins: RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel,
  missingAccess: RESTJSONErrorCodes.MissingAccess,
  cannotEditOthersMessage: RESTJSONErrorCodes.CannotEditMessageAuthoredByAnotherUser,
  cannotSendEmptyMessage: RESTJSONErrorCodes.CannotSendAnEmptyMessage,
  missingPermissions: RESTJSONErrorCodes.MissingPermissions,
  wrongChannelType: RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType,
  invalidWebhookToken: RESTJSONErrorCodes.InvalidWebhookToken,
  invalidFormBody: RESTJSONErrorCodes.InvalidFormBodyOrContentType,
  archivedThread: RESTJSONErrorCodes.InvalidActionOnArchivedThread,
  interactionAlreadyAcknowledged: RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
  threadAlreadyCreated: RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage,
  threadLocked: RESTJSONErrorCodes.ThreadLocked,
  maximumAttachments: RESTJSONErrorCodes.MaximumNumberOfAttachmentsInAMessageReached,
  requestEntityTooLarge: RESTJSONErrorCodes.RequestEntityTooLarge,
  invalidFileUploaded: RESTJSONErrorCodes.InvalidFileUploaded,
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
  missingAccess: () => new ApiError(403, ErrorCode.missingAccess, 'Missing Access'),
  missingPermissions: () => new ApiError(403, ErrorCode.missingPermissions, 'Missing Permissions'),
  cannotEditOthersMessage: () =>
    new ApiError(403, ErrorCode.cannotEditOthersMessage, 'Cannot edit a message authored by another user'),
  wrongChannelType: () =>
    new ApiError(400, ErrorCode.wrongChannelType, 'Cannot execute action on this channel type'),
  maximumPins: (max: number) =>
    new ApiError(400, ErrorCode.maximumPins, `Maximum number of pins reached (${max})`),
  archivedThread: () => new ApiError(400, ErrorCode.archivedThread, 'Thread is archived'),
  threadLocked: () => new ApiError(403, ErrorCode.threadLocked, 'Thread is locked'),
  threadAlreadyCreated: () =>
    new ApiError(400, ErrorCode.threadAlreadyCreated, 'A thread has already been created for this message'),
  invalidFormBody: (fieldErrors: FieldError[]) =>
    new ApiError(400, ErrorCode.invalidFormBody, 'Invalid Form Body', fieldErrors),
} as const;

/**
 * Throws 50035 (field errors, prefixed with `path`) or 50006 (an empty new message) for a message body.
 * @param body - the message JSON
 * @param isCreate - true when the body creates a message
 * @param path - where the message sits in the request body (e.g. `['data']` in callbacks)
 */
export function assertValidMessage(body: unknown, isCreate: boolean, path: (string | number)[] = []): void {
  const { errors, isEmpty } = validateMessage(body, { isCreate });
  if (errors.length > 0) {
    throw apiErrors.invalidFormBody(errors.map((error) => ({ ...error, path: [...path, ...error.path] })));
  }
  if (isEmpty) throw apiErrors.emptyMessage();
}
