import { SlashCommandBuilder } from 'discord.js';
import { renderHelp } from '../render/help.ts';
import type { BotCommand } from './types.ts';

/** Registration data of `/help`. */
export const data = new SlashCommandBuilder()
  .setName('help')
  .setDescription('What portdeck can do, with examples')
  .toJSON();

/** `/help`. */
export const command: BotCommand = {
  data,
  async execute(interaction) {
    await interaction.reply(renderHelp());
  },
};
