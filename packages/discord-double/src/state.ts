import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { ChannelType, MessageType } from 'discord-api-types/v10';
import { AttachmentStore, resolveAttachments, type UploadedFile } from './attachments.ts';
import { apiErrors, assertValidMessage } from './errors.ts';
import { ChannelMessages, type ChannelRules } from './channels.ts';
import type { World } from './guilds.ts';
import type { InteractionHandle } from './handle.ts';
import { MessageStore } from './messages.ts';
import { Pins } from './pins.ts';
import type { RateLimitEvent } from './rate-limits.ts';
import { applyEdit, buildMessage } from './payloads.ts';
import {
  hasVisibleContent,
  isTokenAlive,
  isWithinResponseWindow,
  MessageFlag,
  validateChoices,
  validateCommand,
  validateCommands,
  validateModal,
} from './rules.ts';
import type { SnowflakeFactory } from './snowflake.ts';
import {
  CallbackType,
  InteractionKind,
  type CallbackTypeValue,
  type DoubleGuild,
  type DoubleMessage,
  type DoubleUser,
  type FieldError,
  type InteractionResponse,
  type JsonObject,
  type RegisteredCommand,
  type RegisteredOption,
  type Violation,
} from './types.ts';

/** Events the double emits; listen with `double.events.on(name, listener)`. */
export interface DoubleEventMap {
  /** An interaction was handed to the gateway. */
  dispatch: [handle: InteractionHandle];
  /** A bot's first accepted callback for an interaction. */
  response: [handle: InteractionHandle, response: InteractionResponse];
  /** A message was created, edited or pinned (handle set for interaction messages). */
  message: [message: DoubleMessage, handle: InteractionHandle | undefined];
  /** A message was deleted. */
  messageDelete: [message: DoubleMessage];
  /** The double answered 429 (counted in `double.rateLimits`, not a violation). */
  rateLimited: [event: RateLimitEvent];
  /** The bot broke a rule (every 4xx the double answers). */
  violation: [violation: Violation];
  /** A gateway session became ready (IDENTIFY) or resumed, with its `[shard_id, shard_count]`. */
  session: [sessionId: string, kind: 'ready' | 'resumed', shard: readonly [number, number]];
}

/** Fixed facts the state needs. */
export interface StateConfig {
  /** Injected clock (Unix ms). */
  now: () => number;
  /** Id generator. */
  snowflake: SnowflakeFactory;
  /** Application id. */
  applicationId: string;
  /** The bot user. */
  bot: DoubleUser;
  /** Guilds the bot is in (the world's live array). */
  guilds: DoubleGuild[];
  /** Guilds, channels, roles, members and users. */
  world: World;
  /** Nonce window and pin limit. */
  channelRules: ChannelRules;
  /** `http://host:port` the double serves attachment bytes under (known once it listens). */
  cdnUrl: () => string;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const allowedCallbacks: Record<number, readonly CallbackTypeValue[]> = {
  [InteractionKind.command]: [
    CallbackType.channelMessage,
    CallbackType.deferredChannelMessage,
    CallbackType.modal,
  ],
  [InteractionKind.component]: [
    CallbackType.channelMessage,
    CallbackType.deferredChannelMessage,
    CallbackType.deferredUpdate,
    CallbackType.updateMessage,
    CallbackType.modal,
  ],
  [InteractionKind.autocomplete]: [CallbackType.autocompleteResult],
  // A modal cannot answer a modal submit.
  [InteractionKind.modalSubmit]: [
    CallbackType.channelMessage,
    CallbackType.deferredChannelMessage,
    CallbackType.deferredUpdate,
    CallbackType.updateMessage,
  ],
};

/** The body answered to a callback with `with_response=true`. */
export type CallbackResult = JsonObject | undefined;

/**
 * Everything the double remembers (interactions, messages, commands, violations) and the Discord rules
 * applied when the bot changes it. REST handlers call these methods; they throw {@link ApiError}s.
 */
export class DoubleState {
  /** Emits {@link DoubleEventMap} events. */
  readonly events = new EventEmitter<DoubleEventMap>();
  /** Every violation, in order. */
  readonly violations: Violation[] = [];
  readonly #config: StateConfig;
  readonly #interactions = new Map<string, InteractionHandle>();
  readonly #byToken = new Map<string, InteractionHandle>();
  /** Every stored message. */
  readonly messages: MessageStore;
  /** Channel message routes. */
  readonly channels: ChannelMessages;
  /** Pins per channel. */
  readonly pins: Pins;
  /** Bytes of every accepted attachment. */
  readonly attachments = new AttachmentStore();
  readonly #commands = new Map<string, RegisteredCommand[]>();
  readonly #dmChannels = new Set<string>();

