import { createInterface } from 'node:readline';
import { openRegistry } from '@portdeck/core';
import { openStore, storeOptionsFor } from '@portdeck/store';
import { commands } from './commands/index.ts';
import { CONSOLE_HELP, createConsoleChannels, createConsoleSession } from './console-session.ts';
import { configureDaily } from './daily/index.ts';
import { readEnv } from './env.ts';
import { createContext } from './index.ts';
import { schedulerWork } from './jobs/index.ts';
import { createLogger } from './logger.ts';
import { createScheduler } from './scheduler.ts';

const env = readEnv(process.env);
if (!env.ok) {
  console.error(`portdeck console: invalid environment:\n  ${env.error.issues.join('\n  ')}`);
  process.exit(1);
}
// Logs go to stderr so the replies on stdout read cleanly (and can be piped).
const opened = await openRegistry(env.value.registry);
if (!opened.ok) {
  console.error(`portdeck console: ${opened.error.message}`);
  process.exit(1);
}
const registry = opened.value;
const store = await openStore(storeOptionsFor(env.value.database)).catch((error: unknown) => {
  console.error(
    `portdeck console: could not open the database: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
const logger = createLogger('warn', 2);
const channels = createConsoleChannels();
const context = createContext({ registry, store, channels, logger });
// The console's channel is printed, not rate limited: show each new count at the next line.
configureDaily(context, { logger, refreshMs: 0 });
// Scheduled work runs after each line: a question posted now shows up right away.
const scheduler = createScheduler({ jobs: store.jobs, ...schedulerWork(context), now: Date.now, logger });
const session = createConsoleSession({
  commands,
  context,
  logger,
  channels,
  afterEach: () => scheduler.tick(),
});
const isTerminal = process.stdin.isTTY;
const rl = createInterface({
  input: process.stdin,
  output: process.stdout,
  prompt: 'portdeck> ',
  completer: (line: string, callback: (error: null, result: [string[], string]) => void) => {
    session.complete(line).then(
      (hits) => {
        callback(null, [hits, line]);
      },
      () => {
        callback(null, [[], line]);
      },
    );
  },
});

console.log(`portdeck console: the bot's own handlers, no Discord account needed.\n${CONSOLE_HELP}`);
rl.prompt();
// Lines are answered one at a time, in order, even when piped in faster than they are answered.
let queue = Promise.resolve();
let isClosing = false;
rl.on('line', (line) => {
  queue = queue.then(async () => {
    // Lines piped in after `exit` are not answered, even while the database closes.
    if (isClosing) return;
    if (/^(exit|quit)$/i.test(line.trim())) {
      isClosing = true;
      rl.close();
      return;
    }
    const output = await session.run(line);
    if (output !== '') console.log(output);
    if (isTerminal) console.log('');
    rl.prompt();
  });
});
rl.on('close', () => {
  void queue
    .then(() => store.close())
    .then(() => {
      if (isTerminal) console.log('bye');
      process.exit(0);
    });
});
