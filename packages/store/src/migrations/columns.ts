import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';
import type { DialectName } from '../backend/types.ts';

/** A table being created (migrations are written against `Kysely<any>`, as Kysely advises). */
export type Table = CreateTableBuilder<string, string>;

/** The DDL that differs per dialect, in one place: generated ids and yes/no columns. */
export interface ColumnTypes {
  /** A generated 64-bit primary key: SQLite's rowid alias, PostgreSQL's identity column. */
  id(table: Table, name: string): Table;
  /** A NOT NULL yes/no column: 0/1 integer on SQLite, boolean on PostgreSQL. */
  flag(table: Table, name: string): Table;
}

const notNull = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => c.notNull();

/** Column helpers for `dialect`. */
export function columnTypes(dialect: DialectName): ColumnTypes {
  if (dialect === 'postgres') {
    return {
      id: (table, name) =>
        table.addColumn(name, 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity()),
      flag: (table, name) => table.addColumn(name, 'boolean', notNull),
    };
  }
  return {
    id: (table, name) => table.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement()),
    flag: (table, name) => table.addColumn(name, 'integer', notNull),
  };
}
