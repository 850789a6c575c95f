import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import type { Context } from './context.ts';

/** The one Pothos schema builder: fields are non-null unless they say otherwise. */
export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Connection: { totalCount?: number };
}>({
  plugins: [RelayPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false, description: 'The items of this page, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: { description: 'Opaque; pass it as `after` to continue from this item.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the whole list.' },
    pageInfoTypeOptions: { description: 'Where a page sits in a paginated list (Relay).' },
    hasNextPageFieldOptions: { description: 'Whether items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether items come before this page.' },
    startCursorFieldOptions: { description: 'The cursor of the first item of the page.' },
    endCursorFieldOptions: {
      description: 'The cursor of the last item; pass it as `after` for the next page.',
    },
    firstArgOptions: { description: 'How many items to return from the start (at most 100; default 20).' },
    afterArgOptions: { description: 'Return items after this cursor (from `endCursor` or an edge).' },
    lastArgOptions: { description: 'How many items to return from the end (with `before`; at most 100).' },
    beforeArgOptions: { description: 'Return items before this cursor.' },
    // Nothing here is fetched by global id; dashboards query ports and services by number and name.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});
