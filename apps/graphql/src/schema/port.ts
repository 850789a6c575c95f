import type { PortFilterError, PortInfo } from '@portdeck/core';
import type { GraphQLError } from 'graphql';
import { portArgument } from '../arguments.ts';
import { builder } from '../builder.ts';
import { badUserInput } from '../errors.ts';
import { arrayConnection, MAX_PAGE_SIZE } from '../pagination.ts';
import { AssignmentRef } from './assignment.ts';
import { EphemeralRangeRef } from './ephemeral-range.ts';
import { PortClassEnum, ServiceCategoryEnum, TransportEnum } from './enums.ts';
import { PortClassInfoRef } from './port-class.ts';
import { UnofficialUseRef } from './unofficial-use.ts';
import { WellKnownServiceRef } from './well-known-service.ts';

/** Everything known about one port number. */
export const PortRef = builder.objectRef<PortInfo>('Port').implement({
  description: 'Everything portdeck knows about one port number, optionally on one transport.',
  fields: (t) => ({
    number: t.exposeInt('port', { description: 'The port number, 0-65535.' }),
    transport: t.field({
      type: TransportEnum,
      nullable: true,
      description: 'The transport asked about; null when the answer covers every transport.',
      resolve: (p) => p.transport ?? null,
    }),
    class: t.field({
      type: PortClassEnum,
      description: 'Its RFC 6335 class.',
      resolve: (p) => p.class.id,
    }),
    classInfo: t.field({
      type: PortClassInfoRef,
      description: 'Its RFC 6335 class with bounds and names.',
      resolve: (p) => p.class,
    }),
    isAssigned: t.exposeBoolean('isAssigned', {
      description: 'Whether IANA assigns a named service here (on the transport, if one was given).',
    }),
    assignments: t.field({
      type: [AssignmentRef],
      description: 'Every IANA row covering the port: single-port rows first, then ranges.',
      resolve: (p) => p.assignments,
    }),
    wellKnownServices: t.field({
      type: [WellKnownServiceRef],
      description: 'Curated well-known services on this port.',
      resolve: (p) => p.services,
    }),
    unofficialUses: t.field({
      type: [UnofficialUseRef],
      description: 'Common uses IANA did not assign, each with a source.',
      resolve: (p) => p.unofficial,
    }),
    ephemeralRanges: t.field({
      type: [EphemeralRangeRef],
      description: "Systems that would pick this port as a client's ephemeral source port by default.",
      resolve: (p) => p.ephemeral,
    }),
  }),
});

// Same reasons and messages as a `port` argument; the argument is named by its path in the filter.
function filterError(error: PortFilterError): GraphQLError {
  if (error.code === 'invalid-bound') {
    return badUserInput('PORT_OUT_OF_RANGE', error.message, {
      argument: `filter.${error.bound}`,
      value: error.value,
    });
  }
  return badUserInput('INVALID_RANGE', `filter.min (${error.min}) is above filter.max (${error.max}).`, {
    argument: 'filter',
  });
}

const PortFilterInput = builder.inputType('PortFilter', {
  description: 'Narrows `ports`; every criterion given must hold.',
  fields: (t) => ({
    class: t.field({ type: PortClassEnum, description: 'Only ports in this RFC 6335 class.' }),
    transport: t.field({
      type: TransportEnum,
      description: 'Only ports with an IANA row, curated service or unofficial use on this transport.',
    }),
    category: t.field({
      type: ServiceCategoryEnum,
      description: 'Only ports of a well-known service in this category.',
    }),
    isWellKnownOnly: t.boolean({ description: 'Only ports of a curated well-known service.' }),
    min: t.int({ description: 'Lowest port number (inclusive), 0-65535.' }),
    max: t.int({ description: 'Highest port number (inclusive), 0-65535.' }),
  }),
});

builder.queryFields((t) => ({
  port: t.field({
    type: PortRef,
    description:
      'Everything known about a port: class, IANA assignments, well-known and unofficial uses, ephemeral ranges. Errors with PORT_OUT_OF_RANGE outside 0-65535.',
    args: {
      number: t.arg.int({ required: true, description: 'The port number, 0-65535.' }),
      transport: t.arg({ type: TransportEnum, description: 'Only what applies on this transport.' }),
    },
    resolve: (_root, args, { registry }) =>
      registry.lookupPort(portArgument(args.number, 'number'), args.transport ?? undefined),
  }),
  ports: t.connection(
    {
      type: PortRef,
      description: `Browse the ports that have any IANA row, curated service or unofficial use, ascending. Pages hold at most ${MAX_PAGE_SIZE} ports (PAGE_SIZE_TOO_LARGE beyond).`,
      args: { filter: t.arg({ type: PortFilterInput, description: 'What to narrow to.' }) },
      resolve: (_root, args, { registry, browser }) => {
        const filter = args.filter ?? {};
        const numbers = browser.ports({
          class: filter.class ?? undefined,
          transport: filter.transport ?? undefined,
          category: filter.category ?? undefined,
          isWellKnownOnly: filter.isWellKnownOnly ?? undefined,
          min: filter.min ?? undefined,
          max: filter.max ?? undefined,
        });
        if (!numbers.ok) throw filterError(numbers.error);
        const page = arrayConnection(args, numbers.value);
        const transport = filter.transport ?? undefined;
        return {
          ...page,
          edges: page.edges.map((edge) => ({
            cursor: edge.cursor,
            node: registry.lookupPort(edge.node, transport),
          })),
        };
      },
    },
    {
      name: 'PortConnection',
      description: 'A page of ports.',
      fields: (c) => ({
        totalCount: c.int({
          description: 'How many ports match the filter, across all pages.',
          resolve: (connection) => connection.totalCount,
        }),
      }),
    },
    { name: 'PortEdge', description: 'A port and its cursor.' },
  ),
}));
