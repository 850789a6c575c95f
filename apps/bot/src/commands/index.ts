import { command as daily } from './daily.ts';
import { command as drill } from './drill.ts';
import { command as dashboard } from './dashboard.ts';
import { command as flashcards } from './flashcards.ts';
import { command as flow } from './flow.ts';
import { command as help } from './help.ts';
import { command as leaderboard } from './leaderboard.ts';
import { command as port } from './port.ts';
import { command as ports } from './ports.ts';
import { command as progress } from './progress.ts';
import { command as range } from './range.ts';
import { command as settings } from './settings.ts';
import type { BotCommand } from './types.ts';

/** Every slash command, in the order `/help` and registration list them. Add new commands here. */
export const commands: readonly BotCommand[] = [
  port,
  range,
  flow,
  ports,
  flashcards,
  progress,
  leaderboard,
  settings,
  daily,
  drill,
  dashboard,
  help,
];

/** Commands by name, for routing interactions. */
export function commandMap(list: readonly BotCommand[] = commands): ReadonlyMap<string, BotCommand> {
  return new Map(list.map((c) => [c.data.name, c]));
}
