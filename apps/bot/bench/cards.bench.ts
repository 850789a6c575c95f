import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { canvasCards, LEADERBOARD_CARD_SIZE, PROGRESS_CARD_SIZE } from '../src/render/cards/index.ts';
import { encodeCard, startCard } from '../src/render/cards/canvas.ts';
import type { LeaderboardCard, ProgressCard } from '../src/render/cards/index.ts';

// Each card is drawn N times, interleaved with its baseline (an empty card of the same size, filled and
// encoded as PNG) so both see the same machine load. Run alone: `pnpm --filter @portdeck/bot bench:cards`.
const RUNS = Number(process.env.CARDS_BENCH_RUNS ?? 200);
const WARMUP = 10;
const TARGET_MS = 50;

const progress: ProgressCard = {
  title: 'Progress · Seed ports',
  forecast: [12, 4, 0, 7, 2, 9, 1].map((count, i) => ({ label: i === 0 ? 'Today' : `Day ${i}`, count })),
  retention: 0.78,
  retentionNote: '7 of 9 reviews passed',
};
const leaderboard: LeaderboardCard = {
  title: 'Leaderboard · This week · Daily quiz and drills',
  emptyText: 'Nobody has played in this period yet.',
  rows: Array.from({ length: 10 }, (_, i) => ({
    rank: i + 1,
    name: i === 3 ? 'you' : `player …${String(1000 + i)}`,
    points: 100 - i * 9,
    correct: 10 - i,
    isViewer: i === 3,
  })),
};

function blank(size: { width: number; height: number }): Promise<Buffer> {
  return encodeCard(startCard(size.width, size.height).canvas);
}

async function time(run: () => Promise<Buffer>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

interface Row {
  name: string;
  card: number[];
  base: number[];
}

async function measure(
  name: string,
  draw: () => Promise<Buffer>,
  baseline: () => Promise<Buffer>,
): Promise<Row> {
  for (let i = 0; i < WARMUP; i += 1) {
    await draw();
    await baseline();
  }
  const row: Row = { name, card: [], base: [] };
  for (let i = 0; i < RUNS; i += 1) {
    // Alternate which goes first so neither always runs on a warmer cache.
    if (i % 2 === 0) {
      row.card.push(await time(draw));
      row.base.push(await time(baseline));
    } else {
      row.base.push(await time(baseline));
      row.card.push(await time(draw));
    }
  }
  return row;
}

const rows = [
  await measure(
    'progress',
    () => canvasCards.progress(progress),
    () => blank(PROGRESS_CARD_SIZE),
  ),
  await measure(
    'leaderboard',
    () => canvasCards.leaderboard(leaderboard),
    () => blank(LEADERBOARD_CARD_SIZE),
  ),
];

const fmt = (ms: number): string => ms.toFixed(2).padStart(8);
console.log(
  `cards: ${String(RUNS)} runs each after ${String(WARMUP)} warm-up, draw + PNG encode, milliseconds`,
);
// Other work on the machine stretches both columns; the ratio is the figure that travels.
const load = loadavg().map((n) => n.toFixed(1));
console.log(`machine: ${String(cpus().length)} cores, load average ${load.join(' / ')} (1 / 5 / 15 min)`);
console.log(`                         median      p99   empty median  empty p99  ratio (median)`);
let isMet = true;
for (const row of rows) {
  const card = [...row.card].sort((a, b) => a - b);
  const base = [...row.base].sort((a, b) => a - b);
  const [c50, c99, b50, b99] = [
    percentile(card, 50),
    percentile(card, 99),
    percentile(base, 50),
    percentile(base, 99),
  ];
  if (!(c99 < TARGET_MS)) isMet = false;
  console.log(
    `${row.name.padEnd(12)} card   ${fmt(c50)} ${fmt(c99)}   ${fmt(b50)}   ${fmt(b99)}   ${(c50 / b50).toFixed(2)}x`,
  );
}
console.log(`target: every card p99 < ${String(TARGET_MS)} ms: ${isMet ? 'met' : 'missed'}`);
