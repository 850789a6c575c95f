import { assignmentStatus, formatRange, type Assignment, type PortRange } from './assignment.ts';
import { parseTransport } from './transport.ts';

/**
 * One IANA row, compactly: `[name, port, transport, description, registrationDate, modificationDate,
 * reference, serviceCode, unauthorizedUse, notes]`. Port is a number, a range "6000-6063" or "" (none);
 * empty strings stand for empty cells, and trailing empty cells are left off.
 */
export type RegistryDataRow = readonly (string | number)[];

/** The embedded registry data file: IANA's CSV without Assignee and Contact, one array per row. */
export interface RegistryData {
  /** Where the rows came from (IANA's URL or the file the generator read). */
  readonly source: string;
  readonly license: string;
  /** The newest registration or modification date in the rows (YYYY-MM-DD): how current the data is. */
  readonly updated: string;
  readonly columns: readonly string[];
  readonly rows: readonly RegistryDataRow[];
}

/** IANA's own address of the registry's CSV. */
export const IANA_CSV_URL =
  'https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.csv';

const COLUMNS = [
  'Service Name',
  'Port Number',
  'Transport Protocol',
  'Description',
  'Registration Date',
  'Modification Date',
  'Reference',
  'Service Code',
  'Unauthorized Use Reported',
  'Assignment Notes',
] as const;

const OPTIONAL = [
  'registrationDate',
  'modificationDate',
  'reference',
  'serviceCode',
  'unauthorizedUse',
  'notes',
] as const;

/** The newest registration or modification date among assignments (YYYY-MM-DD), or undefined if none. */
export function newestDate(assignments: readonly Assignment[]): string | undefined {
  let newest: string | undefined;
  for (const a of assignments) {
    for (const date of [a.registrationDate, a.modificationDate]) {
      if (date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date) && (newest === undefined || date > newest))
        newest = date;
    }
  }
  return newest;
}

/** Turns assignments into the data file's shape. Deterministic: the same rows give the same data. */
export function encodeRegistryData(assignments: readonly Assignment[], source: string): RegistryData {
  const rows = assignments.map((a): RegistryDataRow => {
    const port: string | number = a.ports
      ? a.ports.first === a.ports.last
        ? a.ports.first
        : formatRange(a.ports)
      : '';
    const row: (string | number)[] = [a.serviceName ?? '', port, a.transport ?? '', a.description];
    for (const key of OPTIONAL) row.push(a[key] ?? '');
    while (row.length > 1 && row[row.length - 1] === '') row.pop();
    return row;
  });
  return { source, license: 'CC0-1.0', updated: newestDate(assignments) ?? '', columns: COLUMNS, rows };
}

/** The data file's text: its header, then one row per line so a refresh shows as a readable diff. */
export function stringifyRegistryData(data: RegistryData): string {
  const head = JSON.stringify({
    source: data.source,
    license: data.license,
    updated: data.updated,
    columns: data.columns,
  });
  const rows = data.rows.map((row) => JSON.stringify(row)).join(',\n');
  return `${head.slice(0, -1)},"rows":[\n${rows}\n]}\n`;
}

function decodePort(value: string | number | undefined): PortRange | undefined {
  if (typeof value === 'number') return { first: value, last: value };
  if (!value) return undefined;
  const dash = value.indexOf('-');
  return { first: Number(value.slice(0, dash)), last: Number(value.slice(dash + 1)) };
}

/** Turns the data file back into assignments (the embedded registry's rows). */
export function decodeRegistryData(data: RegistryData): Assignment[] {
  const assignments: Assignment[] = new Array<Assignment>(data.rows.length);
  for (let i = 0; i < data.rows.length; i++) {
    const row = data.rows[i] ?? [];
    const serviceName = (row[0] as string | undefined) || undefined;
    const description = (row[3] as string | undefined) ?? '';
    const assignment: { -readonly [K in keyof Assignment]: Assignment[K] } = {
      serviceName,
      ports: decodePort(row[1]),
      transport: parseTransport((row[2] as string | undefined) ?? ''),
      status: assignmentStatus(serviceName, description),
      description,
    };
    for (let k = 0; k < OPTIONAL.length; k++) {
      const value = row[4 + k] as string | undefined;
      if (value) assignment[OPTIONAL[k] ?? 'notes'] = value;
    }
    assignments[i] = assignment;
  }
  return assignments;
}

/** What a refresh changed, row by row (a row is keyed by name, port and transport). */
export interface RegistryDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
  readonly updatedBefore: string;
  readonly updatedAfter: string;
}

function rowKey(row: RegistryDataRow): string {
  const [name, port, transport] = row;
  return `${String(name || '(none)')} ${String(port === '' ? '-' : port)}/${String(transport || 'any')}`;
}

/** Compares two data files: rows added, removed or changed, and the data dates. */
export function diffRegistryData(before: RegistryData, after: RegistryData): RegistryDiff {
  const index = (data: RegistryData) => {
    const map = new Map<string, string>();
    for (const row of data.rows) {
      let key = rowKey(row);
      for (let n = 2; map.has(key); n++) key = `${rowKey(row)} #${n}`;
      map.set(key, JSON.stringify(row));
    }
    return map;
  };
  const old = index(before);
  const next = index(after);
  const added: string[] = [];
  const changed: string[] = [];
  for (const [key, row] of next) {
    const previous = old.get(key);
    if (previous === undefined) added.push(key);
    else if (previous !== row) changed.push(key);
  }
  const removed = [...old.keys()].filter((key) => !next.has(key));
  return { added, removed, changed, updatedBefore: before.updated, updatedAfter: after.updated };
}
