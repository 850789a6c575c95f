import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ChannelType, ComponentType, PermissionFlagsBits } from 'discord-api-types/v10';
import { DEFAULT_CHANNEL_RULES, type ChannelRules } from './channels.ts';
import { Gateway, type DropOptions, type SessionInfo } from './gateway.ts';
import {
  World,
  type ChannelOptions,
  type ChannelPlace,
  type GuildOptions,
  type OverwriteInput,
  type RoleOptions,
} from './guilds.ts';
import { InteractionHandle, type WaitOptions } from './handle.ts';
import type { MessageRecord } from './messages.ts';
import { buildCommandOptions, type ApiCommandOption, type OptionValue } from './options.ts';
import { buildChannel, buildInteraction, buildRole, DEFAULT_PERMISSIONS } from './payloads.ts';
import { RateLimiter, type RateLimitOptions, type RateLimitStats } from './rate-limits.ts';
import type { StoredFile } from './attachments.ts';
import { createRestHandler } from './rest.ts';
import { createSnowflakeFactory } from './snowflake.ts';
import { DoubleState, type DoubleEventMap } from './state.ts';
import {
  CallbackType,
  InteractionKind,
  type DoubleChannel,
  type DoubleGuild,
  type DoubleMember,
  type DoubleMessage,
  type DoubleOverwrite,
  type DoubleRole,
  type DoubleUser,
  type InteractionKindValue,
  type JsonObject,
  type RegisteredCommand,
  type Violation,
} from './types.ts';

/** A channel as a test inspects it. */
export interface ChannelSnapshot {
  /** The channel or thread. */
  channel: DoubleChannel;
  /** Messages oldest first, each with its edit count and versions. */
  messages: MessageRecord[];
  /** Pinned messages, most recently pinned first. */
  pins: DoubleMessage[];
  /** Threads started in this channel. */
  threads: DoubleChannel[];
}

/** Options of {@link DiscordDouble.waitForMessage}. */
export interface MessageWaitOptions extends WaitOptions {
  /** Only messages in this channel. */
  channelId?: string;
}

/** Options of {@link startDiscordDouble}. Everything is optional. */
export interface DiscordDoubleOptions {
  /** Bot token the double accepts (default: a random one, read it from `double.token`). */
  token?: string;
  /** Application id (generated when absent; also the bot user id unless `bot.id` is set). */
  applicationId?: string;
  /** Bot user fields. */
  bot?: Partial<DoubleUser>;
  /** Guilds the bot is in (default: one guild with one text channel). */
  guilds?: GuildOptions[];
  /** Default invoking user for driving methods. */
  user?: Partial<DoubleUser>;
  /** Injected clock in Unix ms for the 3 s and 15 min rules, ids and timestamps (default `Date.now`). */
  now?: () => number;
  /** HELLO `heartbeat_interval` in ms (default 41 250, as Discord). */
  heartbeatInterval?: number;
  /** Host to listen on (default 127.0.0.1). */
  host?: string;
  /** Port to listen on (default 0: any free port). */
  port?: number;
  /** Permissions of the bot's role in every configured guild (default: view, send, embed, attach, history, commands, public threads, send in threads, pin). */
  appPermissions?: string;
  /** Per-route and global rate limits (default on: 5/5 s message creates and edits per channel, 50/s global). */
  rateLimits?: RateLimitOptions;
  /** Nonce window (default 5 min) and pins per channel (default 250). */
  channelRules?: Partial<ChannelRules>;
  /** Privileged intents the app is approved for (default none; others close with 4014). */
  allowedPrivilegedIntents?: number;
  /** Dispatches kept per session for RESUME replay (default 10 000). */
  historyLimit?: number;
  /** `shards` answered on `GET /gateway/bot` (default: one per 1000 guilds, at least 1). */
  recommendedShards?: number;
  /** `session_start_limit.max_concurrency` answered on `GET /gateway/bot` (default 1, as most bots get). */
  maxConcurrency?: number;
  /** Most guilds one session may hold before IDENTIFY closes with 4011 "Sharding required" (default 2500). */
  maxGuildsPerShard?: number;
  /** User locale sent on interactions (default `en-US`). */
  locale?: string;
}

