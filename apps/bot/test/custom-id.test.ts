import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeCustomId, parseCustomId } from '../src/custom-id.ts';

describe('custom ids', () => {
  it('round-trips any command, version and payload that fits in 100 characters', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9_-]{1,20}$/),
        fc.nat({ max: 999 }),
        fc.string({ maxLength: 60 }),
        (command, version, payload) => {
          const id = encodeCustomId({ command, version, payload });
          expect(parseCustomId(id)).toEqual({ command, version, payload });
        },
      ),
    );
  });

  it('rejects foreign and malformed ids', () => {
    expect(parseCustomId('some-other-bot-button')).toBeUndefined();
    expect(parseCustomId('port:x:1')).toBeUndefined();
    expect(parseCustomId(`port:1:${'9'.repeat(100)}`)).toBeUndefined();
  });

  it('throws on ids Discord would refuse (edge: 101 characters)', () => {
    expect(() => encodeCustomId({ command: 'port', version: 1, payload: 'x'.repeat(94) })).toThrow(
      RangeError,
    );
    expect(encodeCustomId({ command: 'port', version: 1, payload: 'x'.repeat(93) })).toHaveLength(100);
    expect(() => encodeCustomId({ command: 'Port:', version: 1, payload: '' })).toThrow(RangeError);
  });
});
