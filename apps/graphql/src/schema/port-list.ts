import { describePortList, type PortListEntry, type PortListSummary } from '@portdeck/core';
import { builder } from '../builder.ts';
import { badUserInput } from '../errors.ts';
import { TransportEnum } from './enums.ts';
import { WellKnownServiceRef } from './well-known-service.ts';

const PortListEntryRef = builder.objectRef<PortListEntry>('PortListEntry').implement({
  description: 'One range of a normalised port list.',
  fields: (t) => ({
    first: t.exposeInt('first', { description: 'The lowest port.' }),
    last: t.exposeInt('last', { description: 'The highest port.' }),
    transport: t.field({
      type: TransportEnum,
      nullable: true,
      description: 'The transport; null for every transport.',
      resolve: (e) => e.transport ?? null,
    }),
  }),
});

/** What a firewall-style port list opens. */
export const PortListSummaryRef = builder.objectRef<PortListSummary>('PortListSummary').implement({
  description: 'What a firewall-style port list opens.',
  fields: (t) => ({
    entries: t.field({
      type: [PortListEntryRef],
      description: 'The list sorted, with overlapping and adjacent ranges merged per transport.',
      resolve: (s) => s.entries,
    }),
    text: t.exposeString('text', { description: 'The normalised list written back ("20-23,80,443/tcp").' }),
    portCount: t.exposeInt('portCount', {
      description: 'How many distinct port numbers it opens, on any transport.',
    }),
    wellKnownServices: t.field({
      type: [WellKnownServiceRef],
      description: 'Curated services with a port in the list on a matching transport.',
      resolve: (s) => s.services,
    }),
  }),
});

builder.queryFields((t) => ({
  portList: t.field({
    type: PortListSummaryRef,
    description:
      'Reads a firewall-style list ("20-23,80,443/tcp,49152-65535"). INVALID_PORT_LIST names the first wrong item (`listError`: empty, malformed, reversed-range, out-of-range, unknown-transport; `item`; `index`).',
    args: {
      spec: t.arg.string({ required: true, description: 'Ports and ranges, comma or space separated.' }),
    },
    resolve: (_root, args, { registry }) => {
      const summary = describePortList(registry, args.spec);
      if (summary.ok) return summary.value;
      const { code, item, index, message } = summary.error;
      throw badUserInput('INVALID_PORT_LIST', message, { listError: code, item, index });
    },
  }),
}));
