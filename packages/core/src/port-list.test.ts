import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEmbeddedRegistry } from './load-registry.ts';
import {
  countPorts,
  describePortList,
  formatPortList,
  normalizePortList,
  parsePortList,
  type PortListEntry,
} from './port-list.ts';
import { TRANSPORTS } from './transport.ts';

const registry = createEmbeddedRegistry();

describe('parsePortList', () => {
  it('normalises a firewall rule and says what it opens', () => {
    const result = describePortList(registry, '20-23,80,443/tcp,3389,49152-65535');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.text).toBe('20-23,80,443/tcp,3389,49152-65535');
    expect(result.value.portCount).toBe(4 + 1 + 1 + 1 + 16384);
    expect(result.value.services.map((s) => s.id)).toEqual([
      'ftp',
      'ssh',
      'sftp',
      'telnet',
      'http',
      'https',
      'ssl',
      'rdp',
    ]);
  });

  it('merges overlapping and adjacent ranges per transport, accepting spaces', () => {
    const result = parsePortList('80, 81-90 ,85 - 100, 53/udp 53/tcp 54/udp');
    expect(result.ok && formatPortList(result.value)).toBe('53/tcp,53-54/udp,80-100');
  });

  it('only counts services on a matching transport', () => {
    const udpOnly = describePortList(registry, '3389/udp,53/udp');
    expect(udpOnly.ok && udpOnly.value.services.map((s) => s.id)).toEqual(['dns', 'rdp']);
    const sctp = describePortList(registry, '3389/sctp');
    expect(sctp.ok && sctp.value.services).toEqual([]);
  });

  it.each([
    ['', 'empty'],
    [' , ', 'empty'],
    ['80,abc', 'malformed'],
    ['80,,443x', 'malformed'],
    ['23-20', 'reversed-range'],
    ['1-70000', 'out-of-range'],
    ['53/ipx', 'unknown-transport'],
    ['22:23', 'malformed'],
  ])('rejects %j with %s', (spec, code) => {
    const result = parsePortList(spec);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message.length).toBeGreaterThan(10);
    }
  });

  it('names the wrong item and says how to fix a reversed range', () => {
    const result = parsePortList('22,80,443-80');
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'reversed-range',
        item: '443-80',
        index: 2,
        message: '"443-80" runs backwards: write 80-443.',
      },
    });
  });

  const entry = fc
    .tuple(
      fc.integer({ min: 0, max: 65535 }),
      fc.integer({ min: 0, max: 300 }),
      fc.constantFrom(undefined, ...TRANSPORTS),
    )
    .map(([first, span, transport]): PortListEntry => ({
      first,
      last: Math.min(65535, first + span),
      transport,
    }));

  it('round-trips through format and parse (property)', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 12 }), (entries) => {
        const normal = normalizePortList(entries);
        const reparsed = parsePortList(formatPortList(normal));
        expect(reparsed).toEqual({ ok: true, value: normal });
        expect(normalizePortList(normal)).toEqual(normal);
      }),
    );
  });

  it('counts exactly the distinct numbers covered (property)', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 8 }), (entries) => {
        const covered = new Set<number>();
        for (const e of entries) for (let p = e.first; p <= e.last; p++) covered.add(p);
        expect(countPorts(entries)).toBe(covered.size);
      }),
    );
  });
});
