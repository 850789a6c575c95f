import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { browsePorts, createPortBrowser, portFacts, type PortFilter } from './browse.ts';
import { SERVICE_CATEGORIES } from './curated.ts';
import { createEmbeddedRegistry } from './load-registry.ts';
import { TRANSPORTS } from './transport.ts';

const registry = createEmbeddedRegistry();
const browser = createPortBrowser(registry);
const known = [...registry.knownPorts()];

function mustBrowse(filter: PortFilter): number[] {
  const result = browsePorts(registry, filter);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

// The full registry makes ~49,000 ports browsable: these scan them all, which a loaded machine slows.
const WHOLE_REGISTRY_TIMEOUT = 30_000;

describe('browsePorts', () => {
  it(
    'lists every browsable port, ascending, without a filter',
    () => {
      const all = mustBrowse({});
      // Compared as text: a deep equality of two 49,000-element arrays alone took seconds on a loaded CI machine.
      expect(all.join()).toBe(known.join());
      expect(all.every((port, i) => i === 0 || all[i - 1]! < port)).toBe(true);
      expect(browser.size).toBe(known.length);
    },
    WHOLE_REGISTRY_TIMEOUT,
  );

  it(
    'filters by class',
    () => {
      const system = mustBrowse({ class: 'system' });
      expect(system.length).toBeGreaterThan(0);
      expect(system.every((port) => port <= 1023)).toBe(true);
      const dynamic = mustBrowse({ class: 'dynamic' });
      expect(dynamic.every((port) => port >= 49152)).toBe(true);
      expect(mustBrowse({ class: 'user' }).length + system.length + dynamic.length).toBe(known.length);
    },
    WHOLE_REGISTRY_TIMEOUT,
  );

  it('filters by transport, counting a row without a transport for every transport', () => {
    const sctp = mustBrowse({ transport: 'sctp', max: 200 });
    expect(sctp.length).toBeGreaterThan(0);
    for (const port of sctp) expect(portFacts(registry, port).transports.has('sctp')).toBe(true);
    expect(mustBrowse({ max: 200 }).length).toBeGreaterThan(sctp.length);
    expect(mustBrowse({ transport: 'udp' })).toContain(53);
  });

  it('filters by category and to well-known services only', () => {
    const web = mustBrowse({ category: 'web' });
    expect(web).toEqual(expect.arrayContaining([80, 443]));
    for (const port of web) {
      expect(registry.lookupPort(port).services.some((s) => s.category === 'web')).toBe(true);
    }
    const wellKnown = mustBrowse({ isWellKnownOnly: true });
    const curated = [...new Set(registry.services.flatMap((s) => s.ports.map((p) => p.port)))];
    expect(wellKnown).toEqual(curated.sort((a, b) => a - b));
  });

  it('filters by an inclusive number range, a single port being the narrowest', () => {
    expect(mustBrowse({ min: 20, max: 23 })).toEqual(known.filter((p) => p >= 20 && p <= 23));
    expect(mustBrowse({ min: 443, max: 443 })).toEqual([443]);
    expect(mustBrowse({ min: 65535, max: 65535, isWellKnownOnly: true })).toEqual([]);
  });

  it('refuses min above max with a typed error', () => {
    const result = browsePorts(registry, { min: 100, max: 10 });
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid-range', min: 100, max: 10, message: 'min (100) is above max (10).' },
    });
  });

  it('refuses a bound that is not a port, checking min before max', () => {
    const result = browsePorts(registry, { min: 70000, max: -1 });
    expect(result.ok).toBe(false);
    if (!result.ok && result.error.code === 'invalid-bound') {
      expect(result.error.bound).toBe('min');
      expect(result.error.portError.code).toBe('out-of-range');
      expect(result.error.message).toBe('70000 is not a port: ports run from 0 to 65535.');
    } else {
      expect.fail('expected an invalid-bound error');
    }
    const max = browsePorts(registry, { max: 1.5 });
    expect(!max.ok && max.error.code === 'invalid-bound' && max.error.bound).toBe('max');
    expect(createPortBrowser(registry).ports({ min: 9, max: 8 }).ok).toBe(false);
  });
});

describe('createPortBrowser', () => {
  const filters = fc.record(
    {
      class: fc.constantFrom('system' as const, 'user' as const, 'dynamic' as const),
      transport: fc.constantFrom(...TRANSPORTS),
      category: fc.constantFrom(...SERVICE_CATEGORIES),
      isWellKnownOnly: fc.boolean(),
      min: fc.integer({ min: -5, max: 65540 }),
      max: fc.integer({ min: -5, max: 65540 }),
    },
    { requiredKeys: [] },
  );

  it(
    'answers exactly as browsePorts does, errors included (property)',
    () => {
      fc.assert(
        fc.property(filters, (filter) => {
          expect(browser.ports(filter)).toEqual(browsePorts(registry, filter));
        }),
        { numRuns: 25 },
      );
    },
    WHOLE_REGISTRY_TIMEOUT,
  );

  it('answers a repeated filter with the same list', () => {
    const first = browser.ports({ category: 'mail' });
    const again = browser.ports({ category: 'mail' });
    expect(first.ok && again.ok && again.value).toBe(first.ok && first.value);
  });

  it(
    'keeps answering correctly once more filters were asked than it remembers',
    () => {
      const fresh = createPortBrowser(registry);
      for (let min = 0; min < 300; min++) fresh.ports({ min, max: min + 10 });
      expect(fresh.ports({ min: 20, max: 23 })).toEqual(browsePorts(registry, { min: 20, max: 23 }));
      expect(fresh.ports({ min: 1, max: 0 }).ok).toBe(false);
    },
    WHOLE_REGISTRY_TIMEOUT,
  );
});
