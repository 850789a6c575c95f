import type { Transport } from './transport.ts';

/** What a service is for; a closed set so dashboards and decks can group by it. */
export type ServiceCategory =
  | 'web'
  | 'mail'
  | 'file-transfer'
  | 'file-sharing'
  | 'remote-access'
  | 'name-resolution'
  | 'directory'
  | 'authentication'
  | 'network-management'
  | 'network-infrastructure'
  | 'security-vpn'
  | 'time'
  | 'database'
  | 'voice-video'
  | 'messaging';

/** Every category, in the order they are listed to people. */
export const SERVICE_CATEGORIES: readonly ServiceCategory[] = [
  'web',
  'mail',
  'file-transfer',
  'file-sharing',
  'remote-access',
  'name-resolution',
  'directory',
  'authentication',
  'network-management',
  'network-infrastructure',
  'security-vpn',
  'time',
  'database',
  'voice-video',
  'messaging',
];

/** How a service protects its traffic on this port. */
export type Encryption = 'encrypted' | 'cleartext' | 'optional' | 'weak';

/** Certification port lists that study groups drill, plus the seed document itself. */
export type Exam = 'seed' | 'a-plus' | 'network-plus' | 'security-plus';

/** One port of a well-known service, as taught. */
export interface CuratedPort {
  readonly port: number;
  /** Transports as taught (the seed's "TCP or UDP" column); the registry adds what IANA registers. */
  readonly transports: readonly Transport[];
  /** What this port does within the service, where it has several ("data", "control", "server"). */
  readonly role?: string;
}

/** A well-known service with the names people use, curated by portdeck on top of IANA's data. */
export interface WellKnownService {
  /** Stable id, lower-case (`rdp`). */
  readonly id: string;
  /** The name people use (`RDP`). */
  readonly shortName: string;
  /** The expanded name (`Remote Desktop Protocol`). */
  readonly fullName: string;
  /** IANA's service names for its ports (`ms-wbt-server`). */
  readonly ianaNames: readonly string[];
  /** Other names people type (`remote desktop`, `mstsc`). */
  readonly aliases: readonly string[];
  readonly ports: readonly CuratedPort[];
  readonly category: ServiceCategory;
  readonly encryption: Encryption;
  /** The id of its secure (or cleartext) counterpart: HTTP and HTTPS, LDAP and LDAPS. */
  readonly counterpart?: string;
  /**
   * Ids of other secure choices that are right answers beside the counterpart (FTP: SFTP as well as FTPS;
   * SMTP: submission on 587 as well as 465).
   */
  readonly alsoSecure?: readonly string[];
  /** One line where what is taught simplifies the truth. */
  readonly note?: string;
  /** The port lists it appears in. */
  readonly exams: readonly Exam[];
  /** An exam's own name for it where it differs from the short name (Network+ calls 587 "SMTPS"). */
  readonly examNames?: Partial<Record<Exam, string>>;
}

/** "RDP (Remote Desktop Protocol)", or just "Telnet" when the full name adds nothing. */
export function serviceTitle(service: Pick<WellKnownService, 'shortName' | 'fullName'>): string {
  return service.fullName === service.shortName
    ? service.shortName
    : `${service.shortName} (${service.fullName})`;
}

const tcp: readonly Transport[] = ['tcp'];
const udp: readonly Transport[] = ['udp'];
const both: readonly Transport[] = ['tcp', 'udp'];

