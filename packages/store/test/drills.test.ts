import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database, DrillInput, JobSpec, Store } from '../src/index.ts';
import {
  drillCloseKind,
  drillEndKind,
  drillJobIds,
  drillLobbyKind,
  drillOpenKind,
  drillRevealKind,
} from '../src/index.ts';
import { backends } from './backends.ts';
import type { TestDatabase } from './backends.ts';
import { t0 } from './helpers.ts';

const keys = { day: '2026-03-10', week: '2026-W11', month: '2026-03' };
const input: DrillInput = {
  drillId: 'd1',
  guildId: 'g1',
  channelId: 'c1',
  hostId: 'host',
  deckId: 'seed',
  mode: 'choice',
  cardIds: ['port-to-service:22', 'port-to-service:3389'],
  roundSeconds: 20,
  timeZone: 'UTC',
  lobbyEndsAt: t0 + 30_000,
};
const lobbyJob = (id = 'd1'): JobSpec => ({
  id: drillJobIds.lobby(id),
  kind: drillLobbyKind,
  runAt: t0 + 30_000,
});
const openJob = (round: number, at = t0): JobSpec => ({
  id: drillJobIds.open('d1', round),
  kind: drillOpenKind,
  runAt: at,
});

describe.each(backends)('drill records on $name', (backend) => {
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

  async function claim(id: string, now: number) {
    const jobs = await store.jobs.claimDue({ owner: 'w', now, leaseMs: 60_000, limit: 10 });
    const job = jobs.find((j) => j.id === id);
    if (job === undefined) throw new Error(`did not claim ${id}: ${jobs.map((j) => j.id).join(', ')}`);
    return job;
  }

  /** Creates d1 with players, starts it and records round `round` (deadline 20 s after `at`). */
  async function running(players: string[], at = t0 + 1000) {
    await store.drills.create(input, lobbyJob(), t0);
    for (const p of players) await store.drills.join('d1', p, t0 + 10);
    expect(await store.drills.start({ drillId: 'd1', now: at, openJob: openJob(1, at) })).toBe('started');
    return recordRound(1, at);
  }

  async function recordRound(round: number, at: number) {
    const job = await claim(drillJobIds.open('d1', round), at);
    const recorded = await store.drills.recordRound(
      job.lease,
      {
        drillId: 'd1',
        round,
        cardId: input.cardIds[round - 1] ?? 'x',
        options: ['SSH', 'RDP', 'SMB', 'VNC'],
        correctIndex: 0,
        messageId: `m${round}`,
        startedAt: at,
        deadline: at + 20_000,
      },
      { id: drillJobIds.close('d1', round), kind: drillCloseKind, runAt: at + 20_000 },
      at,
    );
    if (recorded === null) throw new Error('round not recorded');
    return recorded;
  }

  const answer = (userId: string, at: number, isCorrect = true, round = 1) =>
    store.drills.answer({
      drillId: 'd1',
      round,
      userId,
      answer: isCorrect ? 'SSH' : 'RDP',
      isCorrect,
      answeredAt: at,
      keys,
    });

  it('creates a drill with its host as player and its lobby job; a second drill in the channel is refused', async () => {
    const created = await store.drills.create(input, lobbyJob(), t0);
    expect(created).toMatchObject({
      kind: 'created',
      drill: { status: 'lobby', roundCount: 2, currentRound: 0 },
    });
    expect(await store.drills.players('d1')).toEqual([{ userId: 'host', joinedAt: t0 }]);
    expect((await store.jobs.get(drillJobIds.lobby('d1')))?.status).toBe('pending');
    const second = await store.drills.create(
      { ...input, drillId: 'd2', hostId: 'other' },
      lobbyJob('d2'),
      t0 + 1,
    );
    expect(second).toMatchObject({ kind: 'busy', drill: { drillId: 'd1' } });
    expect(await store.jobs.get(drillJobIds.lobby('d2'))).toBeUndefined();
    expect((await store.drills.activeIn('c1'))?.drillId).toBe('d1');
    expect(await store.drills.activeIn('c2')).toBeUndefined();
  });

  it('joins and leaves the lobby; leaving after the start is refused, joining still works', async () => {
    await store.drills.create(input, lobbyJob(), t0);
    expect((await store.drills.join('d1', 'ann', t0 + 1)).kind).toBe('joined');
    expect((await store.drills.join('d1', 'ann', t0 + 2)).kind).toBe('already');
    expect(await store.drills.leave('d1', 'bob')).toBe('not-player');
    expect(await store.drills.leave('d1', 'ann')).toBe('left');
    expect((await store.drills.join('nope', 'ann', t0)).kind).toBe('unknown');
    await store.drills.start({ drillId: 'd1', now: t0 + 5, openJob: openJob(1) });
    expect(await store.drills.leave('d1', 'host')).toBe('started');
    expect((await store.drills.join('d1', 'late', t0 + 6)).kind).toBe('joined');
  });

  it('starts once: the host start drops the lobby job, a lobby job with no players finds none', async () => {
    await store.drills.create(input, lobbyJob(), t0);
    expect(await store.drills.start({ drillId: 'd1', now: t0 + 5, openJob: openJob(1) })).toBe('started');
    expect(await store.jobs.get(drillJobIds.lobby('d1'))).toBeUndefined();
    expect(await store.drills.start({ drillId: 'd1', now: t0 + 6, openJob: openJob(1) })).toBe('not-lobby');
    expect((await store.jobs.get(drillJobIds.open('d1', 1)))?.status).toBe('pending');

    await store.drills.create({ ...input, drillId: 'd2', channelId: 'c2' }, lobbyJob('d2'), t0);
    expect(await store.drills.leave('d2', 'host')).toBe('left');
    const job = await claim(drillJobIds.lobby('d2'), t0 + 30_000);
    const spec = { ...openJob(1), id: drillJobIds.open('d2', 1) };
    expect(
      await store.drills.start({ drillId: 'd2', now: t0 + 30_000, openJob: spec, lease: job.lease }),
    ).toBe('no-players');
    expect((await store.jobs.get(drillJobIds.lobby('d2')))?.status).toBe('done');
  });

  it('records answers once per player and round, refuses non-players, late joiners and late clicks', async () => {
    const round = await running(['ann', 'bob']);
    expect(round).toMatchObject({ round: 1, closedAt: null, messageId: 'm1' });
    await store.drills.join('d1', 'late', round.startedAt + 1);
    expect(await answer('ann', round.startedAt + 3000)).toEqual({
      kind: 'recorded',
      answered: 1,
      players: 3,
    });
    expect(await answer('ann', round.startedAt + 3001, false)).toEqual({ kind: 'already', answer: 'SSH' });
    expect(await answer('zed', round.startedAt + 3000)).toEqual({ kind: 'not-player' });
    expect(await answer('late', round.startedAt + 3000)).toEqual({ kind: 'joined-late' });
    expect(await answer('bob', round.deadline + 1)).toEqual({ kind: 'closed' });
    expect(await answer('bob', round.startedAt + 1000, true, 9)).toEqual({ kind: 'unknown' });
    const rows = await db.selectFrom('drill_answers').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user_id: 'ann',
      round: 1,
      card_id: 'port-to-service:22',
      day_key: keys.day,
    });
  });

  it('closes a round once, scoring with the 2 s grace window, and a close job after an early close only completes', async () => {
    const round = await running(['ann', 'bob', 'cy']);
    await answer('host', round.startedAt + 4000);
    await answer('ann', round.startedAt + 5999);
    await answer('bob', round.startedAt + 6001);
    await answer('cy', round.startedAt + 1000, false);
    const reveal: JobSpec = { id: drillJobIds.reveal('d1', 1), kind: drillRevealKind, runAt: t0 };
    const [a, b] = await Promise.all([
      store.drills.closeRound({ drillId: 'd1', round: 1, now: round.startedAt + 7000, revealJob: reveal }),
      store.drills.closeRound({ drillId: 'd1', round: 1, now: round.startedAt + 7001, revealJob: reveal }),
    ]);
    expect([a?.isNewlyClosed, b?.isNewlyClosed].filter(Boolean)).toHaveLength(1);
    const points = Object.fromEntries((a?.answers ?? []).map((x) => [x.userId, x.points]));
    expect(points).toEqual({ host: 140, ann: 140, bob: 135, cy: 0 });
    // The early close dropped the pending deadline job; the reveal is due.
    expect(await store.jobs.get(drillJobIds.close('d1', 1))).toBeUndefined();
    expect((await store.jobs.get(drillJobIds.reveal('d1', 1)))?.status).toBe('pending');
    expect(await answer('host', round.startedAt + 8000)).toEqual({ kind: 'closed' });
    const stored = await store.drills.rounds('d1');
    expect(stored.answers.map((x) => x.points)).toEqual([0, 140, 140, 135]);
    // The close put the round's scores on the drills board, once, whichever of the two closes won.
    const board = await store.boards.leaderboard({
      guildId: 'g1',
      period: { kind: 'all' },
      board: 'drills',
      first: 10,
    });
    expect(board.entries.map((e) => [e.rank, e.userId, e.points, e.correct, e.answers])).toEqual([
      [1, 'ann', 140, 1, 1],
      [1, 'host', 140, 1, 1],
      [3, 'bob', 135, 1, 1],
      [4, 'cy', 0, 0, 1],
    ]);
  });

  it('a deadline job closes the round with the answers recorded, once, even with a second worker', async () => {
    const round = await running(['ann']);
    await answer('ann', round.startedAt + 2000);
    const job = await claim(drillJobIds.close('d1', 1), round.deadline);
    const first = await store.drills.closeRound({
      drillId: 'd1',
      round: 1,
      now: round.deadline,
      revealJob: { id: drillJobIds.reveal('d1', 1), kind: drillRevealKind, runAt: round.deadline },
      lease: job.lease,
    });
    expect(first?.isNewlyClosed).toBe(true);
    expect(first?.answers.map((x) => [x.userId, x.points])).toEqual([['ann', 145]]);
    expect((await store.jobs.get(drillJobIds.close('d1', 1)))?.status).toBe('done');
    const again = await store.drills.closeRound({
      drillId: 'd1',
      round: 1,
      now: round.deadline + 1,
      revealJob: null,
    });
    expect(again?.isNewlyClosed).toBe(false);
    expect(
      await store.drills.closeRound({ drillId: 'd1', round: 7, now: 0, revealJob: null }),
    ).toBeUndefined();
  });

  it('ends once: closes the open round with its answers, drops pending jobs and refuses later clicks', async () => {
    const round = await running(['ann']);
    await answer('ann', round.startedAt + 2000);
    const endJob: JobSpec = { id: drillJobIds.end('d1'), kind: drillEndKind, runAt: round.startedAt + 3000 };
    expect(await store.drills.end({ drillId: 'd1', now: round.startedAt + 3000, endJob })).toBe(true);
    expect(await store.drills.end({ drillId: 'd1', now: round.startedAt + 3001, endJob })).toBe(false);
    expect(await store.jobs.get(drillJobIds.close('d1', 1))).toBeUndefined();
    expect((await store.jobs.get(drillJobIds.end('d1')))?.status).toBe('pending');
    const { rounds, answers } = await store.drills.rounds('d1');
    expect(rounds[0]?.closedAt).toBe(round.startedAt + 3000);
    expect(answers.map((x) => x.points)).toEqual([145]);
    expect(await answer('host', round.startedAt + 2500)).toEqual({ kind: 'ended' });
    expect(await store.drills.activeIn('c1')).toBeUndefined();
    // The channel is free again.
    const next = await store.drills.create({ ...input, drillId: 'd2' }, lobbyJob('d2'), t0 + 99_000);
    expect(next.kind).toBe('created');
  });

  it('a round is not recorded after the drill ended, nor twice', async () => {
    await running([]);
    await store.drills.closeRound({ drillId: 'd1', round: 1, now: t0 + 2000, revealJob: null });
    await store.jobs.enqueue(openJob(2, t0 + 3000), t0);
    await store.drills.end({
      drillId: 'd1',
      now: t0 + 2500,
      endJob: { id: drillJobIds.end('d1'), kind: drillEndKind, runAt: t0 },
    });
    expect(await store.jobs.get(drillJobIds.open('d1', 2))).toBeUndefined();
    await store.jobs.enqueue(openJob(2, t0 + 3000), t0);
    await expect(recordRound(2, t0 + 3000)).rejects.toThrow('round not recorded');
    const count = await sql<{ n: number }>`select count(*) as n from ${sql.table('drill_rounds')}`.execute(
      db,
    );
    expect(Number(count.rows[0]?.n)).toBe(1);
  });
});
