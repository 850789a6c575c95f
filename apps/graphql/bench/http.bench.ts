// The API against a bare node:http server giving the same answers, on loopback, bounded in time. Two
// workloads: every request asks the same port (the response cache answers), and every request asks another
// port (one document, the port in its variables: no response cache can help, every request runs Yoga).
// Targets run in child processes (one core each) and are loaded in alternating rounds, so the noise of a
// shared machine falls on all of them alike. Every response body is checked.
//   pnpm bench [-- --workload same|vary|both --duration 10 --rounds 5 --connections 50 --off jit --gc]
// Each --off adds an API variant with those levers turned off (response, body, jit, cache, ready, fast, metrics,
// shapes, template), to measure them. --gc runs a full GC in each idle target after warm-up, as V8's memory reducer
// does once traffic stops. Besides req/s (bounded by the load generator, which shares the machine), it
// prints each target's own CPU time per request, which other jobs on the machine disturb much less.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEmbeddedRegistry } from '@portdeck/core';
import autocannon from 'autocannon';
import { answerFor, BENCH_QUERY, expectedAnswer, VARY_QUERY } from './answer.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    off: { type: 'string', multiple: true, default: [] },
    gc: { type: 'boolean', default: false },
    workload: { type: 'string', default: 'both' },
    // Writes a V8 CPU profile of every target into this directory (read with bench/profile-summary.ts).
    'cpu-prof': { type: 'string' },
  },
});
const duration = Math.min(Math.max(Number(values.duration), 1), 30);
const rounds = Math.min(Math.max(Math.trunc(Number(values.rounds)), 1), 20);
const connections = Math.min(Math.max(Math.trunc(Number(values.connections)), 1), 200);
const registry = createEmbeddedRegistry();
const expected = expectedAnswer(registry);
const body = JSON.stringify({ query: BENCH_QUERY });
type Workload = 'same' | 'vary';
const workloads: Workload[] =
  values.workload === 'same' || values.workload === 'vary' ? [values.workload] : ['same', 'vary'];
// Every port's answer, for checking each body of the varying workload.
const answers = Array.from({ length: 65_536 }, (_, port) => answerFor(registry, port));

interface Target {
  readonly name: string;
  readonly child: ChildProcess;
  readonly url: string;
  readonly runs: Record<Workload, autocannon.Result[]>;
  /** CPU microseconds (user + system) the target spent in each run. */
  readonly cpu: Record<Workload, number[]>;
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
  return { name, child, url, runs: { same: [], vary: [] }, cpu: { same: [], vary: [] } };
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

/** Requests that each ask the next port (wrapping at 65535), every body checked against its own answer. */
function varyingRequests(mismatches: { count: number }): autocannon.Request[] {
  let next = 0;
  return [
    {
      method: 'POST',
      setupRequest: (request, context: { port?: number }) => {
        const port = next;
        next = (next + 1) % 65_536;
        context.port = port;
        return { ...request, body: JSON.stringify({ query: VARY_QUERY, variables: { n: port } }) };
      },
      onResponse: (_status, text, context: { port?: number }) => {
        if (text !== answers[context.port ?? -1]) mismatches.count++;
      },
    },
  ];
}

async function load(target: Target, workload: Workload, seconds: number): Promise<autocannon.Result> {
  const before = await cpuOf(target);
  const mismatches = { count: 0 };
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    connections,
    duration: seconds,
    ...(workload === 'same' ? { body, expectBody: expected } : { requests: varyingRequests(mismatches) }),
  });
  const wrong = result.mismatches + mismatches.count;
  if (result.errors > 0 || result.non2xx > 0 || wrong > 0 || result.timeouts > 0) {
    throw new Error(
      `${target.name} (${workload}): ${result.errors} errors, ${result.non2xx} non-2xx, ${wrong} wrong bodies, ${result.timeouts} timeouts`,
    );
  }
  target.cpu[workload].push((await cpuOf(target)) - before);
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
  for (const workload of workloads) {
    for (const target of targets) {
      await load(target, workload, 2); // warm-up: V8, caches, jit compilation
      target.cpu[workload].length = 0;
    }
    if (values.gc) for (const target of targets) await collectGarbage(target);
    for (let round = 0; round < rounds; round++) {
      for (const target of targets)
        target.runs[workload].push(await load(target, workload, duration / rounds));
    }
  }
} finally {
  for (const target of targets) target.child.kill();
}

const [bare] = targets;
const requests = (t: Target, w: Workload): number => t.runs[w].reduce((sum, r) => sum + r.requests.total, 0);
const rps = (t: Target, w: Workload): number => requests(t, w) / duration;
// Microseconds of the target's own CPU per request, whatever the load generator managed.
const cpuPerRequest = (t: Target, w: Workload): number =>
  t.cpu[w].reduce((sum, c) => sum + c, 0) / requests(t, w);
console.log(
  `POST on 127.0.0.1, ${connections} connections, ${duration} s per server and workload in ${rounds} alternating rounds${values.gc ? ', a full GC after warm-up' : ''}; every body checked; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const workload of workloads) {
  console.log(
    workload === 'same'
      ? `\nthe same port every request: ${BENCH_QUERY}`
      : `\na different port every request (0, 1, 2, ... in the variables): ${VARY_QUERY}`,
  );
  console.log(
    `${'server'.padEnd(30)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'ratio'.padStart(6)} ${'per-round ratio'.padStart(16)} ${'CPU µs/req'.padStart(11)} ${'per round'.padStart(11)} ${'CPU ratio'.padStart(10)}`,
  );
  for (const target of targets) {
    const runs = target.runs[workload];
    const perRound = runs.map((r, i) => r.requests.total / bare!.runs[workload][i]!.requests.total);
    const cpuPerRound = runs.map((r, i) => target.cpu[workload][i]! / r.requests.total);
    console.log(
      [
        target.name.padEnd(30),
        rps(target, workload).toFixed(0).padStart(7),
        median(runs.map((r) => r.latency.p50))
          .toFixed(0)
          .padStart(7),
        median(runs.map((r) => r.latency.p99))
          .toFixed(0)
          .padStart(7),
        (rps(target, workload) / rps(bare!, workload)).toFixed(2).padStart(6),
        `${Math.min(...perRound).toFixed(2)}-${Math.max(...perRound).toFixed(2)}`.padStart(16),
        cpuPerRequest(target, workload).toFixed(1).padStart(11),
        `${Math.min(...cpuPerRound).toFixed(0)}-${Math.max(...cpuPerRound).toFixed(0)}`.padStart(11),
        // Bare CPU per request over this one's: the same ratio measured by the servers' own CPU time.
        (cpuPerRequest(bare!, workload) / cpuPerRequest(target, workload)).toFixed(2).padStart(10),
      ].join(' '),
    );
  }
}
