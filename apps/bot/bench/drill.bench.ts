import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type TextChannel } from 'discord.js';
import { createEmbeddedRegistry } from '@portdeck/core';
import {
  startDiscordDouble,
  type DiscordDouble,
  type DoubleMessage,
  type DoubleUser,
} from '@portdeck/discord-double';
import { openStore } from '@portdeck/store';
import { pino } from 'pino';
import { commands } from '../src/commands/index.ts';
import { drillEdits } from '../src/drill/drill.ts';
import { createBot } from '../src/index.ts';
import { schedulerWork } from '../src/jobs/index.ts';
import { registerCommands } from '../src/register.ts';
import { loginConstantReplier } from './constant-replier.ts';
import { createScheduler } from '../src/scheduler.ts';

// Loopback only, bounded: 50 players, ROUNDS rounds (the first is warm-up), every wait capped, the run capped.
const PLAYERS = 50;
const ROUNDS = 6;
const SPREAD_MS = 1000;
const TARGET_P99_MS = 100;
const RUN_TIMEOUT_MS = 120_000;

const runGuard = setTimeout(() => {
  console.error(`benchmark exceeded ${String(RUN_TIMEOUT_MS)} ms, aborting`);
  process.exit(2);
}, RUN_TIMEOUT_MS);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(samples: readonly number[]): { p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

function buttonOf(message: DoubleMessage, suffix: string): string {
  const ids = message.components.flatMap((row) =>
    ((row.components ?? []) as { custom_id: string }[]).map((b) => b.custom_id),
  );
  const found = ids.find((id) => id.endsWith(suffix));
  if (found === undefined) throw new Error(`no ${suffix} button`);
  return found;
}

/** 50 clicks, each at a random moment within a second; dispatch→callback latency per click (the double's timing). */
async function clicks(
  double: DiscordDouble,
  message: DoubleMessage,
  customId: (i: number) => string,
  users: DoubleUser[],
) {
  const handles = await Promise.all(
    users.map(async (user, i) => {
      await sleep(Math.random() * SPREAD_MS);
      return double.clickButton({ message, customId: customId(i), user });
    }),
  );
  await Promise.all(handles.map((h) => h.response({ timeoutMs: 10_000 })));
  return handles.map((h) => h.latencyMs ?? Number.NaN);
}

function players(double: DiscordDouble): DoubleUser[] {
  const guild = double.guilds[0];
  if (guild === undefined) throw new Error('no guild');
  return Array.from({ length: PLAYERS }, (_, i) => {
    const user = double.createUser({ username: `player${String(i)}` });
    double.addMember(guild.id, user);
    return user;
  });
}

/** The constant-reply baseline: the same discord.js client answering every click with a constant. */
async function baseline(): Promise<number[]> {
  const double = await startDiscordDouble();
  const client = await loginConstantReplier(double, (interaction) => interaction.isButton());
  const users = players(double);
  const channelId = double.guilds[0]?.channels[0]?.id ?? '';
  const channel = (await client.channels.fetch(channelId)) as TextChannel;
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    ...[0, 1, 2, 3].map((i) =>
      new ButtonBuilder()
        .setCustomId(`b:${String(i)}`)
        .setLabel(String(i))
        .setStyle(ButtonStyle.Secondary),
    ),
  );
  const sent = await channel.send({ content: 'baseline', components: [row] });
  const message = double.message(sent.id);
  if (message === undefined) throw new Error('baseline message missing');
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const latencies = await clicks(double, message, (i) => `b:${String(i % 4)}`, users);
    if (round > 0) samples.push(...latencies);
  }
  await client.destroy();
  await double.close();
  return samples;
}

