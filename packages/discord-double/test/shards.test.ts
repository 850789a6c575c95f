import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  GatewayCloseCode,
  guildIdOnShard,
  shardForGuild,
  startDiscordDouble,
  type DiscordDouble,
} from '../src/index.ts';
import { openGateway } from './helpers.ts';

/** A real discord.js client logged in as one shard of `count`, answering every command with its shard id. */
async function startShard(double: DiscordDouble, id: number, count: number) {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: double.restApiUrl },
    shards: [id],
    shardCount: count,
    waitGuildTimeout: 200,
  });
  const seen: string[] = [];
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    seen.push(interaction.id);
    if (interaction.isChatInputCommand()) void interaction.reply(`shard ${String(id)}`);
  });
  const ready = new Promise<void>((resolve) =>
    client.once(Events.ClientReady, () => {
      resolve();
    }),
  );
  await client.login(double.token);
  await ready;
  return { client, seen };
}

describe('sharding as Discord does it', () => {
  let double: DiscordDouble;
  const clients: Client[] = [];
  const onShard0 = [guildIdOnShard(0, 2, 0), guildIdOnShard(0, 2, 1)] as const;
  const onShard1 = [guildIdOnShard(1, 2, 0), guildIdOnShard(1, 2, 1), guildIdOnShard(1, 2, 2)] as const;

  beforeEach(async () => {
    double = await startDiscordDouble({
      guilds: [...onShard0, ...onShard1].map((id, i) => ({ id, name: `guild ${String(i)}` })),
    });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.destroy()));
    await double.close();
  });

  it('gives each shard only its guilds, and routes guild interactions to their shard and DMs to shard 0', async () => {
    const zero = await startShard(double, 0, 2);
    const one = await startShard(double, 1, 2);
    clients.push(zero.client, one.client);
    expect([...zero.client.guilds.cache.keys()].sort()).toEqual([...onShard0].sort());
    expect([...one.client.guilds.cache.keys()].sort()).toEqual([...onShard1].sort());
    expect(double.sessions.map((session) => session.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);

    const inGuild = await double.sendCommand({ name: 'port', guildId: onShard1[2] });
    expect((await inGuild.response()).data).toMatchObject({ content: 'shard 1' });
    const dm = await double.sendCommand({ name: 'port', guildId: null });
    expect((await dm.response()).data).toMatchObject({ content: 'shard 0' });
    expect(one.seen).toEqual([inGuild.id]);
    expect(zero.seen).toEqual([dm.id]);
    expect(double.violations).toEqual([]);
  });

  it('recommends a shard count and max_concurrency on GET /gateway/bot', async () => {
    await double.close();
    double = await startDiscordDouble({ recommendedShards: 4, maxConcurrency: 16 });
    const response = await fetch(`${double.restApiUrl}/v10/gateway/bot`, {
      headers: { authorization: `Bot ${double.token}` },
    });
    expect(await response.json()).toMatchObject({
      url: double.gatewayUrl,
      shards: 4,
      session_start_limit: { max_concurrency: 16 },
    });
  });

  it('closes with 4010 on a shard id out of range or a zero count, and 4011 when a shard holds too many guilds', async () => {
    for (const shard of [
      [2, 2],
      [0, 0],
      [-1, 2],
      [0.5, 2],
    ]) {
      const gateway = openGateway(double);
      await gateway.frame((frame) => frame.op === 10);
      gateway.send({ op: 2, d: { token: double.token, intents: 1, properties: {}, shard } });
      expect(await gateway.closed).toBe(GatewayCloseCode.invalidShard);
    }
    await double.close();
    double = await startDiscordDouble({
      guilds: [...onShard0, ...onShard1].map((id) => ({ id })),
      maxGuildsPerShard: 2,
    });
    const unsharded = openGateway(double);
    await unsharded.frame((frame) => frame.op === 10);
    unsharded.send({ op: 2, d: { token: double.token, intents: 1, properties: {}, shard: [0, 1] } });
    expect(await unsharded.closed).toBe(GatewayCloseCode.shardingRequired);
    // Edge: two shards hold 2 and 3 guilds; shard 0 fits, shard 1 does not.
    const fits = openGateway(double);
    await fits.frame((frame) => frame.op === 10);
    fits.send({ op: 2, d: { token: double.token, intents: 1, properties: {}, shard: [0, 2] } });
    const ready = await fits.frame((frame) => frame.t === 'READY');
    expect((ready.d as { guilds: { id: string }[] }).guilds.map((g) => shardForGuild(g.id, 2))).toEqual([
      0, 0,
    ]);
    fits.socket.close(1000);
    await fits.closed;
    const tooMany = openGateway(double);
    await tooMany.frame((frame) => frame.op === 10);
    tooMany.send({ op: 2, d: { token: double.token, intents: 1, properties: {}, shard: [1, 2] } });
    expect(await tooMany.closed).toBe(GatewayCloseCode.shardingRequired);
  });
});
