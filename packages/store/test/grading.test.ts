import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionView, Store } from '../src/index.ts';
import type { Database } from '../src/schema.ts';
import { backends } from './backends.ts';
import type { TestDatabase } from './backends.ts';
import { day, deck, minute, t0 } from './helpers.ts';

describe.each(backends)('on $name', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let db: Kysely<Database>;

  beforeEach(async () => {
    database = await backend.create();
    ({ store, db } = await database.open());
  });
  afterEach(async () => {
    await database.cleanup();
  });

  async function start(userId = 'u1', cardIds: readonly string[] = deck): Promise<SessionView> {
    const started = await store.startSession({ userId, deckId: 'rdp', cardIds, mode: 'normal', now: t0 });
    if (!started.ok) throw new Error(started.error.kind);
    return started.value;
  }

  async function reviewCount(): Promise<number> {
    const row = await db
      .selectFrom('review_log')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Makes every review_log insert fail (a full disk, say); returns the undo. */
  async function refuseReviewLog(): Promise<() => Promise<void>> {
    if (backend.name === 'sqlite') {
      await sql`create trigger refuse_log before insert on review_log begin select raise(abort, 'disk says no'); end`.execute(
        db,
      );
      return async () => {
        await sql`drop trigger refuse_log`.execute(db);
      };
    }
    await sql`alter table review_log add constraint disk_says_no check (false) not valid`.execute(db);
    return async () => {
      await sql`alter table review_log drop constraint disk_says_no`.execute(db);
    };
  }

  describe('gradeCard', () => {
    it('records the answer, writes the state and moves the session to the next card', async () => {
      const session = await start();
      expect(session).toMatchObject({
        step: 0,
        currentCardId: deck[0],
        counts: { learning: 0, due: 0, new: 10 },
      });
      const result = await store.gradeCard({
        userId: 'u1',
        sessionId: session.sessionId,
        cardId: deck[0]!,
        expectedStep: 0,
        rating: 'good',
        now: t0,
      });
      expect(result.kind).toBe('graded');
      if (result.kind !== 'graded') return;
      expect(result.review).toMatchObject({
        cardId: deck[0],
        rating: 'good',
        phaseBefore: 'new',
        dueAfter: t0 + 10 * minute,
      });
      // The card due in 10 minutes is within the 20-minute learn-ahead window, so it counts as learning.
      expect(result.session).toMatchObject({
        step: 1,
        currentCardId: deck[1],
        counts: { learning: 1, due: 0, new: 9 },
      });
      const states = await store.getCardStates('u1', deck);
      expect(states.get(deck[0]!)?.phase).toBe('learning');
      expect(await reviewCount()).toBe(1);
    });

    it('records a double click once and answers the second click "duplicate"', async () => {
      const session = await start();
      const click = {
        userId: 'u1',
        sessionId: session.sessionId,
        cardId: deck[0]!,
        expectedStep: 0,
        rating: 'easy' as const,
        now: t0,
      };
      const [first, second] = await Promise.all([
        store.gradeCard(click),
        store.gradeCard({ ...click, now: t0 + 300 }),
      ]);
      expect(first.kind).toBe('graded');
      expect(second.kind).toBe('duplicate');
      if (first.kind === 'graded' && second.kind === 'duplicate') {
        expect(second.review).toEqual(first.review);
        expect(second.session.step).toBe(1);
      }
      expect(await reviewCount()).toBe(1);
    });

    it('refuses a stale click (old step, or another card) without recording anything', async () => {
      const session = await start();
      const base = { userId: 'u1', sessionId: session.sessionId, rating: 'good' as const, now: t0 };
      expect((await store.gradeCard({ ...base, cardId: deck[1]!, expectedStep: 0 })).kind).toBe('stale');
      expect((await store.gradeCard({ ...base, cardId: deck[0]!, expectedStep: 7 })).kind).toBe('stale');
      await store.gradeCard({ ...base, cardId: deck[0]!, expectedStep: 0 });
      await store.gradeCard({ ...base, cardId: deck[1]!, expectedStep: 1 });
      // A click on the message from step 0 that used a different card than the one answered there.
      expect((await store.gradeCard({ ...base, cardId: deck[5]!, expectedStep: 0 })).kind).toBe('stale');
      expect(await reviewCount()).toBe(2);
    });

    it('refuses clicks from another user, on unknown or ended sessions', async () => {
      const session = await start();
      const click = {
        sessionId: session.sessionId,
        cardId: deck[0]!,
        expectedStep: 0,
        rating: 'good' as const,
        now: t0,
      };
      expect((await store.gradeCard({ ...click, userId: 'intruder' })).kind).toBe('not-session-owner');
      expect((await store.gradeCard({ ...click, userId: 'u1', sessionId: 'nope' })).kind).toBe(
        'session-not-found',
      );
      expect(await store.endSession({ sessionId: session.sessionId, userId: 'u1', now: t0 })).toBe(true);
      expect((await store.gradeCard({ ...click, userId: 'u1' })).kind).toBe('session-ended');
      expect(await store.endSession({ sessionId: session.sessionId, userId: 'u1', now: t0 })).toBe(false);
      expect(await reviewCount()).toBe(0);
    });

    it('stops at the new-card limit and says when the next study day starts', async () => {
      await store.updateSettings('u1', { newPerDay: 2, timeZone: 'Europe/Berlin', dayStartHour: 4 }, t0);
      let session = await start();
      for (let i = 0; i < 2; i += 1) {
        const result = await store.gradeCard({
          userId: 'u1',
          sessionId: session.sessionId,
          cardId: session.currentCardId!,
          expectedStep: session.step,
          rating: 'easy',
          now: t0 + i,
        });
        if (result.kind !== 'graded') throw new Error(result.kind);
        session = result.session;
      }
      expect(session.currentCardId).toBeNull();
      expect(session.counts).toEqual({ learning: 0, due: 0, new: 0 });
      // 2026-03-11 04:00 Berlin (CET) = 03:00 UTC.
      expect(session.nextDueAt).toBe(Date.parse('2026-03-11T03:00:00Z'));
      const tomorrow = await store.advanceSession({
        sessionId: session.sessionId,
        userId: 'u1',
        expectedStep: session.step,
        now: session.nextDueAt!,
      });
      expect(tomorrow.kind === 'advanced' && tomorrow.session.currentCardId).toBe(deck[2]);
    });

    it('flags a leech on the eighth lapse and reports it once', async () => {
      await store.updateSettings('u1', { newPerDay: 100 }, t0);
      const session = await start('u1', [deck[0]!]);
      let step = session.step;
      let now = t0;
      const answer = async (rating: 'again' | 'good' | 'easy'): Promise<boolean> => {
        const result = await store.gradeCard({
          userId: 'u1',
          sessionId: session.sessionId,
          cardId: deck[0]!,
          expectedStep: step,
          rating,
          now,
        });
        if (result.kind !== 'graded') throw new Error(result.kind);
        step = result.session.step;
        now = result.review.dueAfter;
        // Re-pick the card once it is due again.
        const advanced = await store.advanceSession({
          sessionId: session.sessionId,
          userId: 'u1',
          expectedStep: step,
          now,
        });
        if (advanced.kind !== 'advanced') throw new Error(advanced.kind);
        step = advanced.session.step;
        return result.review.becameLeech;
      };
      await answer('easy');
      const flags: boolean[] = [];
      for (let lapse = 0; lapse < 9; lapse += 1) {
        flags.push(await answer('again'));
        await answer('good');
      }
      expect(flags).toEqual([false, false, false, false, false, false, false, true, false]);
      const state = (await store.getCardStates('u1', [deck[0]!])).get(deck[0]!);
      expect(state).toMatchObject({ lapses: 9, isLeech: true, isSuspended: false });
      expect((await store.progress('u1', deck, now)).leeches).toBe(1);
    });

    it('rejects card ids longer than 48 characters when a session starts', async () => {
      const long = 'x'.repeat(49);
      const started = await store.startSession({
        userId: 'u1',
        deckId: 'd',
        cardIds: [long],
        mode: 'normal',
        now: t0,
      });
      expect(started).toEqual({ ok: false, error: { kind: 'invalid-card-id', cardId: long } });
      const edge = await store.startSession({
        userId: 'u1',
        deckId: 'd',
        cardIds: ['x'.repeat(48)],
        mode: 'normal',
        now: t0,
      });
      expect(edge.ok).toBe(true);
    });
  });

  describe('sessions after a restart', () => {
    it('keeps working from the stored step and card', async () => {
      const session = await start();
      const reloaded = await store.getSession(session.sessionId, t0 + day);
      expect(reloaded).toMatchObject({ step: 0, currentCardId: deck[0], mode: 'normal' });
      expect(await store.getSession('missing', t0)).toBeUndefined();
    });
  });

  describe('cram sessions', () => {
    it('reviews missed cards without touching their schedule and brings "again" back at the end', async () => {
      const normal = await start('u1', deck.slice(0, 3));
      let step = normal.step;
      for (const [cardId, rating] of [
        [deck[0]!, 'again'],
        [deck[1]!, 'good'],
        [deck[2]!, 'again'],
      ] as const) {
        const result = await store.gradeCard({
          userId: 'u1',
          sessionId: normal.sessionId,
          cardId,
          expectedStep: step,
          rating,
          now: t0,
        });
        if (result.kind !== 'graded') throw new Error(`${cardId} ${result.kind}`);
        step = result.session.step;
      }
      const before = await store.getCardStates('u1', deck);
      const started = await store.startSession({
        userId: 'u1',
        deckId: 'rdp',
        cardIds: deck,
        mode: 'cram',
        cramFilter: 'missed',
        random: () => 0.99,
        now: t0 + minute,
      });
      if (!started.ok) throw new Error('start');
      const cram = started.value;
      expect(cram).toMatchObject({ mode: 'cram', currentCardId: deck[0], remaining: 2, counts: null });
      const first = await store.gradeCard({
        userId: 'u1',
        sessionId: cram.sessionId,
        cardId: deck[0]!,
        expectedStep: 0,
        rating: 'again',
        now: t0 + 2 * minute,
      });
      expect(first.kind === 'graded' && first.session).toMatchObject({
        currentCardId: deck[2],
        remaining: 2,
      });
      const second = await store.gradeCard({
        userId: 'u1',
        sessionId: cram.sessionId,
        cardId: deck[2]!,
        expectedStep: 1,
        rating: 'good',
        now: t0 + 3 * minute,
      });
      expect(second.kind === 'graded' && second.session).toMatchObject({
        currentCardId: deck[0],
        remaining: 1,
      });
      const third = await store.gradeCard({
        userId: 'u1',
        sessionId: cram.sessionId,
        cardId: deck[0]!,
        expectedStep: 2,
        rating: 'good',
        now: t0 + 4 * minute,
      });
      expect(third.kind === 'graded' && third.session).toMatchObject({ currentCardId: null, remaining: 0 });
      expect(await store.getCardStates('u1', deck)).toEqual(before);
      const progress = await store.progress('u1', deck, t0 + 5 * minute);
      expect(progress.today).toEqual({ newIntroduced: 3, reviewsDone: 0, total: 6 });
    });

    it('leaves the session as stored when a grade fails after changing the pile (rolled back, cache dropped)', async () => {
      const started = await store.startSession({
        userId: 'u1',
        deckId: 'rdp',
        cardIds: deck.slice(0, 3),
        mode: 'cram',
        random: () => 0.99,
        now: t0,
      });
      if (!started.ok) throw new Error('start');
      const cram = started.value;
      const storedPile = async (): Promise<string[]> => {
        const row = await db
          .selectFrom('sessions')
          .select('card_ids')
          .where('session_id', '=', cram.sessionId)
          .executeTakeFirstOrThrow();
        return JSON.parse(row.card_ids) as string[];
      };
      const pile = await storedPile();
      const click = {
        userId: 'u1',
        sessionId: cram.sessionId,
        cardId: cram.currentCardId!,
        expectedStep: 0,
        rating: 'again',
        now: t0 + minute,
      } as const;
      // The log insert fails after gradeCard has moved the card to the back of the pile in memory.
      const allow = await refuseReviewLog();
      await expect(store.gradeCard(click)).rejects.toThrow(/disk says no|disk_says_no/);
      await allow();
      expect(await store.getSession(cram.sessionId, t0 + minute)).toEqual(cram);
      const retried = await store.gradeCard(click);
      // "again" moved the card to the back exactly once.
      expect(await storedPile()).toEqual([...pile.slice(1), pile[0]]);
      expect(retried.kind === 'graded' && retried.session).toMatchObject({
        step: 1,
        remaining: 3,
        currentCardId: pile[1],
      });
      expect(await reviewCount()).toBe(1);
    });

    it('starts an empty cram when nothing was missed', async () => {
      const started = await store.startSession({
        userId: 'u9',
        deckId: 'd',
        cardIds: deck,
        mode: 'cram',
        cramFilter: 'missed',
        now: t0,
      });
      expect(started.ok && started.value).toMatchObject({ currentCardId: null, remaining: 0 });
    });
  });
});
