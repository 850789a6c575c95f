import { MessageFlag } from './rules.ts';
import type {
  DoubleChannel,
  DoubleGuild,
  DoubleMessage,
  DoubleRole,
  DoubleUser,
  InteractionKindValue,
  JsonObject,
} from './types.ts';

/** `app_permissions` in DMs: VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS, ATTACH_FILES, READ_MESSAGE_HISTORY, USE_APPLICATION_COMMANDS. */
export const DEFAULT_PERMISSIONS = String(
  (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 15n) | (1n << 16n) | (1n << 31n),
);

/** Everything READY needs. */
export interface ReadyInput {
  /** The bot user. */
  user: DoubleUser;
  /** Guilds announced as unavailable (GUILD_CREATE follows). */
  guildIds: string[];
  /** Session id for RESUME. */
  sessionId: string;
  /** Where discord.js reconnects to resume. */
  resumeGatewayUrl: string;
  /** Application id. */
  applicationId: string;
  /** `[shard_id, shard_count]` from IDENTIFY. */
  shard: [number, number];
}

/**
 * The READY dispatch body.
 * @param input - user, guilds, session and application
 */
export function buildReady(input: ReadyInput): JsonObject {
  return {
    v: 10,
    user: { ...input.user, bot: true, verified: true, mfa_enabled: false, flags: 0 },
    guilds: input.guildIds.map((id) => ({ id, unavailable: true })),
    session_id: input.sessionId,
    session_type: 'normal',
    resume_gateway_url: input.resumeGatewayUrl,
    application: { id: input.applicationId, flags: 0 },
    shard: input.shard,
    private_channels: [],
    presences: [],
    relationships: [],
    guild_join_requests: [],
    geo_ordered_rtc_regions: [],
    user_settings: {},
    _trace: ['["portdeck-discord-double"]'],
  };
}

/**
 * A role object.
 * @param role - the role
 */
export function buildRole(role: DoubleRole): JsonObject {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions,
    managed: role.managed,
    mentionable: false,
    flags: 0,
  };
}

/**
 * A channel object (text, announcement or thread) as REST and the gateway send it.
 * @param guild - its guild
 * @param channel - the channel
 */
export function buildChannel(guild: DoubleGuild, channel: DoubleChannel): JsonObject {
  const position = guild.channels.filter((c) => c.parentId === null).indexOf(channel);
  const common = {
    id: channel.id,
    type: channel.type,
    guild_id: guild.id,
    name: channel.name,
    parent_id: channel.parentId,
    nsfw: false,
    rate_limit_per_user: 0,
    last_message_id: null,
    flags: 0,
  };
  if (channel.thread) {
    return {
      ...common,
      owner_id: channel.thread.ownerId,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      thread_metadata: {
        archived: channel.thread.archived,
        locked: channel.thread.locked,
        auto_archive_duration: channel.thread.autoArchiveDuration,
        archive_timestamp: channel.thread.archiveTimestamp,
        create_timestamp: channel.thread.createTimestamp,
      },
    };
  }
  return {
    ...common,
    position: Math.max(position, 0),
    permission_overwrites: channel.overwrites,
    topic: null,
  };
}

/**
 * The GUILD_CREATE dispatch body for a guild the bot is in.
 * @param guild - guild, roles, members and channels
 * @param bot - the bot user
 * @param joinedAt - ISO time the bot joined
 */
