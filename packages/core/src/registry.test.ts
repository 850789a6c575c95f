import { describe, expect, it } from 'vitest';
import { SEED_TABLE, WELL_KNOWN_SERVICES } from './curated.ts';
import { IANA_SAMPLE_CSV } from './iana-csv.fixture.ts';
import { createEmbeddedRegistry, createRegistryFromCsv } from './load-registry.ts';
import type { Registry } from './registry.ts';

const registry = createEmbeddedRegistry();

function fromCsv(text: string, label = 'fixture'): Registry {
  const result = createRegistryFromCsv(text, label);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe("the seed's well-known port table", () => {
  it.each(SEED_TABLE.map((row) => [row.service, row] as const))('answers %s as taught', (_, row) => {
    const service = registry.service(row.serviceId);
    expect(service).toBeDefined();
    const taughtPorts = row.ports.split(', ').map(Number);
    for (const port of taughtPorts) {
      expect(registry.lookupPort(port).services.map((s) => s.id)).toContain(row.serviceId);
      expect(service?.ports.find((p) => p.port === port)?.transports).toEqual([row.transport.toLowerCase()]);
    }
    const shortName = row.service.split(' (')[0] ?? '';
    expect(registry.lookupName(shortName)?.services.map((s) => s.id)).toContain(row.serviceId);
    const fullName = /\((.+)\)/.exec(row.service)?.[1];
    if (fullName) expect(registry.lookupName(fullName)?.services.map((s) => s.id)).toContain(row.serviceId);
  });

  it('gives the registry truth beside the taught answer where the seed simplifies', () => {
    const registered = (id: string) => registry.service(id)?.registeredTransports;
    expect(registry.service('dns')).toMatchObject({
      taughtTransports: ['udp'],
      registeredTransports: ['tcp', 'udp'],
    });
    expect(registered('kerberos')).toEqual(['tcp', 'udp']);
    expect(registry.service('ldap')).toMatchObject({
      taughtTransports: ['tcp'],
      registeredTransports: ['tcp', 'udp'],
    });
    expect(registered('rdp')).toEqual(['tcp', 'udp']);
    expect(registry.service('ssl')?.note).toMatch(/obsolete.*TLS/);
    expect(registry.service('ftp')?.ports.map((p) => [p.port, p.role])).toEqual([
      [20, 'data'],
      [21, 'control'],
    ]);
    expect(registry.service('dhcp')?.ports.map((p) => [p.port, p.role])).toEqual([
      [67, 'server'],
      [68, 'client'],
    ]);
    expect(registry.lookupPort(443).services.map((s) => s.id)).toEqual(['https', 'ssl']);
    expect(registry.lookupPort(3389).assignments.map((a) => a.serviceName)).toEqual([
      'ms-wbt-server',
      'ms-wbt-server',
    ]);
  });

  it('knows the ranges and the 65,536 ports the seed describes', () => {
    expect(registry.lookupPort(80).class.taughtName).toBe('Well Known Ports');
    expect(registry.lookupPort(1024).class.taughtName).toBe('Registered Ports');
    expect(registry.lookupPort(49152).class.taughtName).toBe('Dynamic Ports');
    expect(registry.lookupPort(65535).class.rfcName).toBe('Dynamic Ports');
  });
});

describe('curated data', () => {
  it('has unique ids, resolvable counterparts and at least one port each', () => {
    const ids = WELL_KNOWN_SERVICES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const service of WELL_KNOWN_SERVICES) {
      expect(service.ports.length).toBeGreaterThan(0);
      if (service.counterpart) expect(ids).toContain(service.counterpart);
    }
  });

  it('covers the exam lists in ../shared/notes/ports.md', () => {
    const exam = (id: 'a-plus' | 'network-plus' | 'security-plus') =>
      new Set(
        registry.services.filter((s) => s.exams.includes(id)).flatMap((s) => s.ports.map((p) => p.port)),
      );
    for (const port of [
      20, 21, 22, 23, 25, 53, 67, 68, 69, 80, 123, 161, 162, 389, 443, 445, 514, 587, 636, 1433, 3389, 5060,
      5061,
    ]) {
      expect(exam('network-plus').has(port), `Network+ ${port}`).toBe(true);
    }
    for (const port of [20, 21, 22, 23, 25, 53, 67, 68, 80, 110, 137, 138, 139, 143, 389, 443, 445, 3389]) {
      expect(exam('a-plus').has(port), `A+ ${port}`).toBe(true);
    }
    for (const port of [88, 135, 993, 995, 465, 1521, 49, 1812, 1813, 636]) {
      expect(exam('security-plus').has(port), `Security+ ${port}`).toBe(true);
    }
  });

  it("keeps Network+'s SMTPS (587) apart from IANA's submissions (465)", () => {
    expect(registry.lookupName('smtps')?.services.map((s) => [s.id, s.ports[0]?.port])).toEqual([
      ['smtps', 465],
      ['submission', 587],
    ]);
    expect(registry.service('submission')?.examNames).toEqual({ 'network-plus': 'SMTPS' });
  });

  it('gives every unofficial use a source link', () => {
    for (const use of registry.unofficial) expect(use.sourceUrl).toMatch(/^https:\/\//);
  });
});

describe('lookupPort', () => {
  it('filters by transport', () => {
    expect(registry.lookupPort(2019, 'tcp').assignments.map((a) => a.serviceName)).toEqual(['whosockami']);
    expect(registry.lookupPort(2019, 'udp').assignments.map((a) => a.serviceName)).toEqual(['about']);
    expect(registry.lookupPort(53, 'tcp').services.map((s) => s.id)).toEqual(['dns']);
  });

  it('answers unassigned and dynamic ports with their class, ephemeral systems and unofficial uses', () => {
    const minecraft = registry.lookupPort(25565);
    expect(minecraft.isAssigned).toBe(false);
    expect(minecraft.assignments.map((a) => a.status)).toEqual(['unassigned']);
    expect(minecraft.unofficial[0]?.name).toBe('Minecraft Java Edition');
    const high = registry.lookupPort(51514);
    expect(high.class.id).toBe('dynamic');
    expect(high.ephemeral.map((r) => r.system)).toContain('windows');
  });

  it('includes range rows that cover a port when the full registry is loaded', () => {
    const csvRegistry = fromCsv(IANA_SAMPLE_CSV);
    expect(csvRegistry.lookupPort(6010).assignments.map((a) => [a.serviceName, a.ports])).toEqual([
      ['x11', { first: 6000, last: 6063 }],
      ['x11', { first: 6000, last: 6063 }],
    ]);
    expect(csvRegistry.lookupPort(3323, 'udp').assignments.map((a) => a.serviceName)).toEqual(['active-net']);
    expect(csvRegistry.lookupPort(6064).assignments).toEqual([]);
  });

  it('versions each data set by its content', () => {
    expect(fromCsv(IANA_SAMPLE_CSV).source.version).toBe(
      fromCsv(IANA_SAMPLE_CSV, 'other label').source.version,
    );
    expect(fromCsv(IANA_SAMPLE_CSV).source.version).not.toBe(registry.source.version);
  });
});

describe('lookupName', () => {
  it.each([
    'rdp',
    'RDP',
    'ms-wbt-server',
    'MS WBT Server',
    'remote desktop',
    ' Remote  Desktop ',
    'Remote Desktop Protocol',
  ])('finds 3389 from %j', (name) => {
    const match = registry.lookupName(name);
    expect(match?.services.map((s) => s.id)).toContain('rdp');
  });

  it('finds IANA names that have no curated entry', () => {
    expect(registry.lookupName('whosockami')?.assignments.map((a) => a.ports?.first)).toContain(2019);
  });

  it('returns nothing for unknown or empty names', () => {
    expect(registry.lookupName('no-such-service-xyz')).toBeUndefined();
    expect(registry.lookupName('  ')).toBeUndefined();
  });
});

describe('search', () => {
  const ids = (query: string) =>
    registry
      .search(query, 5)
      .map((hit) =>
        hit.kind === 'service'
          ? hit.service.id
          : hit.kind === 'service-name'
            ? `iana:${hit.serviceName}`
            : hit.kind === 'alias'
              ? `alias:${hit.name}`
              : hit.use.name,
      );

  it('puts curated services first', () => {
    expect(ids('http')[0]).toBe('http');
    expect(ids('ldap').slice(0, 2)).toEqual(['ldap', 'iana:ldap']);
    expect(ids('ldaps')[0]).toBe('ldaps');
  });

  it('tolerates typos and partial words', () => {
    expect(ids('remot desktp')[0]).toBe('rdp');
    expect(ids('kerberso')[0]).toBe('kerberos');
    expect(ids('postgr')[0]).toBe('postgresql');
    expect(ids('minecraft').slice(0, 2).sort()).toEqual([
      'Minecraft Bedrock Edition',
      'Minecraft Java Edition',
    ]);
  });

  it('matches port numbers and prefixes of them', () => {
    expect(ids('3389')[0]).toBe('rdp');
    expect(ids('338')).toContain('rdp');
  });

  it('returns nothing for blank input or nonsense, and respects the limit', () => {
    expect(registry.search('   ')).toEqual([]);
    expect(registry.search('qqqqzzzzxxxx')).toEqual([]);
    expect(registry.search('server', 3)).toHaveLength(3);
  });
});
