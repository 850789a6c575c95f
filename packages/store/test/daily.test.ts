import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DailyPostRecord, DailyScheduleInput, Store } from '../src/index.ts';
import { dailyCloseKind, dailyPostKind } from '../src/index.ts';
import { backends } from './backends.ts';
import type { TestDatabase } from './backends.ts';
import { minute, t0 } from './helpers.ts';

const schedule: DailyScheduleInput = {
  guildId: 'g1',
  channelId: 'c1',
  timeOfDay: '09:00',
  timeZone: 'Europe/Berlin',
  days: 'mon,tue,wed,thu,fri',
  deckId: 'seed',
  closeAfterMinutes: null,
  startsThread: true,
  pins: false,
  roleId: null,
};
const keys = { day: '2026-03-10', week: '2026-W11', month: '2026-03' };

describe.each(backends)('daily quiz records on $name', (backend) => {
  let database: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    database = await backend.create();
    ({ store } = await database.open());
  });
  afterEach(async () => {
    await database.cleanup();
  });

  /** Claims the post job `id` and records it as posted (question `id`, card `card`, right answer B). */
  async function post(id: string, card = 'port-to-service:3389', date = '2026-03-10', now = t0) {
    await store.jobs.enqueue({ id, kind: dailyPostKind, runAt: now }, now);
    const [job] = await store.jobs.claimDue({
      owner: 'w',
      now,
      leaseMs: 60_000,
      limit: 1,
      kinds: [dailyPostKind],
    });
    if (job?.id !== id) throw new Error(`claimed ${job?.id}`);
    const record: DailyPostRecord = {
      questionId: id,
      guildId: 'g1',
      localDate: date,
      cardId: card,
      options: ['SSH', 'RDP', 'SMB', 'VNC'],
      correctIndex: 1,
      channelId: 'c1',
      messageId: `m-${id}`,
      postedAt: now,
      closesAt: now + 60 * minute,
      askedInCycle: [card],
    };
    const closeJob = { id: `close:${id}`, kind: dailyCloseKind, runAt: now + 60 * minute };
    return {
      job,
      record,
      closeJob,
      recorded: await store.daily.recordPost(job.lease, record, closeJob, now),
    };
  }

  it("saves, replaces and stops a schedule; a change drops the old schedule's pending posts", async () => {
    expect(await store.daily.getSchedule('g1')).toBeUndefined();
    const saved = await store.daily.saveSchedule(schedule, t0);
    expect(saved).toMatchObject({
      ...schedule,
      isActive: true,
      savedAt: t0,
      askedInCycle: [],
      lastFailure: null,
    });
    await store.jobs.enqueue({ id: 'daily:g1:2026-03-11', kind: dailyPostKind, runAt: t0 + 86_400_000 }, t0);
    await store.jobs.enqueue({ id: 'daily:g10:2026-03-11', kind: dailyPostKind, runAt: t0 + 86_400_000 }, t0);
    await store.daily.saveSchedule({ ...schedule, timeOfDay: '18:30' }, t0 + 1);
    expect(await store.jobs.get('daily:g1:2026-03-11')).toBeUndefined();
    // Another server whose id starts alike keeps its job.
    expect(await store.jobs.get('daily:g10:2026-03-11')).toBeDefined();
    expect((await store.daily.activeSchedules()).map((s) => s.timeOfDay)).toEqual(['18:30']);
    await store.daily.recordFailure('g1', 'Missing Permissions (50013) in #quiz', t0 + 2);
    expect((await store.daily.getSchedule('g1'))?.lastFailure).toEqual({
      message: 'Missing Permissions (50013) in #quiz',
      at: t0 + 2,
    });
    expect(await store.daily.stopSchedule('g1', t0 + 3)).toBe(true);
    expect(await store.daily.stopSchedule('g1', t0 + 4)).toBe(false);
    expect(await store.daily.activeSchedules()).toEqual([]);
  });

  it('records a post with its job, close job and cycle in one go, and only once', async () => {
    await store.daily.saveSchedule(schedule, t0);
    const first = await post('daily:g1:2026-03-10');
    expect(first.recorded).toMatchObject({
      questionId: 'daily:g1:2026-03-10',
      sequence: 1,
      closedAt: null,
      answerCount: 0,
    });
    expect(await store.jobs.get('daily:g1:2026-03-10')).toMatchObject({ status: 'done' });
    expect(await store.jobs.get('close:daily:g1:2026-03-10')).toMatchObject({
      status: 'pending',
      kind: dailyCloseKind,
    });
    expect((await store.daily.getSchedule('g1'))?.askedInCycle).toEqual(['port-to-service:3389']);
    // The same lease again (a retry after a lost acknowledgement) records nothing more.
    expect(await store.daily.recordPost(first.job.lease, first.record, first.closeJob, t0)).toBeNull();
    const second = await post('daily:g1:2026-03-11', 'port-to-service:22', '2026-03-11', t0 + 86_400_000);
    expect(second.recorded?.sequence).toBe(2);
    expect(await store.daily.lastPostedDate('g1')).toBe('2026-03-11');
    expect((await store.daily.openQuestion('g1'))?.questionId).toBe('daily:g1:2026-03-11');
    expect((await store.daily.recentQuestions('g1', 5)).map((q) => q.sequence)).toEqual([2, 1]);
  });

  it("records nothing when the post job's lease was taken over", async () => {
    await store.daily.saveSchedule(schedule, t0);
    await store.jobs.enqueue({ id: 'daily:g1:2026-03-10', kind: dailyPostKind, runAt: t0 }, t0);
    const [stale] = await store.jobs.claimDue({ owner: 'slow', now: t0, leaseMs: 1000, limit: 1 });
    await store.jobs.claimDue({ owner: 'other', now: t0 + 1000, leaseMs: 60_000, limit: 1 });
    const record = {
      questionId: 'daily:g1:2026-03-10',
      guildId: 'g1',
      localDate: '2026-03-10',
      cardId: 'x',
      options: ['a', 'b'],
      correctIndex: 0,
      channelId: 'c1',
      messageId: 'm',
      postedAt: t0,
      closesAt: t0 + 1,
      askedInCycle: ['x'],
    };
    expect(
      await store.daily.recordPost(
        stale!.lease,
        record,
        { id: 'close', kind: dailyCloseKind, runAt: t0 },
        t0,
      ),
    ).toBeNull();
    expect(await store.daily.getQuestion('daily:g1:2026-03-10')).toBeUndefined();
    expect(await store.jobs.get('close')).toBeUndefined();
    expect((await store.daily.getSchedule('g1'))?.askedInCycle).toEqual([]);
  });

  it("counts a member's first answer only, refuses answers after closing, and closes once", async () => {
    await post('daily:g1:2026-03-10');
    const id = 'daily:g1:2026-03-10';
    const answer = (userId: string, choice: number, answeredAt = t0 + 1000) =>
      store.daily.answer({ questionId: id, userId, choice, answeredAt, keys });
    expect(await answer('ann', 1)).toEqual({ kind: 'recorded', isCorrect: true, answerCount: 1 });
    expect(await answer('ann', 2, t0 + 2000)).toEqual({
      kind: 'already',
      choice: 1,
      isCorrect: true,
      answeredAt: t0 + 1000,
    });
    expect(await answer('bob', 3, t0 + 500)).toEqual({ kind: 'recorded', isCorrect: false, answerCount: 2 });
    expect(
      await store.daily.answer({ questionId: 'nope', userId: 'ann', choice: 0, answeredAt: t0, keys }),
    ).toEqual({
      kind: 'unknown-question',
    });
    const closed = await store.daily.closeQuestion(id, t0 + 2000);
    expect(closed?.isNewlyClosed).toBe(true);
    expect(closed?.answers).toEqual([
      { userId: 'bob', choice: 3, isCorrect: false, answeredAt: t0 + 500 },
      { userId: 'ann', choice: 1, isCorrect: true, answeredAt: t0 + 1000 },
    ]);
    expect((await store.daily.closeQuestion(id, t0 + 3000))?.isNewlyClosed).toBe(false);
    expect((await answer('cat', 1)).kind).toBe('closed');
    expect(await store.daily.openQuestion('g1')).toBeUndefined();
    const history = await store.daily.history('g1', 'ann');
    expect(history).toEqual({ posted: [id], answers: new Map([[id, 'correct']]), openQuestionId: undefined });
  });

  it('keeps the count and the results exact when many members click while the question closes', async () => {
    await post('daily:g1:2026-03-10');
    const id = 'daily:g1:2026-03-10';
    const clicks = Array.from({ length: 120 }, (_, i) =>
      store.daily.answer({ questionId: id, userId: `u${i % 60}`, choice: i % 4, answeredAt: t0 + i, keys }),
    );
    const closing = store.daily.closeQuestion(id, t0 + 5000);
    const results = await Promise.all(clicks);
    const closed = await closing;
    const recorded = results.filter((r) => r.kind === 'recorded');
    const final = await store.daily.answers(id);
    // Every answer recorded is in the results the close saw, and the count matches the rows.
    expect(closed?.answers).toEqual(final);
    expect(final).toHaveLength(recorded.length);
    expect((await store.daily.getQuestion(id))?.answerCount).toBe(final.length);
    expect(new Set(final.map((a) => a.userId)).size).toBe(final.length);
    for (const r of results) expect(['recorded', 'already', 'closed']).toContain(r.kind);
  });
});
