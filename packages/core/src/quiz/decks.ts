import { SEED_TABLE, SERVICE_CATEGORIES, type ServiceCategory } from '../curated.ts';
import type { KnownService, Registry } from '../registry.ts';
import { buildCards, CLASS_QUIZ_PORTS, type Card } from './cards.ts';

/** A named set of cards to study. */
export interface Deck {
  /** `seed`, `a-plus`, `network-plus`, `security-plus`, `well-known`, or `category:<category>`. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Card ids in study order. */
  readonly cardIds: readonly string[];
}

/** Every deck and every card, built once from a registry. */
export interface Decks {
  readonly decks: readonly Deck[];
  readonly cards: ReadonlyMap<string, Card>;
  readonly deck: (id: string) => Deck | undefined;
  readonly card: (id: string) => Card | undefined;
  /** The cards of a deck, in order. */
  readonly cardsOf: (deck: Deck) => Card[];
}

const CATEGORY_NAMES: Record<ServiceCategory, string> = {
  web: 'Web',
  mail: 'Mail',
  'file-transfer': 'File transfer',
  'file-sharing': 'File sharing',
  'remote-access': 'Remote access',
  'name-resolution': 'Name resolution',
  directory: 'Directory',
  authentication: 'Authentication',
  'network-management': 'Network management',
  'network-infrastructure': 'Network infrastructure',
  'security-vpn': 'Security and VPN',
  time: 'Time',
  database: 'Databases',
  'voice-video': 'Voice and video',
  messaging: 'Messaging',
};

function serviceCardIds(
  services: readonly KnownService[],
  ports?: ReadonlySet<number>,
  hasCounterpartCard: (service: KnownService) => boolean = () => true,
): string[] {
  const ids: string[] = [];
  const portIds = new Set<string>();
  for (const service of services) {
    for (const { port } of service.ports) {
      if (!ports || ports.has(port)) portIds.add(`port-to-service:${port}`);
    }
    ids.push(`service-to-port:${service.id}`, `transport:${service.id}`);
    if (hasCounterpartCard(service)) ids.push(`counterpart:${service.id}`);
  }
  return [...portIds, ...ids];
}

const EXAM_DESCRIPTIONS = {
  'a-plus': ['CompTIA A+', 'Ports on CompTIA A+ Core 1 (220-1201), objective 2.1.'],
  'network-plus': ['CompTIA Network+', 'Ports on CompTIA Network+ (N10-009), objective 1.4.'],
  'security-plus': [
    'CompTIA Security+',
    'Ports commonly taught for CompTIA Security+ (SY0-701, which publishes no port list): the A+ and Network+ ports and the secure and authentication ones.',
  ],
} as const;

/** Builds the decks: the seed's table exactly, the exam lists, all curated System ports, and one per category. */
export function buildDecks(registry: Registry): Decks {
  const cards = buildCards(registry);
  const known = (ids: readonly string[]): string[] => [...new Set(ids)].filter((id) => cards.has(id));
  // An exam deck holds a counterpart card when the exam lists one of the secure choices too.
  const examDeck = (exam: keyof typeof EXAM_DESCRIPTIONS): Deck => {
    const [name, description] = EXAM_DESCRIPTIONS[exam];
    const listed = (id: string) => registry.service(id)?.exams.includes(exam) === true;
    const counterpartListed = (service: KnownService) => {
      const card = cards.get(`counterpart:${service.id}`);
      return card?.serviceIds.slice(1).some(listed) === true;
    };
    return {
      id: exam,
      name,
      description,
      cardIds: known(
        serviceCardIds(
          registry.services.filter((s) => s.exams.includes(exam)),
          undefined,
          counterpartListed,
        ),
      ),
    };
  };

  // The seed deck is the seed's rows and nothing else: its own answers (SNMP 161) where they differ.
  const seedPorts = new Set(SEED_TABLE.flatMap((row) => row.ports.split(', ').map(Number)));
  const seedCardIds = [
    ...[...seedPorts].map((port) => `port-to-service:${port}`),
    ...SEED_TABLE.flatMap((row) => [
      cards.has(`service-to-port:${row.serviceId}:seed`)
        ? `service-to-port:${row.serviceId}:seed`
        : `service-to-port:${row.serviceId}`,
      `transport:${row.serviceId}`,
    ]),
    ...CLASS_QUIZ_PORTS.map((p) => `class:${p}`),
  ];
  const decks: Deck[] = [
    {
      id: 'seed',
      name: 'Well-known ports (course table)',
      description: "The course's well-known port table, row for row, and its three port ranges.",
      cardIds: known(seedCardIds),
    },
    examDeck('a-plus'),
    examDeck('network-plus'),
    examDeck('security-plus'),
    {
      id: 'well-known',
      name: 'All curated System ports',
      description: 'Every curated service on a System (Well Known) port, 0-1023.',
      cardIds: known(
        serviceCardIds(
          registry.services.filter((s) => s.ports.some((p) => p.port <= 1023)),
          new Set(Array.from({ length: 1024 }, (_, i) => i)),
        ),
      ),
    },
    ...SERVICE_CATEGORIES.flatMap((category): Deck[] => {
      const services = registry.services.filter((s) => s.category === category);
      if (services.length === 0) return [];
      return [
        {
          id: `category:${category}`,
          name: CATEGORY_NAMES[category],
          description: `${CATEGORY_NAMES[category]} services and their ports.`,
          cardIds: known(serviceCardIds(services)),
        },
      ];
    }),
  ];
  const byId = new Map(decks.map((deck) => [deck.id, deck]));
  return {
    decks,
    cards,
    deck: (id) => byId.get(id),
    card: (id) => cards.get(id),
    cardsOf: (deck) => deck.cardIds.flatMap((id) => cards.get(id) ?? []),
  };
}
