import { REST, Routes, type TextChannel } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordDouble, type DiscordDouble, type DiscordDoubleOptions } from '../src/index.ts';
import { startBot, type TestBot } from './helpers.ts';

describe('rate limits as Discord answers them', () => {
  let double: DiscordDouble | undefined;
  let bot: TestBot | undefined;

  const start = async (options: DiscordDoubleOptions): Promise<DiscordDouble> => {
    double = await startDiscordDouble(options);
    return double;
  };

  afterEach(async () => {
    await bot?.client.destroy();
    await double?.close();
    bot = undefined;
    double = undefined;
  });

  const post = (target: DiscordDouble, channelId: string, content: string) =>
    fetch(`${target.restApiUrl}/v10/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${target.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content }),
    });

  it('sends bucket headers, then 429 with retry_after and counts it (not a violation)', async () => {
    const target = await start({});
    const channelId = target.guilds[0]!.channels[0]!.id;
    const first = await post(target, channelId, 'one');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('5');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('4');
    expect(first.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{16}$/);
    expect(Number(first.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(0);
    for (const content of ['two', 'three', 'four', 'five'])
      expect((await post(target, channelId, content)).status).toBe(200);
    const limited = await post(target, channelId, 'six');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(await limited.json()).toMatchObject({ message: 'You are being rate limited.', global: false });
    expect(target.rateLimits).toMatchObject({ total: 1, byName: { messageCreate: 1 } });
    expect(target.violations).toEqual([]);
    expect(target.channelMessages(channelId)).toHaveLength(5);
  });

  it('lets discord.js push 20 quick edits of one message through its queue with no 429', async () => {
    const target = await start({ rateLimits: { messageEdit: { limit: 5, windowMs: 300 } } });
    bot = await startBot(target, () => Promise.resolve());
    const channel = (await bot.client.channels.fetch(target.guilds[0]!.channels[0]!.id)) as TextChannel;
    const scoreboard = await channel.send('Scoreboard: 0');
    const edits = await Promise.all(
      Array.from({ length: 20 }, (_, index) => scoreboard.edit(`Scoreboard: ${index + 1}`)),
    );
    expect(edits).toHaveLength(20);
    expect(target.messageRecord(scoreboard.id)).toMatchObject({
      edits: 20,
      message: { content: 'Scoreboard: 20' },
    });
    expect(target.rateLimits.byName.messageEdit).toBe(0);
  }, 30_000);

  it('answers 429 to two processes sharing the token, and their discord.js queues retry every edit', async () => {
    const target = await start({ rateLimits: { messageEdit: { limit: 5, windowMs: 300 } } });
    const channelId = target.guilds[0]!.channels[0]!.id;
    const [oldProcess, newProcess] = [0, 1].map(() =>
      new REST({ api: target.restApiUrl }).setToken(target.token),
    );
    const message = (await oldProcess!.post(Routes.channelMessages(channelId), {
      body: { content: 'live' },
    })) as {
      id: string;
    };
    const edit = (rest: REST, text: string) =>
      rest.patch(Routes.channelMessage(channelId, message.id), { body: { content: text } });
    await Promise.all(
      Array.from({ length: 8 }, (_, index) => [
        edit(oldProcess!, `old ${index}`),
        edit(newProcess!, `new ${index}`),
      ]).flat(),
    );
    expect(target.messageRecord(message.id)?.edits).toBe(16);
    expect(target.rateLimits.byName.messageEdit).toBeGreaterThan(0);
    expect(target.rateLimits.events[0]).toMatchObject({ name: 'messageEdit', method: 'PATCH' });
  }, 30_000);

  it('limits every authenticated route together (global), but not interaction callbacks', async () => {
    const target = await start({
      rateLimits: { global: { limit: 3, windowMs: 60_000 }, messageCreate: false },
    });
    const channelId = target.guilds[0]!.channels[0]!.id;
    for (const content of ['a', 'b', 'c']) expect((await post(target, channelId, content)).status).toBe(200);
    const limited = await post(target, channelId, 'd');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-global')).toBe('true');
    expect(await limited.json()).toMatchObject({ global: true });
    const callback = await fetch(`${target.restApiUrl}/v10/interactions/1/token/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'hi' } }),
    });
    expect(callback.status).toBe(404); // unknown interaction, not 429
    expect(target.rateLimits.byName.global).toBe(1);
  });

  it('can be turned off per double (edge)', async () => {
    const target = await start({ rateLimits: { enabled: false } });
    const channelId = target.guilds[0]!.channels[0]!.id;
    for (let index = 0; index < 8; index += 1) {
      const response = await post(target, channelId, `m${index}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ratelimit-limit')).toBeNull();
    }
    expect(target.rateLimits.total).toBe(0);
  });
});
