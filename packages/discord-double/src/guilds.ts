import {
  ChannelType,
  GatewayDispatchEvents,
  OverwriteType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { buildChannel, buildGuildCreate, buildRole } from './payloads.ts';
import { computePermissions, permissionString } from './permissions.ts';
import type { SnowflakeFactory } from './snowflake.ts';
import type {
  DoubleChannel,
  DoubleGuild,
  DoubleMember,
  DoubleOverwrite,
  DoubleRole,
  DoubleUser,
  JsonObject,
} from './types.ts';

/** Sends a dispatch to the sessions holding a guild (wired to the gateway by the double). */
export type GatewayEmit = (event: string, data: JsonObject, guildId: string | undefined) => void;

/** @everyone's permissions in a new guild: see, send, embed, attach, read history, use commands. */
export const EVERYONE_PERMISSIONS = permissionString(
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.UseApplicationCommands,
);

/** The bot's integration role by default: what a quiz bot asks for when invited. */
export const BOT_ROLE_PERMISSIONS = permissionString(
  BigInt(EVERYONE_PERMISSIONS),
  PermissionFlagsBits.CreatePublicThreads,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.PinMessages,
);

/** Channel types the double models. */
export const GUILD_CHANNEL_TYPES: readonly number[] = [ChannelType.GuildText, ChannelType.GuildAnnouncement];

/** A channel in a guild; missing fields get defaults. */
export interface ChannelOptions {
  /** Snowflake id (generated when absent). */
  id?: string;
  /** Name (default `general`). */
  name?: string;
  /** Channel type: 0 text (default) or 5 announcement. */
  type?: number;
  /** Permission overwrites. */
  overwrites?: DoubleOverwrite[];
}

/** A role in a guild; missing fields get defaults. */
export interface RoleOptions {
  /** Snowflake id (generated when absent). */
  id?: string;
  /** Name (default `role`). */
  name?: string;
  /** Guild-level permissions: bits or a decimal string (default none). */
  permissions?: bigint | string;
}

/** A guild; missing fields get defaults. */
export interface GuildOptions {
  /** Snowflake id (generated when absent). */
  id?: string;
  /** Name (default `Portdeck Test`). */
  name?: string;
  /** Channels (default one `general` text channel). */
  channels?: ChannelOptions[];
  /** Guild locale (default `en-US`). */
  preferredLocale?: string;
  /** Extra roles (the @everyone and bot roles are always there). */
  roles?: RoleOptions[];
  /** @everyone's permissions (default {@link EVERYONE_PERMISSIONS}). */
  everyonePermissions?: bigint | string;
  /** The bot's integration role permissions (default {@link BOT_ROLE_PERMISSIONS}). */
  botPermissions?: bigint | string;
  /** Owner user id (default a user who is not the bot, so the bot gets no owner bypass). */
  ownerId?: string;
}

/** A channel found by id, with its guild and (for threads) parent. */
export interface ChannelPlace {
  /** The guild. */
  guild: DoubleGuild;
  /** The channel or thread. */
  channel: DoubleChannel;
  /** The parent channel of a thread, else the channel itself. */
  parent: DoubleChannel;
}

/** Overwrite input: ids and bits (bigint or decimal string). */
export interface OverwriteInput {
  /** Role or user id. */
  id: string;
  /** 0 role (default when the id is a role of the guild), 1 member. */
  type?: OverwriteType;
  /** Bits allowed. */
  allow?: bigint | string;
  /** Bits denied. */
  deny?: bigint | string;
}

const THREAD_TYPES: readonly number[] = [
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
];

/**
 * Whether a channel type is a thread.
 * @param type - Discord channel type
 */
export const isThreadType = (type: number): boolean => THREAD_TYPES.includes(type);

const bits = (value: bigint | string | undefined, fallback: string): string =>
  value === undefined ? fallback : BigInt(value).toString();

/**
 * Guilds, channels, threads, roles, members and users: the part of Discord permissions are computed from.
 * Changes made here are dispatched to the gateway as Discord would (GUILD_CREATE, CHANNEL_*, THREAD_*, ...).
 */
export class World {
  /** Guilds the bot is in (a live array: `double.guilds`). */
  readonly guilds: DoubleGuild[] = [];
  readonly #users = new Map<string, DoubleUser>();
  readonly #snowflake: SnowflakeFactory;
  readonly #now: () => number;
  readonly #bot: DoubleUser;
  #emit: GatewayEmit = () => undefined;

  /**
   * @param init - ids, clock and the bot user
   */
  constructor(init: { snowflake: SnowflakeFactory; now: () => number; bot: DoubleUser }) {
    this.#snowflake = init.snowflake;
    this.#now = init.now;
    this.#bot = init.bot;
    this.#users.set(init.bot.id, init.bot);
  }

  /**
   * Routes changes to the gateway (set once the gateway exists).
   * @param emit - dispatcher
   */
  connect(emit: GatewayEmit): void {
    this.#emit = emit;
  }

  #isoNow(): string {
    return new Date(this.#now()).toISOString();
  }

  /**
   * Sends a dispatch to the sessions holding a guild.
   * @param event - dispatch name
   * @param data - dispatch body
   * @param guildId - guild the event belongs to
   */
  dispatch(event: string, data: JsonObject, guildId: string | undefined): void {
    this.#emit(event, data, guildId);
  }

  /**
   * A user known to the double (created, a member, or seen in an interaction).
   * @param id - user snowflake
   */
  user(id: string): DoubleUser | undefined {
    return this.#users.get(id);
  }

  /**
   * Creates (or updates) a user. Fields absent get defaults; the id is generated when absent.
   * @param fields - user fields
   */
  createUser(fields: Partial<DoubleUser> = {}): DoubleUser {
    const id = fields.id ?? this.#snowflake();
    const user: DoubleUser = {
      id,
      username: `user${id.slice(-4)}`,
      discriminator: '0',
      global_name: null,
      avatar: null,
      ...this.#users.get(id),
      ...fields,
    };
    this.#users.set(id, user);
    return user;
  }

  /**
   * A guild by id.
   * @param id - guild snowflake
   */
  guild(id: string): DoubleGuild | undefined {
    return this.guilds.find((guild) => guild.id === id);
  }

  #requireGuild(id: string): DoubleGuild {
    const guild = this.guild(id);
    if (!guild) throw new Error(`unknown guild ${id}`);
    return guild;
  }

  /**
   * A channel or thread by id, with its guild and parent.
   * @param id - channel snowflake
   */
  find(id: string): ChannelPlace | undefined {
    for (const guild of this.guilds) {
      const channel = guild.channels.find((candidate) => candidate.id === id);
      if (!channel) continue;
      const parent =
        channel.parentId === null
          ? channel
          : (guild.channels.find((candidate) => candidate.id === channel.parentId) ?? channel);
      return { guild, channel, parent };
    }
    return undefined;
  }

  #requireChannel(id: string): ChannelPlace {
    const place = this.find(id);
    if (!place) throw new Error(`unknown channel ${id}`);
    return place;
  }

  /**
   * Adds a guild the bot is in (dispatched as GUILD_CREATE to a logged-in bot).
   * @param options - name, channels, roles, permissions
   */
  createGuild(options: GuildOptions = {}): DoubleGuild {
    const id = options.id ?? this.#snowflake();
    const joinedAt = this.#isoNow();
    const botRole: DoubleRole = {
      id: this.#snowflake(),
      name: this.#bot.username,
      permissions: bits(options.botPermissions, BOT_ROLE_PERMISSIONS),
      position: 1,
      managed: true,
    };
    const guild: DoubleGuild = {
      id,
      name: options.name ?? 'Portdeck Test',
      preferredLocale: options.preferredLocale ?? 'en-US',
      ownerId: options.ownerId ?? this.createUser({ username: 'owner', global_name: 'Owner' }).id,
      roles: [
        {
          id,
          name: '@everyone',
          permissions: bits(options.everyonePermissions, EVERYONE_PERMISSIONS),
          position: 0,
          managed: false,
        },
        botRole,
      ],
      members: [{ user: this.#bot, roles: [botRole.id], joinedAt }],
      channels: [],
    };
    for (const [index, role] of (options.roles ?? []).entries()) {
      guild.roles.push({
        id: role.id ?? this.#snowflake(),
        name: role.name ?? 'role',
        permissions: bits(role.permissions, '0'),
        position: index + 2,
        managed: false,
      });
    }
    for (const channel of options.channels ?? [{}]) guild.channels.push(this.#newChannel(channel));
    this.guilds.push(guild);
    this.#emit(GatewayDispatchEvents.GuildCreate, buildGuildCreate(guild, this.#bot, joinedAt), guild.id);
    return guild;
  }

  #newChannel(options: ChannelOptions): DoubleChannel {
    const type = options.type ?? ChannelType.GuildText;
    if (!GUILD_CHANNEL_TYPES.includes(type)) throw new Error(`channel type ${type} is not modelled`);
    return {
      id: options.id ?? this.#snowflake(),
      name: options.name ?? 'general',
      type,
      parentId: null,
      overwrites: (options.overwrites ?? []).map((overwrite) => ({ ...overwrite })),
    };
  }

  /**
   * Adds a text or announcement channel to a guild (CHANNEL_CREATE).
   * @param guildId - guild snowflake
   * @param options - name, type, overwrites
   */
  createChannel(guildId: string, options: ChannelOptions = {}): DoubleChannel {
    const guild = this.#requireGuild(guildId);
    const channel = this.#newChannel(options);
    guild.channels.push(channel);
    this.#emit(GatewayDispatchEvents.ChannelCreate, buildChannel(guild, channel), guild.id);
    return channel;
  }

  /**
   * Deletes a channel and its threads (CHANNEL_DELETE); REST calls on it then get 10003.
   * @param channelId - channel snowflake
   */
  deleteChannel(channelId: string): void {
    const { guild, channel } = this.#requireChannel(channelId);
    const gone = guild.channels.filter((c) => c.id === channel.id || c.parentId === channel.id);
    guild.channels = guild.channels.filter((c) => !gone.includes(c));
    for (const removed of gone) {
      const event = isThreadType(removed.type)
        ? GatewayDispatchEvents.ThreadDelete
        : GatewayDispatchEvents.ChannelDelete;
      this.#emit(event, buildChannel(guild, removed), guild.id);
    }
  }

  /**
   * Adds a role to a guild (GUILD_ROLE_CREATE).
   * @param guildId - guild snowflake
   * @param options - name and permissions
   */
  createRole(guildId: string, options: RoleOptions = {}): DoubleRole {
    const guild = this.#requireGuild(guildId);
    const role: DoubleRole = {
      id: options.id ?? this.#snowflake(),
      name: options.name ?? 'role',
      permissions: bits(options.permissions, '0'),
      position: guild.roles.length,
      managed: false,
    };
    guild.roles.push(role);
    this.#emit(
      GatewayDispatchEvents.GuildRoleCreate,
      { guild_id: guild.id, role: buildRole(role) },
      guild.id,
    );
    return role;
  }

  /**
   * Changes a role's guild-level permissions (GUILD_ROLE_UPDATE). The @everyone role id is the guild id;
   * the bot's role is {@link botRole}.
   * @param guildId - guild snowflake
   * @param roleId - role snowflake
   * @param permissions - the new permissions
   */
  setRolePermissions(guildId: string, roleId: string, permissions: bigint | string): DoubleRole {
    const guild = this.#requireGuild(guildId);
    const role = guild.roles.find((candidate) => candidate.id === roleId);
    if (!role) throw new Error(`unknown role ${roleId}`);
    role.permissions = BigInt(permissions).toString();
    this.#emit(
      GatewayDispatchEvents.GuildRoleUpdate,
      { guild_id: guild.id, role: buildRole(role) },
      guild.id,
    );
    return role;
  }

  /**
   * The bot's integration role in a guild.
   * @param guildId - guild snowflake
   */
  botRole(guildId: string): DoubleRole {
    const guild = this.#requireGuild(guildId);
    const role = guild.roles.find((candidate) => candidate.managed);
    if (!role) throw new Error(`guild ${guildId} has no bot role`);
    return role;
  }

  /**
   * A member of a guild.
   * @param guildId - guild snowflake
   * @param userId - user snowflake
   */
  member(guildId: string, userId: string): DoubleMember | undefined {
    return this.guild(guildId)?.members.find((member) => member.user.id === userId);
  }

  /**
   * Adds a user to a guild, or sets the roles of an existing member.
   * (No GUILD_MEMBER_ADD: that needs the privileged GUILD_MEMBERS intent.)
   * @param guildId - guild snowflake
   * @param user - the user (created when unknown)
   * @param roles - role ids (default none: @everyone only)
   */
  addMember(guildId: string, user: Partial<DoubleUser>, roles?: string[]): DoubleMember {
    const guild = this.#requireGuild(guildId);
    const known = this.createUser(user);
    const existing = guild.members.find((member) => member.user.id === known.id);
    for (const roleId of roles ?? []) {
      if (!guild.roles.some((role) => role.id === roleId)) throw new Error(`unknown role ${roleId}`);
    }
    if (existing) {
      existing.user = known;
      if (roles) existing.roles = [...roles];
      return existing;
    }
    const member: DoubleMember = { user: known, roles: [...(roles ?? [])], joinedAt: this.#isoNow() };
    guild.members.push(member);
    return member;
  }

  /**
   * Sets (replaces) one permission overwrite on a channel (CHANNEL_UPDATE). Threads follow their parent.
   * @param channelId - channel snowflake
   * @param input - role or member id and bits
   */
  setOverwrite(channelId: string, input: OverwriteInput): DoubleOverwrite {
    const { guild, channel } = this.#requireChannel(channelId);
    if (channel.parentId !== null) throw new Error('threads take their overwrites from the parent channel');
    const isRole = guild.roles.some((role) => role.id === input.id);
    const overwrite: DoubleOverwrite = {
      id: input.id,
      type: input.type ?? (isRole ? OverwriteType.Role : OverwriteType.Member),
      allow: bits(input.allow, '0'),
      deny: bits(input.deny, '0'),
    };
    channel.overwrites = [...channel.overwrites.filter((o) => o.id !== input.id), overwrite];
    this.#emit(GatewayDispatchEvents.ChannelUpdate, buildChannel(guild, channel), guild.id);
    return overwrite;
  }

  /**
   * Removes a permission overwrite (CHANNEL_UPDATE).
   * @param channelId - channel snowflake
   * @param id - role or user id
   */
  removeOverwrite(channelId: string, id: string): void {
    const { guild, channel } = this.#requireChannel(channelId);
    channel.overwrites = channel.overwrites.filter((o) => o.id !== id);
    this.#emit(GatewayDispatchEvents.ChannelUpdate, buildChannel(guild, channel), guild.id);
  }

  /**
   * Adds a thread under a channel (THREAD_CREATE). The id is given: a thread started from a message
   * takes the message's id.
   * @param parentId - text or announcement channel
   * @param init - id, name, auto-archive minutes and owner
   */
  createThread(
    parentId: string,
    init: { id: string; name: string; autoArchiveDuration: number; ownerId: string },
  ): DoubleChannel {
    const { guild, channel: parent } = this.#requireChannel(parentId);
    const now = this.#isoNow();
    const thread: DoubleChannel = {
      id: init.id,
      name: init.name,
      type:
        parent.type === (ChannelType.GuildAnnouncement as number)
          ? ChannelType.AnnouncementThread
          : ChannelType.PublicThread,
      parentId: parent.id,
      overwrites: [],
      thread: {
        archived: false,
        locked: false,
        autoArchiveDuration: init.autoArchiveDuration,
        archiveTimestamp: now,
        createTimestamp: now,
        ownerId: init.ownerId,
      },
    };
    guild.channels.push(thread);
    this.#emit(
      GatewayDispatchEvents.ThreadCreate,
      { ...buildChannel(guild, thread), newly_created: true },
      guild.id,
    );
    return thread;
  }

  /**
   * Archives (or unarchives) a thread, optionally locked (THREAD_UPDATE).
   * @param threadId - thread snowflake
   * @param state - archived and locked flags
   */
  setThreadState(threadId: string, state: { archived: boolean; locked?: boolean }): DoubleChannel {
    const { guild, channel } = this.#requireChannel(threadId);
    if (!channel.thread) throw new Error(`channel ${threadId} is not a thread`);
    channel.thread = {
      ...channel.thread,
      archived: state.archived,
      locked: state.locked ?? channel.thread.locked,
      archiveTimestamp: this.#isoNow(),
    };
    this.#emit(GatewayDispatchEvents.ThreadUpdate, buildChannel(guild, channel), guild.id);
    return channel;
  }

  /**
   * A user's permissions in a channel (threads use the parent's overwrites). Users who are not
   * members have none.
   * @param channelId - channel or thread snowflake
   * @param userId - user snowflake
   */
  permissions(channelId: string, userId: string): bigint {
    const place = this.find(channelId);
    if (!place) return 0n;
    const member = place.guild.members.find((candidate) => candidate.user.id === userId);
    if (!member) return 0n;
    return computePermissions({
      guildId: place.guild.id,
      ownerId: place.guild.ownerId,
      roles: place.guild.roles,
      userId,
      memberRoles: member.roles,
      overwrites: place.parent.overwrites,
      channelType: place.channel.type,
    });
  }
}
