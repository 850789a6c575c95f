import { MessageFlags, type Interaction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordDouble, type DiscordDouble, type InteractionHandle } from '../src/index.ts';
import { startBot, type TestBot } from './helpers.ts';

describe('500 concurrent interactions (the benchmark’s shape)', () => {
  let double: DiscordDouble;
  let bot: TestBot;
  // A frozen clock: the 3 s rule cannot flake on a slow machine, so only real mistakes show.
  // Every tenth defers: discord.js paces webhook edits at 50/s (its global limit), callbacks are exempt.
  const frozen = Date.UTC(2026, 0, 1);

  beforeAll(async () => {
    double = await startDiscordDouble({ now: () => frozen });
    bot = await startBot(double, async (interaction: Interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const port = interaction.options.getInteger('port', true);
      if (port % 10 !== 0) {
        await interaction.reply({ content: `port ${port}`, flags: MessageFlags.Ephemeral });
      } else {
        await interaction.deferReply();
        await interaction.editReply(`port ${port}`);
      }
    });
  });

  afterAll(async () => {
    await bot.client.destroy();
    await double.close();
  });

  it(
    'answers every one, each to its own interaction, with timings recorded',
    { timeout: 30_000 },
    async () => {
      const handles: InteractionHandle[] = await Promise.all(
        Array.from({ length: 500 }, (_, port) => double.sendCommand({ name: 'port', options: { port } })),
      );
      const messages = await Promise.all(
        handles.map((handle) => handle.waitForMessage(undefined, { timeoutMs: 25_000 })),
      );
      expect(messages.map((message) => message.content)).toEqual(handles.map((_, port) => `port ${port}`));
      expect(
        handles.every(
          (handle) => handle.respondedAt !== undefined && handle.respondedAt >= handle.dispatchedAt,
        ),
      ).toBe(true);
      expect(double.violations).toEqual([]);
    },
  );

  it('sees no cross-talk: a second reply to any of them is refused (40060)', async () => {
    const handle = await double.sendCommand({ name: 'port', options: { port: 2 } });
    await handle.response();
    const response = await fetch(
      `${double.restApiUrl}/v10/interactions/${handle.id}/${handle.token}/callback`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 4, data: { content: 'again' } }),
      },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 40060,
      message: 'Interaction has already been acknowledged.',
    });
  });

  it('refuses a callback with a token from another interaction (10062)', async () => {
    const [first, second] = await Promise.all([
      double.sendCommand({ name: 'port', options: { port: 4 } }),
      double.sendCommand({ name: 'port', options: { port: 6 } }),
    ]);
    await Promise.all([first.response(), second.response()]);
    const response = await fetch(
      `${double.restApiUrl}/v10/interactions/${first.id}/${second.token}/callback`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 4, data: { content: 'wrong token' } }),
      },
    );
    expect(await response.json()).toMatchObject({ code: 10062 });
  });
});
