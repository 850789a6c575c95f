export {
  DiscordDouble,
  startDiscordDouble,
  type AutocompleteInput,
  type ButtonClickInput,
  type ChannelSnapshot,
  type CommandInput,
  type DiscordDoubleOptions,
  type InvocationPlace,
  type MessageWaitOptions,
  type ModalSubmitInput,
} from './double.ts';
export { DEFAULT_CHANNEL_RULES, type ChannelRules } from './channels.ts';
export {
  BOT_ROLE_PERMISSIONS,
  EVERYONE_PERMISSIONS,
  type ChannelOptions,
  type ChannelPlace,
  type GuildOptions,
  type OverwriteInput,
  type RoleOptions,
} from './guilds.ts';
export type { MessageRecord } from './messages.ts';
export {
  ALL_PERMISSIONS,
  computeBasePermissions,
  computePermissions,
  hasPermissions,
  Permission,
  permissionNames,
  permissionString,
  type PermissionInput,
  type PermissionOverwrite,
  type PermissionRole,
} from './permissions.ts';
export {
  DEFAULT_RATE_LIMITS,
  RateLimiter,
  type RateLimitDecision,
  type RateLimitEvent,
  type RateLimitName,
  type RateLimitOptions,
  type RateLimitRule,
  type RateLimitStats,
} from './rate-limits.ts';
export { AUTO_ARCHIVE_DURATIONS } from './threads.ts';
export {
  buildCommandOptions,
  type ApiCommandOption,
  type OptionValue,
  type TypedOptions,
} from './options.ts';
export {
  AttachmentLimits,
  checkUploads,
  contentTypeOf,
  readPngSize,
  resolveAttachments,
  type PngSize,
  type StoredFile,
  type UploadedFile,
} from './attachments.ts';
export { ApiError, apiErrors, ErrorCode } from './errors.ts';
export {
  GatewayCloseCode,
  GatewayOp,
  PRIVILEGED_INTENTS,
  type DropOptions,
  type SessionInfo,
} from './gateway.ts';
export { InteractionFailedError, InteractionHandle, type WaitOptions } from './handle.ts';
export {
  hasVisibleContent,
  isTokenAlive,
  isWithinResponseWindow,
  Limits,
  MessageFlag,
  toErrorTree,
  validateChoices,
  validateCommand,
  validateCommands,
  validateComponents,
  validateEmbeds,
  validateMessage,
  validateModal,
  type MessageCheck,
  type MessageCheckOptions,
} from './rules.ts';
export {
  createSnowflakeFactory,
  DISCORD_EPOCH,
  guildIdOnShard,
  shardForGuild,
  timestampFromSnowflake,
  type SnowflakeFactory,
} from './snowflake.ts';
export type { DoubleEventMap } from './state.ts';
export {
  CallbackType,
  InteractionKind,
  type CallbackTypeValue,
  type DoubleChannel,
  type DoubleGuild,
  type DoubleMember,
  type DoubleMessage,
  type DoubleOverwrite,
  type DoubleRole,
  type DoubleThreadState,
  type DoubleUser,
  type FieldError,
  type InteractionKindValue,
  type InteractionResponse,
  type JsonObject,
  type RegisteredCommand,
  type RegisteredOption,
  type Violation,
} from './types.ts';
