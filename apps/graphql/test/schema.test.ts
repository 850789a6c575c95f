import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PAGE_SIZE } from '../src/pagination.ts';
import { api, execute, registry } from './helpers.ts';

const yoga = api();

describe('port', () => {
  it('answers a port with class, IANA rows, curated services and ephemeral ranges', async () => {
    const { body } = await execute(
      yoga,
      `{ port(number: 3389) { number transport class classInfo { rfcName alsoCalled }
          assignments { serviceName transport status description }
          wellKnownServices { id shortName fullName taughtTransports registeredTransports category isEncrypted counterpart { id } }
          ephemeralRanges { system } unofficialUses { name } isAssigned } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({
      port: {
        number: 3389,
        transport: null,
        class: 'USER',
        classInfo: { rfcName: 'User Ports', alsoCalled: ['Registered Ports'] },
        isAssigned: true,
        wellKnownServices: [
          { id: 'rdp', shortName: 'RDP', taughtTransports: ['TCP'], category: 'REMOTE_ACCESS' },
        ],
        ephemeralRanges: [{ system: 'WINDOWS_LEGACY' }, { system: 'AWS' }],
      },
    });
    const port = (body.data as { port: { assignments: { serviceName: string; transport: string }[] } }).port;
    expect(port.assignments.map((a) => `${a.serviceName}/${a.transport}`)).toEqual([
      'ms-wbt-server/TCP',
      'ms-wbt-server/UDP',
    ]);
  });

  it('narrows to one transport when asked', async () => {
    const { body } = await execute(
      yoga,
      '{ port(number: 53, transport: UDP) { transport assignments { transport } } }',
    );
    expect(body.data).toEqual({ port: { transport: 'UDP', assignments: [{ transport: 'UDP' }] } });
  });

  it('rejects 70000 with PORT_OUT_OF_RANGE and core’s message', async () => {
    const { body } = await execute(yoga, '{ port(number: 70000) { number } }');
    expect(body.data).toBeNull();
    expect(body.errors?.[0]).toMatchObject({
      message: '70000 is not a port: ports run from 0 to 65535.',
      path: ['port'],
      extensions: { code: 'BAD_USER_INPUT', reason: 'PORT_OUT_OF_RANGE', argument: 'number', value: 70000 },
    });
  });

  it('answers both ends of the range and lists ephemeral systems for a dynamic port', async () => {
    const { body } = await execute(
      yoga,
      '{ low: port(number: 0) { class } high: port(number: 65535) { class ephemeralRanges { system } } }',
    );
    expect(body.data).toEqual({
      low: { class: 'SYSTEM' },
      high: {
        class: 'DYNAMIC',
        ephemeralRanges: [
          { system: 'IANA' },
          { system: 'WINDOWS' },
          { system: 'MACOS' },
          { system: 'FREEBSD' },
          { system: 'AWS' },
        ],
      },
    });
  });

  it('accepts exactly the integers 0-65535 (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), async (number) => {
        const { body } = await execute(yoga, 'query ($n: Int!) { classify(port: $n) { first last } }', {
          n: number,
        });
        if (number >= 0 && number <= 65535) {
          const range = (body.data as { classify: { first: number; last: number } }).classify;
          expect(number).toBeGreaterThanOrEqual(range.first);
          expect(number).toBeLessThanOrEqual(range.last);
        } else {
          expect(body.errors?.[0]?.extensions?.reason).toBe('PORT_OUT_OF_RANGE');
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('service', () => {
  it('finds a service by alias, ignoring case and separators', async () => {
    const { body } = await execute(
      yoga,
      '{ service(name: "Remote-Desktop") { name wellKnownServices { id } ports { number } } }',
    );
    expect(body.data).toEqual({
      service: { name: 'Remote-Desktop', wellKnownServices: [{ id: 'rdp' }], ports: [{ number: 3389 }] },
    });
  });

  it('finds an IANA service name with its rows', async () => {
    const { body } = await execute(yoga, '{ service(name: "ms-wbt-server") { assignments { transport } } }');
    expect(body.data).toEqual({
      service: { assignments: [{ transport: 'TCP' }, { transport: 'UDP' }] },
    });
  });

  it('rejects an empty name with EMPTY_NAME', async () => {
    const { body } = await execute(yoga, '{ service(name: "   ") { name } }');
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'EMPTY_NAME' });
  });

  it('returns null for a name nothing has', async () => {
    const { body } = await execute(yoga, '{ service(name: "no-such-service-here") { name } }');
    expect(body).toEqual({ data: { service: null } });
  });
});

describe('search', () => {
  it('ranks the curated service first', async () => {
    const { body } = await execute(
      yoga,
      '{ search(query: "remote desktop", first: 1) { edges { node { __typename score ... on ServiceHit { service { id } } } } } }',
    );
    expect(body.data).toMatchObject({
      search: { edges: [{ node: { __typename: 'ServiceHit', service: { id: 'rdp' } } }] },
    });
  });

  it('pages through the ranked list in order, without gaps or repeats', async () => {
    type Page = {
      search: {
        edges: {
          node: {
            score: number;
            serviceName?: string;
            service?: { id: string };
            unofficialUse?: { name: string };
            name?: string;
          };
        }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const ranked = registry.search('mail', 12);
    expect(ranked.length).toBeGreaterThan(6);
    const keys: string[] = [];
    let after: string | null = null;
    while (keys.length < 12) {
      const { body }: { body: { data?: Page | null } } = await execute<Page>(
        yoga,
        `query ($after: String) { search(query: "mail", first: 5, after: $after) {
          edges { node { score ... on ServiceHit { service { id } } ... on ServiceNameHit { serviceName }
            ... on UnofficialUseHit { unofficialUse { name } } ... on ServiceAliasHit { name } } }
          pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      const page: Page['search'] = body.data!.search;
      keys.push(
        ...page.edges.map(
          (e) => e.node.service?.id ?? e.node.serviceName ?? e.node.unofficialUse?.name ?? e.node.name ?? '',
        ),
      );
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const expected = ranked.map((hit) =>
      hit.kind === 'service'
        ? hit.service.id
        : hit.kind === 'service-name'
          ? hit.serviceName
          : hit.kind === 'alias'
            ? hit.name
            : hit.use.name,
    );
    expect(keys.slice(0, expected.length)).toEqual(expected);
  });

  it('rejects blank text, an invalid cursor and an oversized page', async () => {
    const blank = await execute(yoga, '{ search(query: "") { edges { cursor } } }');
    expect(blank.body.errors?.[0]?.extensions?.reason).toBe('EMPTY_QUERY');
    const cursor = await execute(yoga, '{ search(query: "dns", after: "bogus") { edges { cursor } } }');
    expect(cursor.body.errors?.[0]?.extensions).toMatchObject({
      reason: 'INVALID_CURSOR',
      argument: 'after',
    });
    const big = await execute(
      yoga,
      `{ search(query: "dns", first: ${MAX_PAGE_SIZE + 1}) { edges { cursor } } }`,
    );
    expect(big.body.errors?.[0]?.extensions).toMatchObject({
      reason: 'PAGE_SIZE_TOO_LARGE',
      maxPageSize: MAX_PAGE_SIZE,
    });
  });

  it('returns an empty page for words nothing contains', async () => {
    const { body } = await execute(
      yoga,
      '{ search(query: "zzqqxxjj") { edges { cursor } pageInfo { hasNextPage } } }',
    );
    expect(body.data).toEqual({ search: { edges: [], pageInfo: { hasNextPage: false } } });
  });
});

describe('ports', () => {
  type Page = {
    ports: {
      totalCount: number;
      edges: { node: { number: number; class: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
  const query = `query ($filter: PortFilter, $first: Int, $after: String) {
    ports(filter: $filter, first: $first, after: $after) {
      totalCount edges { node { number class } } pageInfo { hasNextPage endCursor } } }`;

  it('pages through well-known web ports with a total count, without gaps or repeats', async () => {
    const filter = { isWellKnownOnly: true, category: 'WEB' };
    const seen: number[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const { body }: { body: { data?: Page | null } } = await execute<Page>(yoga, query, {
        filter,
        first: 2,
        after,
      });
      const page: Page['ports'] = body.data!.ports;
      total = page.totalCount;
      seen.push(...page.edges.map((e) => e.node.number));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
    expect(seen).toEqual(expect.arrayContaining([80, 443]));
  });

  it('filters by class, transport and number range', async () => {
    const { body } = await execute<Page>(yoga, query, {
      filter: { class: 'SYSTEM', transport: 'SCTP', min: 1, max: 200 },
      first: 100,
    });
    const numbers = body.data!.ports.edges.map((e) => e.node.number);
    expect(numbers.length).toBeGreaterThan(0);
    for (const number of numbers) {
      expect(number).toBeGreaterThanOrEqual(1);
      expect(number).toBeLessThanOrEqual(200);
      expect(registry.lookupPort(number, 'sctp').assignments.length).toBeGreaterThan(0);
    }
  });

  it('rejects a reversed range and a page above the cap', async () => {
    const reversed = await execute(yoga, query, { filter: { min: 100, max: 10 } });
    expect(reversed.body.errors?.[0]?.extensions?.reason).toBe('INVALID_RANGE');
    const tooBig = await execute(yoga, query, { first: 1000 });
    expect(tooBig.body.errors?.[0]?.extensions?.reason).toBe('PAGE_SIZE_TOO_LARGE');
  });

  it('returns an empty page with zero total for a range with no known ports', async () => {
    const { body } = await execute<Page>(yoga, query, {
      filter: { min: 65535, max: 65535, isWellKnownOnly: true },
    });
    expect(body.data!.ports).toEqual({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });
});

describe('classifiers', () => {
  it('classifies a flow, describes a port list, lists the ranges and the registry', async () => {
    const { body } = await execute(
      yoga,
      `{ flow(portA: 51544, portB: 443) { server { port } client { port } confidence isSymmetric }
         portList(spec: "443/tcp, 80, 20-23, 22") { text portCount entries { first last transport } wellKnownServices { id } }
         ranges { class first last count assignedPortCount }
         registry { source dataDate version loadedAt assignmentCount wellKnownServiceCount } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({
      flow: { server: { port: 443 }, client: { port: 51544 }, confidence: 'HIGH', isSymmetric: false },
      portList: { text: '20-23,80,443/tcp', portCount: 6 },
      ranges: [
        { class: 'SYSTEM', first: 0, last: 1023, count: 1024 },
        { class: 'USER', first: 1024, last: 49151, count: 48128 },
        { class: 'DYNAMIC', first: 49152, last: 65535, count: 16384 },
      ],
      registry: {
        source: 'EMBEDDED',
        dataDate: registry.source.updated,
        version: registry.source.version,
        loadedAt: '2026-01-02T03:04:05.000Z',
        assignmentCount: registry.counts.assignments,
      },
    });
  });

  it('explains a malformed list with INVALID_PORT_LIST and where it went wrong', async () => {
    const { body } = await execute(yoga, '{ portList(spec: "22, 80-70, 443") { text } }');
    expect(body.errors?.[0]).toMatchObject({
      message: '"80-70" runs backwards: write 70-80.',
      extensions: {
        code: 'BAD_USER_INPUT',
        reason: 'INVALID_PORT_LIST',
        listError: 'reversed-range',
        item: '80-70',
        index: 1,
      },
    });
  });

  it('treats a flow between one port and itself as symmetric', async () => {
    const { body } = await execute(yoga, '{ flow(portA: 123, portB: 123) { isSymmetric confidence } }');
    expect(body.data).toEqual({ flow: { isSymmetric: true, confidence: 'LOW' } });
  });
});
