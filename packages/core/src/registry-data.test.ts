import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Assignment } from './assignment.ts';
import { parseIanaCsv } from './iana-csv.ts';
import { IANA_SAMPLE_CSV } from './iana-csv.fixture.ts';
import { createEmbeddedRegistry, embeddedRegistryData } from './load-registry.ts';
import {
  decodeRegistryData,
  diffRegistryData,
  encodeRegistryData,
  newestDate,
  stringifyRegistryData,
} from './registry-data.ts';
import { TRANSPORTS } from './transport.ts';

const FULL_CSV = fileURLToPath(
  new URL('../../../../shared/data/iana/service-names-port-numbers.csv', import.meta.url),
);
const DATA_FILE = fileURLToPath(new URL('./datasets/iana-registry.json', import.meta.url));

function sample(): Assignment[] {
  const parsed = parseIanaCsv(IANA_SAMPLE_CSV);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe('registry data encoding', () => {
  it('round-trips every column it keeps, and drops Assignee and Contact', () => {
    const rows = sample();
    const data = encodeRegistryData(rows, 'sample.csv');
    expect(decodeRegistryData(data)).toEqual(rows);
    expect(data.columns).not.toContain('Assignee');
    expect(data.columns).not.toContain('Contact');
    expect(stringifyRegistryData(data)).not.toContain('Jon_Postel');
  });

  it('round-trips any assignment (property)', () => {
    const text = fc.string({ maxLength: 12 }).map((s) => s.trim());
    const assignment = fc
      .record({
        serviceName: fc.option(fc.stringMatching(/^[a-z][a-z0-9-]{0,14}$/), { nil: undefined }),
        ports: fc.option(
          fc
            .tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 200 }))
            .map(([first, span]) => ({ first, last: Math.min(65535, first + span) })),
          { nil: undefined },
        ),
        transport: fc.option(fc.constantFrom(...TRANSPORTS), { nil: undefined }),
        description: text,
        notes: fc.option(
          text.filter((s) => s !== ''),
          { nil: undefined },
        ),
        registrationDate: fc.option(fc.constant('2020-01-02'), { nil: undefined }),
      })
      .map((a): Assignment => {
        const { notes, registrationDate, ...rest } = a;
        return {
          ...rest,
          status: a.serviceName ? 'assigned' : /^unassigned/i.test(a.description) ? 'unassigned' : 'reserved',
          ...(registrationDate ? { registrationDate } : {}),
          ...(notes ? { notes } : {}),
        };
      });
    fc.assert(
      fc.property(fc.array(assignment, { maxLength: 20 }), (rows) => {
        const text = stringifyRegistryData(encodeRegistryData(rows, 'p'));
        expect(decodeRegistryData(JSON.parse(text) as never)).toEqual(rows);
      }),
    );
  });

  it('is deterministic, dated by the newest date, and empty-dated when rows carry none (edge)', () => {
    const rows = sample();
    expect(stringifyRegistryData(encodeRegistryData(rows, 'x'))).toBe(
      stringifyRegistryData(encodeRegistryData([...rows], 'x')),
    );
    expect(newestDate(rows)).toBe('2021-10-01');
    expect(encodeRegistryData([], 'x').updated).toBe('');
  });

  it('says what a refresh changed: added, removed and changed rows (and nothing for the same data)', () => {
    const before = encodeRegistryData(sample(), 'x');
    const rows = sample().filter((a) => a.serviceName !== 'about');
    rows.push({
      serviceName: 'newsvc',
      ports: { first: 9, last: 9 },
      transport: 'tcp',
      status: 'assigned',
      description: 'New',
    });
    const https = rows.findIndex((a) => a.serviceName === 'https');
    rows[https] = { ...(rows[https] as Assignment), description: 'HTTP over TLS' };
    const diff = diffRegistryData(before, encodeRegistryData(rows, 'x'));
    expect(diff.added).toEqual(['newsvc 9/tcp']);
    expect(diff.removed).toEqual(['about 2019/udp']);
    expect(diff.changed).toEqual(['https 443/tcp']);
    expect(diffRegistryData(before, before)).toMatchObject({ added: [], removed: [], changed: [] });
  });
});

describe('the embedded IANA registry (in the repository: runs on every machine)', () => {
  const rows = decodeRegistryData(embeddedRegistryData);
  const registry = createEmbeddedRegistry();

  it('holds every one of IANA’s 14,447 records, ranges and reserved rows included, nothing at or above 49152', () => {
    expect(rows).toHaveLength(14447);
    expect(rows.some((r) => (r.ports?.last ?? 0) >= 49152)).toBe(false);
    expect(rows.filter((r) => r.ports && r.ports.first !== r.ports.last).length).toBeGreaterThan(700);
    expect(rows.filter((r) => !r.ports).length).toBeGreaterThan(0);
    expect(registry.counts.reserved).toBeGreaterThan(0);
    expect(registry.counts.unassigned).toBeGreaterThan(0);
  });

  it('shows the primary name first: 80/tcp is http, then its duplicates', () => {
    expect(registry.lookupPort(80, 'tcp').assignments.map((a) => a.serviceName)).toEqual([
      'http',
      'www',
      'www-http',
    ]);
  });

  it('keeps every name on a port: 1701 has l2f and l2tp, 3000 has hbci', () => {
    const names = (port: number) => new Set(registry.lookupPort(port).assignments.map((a) => a.serviceName));
    expect(names(1701)).toEqual(new Set(['l2f', 'l2tp']));
    expect(names(3000)).toContain('hbci');
  });

  it('answers 6010 with X11 6000-6063, and keeps notes and dates', () => {
    expect(registry.lookupPort(6010, 'tcp').assignments.map((a) => [a.serviceName, a.ports])).toEqual([
      ['x11', { first: 6000, last: 6063 }],
    ]);
    const http = registry.lookupPort(80, 'tcp').assignments[0];
    expect(http).toMatchObject({ modificationDate: '2021-10-01', reference: '[RFC9110]' });
    expect(registry.lookupPort(80, 'tcp').assignments[1]?.notes).toContain('duplicate');
  });

  it('reports its source and date', () => {
    expect(registry.source).toMatchObject({ kind: 'embedded', updated: embeddedRegistryData.updated });
    expect(embeddedRegistryData.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(embeddedRegistryData.license).toBe('CC0-1.0');
  });

  it("finds every curated IANA name at one of its service's ports", () => {
    for (const service of registry.services) {
      for (const name of service.ianaNames) {
        const ports = registry.lookupName(name)?.assignments.map((a) => a.ports?.first);
        expect(
          ports?.some((p) => service.ports.some((sp) => sp.port === p)),
          `${service.id}: ${name}`,
        ).toBe(true);
      }
    }
  });
});

describe.skipIf(!existsSync(FULL_CSV))(
  'the committed data against the CSV it came from (skipped: ../shared/data/iana is not present)',
  () => {
    it('is exactly what registry:update generates from the CSV', () => {
      const parsed = parseIanaCsv(readFileSync(FULL_CSV, 'utf8'));
      if (!parsed.ok) throw new Error(parsed.error.message);
      const generated = stringifyRegistryData(
        encodeRegistryData(parsed.value, 'service-names-port-numbers.csv'),
      );
      expect(generated === readFileSync(DATA_FILE, 'utf8')).toBe(true);
    });
  },
);
