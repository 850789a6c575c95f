import { builder } from '../builder.ts';

// The closed sets of the domain, shared by several types; each mirrors a union type in @portdeck/core.

/** Transport protocol enum (tcp, udp, sctp, dccp). */
export const TransportEnum = builder.enumType('Transport', {
  description: 'A transport protocol with its own space of 65,536 port numbers.',
  values: {
    TCP: { value: 'tcp', description: 'Transmission Control Protocol.' },
    UDP: { value: 'udp', description: 'User Datagram Protocol.' },
    SCTP: { value: 'sctp', description: 'Stream Control Transmission Protocol.' },
    DCCP: { value: 'dccp', description: 'Datagram Congestion Control Protocol.' },
  } as const,
});

/** RFC 6335 class enum. */
export const PortClassEnum = builder.enumType('PortClass', {
  description: 'The RFC 6335 (BCP 165) class of a port number.',
  values: {
    SYSTEM: { value: 'system', description: 'System Ports, 0-1023 (taught as Well Known Ports).' },
    USER: { value: 'user', description: 'User Ports, 1024-49151 (taught as Registered Ports).' },
    DYNAMIC: {
      value: 'dynamic',
      description: 'Dynamic Ports, 49152-65535 (Private or Ephemeral Ports); never assigned by IANA.',
    },
  } as const,
});

/** Curated service category enum. */
export const ServiceCategoryEnum = builder.enumType('ServiceCategory', {
  description: 'What a well-known service is for.',
  values: {
    WEB: { value: 'web', description: 'Web traffic (HTTP, HTTPS).' },
    MAIL: { value: 'mail', description: 'Sending and reading mail (SMTP, POP3, IMAP).' },
    FILE_TRANSFER: { value: 'file-transfer', description: 'Moving files (FTP, TFTP, SFTP).' },
    FILE_SHARING: { value: 'file-sharing', description: 'Shared file systems (SMB, NFS).' },
    REMOTE_ACCESS: { value: 'remote-access', description: 'Remote shells and desktops (SSH, RDP).' },
    NAME_RESOLUTION: { value: 'name-resolution', description: 'Naming (DNS, NetBIOS).' },
    DIRECTORY: { value: 'directory', description: 'Directories (LDAP).' },
    AUTHENTICATION: { value: 'authentication', description: 'Authentication (Kerberos, RADIUS).' },
    NETWORK_MANAGEMENT: { value: 'network-management', description: 'Monitoring (SNMP, Syslog).' },
    NETWORK_INFRASTRUCTURE: {
      value: 'network-infrastructure',
      description: 'Addressing and routing (DHCP, BGP).',
    },
    SECURITY_VPN: { value: 'security-vpn', description: 'Tunnels and VPNs (IPsec, L2TP, PPTP).' },
    TIME: { value: 'time', description: 'Clock synchronisation (NTP).' },
    DATABASE: { value: 'database', description: 'Databases (SQL Server, MySQL).' },
    VOICE_VIDEO: { value: 'voice-video', description: 'Voice and video (SIP, RTP).' },
    MESSAGING: { value: 'messaging', description: 'Chat and message brokers (IRC, XMPP).' },
  } as const,
});

/** Encryption enum. */
export const EncryptionEnum = builder.enumType('Encryption', {
  description: 'How a service protects its traffic.',
  values: {
    ENCRYPTED: { value: 'encrypted', description: 'Always encrypted (TLS, SSH).' },
    CLEARTEXT: { value: 'cleartext', description: 'Sent in the clear.' },
    OPTIONAL: { value: 'optional', description: 'Can be upgraded to encryption (STARTTLS and the like).' },
    WEAK: { value: 'weak', description: 'Encrypted with methods now considered broken.' },
  } as const,
});

/** Exam enum. */
export const ExamEnum = builder.enumType('Exam', {
  description: 'A port list that study groups drill.',
  values: {
    SEED: { value: 'seed', description: "portdeck's seed document (its well-known ports table)." },
    A_PLUS: { value: 'a-plus', description: 'CompTIA A+.' },
    NETWORK_PLUS: { value: 'network-plus', description: 'CompTIA Network+.' },
    SECURITY_PLUS: { value: 'security-plus', description: 'CompTIA Security+.' },
  } as const,
});

