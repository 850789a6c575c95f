import type { Generated } from 'kysely';

// Times are epoch ms in bigint columns read as numbers: a PostgreSQL dialect must parse int8 as Number.

/** A Discord user and their study settings. Times are epoch ms; booleans are 0/1 integers. */
export interface UsersTable {
  user_id: string;
  time_zone: string;
  day_start_hour: number;
  new_per_day: number;
  reviews_per_day: number;
  created_at: number;
  updated_at: number;
}

/** One user's FSRS state for one card. */
export interface CardStatesTable {
  user_id: string;
  card_id: string;
  due: number;
  stability: number;
  difficulty: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  phase: string;
  last_review: number | null;
  last_rating: string | null;
  is_leech: number;
  is_suspended: number;
  updated_at: number;
}

/** One answer; the state before makes undo possible. */
export interface ReviewLogTable {
  id: Generated<number>;
  user_id: string;
  card_id: string;
  session_id: string | null;
  session_step: number | null;
  mode: string;
  rating: string;
  phase_before: string;
  reviewed_at: number;
  due_after: number;
  state_before: string | null;
}

/** A flashcard session: what the Discord buttons of its latest message refer to. */
export interface SessionsTable {
  session_id: string;
  user_id: string;
  deck_id: string;
  mode: string;
  card_ids: string;
  current_card_id: string | null;
  step: number;
  created_at: number;
  updated_at: number;
  ended_at: number | null;
}

/** Applied schema versions. */
export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

/** The whole database, as Kysely sees it. */
export interface Database {
  users: UsersTable;
  card_states: CardStatesTable;
  review_log: ReviewLogTable;
  sessions: SessionsTable;
  schema_migrations: MigrationsTable;
}
