import type { ServiceCategory } from './curated.ts';
import { classifyPort, type PortClass } from './port-class.ts';
import { checkPort, MAX_PORT, MIN_PORT, type PortError } from './port.ts';
import type { Registry } from './registry.ts';
import { err, ok, type Result } from './result.ts';
import { TRANSPORTS, type Transport } from './transport.ts';

/** How to narrow the browsable ports; every criterion given must hold. */
export interface PortFilter {
  /** Only ports in this RFC 6335 class. */
  readonly class?: PortClass | undefined;
  /** Only ports with an IANA row, curated service or unofficial use on this transport. */
  readonly transport?: Transport | undefined;
  /** Only ports of a curated service in this category. */
  readonly category?: ServiceCategory | undefined;
  /** Only ports of a curated well-known service. */
  readonly isWellKnownOnly?: boolean | undefined;
  /** Lowest port number, inclusive. */
  readonly min?: number | undefined;
  /** Highest port number, inclusive. */
  readonly max?: number | undefined;
}

/** A filter that cannot be applied, with a message fit to show a user. */
export type PortFilterError =
  | {
      readonly code: 'invalid-bound';
      readonly bound: 'min' | 'max';
      readonly value: number;
      /** Why the bound is not a port, as `checkPort` says it. */
      readonly portError: PortError;
      readonly message: string;
    }
  | {
      readonly code: 'invalid-range';
      readonly min: number;
      readonly max: number;
      readonly message: string;
    };

/** What a filter can ask about one browsable port. */
export interface PortFacts {
  readonly port: number;
  readonly class: PortClass;
  /** Transports with an IANA row (a row without one counts for all), curated service or unofficial use. */
  readonly transports: ReadonlySet<Transport>;
  readonly categories: ReadonlySet<ServiceCategory>;
  readonly isWellKnown: boolean;
}

// Sets shared between ports with the same transports (most ports): a browser holds ~49,000 facts.
const TRANSPORT_SETS = new Map<number, ReadonlySet<Transport>>();
const NO_CATEGORIES: ReadonlySet<ServiceCategory> = new Set();

function transportSet(mask: number): ReadonlySet<Transport> {
  let set = TRANSPORT_SETS.get(mask);
  if (!set) {
    set = new Set(TRANSPORTS.filter((_, i) => (mask & (1 << i)) !== 0));
    TRANSPORT_SETS.set(mask, set);
  }
  return set;
}

const ALL_TRANSPORTS = (1 << TRANSPORTS.length) - 1;
const bit = (transport: Transport): number => 1 << TRANSPORTS.indexOf(transport);

/** The facts a filter needs about one port, from everything the registry knows of it. */
export function portFacts(registry: Registry, port: number): PortFacts {
  const info = registry.lookupPort(port);
  let mask = 0;
  for (const a of info.assignments) mask |= a.transport ? bit(a.transport) : ALL_TRANSPORTS;
  for (const s of info.services) {
    for (const p of s.ports) {
      if (p.port !== port) continue;
      for (const t of p.transports) mask |= bit(t);
      for (const t of p.registeredTransports) mask |= bit(t);
    }
  }
  for (const u of info.unofficial) for (const t of u.transports) mask |= bit(t);
  return {
    port,
    class: classifyPort(port).id,
    transports: transportSet(mask),
    categories: info.services.length === 0 ? NO_CATEGORIES : new Set(info.services.map((s) => s.category)),
    isWellKnown: info.services.length > 0,
  };
}

/** A filter whose bounds are checked: both are ports and min is not above max. */
interface CheckedFilter extends PortFilter {
  readonly min: number;
  readonly max: number;
}

function checkBound(bound: 'min' | 'max', value: number): Result<number, PortFilterError> {
  const checked = checkPort(value);
  if (checked.ok) return checked;
  return err({
    code: 'invalid-bound',
    bound,
    value,
    portError: checked.error,
    message: checked.error.message,
  });
}

// Checks min, then max, then their order (the order errors are reported in), filling in open ends.
function checkPortFilter(filter: PortFilter): Result<CheckedFilter, PortFilterError> {
  const min = filter.min === undefined ? ok(MIN_PORT) : checkBound('min', filter.min);
  if (!min.ok) return min;
  const max = filter.max === undefined ? ok(MAX_PORT) : checkBound('max', filter.max);
  if (!max.ok) return max;
  if (min.value > max.value) {
    return err({
      code: 'invalid-range',
      min: min.value,
      max: max.value,
      message: `min (${min.value}) is above max (${max.value}).`,
    });
  }
  return ok({ ...filter, min: min.value, max: max.value });
}

function matches(facts: PortFacts, filter: CheckedFilter): boolean {
  return (
    facts.port >= filter.min &&
    facts.port <= filter.max &&
    (!filter.class || facts.class === filter.class) &&
    (!filter.transport || facts.transports.has(filter.transport)) &&
    (!filter.category || facts.categories.has(filter.category)) &&
    (!filter.isWellKnownOnly || facts.isWellKnown)
  );
}

/**
 * The browsable ports (those with any IANA row, curated service or unofficial use) matching a filter,
 * ascending. Looks every port in range up: to filter often, index once with `createPortBrowser`.
 */
export function browsePorts(registry: Registry, filter: PortFilter = {}): Result<number[], PortFilterError> {
  const checked = checkPortFilter(filter);
  if (!checked.ok) return checked;
  const ports: number[] = [];
  for (const port of registry.knownPorts()) {
    if (port < checked.value.min) continue;
    if (port > checked.value.max) break;
    if (matches(portFacts(registry, port), checked.value)) ports.push(port);
  }
  return ok(ports);
}

/** `browsePorts` over an index of one registry, built once, with recent answers remembered. */
export interface PortBrowser {
  /** How many ports are browsable (have any IANA row, curated service or unofficial use). */
  readonly size: number;
  /** The browsable ports matching the filter, ascending; the same as `browsePorts(registry, filter)`. */
  readonly ports: (filter?: PortFilter) => Result<readonly number[], PortFilterError>;
}

// Distinct filters a dashboard uses are few; bound the memo so odd clients cannot grow it.
const MEMO_LIMIT = 256;

/** Indexes a registry's browsable ports for repeated filtering (a server builds one per registry; the index on first use). */
export function createPortBrowser(registry: Registry): PortBrowser {
  // Built on first use: with the full registry that is ~49,000 ports, not worth a server's start-up.
  let facts: PortFacts[] | undefined;
  const allFacts = (): PortFacts[] =>
    (facts ??= Array.from(registry.knownPorts(), (port) => portFacts(registry, port)));
  // The registry is immutable, so a filter's answer never changes.
  const memo = new Map<string, readonly number[]>();
  return {
    get size() {
      return allFacts().length;
    },
    ports: (filter = {}) => {
      const checked = checkPortFilter(filter);
      if (!checked.ok) return checked;
      const f = checked.value;
      const key = JSON.stringify([f.class, f.transport, f.category, f.isWellKnownOnly, f.min, f.max]);
      const cached = memo.get(key);
      if (cached) return ok(cached);
      const result = allFacts()
        .filter((fact) => matches(fact, f))
        .map((fact) => fact.port);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(key, result);
      return ok(result);
    },
  };
}
