import { createHash } from 'node:crypto';
import type { Random } from '@portdeck/core';

/**
 * A generator seeded from a text (mulberry32 over the text's SHA-256): a job retried after a crash picks
 * the same card and the same option order.
 */
export function seededRandom(seed: string): Random {
  let state = createHash('sha256').update(seed).digest().readInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
