import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewGrades } from '@portdeck/core';
import {
  CallbackType,
  startDiscordDouble,
  type DiscordDouble,
  type DoubleMessage,
  type InteractionHandle,
} from '@portdeck/discord-double';
import { openStore, type Store } from '@portdeck/store';
import type { Bot } from '../src/index.ts';
import { commands } from '../src/commands/index.ts';
import { registerCommands } from '../src/register.ts';
import { EPHEMERAL, startBot, tempDataDir, testClock, type ReplyData } from './helpers.ts';

const clock = testClock();
const minute = 60_000;
let double: DiscordDouble;
let data: ReturnType<typeof tempDataDir>;
let path: string;
let store: Store;
let bot: Bot;

beforeAll(async () => {
  double = await startDiscordDouble();
  data = tempDataDir();
  path = join(data.dir, 'portdeck.db');
  store = await openStore({ path });
  bot = await startBot(double, { store, now: clock.now });
  await registerCommands({
    token: double.token,
    applicationId: double.applicationId,
    guildId: double.guilds[0]?.id,
    apiUrl: double.restApiUrl,
    commands,
  });
});

afterAll(async () => {
  await bot.stop();
  await store.close();
  await double.close();
  data.remove();
});

interface Answer {
  readonly handle: InteractionHandle;
  readonly type: number;
  readonly data: ReplyData;
}

async function answered(handle: InteractionHandle): Promise<Answer> {
  const response = await handle.response();
  return { handle, type: response.type, data: response.data ?? {} };
}

function user(id: string): { id: string; username: string } {
  return { id, username: `user${id.slice(-3)}` };
}

async function command(
  name: string,
  options: Record<string, string | number> = {},
  userId?: string,
): Promise<Answer> {
  return answered(await double.sendCommand({ name, options, ...(userId ? { user: user(userId) } : {}) }));
}

function buttonsOf(message: DoubleMessage): { custom_id: string; label: string }[] {
  return message.components.flatMap(
    (row) => (row.components ?? []) as { custom_id: string; label: string }[],
  );
}

/** The custom id of the button whose action (fifth part of `fc:1:<session>:<step>:<action>`) is `action`. */
function idOf(message: DoubleMessage, action: string): string {
  const found = buttonsOf(message).find((b) => b.custom_id.split(':')[4] === action);
  if (!found) throw new Error(`no ${action} button on ${JSON.stringify(buttonsOf(message))}`);
  return found.custom_id;
}

async function click(message: DoubleMessage, action: string, userId?: string): Promise<Answer> {
  return answered(
    await double.clickButton({
      message,
      customId: idOf(message, action),
      ...(userId ? { user: user(userId) } : {}),
    }),
  );
}

function current(message: DoubleMessage): DoubleMessage {
  const now = double.message(message.id);
  if (!now) throw new Error(`message ${message.id} is gone`);
  return now;
}

async function reviewCount(userId: string, mode?: 'normal' | 'cram'): Promise<number> {
  const reviews = await store.reviews(userId, 10_000);
  return reviews.filter((review) => mode === undefined || review.mode === mode).length;
}

