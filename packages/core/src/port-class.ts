import { MAX_PORT } from './port.ts';

/** RFC 6335 (BCP 165) classes of port numbers. */
export type PortClass = 'system' | 'user' | 'dynamic';

/** One of the three RFC 6335 ranges, with both the RFC's name and the names people are taught. */
export interface PortClassInfo {
  readonly id: PortClass;
  /** The name RFC 6335 uses ("System Ports"). */
  readonly rfcName: string;
  /** The name taught in courses, as the seed writes it ("Well Known Ports", "Dynamic Ports"). */
  readonly taughtName: string;
  /** Other names in use ("Well Known Ports"; "Private Ports", "Ephemeral Ports"). */
  readonly alsoCalled: readonly string[];
  readonly first: number;
  readonly last: number;
  /** How many numbers the range holds. */
  readonly count: number;
  /** Whether IANA assigns services in this range. */
  readonly isAssignedByIana: boolean;
  /** One line on what the range is for. */
  readonly description: string;
}

const classInfo = (info: Omit<PortClassInfo, 'count'>): PortClassInfo => ({
  ...info,
  count: info.last - info.first + 1,
});

/** The three RFC 6335 ranges in ascending order. */
export const PORT_CLASSES: readonly PortClassInfo[] = [
  classInfo({
    id: 'system',
    rfcName: 'System Ports',
    taughtName: 'Well Known Ports',
    alsoCalled: ['Well Known Ports'],
    first: 0,
    last: 1023,
    isAssignedByIana: true,
    description: 'Assigned to well-known protocols by IETF Review or IESG Approval.',
  }),
  classInfo({
    id: 'user',
    rfcName: 'User Ports',
    taughtName: 'Registered Ports',
    alsoCalled: ['Registered Ports'],
    first: 1024,
    last: 49151,
    isAssignedByIana: true,
    description: 'Registered to specific protocols by IANA (IETF Review, IESG Approval or Expert Review).',
  }),
  classInfo({
    id: 'dynamic',
    rfcName: 'Dynamic Ports',
    taughtName: 'Dynamic Ports',
    alsoCalled: ['Private Ports', 'Ephemeral Ports'],
    first: 49152,
    last: MAX_PORT,
    isAssignedByIana: false,
    description: 'Never assigned: free for any purpose, such as the short-lived source ports of clients.',
  }),
];

const [SYSTEM, USER, DYNAMIC] = PORT_CLASSES as [PortClassInfo, PortClassInfo, PortClassInfo];

/** The RFC 6335 class of a port number (0-65535). Throws on a value that is not a port: validate input first. */
export function classifyPort(port: number): PortClassInfo {
  if (!Number.isInteger(port) || port < 0 || port > MAX_PORT) throw new RangeError(`not a port: ${port}`);
  if (port <= SYSTEM.last) return SYSTEM;
  return port <= USER.last ? USER : DYNAMIC;
}

/** The RFC 6335 class with the given id. */
export function portClass(id: PortClass): PortClassInfo {
  switch (id) {
    case 'system':
      return SYSTEM;
    case 'user':
      return USER;
    case 'dynamic':
      return DYNAMIC;
  }
}
