import { SlashCommandBuilder } from 'discord.js';
import { classifyFlow, isPortNumber, MAX_PORT } from '@portdeck/core';
import { renderBadPort } from '../render/errors.ts';
import { renderFlow } from '../render/flow.ts';
import type { BotCommand } from './types.ts';

/** Registration data of `/flow`. */
export const data = new SlashCommandBuilder()
  .setName('flow')
  .setDescription('Given the two ports of a connection, which side is the server and which the client')
  .addIntegerOption((option) =>
    option
      .setName('a')
      .setDescription('One end’s port')
      .setRequired(true)
      .setMinValue(0)
      .setMaxValue(MAX_PORT),
  )
  .addIntegerOption((option) =>
    option
      .setName('b')
      .setDescription('The other end’s port')
      .setRequired(true)
      .setMinValue(0)
      .setMaxValue(MAX_PORT),
  )
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
