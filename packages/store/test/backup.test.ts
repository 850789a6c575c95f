import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/index.ts';
import { tempDir } from './helpers.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs a script of this package as its own node process; resolves with its exit code and output. */
function run(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@portdeck/source', '--import', 'tsx', ...args], {
      cwd: packageDir,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, out });
    });
  });
}

describe('backup of the SQLite database', () => {
  it('copies a database another process is writing to, consistently, and the copy opens as a store', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'portdeck.db');
    // A writer grading as fast as it can, in its own process.
    const writer = spawn(
      process.execPath,
      [
        '--conditions=@portdeck/source',
        '--import',
        'tsx',
        'test/fixtures/grade-child.ts',
        JSON.stringify({ path }),
        '5000',
      ],
      { cwd: packageDir, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      let acked = 0;
      await new Promise<void>((resolve) => {
        writer.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          acked += chunk.split('\n').filter((line) => line.startsWith('ACK ')).length;
          if (acked >= 200) resolve();
        });
      });
      const before = acked;
      const copy = join(dir, 'backups', 'copy.db');
      const result = await run(['scripts/backup.ts', copy], { PORTDECK_DATABASE_URL: `sqlite:${path}` });
      expect(result.out).toMatch(/^backed up .* integrity ok\n$/);
      expect(result.code).toBe(0);
      writer.kill('SIGKILL');
      const restored = await openStore({ path: copy });
      try {
        // Every answer acknowledged before the backup began is in the copy (maybe more: it kept writing).
        expect((await restored.reviews('durable', 10_000)).length).toBeGreaterThanOrEqual(before);
        expect(await restored.migrations()).toContain('0004-daily');
      } finally {
        await restored.close();
      }
      // Never overwrites.
      const again = await run(['scripts/backup.ts', copy], { PORTDECK_DATABASE_URL: `sqlite:${path}` });
      expect(again.code).toBe(1);
      expect(again.out).toContain('exists: choose a new file');
    } finally {
      writer.kill('SIGKILL');
      cleanup();
    }
  }, 60_000);

  it('points PostgreSQL users to pg_dump, and says so when there is nothing to back up', async () => {
    const pg = await run(['scripts/backup.ts', 'x.dump'], {
      PORTDECK_DATABASE_URL: 'postgres://u:secret@db/portdeck',
    });
    expect(pg.code).toBe(1);
    expect(pg.out).toContain('pg_dump');
    expect(pg.out).not.toContain('secret');
    const { dir, cleanup } = tempDir();
    try {
      const missing = await run(['scripts/backup.ts', join(dir, 'copy.db')], { PORTDECK_DATA_DIR: dir });
      expect(missing.code).toBe(1);
      expect(missing.out).toContain(`no database at ${join(dir, 'portdeck.db')}`);
      expect(existsSync(join(dir, 'copy.db'))).toBe(false);
      const usage = await run(['scripts/backup.ts'], {});
      expect(usage.code).toBe(2);
      expect(usage.out).toContain('usage:');
    } finally {
      cleanup();
    }
  }, 60_000);
});
