import {
  classifyPort,
  TRANSPORTS,
  type PortClass,
  type Registry,
  type ServiceCategory,
  type Transport,
} from '@portdeck/core';

/** How to narrow the browsable ports; every criterion given must hold. */
export interface PortFilter {
  readonly class?: PortClass | undefined;
  readonly transport?: Transport | undefined;
  readonly category?: ServiceCategory | undefined;
  readonly isWellKnownOnly?: boolean | undefined;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
}

interface PortFacts {
  readonly port: number;
  readonly class: PortClass;
  readonly transports: ReadonlySet<Transport>;
  readonly categories: ReadonlySet<ServiceCategory>;
  readonly isWellKnown: boolean;
}

// Distinct filters a dashboard uses are few; bound the memo so odd clients cannot grow it.
const MEMO_LIMIT = 256;

/**
 * The browsable ports (those with any IANA row, curated service or unofficial use) with the facts the
 * `ports` filter needs, computed once per registry; filtered lists are memoised since the data is immutable.
 */
export class PortBrowser {
  readonly #facts: readonly PortFacts[];
  readonly #memo = new Map<string, readonly number[]>();

  constructor(registry: Registry) {
    const facts: PortFacts[] = [];
    for (const port of registry.knownPorts()) {
      const info = registry.lookupPort(port);
      const transports = new Set<Transport>();
      for (const a of info.assignments) {
        if (a.transport) transports.add(a.transport);
        else for (const t of TRANSPORTS) transports.add(t);
      }
      for (const s of info.services) {
        for (const p of s.ports) {
          if (p.port !== port) continue;
          for (const t of p.transports) transports.add(t);
          for (const t of p.registeredTransports) transports.add(t);
        }
      }
      for (const u of info.unofficial) for (const t of u.transports) transports.add(t);
      facts.push({
        port,
        class: classifyPort(port).id,
        transports,
        categories: new Set(info.services.map((s) => s.category)),
        isWellKnown: info.services.length > 0,
      });
    }
    this.#facts = facts;
  }

  /** Port numbers matching the filter, ascending. */
  ports(filter: PortFilter = {}): readonly number[] {
    const key = JSON.stringify([
      filter.class,
      filter.transport,
      filter.category,
      filter.isWellKnownOnly,
      filter.min,
      filter.max,
    ]);
    const cached = this.#memo.get(key);
    if (cached) return cached;
    const min = filter.min ?? 0;
    const max = filter.max ?? Number.POSITIVE_INFINITY;
    const result = this.#facts
      .filter(
        (f) =>
          f.port >= min &&
          f.port <= max &&
          (!filter.class || f.class === filter.class) &&
          (!filter.transport || f.transports.has(filter.transport)) &&
          (!filter.category || f.categories.has(filter.category)) &&
          (!filter.isWellKnownOnly || f.isWellKnown),
      )
      .map((f) => f.port);
    if (this.#memo.size >= MEMO_LIMIT) this.#memo.clear();
    this.#memo.set(key, result);
    return result;
  }
}
