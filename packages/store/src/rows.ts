import type { Selectable } from 'kysely';
import type { CardStatesTable, UsersTable } from './schema.ts';
import type { CardPhase, CardState, RatingName } from '@portdeck/core';

/** Reads a phase column; anything else means the database was written by something else. */
export function toPhase(value: string): CardPhase {
  switch (value) {
    case 'new':
    case 'learning':
    case 'review':
    case 'relearning':
      return value;
    default:
      throw new Error(`corrupt phase in database: ${value}`);
  }
}

/** Reads a rating column. */
export function toRating(value: string): RatingName {
  switch (value) {
    case 'again':
    case 'hard':
    case 'good':
    case 'easy':
      return value;
    default:
      throw new Error(`corrupt rating in database: ${value}`);
  }
}

/** A card_states row as a core CardState. */
export function stateFromRow(row: Selectable<CardStatesTable>): CardState {
  return {
    due: row.due,
    stability: row.stability,
    difficulty: row.difficulty,
    scheduledDays: row.scheduled_days,
    learningSteps: row.learning_steps,
    reps: row.reps,
    lapses: row.lapses,
    phase: toPhase(row.phase),
    lastReview: row.last_review === null ? null : row.last_review,
    lastRating: row.last_rating === null ? null : toRating(row.last_rating),
    isLeech: row.is_leech !== 0,
    isSuspended: row.is_suspended !== 0,
  };
}

/** A core CardState as a card_states row. */
export function stateToRow(userId: string, cardId: string, state: CardState, now: number): CardStatesTable {
  return {
    user_id: userId,
    card_id: cardId,
    due: state.due,
    stability: state.stability,
    difficulty: state.difficulty,
    scheduled_days: state.scheduledDays,
    learning_steps: state.learningSteps,
    reps: state.reps,
    lapses: state.lapses,
    phase: state.phase,
    last_review: state.lastReview,
    last_rating: state.lastRating,
    is_leech: state.isLeech ? 1 : 0,
    is_suspended: state.isSuspended ? 1 : 0,
    updated_at: now,
  };
}

/** A user's study settings. */
export interface UserSettings {
  /** IANA time zone. */
  readonly timeZone: string;
  /** Local hour (0-23) at which a study day starts. */
  readonly dayStartHour: number;
  /** New cards per study day. */
  readonly newPerDay: number;
  /** Review cards per study day. */
  readonly reviewsPerDay: number;
}

/** Settings of a user who never changed them. */
export const defaultSettings: UserSettings = {
  timeZone: 'UTC',
  dayStartHour: 4,
  newPerDay: 20,
  reviewsPerDay: 200,
};

/** A users row as settings. */
export function settingsFromRow(
  row: Pick<UsersTable, 'time_zone' | 'day_start_hour' | 'new_per_day' | 'reviews_per_day'>,
): UserSettings {
  return {
    timeZone: row.time_zone,
    dayStartHour: row.day_start_hour,
    newPerDay: row.new_per_day,
    reviewsPerDay: row.reviews_per_day,
  };
}

/** Parses a stored state snapshot (the review log's state before). */
export function parseStateJson(json: string | null): CardState | null {
  if (json === null) return null;
  const value = JSON.parse(json) as CardState;
  return { ...value, phase: toPhase(value.phase) };
}
