// Regenerates src/datasets/iana-registry.json from IANA's CSV and prints what changed.
// Run: pnpm --filter @portdeck/core registry:update [file|url]   (default: IANA's URL)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  diffRegistryData,
  encodeRegistryData,
  IANA_CSV_URL,
  loadRegistry,
  stringifyRegistryData,
  type RegistryData,
} from '../src/index.ts';

const TARGET = fileURLToPath(new URL('../src/datasets/iana-registry.json', import.meta.url));
const location = process.argv[2] ?? IANA_CSV_URL;
const isUrl = /^https?:\/\//i.test(location);

const loaded = await loadRegistry(location);
if (!loaded.ok) {
  console.error(loaded.error.message);
  process.exit(1);
}
// A file is named by its base name only, so the output does not depend on where it was read from.
const data = encodeRegistryData(loaded.value.assignments, isUrl ? location : basename(location));
const before = existsSync(TARGET) ? (JSON.parse(readFileSync(TARGET, 'utf8')) as RegistryData) : undefined;
writeFileSync(TARGET, stringifyRegistryData(data));

console.log(`${data.rows.length} rows from ${location}; data dated ${data.updated}`);
if (!before) {
  console.log(`wrote ${TARGET} (new)`);
} else {
  const diff = diffRegistryData(before, data);
  const list = (label: string, keys: readonly string[]) => {
    console.log(`${label}: ${keys.length}`);
    for (const key of keys.slice(0, 50)) console.log(`  ${key}`);
    if (keys.length > 50) console.log(`  ... and ${keys.length - 50} more`);
  };
  console.log(`date: ${diff.updatedBefore} -> ${diff.updatedAfter}`);
  list('added', diff.added);
  list('removed', diff.removed);
  list('changed', diff.changed);
  if (diff.added.length + diff.removed.length + diff.changed.length === 0) console.log('no changes');
}
