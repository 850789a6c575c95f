import { join } from 'node:path';
import { startDiscordDouble, type DiscordDouble } from '@portdeck/discord-double';
import { openStore, type Store } from '@portdeck/store';
import { ChannelType, type TextChannel } from 'discord.js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../src/commands/index.ts';
import { createBot, type Bot } from '../src/index.ts';
import { readyReport, startBotHttp, type BotHttp } from '../src/observability/http.ts';
import { createBotMetrics, type BotMetrics } from '../src/observability/metrics.ts';
import { decks, registry, tempDataDir } from './helpers.ts';

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('bot /metrics and /ready (real discord.js client against the double, real HTTP)', () => {
  const data = tempDataDir();
  let double: DiscordDouble;
  let store: Store;
  let bot: Bot;
  let metrics: BotMetrics;
  let http: BotHttp;
  let isDatabaseUp = true;

  beforeAll(async () => {
    double = await startDiscordDouble();
    store = await openStore({ path: join(data.dir, 'portdeck.db') });
    metrics = createBotMetrics(commands.flatMap((c) => [c.data.name, c.componentPrefix ?? c.data.name]));
    bot = createBot({
      registry: registry(),
      decks: decks(),
      store,
      token: double.token,
      apiUrl: double.restApiUrl,
      logger: pino({ level: 'silent' }),
      clientOptions: { waitGuildTimeout: 200 },
      metrics,
    });
    await bot.start();
    http = await startBotHttp({
      host: '127.0.0.1',
      port: 0,
      metrics,
      readiness: {
        shards: () => bot.shards(),
        isDatabaseReady: () => Promise.resolve(isDatabaseUp),
        isStopping: () => false,
      },
    });
  }, 30_000);

  afterAll(async () => {
    await http.close();
    await bot.stop();
    await store.close();
    await double.close();
    data.remove();
  });

  const scrape = async (): Promise<string> => (await fetch(`http://127.0.0.1:${http.port}/metrics`)).text();

  it('serves Prometheus text with the gateway shard connected and process metrics', async () => {
    const response = await fetch(`http://127.0.0.1:${http.port}/metrics`);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(sample(text, 'portdeck_bot_gateway_connected{shard="0"}')).toBe(1);
    expect(text).toContain('portdeck_bot_process_cpu_user_seconds_total');
  });

  it('counts an answered command and an unknown one, by outcome', async () => {
    await (await double.sendCommand({ name: 'port', options: { query: '3389' } })).response();
    await (await double.sendCommand({ name: 'nope' })).response();
    const text = await scrape();
    expect(sample(text, 'portdeck_bot_interactions_total{kind="command",command="port",outcome="ok"}')).toBe(
      1,
    );
    expect(
      sample(text, 'portdeck_bot_interactions_total{kind="command",command="(unknown)",outcome="unhandled"}'),
    ).toBe(1);
    expect(
      sample(text, 'portdeck_bot_interaction_duration_seconds_count{kind="command",command="port"}'),
    ).toBe(1);
  });

  it('counts REST rate limits (the double allows 5 message creates per channel per 5 s)', async () => {
    const channel = (await bot.client.channels.fetch(double.guilds[0]!.channels[0]!.id)) as TextChannel;
    expect(channel.type).toBe(ChannelType.GuildText);
    await Promise.all(Array.from({ length: 6 }, (_, i) => channel.send(`message ${i}`)));
    const text = await scrape();
    const limited = text
      .split('\n')
      .filter((line) => line.startsWith('portdeck_bot_rest_rate_limited_total{'))
      .reduce((total, line) => total + Number(line.split(' ')[1]), 0);
    expect(limited).toBeGreaterThan(0);
  }, 30_000);

  it('/ready names what is down: 503 with database unavailable (failure), 200 when all is up', async () => {
    isDatabaseUp = false;
    const down = await fetch(`http://127.0.0.1:${http.port}/ready`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      ready: false,
      stopping: false,
      shards: { '0': 'connected' },
      database: 'unavailable',
    });
    isDatabaseUp = true;
    expect((await fetch(`http://127.0.0.1:${http.port}/ready`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${http.port}/health`)).status).toBe(200);
  });

  it('is not ready before any shard connected (edge)', async () => {
    const report = await readyReport({
      shards: () => new Map(),
      isDatabaseReady: () => Promise.resolve(true),
      isStopping: () => false,
    });
    expect(report).toEqual({ ready: false, stopping: false, shards: {}, database: 'ready' });
  });

  it('gives a parent process its metrics as JSON, with the shard label', async () => {
    const json = await metrics.asJson();
    const gateway = json.find((metric) => metric.name === 'portdeck_bot_gateway_connected');
    expect(gateway?.values).toEqual([{ labels: { shard: '0' }, value: 1 }]);
  });
});
