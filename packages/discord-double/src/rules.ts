import { ButtonStyle, ComponentType, MessageFlags } from 'discord-api-types/v10';
import type { FieldError, JsonObject } from './types.ts';

/** Discord's documented limits the double enforces. */
export const Limits = {
  responseWindowMs: 3_000,
  tokenLifetimeMs: 15 * 60_000,
  content: 2_000,
  embeds: 10,
  embedTotal: 6_000,
  embedTitle: 256,
  embedDescription: 4_096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1_024,
  embedFooter: 2_048,
  embedAuthorName: 256,
  actionRows: 5,
  rowButtons: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  selectPlaceholder: 150,
  v2Components: 40,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  chatInputCommands: 100,
  modalTitle: 45,
  modalRows: 5,
  textInputLabel: 45,
  textInputValue: 4_000,
} as const;

/** Message flag bits the double understands. */
export const MessageFlag = {
  suppressEmbeds: MessageFlags.SuppressEmbeds,
  hasThread: MessageFlags.HasThread,
  ephemeral: MessageFlags.Ephemeral,
  loading: MessageFlags.Loading,
  suppressNotifications: MessageFlags.SuppressNotifications,
  componentsV2: MessageFlags.IsComponentsV2,
} as const;

type Path = FieldError['path'];

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Discord counts code points, not UTF-16 units.
const textLength = (value: unknown): number => (typeof value === 'string' ? Array.from(value).length : 0);

function maxLength(path: Path, max: number): FieldError {
  return { path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` };
}

function badLength(path: Path, min: number, max: number): FieldError {
  return { path, code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between ${min} and ${max} in length.` };
}

