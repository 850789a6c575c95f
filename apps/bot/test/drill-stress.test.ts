import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreDrillRound } from '@portdeck/core';
import type { DoubleMessage, DoubleUser } from '@portdeck/discord-double';
import { drillEdits } from '../src/drill/drill.ts';
import {
  buttonId,
  postsTitled,
  startDrillWorld,
  titleOf,
  type BotProcess,
  type DrillWorld,
} from './drill-helpers.ts';

/** 20 drills at once in one server, one of them with 50 players, on the real clock (the 3 s rule bites). */
const drills = 20;
const bigDrill = 50;
const smallDrill = 5;
const sizes = Array.from({ length: drills }, (_, i) => (i === 0 ? bigDrill : smallDrill));
const names = sizes.flatMap((size, d) =>
  Array.from({ length: size }, (_, p) => `d${String(d)}p${String(p)}`),
);

let world: DrillWorld;
let bot: BotProcess;
const channels: string[] = [];
const slowest = { ms: 0 };

beforeAll(async () => {
  world = await startDrillWorld(names, { clock: { at: 0, now: () => Date.now() } });
  bot = await world.start();
  const guild = world.double.guilds[0];
  if (guild === undefined) throw new Error('no guild');
  channels.push(world.channelId);
  for (let i = 1; i < drills; i++)
    channels.push(world.double.createChannel(guild.id, { name: `drill-${String(i)}` }).id);
}, 60_000);

afterAll(async () => {
  await world.close();
});

const player = (d: number, p: number): DoubleUser => {
  const found = world.users[`d${String(d)}p${String(p)}`];
  if (found === undefined) throw new Error('no such player');
  return found;
};

/** Sends an interaction and waits for its acknowledgement, timing it in real time. */
async function acknowledged(
  send: () => Promise<{ response(): Promise<unknown>; errors: readonly unknown[] }>,
) {
  const started = performance.now();
  const handle = await send();
  await handle.response();
  slowest.ms = Math.max(slowest.ms, performance.now() - started);
  return handle;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not reached');
}

describe('stress: 20 drills at once, one with 50 players', () => {
  it('acknowledges every interaction within 3 s, scores exactly, and never hits the edit rate limit', async () => {
    await Promise.all(
      channels.map((channelId, d) =>
        acknowledged(() =>
          world.double.sendCommand({
            name: 'drill',
            subcommand: 'start',
            options: { rounds: 1, seconds: 60, lobby: 300 },
            channelId,
            user: player(d, 0),
          }),
        ),
      ),
    );
    await until(async () => {
      const active = await Promise.all(channels.map((c) => bot.store.drills.activeIn(c)));
      return active.every((drill) => drill?.messageId != null);
    });
    const lobbies = await Promise.all(
      channels.map(async (c) => {
        const drill = await bot.store.drills.activeIn(c);
        const message = world.double.message(drill?.messageId ?? '');
        if (drill === undefined || message === undefined) throw new Error('no lobby');
        return { drill, message };
      }),
    );
    const joins = lobbies.flatMap(({ message }, d) =>
      Array.from({ length: (sizes[d] ?? 1) - 1 }, (_, i) =>
        acknowledged(() =>
          world.double.clickButton({ message, customId: buttonId(message, 'join'), user: player(d, i + 1) }),
        ),
      ),
    );
    await Promise.all(joins);
    await Promise.all(
      lobbies.map(({ message }, d) =>
        acknowledged(() =>
          world.double.clickButton({ message, customId: buttonId(message, 'start'), user: player(d, 0) }),
        ),
      ),
    );
    await bot.scheduler.tick();
    await bot.scheduler.tick();
    const questions: DoubleMessage[] = channels.map((c) => {
      const found = postsTitled(world.double, c, 'Round 1 of 1')[0];
      if (found === undefined) throw new Error(`no question in ${c}`);
      return found;
    });
    const rounds = await Promise.all(lobbies.map(({ drill }) => bot.store.drills.getRound(drill.drillId, 1)));
    // Everyone answers at once; every third player picks a wrong option.
    const clicks = questions.flatMap((message, d) =>
      Array.from({ length: sizes[d] ?? 0 }, (_, p) => {
        const correct = rounds[d]?.correctIndex ?? 0;
        const choice = p % 3 === 2 ? (correct + 1) % (rounds[d]?.options.length ?? 4) : correct;
        return acknowledged(() =>
          world.double.clickButton({
            message,
            customId: buttonId(message, `a${String(choice)}`),
            user: player(d, p),
          }),
        );
      }),
    );
    const handles = await Promise.all(clicks);
    expect(handles.flatMap((h) => h.errors)).toEqual([]);
    await until(async () => {
      const all = await Promise.all(lobbies.map(({ drill }) => bot.store.drills.getRound(drill.drillId, 1)));
      return all.every((r) => r?.closedAt != null);
    });
    for (const [d, { drill }] of lobbies.entries()) {
      const { rounds: played, answers } = await bot.store.drills.rounds(drill.drillId);
      const round = played[0];
      if (round === undefined) throw new Error('no round');
      expect(answers).toHaveLength(sizes[d] ?? 0);
      const expected = scoreDrillRound(round, answers);
      expect(Object.fromEntries(answers.map((a) => [a.userId, a.points]))).toEqual(
        Object.fromEntries(expected.scores.map((s) => [s.userId, s.points])),
      );
      const wrong = Array.from({ length: sizes[d] ?? 0 }, (_, p) => p).filter((p) => p % 3 === 2);
      expect(
        answers
          .filter((a) => !a.isCorrect)
          .map((a) => a.userId)
          .sort(),
      ).toEqual(wrong.map((p) => player(d, p).id).sort());
    }
    for (let i = 0; i < 4; i++) await bot.scheduler.tick();
    expect(channels.map((c) => postsTitled(world.double, c, 'Drill results').length)).toEqual(
      channels.map(() => 1),
    );
    await drillEdits(bot.bot.context).idle();
    expect(
      channels.every(
        (c) =>
          titleOf(world.double.message(lobbies[channels.indexOf(c)]?.drill.messageId ?? '')) ===
          'Drill over: final scoreboard',
      ),
    ).toBe(true);
    expect(world.double.violations).toEqual([]);
    expect(world.double.rateLimits.byName.messageEdit).toBe(0);
    expect(slowest.ms).toBeLessThan(3000);
    console.log(
      `stress: ${String(handles.length)} answers in ${String(drills)} drills, slowest acknowledgement ${slowest.ms.toFixed(0)} ms, 429s ${JSON.stringify(world.double.rateLimits.byName)}`,
    );
  }, 120_000);
});
