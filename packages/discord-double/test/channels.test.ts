import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  PermissionFlagsBits,
  type TextChannel,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordDouble, type DiscordDouble } from '../src/index.ts';
import { startBot, type TestBot } from './helpers.ts';

const row = (isDisabled = false) =>
  new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId('drill:1:a')
      .setLabel('22')
      .setStyle(ButtonStyle.Primary)
      .setDisabled(isDisabled),
    new ButtonBuilder()
      .setCustomId('drill:1:b')
      .setLabel('3389')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(isDisabled),
  );

/** The API error a rejected discord.js call carries. */
async function apiError(call: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DiscordAPIError);
  return error as DiscordAPIError;
}

describe('channel messages through the real discord.js client', () => {
  let clock = Date.UTC(2026, 10, 27, 9, 0, 0);
  let double: DiscordDouble;
  let bot: TestBot;
  let guildId: string;

  const textChannel = async (id: string): Promise<TextChannel> =>
    (await bot.client.channels.fetch(id)) as TextChannel;

  beforeAll(async () => {
    double = await startDiscordDouble({ now: () => clock, rateLimits: { enabled: false } });
    bot = await startBot(double, () => Promise.resolve());
    guildId = double.guilds[0]!.id;
  });

  afterAll(async () => {
    await bot.client.destroy();
    await double.close();
  });

  it('sends, fetches, lists, edits (disabling the buttons) and deletes a message', async () => {
    const { id: channelId } = double.createChannel(guildId, { name: 'daily' });
    const channel = await textChannel(channelId);
    const sent = await channel.send({
      content: 'Daily port: which one is RDP?',
      embeds: [new EmbedBuilder().setTitle('Port quiz')],
      components: [row()],
    });
    expect(sent.channelId).toBe(channelId);
    expect((await channel.messages.fetch(sent.id)).content).toBe('Daily port: which one is RDP?');
    await channel.send('second');
    const listed = await channel.messages.fetch({ limit: 10 });
    expect([...listed.values()].map((message) => message.content)).toEqual([
      'second',
      'Daily port: which one is RDP?',
    ]);
    await sent.edit({ content: 'Round over', components: [row(true)] });
    const record = double.messageRecord(sent.id)!;
    expect(record.edits).toBe(1);
    expect(record.message.components[0]).toMatchObject({
      components: [{ disabled: true }, { disabled: true }],
    });
    await expect(double.clickButton({ message: sent.id, customId: 'drill:1:a' })).rejects.toThrow(/disabled/);
    await sent.delete();
    expect(double.channelMessages(channelId).map((message) => message.content)).toEqual(['second']);
    const gone = await apiError(channel.messages.fetch({ message: sent.id, force: true }));
    expect(gone.code).toBe(10008);
  });

  it('returns the first message for a retried nonce with enforce_nonce, by the double clock', async () => {
    const channel = await textChannel(double.createChannel(guildId, { name: 'nonce' }).id);
    const nonce = `daily:${guildId.slice(-6)}:2026-11-27`;
    const first = await channel.send({ content: 'Daily port', nonce, enforceNonce: true });
    const retry = await channel.send({ content: 'Daily port', nonce, enforceNonce: true });
    expect(retry.id).toBe(first.id);
    expect(double.channelMessages(channel.id)).toHaveLength(1);
    // Without enforce_nonce, or once the window has passed, a second message is created.
    const loose = await channel.send({ content: 'Daily port', nonce });
    expect(loose.id).not.toBe(first.id);
    clock += 5 * 60_000 + 1;
    const later = await channel.send({ content: 'Daily port', nonce, enforceNonce: true });
    expect(later.id).not.toBe(first.id);
    const tooLong = await apiError(channel.send({ content: 'x', nonce: 'n'.repeat(26), enforceNonce: true }));
    expect(tooLong.code).toBe(50035);
  });

  it('refuses without SEND_MESSAGES (50013), without VIEW_CHANNEL (50001), and embeds without EMBED_LINKS', async () => {
    const botRole = double.botRole(guildId).id;
    const muted = double.createChannel(guildId, { name: 'muted' });
    double.setOverwrite(muted.id, { id: guildId, deny: PermissionFlagsBits.SendMessages });
    double.setOverwrite(muted.id, { id: botRole, deny: PermissionFlagsBits.SendMessages });
    const mutedChannel = await textChannel(muted.id);
    expect((await apiError(mutedChannel.send('hello'))).code).toBe(50013);
    // An admin hides the channel from everyone after the bot cached it.
    const hidden = double.createChannel(guildId, { name: 'staff' });
    const hiddenChannel = await textChannel(hidden.id);
    double.setOverwrite(hidden.id, { id: guildId, deny: PermissionFlagsBits.ViewChannel });
    const missingAccess = await apiError(hiddenChannel.send('hello'));
    expect([missingAccess.code, missingAccess.status]).toEqual([50001, 403]);
    const plain = double.createChannel(guildId, { name: 'plain' });
    double.setOverwrite(plain.id, { id: botRole, deny: PermissionFlagsBits.EmbedLinks });
    double.setOverwrite(plain.id, { id: guildId, deny: PermissionFlagsBits.EmbedLinks });
    const plainChannel = await textChannel(plain.id);
    expect((await apiError(plainChannel.send({ embeds: [{ title: 'x' }] }))).code).toBe(50013);
    expect((await plainChannel.send('text is fine')).content).toBe('text is fine');
    expect(double.violations.filter((v) => v.code === 50013).length).toBeGreaterThanOrEqual(2);
  });

  it('answers 10003 once a channel is deleted, and 50035 for limits the interaction rules share', async () => {
    const doomed = double.createChannel(guildId, { name: 'doomed' });
    const channel = await textChannel(doomed.id);
    double.deleteChannel(doomed.id);
    const unknown = await apiError(channel.send('anyone?'));
    expect([unknown.code, unknown.status]).toEqual([10003, 404]);
    const general = await textChannel(double.guilds[0]!.channels[0]!.id);
    expect((await apiError(general.send('x'.repeat(2001)))).code).toBe(50035);
    const tooManyRows = Array.from({ length: 6 }, (_, index) =>
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId(`b${index}`).setLabel('b').setStyle(ButtonStyle.Primary),
      ),
    );
    expect((await apiError(general.send({ content: 'rows', components: tooManyRows }))).code).toBe(50035);
  });

  it('resolves mentions as allowed_mentions permits (edge)', async () => {
    const player = double.createUser({ username: 'ada' });
    double.addMember(guildId, player);
    const general = await textChannel(double.guilds[0]!.channels[0]!.id);
    const pinged = await general.send({ content: `<@${player.id}> streak!` });
    expect(double.message(pinged.id)?.mentions).toMatchObject([{ id: player.id }]);
    const quiet = await general.send({ content: `<@${player.id}> streak!`, allowedMentions: { parse: [] } });
    expect(double.message(quiet.id)?.mentions).toEqual([]);
    const everyone = await general.send({ content: '@everyone daily is up' });
    // The bot has no MENTION_EVERYONE by default.
    expect(double.message(everyone.id)?.mention_everyone).toBe(false);
  });
});

