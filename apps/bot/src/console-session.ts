import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
} from 'discord.js';
import type { Logger } from 'pino';
import type {
  AutocompleteInteractionLike,
  BotCommand,
  Choice,
  CommandContext,
  CommandInteractionLike,
  ComponentInteractionLike,
} from './commands/types.ts';
import type { BotMessage, MessageBody } from './render/message.ts';
import { choicesToText, messageToText } from './render/text.ts';
import { createRouter } from './router.ts';

/*
 * The console feeds the very same router and command handlers an in-process interaction object instead of
 * running discord.js against a local double: it needs no network, starts instantly, and shows exactly what the
 * handlers answer. The discord.js path itself is exercised by the integration tests against the double.
 */

type Values = Map<string, string | number>;

/** Thrown when a reply would be a second acknowledgement: Discord answers 40060. */
class AlreadyAcknowledgedError extends Error {
  constructor() {
    super('Interaction has already been acknowledged (40060)');
  }
}

/** The acknowledgement state machine every console interaction shares. */
class Acknowledgeable {
  replied = false;
  deferred = false;
  readonly messages: BotMessage[] = [];

  reply(message: BotMessage): Promise<void> {
    if (this.replied || this.deferred) return Promise.reject(new AlreadyAcknowledgedError());
    this.replied = true;
    this.messages.push(message);
    return Promise.resolve();
  }

  editReply(message: MessageBody): Promise<void> {
    if (!this.replied && !this.deferred) return Promise.reject(new Error('not acknowledged yet (10015)'));
    this.replied = true;
    this.messages.push(message);
    return Promise.resolve();
  }
}

/** Who the console's person is to the store: one fixed user per database. */
export const CONSOLE_USER = { id: 'console' } as const;

class ConsoleCommand extends Acknowledgeable implements CommandInteractionLike {
  readonly options: CommandInteractionLike['options'];
  readonly user = CONSOLE_USER;
  constructor(
    readonly commandName: string,
    values: Values,
  ) {
    super();
    const get = (name: string, required = false): string | number | null => {
      const value = values.get(name);
      if (value === undefined && required) throw new TypeError(`missing required option ${name}`);
      return value ?? null;
    };
    this.options = {
      getString: (name, required) => {
        const value = get(name, required);
        return value === null ? null : String(value);
      },
      getInteger: (name, required) => {
        const value = get(name, required);
        return value === null ? null : Number(value);
      },
    };
  }
}

class ConsoleComponent extends Acknowledgeable implements ComponentInteractionLike {
  readonly user = CONSOLE_USER;
  constructor(readonly customId: string) {
    super();
  }

  update(message: MessageBody): Promise<void> {
    if (this.replied || this.deferred) return Promise.reject(new AlreadyAcknowledgedError());
    this.replied = true;
    this.messages.push(message);
    return Promise.resolve();
  }
}

class ConsoleAutocomplete implements AutocompleteInteractionLike {
  readonly user = CONSOLE_USER;
  responded = false;
  choices: readonly Choice[] = [];
  readonly options: { getFocused(): string };
  constructor(
    readonly commandName: string,
    focused: string,
  ) {
    this.options = { getFocused: () => focused };
  }

  respond(choices: readonly Choice[]): Promise<void> {
    if (this.responded) return Promise.reject(new AlreadyAcknowledgedError());
    this.responded = true;
    this.choices = choices;
    return Promise.resolve();
  }
}

function isBasic(option: APIApplicationCommandOption): option is APIApplicationCommandBasicOption {
  return (
    option.type !== ApplicationCommandOptionType.Subcommand &&
    option.type !== ApplicationCommandOptionType.SubcommandGroup
  );
}

/** Splits what follows the command name into option values: `query:rdp`, or positionally (the last takes the rest). */
export function parseOptions(
  declared: readonly APIApplicationCommandBasicOption[],
  rest: string,
): { ok: true; values: Values } | { ok: false; message: string } {
  const values: Values = new Map();
  const text = rest.trim();
  const names = declared.map((o) => o.name);
  const named = new RegExp(`(?:^|\\s)(${names.join('|')}):`, 'g');
  const marks = names.length === 0 ? [] : [...text.matchAll(named)];
  const raw = new Map<string, string>();
  if (marks.length > 0) {
    marks.forEach((mark, i) => {
      const start = mark.index + mark[0].length;
      const end = marks[i + 1]?.index ?? text.length;
      raw.set(mark[1] ?? '', text.slice(start, end).trim());
    });
  } else if (text !== '') {
    const words = text.split(/\s+/);
    declared.forEach((option, i) => {
      const isLast = i === declared.length - 1;
      const value = isLast ? words.slice(i).join(' ') : words[i];
      if (value !== undefined && value !== '') raw.set(option.name, value);
    });
  }
  for (const option of declared) {
    const value = raw.get(option.name);
    if (value === undefined || value === '') {
      if (option.required) return { ok: false, message: `Missing required option \`${option.name}\`.` };
      continue;
    }
    if (option.type === ApplicationCommandOptionType.Integer) {
      // Discord's client refuses these before sending; the console says what it would.
      if (!/^[+-]?\d+$/.test(value)) {
        return {
          ok: false,
          message: `\`${option.name}\` must be a whole number (Discord would not send "${value}").`,
        };
      }
      const number = Number(value);
      const { min_value: min, max_value: max } = option;
      if ((min !== undefined && number < min) || (max !== undefined && number > max)) {
        return {
          ok: false,
          message: `\`${option.name}\` must be from ${String(min ?? '-∞')} to ${String(max ?? '∞')} (Discord would not send ${value}).`,
        };
      }
      values.set(option.name, number);
    } else {
      values.set(option.name, value);
    }
  }
  return { ok: true, values };
}

