import { Registry, type NameMatch } from '@portdeck/core';
import { describe, expect, it } from 'vitest';
import { QUERY_LIMITS } from '../src/plugins/armor.ts';
import { api, execute, registry } from './helpers.ts';

const yoga = api();

const nestedCounterparts = (levels: number): string =>
  `{ port(number: 80) { wellKnownServices { ${'counterpart { '.repeat(levels)}id${' }'.repeat(levels)} } } }`;

describe('query limits', () => {
  it('runs a legitimately nested query', async () => {
    const { body } = await execute(yoga, nestedCounterparts(4));
    expect(body.errors).toBeUndefined();
  });

  it('refuses a query too deep with MAX_DEPTH', async () => {
    const { status, body } = await execute(yoga, nestedCounterparts(QUERY_LIMITS.maxDepth));
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]).toMatchObject({
      message: expect.stringContaining(`depth limit of ${QUERY_LIMITS.maxDepth}`) as string,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_DEPTH' },
    });
  });

  it('refuses too many aliases with MAX_ALIASES, and accepts exactly the limit', async () => {
    const aliases = (n: number): string =>
      `{ ${Array.from({ length: n }, (_, i) => `p${i}: classify(port: ${i}) { first }`).join(' ')} }`;
    const atLimit = await execute(yoga, aliases(QUERY_LIMITS.maxAliases));
    expect(atLimit.body.errors).toBeUndefined();
    const over = await execute(yoga, aliases(QUERY_LIMITS.maxAliases + 1));
    expect(over.body.errors?.[0]?.extensions).toMatchObject({ reason: 'MAX_ALIASES' });
  });

  it('refuses too many tokens with MAX_TOKENS', async () => {
    const { status, body } = await execute(yoga, `{ ${'__typename '.repeat(QUERY_LIMITS.maxTokens)} }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('Token limit') as string,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'MAX_TOKENS' },
    });
  });

  it('refuses a query too costly with MAX_COST', async () => {
    const fragment =
      'fragment S on WellKnownService { id shortName fullName ianaNames aliases category encryption isEncrypted note exams taughtTransports registeredTransports }';
    const spreads = Array.from({ length: 400 }, () => '...S').join(' ');
    const { body } = await execute(
      yoga,
      `{ port(number: 80) { wellKnownServices { counterpart { counterpart { ${spreads} } } } } } ${fragment}`,
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      reason: 'MAX_COST',
    });
  });

  it('refuses too many directives with MAX_DIRECTIVES', async () => {
    const { body } = await execute(
      yoga,
      `{ registry { version ${'@include(if: true) '.repeat(QUERY_LIMITS.maxDirectives + 1)} } }`,
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({ reason: 'MAX_DIRECTIVES' });
  });
});

class BrokenRegistry extends Registry {
  override lookupName(_name: string): NameMatch | undefined {
    throw new Error('ENOENT: /srv/secret/ports.db is gone');
  }
}

describe('error masking', () => {
  const brokenRegistry = new BrokenRegistry(registry.assignments, registry.source);
  const broken = api({ registry: brokenRegistry });

  it('masks an internal error: generic message, INTERNAL_SERVER_ERROR, no stack', async () => {
    const { body } = await execute(broken, '{ service(name: "rdp") { name } }');
    expect(body.errors).toEqual([
      {
        message: 'Unexpected error.',
        path: ['service'],
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
    expect(JSON.stringify(body)).not.toContain('secret');
  });

  it('masks it in development mode too', async () => {
    const dev = api({ registry: brokenRegistry, mode: 'development', graphiql: true });
    const { body } = await execute(dev, '{ service(name: "rdp") { name } }');
    expect(body.errors?.[0]?.message).toBe('Unexpected error.');
    expect(JSON.stringify(body)).not.toMatch(/secret|stack|at /);
  });

  it('lets expected errors through unmasked beside masked ones', async () => {
    const { body } = await execute(broken, '{ service(name: "rdp") { name } classify(port: -1) { first } }');
    expect(body.errors?.map((e) => e.extensions?.reason ?? e.extensions?.code)).toEqual([
      'INTERNAL_SERVER_ERROR',
      'PORT_OUT_OF_RANGE',
    ]);
    expect(body.data).toBeNull();
  });
});
