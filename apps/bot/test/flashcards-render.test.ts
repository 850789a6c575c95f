import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { previewGrades, ratingNames } from '@portdeck/core';
import { validateChoices, validateMessage } from '@portdeck/discord-double';
import { openStore, type Progress, type SessionView, type Store } from '@portdeck/store';
import { suggestDecks } from '../src/commands/flashcards.ts';
import { closestTimeZones, suggestTimeZones, supportedTimeZones } from '../src/commands/settings.ts';
import { parseCustomId } from '../src/custom-id.ts';
import { CONSOLE_USER, createConsoleSession } from '../src/console-session.ts';
import { commands } from '../src/commands/index.ts';
import { createContext } from '../src/index.ts';
import {
  flashcardButtonId,
  parseFlashcardPayload,
  renderCardBack,
  renderCardFront,
  renderSummary,
  type FlashcardAction,
} from '../src/render/flashcards.ts';
import { forecastText, renderProgress, retentionText, streakText } from '../src/render/progress.ts';
import { renderSettings, renderSettingsError } from '../src/render/settings.ts';
import { messageToText } from '../src/render/text.ts';
import { formatWhen, studyDayLabel } from '../src/render/time.ts';
import { decks, registry, tempDataDir, testClock } from './helpers.ts';
import { pino } from 'pino';

const t0 = Date.UTC(2026, 2, 10, 12, 0, 0);
const actions: readonly FlashcardAction[] = ['show', ...ratingNames, 'undo', 'end', 'next'];
const sessionIds = fc.stringMatching(/^[A-Za-z0-9_-]{22}$/);

function session(overrides: Partial<SessionView> = {}): SessionView {
  return {
    sessionId: 'AAAAAAAAAAAAAAAAAAAAAA',
    userId: 'u',
    deckId: 'seed',
    mode: 'normal',
    step: 3,
    currentCardId: 'port-to-service:20',
    currentState: undefined,
    counts: { learning: 1, due: 2, new: 17 },
    nextDueAt: null,
    remaining: 0,
    isEnded: false,
    ...overrides,
  };
}

