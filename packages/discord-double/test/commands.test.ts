import { SlashCommandBuilder, type Interaction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordDouble, type DiscordDouble } from '../src/index.ts';
import { startBot, type TestBot } from './helpers.ts';

const portCommand = new SlashCommandBuilder()
  .setName('port')
  .setDescription('Look up a port')
  .addIntegerOption((option) => option.setName('port').setDescription('Port number').setRequired(true));

const quizCommand = new SlashCommandBuilder()
  .setName('quiz')
  .setDescription('Port quiz')
  .addSubcommand((sub) =>
    sub
      .setName('start')
      .setDescription('Start a round')
      .addNumberOption((option) => option.setName('seconds').setDescription('Time limit')),
  );

describe('command registration over REST', () => {
  let double: DiscordDouble;
  let bot: TestBot;
  const seen: string[] = [];

  beforeAll(async () => {
    double = await startDiscordDouble();
    bot = await startBot(double, async (interaction: Interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const seconds = interaction.options.getSubcommand(false)
        ? interaction.options.getNumber('seconds')
        : null;
      seen.push(`${interaction.commandName}:${interaction.commandId}:${String(seconds)}`);
      await interaction.reply('ok');
    });
  });

  afterAll(async () => {
    await bot.client.destroy();
    await double.close();
  });

  it('stores guild commands from a PUT and returns them with ids', async () => {
    const guild = bot.client.guilds.cache.first()!;
    const registered = await guild.commands.set([portCommand.toJSON(), quizCommand.toJSON()]);
    expect(registered.map((command) => command.name).sort()).toEqual(['port', 'quiz']);
    expect(
      double
        .registeredCommands(guild.id)
        .map((command) => command.id)
        .sort(),
    ).toEqual([...registered.keys()].sort());
    expect(double.registeredCommands()).toEqual([]);
  });

  it('stores global commands and keeps ids when the same command is registered again', async () => {
    const application = bot.client.application!;
    const first = await application.commands.set([portCommand.toJSON()]);
    const second = await application.commands.set([portCommand.toJSON()]);
    expect([...second.keys()]).toEqual([...first.keys()]);
    const fetched = await application.commands.fetch();
    expect(fetched.map((command) => command.name)).toEqual(['port']);
  });

  it('dispatches registered ids and option types, including subcommands', async () => {
    const guildId = double.guilds[0]!.id;
    const quizId = double.registeredCommands(guildId).find((command) => command.name === 'quiz')!.id;
    const interaction = await double.sendCommand({
      name: 'quiz',
      subcommand: 'start',
      options: { seconds: 30 },
    });
    await interaction.response();
    expect(seen.at(-1)).toBe(`quiz:${quizId}:30`);
    expect(interaction.payload).toMatchObject({
      data: { options: [{ name: 'start', type: 1, options: [{ name: 'seconds', type: 10, value: 30 }] }] },
    });
  });

  it('coerces console-typed text to the registered option type and refuses missing required options', async () => {
    const interaction = await double.sendCommand({ name: 'port', options: { port: '3389' } });
    expect(interaction.payload).toMatchObject({
      data: { options: [{ name: 'port', type: 4, value: 3389 }] },
    });
    await interaction.response();
    await expect(double.sendCommand({ name: 'port' })).rejects.toThrow(/missing required option port/);
  });

  it('rejects invalid commands with 50035 and leaves the old set in place', async () => {
    const guild = bot.client.guilds.cache.first()!;
    const invalid = { name: 'Port Lookup', description: 'd'.repeat(101) };
    await expect(guild.commands.set([invalid])).rejects.toMatchObject({ code: 50035 });
    expect(
      double
        .registeredCommands(guild.id)
        .map((command) => command.name)
        .sort(),
    ).toEqual(['port', 'quiz']);
    const violation = double.violations.at(-1)!;
    expect(violation.fieldErrors.map((error) => error.path.join('.'))).toEqual(['0.name', '0.description']);
  });

  it('accepts an empty PUT, which removes every command (edge)', async () => {
    const guild = bot.client.guilds.cache.first()!;
    await guild.commands.set([]);
    expect(double.registeredCommands(guild.id)).toEqual([]);
  });
});
