import { Client, Events, GatewayIntentBits, MessageFlags, type Interaction } from 'discord.js';
import type { DiscordDouble } from '@portdeck/discord-double';

/**
 * The benchmarks' baseline: the same discord.js client logged in to the double, answering every interaction
 * `answers` picks with a constant ephemeral reply (no registry, no store), so what is left is Discord's path.
 */
export async function loginConstantReplier(
  double: DiscordDouble,
  answers: (interaction: Interaction) => boolean,
): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: double.restApiUrl },
    waitGuildTimeout: 200,
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (!answers(interaction) || !interaction.isRepliable()) return;
    interaction.reply({ content: 'ok', flags: MessageFlags.Ephemeral }).catch((error: unknown) => {
      console.error('baseline reply failed', error);
    });
  });
  const ready = new Promise<void>((resolve) =>
    client.once(Events.ClientReady, () => {
      resolve();
    }),
  );
  await client.login(double.token);
  await ready;
  return client;
}
