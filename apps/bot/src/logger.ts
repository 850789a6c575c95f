import { pino, type Logger } from 'pino';
import type { BotEnv } from './env.ts';

/** The process logger: JSON lines (structured) to stdout, or to stderr for the console so replies stay clean. */
export function createLogger(level: BotEnv['logLevel'], destination: 1 | 2 = 1): Logger {
  return pino({ name: 'portdeck-bot', level }, pino.destination(destination));
}
