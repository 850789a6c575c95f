import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyPort, PORT_CLASSES, portClass } from './port-class.ts';

describe('classifyPort', () => {
  it.each([
    [0, 'system'],
    [1023, 'system'],
    [1024, 'user'],
    [49151, 'user'],
    [49152, 'dynamic'],
    [65535, 'dynamic'],
  ] as const)('puts %i in %s', (port, id) => {
    expect(classifyPort(port).id).toBe(id);
  });

  it('gives both the RFC name and the taught name', () => {
    expect(classifyPort(80)).toMatchObject({ rfcName: 'System Ports', alsoCalled: ['Well Known Ports'] });
    expect(classifyPort(3389)).toMatchObject({ rfcName: 'User Ports', alsoCalled: ['Registered Ports'] });
    expect(classifyPort(51514)).toMatchObject({
      rfcName: 'Dynamic Ports',
      alsoCalled: ['Private Ports', 'Ephemeral Ports'],
    });
  });

  it.each([-1, 65536, 3.5, Number.NaN])('throws on %d, which callers must validate first', (port) => {
    expect(() => classifyPort(port)).toThrow(RangeError);
  });

  it('classifies every port into exactly one class, which contains it', () => {
    const misplaced: number[] = [];
    for (let port = 0; port <= 65535; port++) {
      const info = classifyPort(port);
      const containing = PORT_CLASSES.filter((c) => port >= c.first && port <= c.last);
      if (port < info.first || port > info.last || containing.length !== 1) misplaced.push(port);
    }
    expect(misplaced).toEqual([]);
  });

  it('has ranges that tile 0-65535 and count 65,536 numbers, as the seed says', () => {
    expect(PORT_CLASSES.map((c) => [c.first, c.last, c.count])).toEqual([
      [0, 1023, 1024],
      [1024, 49151, 48128],
      [49152, 65535, 16384],
    ]);
    expect(PORT_CLASSES.reduce((sum, c) => sum + c.count, 0)).toBe(65536);
    fc.assert(
      fc.property(fc.constantFrom('system', 'user', 'dynamic' as const), (id) => portClass(id).id === id),
    );
  });
});
