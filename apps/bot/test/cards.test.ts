import { join } from 'node:path';
import { periodKeysOf } from '@portdeck/core';
import { CallbackType, startDiscordDouble, type DiscordDouble } from '@portdeck/discord-double';
import { openStore, seedDailyPost, type Store } from '@portdeck/store';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../src/commands/index.ts';
import type { Bot } from '../src/index.ts';
import { registerCommands } from '../src/register.ts';
import { CARD_COLORS } from '../src/render/cards/canvas.ts';
import { LEADERBOARD_CARD_SIZE, PROGRESS_CARD_SIZE } from '../src/render/cards/index.ts';
import { startBot, tempDataDir, testClock, type ReplyData } from './helpers.ts';
import { CARD_BACKGROUND, decodePng, isNear } from './png-pixels.ts';

const zone = 'UTC';
const clock = testClock(Date.parse('2026-03-04T12:00:00Z'));
const players = Array.from({ length: 12 }, (_, i) => `2000000000000000${String(i + 10)}`);

interface Running {
  double: DiscordDouble;
  store: Store;
  bot: Bot;
  guildId: string;
  close(): Promise<void>;
}

/** A double, a store with this week's daily answers from 12 players, and the real bot logged in. */
async function start(
  options: Pick<Parameters<typeof startBot>[1], 'cards' | 'logger'> = {},
): Promise<Running> {
  const double = await startDiscordDouble();
  const data = tempDataDir();
  const store = await openStore({ path: join(data.dir, 'portdeck.db') });
  const bot = await startBot(double, { store, now: clock.now, ...options });
  const guildId = double.guilds[0]?.id ?? '';
  await registerCommands({
    token: double.token,
    applicationId: double.applicationId,
    guildId,
    apiUrl: double.restApiUrl,
    commands,
  });
  const postedAt = clock.at - 3_600_000;
  await seedDailyPost(store, {
    questionId: 'q1',
    guildId,
    localDate: periodKeysOf(postedAt, zone).day,
    cardId: 'port-to-service:3389',
    options: ['SSH', 'RDP', 'SMB', 'VNC'],
    correctIndex: 1,
    channelId: 'c1',
    messageId: 'm-q1',
    postedAt,
    closesAt: postedAt + 7_200_000,
    askedInCycle: [],
  });
  for (const [i, userId] of players.entries()) {
    const at = postedAt + 1_000 + i;
    await store.daily.answer({
      questionId: 'q1',
      userId,
      choice: i < 4 ? 1 : 0,
      answeredAt: at,
      keys: periodKeysOf(at, zone),
    });
  }
  return {
    double,
    store,
    bot,
    guildId,
    async close() {
      await bot.stop();
      await store.close();
      await double.close();
      data.remove();
    },
  };
}

