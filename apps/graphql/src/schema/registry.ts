import type { Registry } from '@portdeck/core';
import { builder } from '../builder.ts';
import { RegistrySourceKindEnum } from './enums.ts';

/** The registry the API serves. */
export const RegistryInfoRef = builder.objectRef<Registry>('RegistryInfo').implement({
  description: 'The registry this server answers from: where it came from, its version and its size.',
  fields: (t) => ({
    source: t.field({
      type: RegistrySourceKindEnum,
      description: 'Where the IANA data came from.',
      resolve: (r) => r.source.kind,
    }),
    label: t.string({
      description: 'The source in words (a package, file path or URL).',
      resolve: (r) => r.source.label,
    }),
    dataDate: t.string({
      nullable: true,
      description:
        "The data's date (YYYY-MM-DD): the newest registration or modification date in IANA's rows; null when no row is dated.",
      resolve: (r) => r.source.updated ?? null,
    }),
    version: t.string({
      description:
        'A hash of the data: changes exactly when the data does. GET responses carry it in their ETag.',
      resolve: (r) => r.source.version,
    }),
    loadedAt: t.string({
      description: 'When this server loaded the registry (ISO 8601, UTC).',
      resolve: (_r, _args, { loadedAt }) => loadedAt,
    }),
    assignmentCount: t.int({ description: 'IANA rows.', resolve: (r) => r.counts.assignments }),
    assignedCount: t.int({ description: 'Rows assigning a service.', resolve: (r) => r.counts.assigned }),
    reservedCount: t.int({ description: 'Reserved rows.', resolve: (r) => r.counts.reserved }),
    unassignedCount: t.int({ description: 'Unassigned rows.', resolve: (r) => r.counts.unassigned }),
    serviceNameCount: t.int({
      description: 'Distinct IANA service names.',
      resolve: (r) => r.counts.serviceNames,
    }),
    wellKnownServiceCount: t.int({
      description: 'Curated well-known services.',
      resolve: (r) => r.counts.wellKnownServices,
    }),
    unofficialUseCount: t.int({
      description: 'Curated unofficial uses.',
      resolve: (r) => r.counts.unofficialUses,
    }),
  }),
});

builder.queryFields((t) => ({
  registry: t.field({
    type: RegistryInfoRef,
    description: 'The registry this server answers from.',
    resolve: (_root, _args, { registry }) => registry,
  }),
}));
