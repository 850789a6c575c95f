import { ButtonStyle, ComponentType, type APIButtonComponentWithCustomId } from 'discord.js';
import type { DailyResults, DailyStreak } from '@portdeck/core';
import { encodeCustomId, parseCustomId } from '../custom-id.ts';
import {
  buttonRows,
  COLORS,
  ephemeral,
  field,
  LIMITS,
  truncate,
  type BotMessage,
  type MessageBody,
} from './message.ts';

/** The first part of a daily question's button ids (short: ids carry the question id). */
export const DAILY_BUTTON_PREFIX = 'dq';
const buttonVersion = 1;

/** Option letters: A, B, C, D. */
export function optionLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

/** The custom id of an option button: `dq:1:<question id>:<choice>` (question ids are ≤ 45 characters). */
export function dailyAnswerCustomId(questionId: string, choice: number): string {
  return encodeCustomId({
    command: DAILY_BUTTON_PREFIX,
    version: buttonVersion,
    payload: `${questionId}:${choice}`,
  });
}

/** Reads an option button's payload (`<question id>:<choice>`), or undefined for anything else. */
export function parseDailyAnswerPayload(
  version: number,
  payload: string,
): { questionId: string; choice: number } | undefined {
  const match = /^(.+):(\d)$/.exec(payload);
  if (version !== buttonVersion || match === null) return undefined;
  return { questionId: match[1] ?? '', choice: Number(match[2]) };
}

/** Reads a whole custom id written by {@link dailyAnswerCustomId}. */
export function parseDailyAnswerCustomId(
  customId: string,
): { questionId: string; choice: number } | undefined {
  const id = parseCustomId(customId);
  if (id?.command !== DAILY_BUTTON_PREFIX) return undefined;
  return parseDailyAnswerPayload(id.version, id.payload);
}

/** A Discord timestamp: `<t:…:F>` full date, `<t:…:R>` relative. */
export function discordTime(at: number, style: 'F' | 'R' | 't' | 'f'): string {
  return `<t:${Math.floor(at / 1000)}:${style}>`;
}

function answersLabel(count: number): string {
  return `${count} ${count === 1 ? 'answer' : 'answers'}`;
}

/** What the question post shows. */
export interface DailyPostView {
  readonly questionId: string;
  readonly prompt: string;
  readonly options: readonly string[];
  readonly closesAt: number;
  readonly answerCount: number;
  /** The role pinged with the question, if any. */
  readonly roleId?: string | null;
  /** Once closed the buttons are disabled; the right one is marked (the results follow). */
  readonly closed?: { readonly correctIndex: number } | undefined;
}

/**
 * The public question message: prompt, lettered options, when answers are revealed, the live count, one
 * button per option. Nothing in it tells the answer before it closes.
 */
export function renderDailyPost(view: DailyPostView): MessageBody {
  const closed = view.closed;
  const buttons: APIButtonComponentWithCustomId[] = view.options.map((option, index) => ({
    type: ComponentType.Button,
    style:
      closed !== undefined && index === closed.correctIndex ? ButtonStyle.Success : ButtonStyle.Secondary,
    custom_id: dailyAnswerCustomId(view.questionId, index),
    label: truncate(`${optionLetter(index)} · ${option}`, LIMITS.buttonLabel),
    ...(closed === undefined ? {} : { disabled: true }),
  }));
  const status =
    closed === undefined
      ? `Answers are revealed ${discordTime(view.closesAt, 'R')}. Only you see your result when you answer.`
      : 'Answers are closed: the results are below.';
  return {
    ...(view.roleId ? { content: `<@&${view.roleId}>` } : {}),
    embeds: [
      {
        title: 'Daily port question',
        description: truncate(
          [
            `**${view.prompt}**`,
            '',
            ...view.options.map((o, i) => `${optionLetter(i)}. ${o}`),
            '',
            status,
          ].join('\n'),
          LIMITS.description,
        ),
        color: COLORS.info,
        footer: { text: answersLabel(view.answerCount) },
      },
    ],
    components: buttonRows(buttons),
  };
}

