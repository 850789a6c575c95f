import type { Transport } from './transport.ts';

/** Whether an IANA row assigns a service, holds a number back, or marks it free. */
export type AssignmentStatus = 'assigned' | 'reserved' | 'unassigned';

/** An inclusive range of port numbers; a single port has first === last. */
export interface PortRange {
  readonly first: number;
  readonly last: number;
}

/**
 * One row of IANA's Service Name and Transport Protocol Port Number Registry.
 * Assignee and Contact are personal identifiers and are deliberately not kept.
 */
export interface Assignment {
  /** IANA's service name (`ms-wbt-server`), or undefined on Unassigned/Reserved rows. */
  readonly serviceName: string | undefined;
  /** The port or range, or undefined for a service name registered without a port. */
  readonly ports: PortRange | undefined;
  /** The transport, or undefined when the row covers every transport (some range and port-less rows). */
  readonly transport: Transport | undefined;
  readonly status: AssignmentStatus;
  readonly description: string;
  readonly reference?: string;
  readonly registrationDate?: string;
  readonly modificationDate?: string;
  readonly serviceCode?: string;
  /** IANA's "Unauthorized Use Reported" column ("Known Unauthorized Use on port 6003"). */
  readonly unauthorizedUse?: string;
  readonly notes?: string;
}

/** Works out a row's status from its name and description, as IANA writes them. */
export function assignmentStatus(serviceName: string | undefined, description: string): AssignmentStatus {
  if (serviceName) return 'assigned';
  return /^unassigned/i.test(description) ? 'unassigned' : 'reserved';
}

/** Whether an assignment covers a port, optionally on one transport (rows without a transport cover all). */
export function assignmentCovers(assignment: Assignment, port: number, transport?: Transport): boolean {
  const { ports } = assignment;
  if (!ports || port < ports.first || port > ports.last) return false;
  return transport === undefined || assignment.transport === undefined || assignment.transport === transport;
}

/** "6000-6063" or "443". */
export function formatRange(range: PortRange): string {
  return range.first === range.last ? String(range.first) : `${range.first}-${range.last}`;
}

/**
 * The name a row duplicates when IANA marks it so in its notes ("This is a duplicate of the "http"
 * service", "This entry is an alias to "whoispp""): such a row is not the port's primary name.
 */
export function duplicateOf(assignment: Assignment): string | undefined {
  const notes = assignment.notes;
  if (notes === undefined) return undefined;
  return /(?:duplicate of the|alias to) "([^"]+)"/.exec(notes)?.[1];
}
