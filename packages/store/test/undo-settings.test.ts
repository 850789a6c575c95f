import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../src/index.ts';
import type { SessionView, Store } from '../src/index.ts';
import { backends } from './backends.ts';
import type { TestDatabase } from './backends.ts';
import { day, deck, t0 } from './helpers.ts';

describe.each(backends)('on $name', (backend) => {
  let database: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    database = await backend.create();
    ({ store } = await database.open());
  });
  afterEach(async () => {
    await database.cleanup();
  });

  async function answer(
    session: SessionView,
    rating: 'again' | 'good' | 'easy',
    now: number,
  ): Promise<SessionView> {
    const result = await store.gradeCard({
      userId: session.userId,
      sessionId: session.sessionId,
      cardId: session.currentCardId!,
      expectedStep: session.step,
      rating,
      now,
    });
    if (result.kind !== 'graded') throw new Error(result.kind);
    return result.session;
  }

  describe('undoLastReview', () => {
    it('restores the previous state, deletes the log row and shows the card again with a new step', async () => {
      const started = await store.startSession({
        userId: 'u1',
        deckId: 'd',
        cardIds: deck,
        mode: 'normal',
        now: t0,
      });
      if (!started.ok) throw new Error('start');
      let session = await answer(started.value, 'easy', t0);
      const afterFirst = await store.getCardStates('u1', deck);
      session = await store
        .startSession({ userId: 'u1', deckId: 'd', cardIds: [deck[0]!], mode: 'normal', now: t0 + 9 * day })
        .then((r) => {
          if (!r.ok) throw new Error('start');
          return r.value;
        });
      expect(session.currentCardId).toBe(deck[0]);
      const oldStep = session.step;
      await answer(session, 'again', t0 + 9 * day);
      const undone = await store.undoLastReview({
        userId: 'u1',
        sessionId: session.sessionId,
        now: t0 + 9 * day + 1,
      });
      expect(undone.kind).toBe('undone');
      if (undone.kind !== 'undone') return;
      expect(undone.review).toMatchObject({ cardId: deck[0], rating: 'again' });
      expect(undone.session).toMatchObject({ currentCardId: deck[0], step: oldStep + 2 });
      expect(await store.getCardStates('u1', deck)).toEqual(afterFirst);
      // Buttons from before the undo are stale now.
      const stale = await store.gradeCard({
        userId: 'u1',
        sessionId: session.sessionId,
        cardId: deck[0]!,
        expectedStep: oldStep + 1,
        rating: 'good',
        now: t0 + 9 * day + 2,
      });
      expect(stale.kind).toBe('stale');
    });

    it('removes the state entirely when undoing a first answer', async () => {
      const started = await store.startSession({
        userId: 'u1',
        deckId: 'd',
        cardIds: deck,
        mode: 'normal',
        now: t0,
      });
      if (!started.ok) throw new Error('start');
      await answer(started.value, 'good', t0);
      expect((await store.undoLastReview({ userId: 'u1', now: t0 + 1 })).kind).toBe('undone');
      expect((await store.getCardStates('u1', deck)).size).toBe(0);
      expect((await store.progress('u1', deck, t0 + 2)).today.total).toBe(0);
    });

    it('has nothing to undo for a user without reviews, and undoes only one at a time', async () => {
      expect(await store.undoLastReview({ userId: 'nobody', now: t0 })).toEqual({ kind: 'nothing-to-undo' });
      const started = await store.startSession({
        userId: 'u1',
        deckId: 'd',
        cardIds: deck,
        mode: 'normal',
        now: t0,
      });
      if (!started.ok) throw new Error('start');
      const s1 = await answer(started.value, 'good', t0);
      await answer(s1, 'good', t0 + 1000);
      await store.undoLastReview({ userId: 'u1', now: t0 + 2000 });
      await store.undoLastReview({ userId: 'u1', now: t0 + 3000 });
      expect(await store.undoLastReview({ userId: 'u1', now: t0 + 4000 })).toEqual({
        kind: 'nothing-to-undo',
      });
    });

    it('undoes once for two clicks carrying the same expected step (the second is stale)', async () => {
      const started = await store.startSession({
        userId: 'u1',
        deckId: 'd',
        cardIds: deck,
        mode: 'normal',
        now: t0,
      });
      if (!started.ok) throw new Error('start');
      const s1 = await answer(started.value, 'good', t0);
      const s2 = await answer(s1, 'good', t0 + 1000);
      const click = { userId: 'u1', sessionId: s2.sessionId, expectedStep: s2.step, now: t0 + 2000 };
      const [first, second] = await Promise.all([store.undoLastReview(click), store.undoLastReview(click)]);
      expect(first.kind).toBe('undone');
      expect(second).toMatchObject({
        kind: 'stale',
        session: { step: s2.step + 1, currentCardId: s1.currentCardId },
      });
      expect((await store.progress('u1', deck, t0 + 3000)).today.total).toBe(1);
    });
  });

  describe('settings', () => {
    it('round-trips a full change and a partial one', async () => {
      expect(await store.getSettings('u1')).toEqual(defaultSettings);
      const changed = { timeZone: 'Pacific/Auckland', dayStartHour: 5, newPerDay: 10, reviewsPerDay: 50 };
      expect(await store.updateSettings('u1', changed, t0)).toEqual({ ok: true, value: changed });
      expect(await store.getSettings('u1')).toEqual(changed);
      await store.updateSettings('u1', { newPerDay: 0 }, t0 + 1);
      expect(await store.getSettings('u1')).toEqual({ ...changed, newPerDay: 0 });
    });

    it('refuses a bad zone, hour or limit and keeps the old settings', async () => {
      expect(await store.updateSettings('u1', { timeZone: 'Mars/Base' }, t0)).toEqual({
        ok: false,
        error: { kind: 'invalid-time-zone', timeZone: 'Mars/Base' },
      });
      expect((await store.updateSettings('u1', { dayStartHour: 24 }, t0)).ok).toBe(false);
      expect(await store.updateSettings('u1', { reviewsPerDay: -1 }, t0)).toEqual({
        ok: false,
        error: { kind: 'invalid-limit', field: 'reviewsPerDay', value: -1 },
      });
      expect(await store.getSettings('u1')).toEqual(defaultSettings);
    });

    it('stores the canonical zone spelling', async () => {
      const result = await store.updateSettings('u1', { timeZone: 'utc' }, t0);
      expect(result.ok && result.value.timeZone).toBe('UTC');
    });
  });

  describe('progress and forecast', () => {
    it('reports today, the streak, retention and a forecast in the user zone', async () => {
      await store.updateSettings('u1', { timeZone: 'Pacific/Auckland', dayStartHour: 4 }, t0);
      let now = t0;
      const started = await store.startSession({
        userId: 'u1',
        deckId: 'd',
        cardIds: [deck[0]!],
        mode: 'normal',
        now,
      });
      if (!started.ok) throw new Error('start');
      let session = started.value;
      // Two learning steps, then a passed and a failed review, each answered when due.
      for (const rating of ['good', 'good', 'good', 'again'] as const) {
        session = await answer(session, rating, now);
        now = (await store.getCardStates('u1', [deck[0]!])).get(deck[0]!)!.due;
        const moved = await store.advanceSession({
          sessionId: session.sessionId,
          userId: 'u1',
          expectedStep: session.step,
          now,
        });
        if (moved.kind !== 'advanced') throw new Error(moved.kind);
        session = moved.session;
      }
      const progress = await store.progress('u1', deck, now - 1);
      expect(progress.retention30d).toEqual({ reviews: 2, passed: 1, rate: 0.5 });
      expect(progress.streak).toEqual({ days: 1, includesToday: true });
      expect(progress.today.total).toBe(1);
      const forecast = await store.forecast('u1', deck, now, 3);
      expect(forecast).toHaveLength(3);
      expect(forecast.reduce((sum, d) => sum + d.count, 0)).toBe(1);
    });

    it('is empty for an unknown user', async () => {
      const progress = await store.progress('ghost', deck, t0);
      expect(progress).toMatchObject({
        counts: { learning: 0, due: 0, new: 10 },
        today: { total: 0 },
        streak: { days: 0 },
        retention30d: { rate: null },
      });
      expect(await store.forecast('ghost', deck, t0, 2)).toEqual([
        { day: '2026-03-10', count: 0 },
        { day: '2026-03-11', count: 0 },
      ]);
    });

    it('counts a streak across midnight in the user zone', async () => {
      await store.updateSettings('u1', { timeZone: 'Pacific/Auckland', dayStartHour: 0 }, t0);
      const started = await store.startSession({
        userId: 'u1',
        deckId: 'd',
        cardIds: deck,
        mode: 'normal',
        now: t0,
      });
      if (!started.ok) throw new Error('start');
      // 2026-03-10 23:30 and 2026-03-11 00:30 NZDT: two study days, one hour apart.
      const s = await answer(started.value, 'good', Date.parse('2026-03-10T10:30:00Z'));
      await answer(s, 'good', Date.parse('2026-03-10T11:30:00Z'));
      const progress = await store.progress('u1', deck, Date.parse('2026-03-10T12:00:00Z'));
      expect(progress.streak).toEqual({ days: 2, includesToday: true });
      expect(progress.today.total).toBe(1);
    });
  });
});
