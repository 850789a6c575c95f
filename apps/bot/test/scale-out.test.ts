import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  guildIdOnShard,
  shardForGuild,
  startDiscordDouble,
  type DiscordDouble,
  type DoubleGuild,
  type DoubleMessage,
  type InteractionHandle,
} from '@portdeck/discord-double';
import { openStore, parseDatabaseUrl, storeOptionsFor, type Store } from '@portdeck/store';
import { commands } from '../src/commands/index.ts';
import { registerCommands } from '../src/register.ts';
import { spawnScript, tempDataDir, type ReplyData } from './helpers.ts';
import { freshPostgresDatabase, hasPostgres } from './postgres.ts';

const botDir = fileURLToPath(new URL('..', import.meta.url));
const apiDir = fileURLToPath(new URL('../../graphql', import.meta.url));

interface LogLine {
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** A spawned app process (`node --import tsx`, so signals reach the app) and its JSON log lines. */
interface App {
  readonly child: ChildProcess;
  readonly logs: LogLine[];
  readonly closed: Promise<number | null>;
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

function startApp(dir: string, script: string, env: Record<string, string>): App {
  const child = spawnScript(script, env, { cwd: dir });
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let rest = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        logs.push({ msg: line });
      }
    }
    for (const waiter of waiters) waiter();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    logs.push({ msg: `stderr: ${chunk.toString()}` });
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    logs,
    closed,
    waitForLog: (predicate, timeoutMs = 90_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = logs.find(predicate);
          if (found === undefined) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no such log line within ${String(timeoutMs)} ms; got: ${JSON.stringify(logs)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function buttonsOf(message: DoubleMessage): { custom_id: string; label: string }[] {
  return message.components.flatMap(
    (row) => (row.components ?? []) as { custom_id: string; label: string }[],
  );
}

function isQuestion(message: DoubleMessage): boolean {
  return buttonsOf(message).some((button) => button.custom_id.startsWith('dq:1:'));
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Two shard processes under one manager, two API processes, one PostgreSQL database.
describe.skipIf(!hasPostgres)(
  'scale-out: a two-shard bot and two APIs on one PostgreSQL',
  { timeout: 180_000 },
  () => {
    const data = tempDataDir();
    const admin = { id: '200000000000000001', username: 'admin' };
    const users = [1, 2, 3].map((n) => ({
      id: `30000000000000000${String(n)}`,
      username: `member${String(n)}`,
    }));
    const handles: InteractionHandle[] = [];
    let double: DiscordDouble;
    let database: ReturnType<typeof freshPostgresDatabase>;
    let store: Store;
    let bot: App;
    const apis: App[] = [];
    const apiUrls: string[] = [];
    let guilds: DoubleGuild[];
    let onShard1: DoubleGuild;

    async function answered(handle: Promise<InteractionHandle>): Promise<ReplyData> {
      const awaited = await handle;
      handles.push(awaited);
      return (await awaited.response()).data ?? {};
    }

    const command = (
      guild: DoubleGuild,
      user: { id: string; username: string },
      name: string,
      subcommand?: string,
      options: Record<string, string> = {},
    ): Promise<ReplyData> =>
      answered(
        double.sendCommand({
          name,
          ...(subcommand === undefined ? {} : { subcommand }),
          options,
          guildId: guild.id,
          user,
        }),
      );

    const shardPid = (shard: number): number => {
      const spawned = bot.logs.filter((line) => line.msg === 'shard spawned' && line.shard === shard);
      return spawned.at(-1)?.pid as number;
    };

    beforeAll(async () => {
      double = await startDiscordDouble({
        // max_concurrency 16: the manager starts shards 344 ms apart instead of 5.5 s.
        maxConcurrency: 16,
        guilds: [0, 1, 0, 1].map((shard, i) => ({
          id: guildIdOnShard(shard, 2, i),
          name: `guild ${String(i)}`,
          channels: [{ name: 'general' }],
        })),
      });
      guilds = [...double.guilds];
      onShard1 = guilds[1] as DoubleGuild;
      for (const guild of guilds) {
        const managers = double.createRole(guild.id, {
          name: 'managers',
          permissions: PermissionFlagsBits.ManageGuild,
        });
        double.addMember(guild.id, admin, [managers.id]);
        for (const user of users) double.addMember(guild.id, user);
      }
      await registerCommands({
        token: double.token,
        applicationId: double.applicationId,
        apiUrl: double.restApiUrl,
        commands,
      });
      database = freshPostgresDatabase();
      const shared = {
        PORTDECK_DATA_DIR: data.dir,
        PORTDECK_DATABASE_URL: database.url,
        PORTDECK_LOG_LEVEL: 'info',
        PORTDECK_BOT_HTTP_PORT: '0',
      };
      bot = startApp(botDir, 'src/main.ts', {
        ...shared,
        DISCORD_TOKEN: double.token,
        DISCORD_API_URL: double.restApiUrl,
        PORTDECK_SHARDS: '2',
      });
      // The APIs start beside the shards: four processes migrate one fresh database at once.
      for (let i = 0; i < 2; i += 1)
        apis.push(
          startApp(apiDir, 'src/server.ts', {
            ...shared,
            PORTDECK_GRAPHQL_HOST: '127.0.0.1',
            PORTDECK_GRAPHQL_PORT: '0',
          }),
        );
      // Generous: in CI five tsx processes start while every package's tests share two cores.
      await bot.waitForLog((line) => line.msg === 'shards ready', 180_000);
      for (const api of apis) {
        const listening = await api.waitForLog((line) => line.msg === 'portdeck GraphQL API listening');
        apiUrls.push(listening.url as string);
        await api.waitForLog((line) => line.msg === 'database connected');
      }
      const location = parseDatabaseUrl(database.url, data.dir);
      if (!location.ok) throw new Error(location.error);
      store = await openStore(storeOptionsFor(location.value));
    }, 240_000);

    afterAll(async () => {
      bot.child.kill('SIGTERM');
      for (const api of apis) api.child.kill('SIGTERM');
      await Promise.all([bot.closed, ...apis.map((api) => api.closed)]);
      await store.close();
      await double.close();
      await database.drop();
      data.remove();
    }, 60_000);

    it('runs one session per shard, each holding its own guilds', () => {
      expect(double.sessions.map((session) => session.shard).sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);
      expect(guilds.map((guild) => shardForGuild(guild.id, 2))).toEqual([0, 1, 0, 1]);
      const ready = bot.logs.filter((line) => line.msg === 'bot ready');
      expect(ready.map((line) => [line.shard, line.guilds]).sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);
    });

    it('answers every command in every guild once, whichever shard holds it', async () => {
      const replies = await Promise.all(
        guilds.flatMap((guild) =>
          users.map((user) => command(guild, user, 'port', undefined, { query: '22' })),
        ),
      );
      for (const reply of replies)
        expect(reply.embeds?.[0]?.title).toBe('22/tcp · SSH (Secure Shell Protocol)');
    });

    it('records a flashcard session once per grade', async () => {
      const [member] = users as [(typeof users)[number]];
      const start = await command(onShard1, member, 'flashcards');
      expect(start.embeds?.[0]?.description).toBe('**Which service uses port 20?**');
      let message = await (handles.at(-1) as InteractionHandle).waitForMessage();
      for (const action of ['show', 'good', 'show', 'good']) {
        const button = buttonsOf(message).find((b) => b.custom_id.split(':')[4] === action);
        await answered(double.clickButton({ message, customId: button?.custom_id ?? '', user: member }));
        message = double.message(message.id) ?? message;
      }
      expect(await store.reviews(member.id, 100)).toHaveLength(2);
    });

    it('posts one daily question per guild through the jobs, and counts each member once', async () => {
      const later = new Date(Date.now() + 6 * 3_600_000);
      const time = `${String(later.getUTCHours()).padStart(2, '0')}:${String(later.getUTCMinutes()).padStart(2, '0')}`;
      for (const guild of guilds) {
        const channel = guild.channels[0]?.id ?? '';
        expect(
          (await command(guild, admin, 'daily', 'setup', { channel, time, timezone: 'UTC' })).content,
        ).toContain('Saved.');
      }
      await Promise.all(guilds.map((guild) => command(guild, admin, 'daily', 'post')));
      const posts = await Promise.all(
        guilds.map((guild) =>
          double.waitForMessage(isQuestion, { channelId: guild.channels[0]?.id ?? '', timeoutMs: 20_000 }),
        ),
      );
      const clicks = await Promise.all(
        posts.flatMap((post) =>
          users.map((user, i) =>
            answered(
              double.clickButton({ message: post, customId: buttonsOf(post)[i]?.custom_id ?? '', user }),
            ),
          ),
        ),
      );
      for (const click of clicks) expect(click.content).toMatch(/Right!|Not quite/);
      // Both shard processes' schedulers poll every second: leave them rounds to post twice if they could.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      for (const guild of guilds) {
        expect(double.channelMessages(guild.channels[0]?.id ?? '').filter(isQuestion)).toHaveLength(1);
        const [question, ...others] = await store.daily.recentQuestions(guild.id, 10);
        expect(others).toEqual([]);
        expect((await store.daily.getQuestion(question?.questionId ?? ''))?.answerCount).toBe(users.length);
      }
    });

    it('serves the same leaderboard from both APIs with a /dashboard token', async () => {
      const reply = await command(onShard1, admin, 'dashboard', 'token');
      const token = /`([^`\s]+)`/.exec(reply.content ?? '')?.[1] ?? '';
      const query = `{ guild(id: "${onShard1.id}") { leaderboard(period: ALL, first: 10) { totalCount edges { node { userId answers } } } } }`;
      const bodies = await Promise.all(
        apiUrls.map(async (url) => {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query }),
          });
          return (await response.json()) as {
            data?: { guild: { leaderboard: { totalCount: number; edges: { node: { userId: string } }[] } } };
          };
        }),
      );
      const [first, second] = bodies;
      expect(first?.data?.guild.leaderboard.totalCount).toBe(users.length);
      expect(first?.data?.guild.leaderboard.edges.map((edge) => edge.node.userId).sort()).toEqual(
        users.map((user) => user.id),
      );
      expect(second).toEqual(first);
      // Failure: without the token the guild is not readable.
      const refused = (await (
        await fetch(apiUrls[1] ?? '', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        })
      ).json()) as { data?: { guild: unknown } | null; errors?: unknown[] };
      expect(refused.data?.guild ?? null).toBeNull();
      expect(refused.errors?.length).toBeGreaterThan(0);
    });

    it('respawns a shard killed with SIGKILL; nothing recorded is lost and its guilds answer again', async () => {
      const [member] = users as [(typeof users)[number]];
      const victim = shardPid(1);
      const survivor = shardPid(0);
      const reborn = double.waitFor('session', (_id, kind, shard) => kind === 'ready' && shard[0] === 1, {
        timeoutMs: 90_000,
      });
      process.kill(victim, 'SIGKILL');
      await bot.waitForLog((line) => line.msg === 'shard died; respawning' && line.pid === victim);
      // The other shard keeps answering while shard 1 is down.
      expect(
        (await command(guilds[0] as DoubleGuild, member, 'port', undefined, { query: '443' })).embeds?.[0]
          ?.title,
      ).toContain('443/tcp');
      expect(await store.reviews(member.id, 100)).toHaveLength(2);
      await reborn;
      const respawned = shardPid(1);
      expect(respawned).not.toBe(victim);
      expect(isAlive(victim)).toBe(false);
      expect(shardPid(0)).toBe(survivor);
      await until(() => double.sessions.filter((session) => session.isConnected).length === 2, 30_000);

      for (const guild of [onShard1, guilds[3] as DoubleGuild])
        expect(
          (await command(guild, member, 'port', undefined, { query: '3389' })).embeds?.[0]?.title,
        ).toContain('3389/tcp');
      // The flashcard schedule lives in the database: the new process carries on from the recorded grades.
      const start = await command(onShard1, member, 'flashcards');
      expect(start.embeds?.[0]?.description).toBe('**Which service uses port 22?**');
      expect(await store.reviews(member.id, 100)).toHaveLength(2);
    });

    it('answered every interaction exactly once: no 40060, no missing answer', () => {
      expect(handles.length).toBeGreaterThan(40);
      expect(handles.filter((handle) => handle.firstResponse === undefined)).toEqual([]);
      expect(handles.flatMap((handle) => handle.errors)).toEqual([]);
      expect(double.violations.filter((violation) => violation.code === 40060)).toEqual([]);
      expect(double.violations).toEqual([]);
    });

    it('stops every shard process on SIGTERM to the manager', async () => {
      const pids = [shardPid(0), shardPid(1)];
      bot.child.kill('SIGTERM');
      expect(await bot.closed).toBe(0);
      expect(pids.filter(isAlive)).toEqual([]);
      expect(bot.logs.filter((line) => line.msg === 'bot stopped')).toHaveLength(2);
    });
  },
);
