import { checkPort } from '@portdeck/core';
import { badUserInput } from './errors.ts';

/** Checks a port argument with core's rules, throwing PORT_OUT_OF_RANGE with core's message. */
export function portArgument(value: number, argument: string): number {
  const checked = checkPort(value);
  if (!checked.ok) {
    throw badUserInput('PORT_OUT_OF_RANGE', checked.error.message, { argument, value });
  }
  return checked.value;
}

/** Trims a text argument, throwing the given reason when nothing is left. */
export function nonEmptyArgument(
  value: string,
  argument: string,
  reason: 'EMPTY_NAME' | 'EMPTY_QUERY' | 'EMPTY_ID',
): string {
  const text = value.trim();
  if (text === '') throw badUserInput(reason, `"${argument}" must not be empty.`, { argument });
  return text;
}