/** Who invokes and where; shared by the driving methods. */
export interface InvocationPlace {
  /** Invoking user fields (default: the double's default user). */
  user?: Partial<DoubleUser>;
  /** Guild id; `null` for a DM with the bot (default: the first guild). */
  guildId?: string | null;
  /** Channel id (default: the guild's first channel, or the user's DM channel). */
  channelId?: string;
  /** User locale. */
  locale?: string;
}

/** Input of {@link DiscordDouble.sendCommand}. */
export interface CommandInput extends InvocationPlace {
  /** Command name, e.g. `port`. */
  name: string;
  /** Subcommand name, if the command has subcommands. */
  subcommand?: string;
  /** Subcommand group name, if any. */
  subcommandGroup?: string;
  /** Options as `{ name: value }` (types taken from the registered command, else inferred) or wire format. */
  options?: Record<string, OptionValue> | ApiCommandOption[];
}

/** Input of {@link DiscordDouble.sendAutocomplete}. */
export interface AutocompleteInput extends CommandInput {
  /** Name of the option being typed; its value is sent as the partial input (a string). */
  focused: string;
}

/** Input of {@link DiscordDouble.clickButton}. */
export interface ButtonClickInput {
  /** The message holding the button (a stored message or its id): an interaction reply or a channel message. */
  message: DoubleMessage | string;
  /** The button's custom id. */
  customId: string;
  /** Clicking user (default: the double's default user); made a member of the guild when they are not. */
  user?: Partial<DoubleUser>;
  /** User locale. */
  locale?: string;
}

/** Input of {@link DiscordDouble.submitModal}. */
export interface ModalSubmitInput extends InvocationPlace {
  /** The modal's custom id (taken from `interaction`'s modal when absent). */
  customId?: string;
  /** Text input values by custom id. */
  fields: Record<string, string>;
  /** The message whose component opened the modal, if any (enables update responses). */
  message?: DoubleMessage | string;
  /**
   * The interaction answered with the modal (callback 9): the submit comes from its user and place,
   * `customId` and `message` default to it, and the fields must be the modal's text inputs.
   */
  interaction?: InteractionHandle;
}

/** Where and by whom an interaction happens. */
interface Place {
  user: DoubleUser;
  guild: DoubleGuild | undefined;
  channel: DoubleChannel | undefined;
  channelId: string;
  channelType: number;
  locale: string;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A running Discord double: REST under {@link restApiUrl}, gateway at {@link gatewayUrl}, and a driving API
 * that plays the user's side (slash commands, autocomplete, button clicks, modals).
 */
export class DiscordDouble {
  /** Bot token the double accepts. */
  readonly token: string;
  /** Application id. */
  readonly applicationId: string;
  /** The bot user. */
  readonly bot: DoubleUser;
  /** Guilds the bot is in (live: guilds created later appear here). */
  readonly guilds: readonly DoubleGuild[];
  /** The default invoking user. */
  readonly user: DoubleUser;
  /** `http://host:port/api`: pass as `new Client({ rest: { api: restApiUrl } })`. */
  readonly restApiUrl: string;
  /** `ws://host:port/gateway`. */
  readonly gatewayUrl: string;
  /** Port the double listens on. */
  readonly port: number;
  /** Typed events: dispatch, response, message, violation, session. */
  readonly events: DoubleState['events'];

  readonly #state: DoubleState;
  readonly #gateway: Gateway;
  readonly #server: Server;
  readonly #defaultUser: DoubleUser;
  readonly #locale: string;
  readonly #world: World;
  readonly #rateLimiter: RateLimiter;
  readonly #dmChannels = new Map<string, string>();

