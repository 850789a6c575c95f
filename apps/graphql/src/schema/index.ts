import type { GraphQLSchema } from 'graphql';
import { builder } from '../builder.ts';
import { ERROR_CODES_DESCRIPTION } from '../errors.ts';
// Each module adds one type and the query fields returning it; a new area is one more import.
import './answer-verdict.ts';
import './activity-day.ts';
import './assignment.ts';
import './card.ts';
import './daily-question-stats.ts';
import './deck.ts';
import './drill-stats.ts';
import './enums.ts';
import './ephemeral-range.ts';
import './flow-end.ts';
import './flow-verdict.ts';
import './guild.ts';
import './leaderboard-entry.ts';
import './port-class.ts';
import './port-list.ts';
import './port-range.ts';
import './port-stats.ts';
import './port.ts';
import './registry.ts';
import './search-hit.ts';
import './service-alias.ts';
import './service-match.ts';
import './service-port.ts';
import './unofficial-use.ts';
import './well-known-service.ts';

builder.queryType({
  description: `portdeck: network ports, their IANA assignments, classes and well-known services. Read-only; every registry answer is fixed for a registry version. \`guild\` answers a server's statistics with its dashboard token; those answers are private and never cached.\n\n${ERROR_CODES_DESCRIPTION}`,
});

/** The API's schema (Pothos sorts it, so the printed SDL is stable). */
export const schema: GraphQLSchema = builder.toSchema();
