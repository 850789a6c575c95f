import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/index.ts';
import type { Store, StoreOptions } from '../src/index.ts';

/** A fixed clock: 2026-03-10 12:00 UTC. */
export const t0 = Date.UTC(2026, 2, 10, 12, 0, 0);
export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;

/** A fresh temp directory, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'portdeck-store-'));
  return {
    dir,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A store on a real file in a temp directory. */
export async function fileStore(
  options: Partial<StoreOptions> = {},
): Promise<{ store: Store; path: string; cleanup: () => Promise<void> }> {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'nested', 'portdeck.sqlite');
  const store = await openStore({ path, now: t0, ...options });
  return {
    store,
    path,
    cleanup: async () => {
      await store.close();
      cleanup();
    },
  };
}

/** Ten card ids in deck order. */
export const deck = Array.from({ length: 10 }, (_, i) => `svc:${3380 + i}/tcp`);
