import type { KnownService } from '@portdeck/core';
import { builder } from '../builder.ts';
import { EncryptionEnum, ExamEnum, ServiceCategoryEnum, TransportEnum } from './enums.ts';
import { ServicePortRef } from './service-port.ts';

/** A curated well-known service. */
export const WellKnownServiceRef = builder.objectRef<KnownService>('WellKnownService');

WellKnownServiceRef.implement({
  description: "A well-known service curated by portdeck on top of IANA's data.",
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Stable lower-case id (`rdp`).' }),
    shortName: t.exposeString('shortName', { description: 'The name people use (`RDP`).' }),
    fullName: t.exposeString('fullName', { description: 'The expanded name (`Remote Desktop Protocol`).' }),
    ianaNames: t.exposeStringList('ianaNames', {
      description: "IANA's service names for its ports (`ms-wbt-server`).",
    }),
    aliases: t.exposeStringList('aliases', { description: 'Other names people type.' }),
    ports: t.field({
      type: [ServicePortRef],
      description: 'Its ports, each with taught and registered transports.',
      resolve: (s) => s.ports,
    }),
    taughtTransports: t.field({
      type: [TransportEnum],
      description: 'Transports as taught, across its ports.',
      resolve: (s) => s.taughtTransports,
    }),
    registeredTransports: t.field({
      type: [TransportEnum],
      description: 'Transports IANA registers, across its ports.',
      resolve: (s) => s.registeredTransports,
    }),
    category: t.field({
      type: ServiceCategoryEnum,
      description: 'What the service is for.',
      resolve: (s) => s.category,
    }),
    encryption: t.field({
      type: EncryptionEnum,
      description: 'How it protects its traffic.',
      resolve: (s) => s.encryption,
    }),
    isEncrypted: t.boolean({
      description: 'Whether its traffic is always encrypted.',
      resolve: (s) => s.encryption === 'encrypted',
    }),
    counterpart: t.field({
      type: WellKnownServiceRef,
      nullable: true,
      description: 'Its secure or cleartext counterpart (HTTP and HTTPS, LDAP and LDAPS).',
      resolve: (s, _args, { registry }) =>
        s.counterpart === undefined ? null : (registry.service(s.counterpart) ?? null),
    }),
    note: t.string({
      nullable: true,
      description: 'Where what is taught simplifies the truth, one line on it.',
      resolve: (s) => s.note ?? null,
    }),
    exams: t.field({
      type: [ExamEnum],
      description: 'The port lists it appears in.',
      resolve: (s) => s.exams,
    }),
  }),
});
