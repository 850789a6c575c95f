import type { APIEmbed, APIEmbedField } from 'discord.js';
import type {
  Assignment,
  KnownService,
  LookupAnswer,
  PortInfo,
  Registry,
  Transport,
  UnofficialUse,
} from '@portdeck/core';
import { formatRange, indefiniteArticle, serviceTitle } from '@portdeck/core';
import { encodeCustomId } from '../custom-id.ts';
import { serviceLabel, servicePorts, transportList } from './format.ts';
import { button, buttonRows, COLORS, field, LIMITS, truncate, type BotMessage } from './message.ts';

/** Version of the `port` buttons' custom ids; bump when their payload changes meaning. */
export const PORT_BUTTON_VERSION = 1;

const ENCRYPTION_WORDS: Record<KnownService['encryption'], string> = {
  encrypted: 'Encrypted',
  cleartext: 'Cleartext (not encrypted)',
  optional: 'Optional (STARTTLS or similar)',
  weak: 'Weak (encrypted, but easily broken)',
};

/** The custom id of a button that looks a port up. */
export function portButtonId(port: number, transport?: Transport): string {
  return encodeCustomId({
    command: 'port',
    version: PORT_BUTTON_VERSION,
    payload: transport ? `${port}/${transport}` : String(port),
  });
}

/** IANA names on a port with their transports: "`ms-wbt-server` (TCP, UDP)". */
function ianaNames(assignments: readonly Assignment[]): string {
  const byName = new Map<string, Set<string>>();
  for (const a of assignments) {
    if (a.status !== 'assigned' || !a.serviceName) continue;
    const set = byName.get(a.serviceName) ?? new Set<string>();
    set.add(a.transport ? a.transport.toUpperCase() : 'all transports');
    byName.set(a.serviceName, set);
  }
  return [...byName].map(([name, transports]) => `\`${name}\` (${[...transports].join(', ')})`).join('\n');
}

function registeredTransports(assignments: readonly Assignment[]): Transport[] {
  const set = new Set<Transport>();
  for (const a of assignments) {
    if (a.status !== 'assigned') continue;
    if (a.transport) set.add(a.transport);
    else for (const t of ['tcp', 'udp', 'sctp', 'dccp'] as const) set.add(t);
  }
  return (['tcp', 'udp', 'sctp', 'dccp'] as const).filter((t) => set.has(t));
}

function unofficialLines(uses: readonly UnofficialUse[]): string {
  return uses.map((u) => `**${u.name}** (${transportList(u.transports)}): ${u.description}`).join('\n');
}

function rangeRows(assignments: readonly Assignment[], port: number): string {
  return assignments
    .filter((a) => a.ports && a.ports.first !== a.ports.last)
    .map((a) => `${a.ports ? formatRange(a.ports) : port}: ${a.serviceName ?? a.status} (${a.description})`)
    .join('\n');
}

function classField(info: PortInfo): APIEmbedField {
  const c = info.class;
  return field('Class (RFC 6335)', `${c.rfcName} (${c.alsoCalled.join(', ')}), ${c.first}-${c.last}`, true);
}

function counterpartField(registry: Registry, service: KnownService): APIEmbedField | undefined {
  const counterpart = service.counterpart ? registry.service(service.counterpart) : undefined;
  return counterpart ? field('Counterpart', serviceLabel(counterpart), true) : undefined;
}

function portTitle(info: PortInfo, service: KnownService | undefined): string {
  const transport = info.transport ?? service?.ports.find((p) => p.port === info.port)?.transports.join('+');
  const number = transport ? `${info.port}/${transport}` : String(info.port);
  if (service) return `${number} · ${serviceTitle(service)}`;
  const name = info.assignments.find((a) => a.status === 'assigned')?.serviceName;
  if (name) return `${number} · ${name}`;
  return `${number} · ${info.isAssigned ? 'assigned' : info.class.isAssignedByIana ? 'unassigned' : 'not assignable'}`;
}

function description(info: PortInfo, service: KnownService | undefined): string {
  if (service) {
    const category = CATEGORY_WORDS[service.category];
    const kind = `${indefiniteArticle(category)} ${category} service`;
    const line =
      service.fullName === service.shortName
        ? `**${service.shortName}** is ${kind}.`
        : `**${service.shortName}** is ${service.fullName}, ${kind}.`;
    return service.note ? `${line}\n${service.note}` : line;
  }
  const row = info.assignments.find((a) => a.status === 'assigned');
  if (row) return `IANA registers \`${row.serviceName ?? ''}\` here: ${row.description}.`;
  if (!info.class.isAssignedByIana) {
    return `${info.port} is a ${info.class.rfcName.replace(/s$/, '')} number: IANA never assigns these, so it names no service. Clients pick such ports as their short-lived source port.`;
  }
  return `IANA has not assigned ${info.port}${info.transport ? `/${info.transport}` : ''} to any service.`;
}

/** Buttons to the counterpart and the service's other ports, each a `port:1:<n>` custom id. */
function portButtons(
  registry: Registry,
  info: PortInfo,
  service: KnownService | undefined,
): BotMessage['components'] {
  const targets: { port: number; label: string }[] = [];
  if (service) {
    for (const p of service.ports) {
      if (p.port !== info.port)
        targets.push({
          port: p.port,
          label: `${service.shortName} ${p.port}${p.role ? ` (${p.role})` : ''}`,
        });
    }
    const counterpart = service.counterpart ? registry.service(service.counterpart) : undefined;
    for (const p of counterpart?.ports ?? []) {
      if (p.port !== info.port)
        targets.push({ port: p.port, label: `${counterpart?.shortName ?? ''} ${p.port}` });
    }
  }
  const seen = new Set<number>();
  const buttons = targets
    .filter((t) => !seen.has(t.port) && seen.add(t.port))
    .slice(0, LIMITS.buttonsPerRow)
    .map((t) => button(portButtonId(t.port), t.label));
  return buttons.length > 0 ? buttonRows(buttons) : undefined;
}

