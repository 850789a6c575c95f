import { createCanvas, loadImage } from '@napi-rs/canvas';

/** A decoded PNG: its size and a way to read pixels (decoded by Skia, not by the code under test). */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  /** RGBA of one pixel. */
  pixel(x: number, y: number): [number, number, number, number];
  /** Share of pixels that differ from `rgb` by more than `tolerance` in some channel. */
  shareUnlike(rgb: readonly [number, number, number], tolerance?: number): number;
}

/** Decodes PNG bytes with @napi-rs/canvas's `loadImage` (throws on a broken image). */
export async function decodePng(bytes: Buffer): Promise<DecodedImage> {
  const image = await loadImage(bytes);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  const at = (x: number, y: number): number => (Math.floor(y) * image.width + Math.floor(x)) * 4;
  return {
    width: image.width,
    height: image.height,
    pixel: (x, y) => {
      const i = at(x, y);
      return [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0, data[i + 3] ?? 0];
    },
    shareUnlike: (rgb, tolerance = 8) => {
      let unlike = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (rgb.some((value, channel) => Math.abs((data[i + channel] ?? 0) - value) > tolerance)) unlike += 1;
      }
      return unlike / (data.length / 4);
    },
  };
}

/** `#2b2d31`, the cards' background. */
export const CARD_BACKGROUND: readonly [number, number, number] = [0x2b, 0x2d, 0x31];

/** Whether a pixel is within `tolerance` of a `#rrggbb` colour. */
export function isNear(pixel: readonly number[], hex: string, tolerance = 12): boolean {
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return rgb.every((value, channel) => Math.abs((pixel[channel] ?? 0) - value) <= tolerance);
}
