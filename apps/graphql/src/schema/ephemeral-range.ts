import type { EphemeralRange } from '@portdeck/core';
import { builder } from '../builder.ts';
import { EphemeralSystemEnum } from './enums.ts';

/** A system's default ephemeral range. */
export const EphemeralRangeRef = builder.objectRef<EphemeralRange>('EphemeralRange').implement({
  description: 'The default range a system picks client (ephemeral) source ports from.',
  fields: (t) => ({
    system: t.field({
      type: EphemeralSystemEnum,
      description: 'The system.',
      resolve: (r) => r.system,
    }),
    label: t.exposeString('label', { description: 'Who uses it, in words.' }),
    first: t.exposeInt('first', { description: 'The lowest port of the range.' }),
    last: t.exposeInt('last', { description: 'The highest port of the range.' }),
    source: t.exposeString('source', { description: 'Where the figure comes from.' }),
    note: t.string({
      nullable: true,
      description: 'A caveat worth showing.',
      resolve: (r) => r.note ?? null,
    }),
  }),
});