/** Services on the port, the one whose id is IANA's name here first (443: HTTPS before SSL). */
function primaryFirst(info: PortInfo): readonly KnownService[] {
  const names = new Set(info.assignments.flatMap((a) => (a.serviceName ? [a.serviceName] : [])));
  const index = info.services.findIndex((s) => names.has(s.id));
  if (index <= 0) return info.services;
  return [info.services[index] as KnownService, ...info.services.filter((_, i) => i !== index)];
}

const CATEGORY_WORDS: Record<KnownService['category'], string> = {
  web: 'web',
  mail: 'mail',
  'file-transfer': 'file transfer',
  'file-sharing': 'file sharing',
  'remote-access': 'remote access',
  'name-resolution': 'name resolution',
  directory: 'directory',
  authentication: 'authentication',
  'network-management': 'network management',
  'network-infrastructure': 'network infrastructure',
  'security-vpn': 'security and VPN',
  time: 'time',
  database: 'database',
  'voice-video': 'voice and video',
  messaging: 'messaging',
};

/** The one-glance embed for a port: names, class, transports, encryption, note, unofficial uses. */
export function renderPortInfo(
  registry: Registry,
  info: PortInfo,
  nearby: readonly KnownService[],
  intro?: string,
): BotMessage {
  const [service, ...others] = primaryFirst(info);
  const fields: APIEmbedField[] = [];
  const names = ianaNames(info.assignments);
  fields.push(field('IANA name', names === '' ? 'none (no IANA assignment)' : names, true));
  fields.push(classField(info));
  if (service) {
    const taught = service.ports.find((p) => p.port === info.port);
    fields.push(
      field(
        'Transport',
        `Taught: ${transportList(taught?.transports ?? service.taughtTransports)}\nRegistered: ${transportList(taught?.registeredTransports ?? registeredTransports(info.assignments))}`,
        true,
      ),
    );
    fields.push(field('Encryption', ENCRYPTION_WORDS[service.encryption], true));
    const counterpart = counterpartField(registry, service);
    if (counterpart) fields.push(counterpart);
    if (service.ports.length > 1) fields.push(field('Ports', servicePorts(service), true));
  } else {
    const registered = registeredTransports(info.assignments);
    if (registered.length > 0)
      fields.push(field('Transport', `Registered: ${transportList(registered)}`, true));
  }
  if (others.length > 0) fields.push(field('Also on this port', others.map(serviceLabel).join('\n')));
  const ranges = rangeRows(info.assignments, info.port);
  if (ranges !== '') fields.push(field('In a registered range', ranges));
  if (info.unofficial.length > 0) fields.push(field('Unofficial uses', unofficialLines(info.unofficial)));
  if (!service && nearby.length > 0) {
    fields.push(field('Nearby well-known ports', nearby.map(serviceLabel).join('\n')));
  }
  if (!service && info.ephemeral.length > 0) {
    const systems = info.ephemeral
      .filter((r) => r.system !== 'iana')
      .map((r) => r.label.split(' (')[0] ?? r.label);
    fields.push(field('Could be a client’s source port on', systems.join(', ')));
  }
  const unauthorized = info.assignments.find((a) => a.unauthorizedUse)?.unauthorizedUse;
  if (unauthorized) fields.push(field('Unauthorized use reported', unauthorized));
  const text = description(info, service);
  const embed: APIEmbed = {
    title: truncate(portTitle(info, service), LIMITS.title),
    description: truncate(intro ? `${intro}\n${text}` : text, LIMITS.description),
    color: service
      ? COLORS[service.encryption === 'weak' ? 'optional' : service.encryption]
      : info.isAssigned
        ? COLORS.info
        : COLORS.unassigned,
    fields: fields.slice(0, LIMITS.fields),
    footer: { text: `IANA data: ${registry.source.label} (${registry.source.version})` },
  };
  const components = portButtons(registry, info, service);
  return components ? { embeds: [embed], components } : { embeds: [embed] };
}

/** Renders a successful lookup: a port, or the first port of the named service with the others as buttons. */
export function renderLookup(registry: Registry, answer: LookupAnswer): BotMessage {
  if (answer.kind === 'port') return renderPortInfo(registry, answer.info, answer.nearby);
  const [first] = answer.ports;
  const service = answer.match.services[0];
  const what = service ? serviceTitle(service) : `\`${answer.match.name}\``;
  if (!first) {
    const names = answer.match.assignments.map((a) => a.serviceName ?? '').filter((n) => n !== '');
    return {
      embeds: [
        {
          title: truncate(`${answer.match.name} · no port`, LIMITS.title),
          description: truncate(
            `IANA registers ${[...new Set(names)].map((n) => `\`${n}\``).join(', ')} as a service name without a port number.`,
            LIMITS.description,
          ),
          color: COLORS.unassigned,
        },
      ],
    };
  }
  const intro = `“${answer.match.name}” is ${what}.`;
  const message = renderPortInfo(registry, first, [], intro);
  const rest = answer.ports.slice(1).map((info) => info.port);
  const embed = message.embeds?.[0];
  if (!service && rest.length > 0 && embed) {
    embed.fields = [...(embed.fields ?? []), field('Other ports', rest.join(', '))].slice(0, LIMITS.fields);
  }
  return message;
}
