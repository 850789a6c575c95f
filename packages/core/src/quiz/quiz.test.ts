import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEED_TABLE } from '../curated.ts';
import { createEmbeddedRegistry } from '../load-registry.ts';
import { checkAnswer } from './answer.ts';
import { multipleChoice, type Random } from './choices.ts';
import { buildDecks } from './decks.ts';

const registry = createEmbeddedRegistry();
const { decks, card, deck, cardsOf } = buildDecks(registry);

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

const mustCard = (id: string) => {
  const found = card(id);
  if (!found) throw new Error(`no card ${id}`);
  return found;
};

describe('decks', () => {
  it("has the seed's table exactly: every row's ports and services, nothing else", () => {
    const seed = deck('seed');
    expect(seed).toBeDefined();
    const ids = new Set(seed?.cardIds);
    const seedPorts = SEED_TABLE.flatMap((row) => row.ports.split(', '));
    expect(
      [...ids]
        .filter((id) => id.startsWith('port-to-service:'))
        .map((id) => id.split(':')[1])
        .sort(),
    ).toEqual([...new Set(seedPorts)].sort());
    for (const row of SEED_TABLE) {
      expect(
        ids.has(`service-to-port:${row.serviceId}`) || ids.has(`service-to-port:${row.serviceId}:seed`),
      ).toBe(true);
      expect(ids.has(`transport:${row.serviceId}`)).toBe(true);
    }
  });

  it('offers the exam, well-known and category decks, each non-empty and made of real cards', () => {
    expect(decks.map((d) => d.id)).toEqual(
      expect.arrayContaining([
        'seed',
        'a-plus',
        'network-plus',
        'security-plus',
        'well-known',
        'category:mail',
      ]),
    );
    for (const d of decks) {
      expect(d.cardIds.length).toBeGreaterThan(0);
      expect(cardsOf(d)).toHaveLength(d.cardIds.length);
    }
    expect(deck('well-known')?.cardIds).not.toContain('port-to-service:3389');
    expect(deck('network-plus')?.cardIds).toContain('port-to-service:587');
  });

  it('keeps card ids short enough for Discord custom ids, and knows no unknown deck', () => {
    for (const d of decks) for (const id of d.cardIds) expect(id.length).toBeLessThanOrEqual(48);
    expect(deck('no-such-deck')).toBeUndefined();
  });
});

describe('cards', () => {
  it('gives the taught transport and the registry truth side by side', () => {
    const dns = mustCard('transport:dns');
    expect(dns.answer).toBe('UDP');
    expect(dns.explanation).toContain('IANA registers DNS');
    expect(dns.explanation).toContain('TCP and UDP');
  });

  it("carries Network+'s name for 587 and shows IANA's", () => {
    const submission = mustCard('port-to-service:587');
    expect(submission.answer).toContain('Network+ calls it SMTPS');
    expect(submission.explanation).toContain('`submission`');
    expect(checkAnswer(registry, submission, 'SMTPS').verdict).toBe('correct');
    expect(checkAnswer(registry, submission, 'submission').verdict).toBe('correct');
  });

  it('asks for the secure counterpart', () => {
    const ldap = mustCard('counterpart:ldap');
    expect(ldap.answer).toBe('LDAPS on 636');
    expect(card('counterpart:https')).toBeUndefined();
  });
});

describe('checkAnswer', () => {
  const rdpPort = mustCard('port-to-service:3389');
  const rdpService = mustCard('service-to-port:rdp');

  it.each(['rdp', 'RDP', ' Remote Desktop ', 'remote desktop protocol', 'ms-wbt-server', 'Remote Desktp'])(
    'accepts %j for 3389',
    (input) => {
      expect(checkAnswer(registry, rdpPort, input).verdict).toBe('correct');
    },
  );

  it.each(['3389', '3389/tcp', 'port 3389'])('accepts %j as the port of RDP', (input) => {
    expect(checkAnswer(registry, rdpService, input).verdict).toBe('correct');
  });

  it('rejects wrong answers, and says what was right', () => {
    const result = checkAnswer(registry, rdpPort, 'ssh');
    expect(result).toMatchObject({
      verdict: 'incorrect',
      message: 'Not quite: RDP: Remote Desktop Protocol.',
      expected: 'RDP: Remote Desktop Protocol',
    });
    expect(checkAnswer(registry, rdpService, '3306').verdict).toBe('incorrect');
    expect(checkAnswer(registry, rdpService, '').verdict).toBe('incorrect');
  });

  it('gives partial credit for one of two ports, and for the registry truth on transports', () => {
    expect(checkAnswer(registry, mustCard('service-to-port:ftp'), '21').verdict).toBe('partial');
    expect(checkAnswer(registry, mustCard('service-to-port:ftp'), '20 and 21').verdict).toBe('correct');
    expect(checkAnswer(registry, mustCard('transport:dns'), 'udp').verdict).toBe('correct');
    expect(checkAnswer(registry, mustCard('transport:dns'), 'both').verdict).toBe('partial');
    expect(checkAnswer(registry, mustCard('transport:dns'), 'tcp').verdict).toBe('incorrect');
  });

  it('checks classes by any of their names', () => {
    expect(checkAnswer(registry, mustCard('class:49152'), 'ephemeral').verdict).toBe('correct');
    expect(checkAnswer(registry, mustCard('class:49152'), 'Dynamic Ports').verdict).toBe('correct');
    expect(checkAnswer(registry, mustCard('class:1023'), 'Well Known').verdict).toBe('correct');
    expect(checkAnswer(registry, mustCard('class:1024'), 'well known').verdict).toBe('incorrect');
  });

  it('checks counterparts by name and port', () => {
    const ldap = mustCard('counterpart:ldap');
    expect(checkAnswer(registry, ldap, 'LDAPS 636').verdict).toBe('correct');
    expect(checkAnswer(registry, ldap, 'ldaps').verdict).toBe('partial');
    expect(checkAnswer(registry, ldap, 'LDAPS 389').verdict).toBe('incorrect');
  });
});

describe('multipleChoice', () => {
  it('offers four distinct options with the answer among them, the same for the same seed', () => {
    const question = multipleChoice(registry, mustCard('port-to-service:110'), seeded(1));
    expect(question.options).toHaveLength(4);
    expect(new Set(question.options).size).toBe(4);
    expect(question.options[question.correctIndex]).toBe('POP3');
    expect(question.options).toContain('IMAP4');
    expect(multipleChoice(registry, mustCard('port-to-service:110'), seeded(1))).toEqual(question);
  });

  it('uses common confusions as distractors for ports', () => {
    const question = multipleChoice(registry, mustCard('service-to-port:snmp'), seeded(7));
    expect(question.options[question.correctIndex]).toBe('161, 162');
    const ftp = multipleChoice(registry, mustCard('service-to-port:pop3'), seeded(3));
    expect(ftp.options).toContain('143');
  });

  it('always has the right answer exactly once, for every card and any seed (property)', () => {
    const allCards = [...buildDecks(registry).cards.values()];
    fc.assert(
      fc.property(fc.constantFrom(...allCards), fc.integer(), (c, seed) => {
        const question = multipleChoice(registry, c, seeded(seed));
        expect(question.correctIndex).toBeGreaterThanOrEqual(0);
        expect(new Set(question.options).size).toBe(question.options.length);
        expect(question.options.length).toBeGreaterThanOrEqual(3);
      }),
      { numRuns: 300 },
    );
  });
});
