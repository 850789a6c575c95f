import { describe, expect, it } from 'vitest';
import { parseQuery } from './query.ts';

describe('parseQuery', () => {
  it.each([
    ['3389', { kind: 'port', port: 3389 }],
    ['3389/udp', { kind: 'port', port: 3389, transport: 'udp' }],
    ['udp/53', { kind: 'port', port: 53, transport: 'udp' }],
    ['53 UDP', { kind: 'port', port: 53, transport: 'udp' }],
    ['tcp:443', { kind: 'port', port: 443, transport: 'tcp' }],
    ['port 443', { kind: 'port', port: 443 }],
    [' rdp ', { kind: 'name', name: 'rdp' }],
    ['remote   desktop', { kind: 'name', name: 'remote desktop' }],
    ['ms-wbt-server', { kind: 'name', name: 'ms-wbt-server' }],
    ['65,535', { kind: 'port', port: 65535 }],
  ])('reads %j', (input, query) => {
    expect(parseQuery(input)).toEqual({ ok: true, value: query });
  });

  it.each([
    ['99999', 'out-of-range', '99999 is not a port: ports run from 0 to 65535.'],
    ['65,536', 'out-of-range', '65536 is not a port: ports run from 0 to 65535.'],
    ['-1', 'out-of-range', '-1 is not a port: ports run from 0 to 65535.'],
    ['3.5', 'not-an-integer', '3.5 is not a port: ports are whole numbers (ports run from 0 to 65535).'],
    ['3389/xyz', 'unknown-transport', '"xyz" is not a transport: use tcp, udp, sctp, dccp.'],
    ['70000/tcp', 'out-of-range', '70000 is not a port: ports run from 0 to 65535.'],
  ])('rejects %j', (input, code, message) => {
    expect(parseQuery(input)).toMatchObject({ ok: false, error: { code, message } });
  });

  it('asks for something when given nothing', () => {
    const result = parseQuery('   ');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('empty');
  });
});
