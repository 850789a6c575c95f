/** Transport protocols that IANA assigns port numbers for. */
export const TRANSPORTS = ['tcp', 'udp', 'sctp', 'dccp'] as const;

/** A transport protocol that has its own port number space. */
export type Transport = (typeof TRANSPORTS)[number];

/** Whether a string names a transport, case-insensitively. */
export function isTransport(value: string): value is Transport {
  return (TRANSPORTS as readonly string[]).includes(value);
}

/** Parses a transport name such as "TCP" or " udp ", or returns undefined. */
export function parseTransport(value: string): Transport | undefined {
  const lower = value.trim().toLowerCase();
  return isTransport(lower) ? lower : undefined;
}
