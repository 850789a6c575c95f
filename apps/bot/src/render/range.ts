import type { EphemeralRange, PortInfo } from '@portdeck/core';
import { EPHEMERAL_RANGES } from '@portdeck/core';
import { COLORS, field, truncate, LIMITS, type BotMessage } from './message.ts';

function rangeLine(range: EphemeralRange): string {
  return `${range.label}: ${range.first}-${range.last}${range.note ? ` (${range.note})` : ''}`;
}

/** `/range`: the port's RFC 6335 class and which systems could hand it to a client as its source port. */
export function renderRange(info: PortInfo): BotMessage {
  const c = info.class;
  const users = new Set(info.ephemeral.map((r) => r.system));
  const others = EPHEMERAL_RANGES.filter((r) => !users.has(r.system));
  const assigned = info.assignments.find((a) => a.status === 'assigned')?.serviceName;
  const fields = [
    field(
      'Class (RFC 6335)',
      `${c.rfcName} (${c.alsoCalled.join(', ')})\n${c.first}-${c.last}, ${c.count.toLocaleString('en-US')} numbers`,
      true,
    ),
    field('IANA assigns here', c.isAssignedByIana ? 'Yes' : 'Never', true),
    field(
      'Could be a client’s ephemeral port on',
      info.ephemeral.length > 0 ? info.ephemeral.map(rangeLine).join('\n') : 'No system by default',
    ),
  ];
  if (others.length > 0) fields.push(field('Not by default on', others.map(rangeLine).join('\n')));
  const verdict =
    info.ephemeral.length === 0
      ? `${info.port} is outside every default ephemeral range: a connection from it is unusual for a client.`
      : `A client on ${info.ephemeral.map((r) => r.label.split(' (')[0] ?? r.label).join(', ')} could use ${info.port} as its short-lived source port.`;
  return {
    embeds: [
      {
        title: truncate(`Port ${info.port}: ${c.rfcName}`, LIMITS.title),
        description: truncate(
          `${c.description}\n${verdict}${assigned ? `\nIANA also registers \`${assigned}\` on ${info.port}.` : ''}`,
          LIMITS.description,
        ),
        color: COLORS.info,
        fields,
      },
    ],
  };
}
