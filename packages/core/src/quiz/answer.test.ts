import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEmbeddedRegistry } from '../load-registry.ts';
import { compactName } from '../registry.ts';
import { checkAnswer } from './answer.ts';
import { serviceNames } from './cards.ts';
import { buildDecks } from './decks.ts';

const registry = createEmbeddedRegistry();
const { card, cards } = buildDecks(registry);

const mustCard = (id: string) => {
  const found = card(id);
  if (!found) throw new Error(`no card ${id}`);
  return found;
};
const verdict = (id: string, input: string) => checkAnswer(registry, mustCard(id), input).verdict;

describe('checkAnswer: another real service is never a typo', () => {
  it.each([
    ['port-to-service:143', 'IMAPS'],
    ['port-to-service:389', 'LDAPS'],
    ['port-to-service:110', 'POP3S'],
    ['port-to-service:80', 'HTTPS'],
    ['port-to-service:25', 'SMTPS'],
    ['port-to-service:465', 'submission'],
    ['port-to-service:587', 'submissions'],
    ['port-to-service:25', 'ssmtp'],
  ])('%s: %j is incorrect, with a note naming the other service', (id, input) => {
    const result = checkAnswer(registry, mustCard(id), input);
    expect(result.verdict).toBe('incorrect');
    expect(result.note).toMatch(/another service/);
  });

  it('still forgives a slip that is closest to the right name (success)', () => {
    const result = checkAnswer(registry, mustCard('port-to-service:3389'), 'Remote Desktp');
    expect(result).toMatchObject({ verdict: 'correct', note: 'close: check the spelling' });
    expect(verdict('port-to-service:88', 'kerberso')).toBe('correct');
    expect(verdict('port-to-service:587', 'SMTPS')).toBe('correct');
  });

  it('accepts the names operating systems give a port (edge: mail for 25, kerberos5 for 88)', () => {
    expect(verdict('port-to-service:25', 'mail')).toBe('correct');
    expect(verdict('port-to-service:88', 'kerberos5')).toBe('correct');
    expect(verdict('port-to-service:143', 'imap2')).toBe('correct');
  });

  it('never accepts a one-edit slip that is as close to another real name as to the answer (property)', () => {
    const nameCards = [...cards.values()].filter((c) => c.expected.kind === 'names');
    const letters = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
    fc.assert(
      fc.property(
        fc.constantFrom(...nameCards),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...letters),
        fc.constantFrom('insert', 'delete', 'replace'),
        (c, pick, at, letter, edit) => {
          if (c.expected.kind !== 'names') return;
          const names = c.expected.names.map(compactName).filter((n) => n.length >= 4);
          const name = names[pick % Math.max(1, names.length)];
          if (name === undefined) return;
          const i = at % (name.length + 1);
          const typo =
            edit === 'insert'
              ? name.slice(0, i) + letter + name.slice(i)
              : edit === 'delete'
                ? name.slice(0, i) + name.slice(i + 1)
                : name.slice(0, i) + letter + name.slice(i + 1);
          const result = checkAnswer(registry, c, typo);
          if (result.verdict !== 'correct') return;
          const expected = new Set(c.expected.names.map(compactName));
          if (expected.has(compactName(typo))) return;
          const rivals = registry.namesWithinOneEdit(typo).filter((n) => !expected.has(n));
          expect(rivals, `${c.id}: ${typo}`).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('checkAnswer: ports', () => {
  it('accepts a range in the exam’s notation: 137-139 for NetBIOS', () => {
    const result = checkAnswer(registry, mustCard('service-to-port:netbios'), '137-139');
    expect(result.verdict).toBe('correct');
    expect(verdict('service-to-port:netbios', '137–139/udp')).toBe('correct');
  });

  it('does not spell out a wide span, and keeps wrong ports wrong (failure)', () => {
    expect(verdict('service-to-port:netbios', '137-200')).toBe('incorrect');
    expect(verdict('service-to-port:netbios', '136-139')).toBe('incorrect');
  });

  it("grades the seed's own answers right in the seed deck, with the fuller answer beside them", () => {
    const seed = buildDecks(registry).deck('seed');
    expect(seed?.cardIds).toContain('service-to-port:snmp:seed');
    expect(seed?.cardIds).not.toContain('service-to-port:snmp');
    expect(verdict('service-to-port:snmp:seed', '161')).toBe('correct');
    expect(verdict('service-to-port:ipsec:seed', '500')).toBe('correct');
    expect(mustCard('service-to-port:snmp:seed').explanation).toContain('161 (queries to agents), 162');
    expect(mustCard('service-to-port:ipsec:seed').explanation).toContain('4500');
    // Outside the seed deck the full answer is wanted: 161 alone is partial (edge).
    expect(verdict('service-to-port:snmp', '161')).toBe('partial');
  });
});

describe('checkAnswer: secure counterparts', () => {
  it('takes every secure choice: FTP with SFTP 22 or FTPS 990, SMTP with 465 or submission 587', () => {
    expect(verdict('counterpart:ftp', 'SFTP 22')).toBe('correct');
    expect(verdict('counterpart:ftp', 'FTPS 989, 990')).toBe('correct');
    expect(verdict('counterpart:smtp', 'submissions 465')).toBe('correct');
    expect(verdict('counterpart:smtp', 'submission 587')).toBe('correct');
    expect(verdict('counterpart:smtp', 'SMTPS 587')).toBe('correct');
    expect(mustCard('counterpart:ftp').answer).toBe('FTPS on 989, 990 or SFTP on 22');
  });

  it('refuses a right name on the wrong port, and a wrong service (failure)', () => {
    expect(verdict('counterpart:ftp', 'SFTP 990')).toBe('incorrect');
    expect(verdict('counterpart:ldap', 'LDAPS 389')).toBe('incorrect');
    expect(verdict('counterpart:ldap', 'imaps 993')).toBe('incorrect');
  });

  it('has no counterpart card for an encrypted service, and SSL is not paired with HTTP (edge)', () => {
    expect(card('counterpart:ssl')).toBeUndefined();
    expect(registry.service('ssl')?.counterpart).toBeUndefined();
    expect(mustCard('counterpart:http').expected).toMatchObject({ ports: [443] });
  });

  it('lists accepted names from every choice', () => {
    const ftp = mustCard('counterpart:ftp');
    const sftp = registry.service('sftp');
    if (!sftp || ftp.expected.kind !== 'counterpart') throw new Error('expected a counterpart card');
    expect(ftp.expected.names).toEqual(expect.arrayContaining(serviceNames(sftp)));
  });
});