/** The curated well-known services: the seed's table, CompTIA A+ / Network+ and common Security+ ports. */
export const WELL_KNOWN_SERVICES: readonly WellKnownService[] = [
  {
    id: 'ftp',
    shortName: 'FTP',
    fullName: 'File Transfer Protocol',
    ianaNames: ['ftp', 'ftp-data'],
    aliases: ['file transfer'],
    ports: [
      { port: 20, transports: tcp, role: 'data' },
      { port: 21, transports: tcp, role: 'control' },
    ],
    category: 'file-transfer',
    encryption: 'optional',
    counterpart: 'ftps',
    alsoSecure: ['sftp'],
    note: 'Port 21 carries the control connection (commands), where AUTH TLS can start encryption (explicit FTPS); port 20 carries data in active mode.',
    exams: ['seed', 'a-plus', 'network-plus', 'security-plus'],
  },
  {
    id: 'ftps',
    shortName: 'FTPS',
    fullName: 'FTP over TLS (implicit)',
    ianaNames: ['ftps', 'ftps-data'],
    aliases: ['ftp over tls', 'ftp over ssl', 'secure ftp'],
    ports: [
      { port: 989, transports: tcp, role: 'data' },
      { port: 990, transports: tcp, role: 'control' },
    ],
    category: 'file-transfer',
    encryption: 'encrypted',
    counterpart: 'ftp',
    note: 'Explicit FTPS upgrades port 21 with AUTH TLS instead; 989/990 are for implicit TLS.',
    exams: [],
  },
  {
    id: 'ssh',
    shortName: 'SSH',
    fullName: 'Secure Shell Protocol',
    ianaNames: ['ssh'],
    aliases: ['secure shell', 'scp'],
    ports: [{ port: 22, transports: tcp }],
    category: 'remote-access',
    encryption: 'encrypted',
    counterpart: 'telnet',
    exams: ['seed', 'a-plus', 'network-plus', 'security-plus'],
  },
  {
    id: 'sftp',
    shortName: 'SFTP',
    fullName: 'SSH File Transfer Protocol',
    ianaNames: ['ssh'],
    aliases: ['ssh file transfer', 'secure file transfer protocol'],
    ports: [{ port: 22, transports: tcp }],
    category: 'file-transfer',
    encryption: 'encrypted',
    counterpart: 'ftp',
    note: 'SFTP runs inside SSH on port 22; it is not FTP over TLS (that is FTPS).',
    exams: ['network-plus', 'security-plus'],
  },
  {
    id: 'telnet',
    shortName: 'Telnet',
    fullName: 'Telnet',
    ianaNames: ['telnet'],
    aliases: ['teletype network'],
    ports: [{ port: 23, transports: tcp }],
    category: 'remote-access',
    encryption: 'cleartext',
    counterpart: 'ssh',
    note: 'Sends everything, passwords included, in clear text: SSH replaced it.',
    exams: ['seed', 'a-plus', 'network-plus', 'security-plus'],
  },
  {
    id: 'smtp',
    shortName: 'SMTP',
    fullName: 'Simple Mail Transfer Protocol',
    ianaNames: ['smtp'],
    aliases: ['mail transfer', 'email sending'],
    ports: [{ port: 25, transports: tcp }],
    category: 'mail',
    encryption: 'optional',
    counterpart: 'smtps',
    alsoSecure: ['submission'],
    note: 'Port 25 relays mail between servers (STARTTLS optional); mail clients submit on 587 or 465.',
    exams: ['seed', 'a-plus', 'network-plus', 'security-plus'],
  },
  {
    id: 'smtps',
    shortName: 'SMTPS',
    fullName: 'SMTP over implicit TLS (message submission)',
    ianaNames: ['submissions'],
    aliases: ['smtp over tls', 'smtp ssl', 'secure smtp'],
    ports: [{ port: 465, transports: tcp }],
    category: 'mail',
    encryption: 'encrypted',
    counterpart: 'smtp',
    note: 'IANA names 465 `submissions` (RFC 8314); Network+ instead teaches 587 as "SMTPS".',
    exams: ['security-plus'],
  },
  {
    id: 'submission',
    shortName: 'SMTP Submission',
    fullName: 'Message Submission (SMTP with STARTTLS)',
    ianaNames: ['submission'],
    aliases: ['mail submission', 'msa'],
    ports: [{ port: 587, transports: tcp }],
    category: 'mail',
    encryption: 'optional',
    counterpart: 'smtp',
    note: 'Network+ calls 587 "SMTPS"; IANA says 587 is `submission` (STARTTLS) and 465 is `submissions`.',
    exams: ['network-plus', 'security-plus'],
    examNames: { 'network-plus': 'SMTPS' },
  },
  {
    id: 'dns',
    shortName: 'DNS',
    fullName: 'Domain Name System',
    ianaNames: ['domain'],
    aliases: ['domain name system', 'domain name service', 'name server'],
    ports: [{ port: 53, transports: udp }],
    category: 'name-resolution',
    encryption: 'cleartext',
    counterpart: 'dot',
    note: 'Taught as UDP, but DNS uses TCP 53 too: zone transfers and answers too large for UDP.',
    exams: ['seed', 'a-plus', 'network-plus', 'security-plus'],
  },
  {
    id: 'dot',
    shortName: 'DoT',
    fullName: 'DNS over TLS',
    ianaNames: ['domain-s'],
    aliases: ['dns over tls', 'secure dns'],
    ports: [{ port: 853, transports: tcp }],
    category: 'name-resolution',
    encryption: 'encrypted',
    counterpart: 'dns',
    exams: [],
  },
  {
    id: 'dhcp',
    shortName: 'DHCP',
    fullName: 'Dynamic Host Configuration Protocol',
    ianaNames: ['bootps', 'bootpc'],
    aliases: ['bootp', 'dynamic host configuration'],
    ports: [
      { port: 67, transports: udp, role: 'server' },
      { port: 68, transports: udp, role: 'client' },
    ],
    category: 'network-infrastructure',
    encryption: 'cleartext',
    note: 'Port 67 is the server (IANA `bootps`), 68 the client (`bootpc`): DHCP grew out of BOOTP.',
    exams: ['seed', 'a-plus', 'network-plus', 'security-plus'],
  },
  {
    id: 'tftp',
    shortName: 'TFTP',
    fullName: 'Trivial File Transfer Protocol',
    ianaNames: ['tftp'],
    aliases: ['trivial file transfer'],
    ports: [{ port: 69, transports: udp }],
    category: 'file-transfer',
    encryption: 'cleartext',
    note: 'No authentication at all: used for network boot (PXE) and device configs.',
    exams: ['seed', 'network-plus', 'security-plus'],
  },
  {
    id: 'http',
    shortName: 'HTTP',
    fullName: 'Hypertext Transfer Protocol',
    ianaNames: ['http', 'www', 'www-http'],
    aliases: ['web', 'world wide web', 'hypertext transfer'],
    ports: [{ port: 80, transports: tcp }],
    category: 'web',
    encryption: 'cleartext',
    counterpart: 'https',
    exams: ['seed', 'a-plus', 'network-plus', 'security-plus'],
  },
  {
    id: 'kerberos',
    shortName: 'Kerberos',
    fullName: 'Kerberos',
    ianaNames: ['kerberos'],
    aliases: ['krb5', 'kdc'],
    ports: [{ port: 88, transports: udp }],
    category: 'authentication',
    encryption: 'encrypted',
    note: 'Taught as UDP, but Kerberos uses TCP 88 too, for tickets too large for a UDP datagram.',
    exams: ['seed', 'security-plus'],
  },
  {
    id: 'pop3',
    shortName: 'POP3',
    fullName: 'Post Office Protocol version 3',
    ianaNames: ['pop3'],
    aliases: ['post office protocol', 'pop'],
    ports: [{ port: 110, transports: tcp }],
    category: 'mail',
    encryption: 'optional',
    counterpart: 'pop3s',
    note: 'STLS (RFC 2595) upgrades port 110 to TLS, like STARTTLS for IMAP; 995 is POP3 over implicit TLS.',
    exams: ['seed', 'a-plus', 'security-plus'],
  },
  {
    id: 'pop3s',
    shortName: 'POP3S',
    fullName: 'POP3 over TLS',
    ianaNames: ['pop3s'],
    aliases: ['secure pop3', 'pop3 over ssl', 'pop3 over tls'],
    ports: [{ port: 995, transports: tcp }],
    category: 'mail',
    encryption: 'encrypted',
    counterpart: 'pop3',
    exams: ['security-plus'],
  },
  {
    id: 'ntp',
    shortName: 'NTP',
    fullName: 'Network Time Protocol',
    ianaNames: ['ntp'],
    aliases: ['network time', 'time sync'],
    ports: [{ port: 123, transports: udp }],
    category: 'time',
    encryption: 'cleartext',
    exams: ['seed', 'network-plus', 'security-plus'],
  },
  {
    id: 'rpc',
    shortName: 'RPC',
    fullName: 'Microsoft RPC Endpoint Mapper',
    ianaNames: ['epmap'],
    aliases: ['msrpc', 'endpoint mapper', 'dce rpc'],
    ports: [{ port: 135, transports: tcp }],
    category: 'remote-access',
    encryption: 'optional',
    exams: ['security-plus'],
  },
  {
    id: 'netbios',
    shortName: 'NetBIOS',
    fullName: 'NetBIOS over TCP/IP',
    ianaNames: ['netbios-ns', 'netbios-dgm', 'netbios-ssn'],
    aliases: ['nbt', 'netbios name service'],
    ports: [
      { port: 137, transports: udp, role: 'name service' },
      { port: 138, transports: udp, role: 'datagram service' },
      { port: 139, transports: tcp, role: 'session service' },
    ],
    category: 'file-sharing',
    encryption: 'cleartext',
    exams: ['a-plus', 'security-plus'],
  },
  {
    id: 'imap',
    shortName: 'IMAP4',
    fullName: 'Internet Message Access Protocol version 4',
    ianaNames: ['imap'],
    aliases: ['imap', 'internet message access protocol'],
    ports: [{ port: 143, transports: tcp }],
    category: 'mail',
    encryption: 'optional',
    counterpart: 'imaps',
    exams: ['seed', 'a-plus', 'security-plus'],
  },
  {
    id: 'imaps',
    shortName: 'IMAPS',
    fullName: 'IMAP over TLS',
    ianaNames: ['imaps'],
    aliases: ['secure imap', 'imap over ssl', 'imap over tls'],
    ports: [{ port: 993, transports: tcp }],
    category: 'mail',
    encryption: 'encrypted',
    counterpart: 'imap',
    exams: ['security-plus'],
  },
  {
    id: 'snmp',
    shortName: 'SNMP',
    fullName: 'Simple Network Management Protocol',
    ianaNames: ['snmp', 'snmptrap'],
    aliases: ['network management', 'snmp trap'],
    ports: [
      { port: 161, transports: udp, role: 'queries to agents' },
      { port: 162, transports: udp, role: 'traps to managers' },
    ],
    category: 'network-management',
    encryption: 'optional',
    note: 'The seed lists 161 only: 161 takes queries, 162 receives traps. Only SNMPv3 encrypts.',
    exams: ['seed', 'network-plus', 'security-plus'],
  },
  {
    id: 'ldap',
    shortName: 'LDAP',
    fullName: 'Lightweight Directory Access Protocol',
    ianaNames: ['ldap'],
    aliases: ['lightweight directory access protocol', 'directory'],
    ports: [{ port: 389, transports: tcp }],
    category: 'directory',
    encryption: 'optional',
    counterpart: 'ldaps',
    note: 'Taught as TCP; IANA also registers 389/udp (CLDAP, used to find domain controllers).',
    exams: ['seed', 'a-plus', 'network-plus', 'security-plus'],
  },
  {
    id: 'ldaps',
    shortName: 'LDAPS',
    fullName: 'LDAP over TLS',
    ianaNames: ['ldaps'],
    aliases: ['secure ldap', 'ldap over ssl', 'ldap over tls'],
    ports: [{ port: 636, transports: tcp }],
    category: 'directory',
    encryption: 'encrypted',
    counterpart: 'ldap',
    exams: ['network-plus', 'security-plus'],
  },
  {
    id: 'https',
    shortName: 'HTTPS',
    fullName: 'Hypertext Transfer Protocol Secure',
    ianaNames: ['https'],
    aliases: ['http over tls', 'secure web', 'http secure'],
    ports: [{ port: 443, transports: tcp }],
    category: 'web',
    encryption: 'encrypted',
    counterpart: 'http',
    note: '443/udp carries HTTP/3 over QUIC.',
    exams: ['seed', 'a-plus', 'network-plus', 'security-plus'],
  },
  {
    id: 'ssl',
    shortName: 'SSL',
    fullName: 'Secure Sockets Layer',
    ianaNames: ['https'],
    aliases: ['secure socket layer', 'secure sockets layer', 'tls', 'transport layer security'],
    ports: [{ port: 443, transports: tcp }],
    category: 'security-vpn',
    encryption: 'encrypted',
    note: "SSL is obsolete: TLS replaced it. Port 443 is IANA's `https`; TLS itself has no port of its own.",
    exams: ['seed'],
  },
  {
    id: 'smb',
    shortName: 'SMB',
    fullName: 'Server Message Block',
    ianaNames: ['microsoft-ds'],
    aliases: ['cifs', 'smb/cifs', 'windows file sharing', 'microsoft-ds'],
    ports: [{ port: 445, transports: tcp }],
    category: 'file-sharing',
    encryption: 'optional',
    note: 'SMB directly over TCP 445; older SMB ran over NetBIOS on 139. SMB 3 can encrypt.',
    exams: ['a-plus', 'network-plus', 'security-plus'],
  },
  {
    id: 'ipsec',
    shortName: 'IPSec',
    fullName: 'Internet Protocol Security (IKE)',
    ianaNames: ['isakmp', 'ipsec-nat-t'],
    aliases: ['ike', 'isakmp', 'internet key exchange', 'ipsec vpn', 'internet protocol security'],
    ports: [
      { port: 500, transports: udp, role: 'IKE key exchange' },
      { port: 4500, transports: udp, role: 'NAT traversal' },
    ],
    category: 'security-vpn',
    encryption: 'encrypted',
    note: 'Port 500 is IKE (IANA `isakmp`); the ESP and AH payloads are IP protocols 50 and 51, not ports.',
    exams: ['seed'],
  },
  {
    id: 'syslog',
    shortName: 'Syslog',
    fullName: 'System Logging Protocol',
    ianaNames: ['syslog'],
    aliases: ['system log', 'logging'],
    ports: [{ port: 514, transports: udp }],
    category: 'network-management',
    encryption: 'cleartext',
    note: 'IANA registers syslog on 514/udp only; 514/tcp is `shell` (rsh). Syslog over TLS uses 6514.',
    exams: ['network-plus', 'security-plus'],
  },
  {
    id: 'tacacs',
    shortName: 'TACACS+',
    fullName: 'Terminal Access Controller Access-Control System Plus',
    ianaNames: ['tacacs'],
    aliases: ['tacacs', 'tacacs plus'],
    ports: [{ port: 49, transports: tcp }],
    category: 'authentication',
    encryption: 'encrypted',
    exams: ['security-plus'],
  },
  {
    id: 'mssql',
    shortName: 'SQL Server',
    fullName: 'Microsoft SQL Server',
    ianaNames: ['ms-sql-s'],
    aliases: ['mssql', 'ms sql', 'microsoft sql'],
    ports: [{ port: 1433, transports: tcp }],
    category: 'database',
    encryption: 'optional',
    exams: ['network-plus', 'security-plus'],
  },
  {
    id: 'oracle',
    shortName: 'Oracle',
    fullName: 'Oracle Database listener',
    ianaNames: [],
    aliases: ['oracle db', 'oracle tns', 'tns listener'],
    ports: [{ port: 1521, transports: tcp }],
    category: 'database',
    encryption: 'optional',
    note: "A de facto default: IANA registers 1521 to `ncube-lm`; Oracle's own registration is 2483/2484.",
    exams: ['security-plus'],
  },
  {
    id: 'l2tp',
    shortName: 'L2TP',
    fullName: 'Layer 2 Tunneling Protocol',
    ianaNames: ['l2tp', 'l2f'],
    aliases: ['layer 2 tunneling', 'l2f'],
    ports: [{ port: 1701, transports: udp }],
    category: 'security-vpn',
    encryption: 'cleartext',
    note: 'IANA names 1701 `l2f`/`l2tp`. L2TP does not encrypt by itself: it is paired with IPsec.',
    exams: ['seed'],
  },
  {
    id: 'pptp',
    shortName: 'PPTP',
    fullName: 'Point-to-Point Tunneling Protocol',
    ianaNames: ['pptp'],
    aliases: ['point to point tunneling'],
    ports: [{ port: 1723, transports: tcp }],
    category: 'security-vpn',
    encryption: 'weak',
    note: 'TCP 1723 is control only; tunnelled data rides GRE (IP protocol 47). Its MPPE encryption is broken.',
    exams: ['seed'],
  },
  {
    id: 'radius',
    shortName: 'RADIUS',
    fullName: 'Remote Authentication Dial-In User Service',
    ianaNames: ['radius', 'radius-acct'],
    aliases: ['remote authentication dial-in user service'],
    ports: [
      { port: 1812, transports: udp, role: 'authentication' },
      { port: 1813, transports: udp, role: 'accounting' },
    ],
    category: 'authentication',
    encryption: 'weak',
    note: 'Only the password is obscured; older gear uses 1645/1646.',
    exams: ['security-plus'],
  },
  {
    id: 'mysql',
    shortName: 'MySQL',
    fullName: 'MySQL',
    ianaNames: ['mysql'],
    aliases: ['mariadb'],
    ports: [{ port: 3306, transports: tcp }],
    category: 'database',
    encryption: 'optional',
    exams: [],
  },
  {
    id: 'rdp',
    shortName: 'RDP',
    fullName: 'Remote Desktop Protocol',
    ianaNames: ['ms-wbt-server'],
    aliases: ['remote desktop', 'terminal services', 'mstsc'],
    ports: [{ port: 3389, transports: tcp }],
    category: 'remote-access',
    encryption: 'encrypted',
    note: "IANA's name is `ms-wbt-server`; RDP 8 and later also use 3389/udp.",
    exams: ['seed', 'a-plus', 'network-plus', 'security-plus'],
  },
  {
    id: 'postgresql',
    shortName: 'PostgreSQL',
    fullName: 'PostgreSQL',
    ianaNames: ['postgresql'],
    aliases: ['postgres', 'psql'],
    ports: [{ port: 5432, transports: tcp }],
    category: 'database',
    encryption: 'optional',
    exams: [],
  },
  {
    id: 'sip',
    shortName: 'SIP',
    fullName: 'Session Initiation Protocol',
    ianaNames: ['sip'],
    aliases: ['session initiation protocol', 'voip'],
    ports: [{ port: 5060, transports: both }],
    category: 'voice-video',
    encryption: 'cleartext',
    counterpart: 'sips',
    exams: ['network-plus', 'security-plus'],
  },
  {
    id: 'sips',
    shortName: 'SIPS',
    fullName: 'SIP over TLS',
    ianaNames: ['sips'],
    aliases: ['sip tls', 'secure sip'],
    ports: [{ port: 5061, transports: tcp }],
    category: 'voice-video',
    encryption: 'encrypted',
    counterpart: 'sip',
    exams: ['network-plus', 'security-plus'],
  },
  {
    id: 'vnc',
    shortName: 'VNC',
    fullName: 'Virtual Network Computing (Remote Framebuffer)',
    ianaNames: ['rfb'],
    aliases: ['remote framebuffer', 'rfb'],
    ports: [{ port: 5900, transports: tcp }],
    category: 'remote-access',
    encryption: 'weak',
    exams: [],
  },
  {
    id: 'redis',
    shortName: 'Redis',
    fullName: 'Redis',
    ianaNames: ['redis'],
    aliases: ['valkey'],
    ports: [{ port: 6379, transports: tcp }],
    category: 'database',
    encryption: 'optional',
    exams: [],
  },
  {
    id: 'http-alt',
    shortName: 'HTTP Alternate',
    fullName: 'HTTP Alternate',
    ianaNames: ['http-alt'],
    aliases: ['http alt', 'http proxy', 'web proxy'],
    ports: [{ port: 8080, transports: tcp }],
    category: 'web',
    encryption: 'cleartext',
    note: 'IANA registers 8080 as `http-alt`; Apache Tomcat, Jenkins and many web proxies listen here.',
    exams: [],
  },
  {
    id: 'mongodb',
    shortName: 'MongoDB',
    fullName: 'MongoDB',
    ianaNames: ['mongodb'],
    aliases: ['mongo'],
    ports: [{ port: 27017, transports: tcp }],
    category: 'database',
    encryption: 'optional',
    exams: [],
  },
];

