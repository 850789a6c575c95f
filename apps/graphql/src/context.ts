import { buildDecks, createPortBrowser, type Decks, type PortBrowser, type Registry } from '@portdeck/core';

/** What every resolver can use: the registry (immutable for the life of the server) and its indexes. */
export interface Context {
  readonly registry: Registry;
  readonly browser: PortBrowser;
  /** The study decks and cards of this registry. */
  readonly decks: Decks;
  /** When this registry was loaded, ISO 8601. */
  readonly loadedAt: string;
}

/** The context of every request, built once per registry: its indexes are derived here and nowhere else. */
export function createContext(registry: Registry, loadedAt: Date): Context {
  return {
    registry,
    browser: createPortBrowser(registry),
    decks: buildDecks(registry),
    loadedAt: loadedAt.toISOString(),
  };
}
