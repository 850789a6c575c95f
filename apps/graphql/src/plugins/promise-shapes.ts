import { finalAsyncIterator, type Plugin } from 'graphql-yoga';

// An iterable that ends at once: only the helper's dispose method is used.
async function* nothing(): AsyncGenerator<never> {}

/** The plugin and the fake promises it keeps (one per copy of the promise helpers, once Yoga starts). */
export interface StablePromiseShapes {
  readonly plugin: Plugin;
  readonly kept: readonly unknown[];
}

/**
 * Keeps one "fake promise" of each copy of @whatwg-node/promise-helpers 1.x alive for the life of the
 * server. Yoga and its adapter build about fifty of them per request as object literals with computed
 * keys, and V8 (Node 20) remembers their hidden classes only weakly. A full GC while no request is in
 * flight (V8's memory reducer runs one after traffic stops) frees those classes; the next requests make
 * new ones and the literal's inline caches turn megamorphic for good, after which every fake promise is
 * a runtime call and the process needs about twice the CPU per request. One live instance of each copy
 * keeps the classes, so the caches stay monomorphic. Harmless if the helpers change: it then keeps two
 * small objects for nothing.
 */
export function createStablePromiseShapes(): StablePromiseShapes {
  const kept: unknown[] = [];
  const plugin: Plugin = {
    onYogaInit({ yoga }) {
      // The ESM copy (Yoga, envelop, the server adapter): envelop's dispose method returns one.
      const iterator = finalAsyncIterator(nothing(), () => undefined) as unknown as Record<
        symbol,
        (() => unknown) | undefined
      >;
      kept.push(iterator[Symbol.asyncDispose]?.());
      // The CommonJS copy (the fetch ponyfill's bodies): reading a string body returns one.
      kept.push(new yoga.fetchAPI.Response('kept').text());
    },
  };
  return { plugin, kept };
}
