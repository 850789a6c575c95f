import type {
  APIModalInteractionResponseCallbackData,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Decks, Registry } from '@portdeck/core';
import type { Store } from '@portdeck/store';
import type { Logger } from 'pino';
import type { CardPainter } from '../render/cards/index.ts';
import type { ComponentId } from '../custom-id.ts';
import type { ChannelMessenger } from '../messenger.ts';
import type { BotMessage, MessageBody } from '../render/message.ts';

/** What every handler may use; built once per process. */
export interface CommandContext {
  readonly registry: Registry;
  /** Flashcard decks built from the registry. */
  readonly decks: Decks;
  /** Users' settings, schedules, sessions and reviews. */
  readonly store: Store;
  /** The one clock handlers read (epoch ms); tests inject their own. */
  readonly now: () => number;
  /** A fresh, short session id (it travels in custom ids). */
  readonly newSessionId: () => string;
  /** Posts and edits channel messages (daily questions, drill rounds): Discord's REST, or the console. */
  readonly channels: ChannelMessenger;
  /** Draws the image cards (`/progress`, `/leaderboard`); tests pass one that fails. */
  readonly cards: CardPainter;
  /** For failures a handler survives and answers anyway (a card that could not be drawn). */
  readonly logger: Logger;
}

/** A permission set as discord.js gives it (`PermissionsBitField`): test with `PermissionFlagsBits`. */
export interface PermissionsLike {
  has(permission: bigint): boolean;
}

/** Where an interaction happened and who may do what there (a DM has no guild and no member permissions). */
export interface InteractionPlace {
  /** The interaction's snowflake: `snowflakeTime(id)` is when Discord created it (fair timing under lag). */
  readonly id: string;
  readonly guildId: string | null;
  readonly channelId: string | null;
  /** The member's permissions in the channel; null outside a server. */
  readonly memberPermissions: PermissionsLike | null;
  /** The bot's permissions in the channel (Discord's `app_permissions`). */
  readonly appPermissions: PermissionsLike | null;
}

/** Who clicked or typed. */
export interface InteractionUser {
  readonly id: string;
}

/**
 * The part of a slash-command interaction handlers use. discord.js's ChatInputCommandInteraction fits it,
 * and so does the console's in-process adapter: the same handlers serve both.
 */
export interface CommandInteractionLike extends InteractionPlace {
  readonly commandName: string;
  readonly user: InteractionUser;
  readonly replied: boolean;
  readonly deferred: boolean;
  readonly options: {
    getString(name: string, required?: boolean): string | null;
    getInteger(name: string, required?: boolean): number | null;
    getBoolean(name: string, required?: boolean): boolean | null;
    /** The subcommand used (`/daily setup` gives "setup"), null when the command has none. */
    getSubcommand(required?: boolean): string | null;
    /** A channel option: its id and Discord channel type. */
    getChannel(name: string, required?: boolean): { readonly id: string; readonly type: number } | null;
    /** A role option. */
    getRole(name: string, required?: boolean): { readonly id: string } | null;
    /** A user option. */
    getUser(name: string, required?: boolean): InteractionUser | null;
  };
  reply(message: BotMessage): Promise<unknown>;
  editReply(message: MessageBody): Promise<unknown>;
}

/** One autocomplete choice. */
export interface Choice {
  readonly name: string;
  readonly value: string;
}

/** The part of an autocomplete interaction handlers use. */
export interface AutocompleteInteractionLike {
  /** The interaction's snowflake, for logs. */
  readonly id: string;
  readonly commandName: string;
  readonly user: InteractionUser;
  readonly responded: boolean;
  readonly options: {
    getFocused(): string;
    /** The focused option's name and partial value (a command with several autocomplete options). */
    getFocused(getFull: true): { readonly name: string; readonly value: string };
  };
  respond(choices: readonly Choice[]): Promise<unknown>;
}

/** The part of a button interaction handlers use. */
export interface ComponentInteractionLike extends InteractionPlace {
  readonly customId: string;
  readonly user: InteractionUser;
  readonly replied: boolean;
  readonly deferred: boolean;
  reply(message: BotMessage): Promise<unknown>;
  update(message: MessageBody): Promise<unknown>;
  editReply(message: MessageBody): Promise<unknown>;
  /** Opens a form (callback 9); only as the first response, and its submit comes back as a modal interaction. */
  showModal(modal: ModalBody): Promise<unknown>;
}

/** A modal as Discord takes it (title, custom id, text inputs). */
export type ModalBody = APIModalInteractionResponseCallbackData;

/** The part of a modal-submit interaction handlers use. discord.js's ModalSubmitInteraction fits it. */
export interface ModalInteractionLike extends InteractionPlace {
  readonly customId: string;
  readonly user: InteractionUser;
  readonly replied: boolean;
  readonly deferred: boolean;
  readonly fields: { getTextInputValue(customId: string): string };
  reply(message: BotMessage): Promise<unknown>;
  editReply(message: MessageBody): Promise<unknown>;
}

/** A slash command: its registration data and handlers. */
export interface BotCommand {
  /** The JSON registered with Discord (also read by the console to parse options). */
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** The first part of this command's button ids when it is not the command name (keeps ids short). */
  readonly componentPrefix?: string;
  /** Answers the command: read options, call core, render, reply. */
  execute(interaction: CommandInteractionLike, context: CommandContext): Promise<void>;
  /** Suggests values for the focused option (≤ 25 choices). */
  autocomplete?(interaction: AutocompleteInteractionLike, context: CommandContext): Promise<void>;
  /** Answers a click on a button whose custom id starts with this command's name. */
  handleComponent?(
    interaction: ComponentInteractionLike,
    id: ComponentId,
    context: CommandContext,
  ): Promise<void>;
  /** Answers a modal submit whose custom id starts with this command's name (or prefix). */
  handleModal?(interaction: ModalInteractionLike, id: ComponentId, context: CommandContext): Promise<void>;
}
