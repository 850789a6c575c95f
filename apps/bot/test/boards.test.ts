import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { periodKeysOf } from '@portdeck/core';
import { CallbackType, startDiscordDouble, type DiscordDouble } from '@portdeck/discord-double';
import { hashToken, openStore, seedDailyPost, type Store } from '@portdeck/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../src/commands/index.ts';
import { registerCommands } from '../src/register.ts';
import type { Bot } from '../src/index.ts';
import { EPHEMERAL, startBot, tempDataDir, testClock, type ReplyData } from './helpers.ts';

const zone = 'America/Los_Angeles';
/** Monday 2 March 2026, 10:00 in Los Angeles. */
const clock = testClock(Date.parse('2026-03-02T18:00:00Z'));

let double: DiscordDouble;
let store: Store;
let bot: Bot;
let guildId: string;
let removeData: () => void;
const players = Array.from({ length: 12 }, (_, i) => `1000000000000000${String(i + 10)}`);

async function post(id: string, postedAt: number): Promise<void> {
  await seedDailyPost(store, {
    questionId: id,
    guildId,
    localDate: periodKeysOf(postedAt, zone).day,
    cardId: 'port-to-service:3389',
    options: ['SSH', 'RDP', 'SMB', 'VNC'],
    correctIndex: 1,
    channelId: 'c1',
    messageId: `m-${id}`,
    postedAt,
    closesAt: postedAt + 3_600_000,
    askedInCycle: [],
  });
}

async function answer(questionId: string, userId: string, choice: number, at: number): Promise<void> {
  await store.daily.answer({ questionId, userId, choice, answeredAt: at, keys: periodKeysOf(at, zone) });
}

beforeAll(async () => {
  double = await startDiscordDouble();
  const data = tempDataDir();
  removeData = data.remove;
  store = await openStore({ path: join(data.dir, 'portdeck.db') });
  bot = await startBot(double, { store, now: clock.now });
  guildId = double.guilds[0]?.id ?? '';
  await registerCommands({
    token: double.token,
    applicationId: double.applicationId,
    guildId,
    apiUrl: double.restApiUrl,
    commands,
  });
  await store.daily.saveSchedule(
    {
      guildId,
      channelId: 'c1',
      timeOfDay: '09:00',
      timeZone: zone,
      days: 'mon,tue,wed,thu,fri,sat,sun',
      deckId: 'seed',
      closeAfterMinutes: null,
      startsThread: false,
      pins: false,
      roleId: null,
    },
    0,
  );
  // Last week (Sunday 1 March local): the default user right. This week (Monday): 12 players; the first six
  // right, the rest wrong; the default user wrong.
  const sunday = Date.parse('2026-03-02T06:00:00Z');
  const monday = Date.parse('2026-03-02T17:00:00Z');
  await post('q1', sunday - 60_000);
  await answer('q1', double.user.id, 1, sunday);
  await post('q2', monday - 60_000);
  for (const [i, id] of players.entries()) await answer('q2', id, i < 6 ? 1 : 0, monday + i);
  await answer('q2', double.user.id, 0, monday + 100);
});

afterAll(async () => {
  await bot.stop();
  await store.close();
  await double.close();
  removeData();
});

async function command(
  name: string,
  options: Record<string, string | number | boolean> = {},
  extra: { subcommand?: string; user?: { id: string } } = {},
) {
  const handle = await double.sendCommand({ name, options, ...extra });
  const response = await handle.response();
  return { handle, type: response.type, data: (response.data ?? {}) as ReplyData };
}

