import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CallbackType,
  startDiscordDouble,
  type DiscordDouble,
  type DoubleMessage,
} from '@portdeck/discord-double';
import { openStore } from '@portdeck/store';
import { spawnScript, tempDataDir, type ReplyData } from './helpers.ts';

// tsx as an --import loader keeps the bot in ONE process, so SIGKILL hits the process that wrote.

let double: DiscordDouble;
let data: ReturnType<typeof tempDataDir>;

beforeAll(async () => {
  double = await startDiscordDouble();
  data = tempDataDir();
});

afterAll(async () => {
  await double.close();
  data.remove();
});

/** Starts `src/main.ts` on the double and the temp data dir; resolves once its gateway session is ready. */
async function startMain(): Promise<{ child: ChildProcess; exited: Promise<NodeJS.Signals | null> }> {
  const ready = double.waitFor('session', (_id, kind) => kind === 'ready', { timeoutMs: 30_000 });
  const child = spawnScript(
    'src/main.ts',
    {
      DISCORD_TOKEN: double.token,
      DISCORD_API_URL: double.restApiUrl,
      PORTDECK_DATA_DIR: data.dir,
      PORTDECK_LOG_LEVEL: 'error',
    },
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => {
      resolve(signal);
    }),
  );
  await ready;
  return { child, exited };
}

function idOf(message: DoubleMessage, action: string): string {
  const ids = message.components.flatMap((row) =>
    ((row.components ?? []) as { custom_id: string }[]).map((b) => b.custom_id),
  );
  const found = ids.find((id) => id.split(':')[4] === action);
  if (found === undefined) throw new Error(`no ${action} button in ${ids.join(', ')}`);
  return found;
}

async function press(message: DoubleMessage, action: string): Promise<ReplyData> {
  const handle = await double.clickButton({ message, customId: idOf(message, action) });
  const response = await handle.response();
  expect(response.type).toBe(CallbackType.updateMessage);
  return response.data ?? {};
}

describe('a review the bot acknowledged survives kill -9 (spawned main.ts, real SQLite file)', () => {
  let back: DoubleMessage;
  let userId: string;

  it('finds the review in the database after SIGKILL right after the callback reached Discord', async () => {
    const bot = await startMain();
    const start = await double.sendCommand({ name: 'flashcards' });
    userId = (start.payload.member as { user: { id: string } }).user.id;
    const front = await start.waitForMessage();
    await press(front, 'show');
    back = structuredClone(double.message(front.id) as DoubleMessage);
    const graded = await press(back, 'good');
    // The update is the acknowledgement the user sees; kill at once, with no chance to flush anything.
    bot.child.kill('SIGKILL');
    expect(await bot.exited).toBe('SIGKILL');
    expect(graded.embeds?.[0]?.description).toBe('**Which service uses port 21?**');
    const store = await openStore({ path: join(data.dir, 'portdeck.db') });
    try {
      const reviews = await store.reviews(userId);
      expect(reviews.map(({ cardId, rating, mode }) => ({ cardId, rating, mode }))).toEqual([
        { cardId: 'port-to-service:20', rating: 'good', mode: 'normal' },
      ]);
      expect(
        (await store.getCardStates(userId, ['port-to-service:20'])).get('port-to-service:20')?.reps,
      ).toBe(1);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('answers buttons from before the kill in a new process, counting a repeated grade once (edge)', async () => {
    const bot = await startMain();
    try {
      // The message as the killed process left it: card 21's front, drawn before the kill.
      const live = double.message(back.id) as DoubleMessage;
      expect(idOf(live, 'show')).toMatch(/:1:show:port-to-service:21$/);
      await press(live, 'show');
      const next = await press(double.message(back.id) as DoubleMessage, 'good');
      expect(next.embeds?.[0]?.description).toBe('**Which service uses port 22?**');
      // A second device still showing card 20's grades: the review from before the kill counts once.
      const again = await press({ ...back, id: `${BigInt(back.id) + 1n}` }, 'good');
      expect(again.content).toBe('Already recorded: Good. A second click does not count twice.');
    } finally {
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBeNull();
    }
    const store = await openStore({ path: join(data.dir, 'portdeck.db') });
    try {
      expect(await store.reviews(userId)).toHaveLength(2);
    } finally {
      await store.close();
    }
    expect(double.violations).toEqual([]);
  }, 60_000);
});
