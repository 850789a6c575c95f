import type { EphemeralRange } from './ephemeral.ts';
import type { PortClassInfo } from './port-class.ts';
import type { KnownService, Registry } from './registry.ts';

/** One end of a flow, with what makes it look like a server or a client. */
export interface FlowEnd {
  readonly port: number;
  readonly class: PortClassInfo;
  /** Curated services on the port. */
  readonly services: readonly KnownService[];
  /** IANA service names assigned on the port. */
  readonly serviceNames: readonly string[];
  /** Systems whose clients could pick this port as their source port. */
  readonly ephemeral: readonly EphemeralRange[];
}

/** How sure the verdict is. */
export type FlowConfidence = 'high' | 'medium' | 'low';

/** Which end of a flow is the likely server and which the client, and why. */
export interface FlowVerdict {
  readonly server: FlowEnd;
  readonly client: FlowEnd;
  readonly confidence: FlowConfidence;
  /** True when both ends use the same port (peers of one service, such as NTP or IKE). */
  readonly isSymmetric: boolean;
  /** One or two sentences a person can read. */
  readonly reason: string;
}

function end(registry: Registry, port: number): FlowEnd {
  const info = registry.lookupPort(port);
  const serviceNames = [
    ...new Set(
      info.assignments.flatMap((a) => (a.status === 'assigned' && a.serviceName ? [a.serviceName] : [])),
    ),
  ];
  return { port, class: info.class, services: info.services, serviceNames, ephemeral: info.ephemeral };
}

// How much each fact says "a server listens here" (positive) or "a client picked this" (negative).
function serverScore(side: FlowEnd): number {
  let score = 0;
  if (side.services.length > 0) score += 4;
  if (side.serviceNames.length > 0) score += 2;
  if (side.class.id === 'system') score += 2;
  if (side.class.id === 'dynamic') score -= 3;
  if (side.ephemeral.some((r) => r.system === 'linux')) score -= 1;
  return score;
}

function describe(side: FlowEnd): string {
  const service = side.services[0];
  if (service) return `${side.port} is ${service.shortName}, a well-known service port`;
  const name = side.serviceNames[0];
  if (name) return `${side.port} is registered to \`${name}\``;
  return `${side.port} is in the ${side.class.taughtName} range (RFC 6335 ${side.class.rfcName}) with no service`;
}

function ephemeralWords(side: FlowEnd): string {
  const systems = side.ephemeral
    .filter((r) => r.system !== 'aws' && r.system !== 'iana')
    .map((r) => r.label.split(' (')[0]);
  return systems.length === 0
    ? 'outside every default ephemeral range'
    : `in the ephemeral range of ${systems.join(', ')}`;
}

/**
 * Reasons about a flow between two ports, as in "Ports in Action": a client talks from a high random
 * (ephemeral) port to a server listening on a well-known port. Both ports must be valid.
 */
export function classifyFlow(registry: Registry, portA: number, portB: number): FlowVerdict {
  const a = end(registry, portA);
  const b = end(registry, portB);
  if (portA === portB) {
    return {
      server: a,
      client: b,
      confidence: 'low',
      isSymmetric: true,
      reason: `Both ends use ${portA}: two peers of the same service talking (NTP servers and IKE peers do this), so neither end is clearly the client.`,
    };
  }
  const scoreA = serverScore(a);
  const scoreB = serverScore(b);
  // On a tie the lower number is the better guess: services listen low, clients are handed high ports.
  const aIsServer = scoreA > scoreB || (scoreA === scoreB && portA < portB);
  const [server, client] = aIsServer ? [a, b] : [b, a];
  const gap = Math.abs(scoreA - scoreB);
  const confidence: FlowConfidence = gap >= 4 ? 'high' : gap >= 2 ? 'medium' : 'low';
  const tie = gap === 0 ? ' Neither end stands out, so the lower number is taken as the server.' : '';
  return {
    server,
    client,
    confidence,
    isSymmetric: false,
    reason:
      `${describe(server)}; ${describe(client)} and ${ephemeralWords(client)}. ` +
      `The client talks from ${client.port} to the server listening on ${server.port}, and the server answers back to ${client.port}.${tie}`,
  };
}
