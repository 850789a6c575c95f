import type { UnofficialUse } from '@portdeck/core';
import { builder } from '../builder.ts';
import { TransportEnum } from './enums.ts';

/** A de facto use of a port. */
export const UnofficialUseRef = builder.objectRef<UnofficialUse>('UnofficialUse').implement({
  description: 'A common use of a port that IANA did not assign to it, with a source for the fact.',
  fields: (t) => ({
    port: t.exposeInt('port', { description: 'The port number.' }),
    transports: t.field({
      type: [TransportEnum],
      description: 'Transports it uses.',
      resolve: (u) => u.transports,
    }),
    name: t.exposeString('name', { description: 'Who uses it ("Vite dev server").' }),
    description: t.exposeString('description', { description: 'What the use is.' }),
    sourceUrl: t.exposeString('sourceUrl', { description: 'A page that states the fact.' }),
  }),
});
