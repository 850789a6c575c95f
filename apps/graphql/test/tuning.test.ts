import { describe, expect, it } from 'vitest';
import { api } from './helpers.ts';

const withJit = api();
// Out-of-the-box Yoga: graphql-js, Yoga's parse/validation cache and body limit.
const reference = api({
  tuning: {
    jit: false,
    documentCache: false,
    fastBodyLimit: false,
    fastReadiness: false,
    fastPath: false,
    stablePromiseShapes: false,
  },
});

async function raw(
  target: typeof withJit,
  query: string,
  variables?: Record<string, unknown>,
): Promise<string> {
  const response = await target.fetch('http://portdeck.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return `${response.status} ${await response.text()}`;
}

const QUERIES: readonly [string, Record<string, unknown>?][] = [
  ['{ port(number: 3389) { number class assignments { serviceName transport } } }'],
  [
    `query ($n: Int!, $t: Transport) { port(number: $n, transport: $t) { number transport class classInfo { rfcName alsoCalled count }
      isAssigned assignments { serviceName ports { first last } transport status description reference registrationDate
      modificationDate serviceCode unauthorizedUse notes } wellKnownServices { id shortName fullName ianaNames aliases
      ports { number taughtTransports registeredTransports role } taughtTransports registeredTransports category encryption
      isEncrypted counterpart { id } note exams } unofficialUses { port transports name description sourceUrl }
      ephemeralRanges { system label first last source note } } }`,
    { n: 53, t: 'UDP' },
  ],
  [
    '{ search(query: "mail", first: 7) { edges { cursor node { __typename score ... on ServiceHit { service { id } } ... on ServiceNameHit { serviceName assignments { transport } } ... on UnofficialUseHit { unofficialUse { name } } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }',
  ],
  [
    '{ ports(filter: { class: SYSTEM, isWellKnownOnly: true }, first: 5) { totalCount edges { cursor node { number } } pageInfo { endCursor hasNextPage } } }',
  ],
  [
    '{ service(name: "ldap") { name wellKnownServices { id counterpart { id counterpart { id } } } ports { number } } }',
  ],
  [
    '{ flow(portA: 51544, portB: 443) { server { port class serviceNames wellKnownServices { id } ephemeralRanges { system } } client { port } confidence isSymmetric reason } }',
  ],
  [
    '{ portList(spec: "22, 80-90/tcp 443") { text portCount entries { first last transport } wellKnownServices { id } } }',
  ],
  [
    '{ ranges { class rfcName first last count isAssignedByIana description assignedPortCount } registry { source label version loadedAt assignmentCount } }',
  ],
  ['{ a: classify(port: 0) { class } b: classify(port: 65535) { class } __typename }'],
  // Errors: graphql-js semantics (locations, stopping at a null root) must hold with jit on.
  ['{ port(number: 70000) { number } }'],
  ['{ service(name: "") { name } classify(port: 1) { class } }'],
  ['{ classify(port: -5) { class } port(number: 99999) { number } }'],
  ['{ portList(spec: "1-2-3") { text } }'],
  ['{ ports(first: 2, after: "nope") { totalCount } }'],
  ['query ($n: Int!) { port(number: $n) { number } }', { n: 'eighty' }],
  ['{ port(number: 80) { nope } }'],
  ['{ port(number: '],
  ['{ ports(first: 101) { totalCount } }'],
];

describe('performance levers (graphql-jit, document cache, body limit, fast path)', () => {
  it.each(QUERIES.map(([query, variables], index) => [index, query, variables] as const))(
    'answer query %i byte for byte as out-of-the-box Yoga does, cold and cached (fast path)',
    async (_index, query, variables) => {
      const expected = await raw(reference, query, variables);
      for (let round = 0; round < 3; round++) expect(await raw(withJit, query, variables)).toBe(expected);
    },
  );

  it('keeps errors with their locations', async () => {
    const answer = await raw(withJit, '{ port(number: 70000) { number } }');
    expect(answer).toContain('"locations":[{"line":1,"column":3}]');
  });

  it('answers a document with several operations by operation name', async () => {
    const document = 'query A { classify(port: 22) { class } } query B { classify(port: 50000) { class } }';
    const response = await withJit.fetch('http://portdeck.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: document, operationName: 'B' }),
    });
    expect(await response.json()).toEqual({ data: { classify: { class: 'DYNAMIC' } } });
  });
});