/** What the results message shows. */
export interface DailyResultsView {
  readonly prompt: string;
  readonly options: readonly string[];
  readonly correctIndex: number;
  /** The full answer and what the registry adds. */
  readonly answer: string;
  readonly explanation?: string | undefined;
  readonly results: DailyResults;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** The results that follow a closed question: the right answer and why, the split, who was first, streaks. */
export function renderDailyResults(view: DailyResultsView): MessageBody {
  const { results } = view;
  const right = `${optionLetter(view.correctIndex)}. ${view.options[view.correctIndex] ?? ''}`;
  const split = results.options
    .map(
      (o) =>
        `${o.isCorrect ? '✅' : '▫️'} ${optionLetter(o.index)}. ${view.options[o.index] ?? ''}: ${o.count} (${percent(o.share)})`,
    )
    .join('\n');
  const fields = [
    field('Right answer', `${right}\n${view.answer}${view.explanation ? `\n${view.explanation}` : ''}`),
    field(
      'Answered right',
      results.answered === 0
        ? 'Nobody answered.'
        : `${results.correct} of ${results.answered} (${percent(results.shareCorrect)})`,
    ),
    field('How the answers split', split),
  ];
  if (results.firstCorrect !== undefined)
    fields.push(field('First right answer', `<@${results.firstCorrect.userId}>`, true));
  if (results.longestStreaks.length > 0)
    fields.push(
      field(
        'Longest streaks',
        results.longestStreaks.map((s) => `<@${s.userId}>: ${s.streak}`).join('\n'),
        true,
      ),
    );
  return {
    embeds: [
      {
        title: truncate(`Results: ${view.prompt}`, LIMITS.title),
        color: COLORS.encrypted,
        fields,
      },
    ],
  };
}

/** What a click did, as the member sees it (only them). */
export type DailyAnswerView =
  | {
      readonly kind: 'recorded';
      readonly isCorrect: boolean;
      readonly correct: string;
      readonly answer: string;
      readonly explanation?: string | undefined;
      readonly streak: DailyStreak;
    }
  | { readonly kind: 'already'; readonly choice: number }
  | { readonly kind: 'closed' }
  | { readonly kind: 'unknown' };

/** The private answer to a click on an option. */
export function renderDailyAnswer(view: DailyAnswerView): BotMessage {
  switch (view.kind) {
    case 'recorded': {
      const verdict = view.isCorrect ? '✅ Right!' : `❌ Not quite: the answer is ${view.correct}.`;
      const streak = `Your streak: ${view.streak.current} (best ${view.streak.best}).`;
      return ephemeral([verdict, view.answer, view.explanation, streak].filter(Boolean).join('\n'));
    }
    case 'already':
      return ephemeral(`You already answered ${optionLetter(view.choice)}: one answer per question.`);
    case 'closed':
      return ephemeral('This question is closed: the results are in the channel.');
    case 'unknown':
      return ephemeral('This question is no longer known to me.');
  }
}

/** The schedule as `/daily setup` and `/daily show` state it. */
export interface DailyScheduleView {
  readonly description: string;
  readonly channelId: string;
  readonly deckName: string;
  readonly isActive: boolean;
  readonly nextPostAt?: number | undefined;
  readonly startsThread: boolean;
  readonly pins: boolean;
  readonly roleId: string | null;
  readonly open?:
    { readonly prompt: string; readonly closesAt: number; readonly answerCount: number } | undefined;
  readonly lastFailure?: { readonly message: string; readonly at: number } | null | undefined;
}

/** The schedule in words, the next post as Discord timestamps, the open question and the last failure. */
export function renderDailySchedule(view: DailyScheduleView, heading?: string): BotMessage {
  const lines = [
    ...(heading === undefined ? [] : [heading]),
    view.isActive
      ? `**${view.description}** in <#${view.channelId}>, deck ${view.deckName}.`
      : `The daily question is off (it was: ${view.description} in <#${view.channelId}>).`,
  ];
  const extras = [
    view.startsThread ? 'a thread per question' : undefined,
    view.pins ? 'pinned' : undefined,
    view.roleId ? `pings <@&${view.roleId}>` : undefined,
  ].filter(Boolean);
  if (extras.length > 0) lines.push(`Options: ${extras.join(', ')}.`);
  if (view.isActive && view.nextPostAt !== undefined)
    lines.push(`Next question: ${discordTime(view.nextPostAt, 'F')} (${discordTime(view.nextPostAt, 'R')}).`);
  if (view.open !== undefined)
    lines.push(
      `Open now: “${view.open.prompt}”, ${answersLabel(view.open.answerCount)}, closes ${discordTime(view.open.closesAt, 'R')}.`,
    );
  if (view.lastFailure)
    lines.push(`⚠️ Last failure ${discordTime(view.lastFailure.at, 'R')}: ${view.lastFailure.message}`);
  return ephemeral(lines.join('\n'));
}

/** A member's streak and this month's answers. */
export function renderDailyStreak(view: {
  readonly userId: string;
  readonly isSelf: boolean;
  readonly streak: DailyStreak;
  readonly month: string;
  readonly answered: number;
  readonly correct: number;
}): BotMessage {
  const who = view.isSelf ? 'Your' : `<@${view.userId}>'s`;
  return ephemeral(
    `${who} daily streak: ${view.streak.current} (best ${view.streak.best}). In ${view.month}: ${view.answered} answered, ${view.correct} right.`,
  );
}

/** Names of the permissions the bot lacks in the channel. */
export function renderMissingPermissions(channelId: string, missing: readonly string[]): BotMessage {
  return ephemeral(
    `I can't run the daily question in <#${channelId}>: I'm missing ${missing.join(', ')} there. Give my role those permissions in that channel, then run /daily setup again.`,
  );
}
