import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startDiscordDouble,
  type DiscordDouble,
  type DoubleGuild,
  type DoubleMessage,
} from '@portdeck/discord-double';
import { dailyPostKind, openStore, type Store } from '@portdeck/store';
import { pino } from 'pino';
import { commands } from '../src/commands/index.ts';
import type { CommandContext } from '../src/commands/types.ts';
import { configureDaily, dailyRuntime } from '../src/daily/index.ts';
import type { Bot } from '../src/index.ts';
import { schedulerWork } from '../src/jobs/index.ts';
import { createScheduler, type Scheduler } from '../src/scheduler.ts';
import { startBot, tempDataDir, testClock, type TestClock } from './helpers.ts';

const logger = pino({ level: 'silent' });
const day = 86_400_000;

/** Channel messages that are daily questions (they have answer buttons). */
function questionsIn(double: DiscordDouble, channelId: string): DoubleMessage[] {
  return double.channelMessages(channelId).filter((m) => JSON.stringify(m.components).includes('"dq:1:'));
}

describe('daily quiz faults', () => {
  let clock: TestClock;
  let double: DiscordDouble;
  let data: ReturnType<typeof tempDataDir>;
  let store: Store;
  let bot: Bot;
  let guild: DoubleGuild;
  let channelId: string;
  const schedulers: Scheduler[] = [];

  function scheduler(context: CommandContext = bot.context, leaseMs = 60_000): Scheduler {
    const made = createScheduler({
      jobs: store.jobs,
      ...schedulerWork(context),
      now: clock.now,
      logger,
      leaseMs,
    });
    schedulers.push(made);
    return made;
  }

  /** Saves a schedule as `/daily setup` would (09:00 UTC every day), at the clock's time. */
  async function schedule(options: { pins?: boolean } = {}): Promise<void> {
    await store.daily.saveSchedule(
      {
        guildId: guild.id,
        channelId,
        timeOfDay: '09:00',
        timeZone: 'UTC',
        days: 'mon,tue,wed,thu,fri,sat,sun',
        deckId: 'seed',
        closeAfterMinutes: null,
        startsThread: false,
        pins: options.pins ?? false,
        roleId: null,
      },
      clock.at,
    );
  }

  beforeEach(async () => {
    // Monday 9 March 2026, 08:00 UTC.
    clock = testClock(Date.UTC(2026, 2, 9, 8, 0));
    double = await startDiscordDouble();
    guild = double.guilds[0] as DoubleGuild;
    channelId = guild.channels[0]?.id ?? '';
    data = tempDataDir();
    store = await openStore({ path: join(data.dir, 'portdeck.db') });
    bot = await startBot(double, { store, now: clock.now });
    configureDaily(bot.context, { logger, refreshMs: 50 });
  });
  afterEach(async () => {
    for (const s of schedulers.splice(0)) await s.stop(100);
    dailyRuntime(bot.context).refresher.stop();
    await bot.stop();
    await store.close();
    await double.close();
    data.remove();
  });

  it('a crash between posting and recording: the next claim returns the same message (nonce), one question', async () => {
    await schedule();
    // Process A posts to Discord, then dies before recording: its handler never returns.
    let posted: (() => void) | undefined;
    const postedOnce = new Promise<void>((resolve) => (posted = resolve));
    const crashing: CommandContext = {
      ...bot.context,
      channels: {
        ...bot.context.channels,
        post: async (channel, message) => {
          await bot.context.channels.post(channel, message);
          posted?.();
          return new Promise<never>(() => undefined);
        },
      },
    };
    configureDaily(crashing, { logger });
    const a = scheduler(crashing);
    await a.tick(); // plans today's post at 09:00
    clock.at = Date.UTC(2026, 2, 9, 9, 0, 1);
    void a.tick();
    await postedOnce;
    expect(questionsIn(double, channelId)).toHaveLength(1);
    expect(await store.daily.getQuestion(`daily:${guild.id}:2026-03-09`)).toBeUndefined();
    // Process B takes the job over once A's lease expired.
    const b = scheduler();
    await b.tick();
    expect(await store.daily.getQuestion(`daily:${guild.id}:2026-03-09`)).toBeUndefined();
    clock.at += 61_000;
    await b.tick();
    const messages = questionsIn(double, channelId);
    expect(messages).toHaveLength(1);
    const question = await store.daily.getQuestion(`daily:${guild.id}:2026-03-09`);
    expect(question?.messageId).toBe(messages[0]?.id);
    expect((await store.daily.recentQuestions(guild.id, 10)).length).toBe(1);
    expect(await store.jobs.get(`daily:${guild.id}:2026-03-09`)).toMatchObject({
      status: 'done',
      attempts: 2,
    });
  });

  it('two processes get the same /daily post; the one that reaches it after the post queues no extra question', async () => {
    await schedule();
    const managers = double.createRole(guild.id, {
      name: 'managers',
      permissions: PermissionFlagsBits.ManageGuild,
    });
    const admin = { id: '600000000000000001', username: 'admin' };
    double.addMember(guild.id, admin, [managers.id]);
    const a = scheduler();
    await a.tick(); // plans today's post at 09:00
    // Process B reads the open question (none yet) at once, then stalls until A has posted and recorded.
    let resume: () => void = () => undefined;
    const stalled = new Promise<void>((resolve) => (resume = resolve));
    let finished: () => void = () => undefined;
    const bDone = new Promise<void>((resolve) => (finished = resolve));
    const late: Store = {
      ...store,
      daily: {
        ...store.daily,
        getQuestion: async (id) => {
          await stalled;
          return store.daily.getQuestion(id);
        },
      },
    };
    const watched = commands.map((command) =>
      command.data.name !== 'daily'
        ? command
        : {
            ...command,
            execute: (i: Parameters<typeof command.execute>[0], c: CommandContext) =>
              command.execute(i, c).finally(finished),
          },
    );
    const b = await startBot(double, { store: late, now: clock.now, commands: watched });
    try {
      const handle = await double.sendCommand({ name: 'daily', subcommand: 'post', user: admin });
      expect((await handle.response()).data?.content).toContain('Posting today’s question');
      await a.tick();
      expect(questionsIn(double, channelId)).toHaveLength(1);
      resume();
      await bDone;
      await a.tick();
      expect(questionsIn(double, channelId)).toHaveLength(1);
      expect(await store.jobs.get(`daily:${guild.id}:2026-03-09:2`)).toBeUndefined();
      expect(await store.daily.recentQuestions(guild.id, 10)).toHaveLength(1);
    } finally {
      await b.stop();
    }
  });

  it('a click in the moment between the post and its record waits for the record (within 3 s)', async () => {
    await schedule();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: CommandContext = {
      ...bot.context,
      channels: {
        ...bot.context.channels,
        post: async (channel, message) => {
          const created = await bot.context.channels.post(channel, message);
          await gate;
          return created;
        },
      },
    };
    configureDaily(slow, { logger });
    const s = scheduler(slow);
    await s.tick();
    clock.at = Date.UTC(2026, 2, 9, 9, 0, 1);
    const ticking = s.tick();
    const post = await double.waitForMessage((m) => questionsIn(double, channelId).includes(m), {
      channelId,
    });
    const [first] = post.components.flatMap((row) => (row.components ?? []) as { custom_id: string }[]);
    const customId = first?.custom_id ?? '';
    const click = await double.clickButton({ message: post, customId, user: { id: '500000000000000001' } });
    setTimeout(release, 300);
    const reply = ((await click.response()).data ?? {}) as { content?: string };
    await ticking;
    expect(reply.content).toMatch(/Right!|Not quite/);
    expect(await store.daily.answers(`daily:${guild.id}:2026-03-09`)).toHaveLength(1);
  });

  it('down at post time: posts late before the close time, skips the day after it, never a backlog', async () => {
    await schedule();
    const s = scheduler();
    await s.tick();
    // Down from 08:00 until 10:30: the 09:00 post goes out late.
    clock.at = Date.UTC(2026, 2, 9, 10, 30);
    await s.tick();
    expect(questionsIn(double, channelId)).toHaveLength(1);
    // Down again from Monday 10:30 until Wednesday 08:30: Tuesday's question would have closed at
    // Wednesday 08:00 (an hour before the next post), so Tuesday is skipped.
    clock.at = Date.UTC(2026, 2, 11, 8, 30);
    await s.tick();
    await s.tick();
    expect(questionsIn(double, channelId)).toHaveLength(1);
    expect(await store.daily.getQuestion(`daily:${guild.id}:2026-03-10`)).toBeUndefined();
    // Monday's question closed meanwhile, with its results.
    expect((await store.daily.getQuestion(`daily:${guild.id}:2026-03-09`))?.closedAt).not.toBeNull();
    clock.at = Date.UTC(2026, 2, 11, 9, 0, 1);
    await s.tick();
    const questions = questionsIn(double, channelId);
    expect(questions).toHaveLength(2);
    expect((await store.daily.recentQuestions(guild.id, 10)).map((q) => q.localDate)).toEqual([
      '2026-03-11',
      '2026-03-09',
    ]);
  });

  it('a schedule saved after its time today waits for tomorrow (edge)', async () => {
    clock.at = Date.UTC(2026, 2, 9, 9, 30);
    await schedule();
    const s = scheduler();
    await s.tick();
    expect(questionsIn(double, channelId)).toHaveLength(0);
    expect(await store.jobs.get(`daily:${guild.id}:2026-03-10`)).toMatchObject({
      kind: dailyPostKind,
      runAt: Date.UTC(2026, 2, 10, 9, 0),
    });
  });

  it('missing permissions at post time are recorded and the schedule keeps going; a failed pin never blocks', async () => {
    await schedule({ pins: true });
    const s = scheduler();
    await s.tick();
    const botRole = double.botRole(guild.id).id;
    double.setOverwrite(channelId, { id: botRole, deny: PermissionFlagsBits.PinMessages });
    clock.at = Date.UTC(2026, 2, 9, 9, 0, 1);
    await s.tick();
    expect(questionsIn(double, channelId)).toHaveLength(1);
    expect(double.pins(channelId)).toHaveLength(0);
    expect((await store.daily.getSchedule(guild.id))?.lastFailure?.message).toContain('Pinning the question');
    double.setOverwrite(channelId, {
      id: botRole,
      deny: PermissionFlagsBits.SendMessages | PermissionFlagsBits.PinMessages,
    });
    clock.at += day;
    await s.tick();
    expect(questionsIn(double, channelId)).toHaveLength(1);
    const failure = (await store.daily.getSchedule(guild.id))?.lastFailure?.message ?? '';
    // The post (and yesterday's results, due at the same time) were refused: recorded for /daily show.
    expect(failure).toMatch(/Posting the (daily question|results)/);
    expect(failure).toContain('50013');
    double.removeOverwrite(channelId, botRole);
    clock.at += day;
    await s.tick();
    expect(questionsIn(double, channelId)).toHaveLength(2);
    // A successful post clears the failure (the pin works again too).
    expect((await store.daily.getSchedule(guild.id))?.lastFailure).toBeNull();
    expect(double.pins(channelId)).toHaveLength(1);
  });
});
