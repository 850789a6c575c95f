import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordDouble, type DiscordDouble } from '@portdeck/discord-double';
import { openStore, parseDatabaseUrl, storeOptionsFor } from '@portdeck/store';
import { commands } from '../src/commands/index.ts';
import { spawnScript, tempDataDir } from './helpers.ts';
import { freshPostgresDatabase, hasPostgres } from './postgres.ts';

// One process per script (node --import tsx, as `pnpm start` runs it): signals reach the app itself, not the
// tsx CLI's relay, which gives up after 30 ms on a busy machine and exits 143.
// Every spawned script gets its own database, never the repository's data/ directory.
const data = tempDataDir();
afterAll(() => {
  data.remove();
});

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script of this app with tsx, feeding stdin, and collects its output. */
function run(
  script: string,
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawnScript(script, { PORTDECK_DATA_DIR: data.dir, ...options.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

describe('console (spawned, stdin → stdout)', () => {
  let out: Finished;
  beforeAll(async () => {
    out = await run('src/console.ts', {
      stdin: [
        '/port 3389',
        '/port query:rdp',
        '/port 99999',
        '/range 51514',
        '/flow 51514 443',
        '/ports 20-23,80',
        '/help',
        '/range abc',
        '/nope',
        'suggest /port remote',
        '/port 80',
        'click port:1:443',
        '/flashcards',
        'click 1',
        'click 3',
        '/progress',
        '/settings timezone:Mars/Olympus',
        'exit',
        '/port 22',
      ].join('\n'),
    });
  }, 40_000);

  it('answers every command through the handlers and exits cleanly on exit', () => {
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('== 3389/tcp · RDP (Remote Desktop Protocol) ==');
    expect(out.stdout).toContain('“rdp” is RDP (Remote Desktop Protocol).');
    expect(out.stdout).toContain('== Port 51514: Dynamic Ports ==');
    expect(out.stdout).toContain('== Flow 51514 → 443: client → server ==');
    expect(out.stdout).toContain('Ports opened: 5');
    expect(out.stdout).toContain('== portdeck: know your ports ==');
    expect(out.stdout).toContain('→ rdp');
    expect(out.stdout).toContain('== 443/tcp · HTTPS');
  });

  it('studies flashcards with numbered buttons, on the database in PORTDECK_DATA_DIR', () => {
    expect(out.stdout).toContain('Which service uses port 20?');
    expect(out.stdout).toMatch(/\[3: Good · 10m\]/);
    expect(out.stdout).toContain('Which service uses port 21?');
    expect(out.stdout).toContain('Answered today: 1 (1 new, 0 reviews)');
    expect(out.stdout).toContain('“Mars/Olympus” is not a time zone I know.');
    expect(existsSync(join(data.dir, 'portdeck.db'))).toBe(true);
  });

  it('explains bad input as Discord would', () => {
    expect(out.stdout).toContain('(only you can see this)\n99999 is not a port: ports run from 0 to 65535.');
    expect(out.stdout).toContain('`port` must be a whole number');
    expect(out.stdout).toContain('Unknown command /nope.');
  });

  it('stops reading after exit (edge)', () => {
    expect(out.stdout).not.toContain('22/tcp · SSH');
    expect(out.stderr).toBe('');
  });
});

describe('register script against the double', () => {
  let double: DiscordDouble;
  beforeAll(async () => {
    double = await startDiscordDouble();
  });
  afterAll(async () => {
    await double.close();
  });

  it('registers every command to one guild', async () => {
    const guildId = double.guilds[0]?.id ?? '';
    const out = await run('scripts/register-commands.ts', {
      env: {
        DISCORD_TOKEN: double.token,
        DISCORD_APPLICATION_ID: double.applicationId,
        DISCORD_GUILD_ID: guildId,
        DISCORD_API_URL: double.restApiUrl,
      },
    });
    expect(out.stdout).toContain(
      `Registered ${commands.length} commands (${commands.map((c) => c.data.name).join(', ')}) guild`,
    );
    expect(out.code).toBe(0);
    expect(
      double
        .registeredCommands(guildId)
        .map((c) => c.name)
        .sort(),
    ).toEqual(commands.map((c) => c.data.name).sort());
    expect(double.violations).toEqual([]);
  }, 40_000);

  it('registers globally without a guild id, replacing rather than duplicating (edge: run twice)', async () => {
    const env = {
      DISCORD_TOKEN: double.token,
      DISCORD_APPLICATION_ID: double.applicationId,
      DISCORD_API_URL: double.restApiUrl,
    };
    await run('scripts/register-commands.ts', { env });
    const out = await run('scripts/register-commands.ts', { env });
    expect(out.stdout).toContain('global');
    expect(double.registeredCommands()).toHaveLength(commands.length);
  }, 40_000);

  it('fails with a clear message on a wrong token', async () => {
    const out = await run('scripts/register-commands.ts', {
      env: {
        DISCORD_TOKEN: 'wrong',
        DISCORD_APPLICATION_ID: double.applicationId,
        DISCORD_API_URL: double.restApiUrl,
      },
    });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('Registration failed');
  }, 40_000);
});

describe('main without a token', () => {
  it('prints how to enable the bot and exits 0 at once', async () => {
    const out = await run('src/main.ts');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('set DISCORD_TOKEN and DISCORD_APPLICATION_ID');
    expect(out.stdout).toContain('pnpm --filter @portdeck/bot register');
    expect(out.stdout.trim().split('\n')).toHaveLength(1);
  }, 40_000);

  it('refuses an invalid environment with exit code 1', async () => {
    const out = await run('src/main.ts', { env: { DISCORD_TOKEN: 'x', DISCORD_APPLICATION_ID: 'nope' } });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('DISCORD_APPLICATION_ID');
  }, 40_000);

  it('stops with exit code 1 when the configured registry cannot be read, before logging in (edge)', async () => {
    const missing = join(data.dir, 'no-such-registry.csv');
    const out = await run('src/main.ts', { env: { DISCORD_TOKEN: 'x', PORTDECK_REGISTRY: missing } });
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('cannot load the registry');
    expect(out.stdout).toContain(missing);
  }, 40_000);
});

describe('main and its database', () => {
  it('stops with exit 1 and one log line naming an unreachable PostgreSQL, never its password', async () => {
    const out = await run('src/main.ts', {
      env: { DISCORD_TOKEN: 'x', PORTDECK_DATABASE_URL: 'postgres://portdeck:hunter2@127.0.0.1:1/portdeck' },
    });
    expect(out.code).toBe(1);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as { level: number; msg: string };
    expect(line.level).toBe(60);
    expect(line.msg).toMatch(
      /^could not open the database \(PostgreSQL postgres:\/\/portdeck:\*\*\*@127\.0\.0\.1:1\/portdeck\): .*ECONNREFUSED/,
    );
    expect(out.stdout + out.stderr).not.toContain('hunter2');
  }, 40_000);

  it('refuses a database URL of another kind with exit code 1, naming the variable', async () => {
    const out = await run('src/main.ts', {
      env: { DISCORD_TOKEN: 'x', PORTDECK_DATABASE_URL: 'mysql://root:hunter2@localhost/portdeck' },
    });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('PORTDECK_DATABASE_URL: must start with postgres://');
    expect(out.stdout + out.stderr).not.toContain('hunter2');
  }, 40_000);
});

/** The databases main runs on in these tests: the embedded default, and PostgreSQL when the server answers. */
const databases = [
  {
    name: 'embedded SQLite',
    create: () => ({ env: {} as Record<string, string>, drop: () => Promise.resolve() }),
  },
  ...(hasPostgres
    ? [
        {
          name: 'PostgreSQL',
          create: () => {
            const { url, drop } = freshPostgresDatabase();
            return { env: { PORTDECK_DATABASE_URL: url } as Record<string, string>, drop };
          },
        },
      ]
    : []),
];

describe.each(databases)('main with a token, against the double, on $name', (database) => {
  it('answers /port 3389, stores /settings, then shuts down cleanly on SIGTERM with structured logs', async () => {
    const double = await startDiscordDouble();
    const { env, drop } = database.create();
    try {
      const ready = double.waitFor('session', (_id, kind) => kind === 'ready', { timeoutMs: 30_000 });
      const child = spawnScript('src/main.ts', {
        DISCORD_TOKEN: double.token,
        DISCORD_API_URL: double.restApiUrl,
        PORTDECK_DATA_DIR: data.dir,
        ...env,
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      await ready;
      const handle = await double.sendCommand({ name: 'port', options: { query: '3389' } });
      expect((await handle.response()).data).toMatchObject({
        embeds: [{ title: '3389/tcp · RDP (Remote Desktop Protocol)' }],
      });
      const userId = '411111111111111111';
      const settings = await double.sendCommand({
        name: 'settings',
        options: { timezone: 'Europe/Berlin' },
        user: { id: userId },
      });
      await settings.response();
      child.kill('SIGTERM');
      expect(await closed).toBe(0);
      const messages = stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { msg: string }).msg);
      expect(messages).toEqual(
        expect.arrayContaining(['database open', 'bot ready', 'shutting down', 'bot stopped']),
      );
      // What the bot wrote is in the database PORTDECK_DATABASE_URL named.
      const location = parseDatabaseUrl(env.PORTDECK_DATABASE_URL, data.dir);
      if (!location.ok) throw new Error(location.error);
      const store = await openStore(storeOptionsFor(location.value));
      try {
        expect((await store.getSettings(userId)).timeZone).toBe('Europe/Berlin');
      } finally {
        await store.close();
      }
    } finally {
      await double.close();
      await drop();
    }
  }, 40_000);

  it('exits 1 with a log line when the token is refused', async () => {
    const double = await startDiscordDouble();
    try {
      const out = await run('src/main.ts', {
        env: { DISCORD_TOKEN: 'wrong', DISCORD_API_URL: double.restApiUrl },
      });
      expect(out.code).toBe(1);
      expect(out.stdout).toContain('could not log in');
    } finally {
      await double.close();
    }
  }, 40_000);
});
