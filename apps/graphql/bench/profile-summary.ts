// Summarises a V8 .cpuprofile (from `pnpm bench -- --cpu-prof DIR`): where the busy time goes, by
// package, by function (self time) and by function including callees. Idle time is left out.
//   pnpm exec tsx bench/profile-summary.ts FILE.cpuprofile [--top 40] [--match REGEX]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const { values, positionals } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  allowPositionals: true,
  options: { top: { type: 'string', default: '40' }, match: { type: 'string' } },
});
const [file] = positionals;
if (!file) throw new Error('usage: profile-summary.ts FILE.cpuprofile [--top N] [--match REGEX]');
const top = Number(values.top);
const match = values.match === undefined ? undefined : new RegExp(values.match);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const PACKAGE = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\/(?:.*\/)?([^/]+)$/;
function placeOf(url: string): { pkg: string; file: string } {
  if (!url) return { pkg: '(native)', file: '' };
  const found = PACKAGE.exec(url);
  if (found) return { pkg: found[1]!, file: found[2]! };
  if (url.startsWith('node:')) return { pkg: 'node', file: url.slice(5) };
  const local = url.replace(/^.*\/work\/main\//, '').replace(/^file:\/\//, '');
  return { pkg: local.split('/').slice(0, 2).join('/'), file: local.split('/').pop() ?? local };
}
const nameOf = (node: ProfileNode): string => {
  const { pkg, file: where } = placeOf(node.callFrame.url);
  const fn = node.callFrame.functionName || '(anonymous)';
  return where ? `${fn}  ${pkg}/${where}:${node.callFrame.lineNumber + 1}` : `${fn}  ${pkg}`;
};

const self = new Map<string, number>();
const packages = new Map<string, number>();
const inclusive = new Map<string, number>();
let busy = 0;
let idle = 0;
const add = (map: Map<string, number>, key: string, time: number): void => {
  map.set(key, (map.get(key) ?? 0) + time);
};
profile.samples.forEach((id, index) => {
  const time = profile.timeDeltas[index] ?? 0;
  const leaf = byId.get(id)!;
  if (leaf.callFrame.functionName === '(idle)') {
    idle += time;
    return;
  }
  busy += time;
  add(self, nameOf(leaf), time);
  add(packages, placeOf(leaf.callFrame.url).pkg, time);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const name = nameOf(byId.get(at)!);
    if (!seen.has(name)) add(inclusive, name, time);
    seen.add(name);
  }
});

const print = (title: string, map: Map<string, number>): void => {
  console.log(`\n${title}`);
  const rows = [...map].filter(([name]) => !match || match.test(name)).sort((a, b) => b[1] - a[1]);
  for (const [name, time] of rows.slice(0, top)) {
    console.log(`${((100 * time) / busy).toFixed(1).padStart(6)} %  ${name}`);
  }
};
console.log(
  `${file}: busy ${(busy / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms (shares below are of busy time)`,
);
print('self time by package', packages);
print('self time by function', self);
print('time including callees', inclusive);