/** A row of the seed document's "Well Known Port Numbers" table, exactly as written there. */
export interface SeedRow {
  /** The first column, verbatim ("SSL (Secure Socket Layer)"). */
  readonly service: string;
  /** The port column, verbatim ("20, 21"). */
  readonly ports: string;
  /** The "TCP or UDP" column, verbatim. */
  readonly transport: 'TCP' | 'UDP';
  /** The curated service the row describes. */
  readonly serviceId: string;
}

/** The seed document's well-known port table, row for row. */
export const SEED_TABLE: readonly SeedRow[] = [
  { service: 'FTP (File Transfer Protocol)', ports: '20, 21', transport: 'TCP', serviceId: 'ftp' },
  { service: 'SSH (Secure Shell Protocol)', ports: '22', transport: 'TCP', serviceId: 'ssh' },
  { service: 'Telnet', ports: '23', transport: 'TCP', serviceId: 'telnet' },
  { service: 'SMTP (Simple Mail Transfer Protocol)', ports: '25', transport: 'TCP', serviceId: 'smtp' },
  { service: 'DNS (Domain Name System)', ports: '53', transport: 'UDP', serviceId: 'dns' },
  {
    service: 'DHCP (Dynamic Host Configuration Protocol)',
    ports: '67, 68',
    transport: 'UDP',
    serviceId: 'dhcp',
  },
  { service: 'TFTP (Trivial File Transfer Protocol)', ports: '69', transport: 'UDP', serviceId: 'tftp' },
  { service: 'HTTP (Hypertext Transfer Protocol)', ports: '80', transport: 'TCP', serviceId: 'http' },
  { service: 'Kerberos', ports: '88', transport: 'UDP', serviceId: 'kerberos' },
  { service: 'POP3 (Post Office Protocol version 3)', ports: '110', transport: 'TCP', serviceId: 'pop3' },
  { service: 'NTP (Network Time Protocol)', ports: '123', transport: 'UDP', serviceId: 'ntp' },
  {
    service: 'IMAP4 (Internet Message Access Protocol version 4)',
    ports: '143',
    transport: 'TCP',
    serviceId: 'imap',
  },
  { service: 'SNMP (Simple Network Management Protocol)', ports: '161', transport: 'UDP', serviceId: 'snmp' },
  {
    service: 'LDAP (lightweight Directory Access Protocol)',
    ports: '389',
    transport: 'TCP',
    serviceId: 'ldap',
  },
  { service: 'SSL (Secure Socket Layer)', ports: '443', transport: 'TCP', serviceId: 'ssl' },
  {
    service: 'HTTPS (Hypertext Transfer Protocol Secure)',
    ports: '443',
    transport: 'TCP',
    serviceId: 'https',
  },
  { service: 'IPSec (Internet Protocol Security)', ports: '500', transport: 'UDP', serviceId: 'ipsec' },
  { service: 'L2TP (Layer 2 Tunneling Protocol)', ports: '1701', transport: 'UDP', serviceId: 'l2tp' },
  { service: 'PPTP (Point to Point Tunneling Protocol)', ports: '1723', transport: 'TCP', serviceId: 'pptp' },
  { service: 'RDP (Remote Desktop Protocol)', ports: '3389', transport: 'TCP', serviceId: 'rdp' },
];

