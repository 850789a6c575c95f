import type { PortRange } from '@portdeck/core';
import { builder } from '../builder.ts';

/** An inclusive range of port numbers. */
export const PortRangeRef = builder.objectRef<PortRange>('PortRange').implement({
  description: 'An inclusive range of port numbers; a single port has first equal to last.',
  fields: (t) => ({
    first: t.exposeInt('first', { description: 'The lowest number in the range.' }),
    last: t.exposeInt('last', { description: 'The highest number in the range.' }),
  }),
});
