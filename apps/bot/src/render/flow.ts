import type { FlowEnd, FlowVerdict } from '@portdeck/core';
import { serviceTitle } from '@portdeck/core';
import { COLORS, field, type BotMessage } from './message.ts';

function endLine(end: FlowEnd): string {
  const name =
    end.services.length > 0
      ? end.services.map(serviceTitle).join(' / ')
      : end.serviceNames[0]
        ? `\`${end.serviceNames[0]}\``
        : 'no known service';
  return `**${end.port}**: ${name}\n${end.class.rfcName}`;
}

/** `/flow`: which end is the server and its service, which the client (the seed's "Ports in Action"). */
export function renderFlow(verdict: FlowVerdict): BotMessage {
  const { server, client } = verdict;
  const fields = verdict.isSymmetric
    ? [field('Both ends', endLine(server))]
    : [field('Server', endLine(server), true), field('Client', endLine(client), true)];
  fields.push(field('Confidence', verdict.confidence, true));
  return {
    embeds: [
      {
        title: verdict.isSymmetric
          ? `Flow ${server.port} ⇄ ${client.port}: peers`
          : `Flow ${client.port} → ${server.port}: client → server`,
        description: verdict.reason,
        color: COLORS.info,
        fields,
      },
    ],
  };
}
