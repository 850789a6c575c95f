import type { Assignment, KnownService, SearchHit, ServiceAlias, UnofficialUse } from '@portdeck/core';
import { nonEmptyArgument } from '../arguments.ts';
import { builder } from '../builder.ts';
import { MAX_PAGE_SIZE, offsetConnection } from '../pagination.ts';
import { AssignmentRef } from './assignment.ts';
import { ServiceAliasRef } from './service-alias.ts';
import { UnofficialUseRef } from './unofficial-use.ts';
import { WellKnownServiceRef } from './well-known-service.ts';

// Deep pages of a ranked search are noise and each costs a full ranking: stop at this many results.
const MAX_SEARCH_RESULTS = 1000;

/** A ranked search result. */
export const SearchHitRef = builder.interfaceRef<SearchHit>('SearchHit').implement({
  description:
    'A ranked search result: a curated service, an IANA service name, an unofficial use or a services-file name IANA does not give its port.',
  resolveType: (hit) => {
    switch (hit.kind) {
      case 'service':
        return 'ServiceHit';
      case 'service-name':
        return 'ServiceNameHit';
      case 'unofficial':
        return 'UnofficialUseHit';
      case 'alias':
        return 'ServiceAliasHit';
    }
  },
  fields: (t) => ({
    score: t.exposeFloat('score', { description: 'Relevance; higher is better. Exact names rank first.' }),
  }),
});

builder.objectRef<SearchHit & { kind: 'service'; service: KnownService }>('ServiceHit').implement({
  description: 'A curated well-known service that matches.',
  interfaces: [SearchHitRef],
  fields: (t) => ({
    service: t.field({
      type: WellKnownServiceRef,
      description: 'The service.',
      resolve: (h) => h.service,
    }),
  }),
});

builder
  .objectRef<SearchHit & { kind: 'service-name'; serviceName: string; assignments: readonly Assignment[] }>(
    'ServiceNameHit',
  )
  .implement({
    description: 'An IANA service name that matches, with its rows.',
    interfaces: [SearchHitRef],
    fields: (t) => ({
      serviceName: t.exposeString('serviceName', { description: 'The IANA service name.' }),
      assignments: t.field({
        type: [AssignmentRef],
        description: 'Its IANA rows.',
        resolve: (h) => h.assignments,
      }),
    }),
  });

builder.objectRef<SearchHit & { kind: 'unofficial'; use: UnofficialUse }>('UnofficialUseHit').implement({
  description: 'An unofficial port use that matches.',
  interfaces: [SearchHitRef],
  fields: (t) => ({
    unofficialUse: t.field({ type: UnofficialUseRef, description: 'The use.', resolve: (h) => h.use }),
  }),
});

builder
  .objectRef<SearchHit & { kind: 'alias'; name: string; aliases: readonly ServiceAlias[] }>('ServiceAliasHit')
  .implement({
    description:
      'A name from operating systems\' services files that IANA does not give its port ("webmin" for 10000).',
    interfaces: [SearchHitRef],
    fields: (t) => ({
      name: t.exposeString('name', { description: 'The name.' }),
      aliases: t.field({
        type: [ServiceAliasRef],
        description: 'Its services-file entries, with their sources.',
        resolve: (h) => h.aliases,
      }),
    }),
  });

builder.queryFields((t) => ({
  search: t.connection(
    {
      type: SearchHitRef,
      description: `Ranked, typo-tolerant search over names, aliases, descriptions and port numbers; curated services first. Pages hold at most ${MAX_PAGE_SIZE} hits; results stop after ${MAX_SEARCH_RESULTS}. EMPTY_QUERY for blank text.`,
      args: { query: t.arg.string({ required: true, description: 'What to look for ("remote desktop").' }) },
      resolve: (_root, args, { registry }) => {
        const text = nonEmptyArgument(args.query, 'query', 'EMPTY_QUERY');
        return offsetConnection(args, ({ offset, limit }) =>
          registry.search(text, Math.min(offset + limit, MAX_SEARCH_RESULTS)).slice(offset),
        );
      },
    },
    { name: 'SearchHitConnection', description: 'A page of search results.' },
    { name: 'SearchHitEdge', description: 'A search result and its cursor.' },
  ),
}));
