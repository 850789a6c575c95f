/** Words for the RFC 6335 classes. */
export const CLASS_NAMES: Readonly<Record<string, string>> = {
  SYSTEM: 'System (well-known) port',
  USER: 'User (registered) port',
  DYNAMIC: 'Dynamic (ephemeral) port',
};

const KIND_WORDS: Readonly<Record<string, string>> = {
  'port-to-service': 'Which service uses',
  'service-to-port': 'Which port for',
  counterpart: 'Secure counterpart of',
  transport: 'Transport of',
  class: 'Class of port',
};

/** A card id (`port-to-service:3389`) in words ("Which service uses 3389"). */
export function describeCard(cardId: string): string {
  const split = cardId.indexOf(':');
  if (split < 0) return cardId;
  const kind = cardId.slice(0, split);
  return `${KIND_WORDS[kind] ?? kind} ${cardId.slice(split + 1)}`;
}

/** A share 0-1 as a whole percentage ("67%"). */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** A member on a board: the display name the bot last saw, else the Discord id; neutral for one who hides. */
export function memberName(userId: string | null, displayName: string | null = null): string {
  if (userId === null) return 'a player (hidden)';
  return displayName ?? `user ${userId}`;
}

/** "1 answer", "2 answers". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
