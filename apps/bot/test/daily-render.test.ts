import { ButtonStyle } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDailyQuestion, summarizeDailyQuestion } from '@portdeck/core';
import { validateMessage } from '@portdeck/discord-double';
import { seededRandom } from '../src/daily/random.ts';
import {
  dailyAnswerCustomId,
  parseDailyAnswerCustomId,
  renderDailyAnswer,
  renderDailyPost,
  renderDailyResults,
  renderDailySchedule,
} from '../src/render/daily.ts';
import { isEphemeral } from '../src/render/message.ts';
import { messageToText } from '../src/render/text.ts';
import { decks, registry } from './helpers.ts';

const longestQuestionId = `daily:${'9'.repeat(20)}:2026-12-31:20`;

describe('daily question post', () => {
  it('fits Discord for every card of every deck, and gives nothing away before closing', () => {
    const broken: string[] = [];
    for (const card of decks().cards.values()) {
      const question = buildDailyQuestion(registry(), card, seededRandom(card.id));
      const open = renderDailyPost({
        questionId: longestQuestionId,
        prompt: question.prompt,
        options: question.options,
        closesAt: Date.UTC(2026, 2, 10),
        answerCount: 12_345,
        roleId: '123456789012345678',
      });
      if (validateMessage(open, { isCreate: true }).errors.length > 0) broken.push(card.id);
      const buttons = open.components?.flatMap((row) => row.components) ?? [];
      // Same style, not disabled, labels are the options only: the public message hides the answer.
      expect(new Set(buttons.map((b) => `${String(b.style)}:${String(b.disabled)}`)).size).toBe(1);
    }
    expect(broken).toEqual([]);
  });

  it('disables the buttons and marks the right one once closed', () => {
    const closed = renderDailyPost({
      questionId: 'daily:1:2026-03-10',
      prompt: 'Which service uses port 22?',
      options: ['SSH', 'Telnet', 'FTP', 'SMTP'],
      closesAt: 0,
      answerCount: 1,
      closed: { correctIndex: 0 },
    });
    const buttons = closed.components?.flatMap((row) => row.components) ?? [];
    expect(buttons.every((b) => b.disabled === true)).toBe(true);
    expect(buttons.filter((b) => b.style === ButtonStyle.Success).map((b) => b.label)).toEqual(['A · SSH']);
    expect(messageToText(closed)).toContain('1 answer');
  });

  it('property: button ids round-trip and stay within 100 characters (edge: the longest ids)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 3 }),
        (guild, n, choice) => {
          const questionId = `daily:${guild}:2026-03-10${n === 1 ? '' : `:${n}`}`;
          const id = dailyAnswerCustomId(questionId, choice);
          expect(id.length).toBeLessThanOrEqual(100);
          expect(parseDailyAnswerCustomId(id)).toEqual({ questionId, choice });
        },
      ),
    );
    expect(parseDailyAnswerCustomId('dq:2:daily:1:2026-03-10:0')).toBeUndefined();
    expect(parseDailyAnswerCustomId('fc:1:x')).toBeUndefined();
  });
});

describe('daily results and answers', () => {
  it('shows the right answer, share, split, first right answer and streaks', () => {
    const results = summarizeDailyQuestion({
      optionCount: 4,
      correctIndex: 1,
      answers: [
        { userId: '2', choice: 1, answeredAt: 20 },
        { userId: '1', choice: 0, answeredAt: 10 },
        { userId: '3', choice: 1, answeredAt: 30 },
      ],
      streaks: [
        { userId: '2', streak: 5 },
        { userId: '3', streak: 1 },
      ],
    });
    const message = renderDailyResults({
      prompt: 'Which service uses port 3389?',
      options: ['SSH', 'RDP', 'SMB', 'VNC'],
      correctIndex: 1,
      answer: 'RDP (Remote Desktop Protocol)',
      explanation: 'Also registered on UDP.',
      results,
    });
    expect(validateMessage(message, { isCreate: true }).errors).toEqual([]);
    const text = messageToText(message);
    expect(text).toContain('B. RDP');
    expect(text).toContain('2 of 3 (67%)');
    expect(text).toContain('A. SSH: 1 (33%)');
    expect(text).toContain('<@2>');
    expect(text).toContain('<@2>: 5');
  });

  it('says nobody answered without dividing by zero (edge)', () => {
    const results = summarizeDailyQuestion({ optionCount: 3, correctIndex: 0, answers: [] });
    const text = messageToText(
      renderDailyResults({ prompt: 'p', options: ['a', 'b', 'c'], correctIndex: 0, answer: 'a', results }),
    );
    expect(text).toContain('Nobody answered.');
    expect(text).not.toContain('First right answer');
  });

  it('answers privately: right, wrong with the answer, already answered, closed', () => {
    const right = renderDailyAnswer({
      kind: 'recorded',
      isCorrect: true,
      correct: 'B. RDP',
      answer: 'RDP',
      streak: { current: 3, best: 4 },
    });
    expect(isEphemeral(right)).toBe(true);
    expect(right.content).toContain('Your streak: 3 (best 4)');
    const wrong = renderDailyAnswer({
      kind: 'recorded',
      isCorrect: false,
      correct: 'B. RDP',
      answer: 'RDP',
      streak: { current: 0, best: 4 },
    });
    expect(wrong.content).toContain('the answer is B. RDP');
    expect(renderDailyAnswer({ kind: 'already', choice: 2 }).content).toContain('You already answered C');
    expect(renderDailyAnswer({ kind: 'closed' }).content).toContain('closed');
  });

  it('states a schedule with Discord timestamps and the last failure; a stopped one says it is off', () => {
    const view = {
      description: 'Every weekday at 09:00 (Europe/Berlin)',
      channelId: '5',
      deckName: 'Seed',
      isActive: true,
      nextPostAt: 1_773_129_600_000,
      startsThread: true,
      pins: false,
      roleId: null,
      lastFailure: { message: 'Posting failed: Missing Permissions (50013)', at: 1_773_000_000_000 },
    };
    const text = renderDailySchedule(view).content ?? '';
    expect(text).toContain('<t:1773129600:F> (<t:1773129600:R>)');
    expect(text).toContain('Last failure');
    expect(renderDailySchedule({ ...view, isActive: false }).content).toContain('is off');
  });
});
