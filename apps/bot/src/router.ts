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

/** Routes interactions to commands; every failure is logged and answered, and nothing is acknowledged twice. */
export interface Router {
  runCommand(interaction: CommandInteractionLike): Promise<void>;
  runAutocomplete(interaction: AutocompleteInteractionLike): Promise<void>;
  runComponent(interaction: ComponentInteractionLike): Promise<void>;
  runModal(interaction: ModalInteractionLike): Promise<void>;
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
      const log = logger.child({ command: interaction.commandName });
      if (!command) {
        log.warn('unknown command (registered commands out of date?)');
        await answerOnce(interaction, renderStaleComponent(), log);
        return;
      }
      try {
        await command.execute(interaction, context);
      } catch (error) {
        log.error({ err: error }, 'command failed');
        await answerOnce(interaction, renderInternalError(), log);
        return;
      }
      if (!interaction.replied && !interaction.deferred) {
        log.error('command finished without answering');
        await answerOnce(interaction, renderInternalError(), log);
      }
    },
    async runAutocomplete(interaction) {
      const command = byName.get(interaction.commandName);
      const log = logger.child({ command: interaction.commandName, autocomplete: true });
      try {
        if (command?.autocomplete) await command.autocomplete(interaction, context);
      } catch (error) {
        log.error({ err: error }, 'autocomplete failed');
      }
      if (!interaction.responded) {
        try {
          await interaction.respond([]);
        } catch (error) {
          log.error({ err: error }, 'could not send empty suggestions');
        }
      }
    },
    async runComponent(interaction) {
      const id = parseCustomId(interaction.customId);
      const command = id && byPrefix.get(id.command);
      const log = logger.child({ customId: interaction.customId });
      if (!id || !command?.handleComponent) {
        log.warn('component nobody handles');
        await answerOnce(interaction, renderStaleComponent(), log);
        return;
      }
      try {
        await command.handleComponent(interaction, id, context);
      } catch (error) {
        log.error({ err: error }, 'component handler failed');
        await answerOnce(interaction, renderInternalError(), log);
        return;
      }
      if (!interaction.replied && !interaction.deferred) {
        log.error('component handler finished without answering');
        await answerOnce(interaction, renderInternalError(), log);
      }
    },
    async runModal(interaction) {
      const id = parseCustomId(interaction.customId);
      const command = id && byPrefix.get(id.command);
      const log = logger.child({ customId: interaction.customId, modal: true });
      if (!id || !command?.handleModal) {
        log.warn('modal nobody handles');
        await answerOnce(interaction, renderStaleComponent(), log);
        return;
      }
      try {
        await command.handleModal(interaction, id, context);
      } catch (error) {
        log.error({ err: error }, 'modal handler failed');
        await answerOnce(interaction, renderInternalError(), log);
        return;
      }
      if (!interaction.replied && !interaction.deferred) {
        log.error('modal handler finished without answering');
        await answerOnce(interaction, renderInternalError(), log);
      }
    },
  };
}
