import type { LeaderboardEntry } from '@portdeck/store';
import { describe, expect, it } from 'vitest';
import { canvasCards, LEADERBOARD_CARD_SIZE, PROGRESS_CARD_SIZE } from '../src/render/cards/index.ts';
import { CARD_COLORS } from '../src/render/cards/canvas.ts';
import { leaderboardCardOf, type LeaderboardScreen } from '../src/render/leaderboard.ts';
import { withCard } from '../src/render/message.ts';
import { CARD_BACKGROUND, decodePng, isNear } from './png-pixels.ts';

const entry = (rank: number, userId: string, points: number, isHidden = false): LeaderboardEntry => ({
  rank,
  userId,
  points,
  correct: points / 10,
  answers: 1,
  isHidden,
  displayName: null,
});

const screen = (overrides: Partial<LeaderboardScreen> = {}): LeaderboardScreen => ({
  period: 'week',
  board: 'all',
  page: {
    entries: [entry(1, '1001', 30), entry(2, '1002', 20, true), entry(3, '1003', 10)],
    total: 3,
    hasNextPage: false,
    me: entry(3, '1003', 10),
  },
  pageNumber: 1,
  viewerId: '1003',
  isPublic: false,
  resetsAt: undefined,
  nextButton: undefined,
  firstButton: undefined,
  ...overrides,
});

describe('withCard', () => {
  const text = { content: 'Resets soon', embeds: [{ title: 'Board' }, { title: 'Second' }] };

  it('puts the card in the first embed and uploads it', () => {
    const png = Buffer.from('png bytes');
    expect(withCard(text, 'board.png', png)).toEqual({
      content: 'Resets soon',
      embeds: [{ title: 'Board', image: { url: 'attachment://board.png' } }, { title: 'Second' }],
      files: [{ attachment: png, name: 'board.png' }],
    });
  });

  it('without a card, keeps the text and clears attachments (an edit drops the old card)', () => {
    expect(withCard(text, 'board.png', undefined)).toEqual({ ...text, files: [] });
  });

  it('without an embed to hold it, sends no file', () => {
    expect(withCard({ content: 'plain' }, 'board.png', Buffer.from('x'))).toEqual({
      content: 'plain',
      files: [],
    });
  });
});

describe('leaderboardCardOf', () => {
  it('names the private viewer "you", a hidden member "a player", others by the end of their id', () => {
    expect(leaderboardCardOf(screen()).rows).toEqual([
      { rank: 1, name: 'player …1001', points: 30, correct: 3, isViewer: false },
      { rank: 2, name: 'a player', points: 20, correct: 2, isViewer: false },
      { rank: 3, name: 'you', points: 10, correct: 1, isViewer: true },
    ]);
  });

  it('on a public board says "you" to nobody (everyone in the channel sees the same card)', () => {
    const rows = leaderboardCardOf(screen({ isPublic: true })).rows;
    expect(rows.map((row) => row.name)).toEqual(['player …1001', 'a player', 'player …1003']);
    expect(rows.some((row) => row.isViewer)).toBe(false);
  });

  it('names members by the display name last seen in the server, never a hidden one', () => {
    const named = (e: LeaderboardEntry): LeaderboardEntry => ({ ...e, displayName: `name of ${e.userId}` });
    const base = screen({ isPublic: true });
    const page = { ...base.page, entries: base.page.entries.map(named) };
    expect(leaderboardCardOf({ ...base, page }).rows.map((row) => row.name)).toEqual([
      'name of 1001',
      'a player',
      'name of 1003',
    ]);
  });

  it('an empty later page says there are no more players', () => {
    const card = leaderboardCardOf(
      screen({ pageNumber: 2, page: { entries: [], total: 10, hasNextPage: false, me: undefined } }),
    );
    expect(card).toMatchObject({ rows: [], emptyText: 'No more players.' });
  });
});

describe('drawing the cards', () => {
  it('draws the progress card at its size, the bars in the accent colour', async () => {
    const image = await decodePng(
      await canvasCards.progress({
        title: 'Progress · Seed',
        forecast: [
          { label: 'Today', count: 10 },
          { label: 'Wed 11', count: 0 },
        ],
        retention: 0.9,
        retentionNote: '9 of 10 reviews passed',
      }),
    );
    expect({ width: image.width, height: image.height }).toEqual(PROGRESS_CARD_SIZE);
    // Today's bar fills the chart's first slot; the ring's arc starts at its top in the "good" colour.
    expect(isNear(image.pixel(157, 260), CARD_COLORS.accent)).toBe(true);
    expect(isNear(image.pixel(650, 190 - 80), CARD_COLORS.good)).toBe(true);
  });

  it('draws an empty forecast and an overlong title without failing (edge)', async () => {
    const image = await decodePng(
      await canvasCards.progress({
        title: `Progress · ${'A very long deck name '.repeat(20)}`,
        forecast: [],
        retention: null,
        retentionNote: 'no reviews yet',
      }),
    );
    expect(image.width).toBe(PROGRESS_CARD_SIZE.width);
    // The title stops before the right edge: the last 30 columns of its line stay background.
    for (let x = 770; x < 800; x += 5) expect(isNear(image.pixel(x, 40), '#2b2d31')).toBe(true);
  });

  it('draws an empty leaderboard as a message, not a blank image', async () => {
    const image = await decodePng(
      await canvasCards.leaderboard({ title: 'Leaderboard', rows: [], emptyText: 'Nobody has played yet.' }),
    );
    expect({ width: image.width, height: image.height }).toEqual(LEADERBOARD_CARD_SIZE);
    expect(image.shareUnlike(CARD_BACKGROUND)).toBeGreaterThan(0.005);
  });
});
