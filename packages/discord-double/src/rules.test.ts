import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isTokenAlive,
  isWithinResponseWindow,
  Limits,
  MessageFlag,
  toErrorTree,
  validateChoices,
  validateCommand,
  validateCommands,
  validateComponents,
  validateEmbeds,
  validateMessage,
  validateModal,
} from './rules.ts';

const row = (...components: object[]) => ({ type: 1, components });
const button = (customId: string, label = 'Go') => ({ type: 2, style: 1, custom_id: customId, label });
const codes = (errors: { code: string }[]) => errors.map((error) => error.code);

describe('validateMessage', () => {
  it('accepts a normal reply', () => {
    expect(validateMessage({ content: 'Port 3389 is RDP' }, { isCreate: true })).toEqual({
      errors: [],
      isEmpty: false,
    });
  });

  it('rejects content over 2000 characters with the field path', () => {
    const { errors } = validateMessage({ content: 'x'.repeat(2001) }, { isCreate: true });
    expect(errors).toEqual([
      { path: ['content'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' },
    ]);
  });

  it('counts code points, so 2000 emoji fit and an empty create is flagged', () => {
    expect(validateMessage({ content: '🔌'.repeat(2000) }, { isCreate: true }).errors).toEqual([]);
    expect(validateMessage({ content: '' }, { isCreate: true }).isEmpty).toBe(true);
    expect(validateMessage({ content: '' }, { isCreate: false }).isEmpty).toBe(false);
  });

  it('accepts any content up to the limit and rejects any above it (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2100 }), (length) => {
        const hasError =
          validateMessage({ content: 'a'.repeat(length) }, { isCreate: true }).errors.length > 0;
        return hasError === length > Limits.content;
      }),
    );
  });

  it('refuses content alongside the components v2 flag', () => {
    const { errors } = validateMessage(
      { content: 'hi', flags: MessageFlag.componentsV2 },
      { isCreate: true },
    );
    expect(codes(errors)).toContain('MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2');
  });
});

describe('validateEmbeds', () => {
  it('accepts an embed at every per-field limit under 6000 in all', () => {
    const embed = {
      title: 't'.repeat(256),
      description: 'd'.repeat(4096),
      footer: { text: 'f'.repeat(1000) },
    };
    expect(validateEmbeds([embed])).toEqual([]);
  });

  it('rejects oversized fields, too many fields and too many embeds', () => {
    const fields = Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' }));
    const errors = validateEmbeds([
      { title: 't'.repeat(257), fields },
      ...Array.from({ length: 10 }, () => ({ title: 'x' })),
    ]);
    expect(errors.map((error) => error.path.join('.'))).toEqual([
      'embeds',
      'embeds.0.title',
      'embeds.0.fields',
    ]);
  });

  it('rejects 6001 characters spread over valid fields (total limit)', () => {
    const embeds = [{ description: 'd'.repeat(4096) }, { description: 'd'.repeat(1905) }];
    expect(codes(validateEmbeds(embeds))).toEqual(['MAX_EMBED_SIZE_EXCEEDED']);
    expect(validateEmbeds([{ description: 'd'.repeat(4096) }, { description: 'd'.repeat(1904) }])).toEqual(
      [],
    );
  });

  it('checks field name 256, value 1024 and footer 2048', () => {
    const errors = validateEmbeds([
      { fields: [{ name: 'n'.repeat(257), value: 'v'.repeat(1025) }], footer: { text: 'f'.repeat(2049) } },
    ]);
    expect(errors.map((error) => error.path.join('.'))).toEqual([
      'embeds.0.footer.text',
      'embeds.0.fields.0.name',
      'embeds.0.fields.0.value',
    ]);
  });
});

describe('validateComponents', () => {
  it('accepts 5 rows of 5 buttons with unique ids', () => {
    const rows = Array.from({ length: 5 }, (_, r) =>
      row(...Array.from({ length: 5 }, (_, b) => button(`b${r}-${b}`))),
    );
    expect(validateComponents(rows)).toEqual([]);
  });

  it('rejects a sixth row, a sixth button, long labels and duplicate or long custom ids', () => {
    const rows = [
      row(...Array.from({ length: 6 }, (_, b) => button(`b${b}`))),
      row(button('b0', 'L'.repeat(81))),
      row(button('c'.repeat(101))),
      row(button('')),
      row(button('e')),
      row(button('f')),
    ];
    expect(codes(validateComponents(rows))).toEqual([
      'BASE_TYPE_MAX_LENGTH',
      'BASE_TYPE_MAX_LENGTH',
      'BASE_TYPE_MAX_LENGTH',
      'COMPONENT_CUSTOM_ID_DUPLICATED',
      'BASE_TYPE_BAD_LENGTH',
      'BASE_TYPE_BAD_LENGTH',
    ]);
  });

  it('accepts custom ids of exactly 1 and 100 characters and link buttons without one', () => {
    const link = { type: 2, style: 5, label: 'IANA', url: 'https://www.iana.org' };
    expect(validateComponents([row(button('a'), button('z'.repeat(100)), link)])).toEqual([]);
  });

  it('rejects a select menu sharing its row and a non-row at the top level', () => {
    const select = { type: 3, custom_id: 's', options: [{ label: 'a', value: 'a' }] };
    expect(codes(validateComponents([row(select, button('b')), button('c')]))).toEqual([
      'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
      'COMPONENT_INVALID_TYPE',
    ]);
  });
});

