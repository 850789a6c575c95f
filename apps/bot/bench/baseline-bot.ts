import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';

// The benchmark's baseline: the same discord.js client answering every command with a constant.
const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: process.env.DISCORD_API_URL ?? '' },
  waitGuildTimeout: 200,
});
client.on(Events.InteractionCreate, (interaction) => {
  if (!interaction.isChatInputCommand()) return;
  interaction.reply({ content: 'ok', flags: MessageFlags.Ephemeral }).catch((error: unknown) => {
    console.error('baseline reply failed', error);
  });
});
process.once('SIGTERM', () => {
  void client.destroy().then(() => process.exit(0));
});
await client.login(process.env.DISCORD_TOKEN);