  /** @internal use {@link startDiscordDouble} */
  constructor(parts: {
    state: DoubleState;
    gateway: Gateway;
    server: Server;
    port: number;
    host: string;
    token: string;
    defaultUser: DoubleUser;
    locale: string;
    world: World;
    rateLimiter: RateLimiter;
  }) {
    this.#state = parts.state;
    this.#gateway = parts.gateway;
    this.#server = parts.server;
    this.#defaultUser = parts.defaultUser;
    this.#locale = parts.locale;
    this.#world = parts.world;
    this.#rateLimiter = parts.rateLimiter;
    this.user = parts.defaultUser;
    this.token = parts.token;
    this.applicationId = parts.state.config.applicationId;
    this.bot = parts.state.config.bot;
    this.guilds = parts.world.guilds;
    this.port = parts.port;
    this.restApiUrl = `http://${parts.host}:${parts.port}/api`;
    this.gatewayUrl = `ws://${parts.host}:${parts.port}/gateway`;
    this.events = parts.state.events;
  }

  /** Every rule violation so far (every 4xx the double answered), in order. */
  get violations(): readonly Violation[] {
    return this.#state.violations;
  }

  /** Number of gateway sessions (connected or resumable). */
  get sessionCount(): number {
    return this.#gateway.sessionCount;
  }

  /** Every gateway session with its shard and whether its socket is open. */
  get sessions(): SessionInfo[] {
    return this.#gateway.sessions;
  }

  /**
   * Messages in a channel, oldest first (ephemeral ones left out: only their user sees them).
   * @param channelId - channel snowflake
   */
  channelMessages(channelId: string): DoubleMessage[] {
    return this.#state.channelMessages(channelId);
  }

  /**
   * A stored message as it is now.
   * @param id - message snowflake
   */
  message(id: string): DoubleMessage | undefined {
    return this.#state.message(id);
  }

  /**
   * The bytes, name and type of an accepted attachment (also served at the attachment's `url`).
   * @param id - attachment snowflake
   */
  attachment(id: string): StoredFile | undefined {
    return this.#state.attachments.get(id);
  }

  /**
   * Commands the bot registered globally (no argument) or for one guild.
   * @param guildId - guild snowflake
   */
  registeredCommands(guildId?: string): RegisteredCommand[] {
    return this.#state.registeredCommands(guildId);
  }

  /**
   * The handle of a dispatched interaction.
   * @param id - interaction snowflake
   */
  interaction(id: string): InteractionHandle | undefined {
    return this.#state.interaction(id);
  }

  /** 429s the double answered so far (not violations: discord.js waits and retries them). */
  get rateLimits(): RateLimitStats {
    return this.#rateLimiter.stats;
  }

  /**
   * Creates (or updates) a user; add them to a guild with {@link addMember}.
   * @param fields - user fields (id generated when absent)
   */
  createUser(fields: Partial<DoubleUser> = {}): DoubleUser {
    return this.#world.createUser(fields);
  }

  /**
   * Adds a guild the bot is in; a logged-in bot receives GUILD_CREATE.
   * @param options - name, channels, roles, @everyone and bot permissions
   */
  createGuild(options: GuildOptions = {}): DoubleGuild {
    return this.#world.createGuild(options);
  }

  /**
   * Adds a text (0) or announcement (5) channel (CHANNEL_CREATE).
   * @param guildId - guild snowflake
   * @param options - name, type, overwrites
   */
  createChannel(guildId: string, options: ChannelOptions = {}): DoubleChannel {
    return this.#world.createChannel(guildId, options);
  }

  /**
   * Deletes a channel and its threads (CHANNEL_DELETE); the bot's REST calls on it then get 10003.
   * @param channelId - channel snowflake
   */
  deleteChannel(channelId: string): void {
    this.#world.deleteChannel(channelId);
  }

  /**
   * Adds a role (GUILD_ROLE_CREATE).
   * @param guildId - guild snowflake
   * @param options - name and permissions
   */
  createRole(guildId: string, options: RoleOptions = {}): DoubleRole {
    return this.#world.createRole(guildId, options);
  }

  /**
   * Sets a role's guild permissions (GUILD_ROLE_UPDATE); @everyone's id is the guild id.
   * @param guildId - guild snowflake
   * @param roleId - role snowflake
   * @param permissions - bits or a decimal string
   */
  setRolePermissions(guildId: string, roleId: string, permissions: bigint | string): DoubleRole {
    return this.#world.setRolePermissions(guildId, roleId, permissions);
  }

