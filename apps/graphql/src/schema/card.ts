import type { Card } from '@portdeck/core';
import { builder } from '../builder.ts';
import { CardKindEnum, PortClassEnum, ServiceCategoryEnum, TransportEnum } from './enums.ts';
import { WellKnownServiceRef } from './well-known-service.ts';

// Accepted answers are flat nullable fields rather than a union: a dashboard reads them without fragments,
// and a page of 100 cards stays well inside the query cost limit (armor multiplies a page by `first`).

/** One flashcard of a deck. */
export const CardRef = builder.objectRef<Card>('Card').implement({
  description:
    'One flashcard: a question, the answer as taught (exam names first) and what a correct typed answer may contain. Cards keep their id across decks.',
  fields: (t) => ({
    id: t.exposeString('id', {
      description: '`<kind>:<subject>`, the same in every deck that holds the card (`port-to-service:3389`).',
    }),
    kind: t.field({ type: CardKindEnum, description: 'What the card asks.', resolve: (c) => c.kind }),
    prompt: t.exposeString('prompt', { description: 'The question, as shown on the front.' }),
    answer: t.exposeString('answer', {
      description:
        'The answer, as shown on the back: the taught answer first, with an exam\'s own name where it differs ("SMTP Submission (Network+ calls it SMTPS)").',
    }),
    explanation: t.string({
      nullable: true,
      description:
        'What the registry says beside the taught answer (IANA names, registered transports), or how to remember it; null when nothing is worth adding.',
      resolve: (c) => c.explanation ?? null,
    }),
    category: t.field({
      type: ServiceCategoryEnum,
      nullable: true,
      description: 'The category of the services asked about; null for port-class cards.',
      resolve: (c) => c.category ?? null,
    }),
    services: t.field({
      type: [WellKnownServiceRef],
      description:
        'The curated services the card is about (for a counterpart card, the cleartext service then its secure counterpart); empty for port-class cards.',
      resolve: (c, _args, { registry }) => c.serviceIds.flatMap((id) => registry.service(id) ?? []),
    }),
    acceptedNames: t.stringList({
      nullable: true,
      description:
        'Names a correct answer may give (short, full, IANA and exam names, aliases), each once; null unless the card asks for a service (PORT_TO_SERVICE, COUNTERPART).',
      resolve: (c) =>
        c.expected.kind === 'names' || c.expected.kind === 'counterpart'
          ? [...new Set(c.expected.names)]
          : null,
    }),
    acceptedPorts: t.intList({
      nullable: true,
      description:
        'The ports a correct answer gives, all of them; null unless the card asks for ports (SERVICE_TO_PORT, COUNTERPART).',
      resolve: (c) =>
        c.expected.kind === 'ports' || c.expected.kind === 'counterpart' ? c.expected.ports : null,
    }),
    taughtTransports: t.field({
      type: [TransportEnum],
      nullable: true,
      description: 'The transports as taught (the correct answer); null unless the card is a TRANSPORT card.',
      resolve: (c) => (c.expected.kind === 'transport' ? c.expected.taught : null),
    }),
    registeredTransports: t.field({
      type: [TransportEnum],
      nullable: true,
      description:
        'The transports IANA registers (TCP and UDP only), which can differ from the taught answer; null unless the card is a TRANSPORT card.',
      resolve: (c) => (c.expected.kind === 'transport' ? c.expected.registered : null),
    }),
    portClass: t.field({
      type: PortClassEnum,
      nullable: true,
      description: 'The RFC 6335 class that is the answer; null unless the card is a CLASS card.',
      resolve: (c) => (c.expected.kind === 'class' ? c.expected.portClass : null),
    }),
  }),
});
