import { describe, expect, it } from 'vitest';
import { parseIanaCsv } from './iana-csv.ts';
import { IANA_SAMPLE_CSV } from './iana-csv.fixture.ts';

function parseOk(text: string) {
  const result = parseIanaCsv(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('parseIanaCsv', () => {
  const rows = parseOk(IANA_SAMPLE_CSV);

  it('keeps every record, including several names on one port/transport', () => {
    expect(rows).toHaveLength(22);
    expect(rows.filter((r) => r.ports?.first === 80).map((r) => r.serviceName)).toEqual([
      'http',
      'www',
      'www-http',
    ]);
  });

  it('reads ranges, empty transports and port-less names', () => {
    expect(rows.find((r) => r.serviceName === 'x11')).toMatchObject({
      ports: { first: 6000, last: 6063 },
      transport: 'tcp',
      unauthorizedUse: 'Known Unauthorized Use on port 6003',
    });
    expect(rows.find((r) => r.serviceName === 'active-net')).toMatchObject({
      ports: { first: 3322, last: 3325 },
      transport: undefined,
    });
    expect(rows.find((r) => r.serviceName === 'arp')).toMatchObject({
      ports: undefined,
      transport: undefined,
      status: 'assigned',
    });
  });

  it('tells Reserved from Unassigned and keeps quoted newlines, quotes and non-ASCII text', () => {
    expect(rows.filter((r) => r.status === 'reserved')).toHaveLength(3);
    expect(rows.filter((r) => r.status === 'unassigned').map((r) => r.ports?.first)).toEqual([4]);
    expect(rows.find((r) => r.serviceName === 'https' && r.transport === 'udp')?.notes).toBe(
      'HTTP/3 runs over QUIC\non this port',
    );
    expect(rows.find((r) => r.serviceName === 'www')?.notes).toContain('"http" service');
    expect(rows.find((r) => r.serviceName === 'sctp-svc')).toMatchObject({
      description: 'Überprüfung SCTP',
      transport: 'sctp',
    });
  });

  it('reads CRLF line endings the same, keeping newlines inside quoted notes', () => {
    const crlf = parseOk(IANA_SAMPLE_CSV.replace(/\n(?!on this port)/g, '\r\n'));
    expect(crlf).toEqual(rows);
  });

  it('drops personal identifiers (Assignee, Contact)', () => {
    expect(JSON.stringify(rows)).not.toContain('Jon_Postel');
  });

  it.each([
    ['a header without the columns', 'Name,Port\nx,1\n', 'missing-columns'],
    ['a reversed range', IANA_SAMPLE_CSV.replace('6000-6063,tcp', '6063-6000,tcp'), 'bad-row'],
    ['a port above 65535', IANA_SAMPLE_CSV.replace(',3389,tcp', ',70000,tcp'), 'bad-row'],
    ['an unknown transport', IANA_SAMPLE_CSV.replace(',3389,tcp', ',3389,ipx'), 'bad-row'],
    ['an unclosed quote', `${IANA_SAMPLE_CSV}x,1,tcp,"never closed\n`, 'malformed-csv'],
    ['an empty file', '', 'missing-columns'],
  ])('rejects %s', (_, text, code) => {
    const result = parseIanaCsv(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });
});
