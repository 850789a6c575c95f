import { classifyFlow, type FlowVerdict } from '@portdeck/core';
import { portArgument } from '../arguments.ts';
import { builder } from '../builder.ts';
import { FlowConfidenceEnum } from './enums.ts';
import { FlowEndRef } from './flow-end.ts';

/** Which end of a flow is the server. */
export const FlowVerdictRef = builder.objectRef<FlowVerdict>('FlowVerdict').implement({
  description: 'Which end of a flow between two ports is the likely server and which the client, and why.',
  fields: (t) => ({
    server: t.field({ type: FlowEndRef, description: 'The likely server end.', resolve: (v) => v.server }),
    client: t.field({ type: FlowEndRef, description: 'The likely client end.', resolve: (v) => v.client }),
    confidence: t.field({
      type: FlowConfidenceEnum,
      description: 'How sure the verdict is.',
      resolve: (v) => v.confidence,
    }),
    isSymmetric: t.exposeBoolean('isSymmetric', {
      description: 'Whether both ends use the same port (peers of one service).',
    }),
    reason: t.exposeString('reason', { description: 'One or two sentences a person can read.' }),
  }),
});

builder.queryFields((t) => ({
  flow: t.field({
    type: FlowVerdictRef,
    description:
      'Reasons about a flow between two ports: a client talks from an ephemeral port to a server on a well-known one. PORT_OUT_OF_RANGE outside 0-65535.',
    args: {
      portA: t.arg.int({ required: true, description: 'One end of the flow.' }),
      portB: t.arg.int({ required: true, description: 'The other end.' }),
    },
    resolve: (_root, args, { registry }) =>
      classifyFlow(registry, portArgument(args.portA, 'portA'), portArgument(args.portB, 'portB')),
  }),
}));
