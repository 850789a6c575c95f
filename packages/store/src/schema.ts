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

/** A server's daily quiz: where, when (the schedule as typed, validated by core) and what it asked so far. */
export interface DailySchedulesTable {
  guild_id: string;
  channel_id: string;
  /** "HH:MM", 24-hour clock, in `time_zone`. */
  time_of_day: string;
  time_zone: string;
  /** Weekdays it posts on, comma-separated in week order ("mon,wed,fri"). */
  days: string;
  deck_id: string;
  close_after_minutes: number | null;
  starts_thread: Flag;
  pins: Flag;
  role_id: string | null;
  is_active: Flag;
  /** When this schedule was saved: a post time before it is not owed (no post at once after setup). */
  saved_at: number;
  /** Card ids asked in the current no-repeat cycle (JSON array). */
  asked_in_cycle: string;
  last_failure: string | null;
  last_failure_at: number | null;
  created_at: number;
  updated_at: number;
}

/** One posted daily question; its id is the job id that posted it (`daily:<guild>:<local date>`, `:2`... for extras). */
export interface DailyQuestionsTable {
  question_id: string;
  guild_id: string;
  local_date: string;
  /** 1 for a server's first question, then 2, 3...: streaks count posted questions, not days. */
  sequence: number;
  card_id: string;
  /** The options as shown (JSON array of strings) and which one is right. */
  options: string;
  correct_index: number;
  channel_id: string;
  message_id: string;
  thread_id: string | null;
  posted_at: number;
  closes_at: number;
  closed_at: number | null;
  answer_count: number;
}

/** One member's answer to one daily question (the first click counts; period keys are the server's zone's). */
export interface DailyAnswersTable {
  question_id: string;
  user_id: string;
  guild_id: string;
  choice: number;
  is_correct: Flag;
  /** When Discord created the click (its interaction snowflake), epoch ms. */
  answered_at: number;
  day_key: string;
  week_key: string;
  month_key: string;
}

/** A study-group drill (`/drill start`): its settings, the cards it asks, where it is. */
export interface DrillsTable {
  /** The starting interaction's snowflake. */
  drill_id: string;
  guild_id: string;
  channel_id: string;
  /** `channel_id` until the drill ends, then null: unique, so a channel runs one drill at a time. */
  active_channel: string | null;
  host_id: string;
  deck_id: string;
  /** 'choice' or 'typed'. */
  mode: string;
  round_count: number;
  round_seconds: number;
  /** The cards of rounds 1, 2... (JSON array). */
  card_ids: string;
  /** The zone answers' period keys are written in (the server's daily quiz zone, else UTC). */
  time_zone: string;
  /** 'lobby', 'running' or 'ended'. */
  status: string;
  /** The lobby message, which becomes the scoreboard. */
  message_id: string | null;
  /** The round being played or last played; 0 in the lobby. */
  current_round: number;
  lobby_ends_at: number;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
}

/** A drill's player: who joined, and when (a late joiner plays from the next round). */
export interface DrillPlayersTable {
  drill_id: string;
  user_id: string;
  joined_at: number;
}

/** One posted drill question. */
export interface DrillRoundsTable {
  drill_id: string;
  round: number;
  card_id: string;
  /** The options as shown (JSON array; empty for typed rounds) and which one is right. */
  options: string;
  correct_index: number;
  message_id: string;
  started_at: number;
  deadline: number;
  /** Set once, by whoever closes it (deadline job, last answer, or /drill stop). */
  closed_at: number | null;
  answer_count: number;
}

/** One player's answer in one round (the first counts); points are written when the round closes. */
export interface DrillAnswersTable {
  drill_id: string;
  round: number;
  user_id: string;
  guild_id: string;
  card_id: string;
  /** The option's text or what was typed. */
  answer: string;
  is_correct: Flag;
  points: number;
  /** When Discord created the interaction (its snowflake), epoch ms. */
  answered_at: number;
  day_key: string;
  week_key: string;
  month_key: string;
}

/** Which board a score counts on. */
export type BoardName = 'daily' | 'drills';

/** One recorded answer on any board (the ledger boards and statistics read). Keys are the server's zone's. */
export interface ScoresTable {
  id: Generated<number>;
  guild_id: string;
  user_id: string;
  board: BoardName;
  /** The game the answer belongs to: the daily question, or the drill its round is part of. */
  game_id: string;
  /** What was answered: the daily question or the drill round. */
  source_id: string;
  card_id: string;
  /** The option chosen as shown (label or text); null when the feature has none. */
  chosen: string | null;
  is_correct: Flag;
  points: number;
  answered_at: number;
  day_key: string;
  week_key: string;
  month_key: string;
}

/** A member's running total on one board (or 'all') in one period (or 'all', key ''), kept by `recordScoreIn`. */
export interface ScoreTotalsTable {
  guild_id: string;
  board: BoardName | 'all';
  period: 'day' | 'week' | 'month' | 'all';
  period_key: string;
  user_id: string;
  points: number;
  correct: number;
  answers: number;
}

/** Members who hide from leaderboards (everywhere: it is their own setting). */
export interface BoardPreferencesTable {
  user_id: string;
  is_hidden: Flag;
  updated_at: number;
}

/** A member's display name in a server, as their last interaction showed it. */
export interface MemberNamesTable {
  guild_id: string;
  user_id: string;
  display_name: string;
  updated_at: number;
}

/** A server's read token for the statistics API: only the SHA-256 of the token is kept. */
export interface DashboardTokensTable {
  /** Hex SHA-256 of the token. */
  token_hash: string;
  guild_id: string;
  created_by: string;
  created_at: number;
  revoked_at: number | null;
}

/** The whole database, as Kysely sees it. */
export interface Database {
  users: UsersTable;
  card_states: CardStatesTable;
  review_log: ReviewLogTable;
  sessions: SessionsTable;
  jobs: JobsTable;
  daily_schedules: DailySchedulesTable;
  daily_questions: DailyQuestionsTable;
  daily_answers: DailyAnswersTable;
  drills: DrillsTable;
  drill_players: DrillPlayersTable;
  drill_rounds: DrillRoundsTable;
  drill_answers: DrillAnswersTable;
  scores: ScoresTable;
  score_totals: ScoreTotalsTable;
  board_preferences: BoardPreferencesTable;
  dashboard_tokens: DashboardTokensTable;
  member_names: MemberNamesTable;
}
