import { cramPileAfterAnswer, cramPileAfterUndo, grade, tallyAnswer, undoReview } from '@portdeck/core';
import type { CardPhase, RatingName } from '@portdeck/core';
import { cardState, rememberState, userStates } from './card-states.ts';
import type { StoreContext } from './context.ts';
import { clockKeyOf, recorded, tallyInCache, toMode } from './review-log.ts';
import { parseStateJson, stateToRow, toPhase, toRating } from './rows.ts';
import { cardIdsOf, moveOn, readSession, sessionView } from './sessions.ts';
import { clockOf, lockUser } from './settings.ts';
import type { GradeResult, UndoResult } from './types.ts';

/** A grade click. */
export interface GradeInput {
  readonly userId: string;
  readonly sessionId: string;
  readonly cardId: string;
  readonly expectedStep: number;
  readonly rating: RatingName;
  readonly now: number;
}

/**
 * Records one answer, in one transaction holding the user's row: checks that the click is for the session's
 * current step and card (a repeated click gets `duplicate`, an old one `stale`), grades with the core
 * scheduler (cram leaves the schedule alone), writes state and log, and moves the session to its next card.
 */
export function gradeCard(ctx: StoreContext, input: GradeInput): Promise<GradeResult> {
  return ctx.backend.write(async (trx) => {
    const { userId, cardId, now } = input;
    // Another process answering the same session waits here, then sees the step this answer moved.
    await lockUser(ctx, trx, userId);
    const row = await readSession(ctx, trx, input.sessionId, userId);
    if (row === undefined) return { kind: 'session-not-found' };
    if (row.user_id !== userId) return { kind: 'not-session-owner' };
    if (row.step !== input.expectedStep || row.current_card_id !== cardId) {
      const [earlier] = (
        await ctx.q.logAtStep.run(trx, { sessionId: row.session_id, step: input.expectedStep })
      ).rows;
      const session = await sessionView(ctx, trx, row, now);
      if (earlier?.card_id === cardId)
        return { kind: 'duplicate', review: recorded(earlier, false), session };
      return row.ended_at === null ? { kind: 'stale', session } : { kind: 'session-ended', session };
    }
    if (row.ended_at !== null)
      return { kind: 'session-ended', session: await sessionView(ctx, trx, row, now) };
    const mode = toMode(row.mode);
    // Normal mode needs all the user's states for the next card anyway: load them once, then read from them.
    if (mode === 'normal') await userStates(ctx, trx, userId);
    const current = await cardState(ctx, trx, userId, cardId);
    let phaseBefore: CardPhase = current?.phase ?? 'new';
    let dueAfter = current?.due ?? now;
    let becameLeech = false;
    let stateBefore: string | null = null;
    if (mode === 'normal') {
      const outcome = grade(current, input.rating, now, ctx.srs);
      phaseBefore = outcome.log.phaseBefore;
      dueAfter = outcome.state.due;
      becameLeech = outcome.state.isLeech && current?.isLeech !== true;
      stateBefore = outcome.log.before === null ? null : JSON.stringify(outcome.log.before);
      await ctx.q.upsertState.run(trx, stateToRow(userId, cardId, outcome.state, now));
      rememberState(ctx, trx, userId, cardId, outcome.state);
    } else {
      row.card_ids = JSON.stringify(cramPileAfterAnswer(cardIdsOf(row), input.rating));
    }
    const log = {
      user_id: userId,
      card_id: cardId,
      session_id: row.session_id,
      session_step: row.step,
      mode,
      rating: input.rating,
      phase_before: phaseBefore,
      reviewed_at: now,
      due_after: dueAfter,
      state_before: stateBefore,
    };
    const [inserted] = (await ctx.q.insertLog.run(trx, log)).rows;
    if (inserted === undefined) throw new Error('review_log insert returned no id');
    tallyInCache(ctx, trx, userId, log, 1);
    const session = await moveOn(ctx, trx, row, now, row.step + 1);
    return { kind: 'graded', review: recorded({ ...log, id: inserted.id }, becameLeech), session };
  });
}

/**
 * PostgreSQL's fast path for a click whose user this process knows well (states, settings, today's counts and
 * the session all cached): grades in memory and writes card state, review log, session step and the user's
 * version in one statement that applies only if no other process wrote the user's rows since. Returns
 * undefined (and forgets the user) whenever anything is not plainly "the next answer of a normal session", or
 * another process wrote first: the locked path then decides. Callers hold the user's place in the UserQueue.
 */