describe('/flashcards: show, grade, next card', () => {
  let message: DoubleMessage;
  let userId: string;

  it('starts a private session on the seed deck with the first card’s front', async () => {
    const start = await command('flashcards');
    userId = (start.handle.payload.member as { user: { id: string } }).user.id;
    expect(start.type).toBe(CallbackType.channelMessage);
    expect(start.data.flags).toBe(EPHEMERAL);
    expect(start.data.embeds?.[0]?.title).toBe('Well-known ports (course table)');
    expect(start.data.embeds?.[0]?.description).toBe('**Which service uses port 20?**');
    message = await start.handle.waitForMessage();
    expect(buttonsOf(message).map((b) => b.label)).toEqual(['Show answer', 'End session']);
    for (const b of buttonsOf(message)) expect(b.custom_id).toMatch(/^fc:1:[A-Za-z0-9_-]{22}:0:(show|end)/);
  });

  it('shows the answer and the four grades labelled with their intervals', async () => {
    const shown = await click(message, 'show');
    expect(shown.type).toBe(CallbackType.updateMessage);
    expect(shown.data.embeds?.[0]?.description).toContain('FTP (data)');
    const labels = previewGrades(undefined, clock.at);
    message = current(message);
    expect(buttonsOf(message).map((b) => b.label)).toEqual([
      `Again · ${labels.again.label}`,
      `Hard · ${labels.hard.label}`,
      `Good · ${labels.good.label}`,
      `Easy · ${labels.easy.label}`,
      'End session',
    ]);
    expect(labels.good.label).toBe('10m');
  });

  it('records Good and moves to the next card with an Undo button', async () => {
    const graded = await click(message, 'good');
    expect(graded.type).toBe(CallbackType.updateMessage);
    expect(graded.data.embeds?.[0]?.description).toBe('**Which service uses port 21?**');
    expect(await reviewCount(userId)).toBe(1);
    message = current(message);
    expect(buttonsOf(message).map((b) => b.label)).toEqual([
      'Show answer',
      'Undo last answer',
      'End session',
    ]);
  });

  it('records one review for a double click on Good and answers both clicks', async () => {
    await click(message, 'show');
    message = current(message);
    const customId = idOf(message, 'good');
    // Both clicks are dispatched before the bot has answered either: a real double click.
    const handles = await Promise.all([
      double.clickButton({ message, customId }),
      double.clickButton({ message, customId }),
    ]);
    const answers = await Promise.all(handles.map(answered));
    expect(answers.map((a) => a.type)).toEqual([CallbackType.updateMessage, CallbackType.updateMessage]);
    expect(await reviewCount(userId)).toBe(2);
    expect(answers.filter((a) => a.data.content?.startsWith('Already recorded: Good'))).toHaveLength(1);
    for (const a of answers) expect(a.data.embeds?.[0]?.description).toBe('**Which service uses port 22?**');
    message = current(message);
  });

  it('says a card was already answered when an old copy of the message is clicked (failure)', async () => {
    // The same ephemeral message still open, unrefreshed, on a second device: its buttons are older.
    const copy = (m: DoubleMessage, n: bigint): DoubleMessage => ({ ...m, id: `${BigInt(m.id) + n}` });
    const oldFront = copy(message, 1n);
    await click(message, 'show');
    const back = current(message);
    const oldBack = copy(back, 2n);
    await click(back, 'good');
    const before = await reviewCount(userId);
    const stale = await click(oldFront, 'show');
    expect(stale.type).toBe(CallbackType.updateMessage);
    expect(stale.data.content).toBe('That card was already answered; here is where this session is now.');
    expect(stale.data.embeds?.[0]?.description).toBe('**Which service uses port 23?**');
    const late = await click(oldBack, 'again');
    expect(late.data.content).toBe('Already recorded: Good. A second click does not count twice.');
    expect(await reviewCount(userId)).toBe(before);
    message = current(message);
  });

  it('keeps working after a restart: new bot and store on the same file, button from before', async () => {
    await click(message, 'show');
    const back = current(message);
    await bot.stop();
    await store.close();
    store = await openStore({ path });
    bot = await startBot(double, { store, now: clock.now });
    const graded = await click(back, 'good');
    expect(graded.type).toBe(CallbackType.updateMessage);
    expect(graded.data.content).toBeUndefined();
    expect(await reviewCount(userId)).toBe(4);
    message = current(message);
  });

  it('shows /progress numbers for these reviews, and refuses an unknown deck (failure)', async () => {
    const progress = await command('progress');
    expect(progress.data.flags).toBe(EPHEMERAL);
    const fields = Object.fromEntries(
      (progress.data.embeds?.[0]?.fields ?? []).map((f) => [f.name, f.value]),
    );
    expect(fields).toMatchObject({
      'Due now': '0',
      Learning: '4',
      'New left today': '16',
      'Answered today': '4 (4 new, 0 reviews)',
      'Retention (30 days)': 'no review-phase answers yet',
      Streak: '1 day',
      'Next card': 'now',
    });
    expect(fields['Forecast (next 7 days)']).toContain('Today     : 4');
    const unknown = await command('progress', { deck: 'nope' });
    expect(unknown.data.flags).toBe(EPHEMERAL);
    expect(unknown.data.content).toContain('There is no deck `nope`');
    expect(double.violations).toEqual([]);
  });

  it('shows zeros and no streak for a user who never studied (edge)', async () => {
    const progress = await command('progress', { deck: 'network-plus' }, '300000000000000001');
    const fields = Object.fromEntries(
      (progress.data.embeds?.[0]?.fields ?? []).map((f) => [f.name, f.value]),
    );
    expect(fields['Answered today']).toBe('0 (0 new, 0 reviews)');
    expect(fields.Streak).toBe('none yet: answer a card today to start one');
  });
});

