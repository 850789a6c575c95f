import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEmbeddedRegistry } from '../load-registry.ts';
import type { Random } from '../quiz/choices.ts';
import { buildDecks } from '../quiz/decks.ts';
import { buildDailyQuestion, pickDailyCard } from './question.ts';

/** A seeded generator (mulberry32) so every pick is reproducible. */
function seeded(seed: number): Random {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const registry = createEmbeddedRegistry();
const decks = buildDecks(registry);

describe('pickDailyCard', () => {
  it('picks from the cards not yet asked in this cycle', () => {
    const picked = pickDailyCard(['a', 'b', 'c'], ['a', 'c'], seeded(1));
    expect(picked).toEqual({
      ok: true,
      value: { cardId: 'b', askedInCycle: ['a', 'c', 'b'], isNewCycle: false },
    });
  });

  it('starts a new cycle when every card was asked, never with the card asked last', () => {
    for (let seed = 0; seed < 20; seed++) {
      const picked = pickDailyCard(['a', 'b', 'c'], ['b', 'a', 'c'], seeded(seed));
      expect(picked.ok && picked.value.isNewCycle).toBe(true);
      expect(picked.ok && picked.value.cardId).not.toBe('c');
      expect(picked.ok && picked.value.askedInCycle).toHaveLength(1);
    }
    expect(pickDailyCard(['only'], ['only'], seeded(3))).toMatchObject({
      ok: true,
      value: { cardId: 'only' },
    });
  });

  it('forgets asked cards that left the deck', () => {
    const picked = pickDailyCard(['a', 'b'], ['gone', 'a'], seeded(2));
    expect(picked).toEqual({ ok: true, value: { cardId: 'b', askedInCycle: ['a', 'b'], isNewCycle: false } });
  });

  it('refuses an empty deck with a message for the user', () => {
    const picked = pickDailyCard([], [], seeded(1));
    expect(picked.ok || picked.error.code).toBe('empty-deck');
  });

  it('is deterministic for a given random', () => {
    const ids = decks.deck('seed')?.cardIds ?? [];
    expect(pickDailyCard(ids, [], seeded(42))).toEqual(pickDailyCard(ids, [], seeded(42)));
  });

  it('property: a server sees every card once before any repeats', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30 }),
        fc.integer(),
        (deck, seed) => {
          const random = seeded(seed);
          let asked: readonly string[] = [];
          const sequence: string[] = [];
          for (let i = 0; i < deck.length * 2; i++) {
            const picked = pickDailyCard(deck, asked, random);
            if (!picked.ok) throw new Error(picked.error.message);
            sequence.push(picked.value.cardId);
            asked = picked.value.askedInCycle;
          }
          expect(new Set(sequence.slice(0, deck.length))).toEqual(new Set(deck));
          expect(new Set(sequence.slice(deck.length))).toEqual(new Set(deck));
          if (deck.length > 1) expect(sequence[deck.length]).not.toBe(sequence[deck.length - 1]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('buildDailyQuestion', () => {
  it('offers four options for a port card with the right one marked and the explanation', () => {
    const card = decks.card('port-to-service:587');
    expect(card).toBeDefined();
    if (!card) return;
    const question = buildDailyQuestion(registry, card, seeded(7));
    expect(question.cardId).toBe('port-to-service:587');
    expect(question.prompt).toBe(card.prompt);
    expect(question.options).toHaveLength(4);
    expect(new Set(question.options).size).toBe(4);
    expect(question.options[question.correctIndex]).toContain('SMTP');
    expect(question.answer).toBe(card.answer);
    expect(question.explanation).toBe(card.explanation);
  });

  it('leaves the explanation out when the card has none', () => {
    const card = decks.card('class:1024');
    if (!card) throw new Error('no class card');
    expect(card.explanation).toBeUndefined();
    expect('explanation' in buildDailyQuestion(registry, card, seeded(1))).toBe(false);
  });

  it('property: every card gives distinct options (four, three for transport and range cards), one right', () => {
    const cards = [...decks.cards.values()];
    fc.assert(
      fc.property(fc.constantFrom(...cards), fc.integer(), (card, seed) => {
        const question = buildDailyQuestion(registry, card, seeded(seed));
        expect(question.options).toHaveLength(card.kind === 'transport' || card.kind === 'class' ? 3 : 4);
        expect(new Set(question.options).size).toBe(question.options.length);
        expect(question.correctIndex).toBeGreaterThanOrEqual(0);
        expect(question.correctIndex).toBeLessThan(question.options.length);
      }),
      { numRuns: 300 },
    );
  });
});