export async function gradeOptimistically(
  ctx: StoreContext,
  input: GradeInput,
): Promise<GradeResult | undefined> {
  const write = ctx.backend.recordAnswerIfCurrent;
  if (write === undefined) return undefined;
  const { userId, cardId, now } = input;
  const db = ctx.backend.db;
  const entry = ctx.cache.warm(userId, db);
  const row = entry?.sessions.get(input.sessionId);
  const today = entry?.today;
  if (entry?.states === undefined || entry.settings === undefined || row === undefined || today === undefined)
    return undefined;
  const isPlainNext =
    row.user_id === userId &&
    row.ended_at === null &&
    row.mode === 'normal' &&
    row.step === input.expectedStep &&
    row.current_card_id === cardId &&
    today.clockKey === clockKeyOf(clockOf(entry.settings)) &&
    today.start <= now &&
    now < today.end;
  if (!isPlainNext) return undefined;
  const current = entry.states.get(cardId);
  const outcome = grade(current, input.rating, now, ctx.srs);
  const log = {
    user_id: userId,
    card_id: cardId,
    session_id: row.session_id,
    session_step: row.step,
    mode: 'normal',
    rating: input.rating,
    phase_before: outcome.log.phaseBefore,
    reviewed_at: now,
    due_after: outcome.state.due,
    state_before: outcome.log.before === null ? null : JSON.stringify(outcome.log.before),
  };
  // In memory first (nothing else of this user's runs meanwhile); dropped below if the write does not apply.
  entry.states.set(cardId, outcome.state);
  tallyAnswer(today.counts, { mode: 'normal', phaseBefore: outcome.log.phaseBefore }, 1);
  row.step += 1;
  row.updated_at = now;
  const session = await sessionView(ctx, db, row, now, null);
  row.current_card_id = session.currentCardId;
  let written: Awaited<ReturnType<typeof write>>;
  try {
    written = await write({
      userId,
      expectedVersion: entry.version,
      state: stateToRow(userId, cardId, outcome.state, now),
      log,
      session: {
        session_id: row.session_id,
        step: row.step,
        updated_at: now,
        current_card_id: row.current_card_id,
      },
    });
  } catch (error) {
    ctx.cache.drop(userId);
    throw error;
  }
  if (written === null) {
    ctx.cache.drop(userId);
    return undefined;
  }
  ctx.cache.advanceTo(userId, written.version);
  const becameLeech = outcome.state.isLeech && current?.isLeech !== true;
  return { kind: 'graded', review: recorded({ ...log, id: written.reviewId }, becameLeech), session };
}

/**
 * Undoes the user's latest answer (in `sessionId` when given): restores the state before, deletes the log
 * row, and puts the card back on screen in its session (with a new step, so old buttons go stale). With
 * `sessionId` and `expectedStep`, refuses (`stale`) unless the session is still at that step, so a repeated
 * click undoes one answer, not two.
 */
export function undoLastReview(
  ctx: StoreContext,
  input: {
    readonly userId: string;
    readonly sessionId?: string;
    readonly expectedStep?: number;
    readonly now: number;
  },
): Promise<UndoResult> {
  return ctx.backend.write(async (trx) => {
    const { userId, now } = input;
    await lockUser(ctx, trx, userId);
    if (input.sessionId !== undefined && input.expectedStep !== undefined) {
      const current = await readSession(ctx, trx, input.sessionId, userId);
      if (current !== undefined && current.user_id === userId && current.step !== input.expectedStep)
        return { kind: 'stale', session: await sessionView(ctx, trx, current, now) };
    }
    let query = trx.selectFrom('review_log').selectAll().where('user_id', '=', userId);
    if (input.sessionId !== undefined) query = query.where('session_id', '=', input.sessionId);
    const last = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (last === undefined) return { kind: 'nothing-to-undo' };
    if (last.mode === 'normal') {
      const restored = undoReview(await cardState(ctx, trx, userId, last.card_id), {
        rating: toRating(last.rating),
        reviewedAt: last.reviewed_at,
        phaseBefore: toPhase(last.phase_before),
        before: parseStateJson(last.state_before),
        dueAfter: last.due_after,
      });
      if (!restored.ok) return { kind: 'not-latest-review' };
      rememberState(ctx, trx, userId, last.card_id, restored.value);
      if (restored.value === undefined) {
        await trx
          .deleteFrom('card_states')
          .where('user_id', '=', userId)
          .where('card_id', '=', last.card_id)
          .execute();
      } else {
        await trx
          .updateTable('card_states')
          .set(stateToRow(userId, last.card_id, restored.value, now))
          .where('user_id', '=', userId)
          .where('card_id', '=', last.card_id)
          .execute();
      }
    }
    await trx.deleteFrom('review_log').where('id', '=', last.id).execute();
    tallyInCache(ctx, trx, userId, last, -1);
    const review = recorded(last, false);
    const row = last.session_id === null ? undefined : await readSession(ctx, trx, last.session_id, userId);
    if (row === undefined || row.ended_at !== null) return { kind: 'undone', review, session: null };
    if (row.mode === 'cram') {
      row.card_ids = JSON.stringify(cramPileAfterUndo(cardIdsOf(row), last.card_id, toRating(last.rating)));
    }
    row.current_card_id = last.card_id;
    const session = await moveOn(ctx, trx, row, now, row.step + 1, last.card_id);
    return { kind: 'undone', review, session };
  });
}
