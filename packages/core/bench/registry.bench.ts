// Registry figures beside a naive baseline answering the same questions by scanning the embedded rows,
// and start-up in fresh processes: the embedded data (module load + build) beside parsing IANA's CSV.
// Run: pnpm bench (in packages/core). Optional: PORTDECK_IANA_CSV=path for the CSV baseline
// (defaults to ../shared/data/iana/service-names-port-numbers.csv when present).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// Loaded dynamically so a fresh process can time the data file's load apart from core's other modules.
const dataStart = performance.now();
createRequire(import.meta.url)('../src/datasets/iana-registry.json');
const dataMs = performance.now() - dataStart;
const core = await import('../src/index.ts');
const loadMs = performance.now() - dataStart - dataMs;
const { createEmbeddedRegistry, createRegistryFromCsv, embeddedRegistryData, normalizeName } = core;

const CSV =
  process.env.PORTDECK_IANA_CSV ??
  fileURLToPath(new URL('../../../../shared/data/iana/service-names-port-numbers.csv', import.meta.url));

/** Runs fn over inputs for about `ms`, timing each call; returns per-call nanoseconds, sorted. */
function sample<T>(inputs: readonly T[], fn: (input: T) => unknown, ms = 1500): number[] {
  const times: number[] = [];
  const end = performance.now() + ms;
  let sink = 0;
  for (let i = 0; performance.now() < end; i++) {
    const input = inputs[i % inputs.length] as T;
    const start = process.hrtime.bigint();
    const result = fn(input);
    times.push(Number(process.hrtime.bigint() - start));
    if (result) sink++;
  }
  if (sink < 0) console.log(sink);
  return times.sort((a, b) => a - b);
}

/** Mean ns per call over a tight loop (hrtime per call would dominate sub-microsecond work). */
function throughput<T>(inputs: readonly T[], fn: (input: T) => unknown, ms = 1500): number {
  let calls = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 256; i++, calls++) if (fn(inputs[calls % inputs.length] as T)) sink++;
  }
  if (sink < 0) console.log(sink);
  return Number(process.hrtime.bigint() - start) / calls;
}

const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
const us = (ns: number): string => `${(ns / 1000).toFixed(2)} µs`;
const msText = (ms: number): string => `${ms.toFixed(1)} ms`;

if (process.argv.includes('--cold')) {
  // A fresh process: the first build is what a server pays at start-up.
  const t0 = performance.now();
  const registry = createEmbeddedRegistry();
  const t1 = performance.now();
  registry.warmSearch();
  const t2 = performance.now();
  const result: Record<string, number> = {
    data: dataMs,
    load: loadMs,
    embedded: t1 - t0,
    embeddedSearchIndex: t2 - t1,
  };
  if (existsSync(CSV)) {
    const text = readFileSync(CSV, 'utf8');
    const t3 = performance.now();
    const full = createRegistryFromCsv(text, CSV);
    const t4 = performance.now();
    if (!full.ok) throw new Error(full.error.message);
    full.value.warmSearch();
    result.csv = t4 - t3;
    result.csvSearchIndex = performance.now() - t4;
  }
  console.log(JSON.stringify(result));
  process.exit(0);
}

const registry = createEmbeddedRegistry();
registry.warmSearch();
const rows = embeddedRegistryData.rows;
// The first row per "port/transport" key: what a plain keyed object of the data would hold.
const keyed = new Map<string, (typeof rows)[number]>();
for (const row of rows) {
  const key = `${String(row[1])}/${String(row[2])}`;
  if (!keyed.has(key)) keyed.set(key, row);
}

// Naive baselines: what code without an index does with the rows.
const naiveByNumberScan = (port: number) => rows.filter((row) => row[1] === port);
const naiveByNumberKeyed = (port: number) =>
  ['tcp', 'udp', 'sctp', 'dccp'].map((t) => keyed.get(`${port}/${t}`)).filter((v) => v !== undefined);
const naiveByName = (name: string) => {
  const wanted = normalizeName(name);
  return rows.filter((row) => normalizeName(String(row[0])) === wanted);
};
const naiveSearch = (query: string) => {
  const q = query.toLowerCase();
  return rows.filter(
    (row) =>
      String(row[0]).toLowerCase().includes(q) ||
      String(row[3] ?? '')
        .toLowerCase()
        .includes(q),
  );
};

