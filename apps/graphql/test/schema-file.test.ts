import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLNamedType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.ts';
import { printedSchema } from '../src/schema/print.ts';

const committed = readFileSync(fileURLToPath(new URL('../schema.graphql', import.meta.url)), 'utf8');

/** Every named thing in the schema that lacks a description, as "Type.field(arg)" paths. */
function undescribed(types: readonly GraphQLNamedType[]): string[] {
  const missing: string[] = [];
  const check = (path: string, description: string | null | undefined): void => {
    if (!description?.trim()) missing.push(path);
  };
  for (const type of types) {
    if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name))
      continue;
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        check(`${type.name}.${field.name}`, field.description);
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
    if (isUnionType(type)) check(type.name, type.description);
  }
  return missing;
}

describe('schema.graphql', () => {
  it('matches the schema printed from the code (run `pnpm schema:print` after changing it)', () => {
    expect(committed).toBe(printedSchema());
  });

  it('describes every type, field, argument and enum value', () => {
    expect(undescribed(Object.values(schema.getTypeMap()))).toEqual([]);
  });

  it('finds a missing description (the check itself can fail)', () => {
    const types = Object.values(schema.getTypeMap());
    const port = types.find((type) => type.name === 'Port');
    expect(port).toBeDefined();
    const bare = Object.create(port!) as GraphQLNamedType;
    Object.defineProperty(bare, 'description', { value: '' });
    expect(undescribed([bare])).toEqual(['Port']);
  });

  it('documents the error codes on Query', () => {
    const query = schema.getQueryType();
    for (const code of [
      'BAD_USER_INPUT',
      'PORT_OUT_OF_RANGE',
      'INVALID_PORT_LIST',
      'MAX_DEPTH',
      'INTERNAL_SERVER_ERROR',
    ]) {
      expect(query?.description).toContain(code);
    }
  });
});
