import { join } from 'node:path';
import {
  startDiscordDouble,
  type DiscordDouble,
  type DiscordDoubleOptions,
  type DoubleMessage,
  type DoubleUser,
  type InteractionHandle,
} from '@portdeck/discord-double';
import { openStore, parseDatabaseUrl, storeOptionsFor, type Store } from '@portdeck/store';
import { pino } from 'pino';
import { commands } from '../src/commands/index.ts';
import { drillEdits } from '../src/drill/drill.ts';
import type { Bot } from '../src/index.ts';
import { schedulerWork } from '../src/jobs/index.ts';
import { registerCommands } from '../src/register.ts';
import { createScheduler, type Scheduler } from '../src/scheduler.ts';
import { startBot, tempDataDir, testClock, type ReplyData, type TestClock } from './helpers.ts';

/** A bot process: the client and its scheduler, on a store. */
export interface BotProcess {
  readonly bot: Bot;
  readonly scheduler: Scheduler;
  readonly store: Store;
  stop(): Promise<void>;
}

/** A double, a clock both share, members to play, and a way to start bot processes on one database. */
export interface DrillWorld {
  readonly double: DiscordDouble;
  readonly clock: TestClock;
  readonly path: string;
  readonly users: Record<string, DoubleUser>;
  readonly channelId: string;
  start(): Promise<BotProcess>;
  close(): Promise<void>;
}

/** Starts the world; `names` become guild members. */
export async function startDrillWorld(
  names: readonly string[],
  options: {
    rateLimits?: DiscordDoubleOptions['rateLimits'];
    clock?: TestClock;
    /** A `PORTDECK_DATABASE_URL` (PostgreSQL); default a SQLite file in a temp directory. */
    databaseUrl?: string;
  } = {},
): Promise<DrillWorld> {
  const clock = options.clock ?? testClock(Date.UTC(2026, 10, 27, 18, 0, 0));
  const double = await startDiscordDouble({
    now: clock.now,
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
  });
  const data = tempDataDir();
  const path = join(data.dir, 'portdeck.db');
  const guild = double.guilds[0];
  const channel = guild?.channels[0];
  if (guild === undefined || channel === undefined) throw new Error('the double has no guild');
  const users: Record<string, DoubleUser> = {};
  for (const name of names) {
    const user = double.createUser({ username: name });
    double.addMember(guild.id, user);
    users[name] = user;
  }
  await registerCommands({
    token: double.token,
    applicationId: double.applicationId,
    guildId: guild.id,
    apiUrl: double.restApiUrl,
    commands,
  });
  const processes: BotProcess[] = [];
  return {
    double,
    clock,
    path,
    users,
    channelId: channel.id,
    async start() {
      const location = parseDatabaseUrl(options.databaseUrl, data.dir);
      if (!location.ok) throw new Error(location.error);
      const store = await openStore(
        options.databaseUrl === undefined ? { path } : storeOptionsFor(location.value),
      );
      const bot = await startBot(double, { store, now: clock.now });
      const scheduler = createScheduler({
        jobs: store.jobs,
        ...schedulerWork(bot.context),
        now: clock.now,
        logger: pino({ level: process.env.DRILL_LOG ?? 'silent' }),
      });
      let isStopped = false;
      const running: BotProcess = {
        bot,
        scheduler,
        store,
        async stop() {
          if (isStopped) return;
          isStopped = true;
          await scheduler.stop();
          drillEdits(bot.context).close();
          await bot.stop();
          await store.close();
        },
      };
      processes.push(running);
      return running;
    },
    async close() {
      for (const p of processes) await p.stop();
      await double.close();
      data.remove();
    },
  };
}

/** The reply's data. */
export async function replyOf(handle: InteractionHandle): Promise<{ type: number; data: ReplyData }> {
  const response = await handle.response();
  return { type: response.type, data: response.data ?? {} };
}

/** A button on a message, by the action at the end of its id (`drill:1:<id>:<round>:<action>`). */
export function buttonId(message: DoubleMessage, action: string): string {
  const ids = message.components.flatMap((row) =>
    ((row.components ?? []) as { custom_id: string }[]).map((b) => b.custom_id),
  );
  const found = ids.find((id) => id.endsWith(`:${action}`));
  if (found === undefined) throw new Error(`no ${action} button among ${ids.join(', ')}`);
  return found;
}

/** The embed title of a message. */
export function titleOf(message: DoubleMessage | undefined): string {
  return (message?.embeds[0] as { title?: string } | undefined)?.title ?? '';
}

/** The channel's messages whose first embed's title starts with `prefix`. */
export function postsTitled(double: DiscordDouble, channelId: string, prefix: string): DoubleMessage[] {
  return double.channelMessages(channelId).filter((m) => titleOf(m).startsWith(prefix));
}
