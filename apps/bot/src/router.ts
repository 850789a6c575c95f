import type { Logger } from 'pino';
import { parseCustomId } from './custom-id.ts';
import type {
  AutocompleteInteractionLike,
  BotCommand,
  CommandContext,
  CommandInteractionLike,
  ComponentInteractionLike,
  ModalInteractionLike,
} from './commands/types.ts';
import { renderInternalError, renderStaleComponent } from './render/errors.ts';
import { bodyOf, type BotMessage } from './render/message.ts';

/** How an interaction was handled: `unhandled` when no command knows it (stale or unknown), for metrics. */
export type InteractionOutcome = 'ok' | 'error' | 'unhandled';

/** Routes interactions to commands; every failure is logged and answered, and nothing is acknowledged twice. */
export interface Router {
  runCommand(interaction: CommandInteractionLike): Promise<InteractionOutcome>;
  runAutocomplete(interaction: AutocompleteInteractionLike): Promise<InteractionOutcome>;
  runComponent(interaction: ComponentInteractionLike): Promise<InteractionOutcome>;
  runModal(interaction: ModalInteractionLike): Promise<InteractionOutcome>;
}

/** Dependencies of {@link createRouter}. */
export interface RouterOptions {
  readonly commands: readonly BotCommand[];
  readonly context: CommandContext;
  readonly logger: Logger;
}

type Answerable = Pick<CommandInteractionLike, 'replied' | 'deferred' | 'reply' | 'editReply'>;

/** Answers with a message unless the interaction already got one; a deferred one gets its reply edited. */
async function answerOnce(interaction: Answerable, message: BotMessage, logger: Logger): Promise<void> {
  try {
    if (interaction.deferred && !interaction.replied) await interaction.editReply(bodyOf(message));
    else if (!interaction.replied && !interaction.deferred) await interaction.reply(message);
  } catch (error) {
    logger.error({ err: error }, 'could not send the fallback answer');
  }
}

/** Builds the router over an explicit command list. */
export function createRouter({ commands, context, logger }: RouterOptions): Router {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  const byPrefix = new Map(commands.map((c) => [c.componentPrefix ?? c.data.name, c]));
  return {
    async runCommand(interaction) {
      const command = byName.get(interaction.commandName);
      const log = logger.child({ command: interaction.commandName, interactionId: interaction.id });
      if (!command) {
        log.warn('unknown command (registered commands out of date?)');
        await answerOnce(interaction, renderStaleComponent(), log);
        return 'unhandled';
      }
      try {
        await command.execute(interaction, context);
      } catch (error) {
        log.error({ err: error }, 'command failed');
        await answerOnce(interaction, renderInternalError(), log);
        return 'error';
      }
      if (!interaction.replied && !interaction.deferred) {
        log.error('command finished without answering');
        await answerOnce(interaction, renderInternalError(), log);
        return 'error';
      }
      return 'ok';
    },
    async runAutocomplete(interaction) {
      const command = byName.get(interaction.commandName);
      const log = logger.child({
        command: interaction.commandName,
        interactionId: interaction.id,
        autocomplete: true,
      });
      let outcome: InteractionOutcome = command ? 'ok' : 'unhandled';
      try {
        if (command?.autocomplete) await command.autocomplete(interaction, context);
      } catch (error) {
        log.error({ err: error }, 'autocomplete failed');
        outcome = 'error';
      }
      if (!interaction.responded) {
        try {
          await interaction.respond([]);
        } catch (error) {
          log.error({ err: error }, 'could not send empty suggestions');
          outcome = 'error';
        }
      }
      return outcome;
    },
    async runComponent(interaction) {
      const id = parseCustomId(interaction.customId);
      const command = id && byPrefix.get(id.command);
      const log = logger.child({ customId: interaction.customId, interactionId: interaction.id });
      if (!id || !command?.handleComponent) {
        log.warn('component nobody handles');
        await answerOnce(interaction, renderStaleComponent(), log);
        return 'unhandled';
      }
      try {
        await command.handleComponent(interaction, id, context);
      } catch (error) {
        log.error({ err: error }, 'component handler failed');
        await answerOnce(interaction, renderInternalError(), log);
        return 'error';
      }
      if (!interaction.replied && !interaction.deferred) {
        log.error('component handler finished without answering');
        await answerOnce(interaction, renderInternalError(), log);
        return 'error';
      }
      return 'ok';
    },
    async runModal(interaction) {
      const id = parseCustomId(interaction.customId);
      const command = id && byPrefix.get(id.command);
      const log = logger.child({
        customId: interaction.customId,
        interactionId: interaction.id,
        modal: true,
      });
      if (!id || !command?.handleModal) {
        log.warn('modal nobody handles');
        await answerOnce(interaction, renderStaleComponent(), log);
        return 'unhandled';
      }
      try {
        await command.handleModal(interaction, id, context);
      } catch (error) {
        log.error({ err: error }, 'modal handler failed');
        await answerOnce(interaction, renderInternalError(), log);
        return 'error';
      }
      if (!interaction.replied && !interaction.deferred) {
        log.error('modal handler finished without answering');
        await answerOnce(interaction, renderInternalError(), log);
        return 'error';
      }
      return 'ok';
    },
  };
}
