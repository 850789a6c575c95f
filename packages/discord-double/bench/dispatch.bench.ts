// Dispatch-to-callback latency through the double: the real discord.js client beside a minimal raw
// client (ws + fetch) answering the same 500 concurrent slash commands. Loopback only, bounded.
// Run: pnpm bench (in packages/discord-double).
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { WebSocket } from 'ws';
import { startDiscordDouble, type DiscordDouble, type InteractionHandle } from '../src/index.ts';

const COUNT = 500;
const ROUNDS = 3;

const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

interface Figures {
  p50: number;
  p95: number;
  max: number;
  wallMs: number;
}

/** Sends COUNT commands at once and reads dispatch-to-callback times from the handles. */
async function burst(double: DiscordDouble): Promise<Figures> {
  const start = performance.now();
  const handles: InteractionHandle[] = await Promise.all(
    Array.from({ length: COUNT }, (_, port) => double.sendCommand({ name: 'port', options: { port } })),
  );
  await Promise.all(handles.map((handle) => handle.response({ timeoutMs: 60_000 })));
  const wallMs = performance.now() - start;
  const latencies = handles.map((handle) => handle.latencyMs ?? NaN).sort((a, b) => a - b);
  if (double.violations.length > 0) throw new Error(`violations: ${JSON.stringify(double.violations[0])}`);
  return { p50: pct(latencies, 0.5), p95: pct(latencies, 0.95), max: latencies.at(-1) ?? NaN, wallMs };
}

async function withDiscordJs(): Promise<Figures[]> {
  const frozen = Date.UTC(2026, 0, 1);
  const double = await startDiscordDouble({ now: () => frozen });
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: double.restApiUrl } });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand())
      void interaction.reply(`port ${interaction.options.getInteger('port')}`);
  });
  const ready = new Promise<void>((resolve) => {
    client.once(Events.ClientReady, () => {
      resolve();
    });
  });
  await client.login(double.token);
  await ready;
  try {
    const results: Figures[] = [];
    for (let round = 0; round < ROUNDS; round++) results.push(await burst(double));
    return results;
  } finally {
    await client.destroy();
    await double.close();
  }
}

async function withRawClient(): Promise<Figures[]> {
  const frozen = Date.UTC(2026, 0, 1);
  const double = await startDiscordDouble({ now: () => frozen });
  const socket = new WebSocket(`${double.gatewayUrl}?v=10&encoding=json`);
  const ready = new Promise<void>((resolve) => {
    socket.on('message', (raw: Buffer) => {
      const frame = JSON.parse(raw.toString()) as { op: number; t?: string; d: Record<string, unknown> };
      if (frame.op === 10)
        socket.send(JSON.stringify({ op: 2, d: { token: double.token, intents: 1, properties: {} } }));
      if (frame.t === 'READY') resolve();
      if (frame.t !== 'INTERACTION_CREATE') return;
      const { id, token } = frame.d as { id: string; token: string };
      void fetch(`${double.restApiUrl}/v10/interactions/${id}/${token}/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 4, data: { content: 'raw' } }),
      });
    });
  });
  await ready;
  try {
    const results: Figures[] = [];
    for (let round = 0; round < ROUNDS; round++) results.push(await burst(double));
    return results;
  } finally {
    socket.close(1000);
    await double.close();
  }
}

const best = (figures: Figures[]): Figures =>
  figures.reduce(
    (a, b) => (b.p50 < a.p50 ? b : a),
    figures[0] ?? { p50: NaN, p95: NaN, max: NaN, wallMs: NaN },
  );

const raw = best(await withRawClient());
const djs = best(await withDiscordJs());
const row = (name: string, f: Figures): string =>
  `${name.padEnd(22)} p50 ${f.p50.toFixed(1).padStart(7)} ms  p95 ${f.p95.toFixed(1).padStart(7)} ms  max ${f.max
    .toFixed(1)
    .padStart(7)} ms  burst ${f.wallMs.toFixed(0).padStart(5)} ms`;
console.log(
  `${COUNT} concurrent slash commands, dispatch -> first callback (best of ${ROUNDS} bursts by p50)`,
);
console.log(row('raw ws+fetch (baseline)', raw));
console.log(row('discord.js 14 reply()', djs));
console.log(
  `ratio discord.js / baseline: p50 ${(djs.p50 / raw.p50).toFixed(2)}x, burst ${(djs.wallMs / raw.wallMs).toFixed(2)}x`,
);
