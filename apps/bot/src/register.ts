import { REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import type { BotCommand } from './commands/types.ts';

/** Where and what to register. */
export interface RegisterOptions {
  readonly token: string;
  readonly applicationId: string;
  /** Register to this guild only (instant, for development); global otherwise. */
  readonly guildId?: string | undefined;
  readonly apiUrl: string;
  readonly commands: readonly BotCommand[];
}

/** Replaces the application's slash commands (one bulk PUT), guild or global. */
export async function registerCommands(
  options: RegisterOptions,
): Promise<{ scope: 'guild' | 'global'; names: string[] }> {
  const rest = new REST({ api: options.apiUrl }).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const result = (await rest.put(route, {
    body: options.commands.map((c) => c.data),
  })) as RESTPutAPIApplicationCommandsResult;
  return { scope: options.guildId ? 'guild' : 'global', names: result.map((c) => c.name) };
}
