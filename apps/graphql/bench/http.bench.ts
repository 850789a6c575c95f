// The API against a bare node:http server answering the same query, on loopback, bounded in time.
// Targets run in child processes (one core each) and are loaded in alternating rounds, so the noise of a
// shared machine falls on all of them alike. Every response body is checked.
//   pnpm bench [-- --duration 10 --rounds 5 --connections 50 --off jit --off body,jit,cache,ready --gc]
// Each --off adds an API variant with those levers turned off (response, body, jit, cache, ready, fast,
// shapes), to measure them. --gc runs a full GC in each idle target after warm-up, as V8's memory reducer
// does once traffic stops. Besides req/s (bounded by the load generator, which shares the machine), it
// prints each target's own CPU time per request, which other jobs on the machine disturb much less.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
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
    gc: { type: 'boolean', default: false },
    // Writes a V8 CPU profile of every target into this directory (read with bench/profile-summary.ts).
    'cpu-prof': { type: 'string' },
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
  /** CPU microseconds (user + system) the target spent in each run. */
  readonly cpu: number[];
}

async function start(name: string, kind: 'api' | 'bare', off = ''): Promise<Target> {
  const script = fileURLToPath(new URL('./servers.ts', import.meta.url));
  const profile =
    values['cpu-prof'] === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']];
  const gc = values.gc ? ['--expose-gc'] : [];
  const child = spawn(
    process.execPath,
    [...profile, ...gc, '--conditions=@portdeck/source', '--import', 'tsx', script, kind, off],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  const [{ port }] = (await once(child, 'message')) as [{ port: number }];
  const url = `http://127.0.0.1:${port}/graphql`;
  const check = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await check.text();
  if (text !== expected) throw new Error(`${name} answered ${text}\nexpected ${expected}`);
  if (profile.length > 0) console.log(`${name}: pid ${child.pid}`);
  return { name, child, url, runs: [], cpu: [] };
}

// CPU time is steadier than req/s on a shared machine: other jobs slow the load generator, not this.
async function cpuOf(target: Target): Promise<number> {
  const reply = once(target.child, 'message') as Promise<[NodeJS.CpuUsage]>;
  target.child.send('cpu');
  const [usage] = await reply;
  return usage.user + usage.system;
}

async function collectGarbage(target: Target): Promise<void> {
  const reply = once(target.child, 'message');
  target.child.send('gc');
  await reply;
}

async function load(target: Target, seconds: number): Promise<autocannon.Result> {
  const before = await cpuOf(target);
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
  target.cpu.push((await cpuOf(target)) - before);
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
  for (const target of targets) {
    await load(target, 2); // warm-up: V8, caches, jit compilation
    target.cpu.length = 0;
  }
  if (values.gc) for (const target of targets) await collectGarbage(target);
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) target.runs.push(await load(target, duration / rounds));
  }
} finally {
  for (const target of targets) target.child.kill();
}

const [bare] = targets;
const requests = (t: Target): number => t.runs.reduce((sum, r) => sum + r.requests.total, 0);
const rps = (t: Target): number => requests(t) / duration;
// Microseconds of the target's own CPU per request, whatever the load generator managed.
const cpuPerRequest = (t: Target): number => t.cpu.reduce((sum, c) => sum + c, 0) / requests(t);
console.log(`query: ${BENCH_QUERY}`);
console.log(
  `POST on 127.0.0.1, ${connections} connections, ${duration} s per server in ${rounds} alternating rounds${values.gc ? ', a full GC after warm-up' : ''}; every body checked; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  `${'server'.padEnd(30)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'ratio'.padStart(6)} ${'per-round ratio'.padStart(16)} ${'CPU µs/req'.padStart(11)} ${'per round'.padStart(11)}`,
);
for (const target of targets) {
  const perRound = target.runs.map((r, i) => r.requests.total / bare!.runs[i]!.requests.total);
  const cpuPerRound = target.runs.map((r, i) => target.cpu[i]! / r.requests.total);
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
      cpuPerRequest(target).toFixed(1).padStart(11),
      `${Math.min(...cpuPerRound).toFixed(0)}-${Math.max(...cpuPerRound).toFixed(0)}`.padStart(11),
    ].join(' '),
  );
}
