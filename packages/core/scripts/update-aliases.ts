// Regenerates src/datasets/service-aliases.json from a services(5) file (e.g. Debian netbase's /etc/services):
// every name and alias on each line, as a fact with its source (IANA's own names included, so a line's
// aliases can be tied to the IANA name it starts with).
// Entries of other sources (FreeBSD, added by hand) are kept. Core never reads /etc/services itself.
// Run: pnpm --filter @portdeck/core aliases:update [file] [source]   (default: /etc/services debian-netbase)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ALIAS_SOURCES,
  createEmbeddedRegistry,
  parseServicesFile,
  stringifyServiceAliases,
  type AliasSource,
  type ServiceAlias,
} from '../src/index.ts';

const TARGET = fileURLToPath(new URL('../src/datasets/service-aliases.json', import.meta.url));
const file = process.argv[2] ?? '/etc/services';
const source = (process.argv[3] ?? 'debian-netbase') as AliasSource;
if (!(source in ALIAS_SOURCES)) {
  console.error(`Unknown source "${source}": use one of ${Object.keys(ALIAS_SOURCES).join(', ')}.`);
  process.exit(1);
}

const text = readFileSync(file, 'utf8');
const entries = parseServicesFile(text, source);
const kept = (JSON.parse(readFileSync(TARGET, 'utf8')) as ServiceAlias[]).filter((e) => e.source !== source);
writeFileSync(TARGET, stringifyServiceAliases([...kept, ...entries]));

// What the registry without these aliases would miss: the names this file adds.
const bare = createEmbeddedRegistry({ aliases: [] });
const names = [...new Set(entries.map((e) => e.name))];
const isIanaHere = (e: ServiceAlias) =>
  bare.lookupPort(e.port, e.transport).assignments.some((a) => a.serviceName === e.name);
const missing = names.filter((name) => bare.lookupName(name) === undefined);
console.log(`${file}: ${names.length} names on ${entries.length} port/transport entries written`);
console.log(`  ${entries.filter((e) => !isIanaHere(e)).length} entries are not IANA's name at that port`);
console.log(`  ${missing.length} names did not resolve without them: ${missing.join(' ')}`);
console.log(`  ${kept.length} entries from other sources kept`);
