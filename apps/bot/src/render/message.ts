import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';

/** A reply as the bot sends it: the subset of Discord's message payload portdeck uses. */
export interface BotMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  /** Set to ephemeral for answers only the asker should see (errors, help). */
  flags?: MessageFlags.Ephemeral;
  /** Files uploaded with the message (image cards); `[]` on an edit removes the ones it had. */
  files?: { attachment: Buffer; name: string }[];
}

/** A message body for edits and updates, which cannot change ephemerality. */
export type MessageBody = Omit<BotMessage, 'flags'>;

/** The message without its flags, for `editReply` and `update`. */
export function bodyOf(message: BotMessage): MessageBody {
  const body: MessageBody = { ...message };
  delete (body as BotMessage).flags;
  return body;
}

/** Discord's message and embed limits that rendering must respect. */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** Embed colours by meaning, so a glance tells encrypted from cleartext. */
export const COLORS = {
  info: 0x5865f2,
  encrypted: 0x57f287,
  optional: 0xfee75c,
  cleartext: 0xed4245,
  unassigned: 0x99aab5,
  error: 0xed4245,
} as const;

/** Cuts text to a limit, ending with an ellipsis when it was cut. */
export function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** An embed field with name and value cut to Discord's limits (an empty value becomes a dash). */
export function field(name: string, value: string, inline = false): APIEmbedField {
  return {
    name: truncate(name, LIMITS.fieldName),
    value: truncate(value.trim() === '' ? '-' : value, LIMITS.fieldValue),
    inline,
  };
}

/** A secondary button carrying a custom id. */
export function button(customId: string, label: string): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: customId,
    label: truncate(label, LIMITS.buttonLabel),
  };
}

/** Buttons laid out in rows of five (at most five rows). */
export function buttonRows(
  buttons: readonly APIButtonComponentWithCustomId[],
): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const rows: APIActionRowComponent<APIButtonComponentWithCustomId>[] = [];
  for (let i = 0; i < buttons.length && rows.length < 5; i += LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.buttonsPerRow) });
  }
  return rows;
}

/** A short answer only the asker sees. */
export function ephemeral(content: string): BotMessage {
  return { content: truncate(content, LIMITS.content), flags: MessageFlags.Ephemeral };
}

/**
 * Shows a PNG card as the first embed's image (`attachment://name`), uploaded with the message. Without a
 * card the message goes as text alone, with `files: []` so an edit also drops a card the message had.
 * @param message - the text reply (stays: screen readers read it, and it is the fallback)
 * @param name - file name, ASCII letters, digits, `-`, `_` and `.` (Discord's rule for `attachment://`)
 * @param png - the card's bytes, or undefined when it could not be drawn
 */
export function withCard(message: BotMessage, name: string, png: Buffer | undefined): BotMessage {
  const [first, ...rest] = message.embeds ?? [];
  if (png === undefined || first === undefined) return { ...message, files: [] };
  return {
    ...message,
    embeds: [{ ...first, image: { url: `attachment://${name}` } }, ...rest],
    files: [{ attachment: png, name }],
  };
}

/** Whether a message is ephemeral. */
export function isEphemeral(message: BotMessage): boolean {
  return message.flags === MessageFlags.Ephemeral;
}
