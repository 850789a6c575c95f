import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
} from 'discord.js';
import { snowflakeAt } from '@portdeck/core';
import type { Logger } from 'pino';
import type {
  AutocompleteInteractionLike,
  BotCommand,
  Choice,
  CommandContext,
  CommandInteractionLike,
  ComponentInteractionLike,
  InteractionPlace,
  InteractionUser,
  ModalBody,
  ModalInteractionLike,
} from './commands/types.ts';
import type { ChannelMessenger } from './messenger.ts';
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

/** Who the console's person is to the store: one fixed user per database (`as <name>` acts as another). */
export const CONSOLE_USER = { id: 'console' } as const;

/** The console's one server and channel, where its person may do anything, and so may the bot. */
export const CONSOLE_GUILD_ID = 'console-server';
export const CONSOLE_CHANNEL_ID = 'console-channel';
const everything = { has: () => true } as const;

/** What every console interaction shares: where it happens, and the acknowledgement state machine. */
class Acknowledgeable implements InteractionPlace {
  readonly id = snowflakeAt(Date.now());
  readonly guildId: string | null = CONSOLE_GUILD_ID;
  readonly channelId: string | null = CONSOLE_CHANNEL_ID;
  readonly memberPermissions: InteractionPlace['memberPermissions'] = everything;
  readonly appPermissions: InteractionPlace['appPermissions'] = everything;
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

class ConsoleCommand extends Acknowledgeable implements CommandInteractionLike {
  readonly options: CommandInteractionLike['options'];
  constructor(
    readonly commandName: string,
    values: Values,
    readonly user: InteractionUser = CONSOLE_USER,
    readonly subcommand: string | null = null,
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
      getBoolean: (name, required) => {
        const value = get(name, required);
        return value === null ? null : value === 'true' || value === 1;
      },
      getSubcommand: (required) => {
        if (subcommand === null && required === true) throw new TypeError('missing subcommand');
        return subcommand;
      },
      // The console has one channel: a channel option names it (a text channel).
      getChannel: (name, required) =>
        get(name, required) === null ? null : { id: CONSOLE_CHANNEL_ID, type: 0 },
      getRole: (name, required) => {
        const value = get(name, required);
        return value === null ? null : { id: String(value) };
      },
      getUser: (name, required) => {
        const value = get(name, required);
        return value === null ? null : { id: String(value) };
      },
    };
  }
}

class ConsoleComponent extends Acknowledgeable implements ComponentInteractionLike {
  constructor(
    readonly customId: string,
    readonly user: InteractionUser = CONSOLE_USER,
  ) {
    super();
  }

  update(message: MessageBody): Promise<void> {
    if (this.replied || this.deferred) return Promise.reject(new AlreadyAcknowledgedError());
    this.replied = true;
    this.messages.push(message);
    return Promise.resolve();
  }

  /** The form the handler opened (the console answers it with `submit <text>`). */
  modal: ModalBody | undefined;

  showModal(modal: ModalBody): Promise<void> {
    if (this.replied || this.deferred) return Promise.reject(new AlreadyAcknowledgedError());
    this.replied = true;
    this.modal = modal;
    return Promise.resolve();
  }
}

/** A submitted form: every text input gets the typed text. */
class ConsoleModal extends Acknowledgeable implements ModalInteractionLike {
  readonly fields: { getTextInputValue(customId: string): string };
  constructor(
    readonly customId: string,
    text: string,
    readonly user: InteractionUser = CONSOLE_USER,
  ) {
    super();
    this.fields = { getTextInputValue: () => text };
  }
}