export function buildGuildCreate(guild: DoubleGuild, bot: DoubleUser, joinedAt: string): JsonObject {
  const botMember = guild.members.find((member) => member.user.id === bot.id);
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: guild.roles.map(buildRole),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: guild.channels[0]?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    max_members: 500_000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: guild.preferredLocale,
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: guild.members.length,
    voice_states: [],
    members: [buildMember(bot, botMember?.joinedAt ?? joinedAt, undefined, botMember?.roles ?? [])],
    channels: guild.channels.filter((c) => !c.thread).map((channel) => buildChannel(guild, channel)),
    threads: guild.channels.filter((c) => c.thread).map((channel) => buildChannel(guild, channel)),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/**
 * A guild member object for a user.
 * @param user - the member's user
 * @param joinedAt - ISO join time
 * @param permissions - resolved permissions in the channel (sent on interaction members)
 * @param roles - role ids
 */
export function buildMember(
  user: DoubleUser,
  joinedAt: string,
  permissions?: string,
  roles: readonly string[] = [],
): JsonObject {
  return {
    user,
    nick: null,
    avatar: null,
    roles: [...roles],
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
    ...(permissions === undefined ? {} : { permissions }),
  };
}

/** Who, where and which ids an interaction carries. */
export interface InteractionEnvelope {
  /** Interaction snowflake. */
  id: string;
  /** Interaction token (for callbacks and webhooks). */
  token: string;
  /** Application id. */
  applicationId: string;
  /** Permissions the app has in the channel. */
  appPermissions: string;
  /** The invoking user. */
  user: DoubleUser;
  /** The guild, or undefined in DMs. */
  guild: DoubleGuild | undefined;
  /** Channel the interaction happened in. */
  channelId: string;
  /** Channel type (0 guild text, 1 DM). */
  channelType: number;
  /** The user's locale. */
  locale: string;
  /** ISO time the member joined (guilds only). */
  joinedAt: string;
  /** The member's role ids (guilds only). */
  memberRoles: readonly string[];
  /** The member's permissions in the channel (guilds only). */
  memberPermissions: string;
  /** The full channel object (guilds only). */
  channel: JsonObject | undefined;
}

/**
 * An INTERACTION_CREATE body as Discord sends it.
 * @param envelope - ids, user, place
 * @param type - interaction type (2 command, 3 component, 4 autocomplete, 5 modal submit)
 * @param data - type-specific `data`
 * @param message - the message a component belongs to (type 3, and 5 from a component)
 */
export function buildInteraction(
  envelope: InteractionEnvelope,
  type: InteractionKindValue,
  data: JsonObject,
  message?: DoubleMessage,
): JsonObject {
  const { guild } = envelope;
  const place: JsonObject = guild
    ? {
        guild_id: guild.id,
        guild_locale: guild.preferredLocale,
        guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
        member: buildMember(
          envelope.user,
          envelope.joinedAt,
          envelope.memberPermissions,
          envelope.memberRoles,
        ),
        context: 0,
        authorizing_integration_owners: { '0': guild.id },
      }
    : { user: envelope.user, context: 1, authorizing_integration_owners: { '0': envelope.user.id } };
  return {
    id: envelope.id,
    application_id: envelope.applicationId,
    type,
    token: envelope.token,
    version: 1,
    app_permissions: envelope.appPermissions,
    channel_id: envelope.channelId,
    channel: guild
      ? (envelope.channel ?? { id: envelope.channelId, type: envelope.channelType, guild_id: guild.id })
      : { id: envelope.channelId, type: envelope.channelType, recipients: [envelope.user] },
    locale: envelope.locale,
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
    data,
    ...place,
    ...(message ? { message } : {}),
  };
}

/** Fields of a message not taken from the request body. */
export interface MessageOrigin {
  /** Snowflake id. */
  id: string;
  /** Channel id. */
  channelId: string;
  /** Guild id, if any. */
  guildId: string | undefined;
  /** The bot user. */
  author: DoubleUser;
  /** Discord message type. */
  type: number;
  /** ISO creation time. */
  timestamp: string;
  /** Application id (set for interaction messages). */
  applicationId: string;
  /** True when sent through an interaction webhook. */
  isWebhook: boolean;
  /** Interaction metadata for replies. */
  interactionMetadata?: JsonObject;
  /** Flags forced by the origin (ephemeral, loading). */
  flags: number;
}

// Bits a bot may set itself; ephemeral and loading are decided by the callback type.
const settableFlags =
  MessageFlag.suppressEmbeds | MessageFlag.suppressNotifications | MessageFlag.componentsV2;

/**
 * A new stored message from a request body.
 * @param origin - ids and metadata
 * @param body - the message JSON the bot sent
 */
export function buildMessage(origin: MessageOrigin, body: JsonObject): DoubleMessage {
  const base: DoubleMessage = {
    id: origin.id,
    channel_id: origin.channelId,
    author: origin.author,
    content: '',
    embeds: [],
    components: [],
    attachments: [],
    flags: origin.flags,
    type: origin.type,
    timestamp: origin.timestamp,
    edited_timestamp: null,
    tts: false,
    pinned: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    ...(origin.guildId === undefined ? {} : { guild_id: origin.guildId }),
    ...(origin.isWebhook ? { webhook_id: origin.applicationId, application_id: origin.applicationId } : {}),
    ...(origin.interactionMetadata ? { interaction_metadata: origin.interactionMetadata } : {}),
  };
  return applyEdit(base, body, undefined);
}

/**
 * A stored message with an edit applied; fields absent from the body stay as they were.
 * @param message - the message before the edit
 * @param body - the edit JSON
 * @param editedAt - ISO edit time, or undefined when creating
 */
export function applyEdit(
  message: DoubleMessage,
  body: JsonObject,
  editedAt: string | undefined,
): DoubleMessage {
  const next: DoubleMessage = { ...message };
  if (typeof body.content === 'string' || body.content === null) next.content = body.content ?? '';
  if (Array.isArray(body.embeds)) next.embeds = body.embeds as JsonObject[];
  if (Array.isArray(body.components)) next.components = body.components as JsonObject[];
  // Already resolved by `DoubleState.attach` (uploads and kept attachments).
  if (Array.isArray(body.attachments)) next.attachments = body.attachments as JsonObject[];
  if (typeof body.flags === 'number')
    next.flags = (message.flags & ~settableFlags) | (body.flags & settableFlags);
  if (editedAt !== undefined) {
    next.edited_timestamp = editedAt;
    next.flags &= ~MessageFlag.loading;
  }
  return next;
}
