import type { Registry } from '@portdeck/core';

/** The query both servers answer. */
export const BENCH_QUERY = '{ port(number: 3389) { number class assignments { serviceName transport } } }';

/** The answer, written by hand from the registry: what the bare server sends and what both must send. */
export function expectedAnswer(registry: Registry): string {
  const info = registry.lookupPort(3389);
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
