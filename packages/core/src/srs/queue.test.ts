import { describe, expect, it } from 'vitest';
import { grade, withSuspended } from './grade.ts';
import { buildQueue, defaultDailyLimits } from './queue.ts';
import type { QueueInput } from './queue.ts';
import type { StudyClock } from './study-day.ts';
import type { CardState } from './types.ts';

const clock: StudyClock = { timeZone: 'Europe/Berlin', dayStartHour: 4 };
// 2026-02-10 12:00 Berlin (CET, UTC+1).
const noon = Date.parse('2026-02-10T11:00:00Z');
const hour = 3_600_000;
const day = 24 * hour;

function state(overrides: Partial<CardState>): CardState {
  return { ...grade(undefined, 'good', noon - day).state, ...overrides };
}

function input(overrides: Partial<QueueInput>): QueueInput {
  return {
    deckCardIds: [],
    states: new Map(),
    today: { newIntroduced: 0, reviewsDone: 0 },
    limits: defaultDailyLimits,
    clock,
    now: noon,
    ...overrides,
  };
}

describe('buildQueue', () => {
  it('shows learning first, then reviews due today, then new cards, with counts', () => {
    const states = new Map<string, CardState>([
      ['rev-late', state({ phase: 'review', due: noon + 6 * hour })], // 18:00 today: due this study day
      ['rev-early', state({ phase: 'review', due: noon - 2 * day })],
      ['learn', state({ phase: 'learning', due: noon - 1 })],
      ['rev-tomorrow', state({ phase: 'review', due: noon + 17 * hour })], // 05:00 tomorrow
    ]);
    const deckCardIds = ['new-a', 'rev-late', 'learn', 'rev-early', 'new-b', 'rev-tomorrow'];
    const queue = buildQueue(input({ deckCardIds, states }));
    expect(queue.counts).toEqual({ learning: 1, due: 2, new: 2 });
    expect(queue.next).toEqual({ cardId: 'learn', kind: 'learning' });
    states.delete('learn');
    expect(buildQueue(input({ deckCardIds, states })).next).toEqual({ cardId: 'rev-early', kind: 'review' });
    const onlyNew = buildQueue(input({ deckCardIds: ['new-a', 'new-b'], states }));
    expect(onlyNew.next).toEqual({ cardId: 'new-a', kind: 'new' });
  });

  it('stops at the daily limits and says when the next study day opens', () => {
    const states = new Map([['rev', state({ phase: 'review', due: noon - day })]]);
    const queue = buildQueue(
      input({
        deckCardIds: ['rev', 'new'],
        states,
        today: { newIntroduced: 20, reviewsDone: 200 },
      }),
    );
    expect(queue.counts).toEqual({ learning: 0, due: 0, new: 0 });
    expect(queue.next).toBeNull();
    // Next study day: 2026-02-11 04:00 Berlin = 03:00 UTC.
    expect(queue.nextDueAt).toBe(Date.parse('2026-02-11T03:00:00Z'));
  });

  it('caps counts at the room left today', () => {
    const queue = buildQueue(
      input({
        deckCardIds: ['a', 'b', 'c'],
        limits: { newPerDay: 2, reviewsPerDay: 10 },
        today: { newIntroduced: 1, reviewsDone: 0 },
      }),
    );
    expect(queue.counts.new).toBe(1);
    expect(queue.next).toEqual({ cardId: 'a', kind: 'new' });
  });

  it('learns ahead only when nothing else is left, and reports the next learning due time', () => {
    const soon = state({ phase: 'learning', due: noon + 5 * 60_000 });
    const later = state({ phase: 'relearning', due: noon + 2 * hour });
    const ahead = buildQueue(
      input({
        deckCardIds: ['soon', 'later'],
        states: new Map([
          ['soon', soon],
          ['later', later],
        ]),
      }),
    );
    expect(ahead.next).toEqual({ cardId: 'soon', kind: 'learning' });
    const waiting = buildQueue(input({ deckCardIds: ['later'], states: new Map([['later', later]]) }));
    expect(waiting.next).toBeNull();
    expect(waiting.nextDueAt).toBe(noon + 2 * hour);
  });

  it('skips suspended cards, ignores cards outside the deck and duplicate ids', () => {
    const states = new Map([
      ['sus', withSuspended(state({ phase: 'review', due: noon - day }), true)],
      ['other', state({ phase: 'review', due: noon - day })],
    ]);
    const queue = buildQueue(input({ deckCardIds: ['sus', 'n', 'n'], states }));
    expect(queue.counts).toEqual({ learning: 0, due: 0, new: 1 });
  });

  it('returns an empty queue for an empty deck', () => {
    expect(buildQueue(input({}))).toEqual({
      counts: { learning: 0, due: 0, new: 0 },
      next: null,
      nextDueAt: null,
    });
  });

  it('opens a future review at the start of its study day, not at its due time', () => {
    // Due 2026-02-12 15:00 Berlin: available from 2026-02-12 04:00 Berlin.
    const states = new Map([['r', state({ phase: 'review', due: Date.parse('2026-02-12T14:00:00Z') })]]);
    const queue = buildQueue(input({ deckCardIds: ['r'], states }));
    expect(queue.nextDueAt).toBe(Date.parse('2026-02-12T03:00:00Z'));
  });
});
