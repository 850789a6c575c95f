import { describe, expect, it } from 'vitest';
import { ephemeralRangesFor } from './ephemeral.ts';

const systems = (port: number): string[] => ephemeralRangesFor(port).map((r) => r.system);

describe('ephemeralRangesFor', () => {
  it('knows a typical client port is ephemeral nearly everywhere', () => {
    expect(systems(51514)).toEqual(['iana', 'linux', 'windows', 'macos', 'freebsd', 'aws']);
  });

  it('tells Linux apart from RFC 6335 between 32768 and 49151, and at the top', () => {
    expect(systems(40000)).toEqual(['linux', 'freebsd', 'aws']);
    expect(systems(61000)).toEqual(['iana', 'windows', 'macos', 'freebsd', 'aws']);
  });

  it('finds no system that hands out well-known ports, and only old Windows and AWS at 1025-5000', () => {
    expect(systems(443)).toEqual([]);
    expect(systems(1024)).toEqual(['aws']);
    expect(systems(3000)).toEqual(['windows-legacy', 'aws']);
    expect(systems(5001)).toEqual(['aws']);
  });
});
