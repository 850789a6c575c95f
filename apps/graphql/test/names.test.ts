import { describe, expect, it } from 'vitest';
import { api, execute } from './helpers.ts';

const yoga = api();

describe('service(name:) with the full registry and services-file names', () => {
  it.each([
    ['portmapper', 111],
    ['rpcbind', 111],
    ['whois', 43],
    ['mail', 25],
    ['ident', 113],
    ['imap2', 143],
    ['kerberos5', 88],
    ['www', 80],
    ['hbci', 3000],
    ['l2f', 1701],
  ])('resolves %s to port %i', async (name, port) => {
    const { body } = await execute<{ service: { ports: { number: number }[] } | null }>(
      yoga,
      'query ($name: String!) { service(name: $name) { ports { number } } }',
      { name },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.service?.ports.map((p) => p.number)).toContain(port);
  });

  it('gives a services-file name with its source', async () => {
    const { body } = await execute<{
      service: { aliases: { name: string; port: number; canonicalName: string; source: string }[] };
    }>(
      yoga,
      '{ service(name: "portmapper") { aliases { name port transport canonicalName source sourceUrl } } }',
    );
    expect(body.data?.service.aliases[0]).toMatchObject({
      name: 'portmapper',
      port: 111,
      canonicalName: 'sunrpc',
      source: 'Debian netbase /etc/services',
    });
  });

  it('is null for a name no registry or services file has (failure)', async () => {
    const { body } = await execute(yoga, '{ service(name: "no-such-name-xyz") { name } }');
    expect(body.data).toEqual({ service: null });
  });

  it('finds a services-file name that IANA does not give its port in search (edge)', async () => {
    const { body } = await execute<{ search: { edges: { node: { name?: string } }[] } }>(
      yoga,
      '{ search(query: "webmin", first: 3) { edges { node { ... on ServiceAliasHit { name aliases { port } } } } } }',
    );
    expect(body.data?.search.edges[0]?.node).toEqual({ name: 'webmin', aliases: [{ port: 10000 }] });
  });
});

describe('port(number:) on the full registry', () => {
  it("puts IANA's primary name first: 80/tcp is http", async () => {
    const { body } = await execute<{ port: { assignments: { serviceName: string }[] } }>(
      yoga,
      '{ port(number: 80, transport: TCP) { assignments { serviceName } } }',
    );
    expect(body.data?.port.assignments.map((a) => a.serviceName)).toEqual(['http', 'www', 'www-http']);
  });

  it('reports the data date of the registry', async () => {
    const { body } = await execute<{ registry: { source: string; dataDate: string } }>(
      yoga,
      '{ registry { source dataDate } }',
    );
    expect(body.data?.registry).toEqual({ source: 'EMBEDDED', dataDate: '2024-04-30' });
  });
});
