import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPort, isPortNumber, MAX_PORT, parsePort } from './port.ts';

describe('parsePort', () => {
  it.each([
    ['0', 0],
    ['1023', 1023],
    ['1024', 1024],
    ['49151', 49151],
    ['49152', 49152],
    ['65535', 65535],
    [' 443 ', 443],
    [3389, 3389],
  ])('accepts %j', (input, port) => {
    expect(parsePort(input)).toEqual({ ok: true, value: port });
  });

  it.each([
    ['65536', 'out-of-range', '65536 is not a port: ports run from 0 to 65535.'],
    ['99999', 'out-of-range', '99999 is not a port: ports run from 0 to 65535.'],
    ['-1', 'out-of-range', '-1 is not a port: ports run from 0 to 65535.'],
    ['3.5', 'not-an-integer', '3.5 is not a port: ports are whole numbers (ports run from 0 to 65535).'],
    ['', 'empty', 'Type a port number: ports run from 0 to 65535.'],
    ['   ', 'empty', 'Type a port number: ports run from 0 to 65535.'],
    ['abc', 'not-a-number', '"abc" is not a port number: ports run from 0 to 65535.'],
    ['0x50', 'not-a-number', '"0x50" is not a port number: ports run from 0 to 65535.'],
  ])('rejects %j with %s', (input, code, message) => {
    expect(parsePort(input)).toEqual({ ok: false, error: { code, input, message } });
  });

  it('rejects NaN and infinities given as numbers', () => {
    expect(checkPort(Number.NaN).ok).toBe(false);
    expect(checkPort(Number.POSITIVE_INFINITY).ok).toBe(false);
  });

  it('agrees with isPortNumber on every integer around the valid range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 200_000 }), (n) => {
        expect(parsePort(String(n)).ok).toBe(isPortNumber(n));
        expect(isPortNumber(n)).toBe(n >= 0 && n <= MAX_PORT);
      }),
    );
  });
});
