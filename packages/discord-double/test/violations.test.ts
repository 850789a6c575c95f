import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  EmbedBuilder,
  type Interaction,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionFailedError, startDiscordDouble, type DiscordDouble } from '../src/index.ts';
import { startBot, type TestBot } from './helpers.ts';

/** A gate the test opens after moving the clock, so the bot answers "late" deterministically. */
function gate() {
  let open = (): void => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe("Discord's rules, enforced against the real discord.js client", () => {
  let double: DiscordDouble;
  let bot: TestBot;
  let clock = Date.UTC(2026, 5, 1);
  let pending = gate();

  async function handle(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      const choices = Array.from({ length: 26 }, (_, i) => ({ name: `Port ${i}`, value: i }));
      await interaction.respond(choices);
      return;
    }
    if (!interaction.isChatInputCommand()) return;
    switch (interaction.commandName) {
      case 'late':
        await pending.opened;
        await interaction.reply('too late');
        return;
      case 'twice':
        // Two handlers racing on one interaction: both pass discord.js's local guard.
        await Promise.all([interaction.reply('one'), interaction.reply('two')]);
        return;
      case 'embed':
        await interaction.reply({
          embeds: [
            new EmbedBuilder().setDescription('d'.repeat(4096)),
            new EmbedBuilder().setDescription('e'.repeat(2000)),
          ],
        });
        return;
      case 'long':
        await interaction.reply('x'.repeat(2001));
        return;
      case 'dupes': {
        const button = (label: string) =>
          new ButtonBuilder().setCustomId('same').setLabel(label).setStyle(ButtonStyle.Primary);
        await interaction.reply({
          content: 'pick',
          components: [new ActionRowBuilder<ButtonBuilder>().addComponents(button('a'), button('b'))],
        });
        return;
      }
      case 'edit-later':
        await interaction.deferReply();
        await pending.opened;
        await interaction.editReply('after 15 minutes');
        return;
      case 'on-time':
        await pending.opened;
        await interaction.reply('just in time');
        return;
      default:
        await interaction.reply('ok');
    }
  }

  beforeAll(async () => {
    double = await startDiscordDouble({ now: () => clock });
    bot = await startBot(double, handle);
  });

  afterAll(async () => {
    await bot.client.destroy();
    await double.close();
  });

  it('answers a reply after 3 s (injected clock) with 10062 and fails the handle', async () => {
    pending = gate();
    const interaction = await double.sendCommand({ name: 'late' });
    const error = bot.nextError();
    clock += 3_001;
    pending.open();
    expect(await error).toBeInstanceOf(DiscordAPIError);
    expect(await error).toMatchObject({ code: 10062, status: 404 });
    await expect(interaction.response()).rejects.toBeInstanceOf(InteractionFailedError);
    expect(interaction.errors.map((violation) => violation.code)).toEqual([10062]);
  });

  it('still accepts a reply at exactly 3 s (edge)', async () => {
    pending = gate();
    const interaction = await double.sendCommand({ name: 'on-time' });
    clock += 3_000;
    pending.open();
    expect((await interaction.waitForMessage()).content).toBe('just in time');
    expect(interaction.errors).toEqual([]);
  });

  it('answers a second acknowledgement with 40060 and keeps the first', async () => {
    const error = bot.nextError();
    const interaction = await double.sendCommand({ name: 'twice' });
    expect(await error).toMatchObject({ code: 40060 });
    expect((await interaction.waitForMessage()).content).toBe('one');
    expect(interaction.errors.map((violation) => violation.code)).toEqual([40060]);
  });

  it('rejects 26 autocomplete choices with 50035 on data.choices', async () => {
    const error = bot.nextError();
    const interaction = await double.sendAutocomplete({
      name: 'port',
      options: { port: '' },
      focused: 'port',
    });
    const apiError = (await error) as DiscordAPIError;
    expect(apiError.code).toBe(50035);
    expect(apiError.rawError).toMatchObject({
      errors: { data: { choices: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } },
    });
    expect(interaction.errors[0]?.fieldErrors[0]?.path).toEqual(['data', 'choices']);
    expect(interaction.isAcknowledged).toBe(false);
  });

  it('rejects embeds over 6000 characters in all', async () => {
    const error = bot.nextError();
    const interaction = await double.sendCommand({ name: 'embed' });
    expect(await error).toMatchObject({ code: 50035 });
    expect(interaction.errors[0]?.fieldErrors.map((fieldError) => fieldError.code)).toEqual([
      'MAX_EMBED_SIZE_EXCEEDED',
    ]);
  });

  it('rejects content over 2000 characters and duplicate custom ids', async () => {
    const longError = bot.nextError();
    await double.sendCommand({ name: 'long' });
    expect(await longError).toMatchObject({ code: 50035 });
    const dupeError = bot.nextError();
    const dupes = await double.sendCommand({ name: 'dupes' });
    expect(await dupeError).toMatchObject({ code: 50035 });
    expect(dupes.errors[0]?.fieldErrors[0]).toMatchObject({
      path: ['data', 'components', 0, 'components', 1, 'custom_id'],
      code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
    });
  });

  it('refuses edits after the 15 minute token lifetime with 50027', async () => {
    pending = gate();
    const interaction = await double.sendCommand({ name: 'edit-later' });
    await interaction.response();
    const error = bot.nextError();
    clock += 15 * 60_000 + 1;
    pending.open();
    expect(await error).toMatchObject({ code: 50027, status: 401 });
    expect(interaction.message()?.content).toBe('');
  });

  it('records every violation globally, attributed to its interaction', () => {
    const codes = double.violations.map((violation) => violation.code);
    expect(codes).toEqual([10062, 40060, 50035, 50035, 50035, 50035, 50027]);
    expect(double.violations.every((violation) => violation.interactionId !== undefined)).toBe(true);
  });
});
