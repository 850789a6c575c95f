// The API against a bare node:http server answering the same query, on loopback, bounded in time.
// Targets run in child processes (one core each) and are loaded in alternating rounds, so the noise of a
// shared machine falls on all of them alike. Every response body is checked.
//   pnpm bench [-- --duration 10 --rounds 5 --connections 50 --off jit --off body,jit,cache,ready]
// Each --off adds an API variant with those levers turned off (response, body, jit, cache, ready), to measure them.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEmbeddedRegistry } from '@portdeck/core';
import autocannon from 'autocannon';
import { BENCH_QUERY, expectedAnswer } from './answer.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    off: { type: 'string', multiple: true, default: [] },
  },
});
const duration = Math.min(Math.max(Number(values.duration), 1), 30);
const rounds = Math.min(Math.max(Math.trunc(Number(values.rounds)), 1), 20);
const connections = Math.min(Math.max(Math.trunc(Number(values.connections)), 1), 200);
const expected = expectedAnswer(createEmbeddedRegistry());
const body = JSON.stringify({ query: BENCH_QUERY });

interface Target {
  readonly name: string;
  readonly child: ChildProcess;
  readonly url: string;
  readonly runs: autocannon.Result[];
}

async function start(name: string, kind: 'api' | 'bare', off = ''): Promise<Target> {
  const script = fileURLToPath(new URL('./servers.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, kind, off], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  const { port } = JSON.parse(line.toString('utf8')) as { port: number };
  const url = `http://127.0.0.1:${port}/graphql`;
  const check = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await check.text();
  if (text !== expected) throw new Error(`${name} answered ${text}\nexpected ${expected}`);
  return { name, child, url, runs: [] };
}

async function load(target: Target, seconds: number): Promise<autocannon.Result> {
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body,
    connections,
    duration: seconds,
    expectBody: expected,
  });
  if (result.errors > 0 || result.non2xx > 0 || result.mismatches > 0 || result.timeouts > 0) {
    throw new Error(
      `${target.name}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.mismatches} wrong bodies, ${result.timeouts} timeouts`,
    );
  }
  return result;
}

const median = (numbers: readonly number[]): number => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const targets: Target[] = [];
try {
  targets.push(await start('bare node:http', 'bare'));
  targets.push(await start('yoga+pothos', 'api'));
  // Always shown: the API with every Yoga-level lever but without the whole-response cache.
  targets.push(await start('yoga+pothos, no response cache', 'api', 'response'));
  for (const off of values.off) targets.push(await start(`yoga+pothos off:${off}`, 'api', off));
  for (const target of targets) await load(target, 2); // warm-up: V8, caches, jit compilation
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) target.runs.push(await load(target, duration / rounds));
  }
} finally {
  for (const target of targets) target.child.kill();
}

const [bare] = targets;
const rps = (t: Target): number => t.runs.reduce((sum, r) => sum + r.requests.total, 0) / duration;
console.log(`query: ${BENCH_QUERY}`);
console.log(
  `POST on 127.0.0.1, ${connections} connections, ${duration} s per server in ${rounds} alternating rounds; every body checked`,
);
console.log(
  `${'server'.padEnd(30)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'ratio'.padStart(6)} ${'per-round ratio'.padStart(16)}`,
);
for (const target of targets) {
  const perRound = target.runs.map((r, i) => r.requests.total / bare!.runs[i]!.requests.total);
  console.log(
    [
      target.name.padEnd(30),
      rps(target).toFixed(0).padStart(7),
      median(target.runs.map((r) => r.latency.p50))
        .toFixed(0)
        .padStart(7),
      median(target.runs.map((r) => r.latency.p99))
        .toFixed(0)
        .padStart(7),
      (rps(target) / rps(bare!)).toFixed(2).padStart(6),
      `${Math.min(...perRound).toFixed(2)}-${Math.max(...perRound).toFixed(2)}`.padStart(16),
    ].join(' '),
  );
}
