import { describe, expect, it } from 'vitest';
import { createEmbeddedRegistry } from './load-registry.ts';
import { lookup, portsOf } from './lookup.ts';
import {
  ALIAS_SOURCES,
  parseServicesFile,
  SERVICE_ALIASES,
  stringifyServiceAliases,
} from './service-aliases.ts';

const registry = createEmbeddedRegistry();

const SAMPLE = `# /etc/services sample
tcpmux		1/tcp				# TCP port service multiplexer
smtp		25/tcp		mail
kerberos	88/udp		kerberos5 krb5 kerberos-sec	# Kerberos v5
rtmp		1/ddp			# Routing Table Maintenance Protocol
broken		notaport/tcp
`;

describe('parseServicesFile', () => {
  it('reads each name and alias of a line, the first being canonical', () => {
    expect(
      parseServicesFile(SAMPLE, 'debian-netbase').map((a) => [a.name, a.port, a.transport, a.canonical]),
    ).toEqual([
      ['tcpmux', 1, 'tcp', 'tcpmux'],
      ['smtp', 25, 'tcp', 'smtp'],
      ['mail', 25, 'tcp', 'smtp'],
      ['kerberos', 88, 'udp', 'kerberos'],
      ['kerberos5', 88, 'udp', 'kerberos'],
      ['krb5', 88, 'udp', 'kerberos'],
      ['kerberos-sec', 88, 'udp', 'kerberos'],
    ]);
  });

  it('skips comments, AppleTalk (ddp) sockets and lines that are not name port/transport (failure)', () => {
    expect(parseServicesFile('# only a comment\n\nbroken 70000/tcp\nzip 6/ddp\n', 'freebsd')).toEqual([]);
  });

  it('writes the same file whatever the input order (edge)', () => {
    const entries = parseServicesFile(SAMPLE, 'debian-netbase');
    expect(stringifyServiceAliases([...entries].reverse())).toBe(stringifyServiceAliases(entries));
  });
});

describe('the committed services-file aliases', () => {
  it('each name resolves to its port through lookupName, lookup and search', () => {
    for (const alias of SERVICE_ALIASES) {
      const match = registry.lookupName(alias.name);
      expect(match, alias.name).toBeDefined();
      if (!match) continue;
      expect(
        portsOf(registry, match).map((p) => p.port),
        alias.name,
      ).toContain(alias.port);
      const answer = lookup(registry, alias.name);
      expect(
        answer.ok && answer.value.kind === 'name' && answer.value.ports.some((p) => p.port === alias.port),
      ).toBe(true);
    }
  });

  it('each has a known source', () => {
    for (const alias of SERVICE_ALIASES) expect(Object.keys(ALIAS_SOURCES)).toContain(alias.source);
    expect(new Set(SERVICE_ALIASES.map((a) => a.source))).toEqual(new Set(['debian-netbase', 'freebsd']));
  });

  it.each([
    ['whois', 43],
    ['nicname', 43],
    ['mail', 25],
    ['ident', 113],
    ['imap2', 143],
    ['imap4', 143],
    ['kerberos5', 88],
    ['krb5', 88],
    ['portmapper', 111],
    ['rpcbind', 111],
    ['www', 80],
    ['pop-3', 110],
    ['usenet', 119],
    ['webmin', 10000],
  ])('resolves %s to %i, and search finds it', (name, port) => {
    const match = registry.lookupName(name);
    expect(match && portsOf(registry, match).map((p) => p.port)).toContain(port);
    const top = registry.search(name, 3)[0];
    const ports =
      top?.kind === 'service'
        ? top.service.ports.map((p) => p.port)
        : top?.kind === 'service-name'
          ? top.assignments.map((a) => a.ports?.first)
          : top?.kind === 'alias'
            ? top.aliases.map((a) => a.port)
            : [];
    expect(ports, name).toContain(port);
  });

  it('ties a line’s aliases to the curated service of its IANA name (mail is SMTP), not to a neighbour (fsp is not FTP)', () => {
    expect(registry.lookupName('mail')?.services.map((s) => s.id)).toEqual(['smtp']);
    expect(registry.service('kerberos')?.osAliases).toEqual(expect.arrayContaining(['kerberos5', 'krb5']));
    expect(registry.lookupName('fsp')?.services).toEqual([]);
  });
});
