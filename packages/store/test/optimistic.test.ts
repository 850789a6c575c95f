import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/migrations/index.ts';
import { createStore, openBackend } from '../src/store.ts';
import { backends } from './backends.ts';
import { deck, t0 } from './helpers.ts';

const postgres = backends.find((b) => b.name === 'postgres');

/** A store whose PostgreSQL one-statement writes are counted (applied, or refused because another process wrote). */
async function countedStore(options: Parameters<typeof openBackend>[0]) {
  const { backend, cache } = openBackend(options);
  await migrateToLatest(backend.db, backend.dialect, backend.schema);
  const write = backend.recordAnswerIfCurrent;
  if (write === undefined) throw new Error('PostgreSQL has the one-statement write');
  const counts = { applied: 0, refused: 0 };
  const counted = {
    ...backend,
    recordAnswerIfCurrent: async (...args: Parameters<typeof write>) => {
      const result = await write(...args);
      if (result === null) counts.refused += 1;
      else counts.applied += 1;
      return result;
    },
  };
  return { store: createStore(counted, cache), counts };
}

describe.skipIf(postgres === undefined)('PostgreSQL one-statement answers (skipped: no PostgreSQL)', () => {
  it("grades a known user's next card in one statement, and the result is what the locked path gives", async () => {
    const database = await postgres!.create();
    const { store, counts } = await countedStore(database.options);
    const { store: plain } = await database.open();
    try {
      const started = await store.startSession({
        userId: 'u1',
        deckId: 'd',
        cardIds: deck,
        mode: 'normal',
        now: t0,
      });
      if (!started.ok) throw new Error('start');
      let session = started.value;
      for (let i = 0; i < 5; i += 1) {
        const result = await store.gradeCard({
          userId: 'u1',
          sessionId: session.sessionId,
          cardId: session.currentCardId!,
          expectedStep: session.step,
          rating: i === 2 ? 'again' : 'good',
          now: t0 + i * 1000,
        });
        if (result.kind !== 'graded') throw new Error(result.kind);
        // What this process answers equals what a fresh process reads back from the database.
        expect(result.session).toEqual(await plain.getSession(session.sessionId, t0 + i * 1000));
        session = result.session;
      }
      expect(counts).toEqual({ applied: 5, refused: 0 });
      const progress = await plain.progress('u1', deck, t0 + 5000);
      expect(progress.today).toEqual({ newIntroduced: 5, reviewsDone: 0, total: 5 });
      expect((await plain.reviews('u1')).map((r) => r.rating)).toEqual([
        'good',
        'good',
        'again',
        'good',
        'good',
      ]);
    } finally {
      await store.close();
      await database.cleanup();
    }
  });

  it('writes nothing, and lets the locked path answer, when another process wrote the user meanwhile', async () => {
    const database = await postgres!.create();
    const { store: a, counts } = await countedStore(database.options);
    const { store: b } = await database.open();
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
        cardId: started.value.currentCardId!,
        expectedStep: 0,
        rating: 'good' as const,
        now: t0,
      };
      // Another process answers the card a still shows, then a clicks it too (a's cache still says step 0).
      expect((await b.gradeCard(click)).kind).toBe('graded');
      expect((await a.gradeCard(click)).kind).toBe('duplicate');
      expect(counts).toEqual({ applied: 0, refused: 1 });
      // Another process changes the limits; a's next answer must use them (its cache was dropped).
      await b.updateSettings('u1', { newPerDay: 2 }, t0 + 1);
      const view = await a.getSession(click.sessionId, t0 + 2);
      const next = await a.gradeCard({
        ...click,
        cardId: view!.currentCardId!,
        expectedStep: view!.step,
        now: t0 + 2,
      });
      // Two new cards a day now: none left (with a's old limit of 20 it would say 8); the learning card is next.
      expect(next.kind === 'graded' && next.session).toMatchObject({
        currentCardId: deck[0],
        counts: { learning: 2, new: 0 },
      });
      expect((await b.reviews('u1')).map((r) => r.cardId)).toEqual([deck[1], deck[0]]);
    } finally {
      await a.close();
      await database.cleanup();
    }
  });
});
