import type { LookupError, PortListError } from '@portdeck/core';
import { hitLabel, hitQuery } from './format.ts';
import { ephemeral, type BotMessage } from './message.ts';

/** What `/port` accepts, shown with every error. */
export const PORT_QUERY_HELP =
  'Try a port number from 0 to 65535 (`3389`), a port and transport (`53/udp`) or a name (`rdp`, `remote desktop`).';

/** A short ephemeral answer to a failed lookup: what went wrong, what is valid, and the closest matches. */
export function renderLookupError(error: LookupError): BotMessage {
  const lines = [error.message];
  if (error.code !== 'unknown-transport') lines.push(PORT_QUERY_HELP);
  if (error.suggestions.length > 0) {
    lines.push(
      `Closest matches: ${error.suggestions.map((hit) => `${hitLabel(hit)} → \`/port ${hitQuery(hit)}\``).join(', ')}`,
    );
  }
  return ephemeral(lines.join('\n'));
}

/** A short ephemeral answer to a list that could not be read. */
export function renderPortListError(error: PortListError): BotMessage {
  return ephemeral(
    `${error.message}\nA list looks like \`22,80,443\`, \`20-23,80\` or \`8000-8100/tcp 53/udp\` (commas or spaces between items).`,
  );
}

/** A port option outside 0-65535 (Discord's client normally stops these; the handler checks anyway). */
export function renderBadPort(value: number | null, option: string): BotMessage {
  return ephemeral(
    `${value === null ? 'Nothing' : String(value)} is not a port for \`${option}\`: ports are whole numbers from 0 to 65535.`,
  );
}

/** The answer when a handler failed unexpectedly. */
export const INTERNAL_ERROR_TEXT = 'Something went wrong while answering. Please try again in a moment.';

/** The ephemeral answer when a handler failed unexpectedly. */
export function renderInternalError(): BotMessage {
  return ephemeral(INTERNAL_ERROR_TEXT);
}

/** The answer to a button portdeck no longer understands (old layout or unknown command). */
export function renderStaleComponent(): BotMessage {
  return ephemeral('This button is from an older message and no longer works. Run the command again.');
}
