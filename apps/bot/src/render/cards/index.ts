import { drawLeaderboardCard, type LeaderboardCard } from './leaderboard.ts';
import { drawProgressCard, type ProgressCard } from './progress.ts';

export type { LeaderboardCard, LeaderboardCardRow } from './leaderboard.ts';
export { LEADERBOARD_CARD_ROWS, LEADERBOARD_CARD_SIZE } from './leaderboard.ts';
export type { ProgressCard } from './progress.ts';
export { PROGRESS_CARD_SIZE } from './progress.ts';

/** Draws the image cards as PNG bytes; handlers get one through their context (tests pass a failing one). */
export interface CardPainter {
  progress(card: ProgressCard): Promise<Buffer>;
  leaderboard(card: LeaderboardCard): Promise<Buffer>;
}

/** The real painter: @napi-rs/canvas with the shipped Inter font. */
export const canvasCards: CardPainter = {
  progress: drawProgressCard,
  leaderboard: drawLeaderboardCard,
};