describe('image cards through the double', () => {
  let running: Running;

  beforeAll(async () => {
    running = await start();
  });

  afterAll(async () => {
    await running.close();
  });

  it('/progress carries a valid 800×360 PNG in its embed, drawn (not blank), and keeps every text field', async () => {
    const handle = await running.double.sendCommand({ name: 'progress' });
    const message = await handle.waitForMessage();
    expect(handle.errors).toEqual([]);
    expect(message.embeds[0]).toMatchObject({ image: { url: 'attachment://progress.png' } });
    const fields = (message.embeds[0]?.fields ?? []) as { name: string }[];
    expect(fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['Due now', 'Retention (30 days)', 'Forecast (next 7 days)']),
    );
    expect(message.attachments).toMatchObject([
      { filename: 'progress.png', content_type: 'image/png', ...PROGRESS_CARD_SIZE },
    ]);
    const served = await fetch(String(message.attachments[0]?.url));
    const image = await decodePng(Buffer.from(await served.arrayBuffer()));
    expect({ width: image.width, height: image.height }).toEqual(PROGRESS_CARD_SIZE);
    expect(isNear(image.pixel(5, 5), '#2b2d31')).toBe(true);
    // Title, axis, labels and the ring's track: a few per cent of the card, never nothing.
    expect(image.shareUnlike(CARD_BACKGROUND)).toBeGreaterThan(0.03);
    // The ring's grey track at its leftmost point (no reviews yet: no coloured arc).
    expect(isNear(image.pixel(650 - 80, 190), CARD_COLORS.grid)).toBe(true);
  });

  it('/leaderboard carries the top 10 as a PNG (medals for the shared first rank) and keeps its 10 text lines', async () => {
    const handle = await running.double.sendCommand({ name: 'leaderboard', options: { period: 'week' } });
    const response = await handle.response();
    const data = response.data as ReplyData;
    expect(data.embeds?.[0]?.description?.split('\n')).toHaveLength(10);
    const message = await handle.waitForMessage();
    expect(message.embeds[0]).toMatchObject({ image: { url: 'attachment://leaderboard.png' } });
    expect(message.attachments).toMatchObject([
      { filename: 'leaderboard.png', content_type: 'image/png', ...LEADERBOARD_CARD_SIZE },
    ]);
    const file = running.double.attachment(String(message.attachments[0]?.id));
    const image = await decodePng(file?.data ?? Buffer.alloc(0));
    expect({ width: image.width, height: image.height }).toEqual(LEADERBOARD_CARD_SIZE);
    // Rows 1-4 share rank 1 (gold badge), row 5 is rank 5 (plain badge); sampled beside the digits.
    for (const row of [0, 3])
      expect(isNear(image.pixel(52, 90 + row * 50 + 21), CARD_COLORS.gold)).toBe(true);
    expect(isNear(image.pixel(52, 90 + 4 * 50 + 21), CARD_COLORS.grid)).toBe(true);
    // A points bar in the accent colour for a scorer, none for a player on 0 points.
    expect(isNear(image.pixel(370, 90 + 21), CARD_COLORS.accent)).toBe(true);
    expect(isNear(image.pixel(370, 90 + 9 * 50 + 21), CARD_COLORS.grid)).toBe(true);
  });

  it('a Next click swaps the card for the next page (one attachment, not two)', async () => {
    const handle = await running.double.sendCommand({ name: 'leaderboard', options: { period: 'week' } });
    const message = await handle.waitForMessage();
    const next = message.components.flatMap((row) => (row.components ?? []) as { custom_id: string }[])[0];
    const click = await running.double.clickButton({ message, customId: next?.custom_id ?? '' });
    expect((await click.response()).type).toBe(CallbackType.updateMessage);
    const updated = running.double.message(message.id);
    expect(updated?.attachments).toHaveLength(1);
    expect(updated?.attachments[0]).toMatchObject({ filename: 'leaderboard.png' });
    expect(updated?.attachments[0]?.id).not.toBe(message.attachments[0]?.id);
    expect(click.errors).toEqual([]);
  });
});

describe('when a card cannot be drawn', () => {
  let running: Running;
  const lines: string[] = [];

  beforeAll(async () => {
    const failing = () => Promise.reject(new Error('canvas unavailable'));
    running = await start({
      cards: { progress: failing, leaderboard: failing },
      logger: pino({ level: 'info' }, { write: (line: string) => lines.push(line) }),
    });
  });

  afterAll(async () => {
    await running.close();
  });

  it('still sends the text reply, without an image, and logs why', async () => {
    const handle = await running.double.sendCommand({ name: 'progress' });
    const message = await handle.waitForMessage();
    expect(handle.errors).toEqual([]);
    expect(message.attachments).toEqual([]);
    expect(message.embeds[0]?.image).toBeUndefined();
    expect(((message.embeds[0]?.fields ?? []) as { name: string }[]).map((f) => f.name)).toContain('Due now');
    const board = await running.double.sendCommand({ name: 'leaderboard', options: { period: 'week' } });
    const boardMessage = await board.waitForMessage();
    expect(String(boardMessage.embeds[0]?.description)).toContain(`<@${players[0] ?? ''}>`);
    expect(boardMessage.attachments).toEqual([]);
    const logged = lines.map(
      (line) => JSON.parse(line) as { msg: string; card?: string; err?: { message: string } },
    );
    expect(logged.filter((l) => l.msg.startsWith('card could not be drawn'))).toMatchObject([
      { card: 'progress', err: { message: 'canvas unavailable' } },
      { card: 'leaderboard', err: { message: 'canvas unavailable' } },
    ]);
  });
});
