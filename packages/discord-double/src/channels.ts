import { MessageType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { UploadedFile } from './attachments.ts';
import { apiErrors, assertValidMessage } from './errors.ts';
import { isThreadType, type ChannelPlace, type World } from './guilds.ts';
import { resolveMentions, validateAllowedMentions, type ResolvedMentions } from './mentions.ts';
import type { MessageStore } from './messages.ts';
import { applyEdit, buildMessage } from './payloads.ts';
import { hasPermissions } from './permissions.ts';
import { hasVisibleContent, MessageFlag } from './rules.ts';
import type { SnowflakeFactory } from './snowflake.ts';
import type { DoubleMessage, DoubleUser, FieldError, JsonObject } from './types.ts';

/** Tunables of channel messages. */
export interface ChannelRules {
  /** How long a nonce with `enforce_nonce` returns the first message (default 5 min, by the double's clock). */
  nonceWindowMs: number;
  /** Pins per channel (default 250; more answers 30003). */
  maxPins: number;
}

/** Defaults for {@link ChannelRules}. */
export const DEFAULT_CHANNEL_RULES: ChannelRules = { nonceWindowMs: 5 * 60_000, maxPins: 250 };

/** What channel routes need from the double. */
export interface ChannelContext {
  /** Guilds, channels, members. */
  world: World;
  /** Stored messages. */
  messages: MessageStore;
  /** The double's clock. */
  now: () => number;
  /** Id generator. */
  snowflake: SnowflakeFactory;
  /** The bot user (the author of everything sent through REST). */
  bot: DoubleUser;
  /** Application id. */
  applicationId: string;
  /** Whether a channel id is a DM the double has seen. */
  isDmChannel: (id: string) => boolean;
  /** Tunables. */
  rules: ChannelRules;
  /** Resolves a body's attachments against the uploads and the message's current ones (see `DoubleState.attach`). */
  attach: (
    body: JsonObject,
    uploads: readonly UploadedFile[],
    previous: readonly JsonObject[],
    channelId: string,
  ) => JsonObject;
}

/** Where a request lands and what the bot may do there. */
export interface ChannelAccess {
  /** The guild channel, or undefined for a DM. */
  place: ChannelPlace | undefined;
  /** The bot's permissions in the channel (everything but guild powers in DMs). */
  permissions: bigint;
}

// In DMs a bot may send, embed, attach and read history.
const DM_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory;

const NONCE_MAX = 25;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isNonEmptyArray = (value: unknown): boolean => Array.isArray(value) && value.length > 0;

function validateNonce(nonce: unknown): FieldError[] {
  if (nonce === undefined || nonce === null) return [];
  if (typeof nonce === 'number' && Number.isInteger(nonce)) return [];
  if (typeof nonce !== 'string') {
    return [{ path: ['nonce'], code: 'BASE_TYPE_STRING', message: 'Must be a string or an integer.' }];
  }
  return Array.from(nonce).length > NONCE_MAX
    ? [{ path: ['nonce'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${NONCE_MAX} or fewer in length.` }]
    : [];
}

/**
 * Channel message routes (`/channels/{id}/messages...`) with Discord's permission checks: 10003 unknown
 * channel, 50001 without VIEW_CHANNEL, 50013 without the permission the action needs.
 */
export class ChannelMessages {
  readonly #ctx: ChannelContext;
  readonly #nonces = new Map<string, { messageId: string; at: number }>();

  /** @param ctx - world, store, clock, ids and rules */
  constructor(ctx: ChannelContext) {
    this.#ctx = ctx;
  }

  /** The context (for pins and threads). */
  get context(): ChannelContext {
    return this.#ctx;
  }

  /**
   * Resolves a channel the bot acts in and checks VIEW_CHANNEL and `required`.
   * @param channelId - channel snowflake
   * @param required - permission bits the action needs
   */
  access(channelId: string, required = 0n): ChannelAccess {
    const place = this.#ctx.world.find(channelId);
    if (!place) {
      if (this.#ctx.isDmChannel(channelId)) {
        if (!hasPermissions(DM_PERMISSIONS, required)) throw apiErrors.missingPermissions();
        return { place: undefined, permissions: DM_PERMISSIONS };
      }
      throw apiErrors.unknownChannel();
    }
    const permissions = this.#ctx.world.permissions(channelId, this.#ctx.bot.id);
    if (!hasPermissions(permissions, PermissionFlagsBits.ViewChannel)) throw apiErrors.missingAccess();
    if (!hasPermissions(permissions, required)) throw apiErrors.missingPermissions();
    return { place, permissions };
  }

  /**
   * A message in a channel the bot can see (ephemeral ones are invisible here).
   * @param channelId - channel snowflake
   * @param messageId - message snowflake
   */
  find(channelId: string, messageId: string): DoubleMessage {
    const message = this.#ctx.messages.get(messageId);
    if (message?.channel_id !== channelId || (message.flags & MessageFlag.ephemeral) !== 0)
      throw apiErrors.unknownMessage();
    return message;
  }

  #isoNow(): string {
    return new Date(this.#ctx.now()).toISOString();
  }

  #sendPermission(access: ChannelAccess): bigint {
    return access.place && isThreadType(access.place.channel.type)
      ? PermissionFlagsBits.SendMessagesInThreads
      : PermissionFlagsBits.SendMessages;
  }

  #contentPermissions(access: ChannelAccess, body: JsonObject): bigint {
    let needed = 0n;
    if (isNonEmptyArray(body.embeds)) needed |= PermissionFlagsBits.EmbedLinks;
    if (isNonEmptyArray(body.attachments)) needed |= PermissionFlagsBits.AttachFiles;
    if (body.tts === true) needed |= PermissionFlagsBits.SendTTSMessages;
    return needed;
  }

  #uploadPermissions(uploads: readonly UploadedFile[]): bigint {
    return uploads.length > 0 ? PermissionFlagsBits.AttachFiles : 0n;
  }

  #mentions(access: ChannelAccess, body: JsonObject, content: string): ResolvedMentions {
    return resolveMentions(
      content,
      body.allowed_mentions,
      access.place?.guild,
      (id) => this.#ctx.world.user(id),
      hasPermissions(access.permissions, PermissionFlagsBits.MentionEveryone),
    );
  }

  /**
   * `POST /channels/{id}/messages`: send permission (SEND_MESSAGES, or SEND_MESSAGES_IN_THREADS in a
   * thread), EMBED_LINKS for embeds, ATTACH_FILES for files; a nonce with `enforce_nonce` returns the
   * message the same author already sent with it; a message in an archived thread unarchives it unless
   * it is locked.
   * @param channelId - channel snowflake
   * @param raw - the message body
   * @param uploads - `files[n]` of a multipart request
   */
  create(channelId: string, raw: unknown, uploads: readonly UploadedFile[] = []): DoubleMessage {
    const body = isObject(raw) ? raw : {};
    const access = this.access(channelId);
    const errors = [...validateNonce(body.nonce), ...validateAllowedMentions(body.allowed_mentions)];
    if (errors.length > 0) throw apiErrors.invalidFormBody(errors);
    assertValidMessage(body, true);
    const send = this.#sendPermission(access);
    if (
      !hasPermissions(
        access.permissions,
        send | this.#contentPermissions(access, body) | this.#uploadPermissions(uploads),
      )
    ) {
      throw apiErrors.missingPermissions();
    }
    const nonce = typeof body.nonce === 'string' || typeof body.nonce === 'number' ? body.nonce : undefined;
    const nonceKey =
      body.enforce_nonce === true && nonce !== undefined ? `${this.#ctx.bot.id}:${String(nonce)}` : undefined;
    if (nonceKey !== undefined) {
      const seen = this.#nonces.get(nonceKey);
      const earlier = seen ? this.#ctx.messages.get(seen.messageId) : undefined;
      if (seen && earlier && this.#ctx.now() - seen.at <= this.#ctx.rules.nonceWindowMs) return earlier;
    }
    const thread = access.place?.channel.thread;
    if (thread?.archived === true) {
      if (thread.locked && !hasPermissions(access.permissions, PermissionFlagsBits.ManageThreads)) {
        throw apiErrors.threadLocked();
      }
      this.#ctx.world.setThreadState(channelId, { archived: false });
    }
    const attached = this.#ctx.attach(body, uploads, [], channelId);
    const built = buildMessage(
      {
        id: this.#ctx.snowflake(),
        channelId,
        guildId: access.place?.guild.id,
        author: this.#ctx.bot,
        type: MessageType.Default,
        timestamp: this.#isoNow(),
        applicationId: this.#ctx.applicationId,
        isWebhook: false,
        flags: 0,
      },
      attached,
    );
    const message: DoubleMessage = {
      ...built,
      ...this.#mentions(access, body, built.content),
      ...(nonce === undefined ? {} : { nonce }),
    };
    if (nonceKey !== undefined) this.#nonces.set(nonceKey, { messageId: message.id, at: this.#ctx.now() });
    return this.#ctx.messages.put(message, undefined);
  }

  /**
   * `GET /channels/{id}/messages/{id}`: needs VIEW_CHANNEL and READ_MESSAGE_HISTORY (else 50001).
   * @param channelId - channel snowflake
   * @param messageId - message snowflake
   */
  get(channelId: string, messageId: string): DoubleMessage {
    const access = this.access(channelId);
    if (!hasPermissions(access.permissions, PermissionFlagsBits.ReadMessageHistory)) {
      throw apiErrors.missingAccess();
    }
    return this.find(channelId, messageId);
  }

  /**
   * `GET /channels/{id}/messages`: newest first, `limit` 1-100 (default 50) with `before`, `after` or
   * `around`; empty without READ_MESSAGE_HISTORY, as Discord.
   * @param channelId - channel snowflake
   * @param query - query string
   */
  list(channelId: string, query: URLSearchParams): DoubleMessage[] {
    const access = this.access(channelId);
    const limitText = query.get('limit');
    const limit = limitText === null ? 50 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw apiErrors.invalidFormBody([
        { path: ['limit'], code: 'NUMBER_TYPE_MAX', message: 'int value should be between 1 and 100.' },
      ]);
    }
    if (!hasPermissions(access.permissions, PermissionFlagsBits.ReadMessageHistory)) return [];
    const all = this.#ctx.messages.inChannel(channelId);
    const before = query.get('before');
    const after = query.get('after');
    const around = query.get('around');
    const id = (message: DoubleMessage): bigint => BigInt(message.id);
    if (after !== null) {
      return all
        .filter((message) => id(message) > BigInt(after))
        .slice(0, limit)
        .reverse();
    }
    if (around !== null) {
      const index = all.findIndex((message) => id(message) >= BigInt(around));
      const start = Math.max(0, (index < 0 ? all.length : index) - Math.floor(limit / 2));
      return all.slice(start, start + limit).reverse();
    }
    const older = before === null ? all : all.filter((message) => id(message) < BigInt(before));
    return older.slice(-limit).reverse();
  }

  /**
   * `PATCH /channels/{id}/messages/{id}`: only the author's own messages (50005); 50083 in an archived
   * thread; EMBED_LINKS for embeds.
   * @param channelId - channel snowflake
   * @param messageId - message snowflake
   * @param raw - the edit
   * @param uploads - `files[n]` of a multipart request
   */
  edit(
    channelId: string,
    messageId: string,
    raw: unknown,
    uploads: readonly UploadedFile[] = [],
  ): DoubleMessage {
    const body = isObject(raw) ? raw : {};
    const access = this.access(channelId);
    const message = this.find(channelId, messageId);
    if (message.author.id !== this.#ctx.bot.id) throw apiErrors.cannotEditOthersMessage();
    if (access.place?.channel.thread?.archived === true) throw apiErrors.archivedThread();
    const errors = validateAllowedMentions(body.allowed_mentions);
    if (errors.length > 0) throw apiErrors.invalidFormBody(errors);
    assertValidMessage(body, false);
    if (
      !hasPermissions(
        access.permissions,
        this.#contentPermissions(access, body) | this.#uploadPermissions(uploads),
      )
    ) {
      throw apiErrors.missingPermissions();
    }
    const attached = this.#ctx.attach(body, uploads, message.attachments, channelId);
    const edited = applyEdit(message, attached, this.#isoNow());
    if (!hasVisibleContent(edited as unknown as JsonObject)) throw apiErrors.emptyMessage();
    const next: DoubleMessage =
      typeof body.content === 'string'
        ? { ...edited, ...this.#mentions(access, body, edited.content) }
        : edited;
    return this.#ctx.messages.put(next, this.#ctx.messages.owner(messageId));
  }

  /**
   * `DELETE /channels/{id}/messages/{id}`: the bot's own messages, or any with MANAGE_MESSAGES.
   * @param channelId - channel snowflake
   * @param messageId - message snowflake
   */
  delete(channelId: string, messageId: string): void {
    const access = this.access(channelId);
    const message = this.find(channelId, messageId);
    if (
      message.author.id !== this.#ctx.bot.id &&
      !hasPermissions(access.permissions, PermissionFlagsBits.ManageMessages)
    ) {
      throw apiErrors.missingPermissions();
    }
    this.#ctx.messages.delete(messageId);
  }

  /**
   * Stores a message a user posted (for tests: a user's message the bot can then read, pin or thread).
   * @param channelId - channel snowflake
   * @param author - the user
   * @param content - text
   */
  postAsUser(channelId: string, author: DoubleUser, content: string): DoubleMessage {
    const place = this.#ctx.world.find(channelId);
    if (!place) throw new Error(`unknown channel ${channelId}`);
    const message = buildMessage(
      {
        id: this.#ctx.snowflake(),
        channelId,
        guildId: place.guild.id,
        author,
        type: MessageType.Default,
        timestamp: this.#isoNow(),
        applicationId: this.#ctx.applicationId,
        isWebhook: false,
        flags: 0,
      },
      { content },
    );
    return this.#ctx.messages.put(message, undefined);
  }
}
