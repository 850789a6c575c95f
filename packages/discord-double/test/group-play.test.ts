import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  TextInputBuilder,
  TextInputStyle,
  type ButtonInteraction,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startDiscordDouble,
  timestampFromSnowflake,
  type DiscordDouble,
  type DoubleMessage,
  type JsonObject,
} from '../src/index.ts';
import { startBot, type TestBot } from './helpers.ts';

const drillRow = (round: string, isDisabled = false) =>
  new ActionRowBuilder<ButtonBuilder>().addComponents(
    ...['22', '3389', 'type', 'join', 'end'].map((choice) =>
      new ButtonBuilder()
        .setCustomId(`drill:${round}:${choice}`)
        .setLabel(choice)
        .setStyle(ButtonStyle.Secondary)
        .setDisabled(isDisabled),
    ),
  );

/** Answers in arrival order, timed by the interaction snowflake (as the drill feature will). */
const answers: { userId: string; choice: string; at: number }[] = [];

async function onButton(interaction: ButtonInteraction): Promise<void> {
  const [, round = '', choice = ''] = interaction.customId.split(':');
  if (choice === 'type') {
    await interaction.showModal(
      new ModalBuilder()
        .setCustomId(`drill-typed:${round}`)
        .setTitle('Your answer')
        .addLabelComponents(
          new LabelBuilder()
            .setLabel('Port')
            .setTextInputComponent(new TextInputBuilder().setCustomId('port').setStyle(TextInputStyle.Short)),
        ),
    );
    return;
  }
  if (choice === 'join') {
    await interaction.deferUpdate();
    await interaction.editReply({ content: `Players: ${interaction.user.username}` });
    return;
  }
  if (choice === 'end') {
    await interaction.update({ content: 'Round over', components: [drillRow(round, true)] });
    await interaction.followUp({ content: `${answers.length} answers` });
    return;
  }
  answers.push({ userId: interaction.user.id, choice, at: interaction.createdTimestamp });
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await interaction.editReply(`Locked in ${choice}`);
}

async function handle(interaction: Interaction): Promise<void> {
  if (interaction.isButton()) {
    await onButton(interaction);
    return;
  }
  if (interaction.isModalSubmit() && interaction.isFromMessage()) {
    const typed = interaction.fields.getTextInputValue('port');
    answers.push({ userId: interaction.user.id, choice: typed, at: interaction.createdTimestamp });
    await interaction.update({
      content: `Typed answers: ${answers.filter((a) => a.choice === typed).length}`,
    });
    return;
  }
  if (interaction.isChatInputCommand() && interaction.commandName === 'drill') {
    const channel = (await interaction.client.channels.fetch(interaction.channelId)) as TextChannel;
    await channel.send({ content: 'Drill: which port is RDP?', components: [drillRow('r1')] });
    await interaction.reply({ content: 'Drill started', flags: MessageFlags.Ephemeral });
  }
}

