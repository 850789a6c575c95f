import { InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import type { PermissionOverwrite } from './permissions.ts';

/** A JSON object as received from or sent to discord.js. */
export type JsonObject = Record<string, unknown>;

/** A Discord user as the double sends it (subset of Discord's user object). */
export interface DoubleUser {
  /** Snowflake id. */
  id: string;
  /** Unique username. */
  username: string;
  /** Always "0" for migrated users. */
  discriminator: string;
  /** Display name, or null. */
  global_name: string | null;
  /** Avatar hash, or null. */
  avatar: string | null;
  /** True for bot accounts. */
  bot?: boolean;
}

/** A role in a guild. The @everyone role has the guild's id. */
export interface DoubleRole {
  /** Snowflake id. */
  id: string;
  /** Role name. */
  name: string;
  /** Guild-level permissions as a decimal string. */
  permissions: string;
  /** Position in the role list (0 for @everyone). */
  position: number;
  /** True for the bot's own integration role. */
  managed: boolean;
}

/** A channel permission overwrite (type 0 role, 1 member; bits as decimal strings). */
export type DoubleOverwrite = PermissionOverwrite;

/** A member of a guild. */
export interface DoubleMember {
  /** The member's user. */
  user: DoubleUser;
  /** Role ids (without @everyone). */
  roles: string[];
  /** ISO join time. */
  joinedAt: string;
}

/** Thread state (types 10, 11, 12). */
export interface DoubleThreadState {
  /** Archived threads refuse edits (50083); a new message unarchives unless locked. */
  archived: boolean;
  /** Locked threads only accept messages from members with MANAGE_THREADS. */
  locked: boolean;
  /** Minutes of inactivity before auto-archive: 60, 1440, 4320 or 10080. */
  autoArchiveDuration: number;
  /** ISO time of the last archive state change. */
  archiveTimestamp: string;
  /** ISO creation time. */
  createTimestamp: string;
  /** User who started it. */
  ownerId: string;
}

/** A guild channel (text 0, announcement 5) or thread (10, 11, 12) the double knows about. */
export interface DoubleChannel {
  /** Snowflake id. */
  id: string;
  /** Channel name. */
  name: string;
  /** Discord channel type (0 = guild text, 5 = announcement, 11 = public thread). */
  type: number;
  /** Parent channel (the channel a thread lives in), or null. */
  parentId: string | null;
  /** Permission overwrites (threads use their parent's). */
  overwrites: DoubleOverwrite[];
  /** Thread state, for threads only. */
  thread?: DoubleThreadState;
}

/** A guild the bot is a member of. */
export interface DoubleGuild {
  /** Snowflake id. */
  id: string;
  /** Guild name. */
  name: string;
  /** Channels and threads in the guild, in creation order. */
  channels: DoubleChannel[];
  /** Guild locale sent as `guild_locale`. */
  preferredLocale: string;
  /** Owner user id (has every permission). */
  ownerId: string;
  /** Roles; the first is @everyone (id = guild id). */
  roles: DoubleRole[];
  /** Members, the bot first. */
  members: DoubleMember[];
}

/** Discord interaction types (1 ping is never dispatched over the gateway). */
export const InteractionKind = {
  command: InteractionType.ApplicationCommand,
  component: InteractionType.MessageComponent,
  autocomplete: InteractionType.ApplicationCommandAutocomplete,
  modalSubmit: InteractionType.ModalSubmit,
} as const;

/** One of the interaction type numbers in {@link InteractionKind}. */
export type InteractionKindValue = (typeof InteractionKind)[keyof typeof InteractionKind];

/** Interaction callback types the double accepts. */
export const CallbackType = {
  channelMessage: InteractionResponseType.ChannelMessageWithSource,
  deferredChannelMessage: InteractionResponseType.DeferredChannelMessageWithSource,
  deferredUpdate: InteractionResponseType.DeferredMessageUpdate,
  updateMessage: InteractionResponseType.UpdateMessage,
  autocompleteResult: InteractionResponseType.ApplicationCommandAutocompleteResult,
  modal: InteractionResponseType.Modal,
} as const;

/** One of the callback type numbers in {@link CallbackType}. */
export type CallbackTypeValue = (typeof CallbackType)[keyof typeof CallbackType];

/** The first response a bot gave to an interaction (the body of its callback). */
export interface InteractionResponse {
  /** Callback type (4 reply, 5 defer, 6 deferred update, 7 update, 8 autocomplete, 9 modal). */
  type: CallbackTypeValue;
  /** Callback data as sent (message fields, `choices` or modal), or undefined. */
  data: JsonObject | undefined;
}

/** A message stored by the double (interaction replies, follow-ups and channel messages). */
export interface DoubleMessage {
  /** Snowflake id. */
  id: string;
  /** Channel the message lives in. */
  channel_id: string;
  /** Guild id, absent in DMs. */
  guild_id?: string;
  /** The bot user (or a test user for messages a test posts as a user). */
  author: DoubleUser;
  /** Text content. */
  content: string;
  /** Embeds as sent. */
  embeds: JsonObject[];
  /** Components (action rows) as sent. */
  components: JsonObject[];
  /** Attachments: id, filename, size, url (served by the double), content_type, width and height for PNGs. */
  attachments: JsonObject[];
  /** Message flags bitfield (64 ephemeral, 128 loading). */
  flags: number;
  /** Discord message type (0 default, 20 chat input command reply). */
  type: number;
  /** ISO creation time by the injected clock. */
  timestamp: string;
  /** ISO edit time, or null. */
  edited_timestamp: string | null;
  /** Set on webhook (interaction) messages. */
  webhook_id?: string;
  /** Application that sent the message. */
  application_id?: string;
  /** Interaction that created it, for interaction replies. */
  interaction_metadata?: JsonObject;
  /** Unused fields discord.js expects. */
  tts: boolean;
  /** Whether the message is pinned. */
  pinned: boolean;
  /** Whether @everyone or @here pinged (allowed mention and MENTION_EVERYONE). */
  mention_everyone: boolean;
  /** Users mentioned (as allowed by `allowed_mentions`). */
  mentions: JsonObject[];
  /** Role ids mentioned (as allowed by `allowed_mentions`). */
  mention_roles: string[];
  /** The nonce the bot sent, if any. */
  nonce?: string | number;
  /** The thread started from this message, if any. */
  thread?: JsonObject;
}

/** One field-level problem in a request body, as in Discord's 50035 "Invalid Form Body". */
export interface FieldError {
  /** Path inside the JSON body, e.g. `['data', 'embeds', 0, 'title']`. */
  path: (string | number)[];
  /** Discord's error code string, e.g. `BASE_TYPE_MAX_LENGTH`. */
  code: string;
  /** Human-readable message, e.g. `Must be 2000 or fewer in length.`. */
  message: string;
}

/** A rule the bot broke, as Discord would have reported it. */
export interface Violation {
  /** Discord JSON error code (10062, 40060, 50035, 50027, ...). */
  code: number;
  /** Discord's error message. */
  message: string;
  /** HTTP status the double answered with. */
  status: number;
  /** HTTP method of the offending request. */
  method: string;
  /** Path of the offending request (after `/api/v10`). */
  path: string;
  /** Field errors for 50035. */
  fieldErrors: FieldError[];
  /** Interaction the request belonged to, if any. */
  interactionId?: string;
}

/** A command option as the bot registered it (subset). */
export interface RegisteredOption {
  /** Option type (1 subcommand, 2 group, 3 string, 4 integer, 5 boolean, 10 number, ...). */
  type: number;
  /** Option name. */
  name: string;
  /** Option description. */
  description: string;
  /** Nested options of subcommands and groups. */
  options?: RegisteredOption[];
  /** Any further fields as sent. */
  [key: string]: unknown;
}

/** An application command stored by the double after a PUT/POST. */
export interface RegisteredCommand {
  /** Snowflake id (kept across re-registrations of the same name and type). */
  id: string;
  /** Application id. */
  application_id: string;
  /** Guild id for guild commands. */
  guild_id?: string;
  /** Command name. */
  name: string;
  /** Command description. */
  description: string;
  /** Command type (1 chat input). */
  type: number;
  /** Options. */
  options: RegisteredOption[];
  /** Version snowflake. */
  version: string;
  /** Any further fields as sent. */
  [key: string]: unknown;
}