  /** @param config - clock, ids, application, bot user and guilds */
  constructor(config: StateConfig) {
    this.#config = config;
    this.messages = new MessageStore(this.events);
    this.channels = new ChannelMessages({
      world: config.world,
      messages: this.messages,
      now: config.now,
      snowflake: config.snowflake,
      bot: config.bot,
      applicationId: config.applicationId,
      isDmChannel: (id) => this.#dmChannels.has(id),
      rules: config.channelRules,
      attach: (body, uploads, previous, channelId) => this.attach(body, uploads, previous, channelId),
    });
    this.pins = new Pins(this.channels);
    // The benchmark waits on many interactions at once.
    this.events.setMaxListeners(0);
  }

  /** The configuration the state was built with. */
  get config(): StateConfig {
    return this.#config;
  }

  #isoNow(): string {
    return new Date(this.#config.now()).toISOString();
  }

  /**
   * Registers a freshly built interaction so callbacks and webhooks can find it.
   * @param handle - the interaction
   */
  track(handle: InteractionHandle): void {
    this.#interactions.set(handle.id, handle);
    this.#byToken.set(handle.token, handle);
    const channel = handle.payload.channel;
    if (isObject(channel) && channel.type === ChannelType.DM) this.#dmChannels.add(String(channel.id));
  }

  /**
   * The interaction with this id, if any.
   * @param id - interaction snowflake
   */
  interaction(id: string): InteractionHandle | undefined {
    return this.#interactions.get(id);
  }

  /**
   * Records a violation globally and on its interaction.
   * @param violation - what the bot did wrong
   */
  recordViolation(violation: Violation): void {
    this.violations.push(violation);
    const handle =
      violation.interactionId === undefined ? undefined : this.#interactions.get(violation.interactionId);
    if (handle) {
      handle.errors.push(violation);
      handle.notify();
    }
    this.events.emit('violation', violation);
  }

  /**
   * The interaction a webhook token belongs to, if any (to attribute violations).
   * @param token - interaction token
   */
  interactionByToken(token: string): InteractionHandle | undefined {
    return this.#byToken.get(token);
  }

  /**
   * A stored message by id.
   * @param id - message snowflake
   */
  message(id: string): DoubleMessage | undefined {
    return this.messages.get(id);
  }

  /**
   * Messages in a channel, oldest first, without ephemeral ones (only their user sees those).
   * @param channelId - channel snowflake
   */
  channelMessages(channelId: string): DoubleMessage[] {
    return this.messages.inChannel(channelId);
  }

  /**
   * Commands registered globally (no argument) or for one guild.
   * @param guildId - guild snowflake, or undefined for global commands
   */
  registeredCommands(guildId?: string): RegisteredCommand[] {
    return [...(this.#commands.get(guildId ?? 'global') ?? [])];
  }

  /**
   * Whether a channel exists (a guild channel or a DM seen in an interaction).
   * @param channelId - channel snowflake
   */
  channel(
    channelId: string,
  ): { id: string; type: number; guildId: string | undefined; name: string } | undefined {
    const found = this.#config.world.find(channelId);
    if (found) {
      const { channel, guild } = found;
      return { id: channel.id, type: channel.type, guildId: guild.id, name: channel.name };
    }
    return this.#dmChannels.has(channelId)
      ? { id: channelId, type: 1, guildId: undefined, name: '' }
      : undefined;
  }

  #store(message: DoubleMessage, handle: InteractionHandle | undefined): DoubleMessage {
    return this.messages.put(message, handle);
  }

  /**
   * Stores a message the double itself made (e.g. a message a test wants a button clicked on).
   * @param message - the message
   */
  putMessage(message: DoubleMessage): void {
    this.#store(message, this.messages.owner(message.id));
  }

  /**
   * The body with `attachments` resolved against the request's uploads and the message's current
   * attachments (50035 ATTACHMENT_NOT_FOUND for an id that is neither); new files are kept and served.
   * @param body - message JSON
   * @param uploads - the request's `files[n]`
   * @param previous - the message's attachments before this request (`[]` for a new message)
   * @param channelId - the message's channel
   * @param path - where the message sits in the request body
   */
  attach(
    body: JsonObject,
    uploads: readonly UploadedFile[],
    previous: readonly JsonObject[],
    channelId: string,
    path: (string | number)[] = [],
  ): JsonObject {
    const resolved = resolveAttachments(body, {
      uploads,
      previous,
      channelId,
      newId: this.#config.snowflake,
      urlOf: (file) => `${this.#config.cdnUrl()}${AttachmentStore.pathOf(file)}`,
      path: [...path, 'attachments'],
    });
    if (!resolved) return body;
    this.attachments.add(resolved.files);
    return { ...body, attachments: resolved.attachments };
  }

  #checkMessage(body: unknown, isCreate: boolean, path: (string | number)[] = []): void {
    assertValidMessage(body, isCreate, path);
  }

