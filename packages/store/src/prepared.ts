import type { CompiledQuery, Compilable, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.ts';

const marker = '\u0000portdeck-param:';

/**
 * A query built once with Kysely's (dialect-neutral) builder and compiled once by the dialect in use;
 * each run only swaps parameter values, so the hot path skips building and compiling.
 */
export interface PreparedQuery<Params, Row> {
  /** Runs the query on `db` (the store or a transaction) with these values. */
  run(db: Kysely<Database>, values: Params): Promise<QueryResult<Row>>;
}

/**
 * Compiles `build` with placeholder values; `param(name)` stands for `values[name]` at run time.
 * Every placeholder must reach the SQL as a bound parameter (true for comparisons, inserts and updates).
 */
export function prepare<Params extends object, Row>(
  db: Kysely<Database>,
  build: (param: <K extends keyof Params & string>(name: K) => Params[K]) => Compilable<Row>,
): PreparedQuery<Params, Row> {
  const compiled: CompiledQuery<Row> = build((name) => `${marker}${name}` as never).compile();
  const slots = compiled.parameters.map((value) =>
    typeof value === 'string' && value.startsWith(marker) ? value.slice(marker.length) : undefined,
  );
  return {
    run: (target, values) =>
      target.executeQuery<Row>({
        ...compiled,
        parameters: compiled.parameters.map((constant, i) => {
          const slot = slots[i];
          return slot === undefined ? constant : (values as Record<string, unknown>)[slot];
        }),
      }),
  };
}
