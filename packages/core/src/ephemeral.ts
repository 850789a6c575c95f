/** Systems whose default ephemeral (client source) port range portdeck knows. */
export type EphemeralSystem = 'iana' | 'linux' | 'windows' | 'windows-legacy' | 'macos' | 'freebsd' | 'aws';

/** The default range a system picks a client's source port from. */
export interface EphemeralRange {
  readonly system: EphemeralSystem;
  /** Who uses it, in words ("Windows Vista / Server 2008 and later"). */
  readonly label: string;
  readonly first: number;
  readonly last: number;
  /** Where the figure comes from. */
  readonly source: string;
  /** A caveat worth showing, if any. */
  readonly note?: string;
}

/** Default ephemeral ranges per system (see RFC 6335 section 6 and each vendor's documentation). */
export const EPHEMERAL_RANGES: readonly EphemeralRange[] = [
  { system: 'iana', label: 'IANA / RFC 6335', first: 49152, last: 65535, source: 'RFC 6335 section 6' },
  {
    system: 'linux',
    label: 'Linux (net.ipv4.ip_local_port_range)',
    first: 32768,
    last: 60999,
    source: 'Linux kernel ip-sysctl documentation',
    note: 'Older kernels used 32768-61000; administrators often change it.',
  },
  {
    system: 'windows',
    label: 'Windows Vista / Server 2008 and later',
    first: 49152,
    last: 65535,
    source: 'Microsoft KB 929851',
  },
  {
    system: 'windows-legacy',
    label: 'Windows XP / Server 2003 and earlier',
    first: 1025,
    last: 5000,
    source: 'Microsoft KB 929851',
  },
  { system: 'macos', label: 'macOS', first: 49152, last: 65535, source: 'XNU in_pcb.c defaults' },
  {
    system: 'freebsd',
    label: 'FreeBSD',
    first: 10000,
    last: 65535,
    source: 'FreeBSD sys/netinet/in.h (IPPORT_EPHEMERALFIRST)',
  },
  {
    system: 'aws',
    label: 'AWS NAT gateway, ELB and Lambda',
    first: 1024,
    last: 65535,
    source: 'AWS VPC network ACL documentation',
    note: 'Network ACLs must allow return traffic to this whole range.',
  },
];

/** The systems that could pick this port as a client's ephemeral source port by default. */
export function ephemeralRangesFor(port: number): EphemeralRange[] {
  return EPHEMERAL_RANGES.filter((range) => port >= range.first && port <= range.last);
}
