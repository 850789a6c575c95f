import { SlashCommandBuilder } from 'discord.js';
import { DRILL_OPTIONS } from '../drill/drill.ts';
import { drillStatus, onDrillButton, onDrillModal, startDrill, stopDrill } from '../drill/play.ts';
import { DRILL_BUTTON_VERSION, parseDrillPayload } from '../render/drill.ts';
import { renderStaleComponent } from '../render/errors.ts';
import { suggestDecks } from './flashcards.ts';
import type { BotCommand } from './types.ts';

/** Registration data of `/drill`. */
export const data = new SlashCommandBuilder()
  .setName('drill')
  .setDescription('Study-group drills: timed rounds in this channel, scored for speed')
  .addSubcommand((sub) =>
    sub
      .setName('start')
      .setDescription('Open a drill lobby in this channel')
      .addStringOption((o) =>
        o.setName('deck').setDescription('Which deck (default: seed)').setMaxLength(64).setAutocomplete(true),
      )
      .addIntegerOption((o) =>
        o
          .setName('rounds')
          .setDescription('Questions (1-50, default 10)')
          .setMinValue(DRILL_OPTIONS.rounds.min)
          .setMaxValue(DRILL_OPTIONS.rounds.max),
      )
      .addIntegerOption((o) =>
        o
          .setName('seconds')
          .setDescription('Seconds per question (5-120, default 20)')
          .setMinValue(DRILL_OPTIONS.seconds.min)
          .setMaxValue(DRILL_OPTIONS.seconds.max),
      )
      .addStringOption((o) =>
        o
          .setName('mode')
          .setDescription('choice: four buttons; typed: type the answer')
          .addChoices({ name: 'choice', value: 'choice' }, { name: 'typed', value: 'typed' }),
      )
      .addIntegerOption((o) =>
        o
          .setName('lobby')
          .setDescription('Seconds the lobby stays open (10-300, default 30)')
          .setMinValue(DRILL_OPTIONS.lobby.min)
          .setMaxValue(DRILL_OPTIONS.lobby.max),
      ),
  )
  .addSubcommand((sub) => sub.setName('stop').setDescription('End the drill now and post the results'))
  .addSubcommand((sub) => sub.setName('status').setDescription('The running drill: round, time left, scores'))
  .toJSON();

/** `/drill start|stop|status`; every later step is a button or a form. */
export const command: BotCommand = {
  data,
  async execute(interaction, ctx) {
    switch (interaction.options.getSubcommand()) {
      case 'stop':
        await stopDrill(interaction, ctx);
        return;
      case 'status':
        await drillStatus(interaction, ctx);
        return;
      case 'start':
      case null:
        await startDrill(interaction, ctx);
        return;
      default:
        await interaction.reply(renderStaleComponent());
    }
  },
  async autocomplete(interaction, { decks }) {
    await interaction.respond(suggestDecks(decks.decks, interaction.options.getFocused()));
  },
  async handleComponent(interaction, id, ctx) {
    const button = id.version === DRILL_BUTTON_VERSION ? parseDrillPayload(id.payload) : undefined;
    if (button === undefined) await interaction.reply(renderStaleComponent());
    else await onDrillButton(interaction, ctx, button);
  },
  async handleModal(interaction, id, ctx) {
    const button = id.version === DRILL_BUTTON_VERSION ? parseDrillPayload(id.payload) : undefined;
    if (button === undefined) await interaction.reply(renderStaleComponent());
    else await onDrillModal(interaction, ctx, button);
  },
};
