import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const START_TIMEOUT_MS = 180_000;
const GRAPHQL_DIR = fileURLToPath(new URL('../../graphql', import.meta.url));

/** The real API process (`node --import tsx src/server.ts`), listening on a free loopback port. */
export interface ApiProcess {
  readonly origin: string;
  /** Everything it logged, for a failing test's message. */
  readonly log: () => string;
  readonly stop: () => Promise<void>;
}

/** Starts the API on `databaseUrl` serving the dashboard from `webDir`; resolves once its database is ready. */
export async function startApi(options: {
  readonly databaseUrl: string;
  readonly webDir: string;
}): Promise<ApiProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@portdeck/source', '--import', 'tsx', 'src/server.ts'],
    {
      cwd: GRAPHQL_DIR,
      env: {
        ...process.env,
        PORTDECK_GRAPHQL_HOST: '127.0.0.1',
        PORTDECK_GRAPHQL_PORT: '0',
        PORTDECK_MODE: 'production',
        PORTDECK_LOG_LEVEL: 'info',
        PORTDECK_DATABASE_URL: options.databaseUrl,
        PORTDECK_WEB_DIR: options.webDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  // Generous: on a loaded machine tsx compiling the API and the registry loading can take a minute or more.
  const started = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the API did not start in ${START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, START_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"/]+)\/graphql"/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the API exited (${String(code)}):\n${output}`));
    });
  });
  const waitUntilReady = async (origin: string): Promise<void> => {
    // The database connects in the background; statistics answer SERVICE_UNAVAILABLE until it has.
    for (let i = 0; ; i++) {
      const ready = await fetch(`${origin}/ready`).then((r) => r.text());
      if (ready.includes('database: ready')) break;
      if (i > 300) throw new Error(`the API's database never became ready:\n${ready}\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  let origin: string;
  try {
    origin = await started;
    await waitUntilReady(origin);
  } catch (error) {
    // Never leave the process behind a failed start.
    await stop();
    throw error;
  }
  return {
    origin,
    log: () => output,
    stop,
  };
}
