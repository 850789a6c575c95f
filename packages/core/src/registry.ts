import { assignmentCovers, duplicateOf, type Assignment } from './assignment.ts';
import {
  UNOFFICIAL_USES,
  WELL_KNOWN_SERVICES,
  type CuratedPort,
  type UnofficialUse,
  type WellKnownService,
} from './curated.ts';
import { ephemeralRangesFor, type EphemeralRange } from './ephemeral.ts';
import { normalizeName } from './names.ts';
import { classifyPort, PORT_CLASSES, type PortClass, type PortClassInfo } from './port-class.ts';
import { MAX_PORT, PORT_COUNT } from './port.ts';
import { isOneEditApart, SearchIndex, type SearchHit } from './search.ts';
import { SERVICE_ALIASES, type ServiceAlias } from './service-aliases.ts';
import { TRANSPORTS, type Transport } from './transport.ts';

/** Where a registry's IANA data came from. */
export interface RegistrySource {
  readonly kind: 'embedded' | 'iana-csv';
  /** Words for people ("IANA registry (embedded, 2024-04-30)", a file path or URL). */
  readonly label: string;
  /** The data's date: the newest registration or modification date in its rows (YYYY-MM-DD). */
  readonly updated?: string;
  /** A hash of the data: changes exactly when the data does (used for caching). */
  readonly version: string;
}

/** A curated port with what IANA registers on it beside what is taught. */
export interface KnownPort extends CuratedPort {
  /** Transports IANA registers this number on for one of the service's names (or any name if none match). */
  readonly registeredTransports: readonly Transport[];
}

/** A curated well-known service joined with the registry's facts. */
export interface KnownService extends Omit<WellKnownService, 'ports'> {
  readonly ports: readonly KnownPort[];
  /** Transports as taught, across its ports. */
  readonly taughtTransports: readonly Transport[];
  /** Transports IANA registers, across its ports. */
  readonly registeredTransports: readonly Transport[];
  /** Names operating systems' services files give its ports (`mail` for SMTP, `kerberos5`), each once. */
  readonly osAliases: readonly string[];
}

/** Everything portdeck knows about one port number. */
export interface PortInfo {
  readonly port: number;
  /** The transport asked about, if any. */
  readonly transport: Transport | undefined;
  readonly class: PortClassInfo;
  /** IANA rows covering the port (single-port rows first, then ranges), on the transport if one was given. */
  readonly assignments: readonly Assignment[];
  /** Curated services that use the port. */
  readonly services: readonly KnownService[];
  readonly unofficial: readonly UnofficialUse[];
  /** Systems that would pick this port as a client's ephemeral source port. */
  readonly ephemeral: readonly EphemeralRange[];
  /** Whether IANA assigns a named service here. */
  readonly isAssigned: boolean;
}

/** What a name or alias refers to. */
export interface NameMatch {
  readonly name: string;
  /** Curated services with this name, short name, full name, IANA name or alias. */
  readonly services: readonly KnownService[];
  /** IANA rows with this service name. */
  readonly assignments: readonly Assignment[];
  /** Operating systems' services-file entries with this name (`portmapper` for 111), with their source. */
  readonly aliases: readonly ServiceAlias[];
}

/** Counts that describe a registry. */
export interface RegistryCounts {
  readonly assignments: number;
  readonly assigned: number;
  readonly reserved: number;
  readonly unassigned: number;
  readonly serviceNames: number;
  readonly wellKnownServices: number;
  readonly unofficialUses: number;
  /** Assigned numbers per RFC 6335 class (a number counts once whatever its transports). */
  readonly assignedPortsByClass: Readonly<Record<PortClass, number>>;
}

/** Curated data layered on IANA's; defaults to portdeck's own. */
export interface CuratedLayer {
  readonly services?: readonly WellKnownService[];
  readonly unofficial?: readonly UnofficialUse[];
  /** Names from operating systems' services files; defaults to SERVICE_ALIASES. */
  readonly aliases?: readonly ServiceAlias[];
}

interface NameEntry {
  services: KnownService[];
  assignments: Assignment[];
  aliases: ServiceAlias[];
}

const EMPTY: readonly never[] = [];
const RANGE_BLOCK = 64;

function sortedTransports(set: Iterable<Transport>): Transport[] {
  const present = new Set(set);
  return TRANSPORTS.filter((transport) => present.has(transport));
}