function required(path: Path): FieldError {
  return { path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
}

function checkString(errors: FieldError[], path: Path, value: unknown, min: number, max: number): void {
  if (value === undefined || value === null) {
    if (min > 0) errors.push(required(path));
    return;
  }
  if (typeof value !== 'string') {
    errors.push({ path, code: 'BASE_TYPE_STRING', message: 'Must be a string.' });
    return;
  }
  const length = textLength(value);
  if (length < min || length > max) errors.push(min === 0 ? maxLength(path, max) : badLength(path, min, max));
}

function checkArrayMax(errors: FieldError[], path: Path, value: unknown, max: number): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.push({ path, code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' });
    return [];
  }
  if (value.length > max) errors.push(maxLength(path, max));
  return value as unknown[];
}

/**
 * Checks embeds: at most 10, each field's length, at most 25 fields and 6000 characters in all.
 * @param embeds - the `embeds` array of a message body
 * @param path - where the array sits in the request body
 */
export function validateEmbeds(embeds: unknown, path: Path = ['embeds']): FieldError[] {
  const errors: FieldError[] = [];
  const list = checkArrayMax(errors, path, embeds, Limits.embeds);
  let total = 0;
  list.forEach((embed, index) => {
    const at = [...path, index];
    if (!isObject(embed)) {
      errors.push({
        path: at,
        code: 'MODEL_TYPE_CONVERT',
        message: 'Only dictionaries may be used in a ModelType',
      });
      return;
    }
    checkString(errors, [...at, 'title'], embed.title, 0, Limits.embedTitle);
    checkString(errors, [...at, 'description'], embed.description, 0, Limits.embedDescription);
    total += textLength(embed.title) + textLength(embed.description);
    if (isObject(embed.footer)) {
      checkString(errors, [...at, 'footer', 'text'], embed.footer.text, 1, Limits.embedFooter);
      total += textLength(embed.footer.text);
    }
    if (isObject(embed.author)) {
      checkString(errors, [...at, 'author', 'name'], embed.author.name, 1, Limits.embedAuthorName);
      total += textLength(embed.author.name);
    }
    const fields = checkArrayMax(errors, [...at, 'fields'], embed.fields, Limits.embedFields);
    fields.forEach((field, fieldIndex) => {
      const fieldPath = [...at, 'fields', fieldIndex];
      if (!isObject(field)) return;
      checkString(errors, [...fieldPath, 'name'], field.name, 1, Limits.embedFieldName);
      checkString(errors, [...fieldPath, 'value'], field.value, 1, Limits.embedFieldValue);
      total += textLength(field.name) + textLength(field.value);
    });
  });
  if (total > Limits.embedTotal) {
    errors.push({
      path,
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: `Embed size exceeds maximum size of ${Limits.embedTotal}`,
    });
  }
  return errors;
}

const selectTypes = new Set<unknown>([
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
]);

function checkCustomId(errors: FieldError[], path: Path, customId: unknown, seen: Set<string>): void {
  checkString(errors, path, customId, 1, Limits.customId);
  if (typeof customId !== 'string') return;
  if (seen.has(customId)) {
    errors.push({
      path,
      code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
      message: 'Component custom id cannot be duplicated',
    });
  }
  seen.add(customId);
}

function validateButton(errors: FieldError[], path: Path, button: JsonObject, seen: Set<string>): void {
  checkString(errors, [...path, 'label'], button.label, 0, Limits.buttonLabel);
  if (button.style === ButtonStyle.Link) {
    if (typeof button.url !== 'string') errors.push(required([...path, 'url']));
    if (button.custom_id !== undefined) {
      errors.push({
        path: [...path, 'custom_id'],
        code: 'BUTTON_COMPONENT_LINK_WITH_CUSTOM_ID',
        message: 'A link button cannot have a custom id',
      });
    }
    return;
  }
  if (button.style === ButtonStyle.Premium) return;
  checkCustomId(errors, [...path, 'custom_id'], button.custom_id, seen);
}

function validateComponent(errors: FieldError[], path: Path, component: unknown, seen: Set<string>): number {
  if (!isObject(component)) {
    errors.push({
      path,
      code: 'MODEL_TYPE_CONVERT',
      message: 'Only dictionaries may be used in a ModelType',
    });
    return 0;
  }
  let count = 1;
  if (component.type === ComponentType.ActionRow) {
    const children = checkArrayMax(errors, [...path, 'components'], component.components, Limits.rowButtons);
    if (children.length === 0) errors.push(badLength([...path, 'components'], 1, Limits.rowButtons));
    const hasSelect = children.some((child) => isObject(child) && selectTypes.has(child.type));
    if (hasSelect && children.length > 1) {
      errors.push({
        path: [...path, 'components'],
        code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        message: 'The specified component exceeds the maximum width',
      });
    }
    children.forEach((child, index) => {
      count += validateComponent(errors, [...path, 'components', index], child, seen);
    });
  } else if (component.type === ComponentType.Button) {
    validateButton(errors, path, component, seen);
  } else if (selectTypes.has(component.type)) {
    checkCustomId(errors, [...path, 'custom_id'], component.custom_id, seen);
    checkString(errors, [...path, 'placeholder'], component.placeholder, 0, Limits.selectPlaceholder);
    if (component.type === 3) {
      const options = checkArrayMax(errors, [...path, 'options'], component.options, Limits.selectOptions);
      if (options.length === 0) errors.push(badLength([...path, 'options'], 1, Limits.selectOptions));
    }
  } else if (Array.isArray(component.components)) {
    // Components v2 containers and sections nest further components.
    component.components.forEach((child: unknown, index: number) => {
      count += validateComponent(errors, [...path, 'components', index], child, seen);
    });
  }
  if (isObject(component.accessory))
    count += validateComponent(errors, [...path, 'accessory'], component.accessory, seen);
  return count;
}

/**
 * Checks message components: at most 5 action rows of at most 5 buttons, labels, and custom ids
 * (1-100 characters, unique within the message). With the components v2 flag, at most 40 in all.
 * @param components - the `components` array of a message body
 * @param flags - message flags (decides between classic and v2 layout)
 * @param path - where the array sits in the request body
 */
export function validateComponents(
  components: unknown,
  flags = 0,
  path: Path = ['components'],
): FieldError[] {
  const errors: FieldError[] = [];
  const isV2 = (flags & MessageFlag.componentsV2) !== 0;
  const list = checkArrayMax(errors, path, components, isV2 ? Limits.v2Components : Limits.actionRows);
  const seen = new Set<string>();
  let count = 0;
  list.forEach((component, index) => {
    if (!isV2 && isObject(component) && component.type !== 1) {
      errors.push({
        path: [...path, index, 'type'],
        code: 'COMPONENT_INVALID_TYPE',
        message: 'Top-level components must be action rows',
      });
    }
    count += validateComponent(errors, [...path, index], component, seen);
  });
  if (isV2 && count > Limits.v2Components) errors.push(maxLength(path, Limits.v2Components));
  return errors;
}

/** How strictly {@link validateMessage} treats a body. */
export interface MessageCheckOptions {
  /** True for new messages: an empty message is refused. */
  isCreate: boolean;
}

/** Result of validating a message body: field errors and whether it would be empty. */
export interface MessageCheck {
  /** Field errors (answered as 50035). */
  errors: FieldError[];
  /** True when a new message would have no content, embeds, components, attachments or poll (50006). */
  isEmpty: boolean;
}

/**
 * Checks a message body (reply, edit, follow-up or channel message): content length, embeds, components.
 * @param body - the message JSON
 * @param options - whether this creates a message
 */
export function validateMessage(body: unknown, options: MessageCheckOptions): MessageCheck {
  if (!isObject(body)) return { errors: [], isEmpty: options.isCreate };
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  const errors = [
    ...(() => {
      const own: FieldError[] = [];
      checkString(own, ['content'], body.content, 0, Limits.content);
      return own;
    })(),
    ...validateEmbeds(body.embeds),
    ...validateComponents(body.components, flags),
  ];
  if (
    (flags & MessageFlag.componentsV2) !== 0 &&
    (textLength(body.content) > 0 || isNonEmptyArray(body.embeds))
  ) {
    errors.push({
      path: ['content'],
      code: 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
      message: "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
    });
  }
  return { errors, isEmpty: options.isCreate && !hasVisibleContent(body) };
}

const isNonEmptyArray = (value: unknown): boolean => Array.isArray(value) && value.length > 0;

/**
 * Whether a message (body or stored message) shows anything: content, embeds, components, attachments, poll.
 * @param message - message JSON
 */
export function hasVisibleContent(message: JsonObject): boolean {
  return (
    textLength(message.content) > 0 ||
    isNonEmptyArray(message.embeds) ||
    isNonEmptyArray(message.components) ||
    isNonEmptyArray(message.attachments) ||
    isObject(message.poll) ||
    isNonEmptyArray(message.sticker_ids)
  );
}

/**
 * Checks autocomplete choices: at most 25, names 1-100 characters, string values at most 100.
 * @param choices - the `choices` array of a type 8 callback
 * @param path - where the array sits in the request body
 */
export function validateChoices(choices: unknown, path: Path = ['data', 'choices']): FieldError[] {
  const errors: FieldError[] = [];
  if (choices === undefined) return [required(path)];
  const list = checkArrayMax(errors, path, choices, Limits.choices);
  list.forEach((choice, index) => {
    const at = [...path, index];
    if (!isObject(choice)) {
      errors.push({
        path: at,
        code: 'MODEL_TYPE_CONVERT',
        message: 'Only dictionaries may be used in a ModelType',
      });
      return;
    }
    checkString(errors, [...at, 'name'], choice.name, 1, Limits.choiceName);
    if (typeof choice.value === 'string')
      checkString(errors, [...at, 'value'], choice.value, 0, Limits.choiceValue);
    else if (typeof choice.value !== 'number') errors.push(required([...at, 'value']));
  });
  return errors;
}

/**
 * Checks a modal (callback type 9): custom id, title 1-45, 1-5 rows, text input labels and values.
 * @param modal - the callback's `data`
 * @param path - where the modal sits in the request body
 */
export function validateModal(modal: unknown, path: Path = ['data']): FieldError[] {
  const errors: FieldError[] = [];
  if (!isObject(modal)) return [required(path)];
  checkString(errors, [...path, 'title'], modal.title, 1, Limits.modalTitle);
  checkCustomId(errors, [...path, 'custom_id'], modal.custom_id, new Set());
  const rows = checkArrayMax(errors, [...path, 'components'], modal.components, Limits.modalRows);
  if (rows.length === 0) errors.push(badLength([...path, 'components'], 1, Limits.modalRows));
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const inputs = isObject(row) && Array.isArray(row.components) ? (row.components as unknown[]) : [];
    const direct = isObject(row) && isObject(row.component) ? [row.component] : [];
    [...inputs, ...direct].forEach((input, inputIndex) => {
      const at = [...path, 'components', index, 'components', inputIndex];
      if (!isObject(input)) return;
      checkCustomId(errors, [...at, 'custom_id'], input.custom_id, seen);
      if (input.type === ComponentType.TextInput) {
        checkString(errors, [...at, 'label'], input.label, 0, Limits.textInputLabel);
        checkString(errors, [...at, 'value'], input.value, 0, Limits.textInputValue);
      }
    });
  });
  return errors;
}