describe('validateChoices', () => {
  const choices = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ name: `p${i}`, value: String(i) }));

  it('accepts 25 choices', () => {
    expect(validateChoices(choices(25))).toEqual([]);
  });

  it('rejects 26 choices and over-long names and values', () => {
    expect(validateChoices(choices(26))).toEqual([
      { path: ['data', 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' },
    ]);
    const long = validateChoices([{ name: 'n'.repeat(101), value: 'v'.repeat(101) }]);
    expect(long.map((error) => error.path.join('.'))).toEqual([
      'data.choices.0.name',
      'data.choices.0.value',
    ]);
  });

  it('accepts an empty list and numeric values but not a missing list', () => {
    expect(validateChoices([])).toEqual([]);
    expect(validateChoices([{ name: 'RDP', value: 3389 }])).toEqual([]);
    expect(codes(validateChoices(undefined))).toEqual(['BASE_TYPE_REQUIRED']);
  });
});

describe('validateModal', () => {
  const input = (customId: string) => row({ type: 4, custom_id: customId, label: 'Port', style: 1 });

  it('accepts a modal with one text input', () => {
    expect(
      validateModal({ custom_id: 'guess', title: 'Guess the port', components: [input('port')] }),
    ).toEqual([]);
  });

  it('rejects a long title, no rows and duplicate input ids', () => {
    expect(codes(validateModal({ custom_id: 'm', title: 't'.repeat(46), components: [] }))).toEqual([
      'BASE_TYPE_BAD_LENGTH',
      'BASE_TYPE_BAD_LENGTH',
    ]);
    expect(
      codes(validateModal({ custom_id: 'm', title: 'T', components: [input('a'), input('a')] })),
    ).toEqual(['COMPONENT_CUSTOM_ID_DUPLICATED']);
  });

  it('requires data at all', () => {
    expect(codes(validateModal(undefined))).toEqual(['BASE_TYPE_REQUIRED']);
  });
});

describe('validateCommand', () => {
  const port = {
    name: 'port',
    description: 'Look up a port',
    options: [{ type: 4, name: 'port', description: 'Port number', required: true }],
  };

  it('accepts a chat input command with options and a context menu command', () => {
    expect(validateCommand(port)).toEqual([]);
    expect(validateCommand({ type: 2, name: 'Quiz Me' })).toEqual([]);
  });

  it('rejects uppercase names, empty or long descriptions, 26 options and bad ordering', () => {
    const options = Array.from({ length: 26 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'd' }));
    expect(codes(validateCommand({ name: 'Port', description: '', options }))).toEqual([
      'APPLICATION_COMMAND_INVALID_NAME',
      'BASE_TYPE_BAD_LENGTH',
      'BASE_TYPE_MAX_LENGTH',
    ]);
    const misordered = [
      { type: 3, name: 'a', description: 'd' },
      { type: 3, name: 'b', description: 'd', required: true },
    ];
    expect(codes(validateCommand({ name: 'x', description: 'd', options: misordered }))).toEqual([
      'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
    ]);
  });

  it('accepts names of 1 and 32 characters only, and checks nesting', () => {
    expect(validateCommand({ name: 'a', description: 'd' })).toEqual([]);
    expect(validateCommand({ name: 'a'.repeat(32), description: 'd' })).toEqual([]);
    expect(codes(validateCommand({ name: 'a'.repeat(33), description: 'd' }))).toEqual([
      'BASE_TYPE_BAD_LENGTH',
    ]);
    const nested = {
      name: 'quiz',
      description: 'd',
      options: [
        { type: 1, name: 'start', description: 'd', options: [{ type: 1, name: 'x', description: 'd' }] },
      ],
    };
    expect(codes(validateCommand(nested))).toEqual(['APPLICATION_COMMAND_OPTION_TYPE_INVALID_NESTING']);
  });

  it('rejects duplicate names in a bulk overwrite', () => {
    expect(validateCommands([port, port]).map((error) => error.path)).toEqual([[1, 'name']]);
    expect(validateCommands([])).toEqual([]);
    expect(codes(validateCommands({}))).toEqual(['BASE_TYPE_ARRAY']);
  });
});

describe('timing rules', () => {
  it('allows a first response up to and including 3000 ms', () => {
    expect(isWithinResponseWindow(1_000, 4_000)).toBe(true);
  });

  it('refuses a first response after 3000 ms and an edit after 15 minutes', () => {
    expect(isWithinResponseWindow(1_000, 4_001)).toBe(false);
    expect(isTokenAlive(0, 15 * 60_000 + 1)).toBe(false);
  });

  it('keeps the token alive at exactly 15 minutes', () => {
    expect(isTokenAlive(0, 15 * 60_000)).toBe(true);
  });
});

describe('toErrorTree', () => {
  it("nests errors the way Discord's 50035 body does", () => {
    expect(
      toErrorTree([{ path: ['data', 'embeds', 0, 'title'], code: 'BASE_TYPE_MAX_LENGTH', message: 'm' }]),
    ).toEqual({
      data: { embeds: { '0': { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'm' }] } } } },
    });
  });

  it('collects several errors on one field', () => {
    const tree = toErrorTree([
      { path: ['a'], code: 'X', message: 'x' },
      { path: ['a'], code: 'Y', message: 'y' },
    ]);
    expect(tree).toEqual({
      a: {
        _errors: [
          { code: 'X', message: 'x' },
          { code: 'Y', message: 'y' },
        ],
      },
    });
  });

  it('puts path-less errors at the root', () => {
    expect(toErrorTree([{ path: [], code: 'X', message: 'x' }])).toEqual({
      _errors: [{ code: 'X', message: 'x' }],
    });
  });
});
