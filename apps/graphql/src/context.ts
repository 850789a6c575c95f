import type { PortBrowser, Registry } from '@portdeck/core';

/** What every resolver can use: the registry (immutable for the life of the server) and its indexes. */
export interface Context {
  readonly registry: Registry;
  readonly browser: PortBrowser;
  /** When this registry was loaded, ISO 8601. */
  readonly loadedAt: string;
}
