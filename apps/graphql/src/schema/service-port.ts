import type { KnownPort } from '@portdeck/core';
import { builder } from '../builder.ts';
import { TransportEnum } from './enums.ts';

/** One port of a well-known service. */
export const ServicePortRef = builder.objectRef<KnownPort>('ServicePort').implement({
  description: 'One port of a well-known service, with what is taught beside what IANA registers.',
  fields: (t) => ({
    number: t.exposeInt('port', { description: 'The port number.' }),
    taughtTransports: t.field({
      type: [TransportEnum],
      description: 'Transports as taught (the "TCP or UDP" column of study material).',
      resolve: (p) => p.transports,
    }),
    registeredTransports: t.field({
      type: [TransportEnum],
      description: "Transports IANA registers for the service's names on this number.",
      resolve: (p) => p.registeredTransports,
    }),
    role: t.string({
      nullable: true,
      description: 'What this port does where the service has several ("data", "control").',
      resolve: (p) => p.role ?? null,
    }),
  }),
});