// Discord's documented pattern for command and option names.
const namePattern = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateName(errors: FieldError[], path: Path, name: unknown, isChatInput: boolean): void {
  if (typeof name !== 'string') {
    errors.push(required(path));
    return;
  }
  const length = textLength(name);
  if (length < 1 || length > Limits.commandName) {
    errors.push(badLength(path, 1, Limits.commandName));
    return;
  }
  if (isChatInput && (!namePattern.test(name) || name !== name.toLowerCase())) {
    errors.push({ path, code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
  }
}

// parent: 0 for the command itself, 1 inside a subcommand, 2 inside a group.
function validateOptions(errors: FieldError[], path: Path, options: unknown, parent: 0 | 1 | 2): void {
  const list = checkArrayMax(errors, path, options, Limits.commandOptions);
  const names = new Set<string>();
  let sawOptional = false;
  list.forEach((option, index) => {
    const at = [...path, index];
    if (!isObject(option)) {
      errors.push({
        path: at,
        code: 'MODEL_TYPE_CONVERT',
        message: 'Only dictionaries may be used in a ModelType',
      });
      return;
    }
    validateName(errors, [...at, 'name'], option.name, true);
    checkString(errors, [...at, 'description'], option.description, 1, Limits.commandDescription);
    if (typeof option.name === 'string') {
      if (names.has(option.name)) {
        errors.push({
          path: [...at, 'name'],
          code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS',
          message: 'Application command option names must be unique',
        });
      }
      names.add(option.name);
    }
    const type = typeof option.type === 'number' ? option.type : 0;
    if (type < 1 || type > 11) {
      errors.push({
        path: [...at, 'type'],
        code: 'BASE_TYPE_CHOICES',
        message: `Value must be one of {1, ..., 11}.`,
      });
    }
    const isSubcommand = type === 1 || type === 2;
    if (isSubcommand) {
      // Groups hold subcommands, which hold plain options: nothing else nests.
      if (parent === 1 || (parent === 2 && type === 2)) {
        errors.push({
          path: [...at, 'type'],
          code: 'APPLICATION_COMMAND_OPTION_TYPE_INVALID_NESTING',
          message: 'Subcommands and groups cannot be nested this deep',
        });
      }
      validateOptions(errors, [...at, 'options'], option.options, type === 1 ? 1 : 2);
      return;
    }
    if (option.required === true && sawOptional) {
      errors.push({
        path: [...at, 'required'],
        code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        message: 'Required options must be placed before non-required options',
      });
    }
    if (option.required !== true) sawOptional = true;
    if (option.autocomplete === true && isNonEmptyArray(option.choices)) {
      errors.push({
        path: [...at, 'autocomplete'],
        code: 'AUTOCOMPLETE_CHOICES_CONFLICT',
        message: 'Autocomplete cannot be set on an option with choices',
      });
    }
    if (option.choices !== undefined) errors.push(...validateChoices(option.choices, [...at, 'choices']));
  });
}

/**
 * Checks one application command: name (1-32, lowercase for chat input), description (1-100),
 * at most 25 options, option names unique, required before optional, choices, nesting.
 * @param command - command JSON as sent by the bot
 * @param path - where the command sits in the request body
 */
export function validateCommand(command: unknown, path: Path = []): FieldError[] {
  const errors: FieldError[] = [];
  if (!isObject(command)) {
    return [{ path, code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' }];
  }
  const type = command.type ?? 1;
  const isChatInput = type === 1;
  validateName(errors, [...path, 'name'], command.name, isChatInput);
  if (isChatInput) {
    checkString(errors, [...path, 'description'], command.description, 1, Limits.commandDescription);
    validateOptions(errors, [...path, 'options'], command.options, 0);
  } else if (textLength(command.description) > 0) {
    errors.push({
      path: [...path, 'description'],
      code: 'APPLICATION_COMMAND_DESCRIPTION_NOT_EMPTY',
      message: 'Context menu commands cannot have a description',
    });
  }
  return errors;
}

/**
 * Checks a bulk overwrite: each command, unique names per type, at most 100 chat input commands.
 * @param commands - the PUT body
 */
export function validateCommands(commands: unknown): FieldError[] {
  if (!Array.isArray(commands)) return [{ path: [], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  let chatInput = 0;
  (commands as unknown[]).forEach((command, index) => {
    errors.push(...validateCommand(command, [index]));
    if (!isObject(command)) return;
    const key = `${typeof command.type === 'number' ? command.type : 1}:${String(command.name)}`;
    if (seen.has(key)) {
      errors.push({
        path: [index, 'name'],
        code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
        message: 'Application command names must be unique',
      });
    }
    seen.add(key);
    if ((command.type ?? 1) === 1) chatInput += 1;
  });
  if (chatInput > Limits.chatInputCommands) errors.push(maxLength([], Limits.chatInputCommands));
  return errors;
}

/**
 * Whether a first response is still on time (within 3 s of dispatch, inclusive).
 * @param dispatchedAt - injected-clock time the interaction was dispatched
 * @param now - injected-clock time of the response
 */
export function isWithinResponseWindow(dispatchedAt: number, now: number): boolean {
  return now - dispatchedAt <= Limits.responseWindowMs;
}

/**
 * Whether an interaction token still works for edits and follow-ups (15 min from dispatch).
 * @param dispatchedAt - injected-clock time the interaction was dispatched
 * @param now - injected-clock time of the request
 */
export function isTokenAlive(dispatchedAt: number, now: number): boolean {
  return now - dispatchedAt <= Limits.tokenLifetimeMs;
}

/**
 * Folds field errors into Discord's nested `errors` object (`{ data: { content: { _errors: [...] } } }`).
 * @param fieldErrors - errors with paths
 */
export function toErrorTree(fieldErrors: readonly FieldError[]): JsonObject {
  const tree: JsonObject = {};
  for (const { path, code, message } of fieldErrors) {
    let node = tree;
    for (const key of path) {
      const name = String(key);
      const next = node[name];
      node = isObject(next) ? next : (node[name] = {});
    }
    const list = Array.isArray(node._errors) ? (node._errors as unknown[]) : (node._errors = []);
    list.push({ code, message });
  }
  return tree;
}
