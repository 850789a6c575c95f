import type { GuildAccess } from './guild-access.ts';
import { buildDecks, createPortBrowser, type Decks, type PortBrowser, type Registry } from '@portdeck/core';

/** What every resolver can use: the registry (immutable for the life of the server) and its indexes. */
export interface Context {
  readonly registry: Registry;
  readonly browser: PortBrowser;
  /** The study decks and cards of this registry. */
  readonly decks: Decks;
  /** When this registry was loaded, ISO 8601. */
  readonly loadedAt: string;
  /** Authorisation of per-server statistics (per-request state is keyed by the request). */
  readonly access: GuildAccess;
  /** The HTTP request, as Yoga (and the fast path) add it to every request's context. */
  readonly request?: Request;
}

/** The context of every request, built once per registry: its indexes are derived here and nowhere else. */
export function createContext(registry: Registry, loadedAt: Date, access: GuildAccess): Context {
  return {
    access,
    registry,
    browser: createPortBrowser(registry),
    decks: buildDecks(registry),
    loadedAt: loadedAt.toISOString(),
  };
}
