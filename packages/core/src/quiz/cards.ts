import { SEED_TABLE, serviceTitle, type SeedRow, type ServiceCategory } from '../curated.ts';
import { PORT_CLASSES, type PortClass } from '../port-class.ts';
import type { KnownService, Registry } from '../registry.ts';
import type { Transport } from '../transport.ts';

/** What a card asks. */
export type CardKind = 'port-to-service' | 'service-to-port' | 'transport' | 'class' | 'counterpart';

/** What a correct answer is made of, so free text can be checked forgivingly. */
export type Expected =
  | { readonly kind: 'names'; readonly names: readonly string[] }
  | { readonly kind: 'ports'; readonly ports: readonly number[] }
  | {
      readonly kind: 'transport';
      readonly taught: readonly Transport[];
      readonly registered: readonly Transport[];
    }
  | { readonly kind: 'class'; readonly portClass: PortClass }
  | {
      readonly kind: 'counterpart';
      /** Every right choice's names and ports, together. */
      readonly names: readonly string[];
      readonly ports: readonly number[];
      /** The right choices (FTP: FTPS on 989, 990 or SFTP on 22), each its own names and ports. */
      readonly choices: readonly CounterpartChoice[];
    };

/** One right answer to a counterpart card: a secure service, the names it answers to and its ports. */
export interface CounterpartChoice {
  readonly serviceId: string;
  readonly names: readonly string[];
  readonly ports: readonly number[];
}

/** One flashcard. Ids are stable across decks, so a card studied in two decks has one schedule. */
export interface Card {
  /** `<kind>:<subject>`, at most 48 characters (it travels in Discord custom ids). */
  readonly id: string;
  readonly kind: CardKind;
  /** The question, as shown on the front. */
  readonly prompt: string;
  /** The answer, as shown on the back (the taught answer first). */
  readonly answer: string;
  /** What the registry says beside the taught answer, or how to remember it, when worth saying. */
  readonly explanation?: string;
  readonly expected: Expected;
  /** Curated services the card is about, for distractors and categories. */
  readonly serviceIds: readonly string[];
  readonly category?: ServiceCategory;
}

const TRANSPORT_WORDS: Record<Transport, string> = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP', dccp: 'DCCP' };

/** "TCP", "TCP and UDP". */
export function transportWords(transports: readonly Transport[]): string {
  return transports.map((t) => TRANSPORT_WORDS[t]).join(' and ');
}

/** Every name a service answers to: short, full, IANA names, aliases, services-file names and exam names. */
export function serviceNames(service: KnownService): string[] {
  return [
    service.shortName,
    service.fullName,
    service.id,
    ...service.ianaNames,
    ...service.aliases,
    ...service.osAliases,
    ...Object.values(service.examNames ?? {}),
  ];
}

function displayName(service: KnownService): string {
  const exam = Object.entries(service.examNames ?? {})
    .map(([exam, name]) => ` (${exam === 'network-plus' ? 'Network+' : exam} calls it ${name})`)
    .join('');
  return `${service.shortName}${exam}`;
}

function roleSuffix(service: KnownService, port: number): string {
  const role = service.ports.find((p) => p.port === port)?.role;
  return role ? ` (${role})` : '';
}

/** "Which service listens on port 389?" for one port and the services taught on it. */
export function portToServiceCard(port: number, services: readonly KnownService[]): Card {
  const [first] = services;
  const names = services.map((s) => `${displayName(s)}${roleSuffix(s, port)}`).join(' or ');
  const notes = services.flatMap((s) => (s.note ? [s.note] : []));
  const fullNames = services.filter((s) => s.fullName !== s.shortName).map((s) => s.fullName);
  return {
    id: `port-to-service:${port}`,
    kind: 'port-to-service',
    prompt: `Which service uses port ${port}?`,
    answer: fullNames.length > 0 ? `${names}: ${fullNames.join(' / ')}` : names,
    ...(notes.length > 0 ? { explanation: notes.join(' ') } : {}),
    expected: { kind: 'names', names: services.flatMap(serviceNames) },
    serviceIds: services.map((s) => s.id),
    ...(first ? { category: first.category } : {}),
  };
}

/** "Which port does LDAP use?" */
export function serviceToPortCard(service: KnownService): Card {
  const ports = service.ports.map((p) => p.port);
  const described = service.ports.map((p) => `${p.port}${p.role ? ` (${p.role})` : ''}`).join(', ');
  return {
    id: `service-to-port:${service.id}`,
    kind: 'service-to-port',
    prompt: `Which port${ports.length > 1 ? 's do' : ' does'} ${serviceTitle(service)} use?`,
    answer: described,
    ...(service.note ? { explanation: service.note } : {}),
    expected: { kind: 'ports', ports },
    serviceIds: [service.id],
    category: service.category,
  };
}

/**
 * The seed's own "Which port does SNMP use?": its answer (161) is the right one in the seed deck, with the
 * registry's fuller answer (161 and 162) beside it.
 */
