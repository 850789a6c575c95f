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
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!match) return 'invalid';
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  return first <= last && last <= MAX_PORT ? { first, last } : 'invalid';
}

const optional = <K extends string>(key: K, value: string): { [P in K]?: string } =>
  (value === '' ? {} : { [key]: value }) as { [P in K]?: string };

/**
 * Parses IANA's "service-names-port-numbers.csv" (quoted multi-line notes, ranges, empty transports,
 * Unassigned/Reserved rows) into assignments. Unknown transports and malformed ports are errors, not skipped.
 */
export function parseIanaCsv(text: string): Result<Assignment[], IanaCsvError> {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
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
  const assignments: Assignment[] = [];
  for (let row = 1; row < records.length; row++) {
    const record = records[row] ?? [];
    const cell = (column: Column): string => (record[index[column]] ?? '').trim();
    const ports = parsePortField(cell('port'));
    if (ports === 'invalid') {
      return err({ code: 'bad-row', message: `Record ${row}: "${cell('port')}" is not a port or range.` });
    }
    const transportText = cell('transport');
    const transport = transportText === '' ? undefined : parseTransport(transportText);
    if (transportText !== '' && !transport) {
      return err({ code: 'bad-row', message: `Record ${row}: unknown transport "${transportText}".` });
    }
    const serviceName = cell('name') || undefined;
    const description = cell('description');
    if (!serviceName && !ports) continue; // a blank record carries nothing
    assignments.push({
      serviceName,
      ports,
      transport,
      status: assignmentStatus(serviceName, description),
      description,
      ...optional('reference', cell('reference')),
      ...optional('registrationDate', cell('registrationDate')),
      ...optional('modificationDate', cell('modificationDate')),
      ...optional('serviceCode', cell('serviceCode')),
      ...optional('unauthorizedUse', cell('unauthorizedUse')),
      ...optional('notes', cell('notes')),
    });
  }
  return ok(assignments);
}
