import type { KnownService, SearchHit, Transport } from '@portdeck/core';
import { formatRange } from '@portdeck/core';

/** "TCP, UDP", or a dash when empty. */
export function transportList(transports: readonly Transport[]): string {
  return transports.length === 0 ? '-' : transports.map((t) => t.toUpperCase()).join(', ');
}

/** "20/tcp (data), 21/tcp (control)": a service's ports as taught. */
export function servicePorts(service: KnownService): string {
  return service.ports
    .map((p) => {
      const transports = p.transports.length > 0 ? p.transports : p.registeredTransports;
      const role = p.role ? ` (${p.role})` : '';
      return `${p.port}/${transports.join('+') || 'tcp'}${role}`;
    })
    .join(', ');
}

/** "RDP (3389/tcp)". */
export function serviceLabel(service: KnownService): string {
  return `${service.shortName} (${servicePorts(service)})`;
}

/** Words for a search hit, e.g. "RDP (3389/tcp)" or "`whosockami` (2019)". */
export function hitLabel(hit: SearchHit): string {
  switch (hit.kind) {
    case 'service':
      return serviceLabel(hit.service);
    case 'service-name': {
      const ports = [...new Set(hit.assignments.flatMap((a) => (a.ports ? [formatRange(a.ports)] : [])))];
      return ports.length > 0 ? `${hit.serviceName} (${ports.join(', ')})` : hit.serviceName;
    }
    case 'unofficial':
      return `${hit.use.name} (${hit.use.port}, unofficial)`;
    case 'alias':
      return `${hit.name} (${[...new Set(hit.aliases.map((a) => a.port))].join(', ')}, services-file alias)`;
  }
}

/** What to type to look a hit up: a curated id, an IANA name or a port number. */
export function hitQuery(hit: SearchHit): string {
  switch (hit.kind) {
    case 'service':
      return hit.service.id;
    case 'service-name':
      return hit.serviceName;
    case 'unofficial':
      return String(hit.use.port);
    case 'alias':
      return hit.name;
  }
}

/** English list: "a", "a and b", "a, b and c". */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}
