import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionFailedError, MessageFlag, startDiscordDouble, type DiscordDouble } from '../src/index.ts';
import { startBot, type TestBot } from './helpers.ts';

const guessRow = (round: string) =>
  new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(`guess:${round}:22`).setLabel('SSH').setStyle(ButtonStyle.Primary),
    new ButtonBuilder().setCustomId(`guess:${round}:3389`).setLabel('RDP').setStyle(ButtonStyle.Secondary),
  );

/** A small bot covering every response kind the double must accept. */
async function handle(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) {
    const typed = interaction.options.getFocused();
    const ports = [22, 80, 443, 3389].filter((port) => String(port).startsWith(typed));
    await interaction.respond(ports.map((port) => ({ name: `Port ${port}`, value: port })));
    return;
  }
  if (interaction.isButton()) {
    const [, , port] = interaction.customId.split(':');
    await interaction.update({ content: port === '3389' ? 'Correct: RDP' : 'Wrong', components: [] });
    return;
  }
  if (interaction.isModalSubmit()) {
    await interaction.reply({ content: `You guessed ${interaction.fields.getTextInputValue('port')}` });
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  switch (interaction.commandName) {
    case 'port':
      await interaction.reply(`Port ${interaction.options.getInteger('port', true)} is RDP`);
      return;
    case 'slow': {
      await interaction.deferReply();
      await interaction.editReply({
        embeds: [new EmbedBuilder().setTitle('RDP').setDescription('Remote Desktop')],
      });
      return;
    }
    case 'file':
      await interaction.reply({
        content: 'ports',
        files: [{ attachment: Buffer.from('22,80,443'), name: 'ports.csv' }],
      });
      return;
    case 'secret':
      await interaction.reply({ content: 'only you', flags: MessageFlags.Ephemeral });
      return;
    case 'more':
      await interaction.reply('first');
      await interaction.followUp('second');
      await interaction.followUp({ content: 'third (ephemeral)', flags: MessageFlags.Ephemeral });
      return;
    case 'think':
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.followUp('done thinking');
      return;
    case 'quiz': {
      const response = await interaction.reply({
        content: 'Which port is RDP?',
        components: [guessRow('r1')],
        withResponse: true,
      });
      await interaction.followUp(`reply id ${response.resource?.message?.id ?? 'none'}`);
      return;
    }
    case 'ask':
      await interaction.showModal(
        new ModalBuilder()
          .setCustomId('guess-modal')
          .setTitle('Guess')
          .addLabelComponents(
            new LabelBuilder()
              .setLabel('Port')
              .setTextInputComponent(
                new TextInputBuilder().setCustomId('port').setStyle(TextInputStyle.Short),
              ),
          ),
      );
      return;
    case 'post': {
      const channel = (await interaction.client.channels.fetch(interaction.channelId)) as TextChannel;
      await channel.send({ content: 'Daily port: which is RDP?', components: [guessRow('daily')] });
      await interaction.reply({ content: 'posted', flags: MessageFlags.Ephemeral });
      return;
    }
    default:
      await interaction.reply('unknown command');
  }
}

