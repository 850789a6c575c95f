export { openStore, storeOptionsFor } from './store.ts';
export type { Store, StoreOptions } from './store.ts';
export { maxCardIdLength } from './types.ts';
export type {
  AdvanceResult,
  GradeResult,
  Progress,
  QueueCounts,
  RecordedReview,
  SessionMode,
  SessionView,
  SettingsError,
  StartSessionError,
  UndoResult,
} from './types.ts';
export { describeLocation, parseDatabaseUrl, sqliteFileName } from './location.ts';
export type { DatabaseLocation } from './location.ts';
export { retryDelayMs } from './jobs.ts';
export { dailyCloseKind, dailyPostKind } from './daily.ts';
export { seedDailyPost } from './seeding.ts';
export type {
  DailyAnswerRecord,
  DailyAnswerResult,
  DailyHistory,
  DailyPostRecord,
  DailyQuestionRecord,
  DailyScheduleInput,
  DailyScheduleRecord,
  DailyStore,
} from './daily.ts';
export {
  drillCloseKind,
  drillEndKind,
  drillJobIds,
  drillLobbyKind,
  drillOpenKind,
  drillRevealKind,
} from './drills.ts';
export type {
  DrillAnswerRecord,
  DrillAnswerResult,
  DrillCloseResult,
  DrillInput,
  DrillJoinResult,
  DrillMode,
  DrillPlayerRecord,
  DrillRecord,
  DrillRoundRecord,
  DrillStatus,
  DrillStore,
} from './drills.ts';
export { dailyCorrectPoints, hashToken, recordScoreIn } from './boards.ts';
export type {
  ActivityDay,
  BoardFilter,
  BoardPeriod,
  BoardQuery,
  BoardsStore,
  CardStats,
  DailyQuestionStats,
  GameStats,
  LeaderboardCursor,
  LeaderboardEntry,
  LeaderboardPage,
  ScoreInput,
  Window,
} from './boards.ts';
export type { BoardName } from './schema.ts';
export type { ClaimedJob, FailOutcome, JobLease, JobQueue, JobRecord, JobSpec } from './jobs.ts';
export { MigrationError } from './migrations/index.ts';
export { defaultSettings } from './rows.ts';
export type { UserSettings } from './rows.ts';
export type { SqliteOptions, SqliteSynchronous } from './backend/sqlite.ts';
export type { PostgresOptions } from './backend/postgres.ts';
export type { DialectName } from './backend/types.ts';
export type { Database } from './schema.ts';
export type {
  CardPhase,
  CardState,
  CramFilter,
  ForecastDay,
  RatingName,
  Retention,
  Streak,
} from '@portdeck/core';
