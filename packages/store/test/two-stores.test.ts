import { describe, expect, it } from 'vitest';
import { openStore } from '../src/index.ts';
import { backends } from './backends.ts';
import { deck, linesOf, spawnStoreChild, t0 } from './helpers.ts';

describe.each(backends)(
  'two stores on one $name database (e.g. two bot processes, or bot and API)',
  (backend) => {
    it('sees settings and card states written through the other connection', async () => {
      const database = await backend.create();
      const { store: a } = await database.open();
      const { store: b } = await database.open();
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
        await database.cleanup();
      }
    });

    it('refuses a stale click that the other connection already answered', async () => {
      const database = await backend.create();
      const { store: a } = await database.open();
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
          cardId: deck[0]!,
          expectedStep: 0,
          rating: 'good' as const,
          now: t0,
        };
        expect((await b.gradeCard(click)).kind).toBe('graded');
        expect((await a.gradeCard(click)).kind).toBe('duplicate');
      } finally {
        await database.cleanup();
      }
    });

    it('records each answer once when two processes click through the same session at the same time', async () => {
      const database = await backend.create();
      try {
        const { store, db } = await database.open();
        await store.updateSettings('u1', { newPerDay: 100 }, Date.now());
        const cards = Array.from({ length: 40 }, (_, i) => `svc:${i}/tcp`);
        const started = await store.startSession({
          userId: 'u1',
          deckId: 'd',
          cardIds: cards,
          mode: 'normal',
          now: Date.now(),
          sessionId: 'shared',
        });
        if (!started.ok) throw new Error('start');
        const options = JSON.stringify(database.options);
        // Each process reads the card on screen and answers it, 40 times: every click races the other process's.
        const outputs = await Promise.all(
          [1, 2].map(() => linesOf(spawnStoreChild(['grade', options, 'u1', 'shared', '40']))),
        );
        const lines = outputs.flat();
        const graded = lines.filter((l) => l.startsWith('GRADED '));
        const refused = lines.filter((l) => /^(DUPLICATE|STALE) /.test(l));
        expect(graded.length + refused.length).toBe(lines.length);
        // Each step was graded by exactly one of the two processes.
        const steps = graded.map((l) => Number(l.split(' ')[1]));
        expect(new Set(steps).size).toBe(steps.length);
        const rows = await db
          .selectFrom('review_log')
          .select(['session_step'])
          .where('session_id', '=', 'shared')
          .execute();
        expect(rows).toHaveLength(graded.length);
        expect(new Set(rows.map((r) => r.session_step)).size).toBe(rows.length);
        const session = await store.getSession('shared', Date.now());
        expect(session?.step).toBe(graded.length);
      } finally {
        await database.cleanup();
      }
    }, 60_000);
  },
);

describe('SQLite in memory', () => {
  it('starts with an empty database in memory for each store (edge: nothing shared)', async () => {
    const a = await openStore({ path: ':memory:' });
    const b = await openStore({ path: ':memory:' });
    await a.updateSettings('u1', { newPerDay: 5 }, t0);
    expect((await b.getSettings('u1')).newPerDay).toBe(20);
    await a.close();
    await b.close();
  });
});