describe('flashcard button ids', () => {
  it('round-trip through the router and fit in 100 characters for every card (step up to 999999)', () => {
    const cardIds = [...decks().cards.keys()];
    fc.assert(
      fc.property(
        sessionIds,
        fc.integer({ min: 0, max: 999_999 }),
        fc.constantFrom(...actions),
        fc.constantFrom(...cardIds),
        (sessionId, step, action, cardId) => {
          const text = flashcardButtonId({ sessionId, step, action, cardId });
          expect(text.length).toBeLessThanOrEqual(100);
          const id = parseCustomId(text);
          expect(id).toMatchObject({ command: 'fc', version: 1 });
          expect(parseFlashcardPayload(id?.payload ?? '')).toEqual({ sessionId, step, action, cardId });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rejects malformed payloads (failure)', () => {
    for (const payload of [
      '',
      'x',
      'abc:1:fly',
      'abc:one:show',
      'a:b:c:d',
      'abc:1:',
      ':1:show',
      'abc:-1:good',
    ]) {
      expect(parseFlashcardPayload(payload)).toBeUndefined();
    }
  });

  it('keeps colons inside a card id (edge) and leaves it out for undo/end', () => {
    expect(parseFlashcardPayload('s:0:good:class:49152')).toEqual({
      sessionId: 's',
      step: 0,
      action: 'good',
      cardId: 'class:49152',
    });
    expect(flashcardButtonId({ sessionId: 's', step: 2, action: 'undo' })).toBe('fc:1:s:2:undo');
  });
});

describe('flashcard screens', () => {
  it('stay within Discord limits for every card of every deck, front and back', () => {
    const all = decks();
    for (const deck of all.decks) {
      for (const card of all.cardsOf(deck)) {
        const screen = {
          session: session({ currentCardId: card.id, deckId: deck.id }),
          deck,
          card,
          now: t0,
          timeZone: 'UTC',
        };
        for (const body of [renderCardFront(screen), renderCardBack(screen, previewGrades(undefined, t0))]) {
          expect(validateMessage(body, { isCreate: false }).errors).toEqual([]);
        }
      }
    }
  });

  it('labels grades with intervals in normal mode and plainly in cram (no schedule change)', () => {
    const card = decks().card('port-to-service:22');
    const deck = decks().deck('seed');
    const normal = renderCardBack(
      { session: session(), deck, card, now: t0, timeZone: 'UTC' },
      previewGrades(undefined, t0),
    );
    expect(normal.components?.[0]?.components.map((b) => b.label)).toEqual([
      'Again · 1m',
      'Hard · 6m',
      'Good · 10m',
      'Easy · 8d',
    ]);
    expect(normal.components?.[1]?.components.map((b) => b.label)).toEqual([
      'Undo last answer',
      'End session',
    ]);
    const cram = renderCardBack(
      {
        session: session({ mode: 'cram', counts: null, remaining: 4 }),
        deck,
        card,
        now: t0,
        timeZone: 'UTC',
      },
      undefined,
    );
    expect(cram.components?.[0]?.components.map((b) => b.label)).toEqual(['Again', 'Hard', 'Good', 'Easy']);
    expect(cram.embeds?.[0]?.footer?.text).toContain('4 left in this cram round');
  });

  it('summarises with the next due time in the user’s zone, and survives an unknown card (edge)', () => {
    const deck = decks().deck('seed');
    const summary = renderSummary({
      session: session({ currentCardId: null, nextDueAt: t0 + 16 * 3_600_000 }),
      deck,
      card: undefined,
      now: t0,
      timeZone: 'Asia/Tokyo',
    });
    expect(summary.embeds?.[0]?.description).toContain('in 16h (Wed 11 Mar, 13:00)');
    const unknown = renderCardFront({
      session: session({ currentCardId: 'gone:1', step: 0 }),
      deck,
      card: undefined,
      now: t0,
      timeZone: 'UTC',
    });
    expect(unknown.embeds?.[0]?.description).toContain('no longer in portdeck');
    expect(unknown.components?.[0]?.components.map((b) => b.label)).toEqual(['Show answer', 'End session']);
  });
});

describe('progress and settings renders', () => {
  const progress: Progress = {
    counts: { learning: 2, due: 5, new: 10 },
    nextDueAt: null,
    today: { newIntroduced: 3, reviewsDone: 4, total: 9 },
    streak: { days: 3, includesToday: false },
    retention30d: { reviews: 9, passed: 7, rate: 7 / 9 },
    leeches: 1,
    suspended: 0,
  };

  it('renders numbers as the user reads them', () => {
    expect(retentionText(progress)).toBe('78% (7 of 9 reviews passed)');
    expect(streakText(progress)).toBe('3 days (study today to keep it)');
    expect(
      forecastText([
        { day: '2026-03-10', count: 4 },
        { day: '2026-03-11', count: 0 },
        { day: '2026-03-12', count: 2 },
      ]),
    ).toBe('Today     : 4 ▇▇▇▇▇▇▇▇▇▇\nWed 11 Mar: 0\nThu 12 Mar: 2 ▇▇▇▇▇');
    const message = renderProgress({
      deck: decks().deck('seed')!,
      progress,
      forecast: [],
      settings: { timeZone: 'UTC', dayStartHour: 4, newPerDay: 20, reviewsPerDay: 200 },
      now: t0,
    });
    expect(validateMessage(message, { isCreate: true }).errors).toEqual([]);
    expect(messageToText(message)).toContain(
      'Answered today: 9 (3 new, 4 reviews, the rest learning steps or cram)',
    );
  });

  it('explains refused settings (failure) and shows local time in the zone', () => {
    expect(renderSettingsError({ kind: 'invalid-day-start-hour', hour: -1 }).content).toContain(
      '(you sent -1)',
    );
    expect(renderSettingsError({ kind: 'invalid-time-zone', timeZone: 'x' }, ['UTC']).content).toContain(
      'Closest: `UTC`',
    );
    const shown = renderSettings(
      { timeZone: 'America/New_York', dayStartHour: 0, newPerDay: 20, reviewsPerDay: 200 },
      t0,
    );
    expect(messageToText(shown)).toContain('Local time now: Tue 10 Mar, 08:00');
  });

  it('formats times with no retention and no streak (edge)', () => {
    expect(retentionText({ ...progress, retention30d: { reviews: 0, passed: 0, rate: null } })).toBe(
      'no review-phase answers yet',
    );
    expect(streakText({ ...progress, streak: { days: 0, includesToday: false } })).toContain('none yet');
    expect(formatWhen(t0 - 1, t0, 'UTC')).toBe('now');
    expect(formatWhen(t0 + 10 * 60_000, t0, 'UTC')).toBe('in 10m (12:10)');
    expect(studyDayLabel('2026-11-25')).toBe('Wed 25 Nov');
  });
});

describe('autocomplete suggestions', () => {
  const zones = supportedTimeZones();

  it('never offers more than 25 valid choices, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (typed) => {
        const zoneChoices = suggestTimeZones(zones, typed);
        expect(validateChoices(zoneChoices)).toEqual([]);
        expect(validateChoices(suggestDecks(decks().decks, typed))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('finds zones by city and region, and the closest for a typo (failure)', () => {
    expect(suggestTimeZones(zones, 'berlin').map((c) => c.value)).toEqual(['Europe/Berlin']);
    expect(suggestTimeZones(zones, 'sao paulo')[0]).toEqual({
      name: 'America/Sao Paulo',
      value: 'America/Sao_Paulo',
    });
    expect(closestTimeZones('Europe/Berln', zones)).toContain('Europe/Berlin');
  });

  it('offers common zones and every deck when nothing is typed (edge)', () => {
    expect(suggestTimeZones(zones, '')[0]?.value).toBe('UTC');
    expect(suggestDecks(decks().decks, '').length).toBe(Math.min(25, decks().decks.length));
  });
});

describe('console session: study with numbered buttons', () => {
  let store: Store;
  const data = tempDataDir();
  beforeAll(async () => {
    store = await openStore({ path: join(data.dir, 'portdeck.db') });
  });
  afterAll(async () => {
    await store.close();
    data.remove();
  });

  it('runs a session, /progress and /settings from typed lines', async () => {
    const clock = testClock();
    const console = createConsoleSession({
      commands,
      context: createContext({ registry: registry(), decks: decks(), store, now: clock.now }),
      logger: pino({ level: 'silent' }),
    });
    const front = await console.run('/flashcards');
    expect(front).toContain('Which service uses port 20?');
    expect(front).toContain('Buttons: [1: Show answer]  [2: End session]');
    expect(await console.run('click 1')).toContain('[3: Good · 10m]');
    expect(await console.run('click 3')).toContain('Which service uses port 21?');
    expect(await console.run('/progress')).toContain('Answered today: 1 (1 new, 0 reviews)');
    expect(await console.run('/settings timezone:Asia/Tokyo')).toContain('Local time now: Tue 10 Mar, 21:00');
    expect((await store.getSettings(CONSOLE_USER.id)).timeZone).toBe('Asia/Tokyo');
  });

  it('explains a wrong button number (failure) and a click with no buttons (edge)', async () => {
    const console = createConsoleSession({
      commands,
      context: createContext({ registry: registry(), decks: decks(), store }),
      logger: pino({ level: 'silent' }),
    });
    expect(await console.run('click 1')).toBe('The last reply has no buttons.');
    await console.run('/flashcards deck:a-plus');
    expect(await console.run('click 9')).toContain('No such button. Try: click 1-2');
  });
});
