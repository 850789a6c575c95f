import { LIMITS } from './render/message.ts';

/**
 * A component's custom id, `<command>:<version>:<payload>`: the command routes the click, the version
 * lets a command refuse buttons from an older layout, the payload carries all state (nothing in memory,
 * so buttons keep working after a restart).
 */
export interface ComponentId {
  readonly command: string;
  readonly version: number;
  readonly payload: string;
}

const COMMAND = /^[a-z0-9_-]{1,32}$/;

/** Writes a custom id; throws on a programmer error (bad command name, too long for Discord). */
export function encodeCustomId(id: ComponentId): string {
  if (!COMMAND.test(id.command)) throw new RangeError(`bad command name in custom id: ${id.command}`);
  if (!Number.isInteger(id.version) || id.version < 0) throw new RangeError(`bad version: ${id.version}`);
  const text = `${id.command}:${id.version}:${id.payload}`;
  if (text.length > LIMITS.customId) throw new RangeError(`custom id longer than 100 characters: ${text}`);
  return text;
}

/** Reads a custom id written by {@link encodeCustomId}, or undefined for anything else. */
export function parseCustomId(text: string): ComponentId | undefined {
  const match = /^([a-z0-9_-]{1,32}):(\d{1,6}):(.*)$/s.exec(text);
  if (!match || text.length > LIMITS.customId) return undefined;
  const [, command = '', version = '', payload = ''] = match;
  return { command, version: Number(version), payload };
}
