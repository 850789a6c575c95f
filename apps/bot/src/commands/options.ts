import type { SlashCommandIntegerOption } from 'discord.js';
import { MAX_PORT } from '@portdeck/core';

/** A required port option: Discord's client keeps it within 0-65535 (handlers still check, the API does not). */
export function portOption(
  name: string,
  description: string,
): (option: SlashCommandIntegerOption) => SlashCommandIntegerOption {
  return (option) =>
    option.setName(name).setDescription(description).setRequired(true).setMinValue(0).setMaxValue(MAX_PORT);
}
