import { MessageFlags } from 'discord.js';
import type { BoardFilter, LeaderboardEntry, LeaderboardPage } from '@portdeck/store';
import { encodeCustomId } from '../custom-id.ts';
import type { LeaderboardCard } from './cards/index.ts';
import { button, buttonRows, COLORS, LIMITS, truncate, type BotMessage } from './message.ts';

/** Lines on one page of `/leaderboard`. */
export const LEADERBOARD_PAGE_SIZE = 10;
/** Version of the leaderboard's button ids. */
export const LEADERBOARD_BUTTON_VERSION = 1;

/** A leaderboard period as the command names it. */
export type BoardPeriodName = 'day' | 'week' | 'month' | 'all';

/** What a leaderboard button carries: which board, from where, and how it is shown. */
export interface LeaderboardButton {
  readonly period: BoardPeriodName;
  readonly board: BoardFilter;
  /** The message is public: a hidden member's own line must stay off it whoever clicks. */
  readonly isPublic: boolean;
  /** The page to show, from 1. */
  readonly page: number;
  /** The last line before this page (points and user id); undefined for the first page. */
  readonly after: { readonly points: number; readonly userId: string } | undefined;
}

const PERIODS: readonly BoardPeriodName[] = ['day', 'week', 'month', 'all'];
const BOARDS: readonly BoardFilter[] = ['daily', 'drills', 'all'];

/** The custom id of a leaderboard button: `leaderboard:1:<period>.<board>.<p|e>.<page>[.<points>.<user>]`. */
export function leaderboardButtonId(b: LeaderboardButton): string {
  const after = b.after === undefined ? '' : `.${b.after.points}.${b.after.userId}`;
  return encodeCustomId({
    command: 'leaderboard',
    version: LEADERBOARD_BUTTON_VERSION,
    payload: `${b.period}.${b.board}.${b.isPublic ? 'p' : 'e'}.${b.page}${after}`,
  });
}

/** Reads a leaderboard button's payload, or undefined for anything else. */
export function parseLeaderboardPayload(payload: string): LeaderboardButton | undefined {
  const match = /^(\w+)\.(\w+)\.([pe])\.(\d{1,6})(?:\.(-?\d{1,12})\.(\d{1,20}))?$/.exec(payload);
  if (!match) return undefined;
  const [, period = '', board = '', visibility, page = '', points, userId] = match;
  if (!PERIODS.includes(period as BoardPeriodName) || !BOARDS.includes(board as BoardFilter))
    return undefined;
  return {
    period: period as BoardPeriodName,
    board: board as BoardFilter,
    isPublic: visibility === 'p',
    page: Number(page),
    after: points === undefined || userId === undefined ? undefined : { points: Number(points), userId },
  };
}

/** What `/leaderboard` shows. */
export interface LeaderboardScreen {
  readonly period: BoardPeriodName;
  readonly board: BoardFilter;
  readonly page: LeaderboardPage;
  /** The page number, from 1. */
  readonly pageNumber: number;
  /** Who asked (their own line is shown, even when they hide from boards, but only privately). */
  readonly viewerId: string;
  readonly isPublic: boolean;
  /** When the period resets (epoch ms); undefined for all time. */
  readonly resetsAt: number | undefined;
  /** The button to the next page, when there is one. */
  readonly nextButton: LeaderboardButton | undefined;
  /** The button back to the first page, on later pages. */
  readonly firstButton: LeaderboardButton | undefined;
}

const PERIOD_TITLES: Record<BoardPeriodName, string> = {
  day: 'Today',
  week: 'This week',
  month: 'This month',
  all: 'All time',
};
const BOARD_TITLES: Record<BoardFilter, string> = {
  daily: 'Daily quiz',
  drills: 'Drills',
  all: 'Daily quiz and drills',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** How a line names its member: a mention (Discord shows the display name), "a player" when hidden. */
function nameOf(entry: LeaderboardEntry, screen: LeaderboardScreen): string {
  if (!entry.isHidden) return `<@${entry.userId}>`;
  return entry.userId === screen.viewerId && !screen.isPublic ? 'you (hidden from others)' : 'a player';
}

/** One line: "**1.** <@id> · 30 points · 3 correct". */
export function leaderboardLine(entry: LeaderboardEntry, screen: LeaderboardScreen): string {
  return `**${entry.rank}.** ${nameOf(entry, screen)} · ${plural(entry.points, 'point')} · ${entry.correct} correct`;
}

/** How the card names a member: an image cannot show a mention, so the name the bot last saw in the server. */
function cardNameOf(entry: LeaderboardEntry, screen: LeaderboardScreen): string {
  const isOwnPrivateLine = entry.userId === screen.viewerId && !screen.isPublic;
  if (isOwnPrivateLine) return 'you';
  if (entry.isHidden) return 'a player';
  return entry.displayName ?? `player …${entry.userId.slice(-4)}`;
}

/** What the leaderboard card draws for this page: the same ranks, points and right answers as the text. */
export function leaderboardCardOf(screen: LeaderboardScreen): LeaderboardCard {
  return {
    title: `Leaderboard · ${PERIOD_TITLES[screen.period]} · ${BOARD_TITLES[screen.board]}`,
    rows: screen.page.entries.map((entry) => ({
      rank: entry.rank,
      name: cardNameOf(entry, screen),
      points: entry.points,
      correct: entry.correct,
      isViewer: entry.userId === screen.viewerId && !screen.isPublic,
    })),
    emptyText: screen.pageNumber > 1 ? 'No more players.' : 'Nobody has played in this period yet.',
  };
}

/** A leaderboard page: ranks, names, points and right answers, the asker's own rank, when it resets, paging. */
export function renderLeaderboard(screen: LeaderboardScreen): BotMessage {
  const { page } = screen;
  const lines = page.entries.map((e) => leaderboardLine(e, screen));
  const description =
    lines.length > 0
      ? lines.join('\n')
      : screen.pageNumber > 1
        ? 'No more players.'
        : 'Nobody has played in this period yet: answer a daily question to be first.';
  const footer: string[] = [];
  const me = page.me;
  if (me !== undefined && (!me.isHidden || !screen.isPublic)) {
    footer.push(
      `Your rank: ${me.rank} of ${page.total} · ${plural(me.points, 'point')} · ${me.correct} correct`,
    );
  } else if (me === undefined) {
    footer.push('You have not played in this period yet.');
  }
  const pages = Math.max(1, Math.ceil(page.total / LEADERBOARD_PAGE_SIZE));
  footer.push(`Page ${screen.pageNumber} of ${pages}`);
  const content =
    screen.resetsAt === undefined ? undefined : `Resets <t:${Math.floor(screen.resetsAt / 1000)}:R>`;
  const buttons = [
    ...(screen.firstButton ? [button(leaderboardButtonId(screen.firstButton), '⏮ Top')] : []),
    ...(screen.nextButton ? [button(leaderboardButtonId(screen.nextButton), 'Next ▶')] : []),
  ];
  return {
    ...(content === undefined ? {} : { content }),
    embeds: [
      {
        title: truncate(
          `Leaderboard · ${PERIOD_TITLES[screen.period]} · ${BOARD_TITLES[screen.board]}`,
          LIMITS.title,
        ),
        color: COLORS.info,
        description: truncate(description, LIMITS.description),
        footer: { text: truncate(footer.join('\n'), LIMITS.footer) },
      },
    ],
    ...(buttons.length > 0 ? { components: buttonRows(buttons) } : {}),
    ...(screen.isPublic ? {} : { flags: MessageFlags.Ephemeral }),
  };
}
