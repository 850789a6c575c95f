import type { Assignment } from '@portdeck/core';
import { builder } from '../builder.ts';
import { AssignmentStatusEnum, TransportEnum } from './enums.ts';
import { PortRangeRef } from './port-range.ts';

/** One IANA registry row. */
export const AssignmentRef = builder.objectRef<Assignment>('Assignment').implement({
  description:
    "One row of IANA's Service Name and Transport Protocol Port Number Registry. Assignee and contact are personal data and are not served.",
  fields: (t) => ({
    serviceName: t.string({
      nullable: true,
      description: 'IANA service name (`ms-wbt-server`); null on reserved and unassigned rows.',
      resolve: (a) => a.serviceName ?? null,
    }),
    ports: t.field({
      type: PortRangeRef,
      nullable: true,
      description: 'The port or range the row covers; null for a name registered without a port.',
      resolve: (a) => a.ports ?? null,
    }),
    transport: t.field({
      type: TransportEnum,
      nullable: true,
      description: 'The transport; null when the row covers every transport.',
      resolve: (a) => a.transport ?? null,
    }),
    status: t.field({
      type: AssignmentStatusEnum,
      description: 'Whether the row assigns, reserves or frees its numbers.',
      resolve: (a) => a.status,
    }),
    description: t.exposeString('description', { description: "IANA's description column." }),
    reference: t.string({
      nullable: true,
      description: 'The specification or request IANA cites (`[RFC6335]`).',
      resolve: (a) => a.reference ?? null,
    }),
    registrationDate: t.string({
      nullable: true,
      description: 'When IANA registered the row, as IANA writes it (YYYY-MM-DD).',
      resolve: (a) => a.registrationDate ?? null,
    }),
    modificationDate: t.string({
      nullable: true,
      description: 'When IANA last changed the row, as IANA writes it (YYYY-MM-DD).',
      resolve: (a) => a.modificationDate ?? null,
    }),
    serviceCode: t.string({
      nullable: true,
      description: 'The DCCP service code, where registered.',
      resolve: (a) => a.serviceCode ?? null,
    }),
    unauthorizedUse: t.string({
      nullable: true,
      description: 'Reported unauthorised use of the number ("Known Unauthorized Use on port 6003").',
      resolve: (a) => a.unauthorizedUse ?? null,
    }),
    notes: t.string({
      nullable: true,
      description: "IANA's assignment notes.",
      resolve: (a) => a.notes ?? null,
    }),
  }),
});
