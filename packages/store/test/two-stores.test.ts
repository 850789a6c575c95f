import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/index.ts';
import { deck, t0, tempDir } from './helpers.ts';

describe('two stores on one file (e.g. bot and API processes)', () => {
  it('sees settings and card states written through the other connection', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'shared.sqlite');
    const a = await openStore({ path, now: t0 });
    const b = await openStore({ path, now: t0 });
    try {
      const started = await a.startSession({
        userId: 'u1',
        deckId: 'd',
        cardIds: deck.slice(0, 3),
        mode: 'normal',
        now: t0,
      });
      if (!started.ok) throw new Error('start');
      expect(started.value.counts?.new).toBe(3);
      // B answers the first card and lowers the new-card limit; A must not serve its cached view.
      const other = await b.startSession({
        userId: 'u1',
        deckId: 'd',
        cardIds: [deck[0]!],
        mode: 'normal',
        now: t0,
      });
      if (!other.ok) throw new Error('start');
      const graded = await b.gradeCard({
        userId: 'u1',
        sessionId: other.value.sessionId,
        cardId: deck[0]!,
        expectedStep: 0,
        rating: 'easy',
        now: t0,
      });
      expect(graded.kind).toBe('graded');
      await b.updateSettings('u1', { newPerDay: 2 }, t0);
      const refreshed = await a.advanceSession({
        sessionId: started.value.sessionId,
        userId: 'u1',
        expectedStep: 0,
        now: t0 + 1,
      });
      expect(refreshed.kind === 'advanced' && refreshed.session).toMatchObject({
        currentCardId: deck[1],
        counts: { learning: 0, due: 0, new: 1 },
      });
      expect((await a.getSettings('u1')).newPerDay).toBe(2);
    } finally {
      await a.close();
      await b.close();
      cleanup();
    }
  });

  it('refuses a stale click that the other connection already answered', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'shared.sqlite');
    const a = await openStore({ path, now: t0 });
    const b = await openStore({ path, now: t0 });
    try {
      const started = await a.startSession({
        userId: 'u1',
        deckId: 'd',
        cardIds: deck,
        mode: 'normal',
        now: t0,
      });
      if (!started.ok) throw new Error('start');
      const click = {
        userId: 'u1',
        sessionId: started.value.sessionId,
        cardId: deck[0]!,
        expectedStep: 0,
        rating: 'good' as const,
        now: t0,
      };
      expect((await b.gradeCard(click)).kind).toBe('graded');
      expect((await a.gradeCard(click)).kind).toBe('duplicate');
    } finally {
      await a.close();
      await b.close();
      cleanup();
    }
  });

  it('starts with an empty database in memory for each store (edge: nothing shared)', async () => {
    const a = await openStore({ path: ':memory:', now: t0 });
    const b = await openStore({ path: ':memory:', now: t0 });
    await a.updateSettings('u1', { newPerDay: 5 }, t0);
    expect((await b.getSettings('u1')).newPerDay).toBe(20);
    await a.close();
    await b.close();
  });
});
