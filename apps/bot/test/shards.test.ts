import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  guildIdOnShard,
  startDiscordDouble,
  type DiscordDouble,
  type DoubleGuild,
  type DoubleMessage,
} from '@portdeck/discord-double';
import { openStore, type Store } from '@portdeck/store';
import { pino } from 'pino';
import { commands } from '../src/commands/index.ts';
import { configureDaily, dailyRuntime } from '../src/daily/index.ts';
import { createBot, type Bot } from '../src/index.ts';
import { schedulerWork } from '../src/jobs/index.ts';
import { registerCommands } from '../src/register.ts';
import { createScheduler, type Scheduler } from '../src/scheduler.ts';
import { fetchGatewayBot, respawnPolicy, shardEntry, spawnDelayMs } from '../src/shards.ts';
import { spawnScript, appDir, decks, registry, tempDataDir, testClock, type ReplyData } from './helpers.ts';

describe('the shard entry and spawn pacing', () => {
  it('runs main.ts through tsx from source, and main.js with plain node once built', () => {
    expect(shardEntry()).toEqual({
      file: join(appDir, 'src', 'main.ts'),
      execArgv: ['--conditions=@portdeck/source', '--import', 'tsx'],
    });
    expect(shardEntry('file:///srv/portdeck/apps/bot/dist/shards.js')).toEqual({
      file: '/srv/portdeck/apps/bot/dist/main.js',
      execArgv: [],
    });
  });

  it('spaces shard starts so one bucket identifies at most once per 5 s, even with a bad max_concurrency (edge)', () => {
    expect(spawnDelayMs(1)).toBe(5_500);
    expect(spawnDelayMs(16)).toBe(344);
    expect(spawnDelayMs(0)).toBe(5_500);
  });
});

describe('respawning a dead shard', () => {
  const minute = 60_000;

  it('respawns at once after a stable run, and backs off from 5 s to 5 min while it keeps dying at start', () => {
    const policy = respawnPolicy();
    let now = 0;
    const dieAfter = (livedMs: number): number => {
      const startedAt = now;
      now += livedMs;
      const delay = policy.delayAfterDeath(startedAt, now);
      now += delay;
      return delay;
    };
    expect(dieAfter(10 * minute)).toBe(0);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(() => dieAfter(1_000))).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000,
    ]);
    // A run past a minute forgives the crash loop: the next death respawns at once again.
    expect(dieAfter(minute)).toBe(0);
    expect(dieAfter(1_000)).toBe(5_000);
  });

  it('treats the first death soon after a start like any single crash: at once (edge)', () => {
    expect(respawnPolicy().delayAfterDeath(0, 1)).toBe(0);
    expect(respawnPolicy({ baseMs: 100, maxMs: 150 }).delayAfterDeath(0, 1)).toBe(0);
  });
});

