import { describe, expect, it } from 'vitest';
import { grade, withSuspended } from './grade.ts';
import {
  cramPileAfterAnswer,
  cramPileAfterSkip,
  cramPileAfterUndo,
  isMissed,
  selectCramCards,
} from './cram.ts';
import type { CardState } from './types.ts';

const t0 = Date.UTC(2026, 4, 1, 9);
const passed = grade(undefined, 'good', t0).state;
const failed = grade(passed, 'again', passed.due).state;
const lapsedThenGood: CardState = { ...passed, lapses: 1 };
const states = new Map<string, CardState>([
  ['passed', passed],
  ['failed', failed],
  ['lapsed', lapsedThenGood],
  ['suspended', withSuspended(failed, true)],
]);
const deck = ['new', 'passed', 'failed', 'lapsed', 'suspended'];

describe('selectCramCards', () => {
  it('takes the whole deck in deck order, without suspended cards', () => {
    expect(selectCramCards({ deckCardIds: deck, states, filter: 'all' })).toEqual([
      'new',
      'passed',
      'failed',
      'lapsed',
    ]);
  });

  it('takes only missed cards: last answered again or ever lapsed', () => {
    expect(selectCramCards({ deckCardIds: deck, states, filter: 'missed' })).toEqual(['failed', 'lapsed']);
    expect(isMissed(undefined)).toBe(false);
    expect(isMissed(passed)).toBe(false);
  });

  it('shuffles with the given random source, deterministically, keeping every card once', () => {
    const sequence = [0.9, 0.1, 0.5, 0.3];
    const random = (): number => sequence.shift() ?? 0;
    const shuffled = selectCramCards({ deckCardIds: deck, states, filter: 'all', random });
    expect([...shuffled].sort()).toEqual(['failed', 'lapsed', 'new', 'passed']);
    expect(shuffled).not.toEqual(['new', 'passed', 'failed', 'lapsed']);
    expect(selectCramCards({ deckCardIds: [], states, filter: 'all', random })).toEqual([]);
  });

  it('never changes a state it looks at', () => {
    const before = structuredClone([...states]);
    selectCramCards({ deckCardIds: deck, states, filter: 'missed' });
    expect([...states]).toEqual(before);
  });
});

describe('cram pile moves', () => {
  const pile = ['a', 'b', 'c'];

  it('takes an answered card out, and sends one answered "again" to the back', () => {
    expect(cramPileAfterAnswer(pile, 'good')).toEqual(['b', 'c']);
    expect(cramPileAfterAnswer(pile, 'again')).toEqual(['b', 'c', 'a']);
    expect(cramPileAfterAnswer([], 'again')).toEqual([]);
  });

  it('sends a skipped card to the back', () => {
    expect(cramPileAfterSkip(pile)).toEqual(['b', 'c', 'a']);
    expect(cramPileAfterSkip([])).toEqual([]);
  });

  it('undo puts the card first again, taking it back from where "again" put it', () => {
    expect(cramPileAfterUndo(cramPileAfterAnswer(pile, 'again'), 'a', 'again')).toEqual(pile);
    expect(cramPileAfterUndo(cramPileAfterAnswer(pile, 'good'), 'a', 'good')).toEqual(pile);
    // Undo of a card no longer in the pile (answered "good" and gone) still shows it first.
    expect(cramPileAfterUndo(['c'], 'b', 'again')).toEqual(['b', 'c']);
  });
});