  /**
   * The bot's own (managed) role in a guild: change its permissions to take rights from the bot.
   * @param guildId - guild snowflake
   */
  botRole(guildId: string): DoubleRole {
    return this.#world.botRole(guildId);
  }

  /**
   * Adds a user to a guild (created when unknown), or sets an existing member's roles.
   * @param guildId - guild snowflake
   * @param user - user fields
   * @param roles - role ids (default: none beyond @everyone)
   */
  addMember(guildId: string, user: Partial<DoubleUser>, roles?: string[]): DoubleMember {
    return this.#world.addMember(guildId, user, roles);
  }

  /**
   * Sets one permission overwrite on a channel (CHANNEL_UPDATE); threads follow their parent.
   * @param channelId - channel snowflake
   * @param overwrite - role or member id, allow and deny bits
   */
  setOverwrite(channelId: string, overwrite: OverwriteInput): DoubleOverwrite {
    return this.#world.setOverwrite(channelId, overwrite);
  }

  /**
   * Removes a permission overwrite (CHANNEL_UPDATE).
   * @param channelId - channel snowflake
   * @param id - role or user id
   */
  removeOverwrite(channelId: string, id: string): void {
    this.#world.removeOverwrite(channelId, id);
  }

  /**
   * Archives a thread (edits in it then fail with 50083; a new message unarchives it unless locked).
   * @param threadId - thread snowflake
   * @param options - lock it too
   */
  archiveThread(threadId: string, options: { locked?: boolean } = {}): DoubleChannel {
    return this.#world.setThreadState(threadId, { archived: true, locked: options.locked ?? false });
  }

  /**
   * A user's permissions in a channel, computed as Discord does (default: the bot's, i.e. `app_permissions`).
   * @param channelId - channel or thread snowflake
   * @param userId - user snowflake
   */
  permissionsIn(channelId: string, userId: string = this.bot.id): bigint {
    return this.#world.permissions(channelId, userId);
  }

  /**
   * A channel or thread with its guild and parent.
   * @param channelId - channel snowflake
   */
  findChannel(channelId: string): ChannelPlace | undefined {
    return this.#world.find(channelId);
  }

  /**
   * Stores a message posted by a user (the bot receives no MESSAGE_CREATE: it has no message intents).
   * @param channelId - channel snowflake
   * @param user - author fields (made a member when they are not)
   * @param content - text
   */
  postAsUser(channelId: string, user: Partial<DoubleUser>, content: string): DoubleMessage {
    const place = this.#world.find(channelId);
    if (!place) throw new Error(`unknown channel ${channelId}`);
    const member = this.#world.addMember(place.guild.id, user);
    return this.#state.channels.postAsUser(channelId, member.user, content);
  }

  /**
   * A message with its edit count and every version.
   * @param id - message snowflake
   */
  messageRecord(id: string): MessageRecord | undefined {
    return this.#state.messages.record(id);
  }

  /**
   * Pinned messages of a channel, most recently pinned first.
   * @param channelId - channel snowflake
   */
  pins(channelId: string): DoubleMessage[] {
    return this.#state.pins.list(channelId).map((pin) => pin.message);
  }