describe('several users playing on one channel message', () => {
  let clock = Date.UTC(2026, 10, 27, 18, 0, 0);
  let double: DiscordDouble;
  let bot: TestBot;
  let drill: DoubleMessage;

  beforeAll(async () => {
    double = await startDiscordDouble({ now: () => clock });
    bot = await startBot(double, handle);
    const guildId = double.guilds[0]!.id;
    const quizzer = double.createRole(guildId, { name: 'quizzer' });
    for (const name of ['alice', 'bob'])
      double.addMember(guildId, double.createUser({ username: name }), [quizzer.id]);
    double.addMember(guildId, double.createUser({ username: 'carol' }));
    const start = await double.sendCommand({ name: 'drill' });
    await start.waitForMessage();
    drill = await double.waitForMessage((message) => message.content.startsWith('Drill'));
  });

  afterAll(async () => {
    await bot.client.destroy();
    await double.close();
  });

  const member = (name: string) => double.guilds[0]!.members.find((m) => m.user.username === name)!;

  it('dispatches each click with its member, roles, permissions and a snowflake from the double clock', async () => {
    const channelId = drill.channel_id;
    double.setOverwrite(channelId, { id: member('carol').user.id, deny: PermissionFlagsBits.SendMessages });
    const clicks = [];
    for (const [name, choice] of [
      ['bob', '3389'],
      ['alice', '22'],
      ['carol', '3389'],
    ] as const) {
      clock += 250;
      clicks.push(
        await double.clickButton({ message: drill, customId: `drill:r1:${choice}`, user: member(name).user }),
      );
    }
    const replies = await Promise.all(clicks.map((click) => click.waitForMessage()));
    expect(replies.map((reply) => reply.content)).toEqual([
      'Locked in 3389',
      'Locked in 22',
      'Locked in 3389',
    ]);
    expect(clicks.map((click) => timestampFromSnowflake(click.id))).toEqual([
      clock - 500,
      clock - 250,
      clock,
    ]);
    expect(answers.map((answer) => answer.at)).toEqual([clock - 500, clock - 250, clock]);
    const payloads = clicks.map(
      (click) => click.payload as JsonObject & { member: JsonObject; message: JsonObject },
    );
    expect(payloads.map((payload) => (payload.member.user as JsonObject).id)).toEqual(
      ['bob', 'alice', 'carol'].map((name) => member(name).user.id),
    );
    expect(payloads[0]!.member.roles).toEqual(member('bob').roles);
    expect(payloads[2]!.member.roles).toEqual([]);
    const carolPermissions = BigInt(payloads[2]!.member.permissions as string);
    expect(carolPermissions & PermissionFlagsBits.SendMessages).toBe(0n);
    expect(BigInt(payloads[0]!.member.permissions as string) & PermissionFlagsBits.SendMessages).toBe(
      PermissionFlagsBits.SendMessages,
    );
    expect(
      payloads.every((payload) => payload.app_permissions === String(double.permissionsIn(channelId))),
    ).toBe(true);
    expect(payloads.every((payload) => payload.message.id === drill.id)).toBe(true);
    // Replies are ephemeral: the channel still holds the drill message alone.
    expect(double.channelMessages(channelId).map((message) => message.id)).toEqual([drill.id]);
  });

  it('runs button -> modal -> submit, and the submit updates the channel message (type 7)', async () => {
    clock += 1_000;
    const open = await double.clickButton({
      message: drill,
      customId: 'drill:r1:type',
      user: member('alice').user,
    });
    expect((await open.response()).type).toBe(9);
    await expect(double.submitModal({ interaction: open, fields: { guess: '3389' } })).rejects.toThrow(
      /no text input/,
    );
    await expect(double.submitModal({ interaction: open, fields: {} })).rejects.toThrow(/required/);
    clock += 4_000;
    const submit = await double.submitModal({ interaction: open, fields: { port: '3389' } });
    expect(submit.payload).toMatchObject({
      type: 5,
      data: {
        custom_id: 'drill-typed:r1',
        components: [{ components: [{ custom_id: 'port', value: '3389' }] }],
      },
      member: { user: { id: member('alice').user.id } },
      message: { id: drill.id },
    });
    expect((await submit.response()).type).toBe(7);
    expect(double.message(drill.id)?.content).toBe('Typed answers: 3');
    expect(answers.at(-1)).toMatchObject({ userId: member('alice').user.id, at: clock });
  });

  it('edits the channel message through @original after a deferred update (type 6)', async () => {
    const join = await double.clickButton({
      message: drill,
      customId: 'drill:r1:join',
      user: member('carol').user,
    });
    expect((await join.response()).type).toBe(6);
    const updated = await join.waitForMessage((message) => message.content === 'Players: carol');
    expect(updated.id).toBe(drill.id);
    expect(double.messageRecord(drill.id)?.edits).toBe(2);
  });

  it('ends the round by updating the channel message with disabled buttons; later clicks are impossible (edge)', async () => {
    const end = await double.clickButton({ message: drill.id, customId: 'drill:r1:end' });
    expect((await end.response()).type).toBe(7);
    await end.waitForFollowUp((message) => message.content === '4 answers');
    const record = double.messageRecord(drill.id)!;
    expect(record.message.content).toBe('Round over');
    expect(record.edits).toBe(3);
    const buttons = (record.message.components[0] as { components: JsonObject[] }).components;
    expect(buttons.every((button) => button.disabled === true)).toBe(true);
    await expect(
      double.clickButton({ message: drill.id, customId: 'drill:r1:22', user: member('bob').user }),
    ).rejects.toThrow(/disabled/);
    double.setOverwrite(drill.channel_id, {
      id: member('bob').user.id,
      deny: PermissionFlagsBits.ViewChannel,
    });
    await expect(double.sendCommand({ name: 'drill', user: member('bob').user })).rejects.toThrow(
      /cannot see/,
    );
    const snapshot = double.inspectChannel(drill.channel_id);
    expect(snapshot.messages.map((entry) => [entry.message.content, entry.edits])).toEqual([
      ['Round over', 3],
      ['4 answers', 0],
    ]);
    expect(snapshot.messages[0]!.versions.map((version) => version.content)).toEqual([
      'Drill: which port is RDP?',
      'Typed answers: 3',
      'Players: carol',
      'Round over',
    ]);
    expect([snapshot.pins, snapshot.threads]).toEqual([[], []]);
  });
});