describe('GET /gateway/bot through the configured REST base', () => {
  it('reads the recommended shard count and max_concurrency from the double', async () => {
    const double = await startDiscordDouble({ recommendedShards: 3, maxConcurrency: 16 });
    try {
      expect(await fetchGatewayBot(double.restApiUrl, double.token)).toEqual({
        shards: 3,
        maxConcurrency: 16,
        remaining: 999,
      });
      await expect(fetchGatewayBot(double.restApiUrl, 'wrong')).rejects.toMatchObject({ status: 401 });
    } finally {
      await double.close();
    }
  });

  it('stops the manager with exit 1 before spawning anything when the token is refused', async () => {
    const double = await startDiscordDouble();
    try {
      const child = spawnScript('src/main.ts', {
        DISCORD_TOKEN: 'wrong',
        DISCORD_API_URL: double.restApiUrl,
        PORTDECK_SHARDS: 'auto',
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(1);
      expect(stdout).toContain('could not start the shards');
      expect(stdout).not.toContain('shard spawned');
      expect(double.sessionCount).toBe(0);
    } finally {
      await double.close();
    }
  }, 40_000);
});

describe('a shard manager process with PORTDECK_SHARDS=auto (embedded SQLite)', () => {
  it('spawns the recommended count, and its shard stops cleanly when the manager is SIGKILLed', async () => {
    const double = await startDiscordDouble({ recommendedShards: 1, maxConcurrency: 16 });
    const data = tempDataDir();
    try {
      const manager = spawnScript('src/main.ts', {
        DISCORD_TOKEN: double.token,
        DISCORD_API_URL: double.restApiUrl,
        PORTDECK_DATA_DIR: data.dir,
        PORTDECK_SHARDS: 'auto',
      });
      let out = '';
      manager.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      manager.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await double.waitFor('session', (_id, kind) => kind === 'ready', { timeoutMs: 30_000 });
      expect(double.sessions.map((session) => session.shard)).toEqual([[0, 1]]);
      const spawned = /"shard":0,"totalShards":1,"pid":(\d+),"msg":"shard spawned"/.exec(out);
      const pid = Number(spawned?.[1]);
      manager.kill('SIGKILL');
      // The shard process hears its IPC channel close and shuts down (it still writes to our pipe).
      for (let i = 0; i < 400 && (isAlive(pid) || !out.includes('bot stopped')); i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(out).toMatch(/"signal":"manager disconnected".*"msg":"shutting down"/);
      expect(out).toContain('"msg":"bot stopped"');
      expect(out).not.toContain('ERR_IPC_CHANNEL_CLOSED');
      expect(isAlive(pid)).toBe(false);
    } finally {
      await double.close();
      data.remove();
    }
  }, 40_000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Two bots in this process, one per shard, on one store: the scheduler of shard 0 posts for a guild on shard 1.
describe('scheduled work is not tied to the shard that holds the guild', () => {
  const clock = testClock(Date.UTC(2026, 2, 10, 12, 0));
  const admin = { id: '100000000000000001', username: 'admin' };
  const data = tempDataDir();
  let double: DiscordDouble;
  let store: Store;
  const bots: Bot[] = [];
  let scheduler: Scheduler;
  let guild: DoubleGuild;

  beforeAll(async () => {
    double = await startDiscordDouble({
      guilds: [
        { id: guildIdOnShard(0, 2), name: 'zero', channels: [{ name: 'general' }] },
        { id: guildIdOnShard(1, 2), name: 'one', channels: [{ name: 'general' }] },
      ],
    });
    guild = double.guilds[1] as DoubleGuild;
    const managers = double.createRole(guild.id, {
      name: 'managers',
      permissions: PermissionFlagsBits.ManageGuild,
    });
    double.addMember(guild.id, admin, [managers.id]);
    await registerCommands({
      token: double.token,
      applicationId: double.applicationId,
      apiUrl: double.restApiUrl,
      commands,
    });
    store = await openStore({ path: join(data.dir, 'portdeck.db') });
    for (const id of [0, 1]) {
      const bot = createBot({
        registry: registry(),
        decks: decks(),
        store,
        now: clock.now,
        token: double.token,
        apiUrl: double.restApiUrl,
        logger: pino({ level: 'silent' }),
        clientOptions: { waitGuildTimeout: 200, shards: [id], shardCount: 2 },
      });
      await bot.start();
      configureDaily(bot.context, { logger: pino({ level: 'silent' }) });
      bots.push(bot);
    }
    const [zero] = bots as [Bot, Bot];
    scheduler = createScheduler({
      jobs: store.jobs,
      ...schedulerWork(zero.context),
      now: clock.now,
      logger: pino({ level: 'silent' }),
    });
  });

  afterAll(async () => {
    await scheduler.stop();
    for (const bot of bots) {
      dailyRuntime(bot.context).refresher.stop();
      await bot.stop();
    }
    await store.close();
    await double.close();
    data.remove();
  });

  it('shard 1 saves the schedule, shard 0 posts it over REST, shard 1 takes the click', async () => {
    const [zero, one] = bots as [Bot, Bot];
    expect([...zero.client.guilds.cache.keys()]).toEqual([double.guilds[0]?.id]);
    expect([...one.client.guilds.cache.keys()]).toEqual([guild.id]);
    const channelId = guild.channels[0]?.id ?? '';
    const setup = await double.sendCommand({
      name: 'daily',
      subcommand: 'setup',
      options: { channel: channelId, time: '14:00', timezone: 'Europe/Berlin' },
      guildId: guild.id,
      user: admin,
    });
    expect(((await setup.response()).data as ReplyData).content).toContain('Saved.');
    clock.at = Date.UTC(2026, 2, 10, 13, 0, 2);
    await scheduler.tick();
    await scheduler.tick();
    const [post, ...more] = double.channelMessages(channelId);
    expect(more).toEqual([]);
    const buttons = (post as DoubleMessage).components.flatMap(
      (row) => (row.components ?? []) as { custom_id: string }[],
    );
    const click = await double.clickButton({
      message: post as DoubleMessage,
      customId: buttons[0]?.custom_id ?? '',
      user: { id: '100000000000000009', username: 'member' },
    });
    expect(((await click.response()).data as ReplyData).content).toMatch(/Right!|Not quite/);
    expect((await store.daily.openQuestion(guild.id))?.answerCount).toBe(1);
    expect(double.violations).toEqual([]);
  });
});
