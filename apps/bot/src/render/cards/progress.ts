import { CARD_COLORS, encodeCard, fitText, roundRect, setFont, startCard } from './canvas.ts';

/** Size of the progress card in pixels. */
export const PROGRESS_CARD_SIZE = { width: 800, height: 360 } as const;

/** What the progress card shows: reviews due per day and 30-day retention. */
export interface ProgressCard {
  /** "Progress · Seed deck". */
  readonly title: string;
  /** One bar per study day, today first: a short label ("Today", "Wed 11") and the reviews due. */
  readonly forecast: readonly { readonly label: string; readonly count: number }[];
  /** Share of review-phase answers passed in 30 days (0-1), or null with no reviews. */
  readonly retention: number | null;
  /** "7 of 9 reviews passed" or "no reviews yet". */
  readonly retentionNote: string;
}

const CHART = { left: 40, top: 96, width: 470, height: 200 } as const;
const RING = { x: 650, y: 190, radius: 80, thickness: 18 } as const;

function retentionColor(rate: number): string {
  if (rate >= 0.85) return CARD_COLORS.good;
  return rate >= 0.7 ? CARD_COLORS.warn : CARD_COLORS.bad;
}

/**
 * Draws the `/progress` card: a bar chart of the review forecast and a retention ring. Returns PNG bytes.
 * @param card - what to show
 */
export async function drawProgressCard(card: ProgressCard): Promise<Buffer> {
  const { canvas, ctx } = startCard(PROGRESS_CARD_SIZE.width, PROGRESS_CARD_SIZE.height);
  ctx.fillStyle = CARD_COLORS.text;
  setFont(ctx, 26, 700);
  fitText(ctx, card.title, 40, 50, 720);
  ctx.fillStyle = CARD_COLORS.muted;
  setFont(ctx, 16);
  ctx.fillText(`Reviews due, next ${card.forecast.length} days`, CHART.left, 80);

  // Bars: the tallest day fills the chart; every day keeps its count above its bar.
  const most = Math.max(1, ...card.forecast.map((day) => day.count));
  const slot = CHART.width / Math.max(1, card.forecast.length);
  const base = CHART.top + CHART.height;
  ctx.fillStyle = CARD_COLORS.grid;
  ctx.fillRect(CHART.left, base, CHART.width, 2);
  card.forecast.forEach((day, index) => {
    const barHeight = Math.round(((CHART.height - 30) * day.count) / most);
    const x = CHART.left + index * slot + slot * 0.18;
    const width = slot * 0.64;
    ctx.fillStyle = index === 0 ? CARD_COLORS.accent : '#7983f5';
    if (barHeight > 0) roundRect(ctx, x, base - barHeight, width, barHeight, 6);
    ctx.textAlign = 'center';
    ctx.fillStyle = CARD_COLORS.text;
    setFont(ctx, 16, 700);
    ctx.fillText(String(day.count), x + width / 2, base - barHeight - 8);
    ctx.fillStyle = CARD_COLORS.muted;
    setFont(ctx, 14);
    fitText(ctx, day.label, x + width / 2, base + 24, slot - 4);
    ctx.textAlign = 'left';
  });

  // Ring: the grey track, then the passed share clockwise from the top.
  ctx.lineWidth = RING.thickness;
  ctx.lineCap = 'round';
  ctx.strokeStyle = CARD_COLORS.grid;
  ctx.beginPath();
  ctx.arc(RING.x, RING.y, RING.radius, 0, Math.PI * 2);
  ctx.stroke();
  if (card.retention !== null && card.retention > 0) {
    ctx.strokeStyle = retentionColor(card.retention);
    ctx.beginPath();
    ctx.arc(
      RING.x,
      RING.y,
      RING.radius,
      -Math.PI / 2,
      -Math.PI / 2 + Math.PI * 2 * Math.min(1, card.retention),
    );
    ctx.stroke();
  }
  ctx.textAlign = 'center';
  ctx.fillStyle = CARD_COLORS.text;
  setFont(ctx, 34, 700);
  ctx.fillText(card.retention === null ? '–' : `${Math.round(card.retention * 100)}%`, RING.x, RING.y + 12);
  setFont(ctx, 16);
  ctx.fillStyle = CARD_COLORS.muted;
  ctx.fillText('Retention, 30 days', RING.x, 80);
  fitText(ctx, card.retentionNote, RING.x, RING.y + RING.radius + 44, 240);
  ctx.textAlign = 'left';
  return encodeCard(canvas);
}