describe('guilds and channels created while the bot is logged in', () => {
  it('reach discord.js as GUILD_CREATE, CHANNEL_CREATE and CHANNEL_DELETE', async () => {
    const double = await startDiscordDouble();
    const bot = await startBot(double, () => Promise.resolve());
    try {
      const joined = new Promise<string>((resolve) => {
        bot.client.once(Events.GuildCreate, (guild) => {
          resolve(guild.name);
        });
      });
      const guild = double.createGuild({ name: 'Second server', channels: [{ name: 'quiz' }] });
      expect(await joined).toBe('Second server');
      const cached = bot.client.guilds.cache.get(guild.id)!;
      expect(cached.channels.cache.map((channel) => channel.name)).toEqual(['quiz']);
      expect(cached.members.me?.roles.cache.some((role) => role.managed)).toBe(true);
      const created = new Promise<string>((resolve) => {
        bot.client.once(Events.ChannelCreate, (channel) => {
          resolve(channel.name);
        });
      });
      const daily = double.createChannel(guild.id, { name: 'daily', type: 5 });
      expect(await created).toBe('daily');
      const deleted = new Promise<string>((resolve) => {
        bot.client.once(Events.ChannelDelete, (channel) => {
          resolve(channel.id);
        });
      });
      double.deleteChannel(daily.id);
      expect(await deleted).toBe(daily.id);
      expect(cached.channels.cache.has(daily.id)).toBe(false);
    } finally {
      await bot.client.destroy();
      await double.close();
    }
  });
});