  /**
   * Threads started in a channel.
   * @param channelId - parent channel snowflake
   */
  threads(channelId: string): DoubleChannel[] {
    return (this.#world.find(channelId)?.guild.channels ?? []).filter((c) => c.parentId === channelId);
  }

  /**
   * A channel's messages (with edit counts), pins and threads.
   * @param channelId - channel or thread snowflake
   */
  inspectChannel(channelId: string): ChannelSnapshot {
    const place = this.#world.find(channelId);
    if (!place) throw new Error(`unknown channel ${channelId}`);
    return {
      channel: place.channel,
      messages: this.#state.messages
        .inChannel(channelId)
        .flatMap((message) => this.#state.messages.record(message.id) ?? []),
      pins: this.pins(channelId),
      threads: this.threads(channelId),
    };
  }

  /**
   * Resolves with the first message (existing or created/edited later) that satisfies the predicate.
   * @param predicate - condition on a message
   * @param options - channel filter and real-time guard (default 10 000 ms)
   */
  async waitForMessage(
    predicate: (message: DoubleMessage) => boolean,
    options: MessageWaitOptions = {},
  ): Promise<DoubleMessage> {
    const matches = (message: DoubleMessage): boolean =>
      (options.channelId === undefined || message.channel_id === options.channelId) && predicate(message);
    const channels = options.channelId === undefined ? this.#allChannelIds() : [options.channelId];
    const existing = channels.flatMap((id) => this.#state.channelMessages(id)).find(matches);
    if (existing) return existing;
    const [message] = await this.waitFor('message', (candidate) => matches(candidate), options);
    return message;
  }

  #allChannelIds(): string[] {
    return this.guilds.flatMap((guild) => guild.channels.map((channel) => channel.id));
  }

  /**
   * Resolves on the next event that satisfies the predicate.
   * @param event - event name
   * @param predicate - condition on the event's arguments (default: any)
   * @param options - real-time guard (default 10 000 ms)
   */
  waitFor<K extends keyof DoubleEventMap>(
    event: K,
    predicate: (...args: DoubleEventMap[K]) => boolean = () => true,
    options: WaitOptions = {},
  ): Promise<DoubleEventMap[K]> {
    return new Promise((resolve, reject) => {
      const listener = (...args: DoubleEventMap[K]): void => {
        if (!predicate(...args)) return;
        clearTimeout(timer);
        this.events.off(event, listener as never);
        resolve(args);
      };
      const timer = setTimeout(() => {
        this.events.off(event, listener as never);
        reject(new Error(`no ${event} event within ${options.timeoutMs ?? 10_000} ms`));
      }, options.timeoutMs ?? 10_000);
      timer.unref();
      this.events.on(event, listener as never);
    });
  }

  /**
   * Dispatches a slash command (interaction type 2) as a user typing it.
   * @param input - command name, options, user and place
   */
  sendCommand(input: CommandInput): Promise<InteractionHandle> {
    return Promise.resolve().then(() => {
      const place = this.#place(input);
      const data = this.#commandData(input, place.guild?.id, undefined);
      return this.#dispatch(place, InteractionKind.command, data, undefined);
    });
  }

  /**
   * Dispatches an autocomplete request (interaction type 4) for the option being typed.
   * @param input - command, options (the focused one holds the partial text) and the focused option name
   */
  sendAutocomplete(input: AutocompleteInput): Promise<InteractionHandle> {
    return Promise.resolve().then(() => {
      const place = this.#place(input);
      const data = this.#commandData(input, place.guild?.id, input.focused);
      return this.#dispatch(place, InteractionKind.autocomplete, data, undefined);
    });
  }

  /**
   * Dispatches a button click (interaction type 3) on a stored message.
   * Throws when the message has no enabled button with that custom id: a user could not click it.
   * @param input - message, custom id and user
   */
  clickButton(input: ButtonClickInput): Promise<InteractionHandle> {
    return Promise.resolve().then(() => {
      const message = this.#storedMessage(input.message);
      const button = findComponent(message.components, input.customId);
      if (button?.type !== 2) throw new Error(`message ${message.id} has no button ${input.customId}`);
      if (button.disabled === true) throw new Error(`button ${input.customId} is disabled`);
      const place = this.#place({
        ...(input.user ? { user: input.user } : {}),
        ...(input.locale === undefined ? {} : { locale: input.locale }),
        guildId: message.guild_id ?? null,
        channelId: message.channel_id,
      });
      const data = { custom_id: input.customId, component_type: 2 };
      return this.#dispatch(place, InteractionKind.component, data, message);
    });
  }

  /**
   * Dispatches a modal submission (interaction type 5) with text input values.
   * @param input - modal custom id, field values, user and place
   */
  submitModal(input: ModalSubmitInput): Promise<InteractionHandle> {
    return Promise.resolve().then(() => {
      const shown = input.interaction ? this.#shownModal(input.interaction, input.fields) : undefined;
      const messageRef = input.message ?? shown?.message;
      const message = messageRef === undefined ? undefined : this.#storedMessage(messageRef);
      const from = shown ? { ...shown.place, ...input } : input;
      const place = this.#place(
        message ? { ...from, guildId: message.guild_id ?? null, channelId: message.channel_id } : from,
      );
      const customId = input.customId ?? shown?.customId;
      if (customId === undefined)
        throw new Error('submitModal needs a customId or the interaction that showed the modal');
      const data = {
        custom_id: customId,
        components: Object.entries(input.fields).map(([customId, value]) => ({
          type: 1,
          components: [{ type: 4, custom_id: customId, value }],
        })),
      };
      return this.#dispatch(place, InteractionKind.modalSubmit, data, message);
    });
  }

