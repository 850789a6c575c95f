import { buildDecks, SERVICE_CATEGORIES, type Card } from '@portdeck/core';
import { describe, expect, it } from 'vitest';
import { MAX_PAGE_SIZE } from '../src/pagination.ts';
import { api, execute, registry } from './helpers.ts';

const yoga = api();
// Built here, apart from the API's own copy, so the answers are checked against core and not against themselves.
const core = buildDecks(registry);

/** "port-to-service" -> "PORT_TO_SERVICE", as Pothos names enum values. */
const enumName = (value: string): string => value.toUpperCase().replaceAll('-', '_');

interface CardView {
  id: string;
  kind: string;
  prompt: string;
  answer: string;
  explanation: string | null;
  category: string | null;
  services: { id: string; ianaNames: string[] }[];
  acceptedNames: string[] | null;
  acceptedPorts: number[] | null;
  taughtTransports: string[] | null;
  registeredTransports: string[] | null;
  portClass: string | null;
}

interface CardPage {
  totalCount: number;
  edges: { cursor: string; node: CardView }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const CARD_FIELDS = `id kind prompt answer explanation category services { id ianaNames }
  acceptedNames acceptedPorts taughtTransports registeredTransports portClass`;

const deckQuery = `query ($id: String!, $first: Int, $after: String) {
  deck(id: $id) { id name description cardCount
    cards(first: $first, after: $after) { totalCount edges { cursor node { ${CARD_FIELDS} } }
      pageInfo { hasNextPage endCursor } } } }`;

type DeckAnswer = {
  deck: { id: string; name: string; description: string; cardCount: number; cards: CardPage } | null;
};

async function deckPage(id: string, first?: number, after?: string | null) {
  return execute<DeckAnswer>(yoga, deckQuery, { id, first, after });
}

/** Every card of a deck, page by page. */
async function allCards(id: string, pageSize: number): Promise<{ cards: CardView[]; pages: number }> {
  const cards: CardView[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const { body } = await deckPage(id, pageSize, after);
    expect(body.errors).toBeUndefined();
    const page: CardPage = body.data!.deck!.cards;
    pages += 1;
    cards.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return { cards, pages };
    after = page.pageInfo.endCursor;
  }
}

function coreView(
  card: Card,
): Pick<CardView, 'id' | 'kind' | 'prompt' | 'answer' | 'explanation' | 'category'> {
  return {
    id: card.id,
    kind: enumName(card.kind),
    prompt: card.prompt,
    answer: card.answer,
    explanation: card.explanation ?? null,
    category: card.category ? enumName(card.category) : null,
  };
}

describe('decks', () => {
  it('lists the seed, exam, well-known and category decks in core’s order with their card counts', async () => {
    const { body } = await execute<{ decks: { id: string; name: string; cardCount: number }[] }>(
      yoga,
      '{ decks { id name description cardCount } }',
    );
    expect(body.errors).toBeUndefined();
    const decks = body.data!.decks;
    expect(decks.slice(0, 5).map((d) => d.id)).toEqual([
      'seed',
      'a-plus',
      'network-plus',
      'security-plus',
      'well-known',
    ]);
    expect(decks.map((d) => d.id)).toContain('category:mail');
    expect(decks.map((d) => d.id)).toContain('category:remote-access');
    expect(decks).toEqual(
      core.decks.map((d) => ({
        id: d.id,
        name: d.name,
        description: d.description,
        cardCount: d.cardIds.length,
      })),
    );
    expect(decks.find((d) => d.id === 'network-plus')?.name).toBe('CompTIA Network+');
  });

  it('exposes no study progress (that waits for access control)', async () => {
    const { status, body } = await execute(yoga, '{ decks { id progress } }');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('has one deck per populated category, none empty, each count equal to its total', async () => {
    const { body } = await execute<{
      decks: { id: string; cardCount: number; cards: { totalCount: number } }[];
    }>(yoga, '{ decks { id cardCount cards(first: 0) { totalCount } } }');
    const decks = body.data!.decks;
    const categories = decks.filter((d) => d.id.startsWith('category:')).map((d) => d.id.slice(9));
    expect(categories.length).toBeGreaterThan(0);
    for (const category of categories) expect(SERVICE_CATEGORIES).toContain(category);
    for (const deck of decks) {
      expect(deck.cardCount).toBeGreaterThan(0);
      expect(deck.cards.totalCount).toBe(deck.cardCount);
    }
  });
});

describe('deck(id)', () => {
  it('answers the seed deck with exactly core’s cards, in order, in one page', async () => {
    const seed = core.deck('seed')!;
    const { body } = await deckPage('seed', MAX_PAGE_SIZE);
    expect(body.errors).toBeUndefined();
    const deck = body.data!.deck!;
    expect(deck).toMatchObject({ id: 'seed', name: seed.name, cardCount: seed.cardIds.length });
    expect(deck.cards.totalCount).toBe(seed.cardIds.length);
    expect(deck.cards.pageInfo.hasNextPage).toBe(false);
    const cards = deck.cards.edges.map((e) => e.node);
    expect(
      cards.map(({ id, kind, prompt, answer, explanation, category }) => ({
        id,
        kind,
        prompt,
        answer,
        explanation,
        category,
      })),
    ).toEqual(core.cardsOf(seed).map(coreView));
    expect(cards.map((c) => c.services.map((s) => s.id))).toEqual(
      core.cardsOf(seed).map((c) => c.serviceIds),
    );
    // Hand-checked against the course table: it opens with port 20 and ends with the nine range questions.
    expect(cards[0]?.id).toBe('port-to-service:20');
    expect(cards.slice(-9).map((c) => c.id)).toEqual(
      [0, 80, 1023, 1024, 3389, 49151, 49152, 51514, 65535].map((p) => `class:${p}`),
    );
  });

  it('carries RDP on 3389 with its IANA name, and its port class', async () => {
    const { cards } = await allCards('seed', MAX_PAGE_SIZE);
    const rdp = cards.find((c) => c.id === 'port-to-service:3389');
    expect(rdp).toMatchObject({
      kind: 'PORT_TO_SERVICE',
      prompt: 'Which service uses port 3389?',
      answer: 'RDP: Remote Desktop Protocol',
      category: 'REMOTE_ACCESS',
      services: [{ id: 'rdp', ianaNames: ['ms-wbt-server'] }],
      acceptedPorts: null,
      portClass: null,
    });
    expect(rdp?.acceptedNames).toEqual(
      expect.arrayContaining(['RDP', 'Remote Desktop Protocol', 'ms-wbt-server']),
    );
    expect(rdp?.explanation).toContain('ms-wbt-server');
    expect(cards.find((c) => c.id === 'service-to-port:rdp')).toMatchObject({
      answer: '3389',
      acceptedPorts: [3389],
      acceptedNames: null,
    });
    expect(cards.find((c) => c.id === 'class:3389')).toMatchObject({
      kind: 'CLASS',
      portClass: 'USER',
      category: null,
      services: [],
      acceptedNames: null,
    });
  });

  it('shows the Network+ name for 587 (SMTPS) beside IANA’s (submission)', async () => {
    const { cards } = await allCards('network-plus', MAX_PAGE_SIZE);
    const card = cards.find((c) => c.id === 'port-to-service:587');
    expect(card).toBeDefined();
    expect(card?.answer).toContain('Network+ calls it SMTPS');
    expect(card?.explanation).toContain('`submission`');
    expect(card?.services).toEqual([{ id: 'submission', ianaNames: ['submission'] }]);
    expect(card?.acceptedNames).toEqual(expect.arrayContaining(['SMTPS', 'submission', 'SMTP Submission']));
    // Core lists the id and the IANA name (both "submission"); the API gives each name once.
    expect(new Set(card?.acceptedNames).size).toBe(card?.acceptedNames?.length);
  });

  it('gives taught and registered transports, and a counterpart’s names and ports', async () => {
    // Network+ lists LDAP and LDAPS; the seed deck holds no counterpart cards (the seed lists none).
    const { cards } = await allCards('network-plus', MAX_PAGE_SIZE);
    expect(cards.find((c) => c.id === 'transport:dns')).toMatchObject({
      kind: 'TRANSPORT',
      answer: 'UDP',
      taughtTransports: ['UDP'],
      registeredTransports: ['TCP', 'UDP'],
      acceptedNames: null,
      acceptedPorts: null,
    });
    const ldap = cards.find((c) => c.id === 'counterpart:ldap');
    expect(ldap).toMatchObject({ kind: 'COUNTERPART', acceptedPorts: [636], taughtTransports: null });
    expect(ldap?.services.map((s) => s.id)).toEqual(['ldap', 'ldaps']);
    expect(ldap?.acceptedNames).toContain('LDAPS');
  });

  it('sets exactly the accepted-answer fields of each card’s kind', async () => {
    const { cards } = await allCards('security-plus', MAX_PAGE_SIZE);
    const present = (c: CardView): string =>
      (['acceptedNames', 'acceptedPorts', 'taughtTransports', 'registeredTransports', 'portClass'] as const)
        .filter((field) => c[field] !== null)
        .join(' ');
    const byKind: Record<string, string> = {
      PORT_TO_SERVICE: 'acceptedNames',
      SERVICE_TO_PORT: 'acceptedPorts',
      TRANSPORT: 'taughtTransports registeredTransports',
      CLASS: 'portClass',
      COUNTERPART: 'acceptedNames acceptedPorts',
    };
    expect(new Set(cards.map((c) => c.kind)).size).toBeGreaterThanOrEqual(4);
    for (const card of cards) expect(`${card.id}: ${present(card)}`).toBe(`${card.id}: ${byKind[card.kind]}`);
  });

  it('rejects a blank id with EMPTY_ID', async () => {
    for (const id of ['', '   ']) {
      const { body } = await deckPage(id);
      expect(body.data).toEqual({ deck: null });
      expect(body.errors?.[0]).toMatchObject({
        message: '"id" must not be empty.',
        path: ['deck'],
        extensions: { code: 'BAD_USER_INPUT', reason: 'EMPTY_ID', argument: 'id' },
      });
    }
  });

  it('returns null for an unknown id, like service(name), and trims the id like service does', async () => {
    const unknown = await execute(yoga, '{ deck(id: "no-such-deck") { id } }');
    expect(unknown.body).toEqual({ data: { deck: null } });
    const category = await execute(yoga, '{ deck(id: "category:no-such-category") { id } }');
    expect(category.body).toEqual({ data: { deck: null } });
    const padded = await execute(yoga, '{ deck(id: "  category:mail ") { id name } }');
    expect(padded.body).toEqual({ data: { deck: { id: 'category:mail', name: 'Mail' } } });
  });

  it('documents EMPTY_ID among the error reasons on Query', async () => {
    const { body } = await execute<{ __schema: { queryType: { description: string } } }>(
      yoga,
      '{ __schema { queryType { description } } }',
    );
    expect(body.data?.__schema.queryType.description).toContain('`EMPTY_ID`');
  });
});

describe('Deck.cards paging', () => {
  it('pages through a deck in order, without gaps or repeats, with a total count', async () => {
    const expected = core.deck('security-plus')!.cardIds;
    expect(expected.length).toBeGreaterThan(50);
    const { cards, pages } = await allCards('security-plus', 50);
    expect(pages).toBe(Math.ceil(expected.length / 50));
    expect(cards.map((c) => c.id)).toEqual(expected);
  });

  it('rejects a page above the cap, a negative page and a foreign cursor with the usual errors', async () => {
    const tooBig = await deckPage('seed', MAX_PAGE_SIZE + 1);
    expect(tooBig.body.errors?.[0]).toMatchObject({
      path: ['deck', 'cards'],
      extensions: {
        code: 'BAD_USER_INPUT',
        reason: 'PAGE_SIZE_TOO_LARGE',
        argument: 'first',
        maxPageSize: MAX_PAGE_SIZE,
      },
    });
    const negative = await deckPage('seed', -1);
    expect(negative.body.errors?.[0]?.extensions).toMatchObject({ reason: 'INVALID_PAGE_SIZE' });
    const cursor = await deckPage('seed', 10, 'bogus');
    expect(cursor.body.errors?.[0]?.extensions).toMatchObject({
      reason: 'INVALID_CURSOR',
      argument: 'after',
    });
  });

  it('defaults to 20 cards, and answers an empty page after the last card and for first: 0', async () => {
    const { body } = await deckPage('network-plus');
    const page = body.data!.deck!.cards;
    expect(page.edges).toHaveLength(20);
    expect(page.pageInfo.hasNextPage).toBe(true);

    const total = core.deck('network-plus')!.cardIds.length;
    const whole = (await deckPage('network-plus', MAX_PAGE_SIZE)).body.data!.deck!.cards;
    expect(whole.edges).toHaveLength(total);
    const after = await deckPage('network-plus', 10, whole.pageInfo.endCursor);
    expect(after.body.data!.deck!.cards).toEqual({
      totalCount: total,
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
    const none = await deckPage('network-plus', 0);
    expect(none.body.data!.deck!.cards).toMatchObject({ totalCount: total, edges: [] });
  });
});

describe('query cost of a page of cards', () => {
  // armor multiplies the cost of a connection by a literal `first`, so the page size is part of the cost.
  const page = (first: number, services: string) =>
    `{ deck(id: "security-plus") { id name description cardCount cards(first: ${first}) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
        id kind prompt answer explanation category acceptedNames acceptedPorts taughtTransports
        registeredTransports portClass services { ${services} } } } } } }`;
  const nested =
    'id shortName fullName ianaNames aliases category encryption note exams ports { number taughtTransports registeredTransports role } counterpart { id shortName ports { number } }';

  it('lets a dashboard fetch a full page of 100 cards with every card field', async () => {
    const { body } = await execute<DeckAnswer>(yoga, page(MAX_PAGE_SIZE, 'id shortName ianaNames'));
    expect(body.errors).toBeUndefined();
    expect(body.data!.deck!.cards.edges).toHaveLength(MAX_PAGE_SIZE);
  });

  it('refuses 100 cards each with their services’ ports and counterparts with MAX_COST', async () => {
    const { status, body } = await execute(yoga, page(MAX_PAGE_SIZE, nested));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      reason: 'MAX_COST',
    });
  });

  it('accepts that nested selection for a default-sized page of 20', async () => {
    const { body } = await execute<DeckAnswer>(yoga, page(20, nested));
    expect(body.errors).toBeUndefined();
    expect(body.data!.deck!.cards.edges).toHaveLength(20);
  });
});
