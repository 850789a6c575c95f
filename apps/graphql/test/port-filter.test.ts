import { browsePorts } from '@portdeck/core';
import { describe, expect, it } from 'vitest';
import { api, execute, registry } from './helpers.ts';

const yoga = api();
const query = `query ($filter: PortFilter) { ports(filter: $filter, first: 100) { totalCount edges { node { number } } } }`;

type Page = { ports: { totalCount: number; edges: { node: { number: number } }[] } };

describe('ports filter (answered by core)', () => {
  it('answers what core’s browsePorts answers, in order', async () => {
    const filter = { category: 'MAIL', transport: 'TCP' };
    const { body } = await execute<Page>(yoga, query, { filter });
    const expected = browsePorts(registry, { category: 'mail', transport: 'tcp' });
    expect(expected.ok).toBe(true);
    if (!expected.ok) return;
    expect(body.data?.ports.totalCount).toBe(expected.value.length);
    expect(body.data?.ports.edges.map((e) => e.node.number)).toEqual(expected.value.slice(0, 100));
  });

  it('names the faulty bound with PORT_OUT_OF_RANGE and core’s message, min before max', async () => {
    const { body } = await execute(yoga, query, { filter: { min: -1, max: 70000 } });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.message).toBe('-1 is not a port: ports run from 0 to 65535.');
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'PORT_OUT_OF_RANGE',
      argument: 'filter.min',
      value: -1,
    });
    const max = await execute(yoga, query, { filter: { max: 70000 } });
    expect(max.body.errors?.[0]?.extensions).toMatchObject({ argument: 'filter.max', value: 70000 });
  });

  it('explains a reversed range with both bounds and accepts a single-port range', async () => {
    const reversed = await execute(yoga, query, { filter: { min: 100, max: 10 } });
    expect(reversed.body.errors?.[0]?.message).toBe('filter.min (100) is above filter.max (10).');
    expect(reversed.body.errors?.[0]?.extensions).toMatchObject({ argument: 'filter' });
    const single = await execute<Page>(yoga, query, { filter: { min: 443, max: 443 } });
    expect(single.body.data?.ports.edges).toEqual([{ node: { number: 443 } }]);
  });
});