  #edit(
    message: DoubleMessage,
    body: JsonObject,
    handle: InteractionHandle | undefined,
    uploads: readonly UploadedFile[],
  ): DoubleMessage {
    this.#checkMessage(body, false);
    const attached = this.attach(body, uploads, message.attachments, message.channel_id);
    const next = applyEdit(message, attached, this.#isoNow());
    if (!hasVisibleContent(next as unknown as JsonObject)) throw apiErrors.emptyMessage();
    return this.#store(next, handle);
  }

  #newInteractionMessage(handle: InteractionHandle, body: JsonObject, flags: number): DoubleMessage {
    const channel = isObject(handle.payload.channel) ? handle.payload.channel : {};
    const guildId = typeof handle.payload.guild_id === 'string' ? handle.payload.guild_id : undefined;
    const user = isObject(handle.payload.member) ? handle.payload.member.user : handle.payload.user;
    const data = isObject(handle.payload.data) ? handle.payload.data : {};
    return buildMessage(
      {
        id: this.#config.snowflake(),
        channelId: String(channel.id),
        guildId,
        author: this.#config.bot,
        type: handle.type === InteractionKind.command ? MessageType.ChatInputCommand : MessageType.Default,
        timestamp: this.#isoNow(),
        applicationId: this.#config.applicationId,
        isWebhook: true,
        interactionMetadata: {
          id: handle.id,
          type: handle.type,
          user,
          authorizing_integration_owners: handle.payload.authorizing_integration_owners ?? {},
          ...(typeof data.name === 'string' ? { name: data.name } : {}),
        },
        flags,
      },
      body,
    );
  }

