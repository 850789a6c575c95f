import type { FlowEnd } from '@portdeck/core';
import { builder } from '../builder.ts';
import { EphemeralRangeRef } from './ephemeral-range.ts';
import { PortClassEnum } from './enums.ts';
import { WellKnownServiceRef } from './well-known-service.ts';

/** One end of a flow. */
export const FlowEndRef = builder.objectRef<FlowEnd>('FlowEnd').implement({
  description: 'One end of a flow, with what makes it look like a server or a client.',
  fields: (t) => ({
    port: t.exposeInt('port', { description: 'The port number.' }),
    class: t.field({ type: PortClassEnum, description: 'Its RFC 6335 class.', resolve: (e) => e.class.id }),
    wellKnownServices: t.field({
      type: [WellKnownServiceRef],
      description: 'Curated services on the port.',
      resolve: (e) => e.services,
    }),
    serviceNames: t.exposeStringList('serviceNames', {
      description: 'IANA service names assigned on the port.',
    }),
    ephemeralRanges: t.field({
      type: [EphemeralRangeRef],
      description: 'Systems whose clients could pick this port as their source port.',
      resolve: (e) => e.ephemeral,
    }),
  }),
});