  /**
   * Cuts every gateway socket abruptly (no close frame). discord.js should resume (or re-identify when
   * `invalidateSessions` is set) and keep receiving interactions; dispatches in between are replayed.
   * @param options - whether to forget sessions too
   */
  dropConnections(options: DropOptions = {}): Promise<void> {
    this.#gateway.dropConnections(options);
    return Promise.resolve();
  }

  /** Sends opcode 7 RECONNECT to every connected client. */
  requestReconnect(): Promise<void> {
    this.#gateway.requestReconnect();
    return Promise.resolve();
  }

  /** Stops the gateway and the HTTP server (destroy discord.js clients first or they will try to reconnect). */
  async close(): Promise<void> {
    await this.#gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) => {
      this.#server.close((error) => {
        if (error) reject(error);
        else resolve();
      });
    });
  }

  // The modal an interaction answered with, checked against the fields a user could fill in.
  #shownModal(
    handle: InteractionHandle,
    fields: Record<string, string>,
  ): { customId: string; message: string | undefined; place: InvocationPlace } {
    const response = handle.firstResponse;
    if (response?.type !== CallbackType.modal || !response.data) {
      throw new Error(`interaction ${handle.id} was not answered with a modal`);
    }
    const inputs = collectTextInputs(response.data.components);
    for (const name of Object.keys(fields)) {
      if (!inputs.some((input) => input.custom_id === name))
        throw new Error(`the modal has no text input ${name}`);
    }
    const missing = inputs.filter(
      (input) => input.required !== false && !(String(input.custom_id) in fields),
    );
    if (missing.length > 0) {
      throw new Error(
        `required text input ${missing.map((input) => String(input.custom_id)).join(', ')} left empty`,
      );
    }
    const { payload } = handle;
    const member = isObject(payload.member) ? payload.member : undefined;
    const user = (isObject(member?.user) ? member.user : payload.user) as DoubleUser | undefined;
    const channel = isObject(payload.channel) ? payload.channel : {};
    const message = isObject(payload.message) ? String(payload.message.id) : undefined;
    return {
      customId: String(response.data.custom_id),
      message,
      place: {
        ...(user ? { user } : {}),
        guildId: typeof payload.guild_id === 'string' ? payload.guild_id : null,
        channelId: String(channel.id),
        ...(typeof payload.locale === 'string' ? { locale: payload.locale } : {}),
      },
    };
  }

  #storedMessage(ref: DoubleMessage | string): DoubleMessage {
    const id = typeof ref === 'string' ? ref : ref.id;
    const stored = this.#state.message(id);
    if (stored) return stored;
    if (typeof ref === 'string') throw new Error(`unknown message ${ref}`);
    this.#state.putMessage(ref);
    return ref;
  }

  #place(input: InvocationPlace): Place {
    const user: DoubleUser = { ...this.#defaultUser, ...input.user };
    const locale = input.locale ?? this.#locale;
    if (input.guildId === null) {
      let channelId = input.channelId ?? this.#dmChannels.get(user.id);
      if (channelId === undefined) {
        channelId = this.#state.config.snowflake();
        this.#dmChannels.set(user.id, channelId);
      }
      return { user, guild: undefined, channel: undefined, channelId, channelType: ChannelType.DM, locale };
    }
    const guild =
      input.guildId === undefined
        ? this.guilds[0]
        : this.guilds.find((candidate) => candidate.id === input.guildId);
    if (!guild) throw new Error(`unknown guild ${input.guildId ?? '(none configured)'}`);
    const channel =
      input.channelId === undefined
        ? guild.channels[0]
        : guild.channels.find((c) => c.id === input.channelId);
    if (!channel)
      throw new Error(`unknown channel ${input.channelId ?? '(guild has none)'} in guild ${guild.id}`);
    const member = this.#world.addMember(guild.id, user);
    // A user cannot click or type in a channel they cannot see.
    if ((this.#world.permissions(channel.id, member.user.id) & PermissionFlagsBits.ViewChannel) === 0n) {
      throw new Error(`user ${member.user.id} cannot see channel ${channel.id}`);
    }
    return { user: member.user, guild, channel, channelId: channel.id, channelType: channel.type, locale };
  }

  #commandData(input: CommandInput, guildId: string | undefined, focused: string | undefined): JsonObject {
    const registered = this.#state.findCommand(input.name, guildId);
    const options = Array.isArray(input.options)
      ? input.options
      : buildCommandOptions(
          {
            subcommandGroup: input.subcommandGroup,
            subcommand: input.subcommand,
            values: input.options ?? {},
            focused,
          },
          registered?.options,
        );
    const resolved = this.#resolved(options, guildId);
    return {
      id: registered?.id ?? this.#state.config.snowflake(),
      name: input.name,
      type: 1,
      options,
      ...(resolved === undefined ? {} : { resolved }),
      ...(guildId === undefined ? {} : { guild_id: guildId }),
    };
  }

  /** Discord's `resolved` for user (6), channel (7) and role (8) options, which discord.js reads them from. */
  #resolved(options: unknown[], guildId: string | undefined): JsonObject | undefined {
    const users: JsonObject = {};
    const channels: JsonObject = {};
    const roles: JsonObject = {};
    const guild = guildId === undefined ? undefined : this.#world.guild(guildId);
    const visit = (list: unknown[]): void => {
      for (const option of list) {
        if (!isObject(option)) continue;
        if (Array.isArray(option.options)) visit(option.options);
        const value = typeof option.value === 'string' ? option.value : undefined;
        if (value === undefined || option.focused === true) continue;
        if (option.type === 6) {
          const user = this.#world.user(value);
          if (user) users[value] = user;
        } else if (option.type === 7) {
          const place = this.#world.find(value);
          if (place) channels[value] = { ...buildChannel(place.guild, place.channel), permissions: '0' };
        } else if (option.type === 8) {
          const role = guild?.roles.find((candidate) => candidate.id === value);
          if (role) roles[value] = buildRole(role);
        }
      }
    };
    visit(options);
    const parts = { users, channels, roles };
    const present = Object.entries(parts).filter(([, map]) => Object.keys(map).length > 0);
    return present.length === 0 ? undefined : Object.fromEntries(present);
  }

  #dispatch(
    place: Place,
    type: InteractionKindValue,
    data: JsonObject,
    message: DoubleMessage | undefined,
  ): InteractionHandle {
    const { config } = this.#state;
    const id = config.snowflake();
    const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(24).toString('base64url')}`;
    const member = place.guild ? this.#world.member(place.guild.id, place.user.id) : undefined;
    const permissionsOf = (userId: string): string =>
      place.guild ? this.#world.permissions(place.channelId, userId).toString() : DEFAULT_PERMISSIONS;
    const payload = buildInteraction(
      {
        id,
        token,
        applicationId: config.applicationId,
        appPermissions: permissionsOf(this.bot.id),
        user: place.user,
        guild: place.guild,
        channelId: place.channelId,
        channelType: place.channelType,
        locale: place.locale,
        joinedAt: member?.joinedAt ?? new Date(config.now()).toISOString(),
        memberRoles: member?.roles ?? [],
        memberPermissions: permissionsOf(place.user.id),
        channel: place.guild && place.channel ? buildChannel(place.guild, place.channel) : undefined,
      },
      type,
      data,
      message,
    );
    const handle = new InteractionHandle(
      { id, token, type, payload, dispatchedAtClock: config.now() },
      (messageId) => this.#state.message(messageId),
    );
    this.#state.track(handle);
    handle.dispatchedAt = performance.now();
    if (!this.#gateway.dispatch('INTERACTION_CREATE', payload, place.guild?.id)) {
      throw new Error('no gateway session: log the bot in before sending interactions');
    }
    this.events.emit('dispatch', handle);
    return handle;
  }
}

function collectTextInputs(components: unknown): JsonObject[] {
  if (!Array.isArray(components)) return [];
  return (components as unknown[]).flatMap((component): JsonObject[] => {
    if (!isObject(component)) return [];
    if (component.type === ComponentType.TextInput) return [component];
    // Rows hold `components`; labels hold one `component`.
    return [
      ...collectTextInputs(component.components),
      ...(isObject(component.component) ? collectTextInputs([component.component]) : []),
    ];
  });
}

function findComponent(components: readonly unknown[], customId: string): JsonObject | undefined {
  for (const component of components) {
    if (!isObject(component)) continue;
    if (component.custom_id === customId) return component;
    const nested = [
      ...(Array.isArray(component.components) ? (component.components as unknown[]) : []),
      ...(isObject(component.accessory) ? [component.accessory] : []),
    ];
    const found = findComponent(nested, customId);
    if (found) return found;
  }
  return undefined;
}

/**
 * Starts a Discord double listening on one port (REST under `/api/v10`, gateway at `/gateway`).
 * @param options - token, ids, guilds, clock and tunables (all optional)
 */
export async function startDiscordDouble(options: DiscordDoubleOptions = {}): Promise<DiscordDouble> {
  const now = options.now ?? (() => Date.now());
  const snowflake = createSnowflakeFactory(now);
  const applicationId = options.applicationId ?? snowflake();
  const bot: DoubleUser = {
    id: applicationId,
    username: 'portdeck',
    discriminator: '0',
    global_name: null,
    avatar: null,
    ...options.bot,
    bot: true,
  };
  const world = new World({ snowflake, now, bot });
  for (const guild of options.guilds ?? [{}]) {
    world.createGuild({
      ...(options.appPermissions === undefined ? {} : { botPermissions: options.appPermissions }),
      ...guild,
    });
  }
  const defaultUser = world.createUser({
    id: snowflake(),
    username: 'tester',
    discriminator: '0',
    global_name: 'Tester',
    avatar: null,
    ...options.user,
  });
  for (const guild of world.guilds) world.addMember(guild.id, defaultUser);
  const token =
    options.token ??
    `${Buffer.from(applicationId).toString('base64url')}.double.${randomBytes(16).toString('base64url')}`;
  const host = options.host ?? '127.0.0.1';
  let cdnUrl = '';
  const state = new DoubleState({
    now,
    snowflake,
    applicationId,
    bot,
    guilds: world.guilds,
    world,
    channelRules: { ...DEFAULT_CHANNEL_RULES, ...options.channelRules },
    cdnUrl: () => cdnUrl,
  });
  const rateLimiter = new RateLimiter(options.rateLimits);
  let gatewayUrl = '';
  const gateway = new Gateway({
    state,
    token,
    heartbeatInterval: options.heartbeatInterval ?? 41_250,
    allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? 0,
    historyLimit: options.historyLimit ?? 10_000,
    url: () => gatewayUrl,
    maxGuildsPerShard: options.maxGuildsPerShard ?? 2500,
  });
  world.connect((event, data, guildId) => {
    gateway.dispatch(event, data, guildId);
  });
  const server = createServer(
    { keepAlive: true },
    createRestHandler({
      state,
      token,
      gatewayUrl: () => gatewayUrl,
      sessionStartRemaining: 999,
      recommendedShards: () =>
        options.recommendedShards ?? Math.max(1, Math.ceil(world.guilds.length / 1000)),
      maxConcurrency: options.maxConcurrency ?? 1,
      rateLimiter,
    }),
  );
  server.on('upgrade', (request, socket, head) => {
    if ((request.url ?? '').startsWith('/gateway')) gateway.handleUpgrade(request, socket, head);
    else socket.destroy();
  });
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  gatewayUrl = `ws://${host}:${port}/gateway`;
  cdnUrl = `http://${host}:${port}`;
  return new DiscordDouble({
    state,
    gateway,
    server,
    port,
    host,
    token,
    defaultUser,
    locale: options.locale ?? 'en-US',
    world,
    rateLimiter,
  });
}
