import { Client, Events, GatewayIntentBits, type ClientOptions, type Interaction } from 'discord.js';
import { randomBytes } from 'node:crypto';
import { buildDecks, type Decks, type Registry } from '@portdeck/core';
import type { Store } from '@portdeck/store';
import { pino, type Logger } from 'pino';
import { commands as defaultCommands } from './commands/index.ts';
import type { BotCommand, CommandContext } from './commands/types.ts';
import { createNameBook } from './member-names.ts';
import { createDiscordMessenger, noChannels, type ChannelMessenger } from './messenger.ts';
import { canvasCards, type CardPainter } from './render/cards/index.ts';
import { createRouter, type Router } from './router.ts';

export { commands } from './commands/index.ts';
export type * from './commands/types.ts';
export { createRouter, type Router } from './router.ts';
export { encodeCustomId, parseCustomId, type ComponentId } from './custom-id.ts';
export { readEnv, type BotEnv } from './env.ts';
export { registerCommands, type RegisterOptions } from './register.ts';
export type { BotMessage } from './render/message.ts';
export { ChannelError, type ChannelMessenger, type ChannelPost } from './messenger.ts';
export { canvasCards, type CardPainter } from './render/cards/index.ts';
export { createScheduler, type JobHandler, type JobOutcome, type Scheduler } from './scheduler.ts';

/** What {@link createBot} needs. */
export interface BotOptions {
  readonly registry: Registry;
  /** Where users' schedules and sessions live; the caller opens and closes it. */
  readonly store: Store;
  /** Defaults to the decks built from `registry`. */
  readonly decks?: Decks;
  /** The clock every handler reads (default `Date.now`); tests inject one. */
  readonly now?: () => number;
  readonly token: string;
  /** REST base (`https://discord.com/api`, or a double's `restApiUrl`); the gateway URL is read through it. */
  readonly apiUrl: string;
  readonly logger: Logger;
  /** Defaults to every portdeck command. */
  readonly commands?: readonly BotCommand[];
  /** Draws the image cards (default: @napi-rs/canvas); tests pass one that fails. */
  readonly cards?: CardPainter;
  /** Extra discord.js options (tests lower `waitGuildTimeout`). */
  readonly clientOptions?: Partial<ClientOptions>;
}

/** A bot: the discord.js client wired to portdeck's commands. */
export interface Bot {
  readonly client: Client;
  readonly router: Router;
  /** What handlers get; job handlers (the scheduler's) use the same one. */
  readonly context: CommandContext;
  /** Logs in and resolves once the client is ready. */
  start(): Promise<void>;
  /** Closes the gateway connection. */
  stop(): Promise<void>;
}

/** A random 22-character session id (128 bits, base64url: no colons, so it fits in custom ids). */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

/** The handler context from the parts a process builds once. */
export function createContext(
  options: Pick<BotOptions, 'registry' | 'store' | 'decks' | 'now' | 'cards'> & {
    readonly channels?: ChannelMessenger;
    readonly logger?: Logger;
  },
): CommandContext {
  return {
    registry: options.registry,
    decks: options.decks ?? buildDecks(options.registry),
    store: options.store,
    now: options.now ?? Date.now,
    newSessionId,
    channels: options.channels ?? noChannels,
    cards: options.cards ?? canvasCards,
    logger: options.logger ?? pino({ level: 'silent' }),
  };
}

/** Routes one discord.js interaction to the router. */
async function dispatch(router: Router, interaction: Interaction): Promise<void> {
  if (interaction.isChatInputCommand()) await router.runCommand(interaction);
  else if (interaction.isAutocomplete()) await router.runAutocomplete(interaction);
  else if (interaction.isButton()) await router.runComponent(interaction);
  else if (interaction.isModalSubmit()) await router.runModal(interaction);
}

/** Creates the discord.js client (Guilds intent only: no privileged intents) and wires events to handlers. */
export function createBot(options: BotOptions): Bot {
  const { logger } = options;
  const client = new Client({
    ...options.clientOptions,
    intents: [GatewayIntentBits.Guilds],
    rest: { ...options.clientOptions?.rest, api: options.apiUrl },
  });
  const context = createContext({ ...options, channels: createDiscordMessenger(client) });
  const router = createRouter({ commands: options.commands ?? defaultCommands, context, logger });
  const names = createNameBook({ store: options.store, now: context.now, logger });
  client.on(Events.InteractionCreate, (interaction) => {
    names.note(interaction);
    dispatch(router, interaction).catch((error: unknown) => {
      logger.error({ err: error, interactionId: interaction.id }, 'interaction dispatch failed');
    });
  });
  client.on(Events.Error, (error) => {
    logger.error({ err: error }, 'client error');
  });
  client.on(Events.Warn, (message) => {
    logger.warn(message);
  });
  client.on(Events.ShardDisconnect, (event, shardId) => {
    logger.warn({ shardId, code: event.code }, 'gateway disconnected');
  });
  client.on(Events.ShardReconnecting, (shardId) => {
    logger.info({ shardId }, 'gateway reconnecting');
  });
  client.on(Events.ShardResume, (shardId, replayed) => {
    logger.info({ shardId, replayed }, 'gateway resumed');
  });
  return {
    client,
    router,
    context,
    async start() {
      const ready = new Promise<void>((resolve) => {
        client.once(Events.ClientReady, (c) => {
          logger.info({ user: c.user.tag, guilds: c.guilds.cache.size }, 'bot ready');
          resolve();
        });
      });
      await client.login(options.token);
      await ready;
    },
    async stop() {
      await client.destroy();
      logger.info('bot stopped');
    },
  };
}
