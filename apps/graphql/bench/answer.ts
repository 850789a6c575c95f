import type { Registry } from '@portdeck/core';

/** The query both servers answer when every request asks the same port. */
export const BENCH_QUERY = '{ port(number: 3389) { number class assignments { serviceName transport } } }';

/** The query when every request asks another port: one document, the port in its variables (as clients send). */
export const VARY_QUERY =
  'query Port($n: Int!) { port(number: $n) { number class assignments { serviceName transport } } }';

/** The answer for a port, written by hand from the registry: what the bare server sends and what both must. */
export function answerFor(registry: Registry, port: number): string {
  const info = registry.lookupPort(port);
  return JSON.stringify({
    data: {
      port: {
        number: info.port,
        class: info.class.id.toUpperCase(),
        assignments: info.assignments.map((a) => ({
          serviceName: a.serviceName ?? null,
          transport: a.transport?.toUpperCase() ?? null,
        })),
      },
    },
  });
}

/** The answer to {@link BENCH_QUERY}. */
export const expectedAnswer = (registry: Registry): string => answerFor(registry, 3389);
