import { describe, expect, it } from 'vitest';
import { buildCommandOptions } from './options.ts';
import type { RegisteredOption } from './types.ts';

const port: RegisteredOption[] = [
  { type: 4, name: 'port', description: 'Port number', required: true, min_value: 0, max_value: 65_535 },
  {
    type: 3,
    name: 'proto',
    description: 'Protocol',
    choices: [
      { name: 'TCP', value: 'tcp' },
      { name: 'UDP', value: 'udp' },
    ],
  },
  { type: 5, name: 'verbose', description: 'More detail' },
];

describe('buildCommandOptions', () => {
  it('coerces typed text to the registered types, as the Discord client does', () => {
    expect(buildCommandOptions({ values: { port: '3389', proto: 'tcp', verbose: 'true' } }, port)).toEqual([
      { name: 'port', type: 4, value: 3389 },
      { name: 'proto', type: 3, value: 'tcp' },
      { name: 'verbose', type: 5, value: true },
    ]);
  });

  it('refuses what the client would not send: missing required, bad integer, out of range, not a choice, unknown', () => {
    expect(() => buildCommandOptions({ values: {} }, port)).toThrow(/missing required option port/);
    expect(() => buildCommandOptions({ values: { port: 'rdp' } }, port)).toThrow(/needs an integer/);
    expect(() => buildCommandOptions({ values: { port: 70_000 } }, port)).toThrow(/within 0..65535/);
    expect(() => buildCommandOptions({ values: { port: 1, proto: 'sctp' } }, port)).toThrow(
      /one of its choices/,
    );
    expect(() => buildCommandOptions({ values: { port: 1, colour: 'red' } }, port)).toThrow(
      /unknown option colour/,
    );
  });

  it('sends the focused option as partial text and skips the required check for autocomplete', () => {
    expect(buildCommandOptions({ values: { proto: 'u' }, focused: 'proto' }, port)).toEqual([
      { name: 'proto', type: 3, value: 'u', focused: true },
    ]);
    expect(buildCommandOptions({ values: {}, focused: 'port' }, port)).toEqual([
      { name: 'port', type: 4, value: '', focused: true },
    ]);
  });

  it('infers types for unregistered commands and nests subcommands', () => {
    const quiz: RegisteredOption[] = [
      {
        type: 1,
        name: 'start',
        description: 'Start',
        options: [{ type: 10, name: 'seconds', description: 'Limit' }],
      },
    ];
    expect(buildCommandOptions({ subcommand: 'start', values: { seconds: '7.5' } }, quiz)).toEqual([
      { name: 'start', type: 1, options: [{ name: 'seconds', type: 10, value: 7.5 }] },
    ]);
    expect(() => buildCommandOptions({ subcommand: 'stop', values: {} }, quiz)).toThrow(
      /unknown subcommand stop/,
    );
    expect(buildCommandOptions({ values: { n: 2, x: 0.5, b: false, s: 's' } }, undefined)).toEqual([
      { name: 'n', type: 4, value: 2 },
      { name: 'x', type: 10, value: 0.5 },
      { name: 'b', type: 5, value: false },
      { name: 's', type: 3, value: 's' },
    ]);
  });
});
