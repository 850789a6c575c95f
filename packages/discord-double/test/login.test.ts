import { Client, GatewayIntentBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  GatewayCloseCode,
  PRIVILEGED_INTENTS,
  startDiscordDouble,
  type DiscordDouble,
} from '../src/index.ts';
import { openGateway, startBot, type TestBot } from './helpers.ts';

describe('login and READY with the real discord.js client', () => {
  let double: DiscordDouble;
  let bot: TestBot | undefined;

  beforeEach(async () => {
    double = await startDiscordDouble({
      guilds: [{ name: 'Ports', channels: [{ name: 'general' }, { name: 'quiz' }] }, { name: 'Second' }],
    });
  });

  afterEach(async () => {
    await bot?.client.destroy();
    bot = undefined;
    await double.close();
  });

  it('logs in and fills the guild and channel caches from GUILD_CREATE', async () => {
    bot = await startBot(double, async () => {});
    const { client } = bot;
    expect(client.user?.id).toBe(double.bot.id);
    expect(client.application?.id).toBe(double.applicationId);
    expect(client.guilds.cache.map((guild) => guild.name).sort()).toEqual(['Ports', 'Second']);
    const ports = client.guilds.cache.get(double.guilds[0]!.id)!;
    expect(ports.available).toBe(true);
    expect(ports.channels.cache.map((channel) => channel.name).sort()).toEqual(['general', 'quiz']);
    const app = await client.application!.fetch();
    expect(app.id).toBe(double.applicationId);
  });

  it('rejects a wrong token: discord.js login fails with TokenInvalid', async () => {
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: double.restApiUrl } });
    await expect(client.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    await client.destroy();
    expect(double.violations.map((violation) => violation.status)).toEqual([401]);
  });

  it('answers REST without a token with 401 in Discord’s JSON shape', async () => {
    const response = await fetch(`${double.restApiUrl}/v10/users/@me`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 0, message: '401: Unauthorized' });
    const missing = await fetch(`${double.restApiUrl}/v10/nothing/here`, {
      headers: { authorization: `Bot ${double.token}` },
    });
    expect(missing.status).toBe(404);
  });
});

describe('gateway protocol (raw WebSocket)', () => {
  let double: DiscordDouble;

  beforeEach(async () => {
    double = await startDiscordDouble({ heartbeatInterval: 1_000 });
  });

  afterEach(async () => {
    await double.close();
  });

  it('sends HELLO, READY with resume_gateway_url, GUILD_CREATE, and acks heartbeats', async () => {
    const gateway = openGateway(double);
    const hello = await gateway.frame((frame) => frame.op === 10);
    expect(hello.d).toEqual({ heartbeat_interval: 1_000 });
    gateway.send({ op: 2, d: { token: double.token, intents: 1, properties: {}, shard: [0, 1] } });
    const ready = await gateway.frame((frame) => frame.t === 'READY');
    expect(ready.s).toBe(1);
    expect(ready.d).toMatchObject({
      v: 10,
      resume_gateway_url: double.gatewayUrl,
      application: { id: double.applicationId },
    });
    const guild = await gateway.frame((frame) => frame.t === 'GUILD_CREATE');
    expect(guild.s).toBe(2);
    gateway.send({ op: 1, d: 2 });
    await gateway.frame((frame) => frame.op === 11);
    gateway.socket.close(1000);
    await gateway.closed;
  });

  it('closes with 4004 on a bad token and 4014 on unapproved privileged intents', async () => {
    const badToken = openGateway(double);
    await badToken.frame((frame) => frame.op === 10);
    badToken.send({ op: 2, d: { token: 'wrong', intents: 1, properties: {} } });
    expect(await badToken.closed).toBe(GatewayCloseCode.authenticationFailed);

    const privileged = openGateway(double);
    await privileged.frame((frame) => frame.op === 10);
    privileged.send({ op: 2, d: { token: double.token, intents: 1 | PRIVILEGED_INTENTS, properties: {} } });
    expect(await privileged.closed).toBe(GatewayCloseCode.disallowedIntents);
  });

  it('answers RESUME of an unknown session with INVALID_SESSION, and payloads before IDENTIFY with 4003', async () => {
    const resume = openGateway(double);
    await resume.frame((frame) => frame.op === 10);
    resume.send({ op: 6, d: { token: double.token, session_id: 'nope', seq: 3 } });
    expect((await resume.frame((frame) => frame.op === 9)).d).toBe(false);
    resume.socket.close(1000);

    const early = openGateway(double);
    await early.frame((frame) => frame.op === 10);
    early.send({ op: 3, d: { status: 'online' } });
    expect(await early.closed).toBe(GatewayCloseCode.notAuthenticated);
  });
});
