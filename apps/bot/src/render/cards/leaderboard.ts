import { CARD_COLORS, encodeCard, fitText, roundRect, setFont, startCard } from './canvas.ts';

/** Rows on the leaderboard card (one page of the board). */
export const LEADERBOARD_CARD_ROWS = 10;
/** Size of the leaderboard card in pixels (always room for ten rows, so every page has the same size). */
export const LEADERBOARD_CARD_SIZE = { width: 800, height: 110 + LEADERBOARD_CARD_ROWS * 50 } as const;

/** One line of the leaderboard card. */
export interface LeaderboardCardRow {
  readonly rank: number;
  /** What the card calls the member (an image cannot show a mention). */
  readonly name: string;
  readonly points: number;
  readonly correct: number;
  /** The asker's own line, drawn highlighted. */
  readonly isViewer: boolean;
}

/** What the leaderboard card shows. */
export interface LeaderboardCard {
  /** "Leaderboard · This week · Daily quiz and drills". */
  readonly title: string;
  /** At most ten rows, best first. */
  readonly rows: readonly LeaderboardCardRow[];
  /** Shown when there are no rows. */
  readonly emptyText: string;
}

const MEDALS: Record<number, string> = { 1: CARD_COLORS.gold, 2: CARD_COLORS.silver, 3: CARD_COLORS.bronze };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Draws the `/leaderboard` card: ranks (medals for the top three), names, a points bar, points and right
 * answers. Returns PNG bytes.
 * @param card - what to show
 */
export async function drawLeaderboardCard(card: LeaderboardCard): Promise<Buffer> {
  const { width, height } = LEADERBOARD_CARD_SIZE;
  const { canvas, ctx } = startCard(width, height);
  ctx.fillStyle = CARD_COLORS.text;
  setFont(ctx, 26, 700);
  fitText(ctx, card.title, 40, 56, width - 80);
  if (card.rows.length === 0) {
    ctx.textAlign = 'center';
    ctx.fillStyle = CARD_COLORS.muted;
    setFont(ctx, 20);
    fitText(ctx, card.emptyText, width / 2, height / 2, width - 80);
    ctx.textAlign = 'left';
    return encodeCard(canvas);
  }
  const most = Math.max(1, ...card.rows.map((row) => row.points));
  card.rows.slice(0, LEADERBOARD_CARD_ROWS).forEach((row, index) => {
    const top = 90 + index * 50;
    ctx.fillStyle = row.isViewer ? '#3c4270' : CARD_COLORS.panel;
    roundRect(ctx, 30, top, width - 60, 42, 8);
    // Rank badge.
    ctx.fillStyle = MEDALS[row.rank] ?? CARD_COLORS.grid;
    ctx.beginPath();
    ctx.arc(62, top + 21, 16, 0, Math.PI * 2);
    ctx.fill();
    ctx.textAlign = 'center';
    ctx.fillStyle = MEDALS[row.rank] === undefined ? CARD_COLORS.text : '#1e1f22';
    setFont(ctx, row.rank > 99 ? 12 : 16, 700);
    ctx.fillText(String(row.rank), 62, top + 27);
    ctx.textAlign = 'left';
    ctx.fillStyle = CARD_COLORS.text;
    setFont(ctx, 18, row.isViewer ? 700 : 400);
    fitText(ctx, row.name, 92, top + 27, 250);
    // Points bar, scaled to the best on this page.
    const barWidth = Math.round((220 * Math.max(0, row.points)) / most);
    ctx.fillStyle = CARD_COLORS.grid;
    roundRect(ctx, 360, top + 15, 220, 12, 6);
    ctx.fillStyle = CARD_COLORS.accent;
    if (barWidth > 0) roundRect(ctx, 360, top + 15, barWidth, 12, 6);
    ctx.textAlign = 'right';
    ctx.fillStyle = CARD_COLORS.text;
    setFont(ctx, 16, 700);
    ctx.fillText(plural(row.points, 'pt'), 680, top + 27);
    ctx.fillStyle = CARD_COLORS.muted;
    setFont(ctx, 14);
    ctx.fillText(`${row.correct} right`, width - 44, top + 27);
    ctx.textAlign = 'left';
  });
  return encodeCard(canvas);
}