  /**
   * Handles `POST /interactions/{id}/{token}/callback`: 3 s rule, single acknowledgement, type and body checks.
   * @param id - interaction id from the path
   * @param token - interaction token from the path
   * @param body - `{ type, data }`
   * @param withResponse - `with_response=true` was asked for
   * @param uploads - `files[n]` of a multipart callback
   */
  respond(
    id: string,
    token: string,
    body: unknown,
    withResponse: boolean,
    uploads: readonly UploadedFile[] = [],
  ): CallbackResult {
    const handle = this.#interactions.get(id);
    if (!handle || handle.token !== token) throw apiErrors.unknownInteraction();
    if (handle.isAcknowledged) throw apiErrors.alreadyAcknowledged();
    if (handle.isExpired || !isWithinResponseWindow(handle.dispatchedAtClock, this.#config.now())) {
      handle.isExpired = true;
      throw apiErrors.unknownInteraction();
    }
    const callback = isObject(body) ? body : {};
    const type = callback.type as CallbackTypeValue;
    const data = isObject(callback.data) ? callback.data : undefined;
    if (!(allowedCallbacks[handle.type] ?? []).includes(type)) {
      throw apiErrors.invalidFormBody([
        {
          path: ['type'],
          code: 'INTERACTION_RESPONSE_TYPE_INVALID',
          message: 'Invalid interaction response type',
        },
      ]);
    }
    const componentMessage = isObject(handle.payload.message)
      ? this.messages.get(String(handle.payload.message.id))
      : undefined;
    if ((type === CallbackType.deferredUpdate || type === CallbackType.updateMessage) && !componentMessage) {
      throw apiErrors.unknownMessage();
    }
    let message: DoubleMessage | undefined;
    switch (type) {
      case CallbackType.channelMessage: {
        this.#checkMessage(data, true, ['data']);
        const flags = (typeof data?.flags === 'number' ? data.flags : 0) & MessageFlag.ephemeral;
        const channelId = isObject(handle.payload.channel) ? String(handle.payload.channel.id) : '';
        const attached = this.attach(data ?? {}, uploads, [], channelId, ['data']);
        message = this.#newInteractionMessage(handle, attached, flags);
        break;
      }
      case CallbackType.deferredChannelMessage: {
        const flags = (typeof data?.flags === 'number' ? data.flags : 0) & MessageFlag.ephemeral;
        message = this.#newInteractionMessage(handle, {}, flags | MessageFlag.loading);
        break;
      }
      case CallbackType.deferredUpdate:
        message = componentMessage;
        break;
      case CallbackType.updateMessage: {
        this.#checkMessage(data, false, ['data']);
        if (!componentMessage) throw apiErrors.unknownMessage();
        const attached = this.attach(
          data ?? {},
          uploads,
          componentMessage.attachments,
          componentMessage.channel_id,
          ['data'],
        );
        message = applyEdit(componentMessage, attached, this.#isoNow());
        if (!hasVisibleContent(message as unknown as JsonObject)) throw apiErrors.emptyMessage();
        break;
      }
      case CallbackType.autocompleteResult: {
        const errors = validateChoices(data?.choices);
        if (errors.length > 0) throw apiErrors.invalidFormBody(errors);
        break;
      }
      case CallbackType.modal: {
        const errors = validateModal(data);
        if (errors.length > 0) throw apiErrors.invalidFormBody(errors);
        break;
      }
    }
    handle.firstResponse = { type, data };
    handle.respondedAt = performance.now();
    if (message) {
      handle.originalMessageId = message.id;
      this.#store(message, handle);
    }
    handle.notify();
    this.events.emit('response', handle, handle.firstResponse);
    return withResponse ? this.#callbackBody(handle, type, message) : undefined;
  }

  #callbackBody(
    handle: InteractionHandle,
    type: CallbackTypeValue,
    message: DoubleMessage | undefined,
  ): JsonObject {
    return {
      interaction: {
        id: handle.id,
        type: handle.type,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: (message.flags & MessageFlag.loading) !== 0,
              response_message_ephemeral: (message.flags & MessageFlag.ephemeral) !== 0,
            }
          : {}),
      },
      resource: { type, ...(message ? { message } : {}) },
    };
  }

  /**
   * The interaction behind a webhook: right application, token alive (15 min), already acknowledged.
   * @param applicationId - application id from the path
   * @param token - interaction token from the path
   */
  webhookInteraction(applicationId: string, token: string): InteractionHandle {
    const handle = this.#byToken.get(token);
    if (applicationId !== this.#config.applicationId || !handle) throw apiErrors.unknownWebhook();
    if (!isTokenAlive(handle.dispatchedAtClock, this.#config.now())) throw apiErrors.invalidWebhookToken();
    if (!handle.isAcknowledged) throw apiErrors.unknownWebhook();
    return handle;
  }

  #webhookMessage(handle: InteractionHandle, messageId: string): DoubleMessage {
    const id = messageId === '@original' ? handle.originalMessageId : messageId;
    const owned = id !== undefined && (id === handle.originalMessageId || handle.followUpIds.includes(id));
    const message = owned ? this.messages.get(id) : undefined;
    if (!message) throw apiErrors.unknownMessage();
    return message;
  }

  /**
   * `GET /webhooks/{app}/{token}/messages/{id|@original}`.
   * @param handle - from {@link webhookInteraction}
   * @param messageId - message id or `@original`
   */
  getWebhookMessage(handle: InteractionHandle, messageId: string): DoubleMessage {
    return this.#webhookMessage(handle, messageId);
  }

  /**
   * `PATCH /webhooks/{app}/{token}/messages/{id|@original}`.
   * @param handle - from {@link webhookInteraction}
   * @param messageId - message id or `@original`
   * @param body - the edit
   * @param uploads - `files[n]` of a multipart edit
   */
  editWebhookMessage(
    handle: InteractionHandle,
    messageId: string,
    body: unknown,
    uploads: readonly UploadedFile[] = [],
  ): DoubleMessage {
    return this.#edit(this.#webhookMessage(handle, messageId), isObject(body) ? body : {}, handle, uploads);
  }

  /**
   * `DELETE /webhooks/{app}/{token}/messages/{id|@original}`.
   * @param handle - from {@link webhookInteraction}
   * @param messageId - message id or `@original`
   */
  deleteWebhookMessage(handle: InteractionHandle, messageId: string): void {
    const message = this.#webhookMessage(handle, messageId);
    this.messages.delete(message.id);
    handle.notify();
  }

  /**
   * `POST /webhooks/{app}/{token}`: a follow-up. The first one after a defer replaces the "thinking" message.
   * @param handle - from {@link webhookInteraction}
   * @param body - the message
   * @param uploads - `files[n]` of a multipart follow-up
   */
  followUp(handle: InteractionHandle, body: unknown, uploads: readonly UploadedFile[] = []): DoubleMessage {
    this.#checkMessage(body, true);
    const payload = isObject(body) ? body : {};
    const original = handle.message();
    if (original && (original.flags & MessageFlag.loading) !== 0)
      return this.#edit(original, payload, handle, uploads);
    const flags = (typeof payload.flags === 'number' ? payload.flags : 0) & MessageFlag.ephemeral;
    const channelId = isObject(handle.payload.channel) ? String(handle.payload.channel.id) : '';
    const message = this.#newInteractionMessage(handle, this.attach(payload, uploads, [], channelId), flags);
    handle.followUpIds.push(message.id);
    return this.#store(message, handle);
  }

  #scope(applicationId: string, guildId: string | undefined): string {
    if (applicationId !== this.#config.applicationId) throw apiErrors.unknownApplication();
    if (guildId !== undefined && !this.#config.guilds.some((guild) => guild.id === guildId)) {
      throw apiErrors.unknownGuild();
    }
    return guildId ?? 'global';
  }

  #toRegistered(
    raw: JsonObject,
    guildId: string | undefined,
    previous: RegisteredCommand[],
  ): RegisteredCommand {
    const type = typeof raw.type === 'number' ? raw.type : 1;
    const kept = previous.find((command) => command.name === raw.name && command.type === type);
    return {
      default_member_permissions: null,
      nsfw: false,
      contexts: null,
      integration_types: [0],
      ...raw,
      id: kept?.id ?? this.#config.snowflake(),
      application_id: this.#config.applicationId,
      ...(guildId === undefined ? {} : { guild_id: guildId }),
      name: String(raw.name),
      description: typeof raw.description === 'string' ? raw.description : '',
      type,
      options: Array.isArray(raw.options) ? (raw.options as RegisteredOption[]) : [],
      version: this.#config.snowflake(),
    };
  }

  /**
   * `PUT .../commands`: replaces every command in the scope after validating them all.
   * @param applicationId - application id from the path
   * @param guildId - guild id, or undefined for global
   * @param body - array of commands
   */
  overwriteCommands(applicationId: string, guildId: string | undefined, body: unknown): RegisteredCommand[] {
    const scope = this.#scope(applicationId, guildId);
    const errors: FieldError[] = validateCommands(body);
    if (errors.length > 0) throw apiErrors.invalidFormBody(errors);
    const previous = this.#commands.get(scope) ?? [];
    const next = (body as JsonObject[]).map((raw) => this.#toRegistered(raw, guildId, previous));
    this.#commands.set(scope, next);
    return next;
  }

  /**
   * `POST .../commands`: creates or replaces one command by name and type.
   * @param applicationId - application id from the path
   * @param guildId - guild id, or undefined for global
   * @param body - the command
   */
  upsertCommand(applicationId: string, guildId: string | undefined, body: unknown): RegisteredCommand {
    const scope = this.#scope(applicationId, guildId);
    const errors = validateCommand(body);
    if (errors.length > 0 || !isObject(body)) throw apiErrors.invalidFormBody(errors);
    const previous = this.#commands.get(scope) ?? [];
    const command = this.#toRegistered(body, guildId, previous);
    this.#commands.set(scope, [...previous.filter((existing) => existing.id !== command.id), command]);
    return command;
  }

  /**
   * `GET .../commands`.
   * @param applicationId - application id from the path
   * @param guildId - guild id, or undefined for global
   */
  listCommands(applicationId: string, guildId: string | undefined): RegisteredCommand[] {
    return [...(this.#commands.get(this.#scope(applicationId, guildId)) ?? [])];
  }

  /**
   * `GET .../commands/{id}`.
   * @param applicationId - application id from the path
   * @param guildId - guild id, or undefined for global
   * @param commandId - command snowflake
   */
  getCommand(applicationId: string, guildId: string | undefined, commandId: string): RegisteredCommand {
    const found = this.listCommands(applicationId, guildId).find((command) => command.id === commandId);
    if (!found) throw apiErrors.unknownCommand();
    return found;
  }

  /**
   * `DELETE .../commands/{id}`.
   * @param applicationId - application id from the path
   * @param guildId - guild id, or undefined for global
   * @param commandId - command snowflake
   */
  deleteCommand(applicationId: string, guildId: string | undefined, commandId: string): void {
    const scope = this.#scope(applicationId, guildId);
    this.getCommand(applicationId, guildId, commandId);
    this.#commands.set(
      scope,
      (this.#commands.get(scope) ?? []).filter((command) => command.id !== commandId),
    );
  }

  /**
   * The command a user would invoke by name: guild commands shadow global ones.
   * @param name - command name
   * @param guildId - guild snowflake, or undefined in DMs
   */
  findCommand(name: string, guildId: string | undefined): RegisteredCommand | undefined {
    const inGuild = guildId === undefined ? undefined : this.#commands.get(guildId);
    const matches = (command: RegisteredCommand): boolean => command.name === name && command.type === 1;
    return inGuild?.find(matches) ?? this.#commands.get('global')?.find(matches);
  }
}
