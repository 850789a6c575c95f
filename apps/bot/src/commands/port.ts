import { SlashCommandBuilder } from 'discord.js';
import { lookup, parsePort, type Registry } from '@portdeck/core';
import { hitLabel, hitQuery } from '../render/format.ts';
import { bodyOf, LIMITS, truncate } from '../render/message.ts';
import { renderLookup, PORT_BUTTON_VERSION } from '../render/port.ts';
import { renderLookupError, renderStaleComponent } from '../render/errors.ts';
import type { BotCommand, Choice } from './types.ts';

/** Registration data of `/port`. */
export const data = new SlashCommandBuilder()
  .setName('port')
  .setDescription('Look up a port or service: 3389, 53/udp, rdp, remote desktop')
  .addStringOption((option) =>
    option
      .setName('query')
      .setDescription('A port number, number/transport, or a service name')
      .setRequired(true)
      .setMaxLength(100)
      .setAutocomplete(true),
  )
  .toJSON();

function choice(name: string, value: string): Choice {
  return { name: truncate(name, LIMITS.choiceName), value: truncate(value, LIMITS.choiceValue) };
}

/** Up to 25 suggestions for what the user is typing: the port itself first, then ranked search hits. */
export function suggest(registry: Registry, typed: string): Choice[] {
  const text = typed.trim();
  if (text === '') {
    return registry.services
      .filter((s) => s.exams.includes('seed'))
      .slice(0, LIMITS.choices)
      .map((s) => choice(hitLabel({ kind: 'service', service: s, score: 0 }), s.id));
  }
  const choices: Choice[] = [];
  const port = parsePort(text.split('/')[0] ?? '');
  if (port.ok) {
    const info = registry.lookupPort(port.value);
    const name = info.services[0]?.shortName ?? info.assignments.find((a) => a.serviceName)?.serviceName;
    choices.push(choice(name ? `${text} · ${name}` : `${text} (look up this port)`, text));
  }
  for (const hit of registry.search(text, LIMITS.choices)) {
    const value = hitQuery(hit);
    if (!choices.some((c) => c.value === value)) choices.push(choice(hitLabel(hit), value));
  }
  return choices.slice(0, LIMITS.choices);
}

/** `/port`: the one-glance answer, or a short ephemeral explanation with the closest matches. */
export const command: BotCommand = {
  data,
  async execute(interaction, { registry }) {
    const query = interaction.options.getString('query', true) ?? '';
    const answer = lookup(registry, query);
    await interaction.reply(
      answer.ok ? renderLookup(registry, answer.value) : renderLookupError(answer.error),
    );
  },
  async autocomplete(interaction, { registry }) {
    await interaction.respond(suggest(registry, interaction.options.getFocused()));
  },
  async handleComponent(interaction, id, { registry }) {
    const answer = id.version === PORT_BUTTON_VERSION ? lookup(registry, id.payload) : undefined;
    if (!answer?.ok) {
      await interaction.reply(renderStaleComponent());
      return;
    }
    await interaction.update(bodyOf(renderLookup(registry, answer.value)));
  },
};
