import { printSchema } from 'graphql';
import { schema } from './index.ts';

/** The schema as SDL, exactly as committed in schema.graphql. */
export function printedSchema(): string {
  return `${printSchema(schema)}\n`;
}