describe('/leaderboard through the double', () => {
  it("shows this week's page of 10 privately, the caller's own rank outside it, when it resets, and a Next button", async () => {
    const { data } = await command('leaderboard', { period: 'week' });
    expect((data.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(data.content).toBe(`Resets <t:${Date.parse('2026-03-09T07:00:00Z') / 1000}:R>`);
    const embed = data.embeds?.[0];
    expect(embed?.title).toBe('Leaderboard · This week · Daily quiz and drills');
    const lines = embed?.description?.split('\n') ?? [];
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe(`**1.** <@${players[0]}> · 10 points · 1 correct`);
    expect(lines[5]).toBe(`**1.** <@${players[5]}> · 10 points · 1 correct`);
    // Equal points keep a stable order (user id as text): the caller is past the first page.
    expect(lines[6]).toBe(`**7.** <@${players[6]}> · 0 points · 0 correct`);
    expect(embed?.description).not.toContain(double.user.id);
    expect(embed?.footer?.text).toBe('Your rank: 7 of 13 · 0 points · 0 correct\nPage 1 of 2');
    expect(data.components?.[0]?.components.map((b) => b.label)).toEqual(['Next ▶']);
  });

  it("keeps the caller's display name for pictures and dashboards (the mention stays in the text)", async () => {
    await command('leaderboard', { period: 'all' });
    const nameOf = async () =>
      (
        await store.boards.leaderboard({
          guildId,
          period: { kind: 'all' },
          board: 'all',
          first: 1,
          userId: double.user.id,
        })
      ).me?.displayName;
    for (let i = 0; i < 100 && (await nameOf()) !== 'Tester'; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await nameOf()).toBe('Tester');
  });

  it('pages with the buttons, keeping shared ranks', async () => {
    const { handle } = await command('leaderboard', { period: 'week' });
    const message = await handle.waitForMessage();
    const next = message.components.flatMap((row) => (row.components ?? []) as { custom_id: string }[])[0];
    const click = await double.clickButton({ message, customId: next?.custom_id ?? '' });
    const response = await click.response();
    expect(response.type).toBe(CallbackType.updateMessage);
    const data = response.data as ReplyData;
    const lines = data.embeds?.[0]?.description?.split('\n') ?? [];
    expect(lines).toEqual([
      `**7.** <@${players[10]}> · 0 points · 0 correct`,
      `**7.** <@${players[11]}> · 0 points · 0 correct`,
      `**7.** <@${double.user.id}> · 0 points · 0 correct`,
    ]);
    expect(data.embeds?.[0]?.footer?.text).toContain('Your rank: 7 of 13');
    expect(data.components?.[0]?.components.map((b) => b.label)).toEqual(['⏮ Top']);
  });

  it('hides a member who asked to be hidden: "a player" publicly, their own rank only privately', async () => {
    const hidden = players[0] ?? '';
    const saved = await command('settings', { leaderboard: 'hidden' }, { user: { id: hidden } });
    expect(saved.data.embeds?.[0]?.fields?.find((f) => f.name === 'Leaderboards')?.value).toContain('hidden');
    const publicView = await command(
      'leaderboard',
      { period: 'week', public: true },
      { user: { id: hidden } },
    );
    expect((publicView.data.flags ?? 0) & EPHEMERAL).toBe(0);
    expect(publicView.data.embeds?.[0]?.description?.split('\n')[0]).toBe(
      '**1.** a player · 10 points · 1 correct',
    );
    expect(publicView.data.embeds?.[0]?.description).not.toContain(hidden);
    expect(publicView.data.embeds?.[0]?.footer?.text).not.toContain('Your rank');
    const privateView = await command('leaderboard', { period: 'week' }, { user: { id: hidden } });
    expect(privateView.data.embeds?.[0]?.footer?.text).toContain('Your rank: 1 of 13');
    expect(privateView.data.embeds?.[0]?.description).toContain('you (hidden from others)');
    await command('settings', { leaderboard: 'shown' }, { user: { id: hidden } });
    expect(await store.boards.isHidden(hidden)).toBe(false);
  });

  it('follows the server zone: last week (Sunday local) is not this week, and all time adds it up', async () => {
    const today = await command('leaderboard', { period: 'day', board: 'daily' });
    expect(today.data.embeds?.[0]?.footer?.text).toContain('Your rank: 7 of 13');
    const all = await command('leaderboard', { period: 'all' });
    expect(all.data.content).toBeUndefined();
    expect(all.data.embeds?.[0]?.footer?.text).toContain('Your rank: 1 of 13 · 10 points');
    const drills = await command('leaderboard', { board: 'drills' });
    expect(drills.data.embeds?.[0]?.description).toContain('Nobody has played');
    expect(drills.data.embeds?.[0]?.footer?.text).toContain('You have not played');
  });

  it('refuses in a DM', async () => {
    const handle = await double.sendCommand({ name: 'leaderboard', guildId: null });
    const response = await handle.response();
    expect((response.data as ReplyData).content).toContain('belong to a server');
  });
});

describe('/progress shows the daily streak', () => {
  it('beside the flashcard progress, in a server', async () => {
    const { data } = await command('progress', {}, { user: { id: players[1] ?? '' } });
    const fields = Object.fromEntries((data.embeds?.[0]?.fields ?? []).map((f) => [f.name, f.value]));
    // q1 went unanswered (that broke any streak before), q2 right: one in a row.
    expect(fields['Daily quiz streak']).toBe('1 right in a row (best 1)');
    expect(fields['Due now']).toBeDefined();
  });
});

describe('/dashboard', () => {
  it('refuses members without Manage Server', async () => {
    const { data } = await command('dashboard', {}, { subcommand: 'token' });
    expect((data.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(data.content).toContain('Manage Server');
    expect(await store.boards.revokeTokens(guildId, 0)).toBe(0);
  });

  it('shows a token once to an admin, privately, keeps only its hash, and revokes it', async () => {
    const role = double.createRole(guildId, { permissions: PermissionFlagsBits.ManageGuild });
    const admin = double.createUser({ username: 'admin' });
    double.addMember(guildId, admin, [role.id]);
    const registered = double.registeredCommands(guildId).find((c) => c.name === 'dashboard');
    expect(registered?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    const created = await command('dashboard', {}, { subcommand: 'token', user: admin });
    expect((created.data.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const token = /`(pdk_[A-Za-z0-9_-]+)`/.exec(created.data.content ?? '')?.[1] ?? '';
    expect(token).not.toBe('');
    expect(await store.boards.guildOfToken(token)).toBe(guildId);
    expect(hashToken(token)).toHaveLength(64);
    const revoked = await command('dashboard', {}, { subcommand: 'revoke', user: admin });
    expect(revoked.data.content).toContain('Revoked');
    expect(await store.boards.guildOfToken(token)).toBeUndefined();
    const again = await command('dashboard', {}, { subcommand: 'revoke', user: admin });
    expect(again.data.content).toContain('nothing to revoke');
  });

  it('breaks no Discord rule', () => {
    expect(double.violations).toEqual([]);
  });
});
