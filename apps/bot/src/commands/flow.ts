import { SlashCommandBuilder } from 'discord.js';
import { classifyFlow, isPortNumber } from '@portdeck/core';
import { renderBadPort } from '../render/errors.ts';
import { renderFlow } from '../render/flow.ts';
import { portOption } from './options.ts';
import type { BotCommand } from './types.ts';

/** Registration data of `/flow`. */
export const data = new SlashCommandBuilder()
  .setName('flow')
  .setDescription('Given the two ports of a connection, which side is the server and which the client')
  .addIntegerOption(portOption('a', 'One end’s port'))
  .addIntegerOption(portOption('b', 'The other end’s port'))
  .toJSON();

/** `/flow`: server and client of a flow (the seed's "Ports in Action"). */
export const command: BotCommand = {
  data,
  async execute(interaction, { registry }) {
    const a = interaction.options.getInteger('a', true);
    const b = interaction.options.getInteger('b', true);
    if (!isPortNumber(a)) {
      await interaction.reply(renderBadPort(a, 'a'));
      return;
    }
    if (!isPortNumber(b)) {
      await interaction.reply(renderBadPort(b, 'b'));
      return;
    }
    await interaction.reply(renderFlow(classifyFlow(registry, a, b)));
  },
};
