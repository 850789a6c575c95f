import { describe, expect, it } from 'vitest';
import { rankDrillScoreboard } from '@portdeck/core';
import type { DrillRecord } from '@portdeck/store';
import { createEditCoalescer } from '../src/drill/coalescer.ts';
import { isRightAnswer, missedCards, pickCards, seededRandom } from '../src/drill/drill.ts';
import {
  drillButtonId,
  parseDrillPayload,
  renderAnswerForm,
  renderLobby,
  renderQuestion,
  renderResults,
  scoreboardLines,
} from '../src/render/drill.ts';
import { decks, registry } from './helpers.ts';

const drill: DrillRecord = {
  drillId: '1575934230528000028',
  guildId: 'g',
  channelId: 'c',
  hostId: '42',
  deckId: 'seed',
  mode: 'choice',
  cardIds: ['port-to-service:22'],
  roundCount: 1,
  roundSeconds: 20,
  timeZone: 'UTC',
  lobbyEndsAt: 1_800_000_000_000,
  status: 'lobby',
  messageId: null,
  currentRound: 0,
  createdAt: 0,
  startedAt: null,
  endedAt: null,
};
const card = () => {
  const found = decks().card('port-to-service:22');
  if (found === undefined) throw new Error('no card');
  return found;
};

describe('drill button ids', () => {
  it('round-trips every action and stays far under 100 characters', () => {
    for (const action of ['join', 'a3', 'type', 'typed', 'study'] as const) {
      const id = drillButtonId({ drillId: drill.drillId, round: 50, action });
      expect(id.length).toBeLessThan(50);
      expect(parseDrillPayload(id.split(':').slice(2).join(':'))).toEqual({
        drillId: drill.drillId,
        round: 50,
        action,
      });
    }
  });

  it('refuses unknown actions and malformed payloads', () => {
    expect(parseDrillPayload('1:1:explode')).toBeUndefined();
    expect(parseDrillPayload('1:x:join')).toBeUndefined();
    expect(parseDrillPayload('')).toBeUndefined();
  });
});

describe('drill messages', () => {
  it('renders the lobby with Join, Leave and Start and the players', () => {
    const body = renderLobby(drill, 'Seed', [{ userId: '42', joinedAt: 0 }]);
    expect(body.embeds?.[0]?.description).toContain('Players (1)');
    expect(body.components?.[0]?.components.map((b) => b.label)).toEqual(['Join', 'Leave', 'Start (host)']);
  });

  it('renders four options (choice) or one Answer button (typed), disabled once closed', () => {
    const round = { round: 1, options: ['SSH', 'Telnet', 'FTP', 'SMTP'], deadline: 1_800_000_020_000 };
    const open = renderQuestion(drill, round, card());
    expect(open.components?.[0]?.components.map((b) => b.label)).toEqual(round.options);
    expect(open.embeds?.[0]?.description).toContain('<t:1800000020:R>');
    const typed = renderQuestion({ ...drill, mode: 'typed' }, { ...round, options: [] }, card(), true);
    expect(typed.components).toEqual([
      expect.objectContaining({ components: [expect.objectContaining({ label: 'Answer', disabled: true })] }),
    ]);
  });

  it('keeps the form within Discord limits', () => {
    const form = renderAnswerForm(drill.drillId, 1, 'x'.repeat(200));
    expect(form.title.length).toBeLessThanOrEqual(45);
    expect(JSON.stringify(form.components)).toContain('"custom_id":"answer"');
  });

  it('shares ranks between tied players in a stable order, and reports an empty board', () => {
    const ranked = rankDrillScoreboard([
      { userId: '2', points: 100, correct: 1, joinedAt: 5 },
      { userId: '1', points: 100, correct: 1, joinedAt: 5 },
      { userId: '3', points: 0, correct: 0, joinedAt: 1 },
    ]);
    expect(scoreboardLines(ranked).split('\n')).toEqual([
      '1. <@1> 100 pts (1 correct)',
      '1. <@2> 100 pts (1 correct)',
      '3. <@3> 0 pts (0 correct)',
    ]);
    expect(scoreboardLines([])).toBe('No players.');
  });

  it('renders results with fastest and most missed, and a Study button', () => {
    const body = renderResults(
      drill,
      {
        standings: [{ userId: '42', points: 140, correct: 1, joinedAt: 0, rank: 1, fastestMs: 1200 }],
        fastest: { userId: '42', cardId: 'port-to-service:22', ms: 1200 },
        mostMissed: [{ cardId: 'port-to-service:22', asked: 1, missed: 1, missRate: 0.5 }],
      },
      (id) => decks().card(id),
    );
    expect(body.embeds?.[0]?.description).toContain('1. <@42> 140 pts, 1 correct, fastest 1.2 s');
    expect(body.embeds?.[0]?.fields?.[0]?.value).toContain('missed 50 %');
    expect(body.components?.[0]?.components[0]?.label).toBe('Study what I missed');
  });
});