/** A console session: type a line as in Discord, get the reply as text. */
export interface ConsoleSession {
  /** Runs one line: `/port 3389`, `suggest /port rem`, `click 1`, `click port:1:443`, `help`. Resolves with the text to print. */
  run(line: string): Promise<string>;
  /** Autocomplete suggestions for a partial line (for Tab completion). */
  complete(line: string): Promise<string[]>;
}

/** What the console understands besides slash commands. */
export const CONSOLE_HELP = [
  'Type a slash command as in Discord: /port 3389, /port query:rdp, /range 51514, /flow 51514 443, /ports 20-23,80, /help',
  '  /flashcards, /flashcards deck:network-plus, /flashcards mode:cram filter:missed, /progress, /settings timezone:Europe/Berlin day-starts:4',
  '  suggest /port remote   show the autocomplete choices for what is typed',
  '  click 1                press the first button of the last reply (or: click <custom id>, ids are listed)',
  '  exit                   leave',
].join('\n');

/** Creates a console session over the same router and handlers the bot uses. */
export function createConsoleSession(options: {
  readonly commands: readonly BotCommand[];
  readonly context: CommandContext;
  readonly logger: Logger;
}): ConsoleSession {
  const router = createRouter(options);
  const byName = new Map(options.commands.map((c) => [c.data.name, c]));

  function split(line: string): { command: BotCommand | undefined; name: string; rest: string } {
    const match = /^\/?(\S+)\s*(.*)$/s.exec(line.trim());
    const name = (match?.[1] ?? '').toLowerCase();
    return { command: byName.get(name), name, rest: match?.[2] ?? '' };
  }

  async function suggest(line: string): Promise<readonly Choice[] | string> {
    const { command, name, rest } = split(line);
    if (!command) return `Unknown command /${name}.`;
    const focusedOption = (command.data.options ?? [])
      .filter(isBasic)
      .find((o) => 'autocomplete' in o && o.autocomplete);
    if (!focusedOption) return `/${name} has no autocomplete.`;
    const typed = rest.replace(new RegExp(`^${focusedOption.name}:`), '');
    const interaction = new ConsoleAutocomplete(name, typed);
    await router.runAutocomplete(interaction);
    return interaction.choices;
  }

  async function command(line: string): Promise<string> {
    const { command: found, name, rest } = split(line);
    if (!found)
      return `Unknown command /${name}. Commands: ${[...byName.keys()].map((n) => `/${n}`).join(', ')}`;
    const parsed = parseOptions((found.data.options ?? []).filter(isBasic), rest);
    if (!parsed.ok) return parsed.message;
    const interaction = new ConsoleCommand(name, parsed.values);
    await router.runCommand(interaction);
    lastMessage = interaction.messages.at(-1);
    return interaction.messages.map(messageToText).join('\n\n');
  }

  let lastMessage: BotMessage | undefined;

  async function click(target: string): Promise<string> {
    const ids = (lastMessage?.components ?? []).flatMap((row) => row.components.map((b) => b.custom_id));
    // A number picks the button shown with that number; anything else is a custom id.
    const customId = /^\d{1,2}$/.test(target) ? (ids[Number(target) - 1] ?? target) : target;
    if (!ids.includes(customId)) {
      return ids.length === 0
        ? 'The last reply has no buttons.'
        : `No such button. Try: click 1-${ids.length}, or one of ${ids.join(', ')}`;
    }
    const interaction = new ConsoleComponent(customId);
    await router.runComponent(interaction);
    const shown = interaction.messages.at(-1);
    if (shown && !('flags' in shown)) lastMessage = shown;
    return interaction.messages.map(messageToText).join('\n\n');
  }

  return {
    async run(line) {
      const text = line.trim();
      if (text === '') return '';
      if (text === 'help' || text === '?') return CONSOLE_HELP;
      if (text.startsWith('suggest ')) {
        const choices = await suggest(text.slice('suggest '.length));
        return typeof choices === 'string' ? choices : choicesToText(choices);
      }
      if (text.startsWith('click ')) return click(text.slice('click '.length).trim());
      return command(text);
    },
    async complete(line) {
      const choices = await suggest(line);
      if (typeof choices === 'string') return [];
      const { name } = split(line);
      return choices.map((c) => `/${name} ${c.value}`);
    },
  };
}
