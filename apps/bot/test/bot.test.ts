import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallbackType } from '@portdeck/discord-double';
import { SlashCommandBuilder } from 'discord.js';
import type { BotCommand } from '../src/commands/types.ts';
import { commands } from '../src/commands/index.ts';
import { registerCommands } from '../src/register.ts';
import { EPHEMERAL, startHarness, type Harness, type ReplyData } from './helpers.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await registerCommands({
    token: h.double.token,
    applicationId: h.double.applicationId,
    guildId: h.double.guilds[0]?.id,
    apiUrl: h.double.restApiUrl,
    commands,
  });
});

afterAll(async () => {
  await h.close();
});

async function command(
  name: string,
  options: Record<string, string | number> = {},
): Promise<{
  type: number;
  data: ReplyData;
}> {
  const handle = await h.double.sendCommand({ name, options });
  const response = await handle.response();
  return { type: response.type, data: response.data ?? {} };
}

describe('/port end to end through the double', () => {
  it('answers /port 3389 with one public embed about RDP', async () => {
    const { type, data } = await command('port', { query: '3389' });
    expect(type).toBe(CallbackType.channelMessage);
    expect((data.flags ?? 0) & EPHEMERAL).toBe(0);
    const embed = data.embeds?.[0];
    expect(embed?.title).toBe('3389/tcp · RDP (Remote Desktop Protocol)');
    const fields = Object.fromEntries((embed?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields['IANA name']).toContain('ms-wbt-server');
    expect(fields['Class (RFC 6335)']).toContain('User Ports');
    expect(fields.Transport).toContain('Taught: TCP');
    expect(fields.Transport).toContain('Registered: TCP, UDP');
    expect(fields.Encryption).toBe('Encrypted');
  });

  it('answers names and port/transport pairs', async () => {
    const byName = await command('port', { query: 'remote desktop' });
    expect(byName.data.embeds?.[0]?.title).toContain('RDP');
    const pair = await command('port', { query: '53/udp' });
    expect(pair.data.embeds?.[0]?.title).toBe('53/udp · DNS (Domain Name System)');
  });

  it('still answers an unassigned port usefully: class, nearby well-known ports', async () => {
    const { data } = await command('port', { query: '49999' });
    const embed = data.embeds?.[0];
    expect(embed?.title).toContain('49999');
    expect(embed?.description).toContain('IANA never assigns');
    expect(embed?.fields?.map((f) => f.name)).toContain('Nearby well-known ports');
  });

  it('breaks no Discord rule on any of these', () => {
    expect(h.double.violations).toEqual([]);
  });
});

describe('bad input gets a short ephemeral answer', () => {
  it.each([
    ['99999', '65535'],
    ['abc', 'Closest matches'],
    ['zzqqxxj', 'No port or service is called'],
    ['53/xyz', 'is not a transport'],
  ])('/port %s', async (query, expected) => {
    const { type, data } = await command('port', { query });
    expect(type).toBe(CallbackType.channelMessage);
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toContain(expected);
    expect(data.content?.length).toBeLessThanOrEqual(2000);
  });

  it('answers /range and /flow with ports outside 0-65535 sent straight to the API', async () => {
    // Discord's client enforces min/max (the double's typed options do too); a crafted request does not.
    const range = await h.double.sendCommand({
      name: 'range',
      options: [{ name: 'port', type: 4, value: 70000 }],
    });
    const rangeData = (await range.response()).data as ReplyData;
    expect(rangeData.flags).toBe(EPHEMERAL);
    expect(rangeData.content).toContain('0 to 65535');
    const flow = await h.double.sendCommand({
      name: 'flow',
      options: [
        { name: 'a', type: 4, value: 443 },
        { name: 'b', type: 4, value: -1 },
      ],
    });
    expect(((await flow.response()).data as ReplyData).content).toContain('`b`');
  });

  it('explains a malformed /ports list', async () => {
    const { data } = await command('ports', { list: '80-20' });
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toContain('runs backwards');
  });
});

describe('/range, /flow, /ports, /help', () => {
  it('answers each with an embed', async () => {
    const range = await command('range', { port: 51514 });
    expect(range.data.embeds?.[0]?.title).toBe('Port 51514: Dynamic Ports');
    const flow = await command('flow', { a: 51514, b: 443 });
    expect(flow.data.embeds?.[0]?.title).toBe('Flow 51514 → 443: client → server');
    const ports = await command('ports', { list: '20-23,80' });
    expect(ports.data.embeds?.[0]?.fields?.[0]?.value).toBe('5');
    const help = await command('help');
    expect(help.data.flags).toBe(EPHEMERAL);
  });

  it('calls two equal flow ports peers (edge)', async () => {
    const { data } = await command('flow', { a: 123, b: 123 });
    expect(data.embeds?.[0]?.title).toContain('peers');
  });
});

describe('autocomplete', () => {
  async function suggest(typed: string): Promise<{ name: string; value: string }[]> {
    const handle = await h.double.sendAutocomplete({
      name: 'port',
      options: { query: typed },
      focused: 'query',
    });
    const response = await handle.response();
    expect(response.type).toBe(CallbackType.autocompleteResult);
    return (response.data as ReplyData).choices ?? [];
  }

  it('suggests services for a partial name, RDP among them', async () => {
    const choices = await suggest('remote');
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.map((c) => c.value)).toContain('rdp');
  });

  it('puts a typed port first', async () => {
    const [first] = await suggest('3389');
    expect(first?.value).toBe('3389');
    expect(first?.name).toContain('RDP');
  });

  it('offers the seed services on empty input and nothing breaks on junk', async () => {
    expect((await suggest('')).map((c) => c.value)).toContain('http');
    expect(await suggest('\u0000%%%'.repeat(30))).toEqual([]);
  });
});

