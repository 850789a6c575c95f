import { SlashCommandBuilder } from 'discord.js';
import { isPortNumber } from '@portdeck/core';
import { renderBadPort } from '../render/errors.ts';
import { renderRange } from '../render/range.ts';
import { portOption } from './options.ts';
import type { BotCommand } from './types.ts';

/** Registration data of `/range`. */
export const data = new SlashCommandBuilder()
  .setName('range')
  .setDescription('RFC 6335 class of a port, and which systems use it as a client’s ephemeral port')
  .addIntegerOption(portOption('port', 'A port number, 0-65535'))
  .toJSON();

/** `/range`: class and ephemeral ranges of one port. */
export const command: BotCommand = {
  data,
  async execute(interaction, { registry }) {
    const port = interaction.options.getInteger('port', true);
    // Discord's client enforces min/max, but the API accepts any integer: check anyway.
    await interaction.reply(
      isPortNumber(port) ? renderRange(registry.lookupPort(port)) : renderBadPort(port, 'port'),
    );
  },
};
