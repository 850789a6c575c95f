import {
  spawn,
  type ChildProcess,
  type ChildProcessWithoutNullStreams,
  type StdioOptions,
} from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDecks, createEmbeddedRegistry, type Decks, type Registry } from '@portdeck/core';
import { startDiscordDouble, type DiscordDouble } from '@portdeck/discord-double';
import { openStore, type Store } from '@portdeck/store';
import { pino, type Logger } from 'pino';
import type { BotCommand } from '../src/commands/types.ts';
import type { CardPainter } from '../src/render/cards/index.ts';
import { createBot, type Bot } from '../src/index.ts';

let shared: Registry | undefined;
let sharedDecks: Decks | undefined;

/** One registry per test process, as in production. */
export function registry(): Registry {
  shared ??= createEmbeddedRegistry();
  return shared;
}

/** The decks of {@link registry}, built once. */
export function decks(): Decks {
  sharedDecks ??= buildDecks(registry());
  return sharedDecks;
}

/** A fresh temp data directory and a function removing it. */
export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'portdeck-bot-'));
  return {
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A clock tests move by hand: nothing reads the wall clock. */
export interface TestClock {
  at: number;
  readonly now: () => number;
}

/** A {@link TestClock} starting at `at` (default 2026-03-10 12:00 UTC). */
export function testClock(at = Date.UTC(2026, 2, 10, 12, 0, 0)): TestClock {
  const clock: TestClock = { at, now: () => clock.at };
  return clock;
}

/** Logs the real discord.js bot into a double, with a store and a clock. */
export async function startBot(
  double: DiscordDouble,
  options: {
    store: Store;
    now?: () => number;
    commands?: readonly BotCommand[];
    cards?: CardPainter;
    logger?: Logger;
  },
): Promise<Bot> {
  const bot = createBot({
    registry: registry(),
    decks: decks(),
    store: options.store,
    ...(options.now ? { now: options.now } : {}),
    token: double.token,
    apiUrl: double.restApiUrl,
    logger: options.logger ?? pino({ level: process.env.BOT_TEST_LOG ?? 'silent' }),
    ...(options.commands ? { commands: options.commands } : {}),
    ...(options.cards ? { cards: options.cards } : {}),
    clientOptions: { waitGuildTimeout: 200 },
  });
  await bot.start();
  return bot;
}

/** A double with the real bot logged in through it, on a store in a temp directory. */
export interface Harness {
  readonly double: DiscordDouble;
  readonly bot: Bot;
  readonly store: Store;
  close(): Promise<void>;
}

/** Starts a double and logs the real discord.js bot into it (optionally with other commands). */
export async function startHarness(commands?: readonly BotCommand[]): Promise<Harness> {
  const double = await startDiscordDouble();
  const data = tempDataDir();
  const store = await openStore({ path: join(data.dir, 'portdeck.db') });
  const bot = await startBot(double, { store, ...(commands ? { commands } : {}) });
  return {
    double,
    bot,
    store,
    async close() {
      await bot.stop();
      await store.close();
      await double.close();
      data.remove();
    },
  };
}

/** The message fields of a callback body, typed loosely for assertions. */
export interface ReplyData {
  content?: string;
  flags?: number;
  embeds?: {
    title?: string;
    description?: string;
    fields?: { name: string; value: string }[];
    footer?: { text: string };
  }[];
  components?: { components: { custom_id: string; label: string; style?: number }[] }[];
  choices?: { name: string; value: string }[];
}

/** Ephemeral flag bit. */
export const EPHEMERAL = 1 << 6;

/** This app's directory: spawned scripts run from it, as `pnpm start` does. */
export const appDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs a script from TypeScript source in a node process of its own (`node --import tsx`, never the tsx CLI,
 * which relays signals and SIGKILLs a slow child), resolving workspace packages to their source, with only
 * PATH, HOME, a free bot HTTP port (parallel tests would clash on 4001) and `env`.
 */
export function spawnScript(
  script: string,
  env: Record<string, string>,
  options?: { cwd?: string },
): ChildProcessWithoutNullStreams;
export function spawnScript(
  script: string,
  env: Record<string, string>,
  options: { cwd?: string; stdio: StdioOptions },
): ChildProcess;
export function spawnScript(
  script: string,
  env: Record<string, string>,
  options: { cwd?: string; stdio?: StdioOptions } = {},
): ChildProcess {
  return spawn(process.execPath, ['--conditions=@portdeck/source', '--import', 'tsx', script], {
    cwd: options.cwd ?? appDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORTDECK_BOT_HTTP_PORT: '0', ...env },
    stdio: options.stdio ?? 'pipe',
  });
}
