import { parseQuery, type PortQuery, type QueryError } from './query.ts';
import type { KnownService, NameMatch, PortInfo, Registry } from './registry.ts';
import { err, ok, type Result } from './result.ts';
import type { SearchHit } from './search.ts';

/** The answer to a typed query. */
export type LookupAnswer =
  | {
      readonly kind: 'port';
      readonly query: PortQuery;
      readonly info: PortInfo;
      /** The closest curated well-known ports, for context when the port itself has little to say. */
      readonly nearby: readonly KnownService[];
    }
  | {
      readonly kind: 'name';
      readonly query: PortQuery;
      readonly match: NameMatch;
      readonly ports: readonly PortInfo[];
    };

/** A query that found nothing or could not be read, with the closest matches to offer instead. */
export interface LookupError {
  readonly code: QueryError['code'] | 'unknown-name';
  readonly input: string;
  readonly message: string;
  readonly suggestions: readonly SearchHit[];
}

const NEARBY_COUNT = 3;
const SUGGESTION_COUNT = 5;

/** Curated services whose ports are closest to a number (excluding the number itself). */
export function nearbyServices(registry: Registry, port: number, count = NEARBY_COUNT): KnownService[] {
  const distance = (service: KnownService): number =>
    Math.min(...service.ports.map((p) => (p.port === port ? Infinity : Math.abs(p.port - port))));
  return registry.services
    .map((service) => ({ service, distance: distance(service) }))
    .filter((entry) => entry.distance !== Infinity)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, count)
    .map((entry) => entry.service);
}

/** The single ports a name match points at (curated, then IANA rows, then services-file aliases), each once. */
export function portsOf(registry: Registry, match: NameMatch): PortInfo[] {
  const seen = new Set<number>();
  const numbers = [
    ...match.services.flatMap((s) => s.ports.map((p) => p.port)),
    ...match.assignments.flatMap((a) => (a.ports && a.ports.first === a.ports.last ? [a.ports.first] : [])),
    ...match.aliases.map((a) => a.port),
  ].filter((port) => !seen.has(port) && seen.add(port));
  return numbers.map((port) => registry.lookupPort(port));
}

/** Answers what a person typed ("3389", "53/udp", "rdp"), or explains what went wrong and what is close. */
export function lookup(registry: Registry, input: string): Result<LookupAnswer, LookupError> {
  const parsed = parseQuery(input);
  if (!parsed.ok) {
    const suggestions =
      parsed.error.code === 'unknown-transport' ? [] : registry.search(input, SUGGESTION_COUNT);
    return err({ ...parsed.error, suggestions });
  }
  const query = parsed.value;
  if (query.kind === 'port') {
    const info = registry.lookupPort(query.port, query.transport);
    return ok({ kind: 'port', query, info, nearby: nearbyServices(registry, query.port) });
  }
  const match = registry.lookupName(query.name);
  if (match) return ok({ kind: 'name', query, match, ports: portsOf(registry, match) });
  return err({
    code: 'unknown-name',
    input,
    message: `No port or service is called "${query.name}".`,
    suggestions: registry.search(query.name, SUGGESTION_COUNT),
  });
}
