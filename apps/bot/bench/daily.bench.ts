import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEmbeddedRegistry } from '@portdeck/core';
import { startDiscordDouble, type DoubleMessage, type InteractionHandle } from '@portdeck/discord-double';
import { dailyPostKind, openStore } from '@portdeck/store';
import { pino } from 'pino';
import { configureDaily, dailyRuntime } from '../src/daily/index.ts';
import { dailyCloseJobId } from '../src/daily/shared.ts';
import { createBot } from '../src/index.ts';
import { schedulerWork } from '../src/jobs/index.ts';
import { dailyAnswerCustomId } from '../src/render/daily.ts';
import { button, buttonRows } from '../src/render/message.ts';
import { createScheduler } from '../src/scheduler.ts';

// Loopback only, bounded: every wait capped, whole run capped.
const SERVERS = Number(process.env.DAILY_BENCH_SERVERS ?? 1000);
const CLICKERS = Number(process.env.DAILY_BENCH_CLICKERS ?? 500);
const CLICK_SPREAD_MS = 5_000;
const POST_DEADLINE_MS = 60_000;
const RUN_TIMEOUT_MS = 240_000;

const runGuard = setTimeout(() => {
  console.error(`benchmark exceeded ${RUN_TIMEOUT_MS} ms, aborting`);
  process.exit(2);
}, RUN_TIMEOUT_MS);

const logger = pino({ level: process.env.PORTDECK_LOG_LEVEL ?? 'silent' });

function quantiles(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): string =>
    (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN).toFixed(0);
  return `n=${sorted.length} min=${at(0)} p50=${at(0.5)} p90=${at(0.9)} p99=${at(0.99)} max=${(sorted.at(-1) ?? NaN).toFixed(0)} ms`;
}

