import { SlashCommandBuilder } from 'discord.js';
import { describePortList } from '@portdeck/core';
import { renderPortListError } from '../render/errors.ts';
import { renderPortList } from '../render/port-list.ts';
import type { BotCommand } from './types.ts';

/** Registration data of `/ports`. */
export const data = new SlashCommandBuilder()
  .setName('ports')
  .setDescription('Explain a firewall-style port list: count, ranges, services it opens')
  .addStringOption((option) =>
    option
      .setName('list')
      .setDescription('Ports and ranges, e.g. 20-23,80,443/tcp')
      .setRequired(true)
      .setMaxLength(1000),
  )
  .toJSON();

/** `/ports`: what a port list opens. */
export const command: BotCommand = {
  data,
  async execute(interaction, { registry }) {
    const summary = describePortList(registry, interaction.options.getString('list', true) ?? '');
    await interaction.reply(summary.ok ? renderPortList(summary.value) : renderPortListError(summary.error));
  },
};
