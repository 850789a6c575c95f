import type { RegisteredOption } from './types.ts';

/** A command option value as a test (or a console user) gives it. */
export type OptionValue = string | number | boolean;

/** A command option in Discord's wire format. */
export interface ApiCommandOption {
  /** Option name. */
  name: string;
  /** Option type (1 subcommand, 2 group, 3 string, 4 integer, 5 boolean, 10 number, ...). */
  type: number;
  /** Value (absent for subcommands). */
  value?: OptionValue;
  /** Nested options (subcommands and groups). */
  options?: ApiCommandOption[];
  /** Set on the option being typed in autocomplete. */
  focused?: boolean;
}

/** What the user typed, before the Discord client turns it into wire options. */
export interface TypedOptions {
  /** Subcommand group name, if any. */
  subcommandGroup?: string | undefined;
  /** Subcommand name, if any. */
  subcommand?: string | undefined;
  /** Values by option name. */
  values: Record<string, OptionValue>;
  /** Option being typed (autocomplete): sent as a string, required options not checked. */
  focused?: string | undefined;
}

const inferType = (value: OptionValue): number => {
  if (typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isInteger(value) ? 4 : 10;
  return 3;
};

function coerce(option: RegisteredOption, value: OptionValue): OptionValue {
  const { name, type } = option;
  if (type === 4 || type === 10) {
    const number = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(number) || (type === 4 && !Number.isInteger(number))) {
      throw new Error(`option ${name} needs ${type === 4 ? 'an integer' : 'a number'}, got ${String(value)}`);
    }
    const { min_value: min, max_value: max } = option;
    if ((typeof min === 'number' && number < min) || (typeof max === 'number' && number > max)) {
      throw new Error(`option ${name} must be within ${String(min)}..${String(max)}, got ${number}`);
    }
    return number;
  }
  if (type === 5) {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new Error(`option ${name} needs true or false, got ${String(value)}`);
  }
  return String(value);
}

/**
 * Turns typed values into wire options the way the Discord client does: types and coercion from the
 * registered command (inferred when it is not registered), and it refuses what the client would not
 * send (unknown options, missing required ones, a value outside the choices or bounds).
 * @param typed - subcommand path, values and focused option
 * @param declared - the registered command's options, or undefined when not registered
 */
export function buildCommandOptions(
  typed: TypedOptions,
  declared: RegisteredOption[] | undefined,
): ApiCommandOption[] {
  let level = declared;
  const descend = (name: string): void => {
    if (!level) return;
    const found = level.find((option) => option.name === name);
    if (!found) throw new Error(`unknown subcommand ${name}`);
    level = found.options ?? [];
  };
  if (typed.subcommandGroup !== undefined) descend(typed.subcommandGroup);
  if (typed.subcommand !== undefined) descend(typed.subcommand);
  const isAutocomplete = typed.focused !== undefined;
  let options: ApiCommandOption[] = Object.entries(typed.values).map(([name, value]) => {
    const option = level?.find((candidate) => candidate.name === name);
    if (level && !option) throw new Error(`unknown option ${name}`);
    if (name === typed.focused) return { name, type: option?.type ?? 3, value: String(value), focused: true };
    if (!option) return { name, type: inferType(value), value };
    const coerced = coerce(option, value);
    const choices = Array.isArray(option.choices) ? (option.choices as { value: unknown }[]) : [];
    if (choices.length > 0 && !choices.some((choice) => choice.value === coerced)) {
      throw new Error(`option ${name} must be one of its choices, got ${String(value)}`);
    }
    return { name, type: option.type, value: coerced };
  });
  if (!isAutocomplete) {
    const missing = (level ?? []).filter(
      (option) => option.required === true && !(option.name in typed.values),
    );
    if (missing.length > 0)
      throw new Error(`missing required option ${missing.map((option) => option.name).join(', ')}`);
  } else if (!options.some((option) => option.focused === true)) {
    const type = level?.find((option) => option.name === typed.focused)?.type ?? 3;
    options = [...options, { name: typed.focused ?? '', type, value: '', focused: true }];
  }
  if (typed.subcommand !== undefined) options = [{ name: typed.subcommand, type: 1, options }];
  if (typed.subcommandGroup !== undefined) options = [{ name: typed.subcommandGroup, type: 2, options }];
  return options;
}
