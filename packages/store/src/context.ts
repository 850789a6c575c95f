import type { SrsOptions } from '@portdeck/core';
import type { Backend } from './backend/types.ts';
import type { StoreCache } from './caches.ts';
import type { HotQueries } from './queries.ts';

/** What every store module works with: the backend, the answer path's compiled queries, caches, scheduler settings. */
export interface StoreContext {
  readonly backend: Backend;
  readonly q: HotQueries;
  readonly cache: StoreCache;
  readonly srs: SrsOptions;
}
