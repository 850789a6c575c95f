import { periodKeysOf } from '@portdeck/core';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BoardPeriod, Database, ScoreInput, Store } from '../src/index.ts';
import { hashToken, recordScoreIn, seedDailyPost } from '../src/index.ts';
import { backends } from './backends.ts';
import type { TestDatabase } from './backends.ts';
import { minute } from './helpers.ts';

const at = (text: string): number => Date.parse(text);
const zone = 'America/Los_Angeles';

describe.each(backends)('boards on $name', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let db: Kysely<Database>;

  beforeEach(async () => {
    database = await backend.create();
    ({ store, db } = await database.open());
  });
  afterEach(async () => {
    await database.cleanup();
  });

  /** Posts daily question `id` (right answer: option 1, "RDP") at `now` in guild g1. */
  async function post(id: string, now: number, card = 'port-to-service:3389'): Promise<void> {
    await seedDailyPost(store, {
      questionId: id,
      guildId: 'g1',
      localDate: periodKeysOf(now, zone).day,
      cardId: card,
      options: ['SSH', 'RDP', 'SMB', 'VNC'],
      correctIndex: 1,
      channelId: 'c1',
      messageId: `m-${id}`,
      postedAt: now,
      closesAt: now + 600 * minute,
      askedInCycle: [card],
    });
  }

  async function answer(questionId: string, userId: string, choice: number, answeredAt: number) {
    return store.daily.answer({
      questionId,
      userId,
      choice,
      answeredAt,
      keys: periodKeysOf(answeredAt, zone),
    });
  }

  it('records a daily answer in the ledger once, with its local keys and 10 points when right', async () => {
    // Sunday 1 March 23:30 in Los Angeles: already Monday 2 March (ISO week 10) in UTC.
    const late = at('2026-03-02T07:30:00Z');
    await post('daily:g1:2026-03-01', late - 60 * minute);
    expect(await answer('daily:g1:2026-03-01', 'u1', 1, late)).toMatchObject({ kind: 'recorded' });
    expect(await answer('daily:g1:2026-03-01', 'u1', 2, late + 1)).toMatchObject({ kind: 'already' });
    const rows = await db.selectFrom('scores').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      guild_id: 'g1',
      user_id: 'u1',
      board: 'daily',
      card_id: 'port-to-service:3389',
      chosen: 'RDP',
      is_correct: 1,
      points: 10,
      day_key: '2026-03-01',
      week_key: '2026-W09',
      month_key: '2026-03',
    });
    // An unknown question records nothing.
    expect(await answer('daily:g1:nope', 'u1', 1, late)).toEqual({ kind: 'unknown-question' });
    expect(await db.selectFrom('scores').select('id').execute()).toHaveLength(1);
  });

  it('ranks a period with shared ranks (1, 1, 3) in a stable order, pages by cursor and finds the caller', async () => {
    const sunday = at('2026-03-02T06:00:00Z'); // Sun 1 March 22:00 local
    const monday = at('2026-03-02T17:00:00Z'); // Mon 2 March 09:00 local
    await post('q1', sunday - minute);
    await post('q2', monday - minute, 'port-to-service:22');
    // q1 (Sunday, week 9): u2 and u1 right, u3 wrong. q2 (Monday, week 10): u3 and u4 right, u1 wrong.
    await answer('q1', 'u2', 1, sunday);
    await answer('q1', 'u1', 1, sunday + 1);
    await answer('q1', 'u3', 0, sunday + 2);
    await answer('q2', 'u3', 1, monday);
    await answer('q2', 'u4', 1, monday + 1);
    await answer('q2', 'u1', 3, monday + 2);

    const all = await store.boards.leaderboard({
      guildId: 'g1',
      period: { kind: 'all' },
      board: 'all',
      first: 10,
    });
    expect(all.entries.map((e) => [e.rank, e.userId, e.points, e.correct, e.answers])).toEqual([
      [1, 'u1', 10, 1, 2],
      [1, 'u2', 10, 1, 1],
      [1, 'u3', 10, 1, 2],
      [1, 'u4', 10, 1, 1],
    ]);
    const week9 = await store.boards.leaderboard({
      guildId: 'g1',
      period: { kind: 'week', key: '2026-W09' },
      board: 'daily',
      first: 10,
    });
    expect(week9.entries.map((e) => [e.rank, e.userId, e.points])).toEqual([
      [1, 'u1', 10],
      [1, 'u2', 10],
      [3, 'u3', 0],
    ]);
    expect(week9.total).toBe(3);
    const day = await store.boards.leaderboard({
      guildId: 'g1',
      period: { kind: 'day', key: '2026-03-02' },
      board: 'daily',
      first: 1,
      userId: 'u1',
    });
    expect(day.entries.map((e) => e.userId)).toEqual(['u3']);
    expect(day.hasNextPage).toBe(true);
    expect(day.me).toMatchObject({ rank: 3, userId: 'u1', points: 0, answers: 1 });
    const next = await store.boards.leaderboard({
      guildId: 'g1',
      period: { kind: 'day', key: '2026-03-02' },
      board: 'daily',
      first: 1,
      after: { points: 10, userId: 'u3' },
    });
    expect(next.entries.map((e) => [e.rank, e.userId])).toEqual([[1, 'u4']]);
    // A period nobody played, and a caller who did not play: empty, no line of their own.
    const empty = await store.boards.leaderboard({
      guildId: 'g1',
      period: { kind: 'month', key: '2026-04' },
      board: 'all',
      first: 10,
      userId: 'u1',
    });
    expect(empty).toEqual({ entries: [], total: 0, hasNextPage: false, me: undefined });
    // Another server sees nothing of g1.
    const other = await store.boards.leaderboard({
      guildId: 'g2',
      period: { kind: 'all' },
      board: 'all',
      first: 10,
    });
    expect(other.entries).toEqual([]);
  });

  it('keeps hidden members ranked but flagged, and adds drill scores recorded by another feature', async () => {
    const now = at('2026-03-10T12:00:00Z');
    const drill = (userId: string, round: number, isCorrect: boolean, points: number): ScoreInput => ({
      guildId: 'g1',
      userId,
      board: 'drills',
      gameId: 'drill-1',
      sourceId: `drill-1:${round}`,
      cardId: `card-${round}`,
      chosen: isCorrect ? 'right' : 'B',
      isCorrect,
      points,
      answeredAt: now + round,
      keys: periodKeysOf(now + round, zone),
    });
    expect(await recordScoreIn(db, drill('u1', 1, true, 30))).toBe(true);
    expect(await recordScoreIn(db, drill('u1', 1, true, 30))).toBe(false);
    await recordScoreIn(db, drill('u2', 1, false, 0));
    await recordScoreIn(db, drill('u2', 2, true, 50));
    await recordScoreIn(db, drill('u1', 2, false, 0));
    await store.boards.setHidden('u2', true, now);
    expect(await store.boards.isHidden('u2')).toBe(true);
    expect(await store.boards.isHidden('u1')).toBe(false);
    const board = await store.boards.leaderboard({
      guildId: 'g1',
      period: { kind: 'month', key: '2026-03' },
      board: 'drills',
      first: 10,
    });
    expect(board.entries.map((e) => [e.rank, e.userId, e.points, e.isHidden])).toEqual([
      [1, 'u2', 50, true],
      [2, 'u1', 30, false],
    ]);
    expect(
      (await store.boards.leaderboard({ guildId: 'g1', period: { kind: 'all' }, board: 'daily', first: 10 }))
        .total,
    ).toBe(0);
    await store.boards.setHidden('u2', false, now + 1);
    expect(await store.boards.isHidden('u2')).toBe(false);

    // Names are per server and follow the member's last interaction there.
    await store.boards.rememberName('g1', 'u1', 'Alice', now);
    await store.boards.rememberName('g2', 'u1', 'Al in g2', now);
    await store.boards.rememberName('g1', 'u1', 'Alice W.', now + 1);
    const named = await store.boards.leaderboard({
      guildId: 'g1',
      period: { kind: 'all' },
      board: 'drills',
      first: 1,
      userId: 'u1',
    });
    expect(named.entries.map((e) => [e.userId, e.displayName])).toEqual([['u2', null]]);
    expect(named.me).toMatchObject({ userId: 'u1', displayName: 'Alice W.' });

    const games = await store.boards.games('g1', 'drills', { offset: 0, limit: 10 });
    expect(games).toEqual([
      {
        gameId: 'drill-1',
        day: '2026-03-10',
        startedAt: now + 1,
        players: 2,
        rounds: 2,
        winner: { userId: 'u2', points: 50, isHidden: false, displayName: null },
      },
    ]);
    expect(await store.boards.games('g1', 'drills', { offset: 1, limit: 10 })).toEqual([]);
  });

  it('answers the hardest cards, activity per local day and past daily questions', async () => {
    const first = at('2026-03-02T06:00:00Z'); // 1 March local
    const second = at('2026-03-02T17:00:00Z'); // 2 March local
    await post('q1', first - minute, 'port-to-service:3389');
    await post('q2', second - minute, 'port-to-service:22');
    await answer('q1', 'u1', 0, first);
    await answer('q1', 'u2', 0, first + 1);
    await answer('q1', 'u3', 1, first + 2);
    await answer('q2', 'u1', 1, second);
    await answer('q2', 'u2', 3, second + 1);
    const hardest = await store.boards.hardestCards({
      guildId: 'g1',
      period: { kind: 'month', key: '2026-03' },
      board: 'all',
      first: 5,
    });
    expect(hardest).toEqual([
      {
        cardId: 'port-to-service:3389',
        answers: 3,
        correct: 1,
        shareCorrect: 1 / 3,
        mostChosenWrong: { chosen: 'SSH', count: 2 },
      },
      {
        cardId: 'port-to-service:22',
        answers: 2,
        correct: 1,
        shareCorrect: 0.5,
        mostChosenWrong: { chosen: 'VNC', count: 1 },
      },
    ]);
    expect(
      await store.boards.activity({ guildId: 'g1', period: { kind: 'week', key: '2026-W09' }, board: 'all' }),
    ).toEqual([{ day: '2026-03-01', answers: 3, players: 3 }]);
    expect(await store.boards.activity({ guildId: 'g1', period: { kind: 'all' }, board: 'daily' })).toEqual([
      { day: '2026-03-01', answers: 3, players: 3 },
      { day: '2026-03-02', answers: 2, players: 2 },
    ]);
    const questions = await store.boards.dailyQuestions('g1', { offset: 0, limit: 1 });
    expect(questions).toEqual([
      {
        questionId: 'q2',
        localDate: '2026-03-02',
        cardId: 'port-to-service:22',
        options: ['SSH', 'RDP', 'SMB', 'VNC'],
        correctIndex: 1,
        answers: 2,
        correct: 1,
        shareCorrect: 0.5,
        distribution: [0, 1, 0, 1],
      },
    ]);
    expect(await store.boards.dailyQuestions('g2', { offset: 0, limit: 10 })).toEqual([]);
    expect(
      await store.boards.hardestCards({ guildId: 'g2', period: { kind: 'all' }, board: 'all', first: 5 }),
    ).toEqual([]);
  });

  it('ranks from running totals exactly as the ledger adds up, for every period, board and page', async () => {
    let state = 7;
    const random = () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    const start = at('2026-02-25T00:00:00Z');
    for (let i = 0; i < 150; i++) {
      const answeredAt = start + Math.floor(random() * 10 * 86_400_000);
      const isCorrect = random() < 0.5;
      await recordScoreIn(db, {
        guildId: i % 7 === 0 ? 'g2' : 'g1',
        userId: `u${Math.floor(random() * 25)}`,
        board: random() < 0.5 ? 'daily' : 'drills',
        gameId: `game-${i % 9}`,
        sourceId: `s${i}`,
        cardId: `card-${i % 5}`,
        chosen: null,
        isCorrect,
        points: isCorrect ? Math.floor(random() * 3) * 10 : 0,
        answeredAt,
        keys: periodKeysOf(answeredAt, zone),
      });
    }
    const ledger = await db.selectFrom('scores').selectAll().where('guild_id', '=', 'g1').execute();
    const cases: [BoardPeriod, 'daily' | 'drills' | 'all'][] = [
      [{ kind: 'all' }, 'all'],
      [{ kind: 'month', key: '2026-02' }, 'daily'],
      [{ kind: 'week', key: '2026-W10' }, 'drills'],
      [{ kind: 'day', key: '2026-03-01' }, 'all'],
    ];
    for (const [period, board] of cases) {
      const totals = new Map<string, { points: number; correct: number; answers: number }>();
      for (const row of ledger) {
        if (board !== 'all' && row.board !== board) continue;
        if (period.kind !== 'all' && row[`${period.kind}_key`] !== period.key) continue;
        const t = totals.get(row.user_id) ?? { points: 0, correct: 0, answers: 0 };
        totals.set(row.user_id, {
          points: t.points + row.points,
          correct: t.correct + (row.is_correct !== 0 ? 1 : 0),
          answers: t.answers + 1,
        });
      }
      const expected = [...totals]
        .sort(([a, x], [b, y]) => y.points - x.points || (a < b ? -1 : 1))
        .map(([userId, t]) => ({
          rank: 1 + [...totals.values()].filter((o) => o.points > t.points).length,
          userId,
          ...t,
          isHidden: false,
          displayName: null,
        }));
      const pages = [];
      let after: { points: number; userId: string } | undefined;
      for (;;) {
        const page = await store.boards.leaderboard({ guildId: 'g1', period, board, first: 4, after });
        expect(page.total).toBe(expected.length);
        pages.push(...page.entries);
        const last = page.entries.at(-1);
        if (!page.hasNextPage || last === undefined) break;
        after = { points: last.points, userId: last.userId };
      }
      expect(pages).toEqual(expected);
      const someone = expected[Math.floor(expected.length / 2)];
      if (someone !== undefined) {
        const mine = await store.boards.leaderboard({
          guildId: 'g1',
          period,
          board,
          first: 1,
          userId: someone.userId,
        });
        expect(mine.me).toEqual(someone);
      }
    }
  }, 30_000);

  it("keeps a server's zone (its daily quiz's, else UTC)", async () => {
    expect(await store.boards.timeZoneOf('g1')).toBe('UTC');
    await store.daily.saveSchedule(
      {
        guildId: 'g1',
        channelId: 'c1',
        timeOfDay: '09:00',
        timeZone: zone,
        days: 'mon',
        deckId: 'seed',
        closeAfterMinutes: null,
        startsThread: false,
        pins: false,
        roleId: null,
      },
      0,
    );
    expect(await store.boards.timeZoneOf('g1')).toBe(zone);
  });

  it('keeps only a hash of a dashboard token; a new token or a revoke ends the old one', async () => {
    const token = await store.boards.createToken('g1', 'admin', 1);
    expect(token).toMatch(/^pdk_[A-Za-z0-9_-]{43}$/);
    const stored = await db.selectFrom('dashboard_tokens').selectAll().execute();
    expect(stored).toEqual([
      { token_hash: hashToken(token), guild_id: 'g1', created_by: 'admin', created_at: 1, revoked_at: null },
    ]);
    expect(JSON.stringify(stored)).not.toContain(token.slice(4));
    expect(await store.boards.guildOfToken(token)).toBe('g1');
    expect(await store.boards.guildOfToken(`${token}x`)).toBeUndefined();
    expect(await store.boards.guildOfToken('')).toBeUndefined();
    const second = await store.boards.createToken('g1', 'admin', 2);
    expect(await store.boards.guildOfToken(token)).toBeUndefined();
    expect(await store.boards.guildOfToken(second)).toBe('g1');
    const other = await store.boards.createToken('g2', 'admin', 3);
    expect(await store.boards.revokeTokens('g1', 4)).toBe(1);
    expect(await store.boards.revokeTokens('g1', 5)).toBe(0);
    expect(await store.boards.guildOfToken(second)).toBeUndefined();
    expect(await store.boards.guildOfToken(other)).toBe('g2');
  });
});
