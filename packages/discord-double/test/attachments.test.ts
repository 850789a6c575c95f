import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  MessageFlags,
  PermissionFlagsBits,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentLimits, startDiscordDouble, type DiscordDouble } from '../src/index.ts';
import { startBot, type TestBot } from './helpers.ts';
import { solidPng } from './png.ts';

const card = solidPng(320, 180, [30, 144, 255, 255]);
const broken = card.subarray(0, card.length - 12); // no IEND: a truncated upload

/** A bot whose commands upload files the ways discord.js can. */
async function handle(interaction: Interaction): Promise<void> {
  if (interaction.isButton()) {
    await interaction.update({ files: [{ attachment: solidPng(10, 10), name: 'page2.png' }] });
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  switch (interaction.commandName) {
    case 'card':
      await interaction.reply({
        embeds: [{ title: 'Progress', image: { url: 'attachment://progress.png' } }],
        files: [{ attachment: card, name: 'progress.png' }],
        components: [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder().setCustomId('next').setLabel('Next').setStyle(ButtonStyle.Secondary),
          ),
        ],
        flags: MessageFlags.Ephemeral,
      });
      return;
    case 'later':
      await interaction.deferReply();
      await interaction.editReply({ content: 'drawn', files: [{ attachment: card, name: 'later.png' }] });
      await interaction.followUp({ files: [{ attachment: Buffer.from('a,b'), name: 'rows.csv' }] });
      return;
    case 'broken':
      await interaction.reply({ content: 'text', files: [{ attachment: broken, name: 'card.png' }] });
      return;
    case 'eleven':
      await interaction.reply({
        files: Array.from({ length: 11 }, (_, i) => ({
          attachment: Buffer.from(String(i)),
          name: `${i}.txt`,
        })),
      });
      return;
    case 'huge':
      await interaction.reply({
        files: [{ attachment: Buffer.alloc(AttachmentLimits.maxFileBytes + 1), name: 'huge.bin' }],
      });
      return;
  }
}

async function apiError(call: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DiscordAPIError);
  return error as DiscordAPIError;
}

describe('file uploads through the real discord.js client', () => {
  let double: DiscordDouble;
  let bot: TestBot;
  let guildId: string;

  beforeAll(async () => {
    double = await startDiscordDouble({ rateLimits: { enabled: false } });
    bot = await startBot(double, handle);
    guildId = double.guilds[0]!.id;
  });

  afterAll(async () => {
    await bot.client.destroy();
    await double.close();
  });

  it('stores a reply PNG (type, size, dimensions) and serves its bytes at its URL', async () => {
    const interaction = await double.sendCommand({ name: 'card' });
    const message = await interaction.waitForMessage();
    expect(message.embeds[0]).toMatchObject({ image: { url: 'attachment://progress.png' } });
    expect(message.attachments).toMatchObject([
      { filename: 'progress.png', content_type: 'image/png', size: card.length, width: 320, height: 180 },
    ]);
    const [attachment] = message.attachments;
    const response = await fetch(String(attachment?.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer()).equals(card)).toBe(true);
    expect(double.attachment(String(attachment?.id))?.data.equals(card)).toBe(true);
    expect(interaction.errors).toEqual([]);
  });

  it('replaces the attachments on update (type 7) with the new file only', async () => {
    const first = await double.sendCommand({ name: 'card' });
    const message = await first.waitForMessage();
    const click = await double.clickButton({ message, customId: 'next' });
    await click.response();
    const updated = double.message(message.id);
    expect(updated?.attachments).toMatchObject([{ filename: 'page2.png', width: 10, height: 10 }]);
    expect(click.errors).toEqual([]);
  });

  it('takes files on editReply after a defer and on follow-ups', async () => {
    const interaction = await double.sendCommand({ name: 'later' });
    const reply = await interaction.waitForMessage((m) => m.content === 'drawn');
    expect(reply.attachments).toMatchObject([{ filename: 'later.png', width: 320 }]);
    const followUp = await interaction.waitForFollowUp();
    expect(followUp.attachments).toMatchObject([{ filename: 'rows.csv', size: 3 }]);
  });

  it('refuses a broken .png with 50046 and records it on the interaction', async () => {
    const interaction = await double.sendCommand({ name: 'broken' });
    const error = await bot.nextError();
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50046, status: 400, rawError: { message: 'Invalid file uploaded' } });
    expect(interaction.errors).toMatchObject([{ code: 50046 }]);
    expect(interaction.message()).toBeUndefined();
  });

  it('refuses eleven files (30015) and a file over 10 MiB (413, 40005)', async () => {
    const eleven = await double.sendCommand({ name: 'eleven' });
    expect(await bot.nextError()).toMatchObject({ code: 30015, status: 400 });
    expect(eleven.errors).toMatchObject([{ code: 30015 }]);
    const huge = await double.sendCommand({ name: 'huge' });
    expect(await bot.nextError()).toMatchObject({ code: 40005, status: 413 });
    expect(huge.errors).toMatchObject([{ code: 40005 }]);
  });

  it('channel messages: uploads, an edit keeping only the listed attachment, and ATTACH_FILES', async () => {
    const { id: channelId } = double.createChannel(guildId, { name: 'cards' });
    const channel = (await bot.client.channels.fetch(channelId)) as TextChannel;
    const sent = await channel.send({
      files: [
        { attachment: card, name: 'a.png' },
        { attachment: solidPng(2, 2), name: 'b.png' },
      ],
    });
    expect(sent.attachments.map((a) => [a.name, a.width, a.height])).toEqual([
      ['a.png', 320, 180],
      ['b.png', 2, 2],
    ]);
    const keep = sent.attachments.first();
    const edited = await sent.edit({ attachments: keep ? [keep] : [] });
    expect(edited.attachments.map((a) => a.name)).toEqual(['a.png']);
    expect(double.message(sent.id)?.attachments).toHaveLength(1);

    double.setOverwrite(channelId, { id: double.botRole(guildId).id, deny: PermissionFlagsBits.AttachFiles });
    const denied = await apiError(channel.send({ files: [{ attachment: card, name: 'c.png' }] }));
    expect(denied.code).toBe(50013);
    expect((await channel.send('text still works')).content).toBe('text still works');
  });

  it('refuses an attachments entry naming no upload (50035 ATTACHMENT_NOT_FOUND), over raw HTTP', async () => {
    const { id: channelId } = double.createChannel(guildId, { name: 'raw' });
    const form = new FormData();
    form.append('payload_json', JSON.stringify({ content: 'x', attachments: [{ id: 0 }, { id: 3 }] }));
    form.append('files[0]', new Blob([card], { type: 'image/png' }), 'a.png');
    const response = await fetch(`${double.restApiUrl}/v10/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${double.token}` },
      body: form,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 50035,
      message: 'Invalid Form Body',
      errors: {
        attachments: {
          '1': { _errors: [{ code: 'ATTACHMENT_NOT_FOUND', message: 'Attachment data not found' }] },
        },
      },
    });
    expect(double.channelMessages(channelId)).toEqual([]);
    expect(double.violations.at(-1)).toMatchObject({ code: 50035 });
  });

  it('answers 404 for an attachment URL the double never stored', async () => {
    const response = await fetch(`${double.restApiUrl.replace(/\/api$/, '')}/attachments/1/2/nothing.png`);
    expect(response.status).toBe(404);
  });
});
