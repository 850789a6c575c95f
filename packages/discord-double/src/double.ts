import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Gateway, type DropOptions } from './gateway.ts';
import { InteractionHandle, type WaitOptions } from './handle.ts';
import { buildCommandOptions, type ApiCommandOption, type OptionValue } from './options.ts';
import { buildInteraction } from './payloads.ts';
import { DEFAULT_PERMISSIONS } from './payloads.ts';
import { createRestHandler } from './rest.ts';
import { createSnowflakeFactory } from './snowflake.ts';
import { DoubleState, type DoubleEventMap } from './state.ts';
import {
  InteractionKind,
  type DoubleGuild,
  type DoubleMessage,
  type DoubleUser,
  type InteractionKindValue,
  type JsonObject,
  type RegisteredCommand,
  type Violation,
} from './types.ts';

/** A channel in {@link GuildOptions}; missing fields get defaults. */
export interface ChannelOptions {
  /** Snowflake id (generated when absent). */
  id?: string;
  /** Name (default `general`). */
  name?: string;
  /** Channel type (default 0, guild text). */
  type?: number;
}

/** A guild in {@link DiscordDoubleOptions}; missing fields get defaults. */
export interface GuildOptions {
  /** Snowflake id (generated when absent). */
  id?: string;
  /** Name (default `Portdeck Test`). */
  name?: string;
  /** Channels (default one `general` text channel). */
  channels?: ChannelOptions[];
  /** Guild locale (default `en-US`). */
  preferredLocale?: string;
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
  /** `app_permissions` sent on interactions. */
  appPermissions?: string;
  /** Privileged intents the app is approved for (default none; others close with 4014). */
  allowedPrivilegedIntents?: number;
  /** Dispatches kept per session for RESUME replay (default 10 000). */
  historyLimit?: number;
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
  /** The message holding the button (a stored message or its id). */
  message: DoubleMessage | string;
  /** The button's custom id. */
  customId: string;
  /** Clicking user (default: the double's default user). */
  user?: Partial<DoubleUser>;
  /** User locale. */
  locale?: string;
}

/** Input of {@link DiscordDouble.submitModal}. */
export interface ModalSubmitInput extends InvocationPlace {
  /** The modal's custom id. */
  customId: string;
  /** Text input values by custom id. */
  fields: Record<string, string>;
  /** The message whose component opened the modal, if any (enables update responses). */
  message?: DoubleMessage | string;
}

/** Where and by whom an interaction happens. */
interface Place {
  user: DoubleUser;
  guild: DoubleGuild | undefined;
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
  /** Guilds the bot is in. */
  readonly guilds: readonly DoubleGuild[];
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
  readonly #appPermissions: string;
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
    appPermissions: string;
  }) {
    this.#state = parts.state;
    this.#gateway = parts.gateway;
    this.#server = parts.server;
    this.#defaultUser = parts.defaultUser;
    this.#locale = parts.locale;
    this.#appPermissions = parts.appPermissions;
    this.token = parts.token;
    this.applicationId = parts.state.config.applicationId;
    this.bot = parts.state.config.bot;
    this.guilds = parts.state.config.guilds;
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
      const message = input.message === undefined ? undefined : this.#storedMessage(input.message);
      const place = this.#place(
        message ? { ...input, guildId: message.guild_id ?? null, channelId: message.channel_id } : input,
      );
      const data = {
        custom_id: input.customId,
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
      return { user, guild: undefined, channelId, channelType: 1, locale };
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
    return { user, guild, channelId: channel.id, channelType: channel.type, locale };
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
    return {
      id: registered?.id ?? this.#state.config.snowflake(),
      name: input.name,
      type: 1,
      options,
      ...(guildId === undefined ? {} : { guild_id: guildId }),
    };
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
    const payload = buildInteraction(
      {
        id,
        token,
        applicationId: config.applicationId,
        appPermissions: this.#appPermissions,
        user: place.user,
        guild: place.guild,
        channelId: place.channelId,
        channelType: place.channelType,
        locale: place.locale,
        joinedAt: new Date(config.now()).toISOString(),
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
  const guilds: DoubleGuild[] = (options.guilds ?? [{}]).map((guild) => ({
    id: guild.id ?? snowflake(),
    name: guild.name ?? 'Portdeck Test',
    preferredLocale: guild.preferredLocale ?? 'en-US',
    channels: (guild.channels ?? [{}]).map((channel) => ({
      id: channel.id ?? snowflake(),
      name: channel.name ?? 'general',
      type: channel.type ?? 0,
    })),
  }));
  const defaultUser: DoubleUser = {
    id: snowflake(),
    username: 'tester',
    discriminator: '0',
    global_name: 'Tester',
    avatar: null,
    ...options.user,
  };
  const token =
    options.token ??
    `${Buffer.from(applicationId).toString('base64url')}.double.${randomBytes(16).toString('base64url')}`;
  const host = options.host ?? '127.0.0.1';
  const state = new DoubleState({ now, snowflake, applicationId, bot, guilds });
  let gatewayUrl = '';
  const gateway = new Gateway({
    state,
    token,
    heartbeatInterval: options.heartbeatInterval ?? 41_250,
    allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? 0,
    historyLimit: options.historyLimit ?? 10_000,
    url: () => gatewayUrl,
  });
  const server = createServer(
    { keepAlive: true },
    createRestHandler({ state, token, gatewayUrl: () => gatewayUrl, sessionStartRemaining: 999 }),
  );
  server.on('upgrade', (request, socket, head) => {
    if ((request.url ?? '').startsWith('/gateway')) gateway.handleUpgrade(request, socket, head);
    else socket.destroy();
  });
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  gatewayUrl = `ws://${host}:${port}/gateway`;
  return new DiscordDouble({
    state,
    gateway,
    server,
    port,
    host,
    token,
    defaultUser,
    locale: options.locale ?? 'en-US',
    appPermissions: options.appPermissions ?? DEFAULT_PERMISSIONS,
  });
}