describe('interactions answered by the real discord.js client', () => {
  let double: DiscordDouble;
  let bot: TestBot;

  beforeAll(async () => {
    double = await startDiscordDouble();
    bot = await startBot(double, handle);
  });

  afterAll(async () => {
    await bot.client.destroy();
    await double.close();
  });

  it('delivers a slash command with typed options and records the reply', async () => {
    const handleCommand = await double.sendCommand({ name: 'port', options: { port: 3389 } });
    const response = await handleCommand.response();
    expect(response).toMatchObject({ type: 4, data: { content: 'Port 3389 is RDP' } });
    expect(handleCommand.message()).toMatchObject({ content: 'Port 3389 is RDP', type: 20, flags: 0 });
    expect(handleCommand.latencyMs).toBeGreaterThan(0);
    const channelId = double.guilds[0]!.channels[0]!.id;
    expect(double.channelMessages(channelId).map((message) => message.content)).toContain('Port 3389 is RDP');
  });

  it('shows "thinking" after deferReply and the embed after editReply', async () => {
    const interaction = await double.sendCommand({ name: 'slow' });
    expect((await interaction.response()).type).toBe(5);
    const message = await interaction.waitForMessage((m) => m.embeds.length > 0);
    expect(message.flags & MessageFlag.loading).toBe(0);
    expect(message.edited_timestamp).not.toBeNull();
    expect(message.embeds[0]).toMatchObject({ title: 'RDP', description: 'Remote Desktop' });
  });

  it('reads multipart replies with files (payload_json) and keeps attachment names', async () => {
    const interaction = await double.sendCommand({ name: 'file' });
    const message = await interaction.waitForMessage();
    expect(message.content).toBe('ports');
    expect(message.attachments).toMatchObject([{ filename: 'ports.csv' }]);
  });

  it('records ephemeral replies and keeps them out of the channel history', async () => {
    const interaction = await double.sendCommand({ name: 'secret' });
    const message = await interaction.waitForMessage();
    expect(message.flags & MessageFlag.ephemeral).toBe(MessageFlag.ephemeral);
    expect(double.channelMessages(message.channel_id).some((m) => m.id === message.id)).toBe(false);
  });

  it('records follow-ups, each with its own flags', async () => {
    const interaction = await double.sendCommand({ name: 'more' });
    await interaction.waitForFollowUp((m) => m.content.startsWith('third'));
    expect(interaction.message()?.content).toBe('first');
    expect(interaction.followUps().map((m) => [m.content, m.flags & MessageFlag.ephemeral])).toEqual([
      ['second', 0],
      ['third (ephemeral)', MessageFlag.ephemeral],
    ]);
  });

  it('lets the first follow-up after a defer replace the thinking message (edge)', async () => {
    const interaction = await double.sendCommand({ name: 'think' });
    const message = await interaction.waitForMessage();
    expect(message.content).toBe('done thinking');
    expect(message.flags & MessageFlag.ephemeral).toBe(MessageFlag.ephemeral);
    expect(interaction.followUps()).toEqual([]);
  });

  it('answers autocomplete with filtered choices for the focused option', async () => {
    const interaction = await double.sendAutocomplete({
      name: 'port',
      options: { port: '3' },
      focused: 'port',
    });
    expect(interaction.payload).toMatchObject({
      type: 4,
      data: { options: [{ name: 'port', value: '3', focused: true }] },
    });
    expect(await interaction.response()).toEqual({
      type: 8,
      data: { choices: [{ name: 'Port 3389', value: 3389 }] },
    });
  });

  it('clicks a button on the reply and sees the update; with_response returns the message', async () => {
    const quiz = await double.sendCommand({ name: 'quiz' });
    const question = await quiz.waitForMessage();
    const followUp = await quiz.waitForFollowUp();
    expect(followUp.content).toBe(`reply id ${question.id}`);
    const click = await double.clickButton({ message: question, customId: 'guess:r1:3389' });
    expect((await click.response()).type).toBe(7);
    expect(click.message()).toMatchObject({ id: question.id, content: 'Correct: RDP', components: [] });
    expect(quiz.message()?.content).toBe('Correct: RDP');
  });

  it('refuses to click a button that is not on the message (a user could not)', async () => {
    const quiz = await double.sendCommand({ name: 'quiz' });
    const question = await quiz.waitForMessage();
    await expect(double.clickButton({ message: question, customId: 'guess:other:22' })).rejects.toThrow(
      /has no button/,
    );
  });

  it('shows a modal and delivers its submission', async () => {
    const ask = await double.sendCommand({ name: 'ask' });
    const response = await ask.response();
    expect(response.type).toBe(9);
    expect(response.data).toMatchObject({ custom_id: 'guess-modal', title: 'Guess' });
    const submit = await double.submitModal({ customId: 'guess-modal', fields: { port: '3389' } });
    expect((await submit.waitForMessage()).content).toBe('You guessed 3389');
  });

  it('stores channel messages the bot posts and lets users click their buttons', async () => {
    const post = await double.sendCommand({ name: 'post' });
    await post.waitForMessage();
    const channelId = double.guilds[0]!.channels[0]!.id;
    const daily = double
      .channelMessages(channelId)
      .find((message) => message.content.startsWith('Daily port'));
    expect(daily).toMatchObject({ channel_id: channelId, type: 0, author: { id: double.bot.id } });
    const click = await double.clickButton({ message: daily!.id, customId: 'guess:daily:22' });
    expect((await click.waitForMessage((m) => m.content === 'Wrong')).id).toBe(daily!.id);
  });

  it('works in DMs: user instead of member, no guild', async () => {
    const interaction = await double.sendCommand({ name: 'port', options: { port: 22 }, guildId: null });
    expect(interaction.payload.guild_id).toBeUndefined();
    expect(interaction.payload).toHaveProperty('user');
    expect((await interaction.waitForMessage()).content).toBe('Port 22 is RDP');
  });

  it('rejects waitForFollowUp when no follow-up comes (guard timeout)', async () => {
    const interaction = await double.sendCommand({ name: 'port', options: { port: 1 } });
    await interaction.response();
    await expect(interaction.waitForFollowUp(undefined, { timeoutMs: 50 })).rejects.toBeInstanceOf(
      InteractionFailedError,
    );
  });
});