/** Assignment status enum. */
export const AssignmentStatusEnum = builder.enumType('AssignmentStatus', {
  description: 'What an IANA row does with its numbers.',
  values: {
    ASSIGNED: { value: 'assigned', description: 'Assigned to a named service.' },
    RESERVED: { value: 'reserved', description: 'Held back by IANA.' },
    UNASSIGNED: { value: 'unassigned', description: 'Free to be assigned.' },
  } as const,
});

/** Ephemeral system enum. */
export const EphemeralSystemEnum = builder.enumType('EphemeralSystem', {
  description: 'A system whose default ephemeral (client source) port range portdeck knows.',
  values: {
    IANA: { value: 'iana', description: 'IANA / RFC 6335.' },
    LINUX: { value: 'linux', description: 'Linux (net.ipv4.ip_local_port_range).' },
    WINDOWS: { value: 'windows', description: 'Windows Vista / Server 2008 and later.' },
    WINDOWS_LEGACY: { value: 'windows-legacy', description: 'Windows XP / Server 2003 and earlier.' },
    MACOS: { value: 'macos', description: 'macOS.' },
    FREEBSD: { value: 'freebsd', description: 'FreeBSD.' },
    AWS: { value: 'aws', description: 'AWS NAT gateway, ELB and Lambda.' },
  } as const,
});

/** Flow confidence enum. */
export const FlowConfidenceEnum = builder.enumType('FlowConfidence', {
  description: 'How sure a flow verdict is.',
  values: {
    HIGH: { value: 'high', description: 'One end is clearly a service and the other clearly a client.' },
    MEDIUM: { value: 'medium', description: 'The evidence leans one way.' },
    LOW: { value: 'low', description: 'A guess: neither end stands out.' },
  } as const,
});

/** Registry source enum. */
export const RegistrySourceKindEnum = builder.enumType('RegistrySourceKind', {
  description: 'Where the IANA data came from.',
  values: {
    EMBEDDED: {
      value: 'embedded',
      description:
        "The full IANA registry embedded in @portdeck/core, generated from IANA's CSV (every row and range).",
    },
    IANA_CSV: { value: 'iana-csv', description: "IANA's full CSV, from a file or URL." },
  } as const,
});

/** Flashcard kind enum. */
export const CardKindEnum = builder.enumType('CardKind', {
  description: 'What a flashcard asks.',
  values: {
    PORT_TO_SERVICE: { value: 'port-to-service', description: 'Which service uses a port.' },
    SERVICE_TO_PORT: { value: 'service-to-port', description: 'Which port or ports a service uses.' },
    TRANSPORT: { value: 'transport', description: 'Whether a service uses TCP, UDP or both, as taught.' },
    CLASS: { value: 'class', description: 'Which RFC 6335 range a port is in.' },
    COUNTERPART: {
      value: 'counterpart',
      description: 'The secure counterpart of a cleartext service, and its port.',
    },
  } as const,
});

/** Leaderboard and statistics period enum. */
export const StatsPeriodEnum = builder.enumType('StatsPeriod', {
  description: "A period of a server's statistics, in the server's time zone (its daily quiz's, else UTC).",
  values: {
    DAY: { value: 'day', description: 'Today (from local midnight).' },
    WEEK: { value: 'week', description: 'This ISO week (from Monday).' },
    MONTH: { value: 'month', description: 'This calendar month.' },
    ALL: { value: 'all', description: 'All time.' },
  } as const,
});

/** Which games count on a board. */
export const BoardEnum = builder.enumType('Board', {
  description: 'Which games a leaderboard or statistic counts.',
  values: {
    DAILY: { value: 'daily', description: 'The daily quiz (a right answer is 10 points).' },
    DRILLS: { value: 'drills', description: 'Group drills.' },
    ALL: { value: 'all', description: 'Both together.' },
  } as const,
});
