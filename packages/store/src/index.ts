export { openStore, Store, maxCardIdLength } from './store.ts';
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
  StoreOptions,
  UndoResult,
} from './store.ts';
export { defaultSettings } from './rows.ts';
export type { UserSettings } from './rows.ts';
export { migrations } from './migrations.ts';
export type { Migration } from './migrations.ts';
export type { SqliteSynchronous } from './sqlite.ts';
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