describe('buttons route by custom id', () => {
  it('moves from HTTP to its counterpart HTTPS with an update', async () => {
    const handle = await h.double.sendCommand({ name: 'port', options: { query: '80' } });
    const message = await handle.waitForMessage();
    const ids = message.components.flatMap((row) =>
      ((row.components ?? []) as { custom_id: string }[]).map((b) => b.custom_id),
    );
    expect(ids).toContain('port:1:443');
    const click = await h.double.clickButton({ message, customId: 'port:1:443' });
    const response = await click.response();
    expect(response.type).toBe(CallbackType.updateMessage);
    expect((response.data as ReplyData).embeds?.[0]?.title).toContain('443');
  });
});

describe('failing handlers are answered once', () => {
  const boom: BotCommand = {
    data: new SlashCommandBuilder().setName('boom').setDescription('throws').toJSON(),
    execute() {
      return Promise.reject(new Error('kaboom'));
    },
  };
  const twice: BotCommand = {
    data: new SlashCommandBuilder().setName('twice').setDescription('replies then throws').toJSON(),
    async execute(interaction) {
      await interaction.reply({ content: 'first' });
      throw new Error('after the reply');
    },
  };
  const silent: BotCommand = {
    data: new SlashCommandBuilder().setName('silent').setDescription('never answers').toJSON(),
    async execute() {
      await Promise.resolve();
    },
  };
  let failing: Harness;
  beforeAll(async () => {
    failing = await startHarness([boom, twice, silent]);
  });
  afterAll(async () => {
    await failing.close();
  });

  it('answers a throwing handler ephemerally', async () => {
    const response = await (await failing.double.sendCommand({ name: 'boom' })).response();
    expect((response.data as ReplyData).flags).toBe(EPHEMERAL);
    expect((response.data as ReplyData).content).toContain('Something went wrong');
  });

  it('does not acknowledge twice when the handler throws after replying', async () => {
    const handle = await failing.double.sendCommand({ name: 'twice' });
    expect((await handle.response()).data).toMatchObject({ content: 'first' });
    // A later command proves the first one's error path has finished.
    await (await failing.double.sendCommand({ name: 'boom' })).response();
    expect(failing.double.violations.filter((v) => v.code === 40060)).toEqual([]);
  });

  it('answers a handler that returned without replying (edge), and an unknown command', async () => {
    const silentResponse = await (await failing.double.sendCommand({ name: 'silent' })).response();
    expect((silentResponse.data as ReplyData).content).toContain('Something went wrong');
    const unknown = await (
      await failing.double.sendCommand({ name: 'port', options: { query: '1' } })
    ).response();
    expect((unknown.data as ReplyData).flags).toBe(EPHEMERAL);
    expect(failing.double.violations).toEqual([]);
  });
});

describe('gateway reconnect', () => {
  it('resumes after the double drops the WebSocket and keeps answering', async () => {
    const resumed = h.double.waitFor('session', (_id, kind) => kind === 'resumed');
    await h.double.dropConnections();
    await resumed;
    const { data } = await command('port', { query: '22' });
    expect(data.embeds?.[0]?.title).toContain('SSH');
  });

  it('re-identifies when the session was invalidated (edge)', async () => {
    const ready = h.double.waitFor('session', (_id, kind) => kind === 'ready');
    await h.double.dropConnections({ invalidateSessions: true });
    await ready;
    const { data } = await command('port', { query: '443' });
    expect(data.embeds?.[0]?.title).toContain('443');
  });

  it('answers an interaction dispatched while disconnected, once resumed (failure window)', async () => {
    const resumed = h.double.waitFor('session', (_id, kind) => kind === 'resumed');
    await h.double.dropConnections();
    const handle = await h.double.sendCommand({ name: 'port', options: { query: '25' } });
    await resumed;
    const response = await handle.response();
    expect((response.data as ReplyData).embeds?.[0]?.title).toContain('SMTP');
    expect(h.double.violations).toEqual([]);
  });
});
