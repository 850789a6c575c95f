import { join } from 'node:path';
import { periodKeysOf } from '@portdeck/core';
import { startDiscordDouble } from '@portdeck/discord-double';
import { dailyCloseKind, openStore, seedDailyPost } from '@portdeck/store';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnScript, tempDataDir } from './helpers.ts';
import { startRestGate } from './rest-gate.ts';

const data = tempDataDir();
afterAll(() => {
  data.remove();
});

async function until<T>(read: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A daily question whose close job is due now: the bot claims it as soon as its scheduler starts. */
async function seedDueCloseJob(path: string, channelId: string, guildId: string): Promise<string> {
  const store = await openStore({ path });
  try {
    const postedAt = Date.now() - 120_000;
    await seedDailyPost(
      store,
      {
        questionId: 'q1',
        guildId,
        localDate: periodKeysOf(postedAt, 'UTC').day,
        cardId: 'port:22',
        options: ['SSH', 'RDP', 'SMB', 'VNC'],
        correctIndex: 0,
        channelId,
        messageId: '1300000000000000000',
        postedAt,
        closesAt: postedAt + 60_000,
        askedInCycle: ['port:22'],
      },
      { id: 'close:q1', kind: dailyCloseKind, payload: { questionId: 'q1' }, runAt: postedAt + 60_000 },
    );
    return 'close:q1';
  } finally {
    await store.close();
  }
}

describe('bot process: HTTP endpoints and SIGTERM drain (real discord.js client, double behind a REST gate)', () => {
  it('reports ready, finishes the interaction in flight, ignores new ones, releases its job and exits 0', async () => {
    // A frozen double clock: the held reply cannot miss Discord's 3 s window however slow this machine is.
    const frozen = Date.now();
    const double = await startDiscordDouble({ now: () => frozen });
    const guild = double.guilds[0]!;
    const channelId = guild.channels[0]!.id;
    const dbPath = join(data.dir, 'portdeck.db');
    const jobId = await seedDueCloseJob(dbPath, channelId, guild.id);
    // Interaction replies and message edits wait at the gate until the test lets them through.
    const gate = await startRestGate(
      double.restApiUrl,
      (method, path) => /\/interactions\/\d+\/[^/]+\/callback(\?|$)/.test(path) || method === 'PATCH',
    );
    const child = spawnScript('src/main.ts', {
      DISCORD_TOKEN: double.token,
      DISCORD_API_URL: gate.apiUrl,
      PORTDECK_DATA_DIR: data.dir,
      PORTDECK_BOT_HTTP_HOST: '127.0.0.1',
      PORTDECK_SHUTDOWN_GRACE_MS: '3000',
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const port = await until(() => /"port":(\d+),"msg":"bot HTTP listening/.exec(stdout)?.[1], 'HTTP');
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const ready = await until(async () => {
        const response = await fetch(`${base}/ready`);
        return response.status === 200 ? response : undefined;
      }, '/ready 200');
      expect(await ready.json()).toEqual({
        ready: true,
        stopping: false,
        shards: { '0': 'connected' },
        database: 'ready',
      });

      // The close job is claimed and its message edit is held: a job in flight, its lease held by the bot.
      await until(() => gate.held().some((request) => request.method === 'PATCH'), 'the job in flight').catch(
        (error: unknown) => {
          throw new Error(`${String(error)}\n${gate.seen.join('\n')}\n${stdout}`);
        },
      );
      const store = await openStore({ path: dbPath });
      try {
        expect(await store.jobs.get(jobId)).toMatchObject({ status: 'running', attempts: 1 });
      } finally {
        await store.close();
      }

      const first = await double.sendCommand({ name: 'port', options: { query: '3389' } });
      await until(
        () => gate.held().some((request) => request.path.includes(first.id)),
        'the reply in flight',
      );
      child.kill('SIGTERM');
      await until(() => stdout.includes('"msg":"shutting down"'), 'shutting down');
      expect(stdout).toContain('"interactionsInFlight":1');
      const draining = await fetch(`${base}/ready`);
      expect(draining.status).toBe(503);
      expect(await draining.json()).toMatchObject({ ready: false, stopping: true });

      // A new interaction now gets no handling at all; the one in flight is answered.
      const second = await double.sendCommand({ name: 'port', options: { query: '22' } });
      for (const request of gate.held().filter((held) => held.path.includes(first.id))) request.pass();
      expect((await first.response()).data).toMatchObject({
        embeds: [{ title: '3389/tcp · RDP (Remote Desktop Protocol)' }],
      });
      expect(await exited).toBe(0);
      expect(gate.seen.some((request) => request.includes(second.id))).toBe(false);
      expect(stdout).toContain('"msg":"job released at shutdown"');
    } finally {
      child.kill('SIGKILL');
      await gate.close();
      await double.close();
    }
    // Handed back: pending, the claim not counted, claimable at once by another process.
    const store = await openStore({ path: dbPath });
    try {
      expect(await store.jobs.get(jobId)).toMatchObject({ status: 'pending', attempts: 0, leaseOwner: null });
      const [again] = await store.jobs.claimDue({
        owner: 'next',
        now: Date.now(),
        leaseMs: 60_000,
        limit: 5,
      });
      expect(again?.id).toBe(jobId);
    } finally {
      await store.close();
    }
  }, 120_000);
});
