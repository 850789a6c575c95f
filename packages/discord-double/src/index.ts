export {
  DiscordDouble,
  startDiscordDouble,
  type AutocompleteInput,
  type ButtonClickInput,
  type ChannelOptions,
  type CommandInput,
  type DiscordDoubleOptions,
  type GuildOptions,
  type InvocationPlace,
  type ModalSubmitInput,
} from './double.ts';
export {
  buildCommandOptions,
  type ApiCommandOption,
  type OptionValue,
  type TypedOptions,
} from './options.ts';
export { ApiError, apiErrors, ErrorCode } from './errors.ts';
export { GatewayCloseCode, GatewayOp, PRIVILEGED_INTENTS, type DropOptions } from './gateway.ts';
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
  type DoubleMessage,
  type DoubleUser,
  type FieldError,
  type InteractionKindValue,
  type InteractionResponse,
  type JsonObject,
  type RegisteredCommand,
  type RegisteredOption,
  type Violation,
} from './types.ts';
