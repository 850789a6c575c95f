import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startDiscordDouble,
  type DiscordDouble,
  type DoubleGuild,
  type DoubleMessage,
  type InteractionHandle,
} from '@portdeck/discord-double';
import { openStore, type Store } from '@portdeck/store';
import { pino } from 'pino';
import { commands } from '../src/commands/index.ts';
import { configureDaily, dailyRuntime } from '../src/daily/index.ts';
import type { Bot } from '../src/index.ts';
import { schedulerWork } from '../src/jobs/index.ts';
import { registerCommands } from '../src/register.ts';
import { parseDailyAnswerCustomId } from '../src/render/daily.ts';
import { createScheduler, type Scheduler } from '../src/scheduler.ts';
import { EPHEMERAL, startBot, tempDataDir, testClock, type ReplyData } from './helpers.ts';

// Tuesday 10 March 2026, 12:00 UTC = 13:00 in Berlin.
const clock = testClock(Date.UTC(2026, 2, 10, 12, 0));
let double: DiscordDouble;
let data: ReturnType<typeof tempDataDir>;
let store: Store;
let bot: Bot;
let scheduler: Scheduler;
let guild: DoubleGuild;
let channelId: string;
const admin = { id: '100000000000000001', username: 'admin' };
const alice = { id: '100000000000000002', username: 'alice' };
const bob = { id: '100000000000000003', username: 'bob' };
const carol = { id: '100000000000000004', username: 'carol' };

beforeAll(async () => {
  double = await startDiscordDouble({ rateLimits: { messageEdit: { limit: 5, windowMs: 500 } } });
  guild = double.guilds[0] as DoubleGuild;
  channelId = guild.channels[0]?.id ?? '';
  const managers = double.createRole(guild.id, {
    name: 'managers',
    permissions: PermissionFlagsBits.ManageGuild,
  });
  double.addMember(guild.id, admin, [managers.id]);
  data = tempDataDir();
  store = await openStore({ path: join(data.dir, 'portdeck.db') });
  bot = await startBot(double, { store, now: clock.now });
  configureDaily(bot.context, { refreshMs: 150, logger: pino({ level: 'silent' }) });
  scheduler = createScheduler({
    jobs: store.jobs,
    ...schedulerWork(bot.context),
    now: clock.now,
    logger: pino({ level: 'silent' }),
  });
  await registerCommands({
    token: double.token,
    applicationId: double.applicationId,
    guildId: guild.id,
    apiUrl: double.restApiUrl,
    commands,
  });
});

afterAll(async () => {
  await scheduler.stop();
  dailyRuntime(bot.context).refresher.stop();
  await bot.stop();
  await store.close();
  await double.close();
  data.remove();
});

async function reply(handle: InteractionHandle): Promise<ReplyData> {
  return (await handle.response()).data ?? {};
}

async function daily(
  subcommand: string,
  options: Record<string, string | number | boolean> = {},
  user: { id: string; username: string } = admin,
): Promise<ReplyData> {
  return reply(await double.sendCommand({ name: 'daily', subcommand, options, user }));
}

function buttonsOf(message: DoubleMessage): { custom_id: string; label: string; disabled?: boolean }[] {
  return message.components.flatMap(
    (row) => (row.components ?? []) as { custom_id: string; label: string; disabled?: boolean }[],
  );
}

function latest(id: string): DoubleMessage {
  const record = double.messageRecord(id);
  if (record === undefined) throw new Error(`no message ${id}`);
  return record.message;
}

async function answer(message: DoubleMessage, choice: number, user: { id: string; username: string }) {
  const button = buttonsOf(message)[choice];
  if (button === undefined) throw new Error(`no button ${choice}`);
  return reply(await double.clickButton({ message, customId: button.custom_id, user }));
}

