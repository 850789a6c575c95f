import { Client, Events, GatewayIntentBits, type Interaction, type RESTOptions } from 'discord.js';
import { WebSocket } from 'ws';
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

export interface Frame {
  op: number;
  t?: string;
  s?: number;
  d?: Record<string, unknown> | null | boolean;
}

/** A raw gateway connection: collects frames and the close code. */
export function openGateway(double: DiscordDouble) {
  const socket = new WebSocket(`${double.gatewayUrl}?v=10&encoding=json`);
  const frames: Frame[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data: Buffer) => {
    frames.push(JSON.parse(data.toString()) as Frame);
    for (const waiter of waiters.splice(0)) waiter();
  });
  const closed = new Promise<number>((resolve) => {
    socket.on('close', (code: number) => {
      resolve(code);
    });
  });
  const frame = async (predicate: (frame: Frame) => boolean): Promise<Frame> => {
    for (;;) {
      const found = frames.find(predicate);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const send = (payload: unknown): void => {
    socket.send(JSON.stringify(payload));
  };
  return { socket, frames, frame, send, closed };
}
