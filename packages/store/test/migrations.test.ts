import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations, openStore } from '../src/index.ts';
import { deck, t0, tempDir } from './helpers.ts';

describe('openStore and migrations', () => {
  it('creates directories and the schema on a fresh file, with WAL and foreign keys', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'a', 'b', 'store.sqlite');
    const store = await openStore({ path, now: t0 });
    try {
      expect(existsSync(path)).toBe(true);
      expect(await store.schemaVersion()).toBe(migrations.at(-1)?.version);
      const raw = store.connection.raw;
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
      // FULL (2) by default: a commit is on disk before it is acknowledged, even across power loss.
      expect(raw.pragma('synchronous', { simple: true })).toBe(2);
      expect(raw.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      await store.close();
      cleanup();
    }
  });

  it('keeps data across a close and re-open without re-running migrations', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'store.sqlite');
    try {
      const first = await openStore({ path, now: t0 });
      const started = await first.startSession({
        userId: 'u1',
        deckId: 'd',
        cardIds: deck,
        mode: 'normal',
        now: t0,
      });
      if (!started.ok) throw new Error('start failed');
      const graded = await first.gradeCard({
        userId: 'u1',
        sessionId: started.value.sessionId,
        cardId: started.value.currentCardId!,
        expectedStep: 0,
        rating: 'good',
        now: t0,
      });
      expect(graded.kind).toBe('graded');
      await first.close();

      const second = await openStore({ path, now: t0 + 1000 });
      const applied = second.connection.raw
        .prepare('select version, applied_at from schema_migrations')
        .all();
      expect(applied).toEqual([{ version: 1, applied_at: t0 }]);
      const states = await second.getCardStates('u1', deck);
      expect([...states.keys()]).toEqual([deck[0]]);
      expect(states.get(deck[0]!)?.phase).toBe('learning');
      const session = await second.getSession(started.value.sessionId, t0 + 1000);
      expect(session?.step).toBe(1);
      await second.close();
    } finally {
      cleanup();
    }
  });

  it('uses synchronous=NORMAL only when asked to', async () => {
    const { dir, cleanup } = tempDir();
    const normal = await openStore({ path: join(dir, 'normal.sqlite'), now: t0, synchronous: 'normal' });
    const full = await openStore({ path: join(dir, 'full.sqlite'), now: t0, synchronous: 'full' });
    try {
      expect(normal.connection.raw.pragma('synchronous', { simple: true })).toBe(1);
      expect(full.connection.raw.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      await normal.close();
      await full.close();
      cleanup();
    }
  });

  it('works in memory for throw-away use', async () => {
    const store = await openStore({ path: ':memory:', now: t0 });
    expect(await store.schemaVersion()).toBe(1);
    await store.close();
  });

  it('fails to open when the path cannot be a database', async () => {
    const { dir, cleanup } = tempDir();
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'not a directory');
    await expect(openStore({ path: join(blocker, 'store.sqlite') })).rejects.toThrow();
    const garbage = join(dir, 'garbage.sqlite');
    writeFileSync(
      garbage,
      'this is not an sqlite database, just text that is long enough to fail the header',
    );
    await expect(openStore({ path: garbage })).rejects.toThrow();
    cleanup();
  });
});
