import { classifyPort, PORT_CLASSES, type PortClassInfo } from '@portdeck/core';
import { portArgument } from '../arguments.ts';
import { builder } from '../builder.ts';
import { PortClassEnum } from './enums.ts';

/** One RFC 6335 class with its bounds. */
export const PortClassInfoRef = builder.objectRef<PortClassInfo>('PortClassInfo').implement({
  description: 'One of the three RFC 6335 port classes, with its bounds and the names people use.',
  fields: (t) => ({
    class: t.field({ type: PortClassEnum, description: 'Which class.', resolve: (c) => c.id }),
    rfcName: t.exposeString('rfcName', { description: 'The name RFC 6335 uses ("System Ports").' }),
    alsoCalled: t.exposeStringList('alsoCalled', {
      description: 'Other names in use, the most taught first ("Well Known Ports").',
    }),
    first: t.exposeInt('first', { description: 'The lowest number in the class.' }),
    last: t.exposeInt('last', { description: 'The highest number in the class.' }),
    count: t.exposeInt('count', { description: 'How many numbers the class holds.' }),
    isAssignedByIana: t.exposeBoolean('isAssignedByIana', {
      description: 'Whether IANA assigns services in this class.',
    }),
    description: t.exposeString('description', { description: 'What the class is for.' }),
    assignedPortCount: t.int({
      description:
        'How many numbers in the class have an assigned service in the registry (whatever the transport).',
      resolve: (c, _args, { registry }) => registry.counts.assignedPortsByClass[c.id],
    }),
  }),
});

builder.queryFields((t) => ({
  classify: t.field({
    type: PortClassInfoRef,
    description: 'The RFC 6335 class of a port number. Errors with PORT_OUT_OF_RANGE outside 0-65535.',
    args: { port: t.arg.int({ required: true, description: 'A port number, 0-65535.' }) },
    resolve: (_root, { port }) => classifyPort(portArgument(port, 'port')),
  }),
  ranges: t.field({
    type: [PortClassInfoRef],
    description: 'The three RFC 6335 classes in ascending order, with bounds and counts.',
    resolve: () => PORT_CLASSES,
  }),
}));
