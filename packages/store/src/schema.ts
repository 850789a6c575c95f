import type { Generated } from 'kysely';

// Times are epoch ms in bigint columns read as numbers (the PostgreSQL backend parses int8 as Number).

/**
 * A yes/no column: 0/1 integer on SQLite, boolean on PostgreSQL, read as 0/1 on both (the PostgreSQL backend
 * parses booleans so) and written as 0/1 (PostgreSQL accepts '1' and '0' for a boolean).
 */
export type Flag = number;

/** A Discord user and their study settings. Times are epoch ms. */
export interface UsersTable {
  user_id: string;
  time_zone: string;
  day_start_hour: number;
  new_per_day: number;
  reviews_per_day: number;
  created_at: number;
  updated_at: number;
  /** Bumped by every write of the user's rows on PostgreSQL (under the user's row lock); see StoreCache. */
  version: Generated<number>;
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
  is_leech: Flag;
  is_suspended: Flag;
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

/** Status of a durable job. */
export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

/**
 * A durable job: run once at or after `run_at`, by whichever worker claims it. A claim is a lease (owner and
 * expiry); `attempts` counts claims and fences a completion by a worker whose lease was taken over.
 */
export interface JobsTable {
  job_id: string;
  kind: string;
  payload: string;
  status: JobStatus;
  run_at: number;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

/** The whole database, as Kysely sees it. */
export interface Database {
  users: UsersTable;
  card_states: CardStatesTable;
  review_log: ReviewLogTable;
  sessions: SessionsTable;
  jobs: JobsTable;
}
