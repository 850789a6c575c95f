import Papa from 'papaparse';
import { assignmentStatus, type Assignment, type PortRange } from './assignment.ts';
import { MAX_PORT } from './port.ts';
import { err, ok, type Result } from './result.ts';
import { parseTransport } from './transport.ts';

/** Why an IANA CSV could not be read. */
export interface IanaCsvError {
  readonly code: 'malformed-csv' | 'missing-columns' | 'bad-row';
  readonly message: string;
  /** 1-based physical line, where known. */
  readonly line?: number;
}

const COLUMNS = {
  name: 'Service Name',
  port: 'Port Number',
  transport: 'Transport Protocol',
  description: 'Description',
  registrationDate: 'Registration Date',
  modificationDate: 'Modification Date',
  reference: 'Reference',
  serviceCode: 'Service Code',
  unauthorizedUse: 'Unauthorized Use Reported',
  notes: 'Assignment Notes',
} as const;

type Column = keyof typeof COLUMNS;

function parsePortField(text: string): PortRange | undefined | 'invalid' {
  if (text === '') return undefined;
  const dash = text.indexOf('-');
  const firstText = dash < 0 ? text : text.slice(0, dash);
  const lastText = dash < 0 ? text : text.slice(dash + 1);
  if (!/^\d{1,5}$/.test(firstText) || !/^\d{1,5}$/.test(lastText)) return 'invalid';
  const first = Number(firstText);
  const last = Number(lastText);
  return first <= last && last <= MAX_PORT ? { first, last } : 'invalid';
}

const OPTIONAL_COLUMNS = [
  'reference',
  'registrationDate',
  'modificationDate',
  'serviceCode',
  'unauthorizedUse',
  'notes',
] as const;

/**
 * Parses IANA's "service-names-port-numbers.csv" (quoted multi-line notes, ranges, empty transports,
 * Unassigned/Reserved rows) into assignments. Unknown transports and malformed ports are errors, not skipped.
 */
export function parseIanaCsv(text: string): Result<Assignment[], IanaCsvError> {
  const parsed = Papa.parse<string[]>(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {
    skipEmptyLines: true,
  });
  const fatal = parsed.errors.find((e) => e.type === 'Quotes');
  if (fatal) {
    return err({
      code: 'malformed-csv',
      message: `Not a readable CSV: ${fatal.message}`,
      ...(fatal.row === undefined ? {} : { line: fatal.row + 1 }),
    });
  }
  const records = parsed.data;
  const header = records[0]?.map((cell) => cell.trim());
  if (!header) return err({ code: 'missing-columns', message: 'The file is empty.' });
  const index = {} as Record<Column, number>;
  for (const [key, title] of Object.entries(COLUMNS) as [Column, string][]) {
    const at = header.indexOf(title);
    if (at < 0) return err({ code: 'missing-columns', message: `Missing the "${title}" column.` });
    index[key] = at;
  }
  // Plain locals keep the per-row loop monomorphic: it runs ~14,000 times while the process is still cold.
  const { name: nameAt, port: portAt, transport: transportAt, description: descriptionAt } = index;
  const optionalAt = OPTIONAL_COLUMNS.map((column) => index[column]);
  const assignments: Assignment[] = [];
  for (let row = 1; row < records.length; row++) {
    const record = records[row] ?? [];
    const portText = (record[portAt] ?? '').trim();
    const ports = parsePortField(portText);
    if (ports === 'invalid') {
      return err({ code: 'bad-row', message: `Record ${row}: "${portText}" is not a port or range.` });
    }
    const transportText = (record[transportAt] ?? '').trim();
    const transport = transportText === '' ? undefined : parseTransport(transportText);
    if (transportText !== '' && !transport) {
      return err({ code: 'bad-row', message: `Record ${row}: unknown transport "${transportText}".` });
    }
    const serviceName = (record[nameAt] ?? '').trim() || undefined;
    if (!serviceName && !ports) continue; // a blank record carries nothing
    const description = (record[descriptionAt] ?? '').trim();
    const assignment: { -readonly [K in keyof Assignment]: Assignment[K] } = {
      serviceName,
      ports,
      transport,
      status: assignmentStatus(serviceName, description),
      description,
    };
    for (let i = 0; i < OPTIONAL_COLUMNS.length; i++) {
      const value = (record[optionalAt[i] ?? -1] ?? '').trim();
      if (value !== '') assignment[OPTIONAL_COLUMNS[i] ?? 'notes'] = value;
    }
    assignments.push(assignment);
  }
  return ok(assignments);
}
