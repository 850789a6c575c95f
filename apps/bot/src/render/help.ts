import { COLORS, field, type BotMessage } from './message.ts';
import { MessageFlags } from 'discord.js';

/** `/help`: every command with an example. */
export function renderHelp(): BotMessage {
  return {
    flags: MessageFlags.Ephemeral,
    embeds: [
      {
        title: 'portdeck: know your ports',
        description: 'Look up network ports the way they are taught and the way IANA registers them.',
        color: COLORS.info,
        fields: [
          field(
            '/port query',
            '`/port 3389`, `/port 53/udp`, `/port rdp`, `/port remote desktop`: one-glance answer.',
          ),
          field(
            '/range port',
            '`/range 51514`: RFC 6335 class and which systems use it as a client’s ephemeral port.',
          ),
          field(
            '/flow a b',
            '`/flow 51514 443`: which side is the server (and its service), which the client.',
          ),
          field(
            '/ports list',
            '`/ports 20-23,80,443/tcp`: count, ranges and services a firewall list opens.',
          ),
          field(
            '/flashcards deck mode filter',
            '`/flashcards`, `/flashcards deck:network-plus`, `/flashcards mode:cram filter:missed`: private spaced-repetition study with buttons.',
          ),
          field(
            '/progress deck',
            '`/progress`: due, learning, new, today, retention, streak, the daily quiz streak and the week ahead.',
          ),
          field(
            '/leaderboard period board public',
            "`/leaderboard period:week board:daily`: this server's ranks, points and right answers (privately unless `public:true`).",
          ),
          field(
            '/settings timezone day-starts',
            '`/settings timezone:Europe/Berlin day-starts:4 leaderboard:hidden`: when your study day starts, whether boards show you; no options shows them.',
          ),
          field(
            '/daily setup · show · post · close · stop · streak',
            '`/daily setup channel:#quiz time:09:00 timezone:Europe/Berlin days:weekdays`: a port question for the server every day (Manage Server); `/daily streak`: your streak.',
          ),
          field('/dashboard token|revoke', "Manage Server: a read token for this server's statistics API."),
          field('/help', 'This message.'),
        ],
        footer: {
          text: 'Data: IANA Service Name and Transport Protocol Port Number Registry + portdeck notes',
        },
      },
    ],
  };
}