class ConsoleAutocomplete implements AutocompleteInteractionLike {
  readonly id = snowflakeAt(Date.now());
  readonly user = CONSOLE_USER;
  responded = false;
  choices: readonly Choice[] = [];
  readonly options: AutocompleteInteractionLike['options'];
  constructor(
    readonly commandName: string,
    focused: string,
    focusedName = '',
  ) {
    function getFocused(): string;
    function getFocused(getFull: true): { name: string; value: string };
    function getFocused(getFull?: boolean): string | { name: string; value: string } {
      return getFull === true ? { name: focusedName, value: focused } : focused;
    }
    this.options = { getFocused };
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
  /**
   * Runs one line: `/port 3389`, `/daily setup time:09:00 ...`, `suggest /port rem`, `click 1`,
   * `click port:1:443`, `as alice click 2` (act as another user), `help`. Resolves with the text to print.
   */
  run(line: string): Promise<string>;
  /** Autocomplete suggestions for a partial line (for Tab completion). */
  complete(line: string): Promise<string[]>;
}

/** What the console understands besides slash commands. */
export const CONSOLE_HELP = [
  'Type a slash command as in Discord: /port 3389, /port query:rdp, /range 51514, /flow 51514 443, /ports 20-23,80, /help',
  '  /flashcards, /flashcards deck:network-plus, /flashcards mode:cram filter:missed, /progress, /settings timezone:Europe/Berlin day-starts:4',
  '  /daily setup channel:here time:09:00 timezone:Europe/Berlin, /daily post, as alice click 2, /daily close, /daily streak',
  '  suggest /port remote   show the autocomplete choices for what is typed',
  '  click 1                press the first button of the last message (or: click <custom id>, ids are listed)',
  '  submit <text>          answer the form a button opened (e.g. a typed drill answer: submit ssh)',
  '  as alice <line>        run the line as another member (e.g. as alice click 2); the console is one server and channel',
  '  (empty line)           let time pass: runs what is due (a drill round, a deadline)',
  '  exit                   leave',
].join('\n');

/** Creates a console session over the same router and handlers the bot uses. */
export function createConsoleSession(options: {
  readonly commands: readonly BotCommand[];
  readonly context: CommandContext;
  readonly logger: Logger;
  /** Channel messages the bot posted (from {@link createConsoleChannels}): printed, and clickable. */
  readonly channels?: ConsoleChannels;
  /** Runs after every line (the console ticks the scheduler here, so due posts appear). */
  readonly afterEach?: () => Promise<void>;
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
    const interaction = new ConsoleAutocomplete(name, typed, focusedOption.name);
    await router.runAutocomplete(interaction);
    return interaction.choices;
  }

  async function command(line: string, user: InteractionUser): Promise<string> {
    const { command: found, name, rest } = split(line);
    if (!found)
      return `Unknown command /${name}. Commands: ${[...byName.keys()].map((n) => `/${n}`).join(', ')}`;
    const declared = found.data.options ?? [];
    const subcommands = declared.filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
    let subcommand: string | null = null;
    let options = declared.filter(isBasic);
    let optionText = rest;
    if (subcommands.length > 0) {
      // `/daily setup time:09:00 ...`: the first word names the subcommand, whose options follow.
      const [word = '', ...others] = rest.trim().split(/\s+/);
      const chosen = subcommands.find((o) => o.name === word.toLowerCase());
      if (chosen === undefined)
        return `Use one of: ${subcommands.map((o) => `/${name} ${o.name}`).join(', ')}`;
      subcommand = chosen.name;
      options = ('options' in chosen ? (chosen.options ?? []) : []).filter(isBasic);
      optionText = others.join(' ');
    }
    const parsed = parseOptions(options, optionText);
    if (!parsed.ok) return parsed.message;
    const interaction = new ConsoleCommand(name, parsed.values, user, subcommand);
    await router.runCommand(interaction);
    lastMessage = interaction.messages.at(-1);
    return interaction.messages.map(messageToText).join('\n\n');
  }

  let lastMessage: BotMessage | undefined;
  /** The form each user has open. */
  const modals = new Map<string, ModalBody>();

  async function submit(text: string, user: InteractionUser): Promise<string> {
    const modal = modals.get(user.id);
    if (modal === undefined) return 'No form is open: click a button that opens one first.';
    modals.delete(user.id);
    const interaction = new ConsoleModal(modal.custom_id, text, user);
    await router.runModal(interaction);
    return interaction.messages.map(messageToText).join('\n\n');
  }

  async function click(target: string, user: InteractionUser): Promise<string> {
    const ids = (lastMessage?.components ?? []).flatMap((row) => row.components.map((b) => b.custom_id));
    // A number picks the button shown with that number; anything else is a custom id.
    const customId = /^\d{1,2}$/.test(target) ? (ids[Number(target) - 1] ?? target) : target;
    if (!ids.includes(customId)) {
      return ids.length === 0
        ? 'The last reply has no buttons.'
        : `No such button. Try: click 1-${ids.length}, or one of ${ids.join(', ')}`;
    }
    const interaction = new ConsoleComponent(customId, user);
    await router.runComponent(interaction);
    if (interaction.modal !== undefined) {
      modals.set(user.id, interaction.modal);
      return `[form] ${interaction.modal.title}: type \`${user.id === CONSOLE_USER.id ? '' : `as ${user.id} `}submit <text>\``;
    }
    const shown = interaction.messages.at(-1);
    if (shown && !('flags' in shown)) lastMessage = shown;
    return interaction.messages.map(messageToText).join('\n\n');
  }

  async function one(text: string, user: InteractionUser): Promise<string> {
    if (text === 'help' || text === '?') return CONSOLE_HELP;
    if (text.startsWith('suggest ')) {
      const choices = await suggest(text.slice('suggest '.length));
      return typeof choices === 'string' ? choices : choicesToText(choices);
    }
    if (text.startsWith('click ')) return click(text.slice('click '.length).trim(), user);
    if (text.startsWith('submit ')) return submit(text.slice('submit '.length).trim(), user);
    return command(text, user);
  }

  /** What the bot posted or edited in the channel since the last line; the newest post becomes clickable. */
  function channelNews(): string {
    const news = options.channels?.take() ?? [];
    const posted = news.filter((n) => n.kind === 'post').at(-1);
    if (posted !== undefined) lastMessage = posted.message;
    return news
      .map((n) => `[#channel ${n.kind === 'post' ? 'new message' : n.kind}] ${messageToText(n.message)}`)
      .join('\n\n');
  }

  return {
    async run(line) {
      const text = line.trim();
      // An empty line lets time pass: the scheduler ticks (a drill's next round, a deadline).
      if (text === '') {
        await options.afterEach?.();
        return channelNews();
      }
      const as = /^as\s+(\S+)\s+(.*)$/s.exec(text);
      const user = as === null ? CONSOLE_USER : { id: as[1] ?? CONSOLE_USER.id };
      const answer = await one(as === null ? text : (as[2] ?? ''), user);
      await options.afterEach?.();
      return [answer, channelNews()].filter((part) => part !== '').join('\n\n');
    },
    async complete(line) {
      const choices = await suggest(line);
      if (typeof choices === 'string') return [];
      const { name } = split(line);
      return choices.map((c) => `/${name} ${c.value}`);
    },
  };
}

/** A channel event the console shows. */
export interface ChannelNews {
  readonly kind: 'post' | 'edit' | 'thread' | 'pin' | 'unpin';
  readonly message: MessageBody;
}

/** The console's messenger: posts and edits are kept to print (and click) after the line that caused them. */
export interface ConsoleChannels extends ChannelMessenger {
  /** Everything since the last call, oldest first. */
  take(): ChannelNews[];
}

/** Creates the console's channel: one channel, messages numbered as they are posted. */
export function createConsoleChannels(): ConsoleChannels {
  let news: ChannelNews[] = [];
  let next = 1;
  const note = (kind: ChannelNews['kind'], message: MessageBody): void => {
    news.push({ kind, message });
  };
  return {
    post: (_channelId, { nonce: _nonce, allowedMentions: _mentions, ...message }) => {
      note('post', message);
      return Promise.resolve({ id: `console-message-${next++}` });
    },
    edit: (_channelId, _messageId, message) => {
      note('edit', message);
      return Promise.resolve();
    },
    startThread: (_channelId, messageId, name) => {
      note('thread', { content: `thread: ${name}` });
      return Promise.resolve({ id: messageId });
    },
    pin: () => {
      note('pin', { content: 'pinned' });
      return Promise.resolve();
    },
    unpin: () => {
      note('unpin', { content: 'unpinned' });
      return Promise.resolve();
    },
    take: () => {
      const taken = news;
      news = [];
      return taken;
    },
  };
}
