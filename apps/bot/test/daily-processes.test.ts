import type { ChildProcess } from 'node:child_process';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startDiscordDouble,
  type DiscordDouble,
  type DoubleGuild,
  type DoubleMessage,
} from '@portdeck/discord-double';
import { openStore, parseDatabaseUrl, storeOptionsFor, type Store } from '@portdeck/store';
import { commands } from '../src/commands/index.ts';
import { registerCommands } from '../src/register.ts';
import { spawnScript, tempDataDir, type ReplyData } from './helpers.ts';
import { freshPostgresDatabase, hasPostgres } from './postgres.ts';

function isQuestion(message: DoubleMessage): boolean {
  return JSON.stringify(message.components).includes('"dq:1:');
}

function footerOf(message: DoubleMessage | undefined): string | undefined {
  return (message?.embeds[0]?.footer as { text?: string } | undefined)?.text;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the console drives a daily question (spawned, stdin → stdout)', () => {
  it('posts with /daily post, takes clicks as different members, closes with results', async () => {
    const data = tempDataDir();
    try {
      const child = spawnScript('src/console.ts', { PORTDECK_DATA_DIR: data.dir });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.stdin.end(
        [
          '/daily setup channel:here time:09:00 timezone:Europe/Berlin',
          '/daily post',
          'as alice click 1',
          'as bob click 2',
          'as alice click 3',
          '/daily close',
          '/daily streak',
          'exit',
        ].join('\n'),
      );
      expect(await closed).toBe(0);
      expect(stdout).toContain('Every day at 09:00 (Europe/Berlin)');
      expect(stdout).toContain('[#channel new message] == Daily port question ==');
      expect(stdout).toContain('You already answered A');
      expect(stdout).toContain('Answers are closed');
      expect(stdout).toMatch(/Answered right: [0-2] of 2/);
      expect(stdout).toContain('Your daily streak: 0 (best 0)');
    } finally {
      data.remove();
    }
  }, 40_000);
});

// A rolling deploy: two bot processes on one PostgreSQL database, both logged in to the same Discord.
describe.skipIf(!hasPostgres)('two bot processes on one PostgreSQL (rolling deploy)', () => {
  let double: DiscordDouble;
  let guild: DoubleGuild;
  let channelId: string;
  let database: ReturnType<typeof freshPostgresDatabase>;
  let store: Store;
  const data = tempDataDir();
  const children: ChildProcess[] = [];
  const logs: string[] = [];
  const admin = { id: '200000000000000001', username: 'admin' };

  async function startProcess(): Promise<void> {
    const ready = double.waitFor('session', (_id, kind) => kind === 'ready', { timeoutMs: 40_000 });
    const child = spawnScript('src/main.ts', {
      DISCORD_TOKEN: double.token,
      DISCORD_API_URL: double.restApiUrl,
      PORTDECK_DATA_DIR: data.dir,
      PORTDECK_DATABASE_URL: database.url,
      PORTDECK_LOG_LEVEL: 'warn',
    });
    child.stdout.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    children.push(child);
    await ready;
  }

  beforeAll(async () => {
    double = await startDiscordDouble();
    guild = double.guilds[0] as DoubleGuild;
    channelId = guild.channels[0]?.id ?? '';
    const managers = double.createRole(guild.id, {
      name: 'managers',
      permissions: PermissionFlagsBits.ManageGuild,
    });
    double.addMember(guild.id, admin, [managers.id]);
    await registerCommands({
      token: double.token,
      applicationId: double.applicationId,
      guildId: guild.id,
      apiUrl: double.restApiUrl,
      commands,
    });
    database = freshPostgresDatabase();
    // One after the other: the first creates the schema, the second finds it migrated.
    await startProcess();
    await startProcess();
    const location = parseDatabaseUrl(database.url, data.dir);
    if (!location.ok) throw new Error(location.error);
    store = await openStore(storeOptionsFor(location.value));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            child.once('close', () => {
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await store.close();
    await double.close();
    await database.drop();
    data.remove();
  }, 30_000);

  it('posts one question, counts each member once, closes once', async () => {
    const daily = async (subcommand: string, options: Record<string, string> = {}) => {
      const handle = await double.sendCommand({ name: 'daily', subcommand, options, user: admin });
      return ((await handle.response()).data ?? {}) as ReplyData;
    };
    // A time hours away: only /daily post makes today's question.
    const later = new Date(Date.now() + 6 * 3_600_000);
    const time = `${String(later.getUTCHours()).padStart(2, '0')}:${String(later.getUTCMinutes()).padStart(2, '0')}`;
    expect((await daily('setup', { channel: channelId, time, timezone: 'UTC' })).content).toContain('Saved.');
    expect((await daily('post')).content).toContain('Posting');
    const post = await double.waitForMessage(isQuestion, { channelId, timeoutMs: 20_000 });
    // Both schedulers poll every second: give them several rounds to post twice if they could.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(double.channelMessages(channelId).filter(isQuestion)).toHaveLength(1);
    const [question, ...others] = await store.daily.recentQuestions(guild.id, 10);
    expect(others).toEqual([]);
    expect(question?.messageId).toBe(post.id);

    // Six members answer at once (one of them twice); both processes receive every click.
    const buttons = post.components.flatMap((row) => (row.components ?? []) as { custom_id: string }[]);
    const users = Array.from({ length: 6 }, (_, i) => ({ id: `30000000000000000${i}`, username: `m${i}` }));
    const clicks = [...users, users[0] ?? admin].map((user, i) =>
      double.clickButton({ message: post, customId: buttons[i % buttons.length]?.custom_id ?? '', user }),
    );
    const replies = await Promise.all(
      (await Promise.all(clicks)).map(async (h) => ((await h.response()).data ?? {}) as ReplyData),
    );
    expect(replies.filter((r) => /Right!|Not quite/.test(r.content ?? ''))).toHaveLength(6);
    expect(replies.filter((r) => (r.content ?? '').includes('You already answered'))).toHaveLength(1);
    expect((await store.daily.getQuestion(question?.questionId ?? ''))?.answerCount).toBe(6);
    expect(await store.daily.answers(question?.questionId ?? '')).toHaveLength(6);
    await until(() => footerOf(double.messageRecord(post.id)?.message) === '6 answers', 15_000);

    expect((await daily('close')).content).toContain('Closing now');
    const results = await double.waitForMessage((m) => m.id !== post.id && !isQuestion(m), {
      channelId,
      timeoutMs: 20_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(double.channelMessages(channelId).map((m) => m.id)).toEqual([post.id, results.id]);
    const closed = double.messageRecord(post.id)?.message;
    expect(footerOf(closed)).toBe('6 answers');
    expect(
      closed?.components
        .flatMap((row) => (row.components ?? []) as { disabled?: boolean }[])
        .every((b) => b.disabled),
    ).toBe(true);
    expect(JSON.stringify(results.embeds)).toContain('of 6');
  }, 90_000);
});
