import { buildDecks, type Decks, type Registry } from '@portdeck/core';

// The registry never changes for the life of a server: build its decks on first use, then reuse them.
const built = new WeakMap<Registry, Decks>();

/** The study decks and cards of a registry, built once. */
export function decksOf(registry: Registry): Decks {
  let decks = built.get(registry);
  if (!decks) {
    decks = buildDecks(registry);
    built.set(registry, decks);
  }
  return decks;
}
