import { createEmbeddedRegistry, type Registry } from '@portdeck/core';
import { startDiscordDouble, type DiscordDouble } from '@portdeck/discord-double';
import { pino } from 'pino';
import type { BotCommand } from '../src/commands/types.ts';
import { createBot, type Bot } from '../src/index.ts';

let shared: Registry | undefined;

/** One registry per test process, as in production. */
export function registry(): Registry {
  shared ??= createEmbeddedRegistry();
  return shared;
}

/** A double with the real bot logged in through it. */
export interface Harness {
  readonly double: DiscordDouble;
  readonly bot: Bot;
  close(): Promise<void>;
}

/** Starts a double and logs the real discord.js bot into it (optionally with other commands). */
export async function startHarness(commands?: readonly BotCommand[]): Promise<Harness> {
  const double = await startDiscordDouble();
  const bot = createBot({
    registry: registry(),
    token: double.token,
    apiUrl: double.restApiUrl,
    logger: pino({ level: 'silent' }),
    ...(commands ? { commands } : {}),
    clientOptions: { waitGuildTimeout: 200 },
  });
  await bot.start();
  return {
    double,
    bot,
    async close() {
      await bot.stop();
      await double.close();
    },
  };
}

/** The message fields of a callback body, typed loosely for assertions. */
export interface ReplyData {
  content?: string;
  flags?: number;
  embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[] }[];
  components?: { components: { custom_id: string; label: string }[] }[];
  choices?: { name: string; value: string }[];
}

/** Ephemeral flag bit. */
export const EPHEMERAL = 1 << 6;
