import { err, ok, type Result } from './result.ts';

/** The lowest port number. Port 0 is reserved; binding to it asks the OS for any free port. */
export const MIN_PORT = 0;
/** The highest port number: ports are 16-bit, so 65,536 numbers exist per transport. */
export const MAX_PORT = 65535;
/** How many port numbers exist per transport (0 through 65535). */
export const PORT_COUNT = MAX_PORT - MIN_PORT + 1;

/** Why a value is not a port number. */
export type PortErrorCode = 'empty' | 'not-a-number' | 'not-an-integer' | 'out-of-range';

/** A value that is not a port number, with a message fit to show a user. */
export interface PortError {
  readonly code: PortErrorCode;
  readonly input: string;
  readonly message: string;
}

/** Whether a value is an integer port number from 0 to 65535. */
export function isPortNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_PORT && value <= MAX_PORT;
}

const RANGE_HINT = `ports run from ${MIN_PORT} to ${MAX_PORT}`;

/** Checks a number is a port, returning a typed error that explains what is valid. */
export function checkPort(value: number): Result<number, PortError> {
  const input = String(value);
  if (Number.isNaN(value))
    return err({ code: 'not-a-number', input, message: `That is not a port: ${RANGE_HINT}.` });
  if (!Number.isInteger(value)) {
    return err({
      code: 'not-an-integer',
      input,
      message: `${input} is not a port: ports are whole numbers (${RANGE_HINT}).`,
    });
  }
  if (value < MIN_PORT || value > MAX_PORT) {
    return err({ code: 'out-of-range', input, message: `${input} is not a port: ${RANGE_HINT}.` });
  }
  return ok(value);
}

/** Parses a port number typed by a person ("443", " 8080 "), rejecting anything that is not a whole port. */
export function parsePort(input: string | number): Result<number, PortError> {
  if (typeof input === 'number') return checkPort(input);
  const text = input.trim();
  if (text === '') return err({ code: 'empty', input, message: `Type a port number: ${RANGE_HINT}.` });
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) {
    return err({ code: 'not-a-number', input, message: `"${text}" is not a port number: ${RANGE_HINT}.` });
  }
  return checkPort(Number(text));
}