/** The drill: 50 players answer each round within a second; returns latencies and scoreboard edits per round. */
async function drill(): Promise<{
  samples: number[];
  boardEdits: number[];
  questionEdits: number[];
  editLimited: number;
}> {
  const double = await startDiscordDouble();
  const dir = mkdtempSync(join(tmpdir(), 'portdeck-drill-bench-'));
  const store = await openStore({ path: join(dir, 'portdeck.db') });
  const logger = pino({ level: 'warn' });
  const bot = createBot({
    registry: createEmbeddedRegistry(),
    store,
    token: double.token,
    apiUrl: double.restApiUrl,
    logger,
    clientOptions: { waitGuildTimeout: 200 },
  });
  await bot.start();
  const guildId = double.guilds[0]?.id ?? '';
  const channelId = double.guilds[0]?.channels[0]?.id ?? '';
  await registerCommands({
    token: double.token,
    applicationId: double.applicationId,
    guildId,
    apiUrl: double.restApiUrl,
    commands,
  });
  const scheduler = createScheduler({
    jobs: store.jobs,
    ...schedulerWork(bot.context),
    now: Date.now,
    logger,
  });
  const users = players(double);
  const [host, ...others] = users;
  if (host === undefined) throw new Error('no host');
  await (
    await double.sendCommand({
      name: 'drill',
      subcommand: 'start',
      options: { rounds: ROUNDS, seconds: 60, lobby: 300 },
      user: host,
    })
  ).response();
  const lobby = await double.waitForMessage(
    (m) => (m.embeds[0] as { title?: string } | undefined)?.title === 'Drill lobby',
    { channelId },
  );
  await Promise.all(
    others.map(async (user) =>
      (await double.clickButton({ message: lobby, customId: buttonOf(lobby, ':join'), user })).response(),
    ),
  );
  await (
    await double.clickButton({ message: lobby, customId: buttonOf(lobby, ':start'), user: host })
  ).response();
  const drillId = buttonOf(lobby, ':join').split(':')[2] ?? '';
  const samples: number[] = [];
  const boardEdits: number[] = [];
  const questionEdits: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    let recorded = await store.drills.getRound(drillId, round);
    for (let i = 0; i < 100 && recorded === undefined; i++) {
      await scheduler.tick();
      recorded = await store.drills.getRound(drillId, round);
      if (recorded === undefined) await sleep(100);
    }
    if (recorded === undefined) throw new Error(`round ${String(round)} never posted`);
    const question = double.message(recorded.messageId);
    if (question === undefined) throw new Error('question missing');
    await drillEdits(bot.context).idle();
    const before = double.messageRecord(lobby.id)?.edits ?? 0;
    const { correctIndex } = recorded;
    const latencies = await clicks(
      double,
      question,
      (i) =>
        buttonOf(
          question,
          `:a${String(i % 3 === 2 ? (correctIndex + 1) % recorded.options.length : correctIndex)}`,
        ),
      users,
    );
    if (round > 1) samples.push(...latencies);
    // The round closed when the last player answered; reveal, then wait out the coalescer.
    for (let i = 0; i < 3; i++) await scheduler.tick();
    await drillEdits(bot.context).idle();
    boardEdits.push((double.messageRecord(lobby.id)?.edits ?? 0) - before);
    questionEdits.push(double.messageRecord(recorded.messageId)?.edits ?? 0);
    await sleep(3000);
  }
  const editLimited = double.rateLimits.byName.messageEdit;
  await scheduler.stop();
  drillEdits(bot.context).close();
  await bot.stop();
  await store.close();
  await double.close();
  rmSync(dir, { recursive: true, force: true });
  return { samples, boardEdits, questionEdits, editLimited };
}

const base = summary(await baseline());
const measured = await drill();
const drilled = summary(measured.samples);
const fmt = (n: number) => n.toFixed(1).padStart(7);
console.log(
  `click → acknowledgement, ${String(PLAYERS)} players answering within ${String(SPREAD_MS)} ms, ${String(ROUNDS - 1)} measured rounds (ms, the double's dispatch→callback):`,
);
console.log(`                      p50      p99      max`);
console.log(`baseline (constant) ${fmt(base.p50)}  ${fmt(base.p99)}  ${fmt(base.max)}`);
console.log(`drill answers       ${fmt(drilled.p50)}  ${fmt(drilled.p99)}  ${fmt(drilled.max)}`);
console.log(
  `slowest drill answers: ${[...measured.samples]
    .sort((a, b) => b - a)
    .slice(0, 8)
    .map((n) => n.toFixed(0))
    .join(', ')} ms`,
);
console.log(`target p99 < ${String(TARGET_P99_MS)} ms: ${drilled.p99 < TARGET_P99_MS ? 'met' : 'missed'}`);
console.log(
  `scoreboard edits per round (${String(PLAYERS)} clicks each): ${measured.boardEdits.join(', ')}; question edits per round: ${measured.questionEdits.join(', ')}; message-edit 429s: ${String(measured.editLimited)}`,
);
clearTimeout(runGuard);
process.exit(0);
