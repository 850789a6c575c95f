import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { ephemeral } from '../render/message.ts';
import { renderDashboardRevoked, renderDashboardToken } from '../render/dashboard.ts';
import type { BotCommand } from './types.ts';

/** Registration data of `/dashboard`: only members with Manage Server see it by default. */
export const data = new SlashCommandBuilder()
  .setName('dashboard')
  .setDescription("Read tokens for this server's statistics API")
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((sub) =>
    sub.setName('token').setDescription('Create a read token (shown once; replaces the previous one)'),
  )
  .addSubcommand((sub) => sub.setName('revoke').setDescription("Revoke this server's read token"))
  .toJSON();

/** `/dashboard token|revoke`: Manage Server only, answered privately. */
export const command: BotCommand = {
  data,
  async execute(interaction, { store, now }) {
    const { guildId } = interaction;
    if (guildId === null) {
      await interaction.reply(ephemeral('Dashboard tokens belong to a server: use /dashboard in one.'));
      return;
    }
    // Server admins can change who sees the command; the permission itself is checked here.
    if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) !== true) {
      await interaction.reply(
        ephemeral('Only members with the Manage Server permission can manage dashboard tokens.'),
      );
      return;
    }
    if (interaction.options.getSubcommand() === 'revoke') {
      await interaction.reply(renderDashboardRevoked(await store.boards.revokeTokens(guildId, now())));
      return;
    }
    const token = await store.boards.createToken(guildId, interaction.user.id, now());
    await interaction.reply(renderDashboardToken(token, guildId));
  },
};
