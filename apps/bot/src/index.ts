import { Client, Events, GatewayIntentBits, type ClientOptions, type Interaction } from 'discord.js';
import { randomBytes } from 'node:crypto';
import { buildDecks, type Decks, type Registry } from '@portdeck/core';
import type { Store } from '@portdeck/store';
import { pino, type Logger } from 'pino';
import { commands as defaultCommands } from './commands/index.ts';
import type { BotCommand, CommandContext } from './commands/types.ts';
import { parseCustomId } from './custom-id.ts';
import { createNameBook } from './member-names.ts';
import { createDiscordMessenger, noChannels, type ChannelMessenger } from './messenger.ts';
import type { BotMetrics, InteractionKind } from './observability/metrics.ts';
import { canvasCards, type CardPainter } from './render/cards/index.ts';
import { createRouter, type InteractionOutcome, type Router } from './router.ts';

export { commands } from './commands/index.ts';
export type * from './commands/types.ts';
export { createRouter, type InteractionOutcome, type Router } from './router.ts';
export { createBotMetrics, type BotMetrics } from './observability/metrics.ts';
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
  /** Where interactions, gateway state and REST rate limits are counted. */
  readonly metrics?: BotMetrics;
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
  /** Gateway shards of this process: id → connected. */
  shards(): ReadonlyMap<number, boolean>;
  /** Interactions being handled now. */
  inFlight(): number;
  /**
   * Stops taking interactions (new ones are left unanswered, for another process or a retry) and waits up to
   * `graceMs` for those in flight; false when some were still running.
   */
  drain(graceMs: number): Promise<boolean>;
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

/** Routes one discord.js interaction to the router; its kind and command name label the metrics. */
function dispatch(
  router: Router,
  interaction: Interaction,
): { kind: InteractionKind; command: string; done: Promise<InteractionOutcome> } | undefined {
  if (interaction.isChatInputCommand())
    return { kind: 'command', command: interaction.commandName, done: router.runCommand(interaction) };
  if (interaction.isAutocomplete())
    return {
      kind: 'autocomplete',
      command: interaction.commandName,
      done: router.runAutocomplete(interaction),
    };
  if (interaction.isButton()) {
    const command = parseCustomId(interaction.customId)?.command ?? '';
    return { kind: 'component', command, done: router.runComponent(interaction) };
  }
  if (interaction.isModalSubmit()) {
    const command = parseCustomId(interaction.customId)?.command ?? '';
    return { kind: 'modal', command, done: router.runModal(interaction) };
  }
  return undefined;
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
  const { metrics } = options;
  const inFlight = new Set<Promise<unknown>>();
  let isAccepting = true;
  client.on(Events.InteractionCreate, (interaction) => {
    // Draining: left unanswered, as if this process were gone (Discord shows the user a failure, nothing half-done).
    if (!isAccepting) return;
    names.note(interaction);
    const startedAt = performance.now();
    const handling = dispatch(router, interaction);
    if (handling === undefined) return;
    const done = handling.done.then(
      (outcome) => {
        metrics?.interaction(
          handling.kind,
          handling.command,
          outcome,
          (performance.now() - startedAt) / 1000,
        );
      },
      (error: unknown) => {
        metrics?.interaction(
          handling.kind,
          handling.command,
          'error',
          (performance.now() - startedAt) / 1000,
        );
        logger.error({ err: error, interactionId: interaction.id }, 'interaction dispatch failed');
      },
    );
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });
  const shards = new Map<number, boolean>();
  const setShard = (shardId: number, isConnected: boolean): void => {
    shards.set(shardId, isConnected);
    metrics?.gateway(shardId, isConnected);
  };
  client.on(Events.ShardReady, (shardId) => {
    setShard(shardId, true);
  });
  client.rest.on('rateLimited', (info) => {
    logger.warn(
      { route: info.route, scope: info.scope, retryAfterMs: info.retryAfter },
      'rate limited by Discord',
    );
    metrics?.restRateLimited(info.scope, info.global);
  });
  client.on(Events.Error, (error) => {
    logger.error({ err: error }, 'client error');
  });
  client.on(Events.Warn, (message) => {
    logger.warn(message);
  });
  client.on(Events.ShardDisconnect, (event, shardId) => {
    setShard(shardId, false);
    logger.warn({ shardId, code: event.code }, 'gateway disconnected');
  });
  client.on(Events.ShardReconnecting, (shardId) => {
    setShard(shardId, false);
    logger.info({ shardId }, 'gateway reconnecting');
  });
  client.on(Events.ShardResume, (shardId, replayed) => {
    setShard(shardId, true);
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
      for (const shardId of shards.keys()) setShard(shardId, false);
      logger.info('bot stopped');
    },
    shards: () => shards,
    inFlight: () => inFlight.size,
    async drain(graceMs) {
      isAccepting = false;
      const settled = Promise.all(inFlight).then(() => true);
      const timeout = new Promise<boolean>((resolve) =>
        setTimeout(() => {
          resolve(false);
        }, graceMs).unref(),
      );
      return Promise.race([settled, timeout]);
    },
  };
}
