import {
  ChannelType,
  DiscordAPIError,
  PermissionFlagsBits,
  ThreadAutoArchiveDuration,
  type TextChannel,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordDouble, type DiscordDouble } from '../src/index.ts';
import { startBot, type TestBot } from './helpers.ts';

async function apiError(call: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DiscordAPIError);
  return error as DiscordAPIError;
}

describe('threads and pins through the real discord.js client', () => {
  let double: DiscordDouble;
  let bot: TestBot;
  let guildId: string;

  const textChannel = async (id: string): Promise<TextChannel> =>
    (await bot.client.channels.fetch(id)) as TextChannel;

  beforeAll(async () => {
    double = await startDiscordDouble({ rateLimits: { enabled: false } });
    bot = await startBot(double, () => Promise.resolve(), undefined, { globalRequestsPerSecond: 10_000 });
    guildId = double.guilds[0]!.id;
  });

  afterAll(async () => {
    await bot.client.destroy();
    await double.close();
  });

  it('starts a thread from a message (same id), posts in it, and refuses a second start with 160004', async () => {
    const channel = await textChannel(double.createChannel(guildId, { name: 'daily' }).id);
    const post = await channel.send('Daily port #1');
    const thread = await post.startThread({
      name: 'Answers',
      autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
    });
    expect(thread.id).toBe(post.id);
    expect(thread.type).toBe(ChannelType.PublicThread);
    expect(thread.parentId).toBe(channel.id);
    await thread.send('Answer: 3389 is RDP');
    expect(double.channelMessages(thread.id).map((message) => message.content)).toEqual([
      'Answer: 3389 is RDP',
    ]);
    expect(double.threads(channel.id).map((t) => t.id)).toEqual([post.id]);
    expect(double.message(post.id)?.thread).toMatchObject({ id: post.id, name: 'Answers' });
    // A retried start (stale message object, or by id) gets 160004: treat it as done.
    const again = await apiError(channel.threads.create({ name: 'Answers', startMessage: post.id }));
    expect(again.code).toBe(160004);
    const badDuration = await channel.send('Daily port #2');
    const invalid = await apiError(
      bot.client.rest.post(`/channels/${channel.id}/messages/${badDuration.id}/threads`, {
        body: { name: 'x', auto_archive_duration: 99 },
      }),
    );
    expect(invalid.code).toBe(50035);
  });

  it('needs CREATE_PUBLIC_THREADS to start and SEND_MESSAGES_IN_THREADS to post; archived threads refuse edits', async () => {
    const botRole = double.botRole(guildId).id;
    const channel = await textChannel(double.createChannel(guildId, { name: 'no-threads' }).id);
    const post = await channel.send('Daily port');
    double.setOverwrite(channel.id, { id: botRole, deny: PermissionFlagsBits.CreatePublicThreads });
    expect((await apiError(post.startThread({ name: 'Answers' }))).code).toBe(50013);
    double.removeOverwrite(channel.id, botRole);
    const thread = await post.startThread({ name: 'Answers' });
    const reply = await thread.send('first');
    double.archiveThread(thread.id);
    expect((await apiError(reply.edit('edited'))).code).toBe(50083);
    // A new message unarchives it (not locked).
    await thread.send('second');
    expect(double.findChannel(thread.id)?.channel.thread?.archived).toBe(false);
    double.setOverwrite(channel.id, { id: botRole, deny: PermissionFlagsBits.SendMessagesInThreads });
    expect((await apiError(thread.send('third'))).code).toBe(50013);
    // SEND_MESSAGES in the parent is not what threads need.
    expect(double.permissionsIn(channel.id) & PermissionFlagsBits.SendMessages).toBe(
      PermissionFlagsBits.SendMessages,
    );
  });

  it('refuses threads in a thread (50024) and accepts them in announcement channels (type 10)', async () => {
    const news = await textChannel(double.createChannel(guildId, { name: 'news', type: 5 }).id);
    const post = await news.send('Weekly results');
    const thread = await post.startThread({ name: 'Talk' });
    expect(thread.type).toBe(ChannelType.AnnouncementThread);
    const inner = await thread.send('inside');
    const refused = await apiError(
      bot.client.rest.post(`/channels/${thread.id}/messages/${inner.id}/threads`, {
        body: { name: 'deeper' },
      }),
    );
    expect(refused.code).toBe(50024);
  });

  it('pins idempotently with PIN_MESSAGES, lists and unpins; refuses without it (50013)', async () => {
    const channel = await textChannel(double.createChannel(guildId, { name: 'pins' }).id);
    const first = await channel.send('Daily #1');
    const second = await channel.send('Daily #2');
    await first.pin();
    await first.pin();
    await second.pin();
    expect(double.pins(channel.id).map((message) => message.id)).toEqual([second.id, first.id]);
    const page = await channel.messages.fetchPins();
    expect(page.items.map((item) => item.message.id)).toEqual([second.id, first.id]);
    expect(page.hasMore).toBe(false);
    expect(double.message(first.id)?.pinned).toBe(true);
    expect(double.messageRecord(first.id)?.edits).toBe(0);
    await first.unpin();
    expect(double.pins(channel.id).map((message) => message.id)).toEqual([second.id]);
    // MANAGE_MESSAGES alone no longer pins since the 2026 split.
    const botRole = double.botRole(guildId);
    double.setRolePermissions(
      guildId,
      botRole.id,
      (BigInt(botRole.permissions) & ~PermissionFlagsBits.PinMessages) | PermissionFlagsBits.ManageMessages,
    );
    expect((await apiError(first.pin())).code).toBe(50013);
    double.setRolePermissions(
      guildId,
      botRole.id,
      BigInt(botRole.permissions) | PermissionFlagsBits.PinMessages,
    );
  });

  it('stops at 250 pins with 30003 (edge)', async () => {
    const channel = await textChannel(double.createChannel(guildId, { name: 'many-pins' }).id);
    const sent = await Promise.all(Array.from({ length: 251 }, (_, index) => channel.send(`post ${index}`)));
    await Promise.all(sent.slice(0, 250).map((message) => message.pin()));
    expect(double.pins(channel.id)).toHaveLength(250);
    const full = await apiError(sent[250]!.pin());
    expect([full.code, full.status]).toEqual([30003, 400]);
    await sent[0]!.pin(); // already pinned: still fine
  }, 60_000);
});
