import type { Kysely } from 'kysely';
import { prepare } from './prepared.ts';
import type { Selectable } from 'kysely';
import type { CardStatesTable, Database, ReviewLogTable, SessionsTable } from './schema.ts';

type LogValues = Omit<ReviewLogTable, 'id'>;

/** The queries on the answer path, compiled once per store. */
export function hotQueries(db: Kysely<Database>) {
  return {
    session: prepare<{ sessionId: string }, SessionsTable>(db, (p) =>
      db.selectFrom('sessions').selectAll().where('session_id', '=', p('sessionId')),
    ),
    settings: prepare<
      { userId: string },
      { time_zone: string; day_start_hour: number; new_per_day: number; reviews_per_day: number }
    >(db, (p) =>
      db
        .selectFrom('users')
        .select(['time_zone', 'day_start_hour', 'new_per_day', 'reviews_per_day'])
        .where('user_id', '=', p('userId')),
    ),
    cardState: prepare<{ userId: string; cardId: string }, CardStatesTable>(db, (p) =>
      db
        .selectFrom('card_states')
        .selectAll()
        .where('user_id', '=', p('userId'))
        .where('card_id', '=', p('cardId')),
    ),
    // One range scan over the primary key; the deck filter runs in memory (no per-deck IN list to compile).
    userStates: prepare<{ userId: string }, CardStatesTable>(db, (p) =>
      db.selectFrom('card_states').selectAll().where('user_id', '=', p('userId')),
    ),
    upsertState: prepare<CardStatesTable, never>(db, (p) =>
      db
        .insertInto('card_states')
        .values({
          user_id: p('user_id'),
          card_id: p('card_id'),
          due: p('due'),
          stability: p('stability'),
          difficulty: p('difficulty'),
          scheduled_days: p('scheduled_days'),
          learning_steps: p('learning_steps'),
          reps: p('reps'),
          lapses: p('lapses'),
          phase: p('phase'),
          last_review: p('last_review'),
          last_rating: p('last_rating'),
          is_leech: p('is_leech'),
          is_suspended: p('is_suspended'),
          updated_at: p('updated_at'),
        })
        .onConflict((oc) =>
          oc.columns(['user_id', 'card_id']).doUpdateSet((eb) => ({
            due: eb.ref('excluded.due'),
            stability: eb.ref('excluded.stability'),
            difficulty: eb.ref('excluded.difficulty'),
            scheduled_days: eb.ref('excluded.scheduled_days'),
            learning_steps: eb.ref('excluded.learning_steps'),
            reps: eb.ref('excluded.reps'),
            lapses: eb.ref('excluded.lapses'),
            phase: eb.ref('excluded.phase'),
            last_review: eb.ref('excluded.last_review'),
            last_rating: eb.ref('excluded.last_rating'),
            is_leech: eb.ref('excluded.is_leech'),
            is_suspended: eb.ref('excluded.is_suspended'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        ),
    ),
    insertLog: prepare<LogValues, { id: number }>(db, (p) =>
      db
        .insertInto('review_log')
        .values({
          user_id: p('user_id'),
          card_id: p('card_id'),
          session_id: p('session_id'),
          session_step: p('session_step'),
          mode: p('mode'),
          rating: p('rating'),
          phase_before: p('phase_before'),
          reviewed_at: p('reviewed_at'),
          due_after: p('due_after'),
          state_before: p('state_before'),
        })
        .returning('id'),
    ),
    todayCounts: prepare<
      { userId: string; from: number; to: number },
      { mode: string; phase_before: string; n: number | string }
    >(db, (p) =>
      db
        .selectFrom('review_log')
        .select((eb) => ['mode', 'phase_before', eb.fn.countAll<number | string>().as('n')])
        .where('user_id', '=', p('userId'))
        .where('reviewed_at', '>=', p('from'))
        .where('reviewed_at', '<', p('to'))
        .groupBy(['mode', 'phase_before']),
    ),
    updateSession: prepare<
      Pick<SessionsTable, 'session_id' | 'step' | 'updated_at' | 'current_card_id' | 'card_ids'>,
      never
    >(db, (p) =>
      db
        .updateTable('sessions')
        .set({
          step: p('step'),
          updated_at: p('updated_at'),
          current_card_id: p('current_card_id'),
          card_ids: p('card_ids'),
        })
        .where('session_id', '=', p('session_id')),
    ),
    updateSessionStep: prepare<
      Pick<SessionsTable, 'session_id' | 'step' | 'updated_at' | 'current_card_id'>,
      never
    >(db, (p) =>
      db
        .updateTable('sessions')
        .set({ step: p('step'), updated_at: p('updated_at'), current_card_id: p('current_card_id') })
        .where('session_id', '=', p('session_id')),
    ),
    logAtStep: prepare<{ sessionId: string; step: number }, Selectable<ReviewLogTable>>(db, (p) =>
      db
        .selectFrom('review_log')
        .selectAll()
        .where('session_id', '=', p('sessionId'))
        .where('session_step', '=', p('step')),
    ),
  };
}

/** The prepared answer-path queries. */
export type HotQueries = ReturnType<typeof hotQueries>;