function isQuestion(message: DoubleMessage): boolean {
  return JSON.stringify(message.components).includes('"dq:1:');
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

const dir = mkdtempSync(join(tmpdir(), 'portdeck-daily-bench-'));
const double = await startDiscordDouble({
  guilds: Array.from({ length: SERVERS + 1 }, (_, i) => ({ name: `g${i}`, channels: [{ name: 'daily' }] })),
});
const store = await openStore({ path: join(dir, 'portdeck.db') });
// The bot's clock runs from 08:59:50 UTC on 10 March 2026, at real speed (leases, delays and timers stay real).
const postAt = Date.UTC(2026, 2, 10, 9, 0);
const offset = postAt - 10_000 - Date.now();
const now = (): number => Date.now() + offset;
const registry = createEmbeddedRegistry();
const bot = createBot({
  registry,
  store,
  now,
  token: double.token,
  apiUrl: double.restApiUrl,
  logger,
  clientOptions: { waitGuildTimeout: 2_000 },
});
configureDaily(bot.context, { logger });
const [clickGuild, ...servers] = double.guilds;
if (clickGuild === undefined) throw new Error('no guild');
const setupStarted = performance.now();
for (const guild of servers) {
  await store.daily.saveSchedule(
    {
      guildId: guild.id,
      channelId: guild.channels[0]?.id ?? '',
      timeOfDay: '09:00',
      timeZone: 'UTC',
      days: 'mon,tue,wed,thu,fri,sat,sun',
      deckId: 'seed',
      closeAfterMinutes: null,
      startsThread: false,
      pins: false,
      roleId: null,
    },
    now(),
  );
}
await bot.start();
console.log(
  `setup: ${SERVERS} servers with schedules at 09:00 UTC, bot logged in (${(performance.now() - setupStarted).toFixed(0)} ms)`,
);

// 1. SERVERS daily posts due in the same minute, through the real scheduler and discord.js's REST queue.
const arrivals = new Map<string, number[]>();
double.events.on('message', (message) => {
  if (!isQuestion(message) || message.edited_timestamp !== null) return;
  const list = arrivals.get(message.channel_id) ?? [];
  list.push(now() - postAt);
  arrivals.set(message.channel_id, list);
});
const scheduler = createScheduler({ jobs: store.jobs, ...schedulerWork(bot.context), now, logger });
scheduler.start();
const limitsBefore = double.rateLimits.total;
const allPosted = await until(() => arrivals.size >= SERVERS, POST_DEADLINE_MS + (postAt - now()) + 5_000);
await new Promise((resolve) => setTimeout(resolve, 2_000));
const delays = [...arrivals.values()].map((list) => list[0] ?? NaN);
const twice = [...arrivals.values()].filter((list) => list.length > 1).length;
const recorded = (await Promise.all(servers.map((g) => store.daily.lastPostedDate(g.id)))).filter(
  (d) => d === '2026-03-10',
).length;
console.log(
  '\n1) daily posts due in the same minute (delay after 09:00:00, through the double with its rate limits)',
);
console.log(
  `   daily   ${quantiles(delays)}; posted ${arrivals.size}/${SERVERS}${allPosted ? '' : ' (DEADLINE MISSED)'}, twice: ${twice}, recorded: ${recorded}, 429s: ${double.rateLimits.total - limitsBefore}`,
);

// Baseline: the same number of plain channel posts through the same client and double, all at once.
await new Promise((resolve) => setTimeout(resolve, 1_500));
const baselineStart = performance.now();
const baselineDelays = await Promise.all(
  servers.map(async (guild) => {
    await bot.context.channels.post(guild.channels[0]?.id ?? '', { content: 'baseline' });
    return performance.now() - baselineStart;
  }),
);
console.log(`   plain   ${quantiles(baselineDelays)} (the same posts sent at once, no store, no scheduler)`);

// 2. CLICKERS members answering one question within 5 s.
const clickChannel = clickGuild.channels[0]?.id ?? '';
await store.daily.saveSchedule(
  {
    guildId: clickGuild.id,
    channelId: clickChannel,
    timeOfDay: '23:00',
    timeZone: 'UTC',
    days: 'mon,tue,wed,thu,fri,sat,sun',
    deckId: 'seed',
    closeAfterMinutes: null,
    startsThread: false,
    pins: false,
    roleId: null,
  },
  now(),
);
const questionId = `daily:${clickGuild.id}:2026-03-10`;
await store.jobs.enqueue(
  {
    id: questionId,
    kind: dailyPostKind,
    payload: { guildId: clickGuild.id, date: '2026-03-10', manual: { closesAt: now() + 3_600_000 } },
    runAt: now(),
  },
  now(),
);
const post = await double.waitForMessage(isQuestion, { channelId: clickChannel, timeoutMs: 20_000 });
const buttons = post.components.flatMap((row) => (row.components ?? []) as { custom_id: string }[]);

async function clickStorm(
  message: DoubleMessage | string,
  customIds: readonly string[],
): Promise<{ latencies: number[]; late: number; failed: number }> {
  const handles = await Promise.all(
    Array.from(
      { length: CLICKERS },
      (_, i) =>
        new Promise<InteractionHandle>((resolve, reject) => {
          setTimeout(
            () => {
              double
                .clickButton({
                  message,
                  customId: customIds[i % customIds.length] ?? '',
                  user: { id: `4${String(i).padStart(17, '0')}`, username: `m${i}` },
                })
                .then(resolve, reject);
            },
            (i * CLICK_SPREAD_MS) / CLICKERS,
          );
        }),
    ),
  );
  await Promise.all(handles.map((h) => h.response().catch(() => undefined)));
  const latencies = handles.map((h) => h.latencyMs ?? Infinity);
  if (process.env.DAILY_BENCH_DEBUG) {
    const kinds = new Map<string, number>();
    for (const h of handles) {
      const content = ((await h.response()).data as { content?: string } | undefined)?.content ?? '?';
      const key = content.split('\n')[0]?.slice(0, 30) ?? '';
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
    }
    console.log(kinds);
  }
  return {
    latencies,
    late: latencies.filter((l) => l > 3_000).length,
    failed: handles.filter((h) => h.errors.length > 0).length,
  };
}

const editsBefore = double.rateLimits.byName.messageEdit;
const storm = await clickStorm(
  post,
  buttons.map((b) => b.custom_id),
);
await new Promise((resolve) => setTimeout(resolve, 3_500));
await dailyRuntime(bot.context).refresher.idle();
const counted = (await store.daily.getQuestion(questionId))?.answerCount;
await store.jobs.reschedule(dailyCloseJobId(questionId), { runAt: now() }, now());
const results = await double.waitForMessage(
  (m) => m.id !== post.id && m.embeds.length > 0 && !isQuestion(m) && m.channel_id === clickChannel,
  {
    channelId: clickChannel,
    timeoutMs: 30_000,
  },
);
const closedPost = double.messageRecord(post.id);
const footer = (closedPost?.message.embeds[0]?.footer as { text?: string } | undefined)?.text;
console.log(
  `\n2) ${CLICKERS} members clicking answers on one question within ${CLICK_SPREAD_MS / 1000} s (click → acknowledgement)`,
);
console.log(
  `   daily   ${quantiles(storm.latencies)}; over 3 s: ${storm.late}, refused: ${storm.failed}, counted: ${counted}, count at close: "${footer}", edits of the post: ${closedPost?.edits}, edit 429s: ${double.rateLimits.byName.messageEdit - editsBefore}, results: ${JSON.stringify(results.embeds).match(/\d+ of \d+/)?.[0]}`,
);

// Baseline: the same clicks on an answer button of an unknown question (one store read, no write, no edit).
const plain = await bot.context.channels.post(clickChannel, {
  components: buttonRows([button(dailyAnswerCustomId('daily:0:2000-01-01', 0), 'A')]),
});
const baselineStorm = await clickStorm(plain.id, [dailyAnswerCustomId('daily:0:2000-01-01', 0)]);
console.log(
  `   plain   ${quantiles(baselineStorm.latencies)}; over 3 s: ${baselineStorm.late} (an unknown question's button: one read)`,
);

await scheduler.stop();
dailyRuntime(bot.context).refresher.stop();
await bot.stop();
await store.close();
await double.close();
rmSync(dir, { recursive: true, force: true });
clearTimeout(runGuard);