function hashAssignments(assignments: readonly Assignment[]): string {
  // FNV-1a: cheap, stable, and enough to tell two data sets apart for cache validation.
  let hash = 0x811c9dc5;
  const mix = (text: string): void => {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  };
  for (const a of assignments) {
    mix(a.serviceName ?? '');
    hash = Math.imul(hash ^ (a.ports ? a.ports.first * 65537 + a.ports.last : -1), 0x01000193);
    mix(a.transport ?? '-');
    mix(a.description);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * The port registry: IANA's assignments merged with the curated layer, indexed for constant-time lookups
 * by number and by name, and ranked search. Immutable once built.
 */
export class Registry {
  /** Where the IANA data came from. */
  readonly source: RegistrySource;
  /** Every IANA row, in source order. */
  readonly assignments: readonly Assignment[];
  /** Curated services joined with the registry's facts, in curated order. */
  readonly services: readonly KnownService[];
  readonly unofficial: readonly UnofficialUse[];
  readonly counts: RegistryCounts;

  // Single-port rows per port; range rows join them on a port's first lookup (memoised).
  readonly #byPort: (Assignment[] | undefined)[];
  readonly #isMerged: Uint8Array;
  // Range rows bucketed by blocks of RANGE_BLOCK ports, so a lookup scans only the ranges near it.
  readonly #rangesByBlock: (Assignment[] | undefined)[];
  readonly #hasRange: Uint8Array;
  readonly #sharedRangeRows: (Assignment[][] | undefined)[] = [];
  readonly #servicesByPort: (KnownService[] | undefined)[];
  readonly #unofficialByPort: Map<number, UnofficialUse[]>;
  readonly #byName = new Map<string, NameEntry>();
  readonly #aliases: readonly ServiceAlias[];
  readonly #aliasesByPort = new Map<number, ServiceAlias[]>();
  // Folded names without spaces, bucketed by length, for answer checks: built on first use.
  #compactNamesByLength: string[][] | undefined;
  readonly #servicesById: Map<string, KnownService>;
  #search: SearchIndex | undefined;

  constructor(
    assignments: readonly Assignment[],
    source: Omit<RegistrySource, 'version'>,
    curated: CuratedLayer = {},
  ) {
    this.assignments = assignments;
    this.source = { ...source, version: hashAssignments(assignments) };
    this.#byPort = new Array<Assignment[] | undefined>(PORT_COUNT);
    const ranges: Assignment[] = [];
    for (const assignment of assignments) {
      const { ports } = assignment;
      if (!ports) continue;
      if (ports.first !== ports.last) {
        ranges.push(assignment);
        continue;
      }
      (this.#byPort[ports.first] ??= []).push(assignment);
      if (assignment.serviceName) this.#nameEntry(assignment.serviceName).assignments.push(assignment);
    }
    // Range rows go after single-port rows so the most specific answer comes first.
    this.#isMerged = new Uint8Array(PORT_COUNT);
    this.#hasRange = new Uint8Array(PORT_COUNT);
    this.#rangesByBlock = new Array<Assignment[] | undefined>(Math.ceil(PORT_COUNT / RANGE_BLOCK));
    for (const assignment of ranges) {
      const { first, last } = assignment.ports ?? { first: 0, last: -1 };
      this.#hasRange.fill(1, first, last + 1);
      for (let block = Math.floor(first / RANGE_BLOCK); block <= Math.floor(last / RANGE_BLOCK); block++)
        (this.#rangesByBlock[block] ??= []).push(assignment);
      if (assignment.serviceName) this.#nameEntry(assignment.serviceName).assignments.push(assignment);
    }
    for (const assignment of assignments) {
      if (!assignment.ports && assignment.serviceName)
        this.#nameEntry(assignment.serviceName).assignments.push(assignment);
    }
    // IANA lists a port's primary name first, but a few duplicates ("www-http" for 80) come before it.
    for (const assignment of assignments) {
      const { ports } = assignment;
      if (!ports || !duplicateOf(assignment)) continue;
      const list = this.#byPort[ports.first];
      if (list) this.#byPort[ports.first] = primaryFirst(list);
    }
    this.#aliases = curated.aliases ?? SERVICE_ALIASES;
    for (const alias of this.#aliases) {
      this.#nameEntry(alias.name).aliases.push(alias);
      const list = this.#aliasesByPort.get(alias.port);
      if (list) list.push(alias);
      else this.#aliasesByPort.set(alias.port, [alias]);
    }

    this.services = (curated.services ?? WELL_KNOWN_SERVICES).map((service) => this.#join(service));
    this.#servicesById = new Map(this.services.map((service) => [service.id, service]));
    this.#servicesByPort = new Array<KnownService[] | undefined>(PORT_COUNT);
    for (const service of this.services) {
      for (const name of [
        service.id,
        service.shortName,
        service.fullName,
        ...service.ianaNames,
        ...service.aliases,
        ...service.osAliases,
      ]) {
        const entry = this.#nameEntry(name);
        if (!entry.services.includes(service)) entry.services.push(service);
      }
      for (const { port } of service.ports) {
        const list = (this.#servicesByPort[port] ??= []);
        if (!list.includes(service)) list.push(service);
      }
    }
    for (const [name, exam] of this.services.flatMap((s) =>
      Object.values(s.examNames ?? {}).map((n) => [n, s] as const),
    )) {
      const entry = this.#nameEntry(name);
      if (!entry.services.includes(exam)) entry.services.push(exam);
    }

    this.unofficial = curated.unofficial ?? UNOFFICIAL_USES;
    this.#unofficialByPort = new Map();
    for (const use of this.unofficial) {
      const list = this.#unofficialByPort.get(use.port) ?? [];
      list.push(use);
      this.#unofficialByPort.set(use.port, list);
    }
    this.counts = this.#count();
  }

  /** Every row covering a port: its own rows (primary name first), then the ranges that hold it. */
  #rowsAt(port: number): readonly Assignment[] {
    if (this.#isMerged[port] === 1 || this.#hasRange[port] !== 1) return this.#byPort[port] ?? EMPTY;
    const block = Math.floor(port / RANGE_BLOCK);
    const covering = (this.#rangesByBlock[block] ?? EMPTY).filter(
      (a) => a.ports !== undefined && a.ports.first <= port && port <= a.ports.last,
    );
    const own = this.#byPort[port];
    // Ports covered only by the same ranges share one list: most of 0-49151 is in an Unassigned range.
    let rows: Assignment[];
    if (own) rows = [...own, ...covering];
    else {
      const shared = (this.#sharedRangeRows[block] ??= []);
      const same = shared.find(
        (list) => list.length === covering.length && list.every((a, i) => a === covering[i]),
      );
      rows = same ?? covering;
      if (!same) shared.push(covering);
    }
    this.#byPort[port] = rows;
    this.#isMerged[port] = 1;
    return rows;
  }

  #nameEntry(name: string): NameEntry {
    const key = normalizeName(name);
    let entry = this.#byName.get(key);
    if (!entry) {
      entry = { services: [], assignments: [], aliases: [] };
      this.#byName.set(key, entry);
    }
    return entry;
  }

  #join(service: WellKnownService): KnownService {
    const names = new Set(service.ianaNames);
    const ports = service.ports.map((curatedPort): KnownPort => {
      const rows = this.#rowsAt(curatedPort.port).filter((a) => a.status === 'assigned');
      const own = rows.filter((a) => a.serviceName !== undefined && names.has(a.serviceName));
      const transports = (own.length > 0 ? own : names.size === 0 ? [] : rows).flatMap((a) =>
        a.transport ? [a.transport] : [...TRANSPORTS],
      );
      return { ...curatedPort, registeredTransports: sortedTransports(transports) };
    });
    return {
      ...service,
      ports,
      taughtTransports: sortedTransports(ports.flatMap((p) => p.transports)),
      registeredTransports: sortedTransports(ports.flatMap((p) => p.registeredTransports)),
      osAliases: this.#osAliasesOf(service),
    };
  }

  /** Every name on a services-file line that names one of the service's taught ports by an IANA name. */
  #osAliasesOf(service: WellKnownService): string[] {
    const names = new Set<string>();
    for (const { port, transports } of service.ports) {
      const here = (this.#aliasesByPort.get(port) ?? EMPTY).filter((a) => transports.includes(a.transport));
      const lines = new Set(here.filter((a) => service.ianaNames.includes(a.name)).map(aliasLine));
      for (const alias of here) if (lines.has(aliasLine(alias))) names.add(alias.name);
    }
    return [...names];
  }

  #count(): RegistryCounts {
    let assigned = 0;
    let reserved = 0;
    let unassigned = 0;
    const names = new Set<string>();
    const isAssigned = new Uint8Array(PORT_COUNT);
    const assignedPortsByClass: Record<PortClass, number> = { system: 0, user: 0, dynamic: 0 };
    // Counted as numbers are first marked: a scan of all 65,536 numbers costs more at start-up.
    for (const a of this.assignments) {
      if (a.serviceName) names.add(a.serviceName);
      if (a.status === 'reserved') reserved++;
      else if (a.status === 'unassigned') unassigned++;
      else {
        assigned++;
        if (!a.ports) continue;
        for (let port = a.ports.first; port <= a.ports.last; port++) {
          if (isAssigned[port] === 1) continue;
          isAssigned[port] = 1;
          assignedPortsByClass[classifyPort(port).id]++;
        }
      }
    }
    return {
      assignments: this.assignments.length,
      assigned,
      reserved,
      unassigned,
      serviceNames: names.size,
      wellKnownServices: this.services.length,
      unofficialUses: this.unofficial.length,
      assignedPortsByClass,
    };
  }

  /** Everything known about a port, optionally on one transport. The port must be valid (see parsePort). */
  lookupPort(port: number, transport?: Transport): PortInfo {
    const portClass = classifyPort(port);
    const rows = this.#rowsAt(port);
    const assignments = transport ? rows.filter((a) => assignmentCovers(a, port, transport)) : rows;
    const services = (this.#servicesByPort[port] ?? EMPTY).filter(
      (s) =>
        !transport ||
        s.ports.some(
          (p) =>
            p.port === port &&
            (p.transports.includes(transport) || p.registeredTransports.includes(transport)),
        ),
    );
    const unofficial = (this.#unofficialByPort.get(port) ?? EMPTY).filter(
      (u) => !transport || u.transports.includes(transport),
    );
    return {
      port,
      transport,
      class: portClass,
      assignments,
      services,
      unofficial,
      ephemeral: ephemeralRangesFor(port),
      isAssigned: assignments.some((a) => a.status === 'assigned'),
    };
  }

  /** What a name refers to: curated names and aliases and IANA service names, case- and separator-insensitive. */
  lookupName(name: string): NameMatch | undefined {
    const key = normalizeName(name);
    const entry = key === '' ? undefined : this.#byName.get(key);
    return (
      entry && {
        name: name.trim(),
        services: entry.services,
        assignments: entry.assignments,
        aliases: entry.aliases,
      }
    );
  }

  /**
   * Every known name, folded and without spaces ("mswbtserver"), within one edit of this text (itself
   * included when known): what a typed answer could be a slip for.
   */
  namesWithinOneEdit(name: string): string[] {
    const compact = compactName(name);
    if (!this.#compactNamesByLength) {
      const buckets: string[][] = [];
      for (const key of new Set([...this.#byName.keys()].map(compactName)))
        (buckets[key.length] ??= []).push(key);
      this.#compactNamesByLength = buckets;
    }
    const near: string[] = [];
    for (let length = compact.length - 1; length <= compact.length + 1; length++) {
      for (const known of this.#compactNamesByLength[length] ?? [])
        if (isOneEditApart(compact, known)) near.push(known);
    }
    return near;
  }

  /** The services-file aliases the registry answers with. */
  get aliases(): readonly ServiceAlias[] {
    return this.#aliases;
  }

  /** The curated service with this id. */
  service(id: string): KnownService | undefined {
    return this.#servicesById.get(id);
  }

  /** Ranked, typo-tolerant search over names, aliases, descriptions and port numbers; curated services first. */
  search(query: string, limit = 10): SearchHit[] {
    this.#search ??= new SearchIndex(this);
    return this.#search.search(query, limit);
  }

  /** Builds the search index now rather than on the first search (for servers that want a warm start). */
  warmSearch(): void {
    this.#search ??= new SearchIndex(this);
  }

  /** Port numbers with at least one row (assigned, reserved or unassigned) or curated entry, ascending. */
  *knownPorts(): Generator<number> {
    for (let port = 0; port <= MAX_PORT; port++) {
      if (
        this.#byPort[port] ||
        this.#hasRange[port] ||
        this.#servicesByPort[port] ||
        this.#unofficialByPort.has(port)
      )
        yield port;
    }
  }
}

/** A name folded for comparison and without spaces: "MS WBT Server" and "ms-wbt-server" both "mswbtserver". */
export function compactName(name: string): string {
  return normalizeName(name).replaceAll(' ', '');
}

/** The services-file line an alias was on. */
function aliasLine(alias: ServiceAlias): string {
  return `${alias.source} ${alias.canonical} ${alias.port}/${alias.transport}`;
}

/** Single-port rows before ranges, and within each the primary name before rows IANA marks as duplicates. */
function primaryFirst(rows: readonly Assignment[]): Assignment[] {
  const rank = (a: Assignment) =>
    (a.ports && a.ports.first !== a.ports.last ? 2 : 0) + (duplicateOf(a) ? 1 : 0);
  return [...rows].sort((a, b) => rank(a) - rank(b));
}

/** The RFC 6335 classes with how many assigned numbers each holds in a registry. */
export function classesWithCounts(registry: Registry): { info: PortClassInfo; assignedPorts: number }[] {
  return PORT_CLASSES.map((info) => ({ info, assignedPorts: registry.counts.assignedPortsByClass[info.id] }));
}
