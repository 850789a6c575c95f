import { describe, expect, it } from 'vitest';
import type { LeaderboardPage } from '@portdeck/store';
import { parseCustomId } from '../src/custom-id.ts';
import {
  leaderboardButtonId,
  parseLeaderboardPayload,
  renderLeaderboard,
  type LeaderboardScreen,
} from '../src/render/leaderboard.ts';
import { renderDashboardRevoked, renderDashboardToken } from '../src/render/dashboard.ts';
import { dailyStreakText } from '../src/render/progress.ts';
import { EPHEMERAL } from './helpers.ts';

const page: LeaderboardPage = {
  entries: [
    { rank: 1, userId: '11', points: 20, correct: 2, answers: 2, isHidden: false, displayName: 'Alice' },
    { rank: 1, userId: '12', points: 20, correct: 2, answers: 3, isHidden: true, displayName: null },
    { rank: 3, userId: '13', points: 10, correct: 1, answers: 1, isHidden: false, displayName: null },
  ],
  total: 3,
  hasNextPage: false,
  me: { rank: 1, userId: '12', points: 20, correct: 2, answers: 3, isHidden: true, displayName: null },
};
const screen: LeaderboardScreen = {
  period: 'week',
  board: 'daily',
  page,
  pageNumber: 1,
  viewerId: '12',
  isPublic: false,
  resetsAt: 1_773_039_600_000,
  nextButton: undefined,
  firstButton: undefined,
};

describe('leaderboard buttons', () => {
  it('round-trip through a custom id, with the longest user id and negative points inside 100 characters', () => {
    const button = {
      period: 'month',
      board: 'drills',
      isPublic: true,
      page: 999_999,
      after: { points: -123_456_789_012, userId: '12345678901234567890' },
    } as const;
    const id = leaderboardButtonId(button);
    expect(id.length).toBeLessThanOrEqual(100);
    const parsed = parseCustomId(id);
    expect(parsed?.command).toBe('leaderboard');
    expect(parseLeaderboardPayload(parsed?.payload ?? '')).toEqual(button);
    expect(parseLeaderboardPayload('all.all.e.1')).toEqual({
      period: 'all',
      board: 'all',
      isPublic: false,
      page: 1,
      after: undefined,
    });
  });

  it('refuse anything else', () => {
    for (const junk of [
      '',
      'year.all.e.1',
      'week.quiz.e.1',
      'week.all.x.1',
      'week.all.e.1.5',
      'week.all.e.1.5.abc',
    ]) {
      expect(parseLeaderboardPayload(junk)).toBeUndefined();
    }
  });
});

describe('renderLeaderboard', () => {
  it('lists ranks with shared places, the reset as a Discord timestamp, and the viewer privately', () => {
    const message = renderLeaderboard(screen);
    expect(message.flags).toBe(EPHEMERAL);
    expect(message.content).toBe('Resets <t:1773039600:R>');
    expect(message.embeds?.[0]?.description).toBe(
      [
        '**1.** <@11> · 20 points · 2 correct',
        '**1.** you (hidden from others) · 20 points · 2 correct',
        '**3.** <@13> · 10 points · 1 correct',
      ].join('\n'),
    );
    expect(message.embeds?.[0]?.footer?.text).toBe('Your rank: 1 of 3 · 20 points · 2 correct\nPage 1 of 1');
    expect(message.components).toBeUndefined();
  });

  it("never shows a hidden member's name or own line in a public message", () => {
    const message = renderLeaderboard({ ...screen, isPublic: true });
    expect(message.flags).toBeUndefined();
    expect(message.embeds?.[0]?.description).toContain('**1.** a player · 20 points');
    expect(message.embeds?.[0]?.description).not.toContain('<@12>');
    expect(message.embeds?.[0]?.footer?.text).toBe('Page 1 of 1');
  });

  it('says so when nobody played, with no reset line for all time', () => {
    const empty = renderLeaderboard({
      ...screen,
      period: 'all',
      resetsAt: undefined,
      page: { entries: [], total: 0, hasNextPage: false, me: undefined },
    });
    expect(empty.content).toBeUndefined();
    expect(empty.embeds?.[0]?.description).toContain('Nobody has played');
    expect(empty.embeds?.[0]?.footer?.text).toBe('You have not played in this period yet.\nPage 1 of 1');
  });
});

describe('dashboard and streak texts', () => {
  it('show the token once with how to use it, and what a revoke did', () => {
    const shown = renderDashboardToken('pdk_abc', '42');
    expect(shown.flags).toBe(EPHEMERAL);
    expect(shown.content).toContain('`pdk_abc`');
    expect(shown.content).toContain('Authorization: Bearer <token>');
    expect(renderDashboardRevoked(1).content).toContain('Revoked');
    expect(renderDashboardRevoked(0).content).toContain('nothing to revoke');
  });

  it('words a daily streak, a broken one and none', () => {
    expect(dailyStreakText({ current: 3, best: 5 })).toBe('3 right in a row (best 5)');
    expect(dailyStreakText({ current: 0, best: 2 })).toBe('0 (best 2)');
    expect(dailyStreakText({ current: 0, best: 0 })).toContain('none yet');
  });
});
