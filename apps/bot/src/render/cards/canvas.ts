import { fileURLToPath } from 'node:url';
import { createCanvas, GlobalFonts, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';

/** The family every card draws its text in (Inter, shipped in `assets/fonts`, OFL). */
export const CARD_FONT = 'Inter';

const FONT_FILES = ['Inter_400Regular.ttf', 'Inter_700Bold.ttf'] as const;
let isFontRegistered = false;

/** Registers the shipped Inter faces once per process; throws when a file is missing or unreadable. */
export function registerCardFonts(): void {
  if (isFontRegistered) return;
  for (const file of FONT_FILES) {
    const path = fileURLToPath(new URL(`../../../assets/fonts/${file}`, import.meta.url));
    if (GlobalFonts.registerFromPath(path, CARD_FONT) === null) {
      throw new Error(`could not register the card font ${path}`);
    }
  }
  isFontRegistered = true;
}

/** Colours of Discord's dark theme, so a card sits in an embed without a seam. */
export const CARD_COLORS = {
  background: '#2b2d31',
  panel: '#313338',
  grid: '#3f4147',
  text: '#f2f3f5',
  muted: '#b5bac1',
  accent: '#5865f2',
  good: '#57f287',
  warn: '#fee75c',
  bad: '#ed4245',
  gold: '#f0b232',
  silver: '#c0c4cc',
  bronze: '#cd7f32',
} as const;

/** A canvas filled with the card background, its 2D context, and the font ready. */
export function startCard(width: number, height: number): { canvas: Canvas; ctx: SKRSContext2D } {
  registerCardFonts();
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = CARD_COLORS.background;
  ctx.fillRect(0, 0, width, height);
  return { canvas, ctx };
}

/**
 * Sets the font: `weight` 400 or 700, `size` in pixels.
 * @param ctx - the context
 * @param size - pixels
 * @param weight - 400 regular or 700 bold
 */
export function setFont(ctx: SKRSContext2D, size: number, weight: 400 | 700 = 400): void {
  ctx.font = `${weight} ${size}px ${CARD_FONT}`;
}

/**
 * Draws text cut with an ellipsis to `maxWidth`.
 * @param ctx - the context (font and fill already set)
 * @param text - what to write
 * @param x - left (or per `textAlign`)
 * @param y - baseline
 * @param maxWidth - pixels available
 */
export function fitText(ctx: SKRSContext2D, text: string, x: number, y: number, maxWidth: number): void {
  let shown = text;
  while (shown.length > 1 && ctx.measureText(shown).width > maxWidth) shown = `${shown.slice(0, -2)}…`;
  ctx.fillText(shown, x, y);
}

/**
 * A filled rectangle with rounded corners.
 * @param ctx - the context (fill already set)
 */
export function roundRect(
  ctx: SKRSContext2D,
  x: number,
  y: number,
  width: number,
  height: number,
  radius: number,
): void {
  ctx.beginPath();
  ctx.roundRect(x, y, width, height, Math.min(radius, width / 2, height / 2));
  ctx.fill();
}

/**
 * Encodes a card as PNG off the main thread (Skia encodes on libuv's pool).
 * @param canvas - the drawn card
 */
export function encodeCard(canvas: Canvas): Promise<Buffer> {
  return canvas.encode('png');
}
