import { portsOf, type NameMatch, type PortInfo } from '@portdeck/core';
import { nonEmptyArgument } from '../arguments.ts';
import { builder } from '../builder.ts';
import { AssignmentRef } from './assignment.ts';
import { PortRef } from './port.ts';
import { ServiceAliasRef } from './service-alias.ts';
import { WellKnownServiceRef } from './well-known-service.ts';

interface ServiceMatchShape {
  readonly match: NameMatch;
  readonly ports: readonly PortInfo[];
}

/** What a service name or alias refers to. */
export const ServiceMatchRef = builder.objectRef<ServiceMatchShape>('ServiceMatch').implement({
  description: 'What a service name or alias refers to: curated services, IANA rows and their ports.',
  fields: (t) => ({
    name: t.string({ description: 'The name as asked (trimmed).', resolve: (s) => s.match.name }),
    wellKnownServices: t.field({
      type: [WellKnownServiceRef],
      description: 'Curated services with this name, short or full name, IANA name or alias.',
      resolve: (s) => s.match.services,
    }),
    assignments: t.field({
      type: [AssignmentRef],
      description: 'IANA rows with this service name.',
      resolve: (s) => s.match.assignments,
    }),
    aliases: t.field({
      type: [ServiceAliasRef],
      description:
        "Operating systems' services-file entries with this name (`portmapper` for 111, `mail` for 25), with their source.",
      resolve: (s) => s.match.aliases,
    }),
    ports: t.field({
      type: [PortRef],
      description: 'The single ports these point at, curated first, each once.',
      resolve: (s) => s.ports,
    }),
  }),
});

builder.queryFields((t) => ({
  service: t.field({
    type: ServiceMatchRef,
    nullable: true,
    description:
      'Looks a service up by IANA service name, curated name or alias, or a name from operating systems\' services files, ignoring case and separators ("ms-wbt-server", "RDP", "remote desktop", "portmapper"). Null when nothing has the name; EMPTY_NAME for a blank name.',
    args: { name: t.arg.string({ required: true, description: 'The name to look up.' }) },
    resolve: (_root, args, { registry }) => {
      const match = registry.lookupName(nonEmptyArgument(args.name, 'name', 'EMPTY_NAME'));
      if (!match) return null;
      return { match, ports: portsOf(registry, match) };
    },
  }),
}));
