import { ALIAS_SOURCES, type ServiceAlias } from '@portdeck/core';
import { builder } from '../builder.ts';
import { TransportEnum } from './enums.ts';

/** A name an operating system's services file gives a port. */
export const ServiceAliasRef = builder.objectRef<ServiceAlias>('ServiceAlias').implement({
  description:
    "A name an operating system's services database (/etc/services) gives a port, kept as a fact with its source.",
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The name ("portmapper").' }),
    port: t.exposeInt('port', { description: 'The port number.' }),
    transport: t.field({ type: TransportEnum, description: 'The transport.', resolve: (a) => a.transport }),
    canonicalName: t.exposeString('canonical', {
      description: 'The first name on its services-file line ("sunrpc"), usually IANA\'s name.',
    }),
    source: t.string({
      description: 'The services file it comes from ("Debian netbase /etc/services").',
      resolve: (a) => ALIAS_SOURCES[a.source].label,
    }),
    sourceUrl: t.string({
      description: 'Where that file is published.',
      resolve: (a) => ALIAS_SOURCES[a.source].url,
    }),
  }),
});