export function seedServiceToPortCard(service: KnownService, row: SeedRow): Card {
  const ports = row.ports.split(', ').map(Number);
  const full = service.ports.map((p) => `${p.port}${p.role ? ` (${p.role})` : ''}`).join(', ');
  return {
    id: `service-to-port:${service.id}:seed`,
    kind: 'service-to-port',
    prompt: `Which port${ports.length > 1 ? 's do' : ' does'} ${serviceTitle(service)} use (as the course table teaches)?`,
    answer: ports.join(', '),
    explanation: `The fuller answer: ${full}.${service.note ? ` ${service.note}` : ''}`,
    expected: { kind: 'ports', ports },
    serviceIds: [service.id],
    category: service.category,
  };
}

/** "Does DNS use TCP or UDP?" with the taught answer and the registry's truth. */
export function transportCard(service: KnownService): Card {
  const taught = service.taughtTransports;
  const registered = service.registeredTransports.filter((t) => t === 'tcp' || t === 'udp');
  const differs = registered.join() !== taught.join();
  const ports = service.ports.map((p) => p.port).join(', ');
  const note = service.note ? ` ${service.note}` : '';
  const registry =
    registered.length === 0
      ? `IANA registers no ${service.shortName} name on port ${ports}.${note}`
      : `IANA registers ${service.shortName}'s port on ${transportWords(registered)}.${note}`;
  return {
    id: `transport:${service.id}`,
    kind: 'transport',
    prompt: `Does ${service.shortName} use TCP, UDP or both (as taught)?`,
    answer: transportWords(taught),
    ...(differs ? { explanation: registry } : {}),
    expected: { kind: 'transport', taught, registered },
    serviceIds: [service.id],
    category: service.category,
  };
}

/** "Which RFC 6335 range is 49152 in?" */
export function classCard(port: number): Card {
  const info = PORT_CLASSES.find((c) => port >= c.first && port <= c.last) ?? PORT_CLASSES[0];
  const id = info?.id ?? 'system';
  return {
    id: `class:${port}`,
    kind: 'class',
    prompt: `Which range is port ${port} in: Well Known, Registered or Dynamic?`,
    answer: `${info?.taughtName ?? ''} (RFC 6335: ${info?.rfcName ?? ''}, ${info?.first ?? 0}-${info?.last ?? 0})`,
    expected: { kind: 'class', portClass: id },
    serviceIds: [],
  };
}

/**
 * "What is the secure counterpart of LDAP, and its port?" Every secure choice is a right answer (FTP: FTPS
 * on 989, 990 or SFTP on 22); the first is the service's own counterpart.
 */
export function counterpartCard(service: KnownService, secure: KnownService | readonly KnownService[]): Card {
  const choices: readonly KnownService[] = Array.isArray(secure) ? secure : [secure as KnownService];
  const portsOf = (s: KnownService) => s.ports.map((p) => p.port);
  const notes = choices.flatMap((s) => (s.note ? [s.note] : []));
  return {
    id: `counterpart:${service.id}`,
    kind: 'counterpart',
    prompt: `What is the secure counterpart of ${service.shortName} (port ${portsOf(service).join(', ')}), and its port?`,
    answer: choices.map((s) => `${displayName(s)} on ${portsOf(s).join(', ')}`).join(' or '),
    ...(notes.length > 0 ? { explanation: notes.join(' ') } : {}),
    expected: {
      kind: 'counterpart',
      names: choices.flatMap(serviceNames),
      ports: [...new Set(choices.flatMap(portsOf))],
      choices: choices.map((s) => ({ serviceId: s.id, names: serviceNames(s), ports: portsOf(s) })),
    },
    serviceIds: [service.id, ...choices.map((s) => s.id)],
    category: service.category,
  };
}

/** The secure choices for a service that is not encrypted: its encrypted counterpart, then the others. */
export function secureChoices(registry: Registry, service: KnownService): KnownService[] {
  if (service.encryption === 'encrypted') return [];
  const primary = service.counterpart ? registry.service(service.counterpart) : undefined;
  if (primary?.encryption !== 'encrypted') return [];
  return [primary, ...(service.alsoSecure ?? []).flatMap((id) => registry.service(id) ?? [])];
}

/** The boundary numbers every class quiz should include. */
export const CLASS_QUIZ_PORTS: readonly number[] = [0, 80, 1023, 1024, 3389, 49151, 49152, 51514, 65535];

/** Every card the curated services give, keyed by id. */
export function buildCards(registry: Registry): Map<string, Card> {
  const cards = new Map<string, Card>();
  const add = (card: Card): void => {
    cards.set(card.id, card);
  };
  const byPort = new Map<number, KnownService[]>();
  for (const service of registry.services) {
    for (const { port } of service.ports) byPort.set(port, [...(byPort.get(port) ?? []), service]);
    add(serviceToPortCard(service));
    add(transportCard(service));
    const secure = secureChoices(registry, service);
    if (secure.length > 0) add(counterpartCard(service, secure));
  }
  for (const row of SEED_TABLE) {
    const service = registry.service(row.serviceId);
    const taught = row.ports.split(', ').map(Number);
    if (service && taught.join() !== service.ports.map((p) => p.port).join())
      add(seedServiceToPortCard(service, row));
  }
  for (const [port, services] of byPort) add(portToServiceCard(port, services));
  for (const port of CLASS_QUIZ_PORTS) add(classCard(port));
  return cards;
}