describe('drill helpers', () => {
  it('checks typed answers with core: names, a misspelling, never another service', () => {
    const rdp = decks().card('port-to-service:3389');
    if (rdp === undefined) throw new Error('no card');
    const round = { correctIndex: -1 };
    expect(isRightAnswer(registry(), 'typed', rdp, round, { text: 'RDP' })).toBe(true);
    expect(isRightAnswer(registry(), 'typed', rdp, round, { text: 'remote desktop protocl' })).toBe(true);
    expect(isRightAnswer(registry(), 'typed', rdp, round, { text: 'SSH' })).toBe(false);
    expect(isRightAnswer(registry(), 'typed', rdp, round, { text: '' })).toBe(false);
    expect(isRightAnswer(registry(), 'choice', rdp, { correctIndex: 2 }, { index: 2 })).toBe(true);
    expect(isRightAnswer(registry(), 'choice', rdp, { correctIndex: 2 }, { index: 1 })).toBe(false);
  });

  it('picks distinct cards, reproducibly from a seed', () => {
    const ids = ['a', 'b', 'c', 'd'];
    expect(pickCards(ids, 3, seededRandom('x'))).toEqual(pickCards(ids, 3, seededRandom('x')));
    expect(new Set(pickCards(ids, 9, seededRandom('y'))).size).toBe(4);
  });

  it('finds the cards a player missed among rounds they could play', () => {
    const round = (n: number, startedAt: number) => ({
      drillId: 'd',
      round: n,
      cardId: `c${String(n)}`,
      options: [],
      correctIndex: 0,
      messageId: 'm',
      startedAt,
      deadline: startedAt + 1,
      closedAt: startedAt + 1,
      answerCount: 0,
    });
    const answer = {
      round: 1,
      userId: 'u',
      cardId: 'c1',
      answer: 'x',
      isCorrect: true,
      points: 120,
      answeredAt: 0,
    };
    expect(missedCards('u', 5, [round(1, 10), round(2, 20), round(3, 1)], [answer])).toEqual(['c2']);
  });
});

describe('edit coalescer', () => {
  it('edits at once, then at most once per interval however many requests arrive', async () => {
    const coalescer = createEditCoalescer({ intervalMs: 100 });
    let edits = 0;
    let shown = 0;
    for (let i = 1; i <= 200; i++) {
      const value = i;
      coalescer.request('board', () => {
        edits += 1;
        shown = value;
        return Promise.resolve();
      });
    }
    await coalescer.idle();
    expect(edits).toBe(1);
    expect(shown).toBe(200);
    coalescer.request('board', () => {
      edits += 1;
      return Promise.resolve();
    });
    coalescer.request('board', () => {
      edits += 1;
      return Promise.resolve();
    });
    await coalescer.idle();
    expect(edits).toBe(2);
    expect(coalescer.counts.get('board')).toBe(2);
  });

  it('survives a failed edit and drops waiting edits on close', async () => {
    const errors: unknown[] = [];
    const coalescer = createEditCoalescer({ intervalMs: 10_000, onError: (e) => errors.push(e) });
    coalescer.request('a', () => Promise.reject(new Error('gone')));
    await coalescer.idle();
    expect(errors).toHaveLength(1);
    let ran = false;
    coalescer.request('a', () => {
      ran = true;
      return Promise.resolve();
    });
    coalescer.close();
    await coalescer.idle();
    expect(ran).toBe(false);
  });
});