const ports = [22, 53, 80, 443, 3389, 5432, 6379, 8080, 25565, 51514, 1701, 161, 0, 65535, 27017, 9999];
const names = [
  'ssh',
  'domain',
  'https',
  'ms-wbt-server',
  'postgresql',
  'kerberos',
  'ldaps',
  'bootps',
  'isakmp',
  'ntp',
];
const queries = [
  'rdp',
  'remote desktop',
  'ldap',
  'http',
  'postgres',
  'kerberso',
  'remot desktp',
  'minecraft',
  '3389',
  '33',
  'secure shell',
  'mail',
  'dns',
  'sql server',
  'time',
  'vpn',
  'smtps',
  'file transfer',
  'x11',
  'redis',
];

console.log('portdeck core benchmark: registry vs a naive scan of the embedded rows');
console.log(
  `node ${process.version}, ${rows.length} embedded IANA rows (data dated ${embeddedRegistryData.updated}), ${registry.assignments.length} assignments\n`,
);

const table: [string, string, string, string][] = [];
const compare = (label: string, ours: number, naive: number) =>
  table.push([label, us(ours), us(naive), `${(naive / ours).toFixed(0)}x`]);

compare(
  'lookup by number (all transports)',
  throughput(ports, (p) => registry.lookupPort(p)),
  throughput(ports, naiveByNumberScan, 800),
);
compare(
  '  vs direct keyed access (4 keys)',
  throughput(ports, (p) => registry.lookupPort(p)),
  throughput(ports, naiveByNumberKeyed),
);
compare(
  'lookup by exact name',
  throughput(names, (n) => registry.lookupName(n)),
  throughput(names, naiveByName, 800),
);

const searchTimes = sample(queries, (q) => registry.search(q, 10));
const naiveSearchTimes = sample(queries, naiveSearch, 800);
table.push([
  'search p50',
  us(pct(searchTimes, 0.5)),
  us(pct(naiveSearchTimes, 0.5)),
  `${(pct(naiveSearchTimes, 0.5) / pct(searchTimes, 0.5)).toFixed(0)}x`,
]);
table.push([
  'search p99',
  us(pct(searchTimes, 0.99)),
  us(pct(naiveSearchTimes, 0.99)),
  `${(pct(naiveSearchTimes, 0.99) / pct(searchTimes, 0.99)).toFixed(0)}x`,
]);

const width = [36, 14, 14, 8];
const line = (cells: string[]) => {
  console.log(cells.map((c, i) => c.padEnd(width[i] ?? 10)).join(' '));
};
line(['question', 'registry', 'naive', 'ratio']);
table.forEach(line);
console.log('(naive search is substring-only: no ranking, no typo tolerance, no curated names)\n');

const coldRuns = Array.from({ length: 3 }, () => {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--cold'], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
});
const median = (key: string): number => {
  const values = coldRuns
    .map((r) => r[key])
    .filter((v): v is number => v !== undefined)
    .sort((a, b) => a - b);
  return values[values.length >> 1] ?? NaN;
};
const warmBuild = sample([0], () => createEmbeddedRegistry(), 1500);
const hasCsv = existsSync(CSV);
const cell = (key: string) => (hasCsv ? msText(median(key)) : 'skipped');
console.log('start-up (median of 3 fresh processes; target < 100 ms)');
console.log('                                 embedded data    CSV-parse baseline');
console.log(`  data file load (JSON, require) ${msText(median('data')).padEnd(16)} -`);
console.log(`  registry build (+ CSV parse)   ${msText(median('embedded')).padEnd(16)} ${cell('csv')}`);
console.log(
  `  = registry start-up            ${msText(median('data') + median('embedded')).padEnd(16)} ${cell('csv')}`,
);
console.log(
  `  + search index (lazy)          ${msText(median('embeddedSearchIndex')).padEnd(16)} ${cell('csvSearchIndex')}`,
);
console.log(`  (core's other modules under tsx: ${msText(median('load'))} in both cases)`);
console.log(`  warm rebuild of the embedded registry p50 ${msText(pct(warmBuild, 0.5) / 1e6)}`);
if (!hasCsv) console.log(`  CSV baseline skipped: ${CSV} not present; set PORTDECK_IANA_CSV`);