describe('/settings', () => {
  const me = '300000000000000002';

  async function suggest(typed: string): Promise<{ name: string; value: string }[]> {
    const handle = await double.sendAutocomplete({
      name: 'settings',
      options: { timezone: typed },
      focused: 'timezone',
    });
    const { type, data: reply } = await answered(handle);
    expect(type).toBe(CallbackType.autocompleteResult);
    return reply.choices ?? [];
  }

  it('autocompletes zones (≤ 25), e.g. "berl" → Europe/Berlin, "new y" → America/New_York', async () => {
    expect((await suggest('berl')).map((c) => c.value)).toContain('Europe/Berlin');
    expect((await suggest('new y')).map((c) => c.value)).toContain('America/New_York');
    const america = await suggest('america/');
    expect(america).toHaveLength(25);
    const empty = await suggest('');
    expect(empty.length).toBeLessThanOrEqual(25);
    expect(empty[0]?.value).toBe('UTC');
    expect(await suggest('zzzz')).toEqual([]);
  });

  it('shows the current settings without options, then saves a zone and hour', async () => {
    const shown = await command('settings', {}, me);
    expect(shown.data.flags).toBe(EPHEMERAL);
    const fields = (reply: ReplyData): Record<string, string> =>
      Object.fromEntries((reply.embeds?.[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields(shown.data)).toMatchObject({
      'Time zone': 'UTC',
      'Study day starts at': '04:00 local time',
    });
    const saved = await command('settings', { timezone: 'europe/berlin', 'day-starts': 5 }, me);
    expect(saved.data.content).toBe('Saved.');
    expect(fields(saved.data)).toMatchObject({
      'Time zone': 'Europe/Berlin',
      'Local time now': 'Tue 10 Mar, 13:00',
      'Study day starts at': '05:00 local time',
    });
    expect(await store.getSettings(me)).toMatchObject({ timeZone: 'Europe/Berlin', dayStartHour: 5 });
  });

  it('refuses a bad zone and an out-of-range hour with clear ephemeral errors, changing nothing', async () => {
    const zone = await command('settings', { timezone: 'Europe/Berln' }, me);
    expect(zone.data.flags).toBe(EPHEMERAL);
    expect(zone.data.content).toContain('“Europe/Berln” is not a time zone I know');
    expect(zone.data.content).toContain('`Europe/Berlin`');
    // Discord's client enforces 0-23; a crafted request does not.
    const hour = await answered(
      await double.sendCommand({
        name: 'settings',
        options: [{ name: 'day-starts', type: 4, value: 24 }],
        user: user(me),
      }),
    );
    expect(hour.data.flags).toBe(EPHEMERAL);
    expect(hour.data.content).toContain('a whole number from 0 to 23 (you sent 24)');
    expect(await store.getSettings(me)).toMatchObject({ timeZone: 'Europe/Berlin', dayStartHour: 5 });
    expect(double.violations).toEqual([]);
  });
});

describe('cram, undo, summary', () => {
  it('crams without touching schedules (reviews logged as cram)', async () => {
    const me = '300000000000000003';
    const start = await command('flashcards', {}, me);
    let message = await start.handle.waitForMessage();
    await click(message, 'show', me);
    await click(current(message), 'again', me);
    const states = await store.getCardStates(me, ['port-to-service:20', 'port-to-service:21']);
    const cram = await command('flashcards', { mode: 'cram', filter: 'missed' }, me);
    expect(cram.data.embeds?.[0]?.title).toBe('Well-known ports (course table) · cram');
    expect(cram.data.embeds?.[0]?.description).toBe('**Which service uses port 20?**');
    message = await cram.handle.waitForMessage();
    await click(message, 'show', me);
    expect(buttonsOf(current(message)).map((b) => b.label)).toEqual([
      'Again',
      'Hard',
      'Good',
      'Easy',
      'End session',
    ]);
    const done = await click(current(message), 'good', me);
    expect(done.data.embeds?.[0]?.description).toContain('Cram round finished');
    expect(await reviewCount(me, 'cram')).toBe(1);
    expect(await store.getCardStates(me, ['port-to-service:20', 'port-to-service:21'])).toEqual(states);
  });

  it('says so when there is nothing missed to cram (edge)', async () => {
    const cram = await command('flashcards', { mode: 'cram', filter: 'missed' }, '300000000000000004');
    expect(cram.data.content).toBe('No missed cards to cram in this deck.');
    expect(cram.data.embeds?.[0]?.description).toContain('Cram round finished');
  });

  it('undoes the last answer once, even on a double click of Undo', async () => {
    const me = '300000000000000005';
    const start = await command('flashcards', {}, me);
    const message = await start.handle.waitForMessage();
    await click(message, 'show', me);
    await click(current(message), 'good', me);
    await click(current(message), 'show', me);
    await click(current(message), 'easy', me);
    expect(await reviewCount(me)).toBe(2);
    const live = current(message);
    const customId = idOf(live, 'undo');
    const handles = await Promise.all([
      double.clickButton({ message: live, customId, user: user(me) }),
      double.clickButton({ message: live, customId, user: user(me) }),
    ]);
    const answers = await Promise.all(handles.map(answered));
    expect(await reviewCount(me)).toBe(1);
    expect(answers.map((a) => a.data.content).sort()).toEqual([
      'Already undone; here is where this session is now.',
      'Undid Easy on “Which service uses port 21?”.',
    ]);
    expect(current(message).embeds[0]).toMatchObject({ description: '**Which service uses port 21?**' });
    expect((await store.getCardStates(me, ['port-to-service:21'])).size).toBe(0);
  });

  it('shows when the next card is due once nothing is left, and "Check again" resumes then', async () => {
    const me = '300000000000000006';
    await store.updateSettings(me, { newPerDay: 1 }, clock.at);
    const start = await command('flashcards', {}, me);
    const message = await start.handle.waitForMessage();
    await click(message, 'show', me);
    const summary = await click(current(message), 'easy', me);
    expect(summary.data.embeds?.[0]?.title).toBe('Well-known ports (course table) · all done for now');
    expect(summary.data.embeds?.[0]?.description).toContain('Next card due **in 16h (Wed 11 Mar, 04:00)**');
    const early = await click(current(message), 'next', me);
    expect(early.data.embeds?.[0]?.title).toContain('all done for now');
    clock.at += 16 * 60 * minute;
    const resumed = await click(current(message), 'next', me);
    expect(resumed.data.embeds?.[0]?.description).toBe('**Which service uses port 21?**');
    clock.at -= 16 * 60 * minute;
  });

  it('refuses someone else’s session and an unknown deck (failure), and ends a session', async () => {
    const owner = '300000000000000007';
    const start = await command('flashcards', { deck: 'category:remote-access' }, owner);
    expect(start.data.embeds?.[0]?.title).toBe('Remote access');
    const message = await start.handle.waitForMessage();
    const intruder = await click(message, 'show', '300000000000000008');
    expect(intruder.type).toBe(CallbackType.channelMessage);
    expect(intruder.data.flags).toBe(EPHEMERAL);
    expect(intruder.data.content).toContain('someone else’s flashcard session');
    const unknown = await command('flashcards', { deck: 'category:nope' }, owner);
    expect(unknown.data.content).toContain('There is no deck `category:nope`');
    const ended = await click(message, 'end', owner);
    expect(ended.data.content).toContain('Session ended');
    expect(ended.data.components).toEqual([]);
    expect(double.violations).toEqual([]);
  });

  it('suggests decks as the user types (edge: nothing typed lists the first 25 at most)', async () => {
    const handle = await double.sendAutocomplete({
      name: 'flashcards',
      options: { deck: 'sec' },
      focused: 'deck',
    });
    const { data: reply } = await answered(handle);
    expect(reply.choices?.map((c) => c.value)).toEqual(['security-plus', 'category:security-vpn']);
    const all = await answered(
      await double.sendAutocomplete({ name: 'flashcards', options: { deck: '' }, focused: 'deck' }),
    );
    expect(all.data.choices?.length).toBeLessThanOrEqual(25);
    expect(all.data.choices?.[0]?.value).toBe('seed');
  });
});