describe('/daily through discord.js and the double', () => {
  let post: DoubleMessage;
  let correct: number;

  it('refuses members without Manage Server, and says which permissions the bot lacks in the channel', async () => {
    const refused = await daily(
      'setup',
      { channel: channelId, time: '14:00', timezone: 'Europe/Berlin' },
      alice,
    );
    expect(refused.content).toContain('Manage Server');
    const closed = double.createChannel(guild.id, { name: 'closed' });
    double.setOverwrite(closed.id, {
      id: double.botRole(guild.id).id,
      deny: PermissionFlagsBits.SendMessages | PermissionFlagsBits.PinMessages,
    });
    const missing = await daily('setup', {
      channel: closed.id,
      time: '14:00',
      timezone: 'Europe/Berlin',
      pin: true,
    });
    expect(missing.flags).toBe(EPHEMERAL);
    expect(missing.content).toContain('Send Messages, Pin Messages');
    expect(await store.daily.getSchedule(guild.id)).toBeUndefined();
    const badTime = await daily('setup', { channel: channelId, time: '25:00', timezone: 'Europe/Berlin' });
    expect(badTime.content).toMatch(/HH:MM|24/);
  });

  it('saves a schedule and states it with the next post as Discord timestamps', async () => {
    const saved = await daily('setup', {
      channel: channelId,
      time: '14:00',
      timezone: 'Europe/Berlin',
      pin: true,
      thread: true,
    });
    expect(saved.flags).toBe(EPHEMERAL);
    expect(saved.content).toContain('Every day at 14:00 (Europe/Berlin)');
    const next = Math.floor(Date.UTC(2026, 2, 10, 13, 0) / 1000);
    expect(saved.content).toContain(`<t:${next}:F>`);
    expect(saved.content).toContain(`<t:${next}:R>`);
    const suggestions = await double.sendAutocomplete({
      name: 'daily',
      subcommand: 'setup',
      focused: 'timezone',
      options: { timezone: 'berl' },
      user: admin,
    });
    expect(((await suggestions.response()).data as ReplyData).choices?.map((c) => c.value)).toContain(
      'Europe/Berlin',
    );
  });

  it('posts at the scheduled time, once, with a thread and a pin', async () => {
    await scheduler.tick();
    expect(double.channelMessages(channelId)).toHaveLength(0);
    clock.at = Date.UTC(2026, 2, 10, 13, 0, 2);
    await scheduler.tick();
    await scheduler.tick();
    const messages = double.channelMessages(channelId);
    expect(messages).toHaveLength(1);
    post = messages[0] as DoubleMessage;
    const question0 = await store.daily.openQuestion(guild.id);
    expect(buttonsOf(post)).toHaveLength(question0?.options.length ?? 0);
    expect(post.embeds[0]?.description).toContain('Answers are revealed <t:');
    const question = await store.daily.openQuestion(guild.id);
    expect(question).toMatchObject({ messageId: post.id, localDate: '2026-03-10', answerCount: 0 });
    correct = question?.correctIndex ?? -1;
    // Nothing public gives the answer away: every option button looks the same.
    expect(new Set(buttonsOf(post).map((b) => JSON.stringify({ ...b, custom_id: '', label: '' }))).size).toBe(
      1,
    );
    expect(double.threads(channelId).map((t) => t.id)).toEqual([post.id]);
    expect(double.pins(channelId).map((m) => m.id)).toEqual([post.id]);
    expect(parseDailyAnswerCustomId(buttonsOf(post)[0]?.custom_id ?? '')).toEqual({
      questionId: `daily:${guild.id}:2026-03-10`,
      choice: 0,
    });
  });

  it('answers clicks privately, once per member, and redraws the count coalesced', async () => {
    const wrong = (correct + 1) % buttonsOf(post).length;
    const right = await answer(post, correct, alice);
    expect(right.flags).toBe(EPHEMERAL);
    expect(right.content).toContain('Right!');
    expect(right.content).toContain('Your streak: 1 (best 1)');
    const miss = await answer(post, wrong, bob);
    expect(miss.content).toContain('Not quite');
    const again = await answer(post, wrong, alice);
    expect(again.content).toContain(`You already answered ${String.fromCharCode(65 + correct)}`);
    await dailyRuntime(bot.context).refresher.idle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await dailyRuntime(bot.context).refresher.idle();
    const record = double.messageRecord(post.id);
    expect(record?.message.embeds[0]?.footer).toEqual({ text: '2 answers' });
    // Three clicks, at most two redraws (the first at once, the rest joined).
    expect(record?.edits).toBeLessThanOrEqual(2);
  });

  it('shows the schedule and the open question; refuses a second post while it is open', async () => {
    const shown = await daily('show', {}, carol);
    expect(shown.content).toContain('Open now:');
    expect(shown.content).toContain('2 answers');
    const refused = await daily('post');
    expect(refused.content).toContain('still open');
  });

  it('closes on /daily close: buttons disabled, results posted, later clicks told it is closed', async () => {
    const closing = await daily('close');
    expect(closing.content).toContain('Closing now');
    await scheduler.tick();
    const closed = latest(post.id);
    expect(buttonsOf(closed).every((b) => b.disabled === true)).toBe(true);
    expect(closed.embeds[0]?.footer).toEqual({ text: '2 answers' });
    const results = double.channelMessages(channelId).at(-1) as DoubleMessage;
    expect(results.id).not.toBe(post.id);
    const text = JSON.stringify(results.embeds);
    expect(text).toContain('1 of 2 (50%)');
    expect(text).toContain(`<@${alice.id}>`);
    const streak = await daily('streak', {}, alice);
    expect(streak.content).toContain('streak: 1 (best 1)');
    expect(streak.content).toContain('2026-03: 1 answered, 1 right');
    const bobs = await daily('streak', { user: bob.id }, alice);
    expect(bobs.content).toContain(`<@${bob.id}>'s daily streak: 0`);
  });

  it('posts an extra question on /daily post, unpinning the previous one', async () => {
    const posting = await daily('post');
    expect(posting.content).toContain('an extra');
    await scheduler.tick();
    const messages = double.channelMessages(channelId);
    const extra = messages.at(-1) as DoubleMessage;
    expect(buttonsOf(extra)[0]?.custom_id).toContain(`daily:${guild.id}:2026-03-10:2`);
    expect(double.pins(channelId).map((m) => m.id)).toEqual([extra.id]);
    // A click that arrives after the close committed but before the buttons were disabled (edge).
    await store.daily.closeQuestion(`daily:${guild.id}:2026-03-10:2`, clock.at);
    const late = await answer(extra, 0, carol);
    expect(late.content).toContain('closed');
  });

  it('records a post-time failure (deleted channel), shows it, and keeps the schedule', async () => {
    await daily('close');
    await scheduler.tick();
    const doomed = double.createChannel(guild.id, { name: 'doomed' });
    await daily('setup', { channel: doomed.id, time: '09:00', timezone: 'UTC' });
    double.deleteChannel(doomed.id);
    clock.at = Date.UTC(2026, 2, 11, 9, 0, 1);
    await scheduler.tick();
    const shown = await daily('show');
    expect(shown.content).toContain('Last failure');
    expect(shown.content).toContain('10003');
    expect((await store.daily.getSchedule(guild.id))?.isActive).toBe(true);
    expect(await store.jobs.get(`daily:${guild.id}:2026-03-12`)).toMatchObject({ status: 'pending' });
  });

  it('stops: no more posts are planned', async () => {
    const stopped = await daily('stop');
    expect(stopped.content).toContain('off');
    expect(await store.jobs.get(`daily:${guild.id}:2026-03-12`)).toBeUndefined();
    expect((await daily('stop')).content).toContain('was not on');
  });
});
