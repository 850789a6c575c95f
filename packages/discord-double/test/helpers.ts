import { Client, Events, GatewayIntentBits, type Interaction, type RESTOptions } from 'discord.js';
import type { DiscordDouble } from '../src/index.ts';

/** A logged-in discord.js client plus the errors its handlers hit. */
export interface TestBot {
  client: Client;
  /** Errors thrown by the interaction handler (e.g. DiscordAPIError 10062). */
  errors: unknown[];
  /** Resolves with the next error the handler hits. */
  nextError: () => Promise<unknown>;
}

/**
 * Logs the real discord.js client into the double and installs one interaction handler.
 * @param double - the running double
 * @param onInteraction - the bot's handler
 * @param token - bot token to log in with
 * @param rest - discord.js REST options (e.g. a higher `globalRequestsPerSecond`)
 */
export async function startBot(
  double: DiscordDouble,
  onInteraction: (interaction: Interaction) => Promise<unknown>,
  token = double.token,
  rest: Partial<RESTOptions> = {},
): Promise<TestBot> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { ...rest, api: double.restApiUrl },
    waitGuildTimeout: 200,
  });
  const errors: unknown[] = [];
  const waiters: ((error: unknown) => void)[] = [];
  client.on(Events.InteractionCreate, (interaction) => {
    onInteraction(interaction).catch((error: unknown) => {
      errors.push(error);
      for (const waiter of waiters.splice(0)) waiter(error);
    });
  });
  const ready = new Promise<void>((resolve) => {
    client.once(Events.ClientReady, () => {
      resolve();
    });
  });
  await client.login(token);
  await ready;
  return {
    client,
    errors,
    nextError: () => new Promise((resolve) => waiters.push(resolve)),
  };
}
