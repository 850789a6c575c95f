import { describe, expect, it } from 'vitest';
import { SEED_TABLE } from '../curated.ts';
import { classifyFlow } from '../flow.ts';
import { createEmbeddedRegistry } from '../load-registry.ts';
import { checkAnswer } from './answer.ts';
import type { Card } from './cards.ts';
import { multipleChoice, type Random } from './choices.ts';
import { buildDecks } from './decks.ts';

const registry = createEmbeddedRegistry();
const { decks, deck, cardsOf, card } = buildDecks(registry);

/** A seeded generator (mulberry32) so every shuffle is reproducible. */
function seeded(seed: number): Random {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The exam lists in ../shared/notes/ports.md, copied here so the decks are checked against them.
const NETWORK_PLUS = [
  20, 21, 22, 23, 25, 53, 67, 68, 69, 80, 123, 161, 162, 389, 443, 445, 514, 587, 636, 1433, 3389, 5060, 5061,
];
const A_PLUS = [20, 21, 22, 23, 25, 53, 67, 68, 80, 110, 137, 138, 139, 143, 389, 443, 445, 3389];
const SECURITY_PLUS = [
  ...new Set([...A_PLUS, ...NETWORK_PLUS, 88, 135, 993, 995, 465, 1521, 49, 1812, 1813, 636]),
];

/** The ports a deck teaches: those its port and service cards ask about. */
function deckPorts(id: string): number[] {
  const d = deck(id);
  if (!d) throw new Error(`no deck ${id}`);
  const ports = new Set<number>();
  for (const c of cardsOf(d)) {
    if (c.kind === 'port-to-service') ports.add(Number(c.id.split(':')[1]));
    if (c.kind === 'service-to-port' && c.expected.kind === 'ports')
      c.expected.ports.forEach((p) => ports.add(p));
  }
  return [...ports].sort((a, b) => a - b);
}
const sorted = (ports: readonly number[]) => [...ports].sort((a, b) => a - b);

describe('exam decks', () => {
  it.each([
    ['network-plus', NETWORK_PLUS, 'N10-009'],
    ['a-plus', A_PLUS, '220-1201'],
    ['security-plus', SECURITY_PLUS, 'SY0-701'],
  ] as const)(
    '%s holds exactly the ports its list names, and names its exam version',
    (id, ports, version) => {
      expect(deckPorts(id)).toEqual(sorted(ports));
      expect(deck(id)?.description).toContain(version);
    },
  );

  it('puts counterpart cards in the exam decks that list a secure choice (Network+: FTP with SFTP)', () => {
    expect(deck('network-plus')?.cardIds).toContain('counterpart:ftp');
    expect(deck('network-plus')?.cardIds).toContain('counterpart:smtp');
    expect(deck('network-plus')?.cardIds).not.toContain('counterpart:pop3');
    expect(deck('a-plus')?.cardIds).toEqual(
      expect.arrayContaining(['counterpart:http', 'counterpart:telnet']),
    );
    expect(deck('a-plus')?.cardIds).not.toContain('counterpart:ldap');
    expect(deck('a-plus')?.cardIds).not.toContain('counterpart:imap');
    expect(deck('security-plus')?.cardIds).toContain('counterpart:imap');
  });
});

describe('the seed deck', () => {
  it("is the seed's 20 rows and its port ranges, nothing added", () => {
    const seedPorts = [...new Set(SEED_TABLE.flatMap((row) => row.ports.split(', ').map(Number)))];
    const expected = [
      ...seedPorts.map((p) => `port-to-service:${p}`),
      ...SEED_TABLE.flatMap((row) => [
        ['snmp', 'ipsec'].includes(row.serviceId)
          ? `service-to-port:${row.serviceId}:seed`
          : `service-to-port:${row.serviceId}`,
        `transport:${row.serviceId}`,
      ]),
    ];
    const ids = deck('seed')?.cardIds ?? [];
    expect(SEED_TABLE).toHaveLength(20);
    expect(ids.filter((id) => !id.startsWith('class:')).sort()).toEqual(expected.sort());
    expect(ids.filter((id) => id.startsWith('counterpart:'))).toEqual([]);
    expect(ids).toContain('service-to-port:ssl');
    expect(ids).toContain('service-to-port:https');
  });
});

const allCards = [...new Map(decks.flatMap((d) => cardsOf(d)).map((c) => [c.id, c])).values()];
const texts = (c: Card) => [c.prompt, c.answer, c.explanation ?? ''];
const EMPTY_SLOT = [
  / on \./,
  /\(\s*\)/,
  /:\s*\./,
  / {2}/,
  /\bundefined\b/,
  /\bnull\b/,
  / ,/,
  /\ba [aeio][a-z]/i,
  /``/,
];

describe('every deck card against the registry (data guard)', () => {
  it.each(allCards.filter((c) => c.kind === 'port-to-service').map((c) => [c.id, c] as const))(
    '%s: each answer is registered by IANA at that port and transport, or an unofficial use with a source',
    (_, c) => {
      const port = Number(c.id.split(':')[1]);
      for (const id of c.serviceIds) {
        const service = registry.service(id);
        const taught = service?.ports.find((p) => p.port === port)?.transports ?? [];
        const names = new Set(
          taught.flatMap((t) => registry.lookupPort(port, t).assignments.map((a) => a.serviceName)),
        );
        const isRegistered = service?.ianaNames.some((n) => names.has(n)) === true;
        const unofficial = registry
          .lookupPort(port)
          .unofficial.filter((u) => u.sourceUrl.startsWith('https://'));
        expect(isRegistered || unofficial.length > 0, `${id} on ${port}`).toBe(true);
      }
    },
  );

  it('no option list holds two right answers, over many shuffles', () => {
    for (const c of allCards) {
      for (let seed = 1; seed <= 4; seed++) {
        const question = multipleChoice(registry, c, seeded(seed));
        question.options.forEach((option, i) => {
          if (i === question.correctIndex) return;
          const { verdict } = checkAnswer(registry, c, option);
          const isRight = verdict === 'correct' || (verdict === 'partial' && c.kind !== 'transport');
          expect(isRight, `${c.id}: "${option}" offered as wrong`).toBe(false);
        });
      }
    }
  });

  it('587 never offers SMTPS as a wrong option', () => {
    const c = card('port-to-service:587');
    if (!c) throw new Error('no 587 card');
    for (let seed = 1; seed <= 50; seed++) {
      const question = multipleChoice(registry, c, seeded(seed));
      expect(question.options.filter((o, i) => i !== question.correctIndex)).not.toContain('SMTPS');
    }
  });

  it.each(allCards.map((c) => [c.id, c] as const))(
    '%s: no text has an empty slot or broken English',
    (_, c) => {
      for (const text of texts(c)) for (const pattern of EMPTY_SLOT) expect(text).not.toMatch(pattern);
      expect(c.answer.trim()).not.toBe('');
    },
  );

  it("Oracle's transport card says IANA registers no Oracle name on 1521", () => {
    expect(card('transport:oracle')?.explanation).toMatch(/^IANA registers no Oracle name on port 1521\./);
  });
});

describe('curated facts', () => {
  it('8080 is registered (http-alt), not an unofficial use', () => {
    expect(registry.lookupPort(8080).unofficial).toEqual([]);
    expect(registry.lookupPort(8080, 'tcp').assignments[0]?.serviceName).toBe('http-alt');
  });

  it('no unofficial use sits on a port a curated service is registered on', () => {
    for (const use of registry.unofficial) {
      for (const service of registry.lookupPort(use.port).services) {
        const names = registry.lookupPort(use.port).assignments.map((a) => a.serviceName);
        expect(
          service.ianaNames.some((n) => names.includes(n)),
          `${use.name} on ${use.port}`,
        ).toBe(false);
      }
    }
  });

  it('labels encryption as the notes say: FTP (AUTH TLS) and POP3 (STLS) are optional, like IMAP', () => {
    expect(registry.service('ftp')?.encryption).toBe('optional');
    expect(registry.service('pop3')?.encryption).toBe('optional');
    expect(registry.service('imap')?.encryption).toBe('optional');
    expect(registry.service('telnet')?.encryption).toBe('cleartext');
  });

  it('does not give DNS as an example of port-to-port traffic, and reads as English', () => {
    const same = classifyFlow(registry, 53, 53);
    expect(same.reason).not.toContain('DNS');
    expect(classifyFlow(registry, 1022, 51000).reason).not.toMatch(/Well Known Ports number/);
  });
});