/** A common use of a port that IANA did not assign to it, with where the fact comes from. */
export interface UnofficialUse {
  readonly port: number;
  readonly transports: readonly Transport[];
  /** Who uses it ("Vite dev server"). */
  readonly name: string;
  readonly description: string;
  /** A page that states the fact. */
  readonly sourceUrl: string;
}

const WIKIPEDIA_PORTS = 'https://en.wikipedia.org/wiki/List_of_TCP_and_UDP_port_numbers';

/** Well-known unofficial (de facto) uses people look up, each with a source. */
export const UNOFFICIAL_USES: readonly UnofficialUse[] = [
  {
    port: 3000,
    transports: tcp,
    name: 'Development web servers',
    description: 'Default port of Node.js (Express) tutorials, Ruby on Rails and Grafana.',
    sourceUrl: 'https://guides.rubyonrails.org/command_line.html#bin-rails-server',
  },
  {
    port: 4200,
    transports: tcp,
    name: 'Angular CLI dev server',
    description: '`ng serve` listens here by default.',
    sourceUrl: 'https://angular.dev/cli/serve',
  },
  {
    port: 5000,
    transports: tcp,
    name: 'Flask dev server, Docker Registry, AirPlay',
    description:
      "Flask's `flask run` and a self-hosted Docker registry default to 5000; macOS AirPlay Receiver takes it too.",
    sourceUrl: 'https://flask.palletsprojects.com/en/stable/quickstart/',
  },
  {
    port: 5173,
    transports: tcp,
    name: 'Vite dev server',
    description: "Vite's development server listens here by default.",
    sourceUrl: 'https://vite.dev/config/server-options#server-port',
  },
  {
    port: 8000,
    transports: tcp,
    name: 'Django and Python http.server',
    description: "Django's `runserver` and `python -m http.server` default to 8000.",
    sourceUrl: 'https://docs.python.org/3/library/http.server.html',
  },
  {
    port: 1521,
    transports: tcp,
    name: 'Oracle Database listener',
    description:
      "Oracle's TNS listener defaults to 1521, which IANA registers to `ncube-lm`; Oracle's own registrations are 2483/2484.",
    sourceUrl: WIKIPEDIA_PORTS,
  },
  {
    port: 8443,
    transports: tcp,
    name: 'HTTPS alternate',
    description: "The usual second HTTPS port (Tomcat's TLS connector, admin consoles).",
    sourceUrl: WIKIPEDIA_PORTS,
  },
  {
    port: 8888,
    transports: tcp,
    name: 'Jupyter Notebook',
    description: "Jupyter's notebook server starts on 8888.",
    sourceUrl: 'https://jupyter-server.readthedocs.io/en/latest/other/full-config.html',
  },
  {
    port: 9000,
    transports: tcp,
    name: 'PHP-FPM, SonarQube, MinIO',
    description: "PHP-FPM's FastCGI listener and several admin consoles default to 9000.",
    sourceUrl: WIKIPEDIA_PORTS,
  },
  {
    port: 9200,
    transports: tcp,
    name: 'Elasticsearch REST API',
    description: 'Elasticsearch serves its HTTP API on 9200 (9300 for node transport).',
    sourceUrl: 'https://www.elastic.co/guide/en/elasticsearch/reference/current/modules-network.html',
  },
  {
    port: 19132,
    transports: udp,
    name: 'Minecraft Bedrock Edition',
    description: 'Default server port of Minecraft Bedrock Edition.',
    sourceUrl: WIKIPEDIA_PORTS,
  },
  {
    port: 25565,
    transports: tcp,
    name: 'Minecraft Java Edition',
    description: 'Default server port of Minecraft Java Edition.',
    sourceUrl: WIKIPEDIA_PORTS,
  },
  {
    port: 27015,
    transports: both,
    name: 'Source engine game servers',
    description: 'Steam / Source engine dedicated servers (Counter-Strike, Team Fortress 2).',
    sourceUrl: 'https://help.steampowered.com/en/faqs/view/2EA8-4D75-DA21-31EB',
  },
  {
    port: 51820,
    transports: udp,
    name: 'WireGuard',
    description: "The port WireGuard's documentation and most configurations use.",
    sourceUrl: 'https://www.wireguard.com/quickstart/',
  },
];
