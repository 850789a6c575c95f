import { commands } from '../src/commands/index.ts';
import { readEnv } from '../src/env.ts';
import { registerCommands } from '../src/register.ts';

// Registration is a deliberate step, never done at start-up (Discord rate-limits command updates).
const env = readEnv(process.env);
if (!env.ok) {
  console.error(`invalid environment:\n  ${env.error.issues.join('\n  ')}`);
  process.exit(1);
}
const { token, applicationId, guildId, apiUrl } = env.value;
if (token === undefined || applicationId === undefined) {
  console.error(
    'Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (and DISCORD_GUILD_ID to register to one guild).',
  );
  process.exit(1);
}
try {
  const result = await registerCommands({ token, applicationId, guildId, apiUrl, commands });
  const where =
    result.scope === 'guild' ? `guild ${guildId ?? ''}` : 'global (may take up to an hour to show)';
  console.log(`Registered ${result.names.length} commands (${result.names.join(', ')}) ${where}.`);
} catch (error) {
  console.error(`Registration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
