import { describe, expect, it } from 'vitest';
import { createEmbeddedRegistry } from './load-registry.ts';
import { lookup, nearbyServices, portsOf } from './lookup.ts';

const registry = createEmbeddedRegistry();

describe('lookup', () => {
  it('answers a port with its info and the nearest well-known ports', () => {
    const result = lookup(registry, '3389');
    expect(result.ok).toBe(true);
    if (result.ok && result.value.kind === 'port') {
      expect(result.value.info.services.map((s) => s.id)).toEqual(['rdp']);
      expect(result.value.nearby).toHaveLength(3);
    }
  });

  it('answers a name with the ports it points at', () => {
    const result = lookup(registry, 'remote desktop');
    expect(result.ok && result.value.kind === 'name' && result.value.ports.map((p) => p.port)).toEqual([
      3389,
    ]);
    const dhcp = lookup(registry, 'DHCP');
    expect(dhcp.ok && dhcp.value.kind === 'name' && dhcp.value.ports.map((p) => p.port)).toEqual([67, 68]);
  });

  it('explains an out-of-range port without suggestions of nonsense', () => {
    const result = lookup(registry, '99999');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe('99999 is not a port: ports run from 0 to 65535.');
  });

  it('offers the closest matches for an unknown name', () => {
    const result = lookup(registry, 'remot desktp');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('unknown-name');
      expect(result.error.suggestions[0]).toMatchObject({ kind: 'service', service: { id: 'rdp' } });
    }
  });

  it('finds the nearest curated ports to an unassigned number', () => {
    expect(nearbyServices(registry, 3390).map((s) => s.id)).toEqual(['rdp', 'mysql', 'ipsec']);
  });
});

describe('portsOf', () => {
  it('lists curated ports first, then single-port IANA rows, each once', () => {
    const match = registry.lookupName('https');
    expect(match).toBeDefined();
    const ports = portsOf(registry, match!).map((p) => p.port);
    expect(ports[0]).toBe(443);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('gives nothing for a match with neither curated ports nor single-port rows', () => {
    expect(portsOf(registry, { name: 'nothing', services: [], assignments: [], aliases: [] })).toEqual([]);
  });

  it('leaves out IANA rows that cover a range of ports', () => {
    const range = {
      serviceName: 'x',
      transport: undefined,
      status: 'assigned' as const,
      description: 'a range',
      ports: { first: 10, last: 12 },
    };
    const single = { ...range, ports: { first: 7, last: 7 } };
    const ports = portsOf(registry, {
      name: 'x',
      services: [],
      assignments: [range, single, single],
      aliases: [],
    });
    expect(ports.map((p) => p.port)).toEqual([7]);
  });
});
