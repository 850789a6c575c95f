import type { PortListSummary } from '@portdeck/core';
import { serviceLabel } from './format.ts';
import { COLORS, field, LIMITS, truncate, type BotMessage } from './message.ts';

/** `/ports`: what a firewall-style list opens: count, normalised ranges, known services, cleartext ones. */
export function renderPortList(summary: PortListSummary): BotMessage {
  const ranges = summary.entries.filter((e) => e.first !== e.last).length;
  // The same words as the port embed's Encryption field: weak is encrypted (badly), optional can be.
  const cleartext = summary.services.filter((s) => s.encryption === 'cleartext');
  const weak = summary.services.filter((s) => s.encryption === 'weak');
  const fields = [
    field('Ports opened', summary.portCount.toLocaleString('en-US'), true),
    field('Items', `${summary.entries.length} (${ranges} ranges)`, true),
    field(
      `Known services (${summary.services.length})`,
      summary.services.length > 0
        ? summary.services.map(serviceLabel).join('\n')
        : 'None of the well-known services',
    ),
  ];
  if (cleartext.length > 0) {
    fields.push(field('Not encrypted', cleartext.map((s) => s.shortName).join(', ')));
  }
  if (weak.length > 0) {
    fields.push(field('Weak encryption (easily broken)', weak.map((s) => s.shortName).join(', ')));
  }
  return {
    embeds: [
      {
        title: truncate(`Port list ${summary.text}`, LIMITS.title),
        description: truncate(`Normalised: \`${summary.text}\``, LIMITS.description),
        color: cleartext.length + weak.length > 0 ? COLORS.optional : COLORS.info,
        fields,
      },
    ],
  };
}
