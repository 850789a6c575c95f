import { Events, type Interaction } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startDiscordDouble, type DiscordDouble } from '../src/index.ts';
import { startBot, type TestBot } from './helpers.ts';

const reply = async (interaction: Interaction): Promise<void> => {
  if (interaction.isChatInputCommand()) await interaction.reply(`pong ${interaction.id}`);
};

describe('reconnecting after the double drops the gateway', () => {
  let double: DiscordDouble;
  let bot: TestBot;

  beforeEach(async () => {
    double = await startDiscordDouble();
    bot = await startBot(double, reply);
  });

  afterEach(async () => {
    await bot.client.destroy();
    await double.close();
  });

  it('resumes the session and replays an interaction dispatched while disconnected', async () => {
    const resumed = double.waitFor('session', (_, kind) => kind === 'resumed');
    const shardResume = new Promise<void>((resolve) => {
      bot.client.once(Events.ShardResume, () => {
        resolve();
      });
    });
    await double.dropConnections();
    const missed = await double.sendCommand({ name: 'ping' });
    await resumed;
    await shardResume;
    expect((await missed.waitForMessage()).content).toBe(`pong ${missed.id}`);
    const after = await double.sendCommand({ name: 'ping' });
    expect((await after.waitForMessage()).content).toBe(`pong ${after.id}`);
    expect(double.sessionCount).toBe(1);
  });

  // discord.js spaces IDENTIFYs 5 s apart (Discord's identify limit), so this path takes over 5 s.
  it(
    're-identifies when the session is gone (INVALID_SESSION) and keeps answering',
    { timeout: 20_000 },
    async () => {
      const ready = double.waitFor('session', (_, kind) => kind === 'ready', { timeoutMs: 15_000 });
      await double.dropConnections({ invalidateSessions: true });
      await expect(double.sendCommand({ name: 'ping' })).rejects.toThrow(/no gateway session/);
      await ready;
      const interaction = await double.sendCommand({ name: 'ping' });
      expect((await interaction.waitForMessage()).content).toBe(`pong ${interaction.id}`);
      expect(double.sessionCount).toBe(1);
    },
  );

  it('follows an opcode 7 RECONNECT by resuming', async () => {
    const resumed = double.waitFor('session', (_, kind) => kind === 'resumed');
    await double.requestReconnect();
    await resumed;
    const interaction = await double.sendCommand({ name: 'ping' });
    expect((await interaction.waitForMessage()).content).toBe(`pong ${interaction.id}`);
  });
});

describe('the same bot token logged in twice', () => {
  let double: DiscordDouble;
  const bots: TestBot[] = [];

  beforeEach(async () => {
    double = await startDiscordDouble();
  });

  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.client.destroy();
    await double.close();
  });

  it('delivers each interaction to both sessions, so one of the two replies gets 40060', async () => {
    bots.push(await startBot(double, reply), await startBot(double, reply));
    const errors = Promise.race(bots.map((bot) => bot.nextError()));
    const interaction = await double.sendCommand({ name: 'ping' });
    expect(await errors).toMatchObject({ code: 40060 });
    expect(interaction.errors.map((violation) => violation.code)).toEqual([40060]);
    expect(double.sessionCount).toBe(2);
  });

  it('keeps a single session when one client logs in alone', async () => {
    bots.push(await startBot(double, reply));
    expect(double.sessionCount).toBe(1);
    const interaction = await double.sendCommand({ name: 'ping' });
    expect((await interaction.waitForMessage()).content).toBe(`pong ${interaction.id}`);
  });

  it('drops a session when its client logs out cleanly (close 1000)', async () => {
    const bot = await startBot(double, reply);
    await bot.client.destroy();
    // The server sees the close frame a moment after the client resolves destroy().
    await vi.waitFor(() => {
      expect(double.sessionCount).toBe(0);
    });
    await expect(double.sendCommand({ name: 'ping' })).rejects.toThrow(/no gateway session/);
  });
});
