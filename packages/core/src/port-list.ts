import type { PortRange } from './assignment.ts';
import { MAX_PORT } from './port.ts';
import type { KnownService, Registry } from './registry.ts';
import { err, ok, type Result } from './result.ts';
import { parseTransport, TRANSPORTS, type Transport } from './transport.ts';

/** One item of a firewall-style port list: a range, on one transport or (undefined) on all. */
export interface PortListEntry extends PortRange {
  readonly transport: Transport | undefined;
}

/** Why a port list could not be read. */
export interface PortListError {
  readonly code: 'empty' | 'malformed' | 'reversed-range' | 'out-of-range' | 'unknown-transport';
  /** The offending item as typed. */
  readonly item: string;
  /** 0-based index of the item in the list. */
  readonly index: number;
  readonly message: string;
}

/** What a port list opens. */
export interface PortListSummary {
  /** The normalised list: sorted, overlapping and adjacent ranges merged per transport. */
  readonly entries: readonly PortListEntry[];
  /** The normalised list written back ("20-23,80,443/tcp"). */
  readonly text: string;
  /** How many distinct port numbers the list opens, on any transport. */
  readonly portCount: number;
  /** Curated services with at least one port in the list, on a matching transport. */
  readonly services: readonly KnownService[];
}

const ITEM = /^(\d+)(?:\s*-\s*(\d+))?(?:\s*\/\s*([a-z]+))?$/i;
const TRANSPORT_ORDER: readonly (Transport | undefined)[] = [undefined, ...TRANSPORTS];

function parseItem(item: string, index: number): Result<PortListEntry, PortListError> {
  const match = ITEM.exec(item);
  const fail = (code: PortListError['code'], message: string): Result<never, PortListError> =>
    err({ code, item, index, message });
  if (!match) {
    return fail('malformed', `"${item}" is not a port or range: write 80, 20-23 or 443/tcp.`);
  }
  const [, firstText = '', lastText, transportText] = match;
  const first = Number(firstText);
  const last = lastText === undefined ? first : Number(lastText);
  const transport = transportText === undefined ? undefined : parseTransport(transportText);
  if (transportText !== undefined && !transport) {
    return fail(
      'unknown-transport',
      `"${transportText}" in "${item}" is not a transport: use ${TRANSPORTS.join(', ')}.`,
    );
  }
  const tooBig = [first, last].find((n) => n > MAX_PORT);
  if (tooBig !== undefined)
    return fail('out-of-range', `${tooBig} in "${item}" is not a port: ports run from 0 to ${MAX_PORT}.`);
  if (first > last) return fail('reversed-range', `"${item}" runs backwards: write ${last}-${first}.`);
  return ok({ first, last, transport });
}

/** Sorts and merges entries: overlapping or adjacent ranges on the same transport become one. */
export function normalizePortList(entries: readonly PortListEntry[]): PortListEntry[] {
  const merged: PortListEntry[] = [];
  for (const transport of TRANSPORT_ORDER) {
    const group = entries.filter((e) => e.transport === transport).sort((a, b) => a.first - b.first);
    let current: PortListEntry | undefined;
    for (const entry of group) {
      if (current && entry.first <= current.last + 1) {
        current = { ...current, last: Math.max(current.last, entry.last) };
      } else {
        if (current) merged.push(current);
        current = entry;
      }
    }
    if (current) merged.push(current);
  }
  return merged.sort(
    (a, b) =>
      a.first - b.first || TRANSPORT_ORDER.indexOf(a.transport) - TRANSPORT_ORDER.indexOf(b.transport),
  );
}

/**
 * Parses a firewall-style list such as "20-23,80,443/tcp,3389,49152-65535" (commas or spaces between
 * items) into normalised entries, or explains the first item that is wrong.
 */
export function parsePortList(spec: string): Result<PortListEntry[], PortListError> {
  const items = spec
    .replace(/\s*([-/])\s*/g, '$1')
    .split(/[,\s]+/)
    .filter((item) => item !== '');
  if (items.length === 0) {
    return err({
      code: 'empty',
      item: '',
      index: 0,
      message: 'The list is empty: write ports like 22,80,443 or 8000-8100/tcp.',
    });
  }
  const entries: PortListEntry[] = [];
  for (const [index, item] of items.entries()) {
    const entry = parseItem(item, index);
    if (!entry.ok) return entry;
    entries.push(entry.value);
  }
  return ok(normalizePortList(entries));
}

/** Writes entries back as a list: "20-23,80,443/tcp". */
export function formatPortList(entries: readonly PortListEntry[]): string {
  return entries
    .map(
      (e) =>
        `${e.first === e.last ? e.first : `${e.first}-${e.last}`}${e.transport ? `/${e.transport}` : ''}`,
    )
    .join(',');
}

/** How many distinct port numbers the entries cover, whatever the transport. */
export function countPorts(entries: readonly PortListEntry[]): number {
  const ranges = normalizePortList(entries.map((e) => ({ ...e, transport: undefined })));
  return ranges.reduce((sum, range) => sum + range.last - range.first + 1, 0);
}

function opens(entry: PortListEntry, port: number, transports: readonly Transport[]): boolean {
  return (
    port >= entry.first && port <= entry.last && (!entry.transport || transports.includes(entry.transport))
  );
}

/** Parses a list and says what it opens: normalised form, how many ports, and which known services. */
export function describePortList(registry: Registry, spec: string): Result<PortListSummary, PortListError> {
  const parsed = parsePortList(spec);
  if (!parsed.ok) return parsed;
  const entries = parsed.value;
  const services = registry.services.filter((service) =>
    service.ports.some((p) =>
      entries.some((e) => opens(e, p.port, [...p.transports, ...p.registeredTransports])),
    ),
  );
  return ok({ entries, text: formatPortList(entries), portCount: countPorts(entries), services });
}
