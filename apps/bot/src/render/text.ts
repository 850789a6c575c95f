import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from 'discord.js';
import type { BotMessage } from './message.ts';
import { isEphemeral } from './message.ts';

/** An autocomplete choice as Discord shows it. */
export interface ChoiceLike {
  readonly name: string;
  readonly value: string | number;
}

// Discord markdown a terminal cannot show: bold and inline code markers.
function plain(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1');
}

function embedText(embed: APIEmbed): string[] {
  const lines: string[] = [];
  if (embed.title) lines.push(`== ${embed.title} ==`);
  if (embed.description) lines.push(plain(embed.description));
  for (const f of embed.fields ?? []) {
    const value = plain(f.value).split('\n');
    if (value.length === 1) lines.push(`${f.name}: ${value[0] ?? ''}`);
    else lines.push(`${f.name}:`, ...value.map((line) => `  ${line}`));
  }
  if (embed.footer?.text) lines.push(`-- ${embed.footer.text}`);
  return lines;
}

/** Buttons numbered in order, each with its custom id: `click 2` or `click <id>` presses it in the console. */
function componentText(rows: readonly APIActionRowComponent<APIButtonComponentWithCustomId>[]): string[] {
  const buttons = rows.flatMap((row) => row.components);
  if (buttons.length === 0) return [];
  return [
    `Buttons: ${buttons.map((b, i) => `[${i + 1}: ${b.label ?? ''}]`).join('  ')}`,
    ...buttons.map((b, i) => `  click ${i + 1}  =  click ${b.custom_id}`),
  ];
}

/** A reply as plain text for a terminal: content, each embed's title, description and fields, then buttons. */
export function messageToText(message: BotMessage): string {
  const lines: string[] = [];
  if (isEphemeral(message)) lines.push('(only you can see this)');
  if (message.content) lines.push(plain(message.content));
  for (const embed of message.embeds ?? []) lines.push(...embedText(embed));
  lines.push(...componentText(message.components ?? []));
  for (const file of message.files ?? [])
    lines.push(`(image ${file.name}, ${Math.ceil(file.attachment.length / 1024)} KiB)`);
  return lines.join('\n');
}

/** Autocomplete choices as a numbered list. */
export function choicesToText(choices: readonly ChoiceLike[]): string {
  if (choices.length === 0) return '(no suggestions)';
  return choices.map((c, i) => `${String(i + 1).padStart(2)}. ${c.name}  → ${String(c.value)}`).join('\n');
}
