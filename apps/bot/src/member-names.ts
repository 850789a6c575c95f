import type { Interaction } from 'discord.js';
import type { Logger } from 'pino';
import type { Store } from '@portdeck/store';

/** Names a process remembers having written; past this many it starts over (a write more, never a wrong name). */
const MAX_REMEMBERED = 50_000;

/**
 * Keeps members' display names in the store for pictures and dashboards, which cannot render a mention.
 * A name is written when this process first sees the member in a server or sees it changed, never on the
 * interaction's own path: a failed write is logged and retried on the member's next interaction.
 */
export function createNameBook(options: { store: Store; now: () => number; logger: Logger }) {
  const written = new Map<string, string>();
  return {
    note(interaction: Interaction): void {
      const { guildId } = interaction;
      if (guildId === null) return;
      const name = displayNameOf(interaction);
      const key = `${guildId}:${interaction.user.id}`;
      if (written.get(key) === name) return;
      if (written.size >= MAX_REMEMBERED) written.clear();
      written.set(key, name);
      options.store.boards
        .rememberName(guildId, interaction.user.id, name, options.now())
        .catch((error: unknown) => {
          written.delete(key);
          options.logger.warn({ err: error, interactionId: interaction.id }, 'could not keep a display name');
        });
    },
  };
}

/** The name Discord shows for the member: the server nickname, else the global name, else the username. */
function displayNameOf(interaction: Interaction): string {
  const { member } = interaction;
  if (member !== null && 'displayName' in member) return member.displayName;
  if (member?.nick) return member.nick;
  return interaction.user.displayName;
}
