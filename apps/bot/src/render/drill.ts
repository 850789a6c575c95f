import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  TextInputStyle,
  type APIButtonComponentWithCustomId,
} from 'discord.js';
import type { Card, DrillResults, RankedTally } from '@portdeck/core';
import type { DrillPlayerRecord, DrillRecord, DrillRoundRecord } from '@portdeck/store';
import { encodeCustomId } from '../custom-id.ts';
import type { ModalBody } from '../commands/types.ts';
import { buttonRows, COLORS, LIMITS, truncate, type BotMessage, type MessageBody } from './message.ts';

/** The first part of every drill button and form id. */
export const DRILL_PREFIX = 'drill';
/** Bumped when the button layout changes: older buttons are then refused. */
export const DRILL_BUTTON_VERSION = 1;

/** What a drill button does: join, leave, start (lobby), a0-a3 (choice), type (opens the form), study. */
export type DrillAction = 'join' | 'leave' | 'start' | 'a0' | 'a1' | 'a2' | 'a3' | 'type' | 'typed' | 'study';
const ACTIONS: readonly DrillAction[] = [
  'join',
  'leave',
  'start',
  'a0',
  'a1',
  'a2',
  'a3',
  'type',
  'typed',
  'study',
];

/** A drill button's payload: `<drill id>:<round>:<action>` (round 0 outside rounds). */
export interface DrillButton {
  readonly drillId: string;
  readonly round: number;
  readonly action: DrillAction;
}

/** The custom id of a drill button (or of the typed-answer form). */
export function drillButtonId(button: DrillButton): string {
  return encodeCustomId({
    command: DRILL_PREFIX,
    version: DRILL_BUTTON_VERSION,
    payload: `${button.drillId}:${String(button.round)}:${button.action}`,
  });
}

/** Reads a drill button payload, or undefined for anything else. */
export function parseDrillPayload(payload: string): DrillButton | undefined {
  const match = /^([0-9A-Za-z_-]{1,32}):(\d{1,3}):([a-z0-9]{1,8})$/.exec(payload);
  if (match === null) return undefined;
  const action = ACTIONS.find((a) => a === match[3]);
  if (action === undefined) return undefined;
  return { drillId: match[1] ?? '', round: Number(match[2]), action };
}

/** The text input's id in the typed-answer form. */
export const TYPED_FIELD = 'answer';

const mention = (userId: string): string => `<@${userId}>`;
/** A Discord timestamp: shown in each reader's own zone, relative ("in 20 seconds"). */
const relative = (at: number): string => `<t:${String(Math.floor(at / 1000))}:R>`;

function styled(
  customId: string,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger,
  isDisabled = false,
): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style,
    custom_id: customId,
    label: truncate(label, LIMITS.buttonLabel),
    ...(isDisabled ? { disabled: true } : {}),
  };
}

function settingsLine(drill: DrillRecord, deckName: string): string {
  const mode = drill.mode === 'typed' ? 'typed answers' : 'multiple choice';
  return `${deckName} · ${String(drill.roundCount)} rounds · ${String(drill.roundSeconds)} s each · ${mode}`;
}

function playerList(players: readonly DrillPlayerRecord[]): string {
  if (players.length === 0) return 'Nobody yet.';
  return truncate(players.map((p) => mention(p.userId)).join(' '), 3000);
}

/** The lobby: settings, players, Join / Leave / Start (Start is the host's). */
export function renderLobby(
  drill: DrillRecord,
  deckName: string,
  players: readonly DrillPlayerRecord[],
): MessageBody {
  const id = (action: DrillAction) => drillButtonId({ drillId: drill.drillId, round: 0, action });
  return {
    embeds: [
      {
        title: 'Drill lobby',
        color: COLORS.info,
        description: [
          settingsLine(drill, deckName),
          `Host: ${mention(drill.hostId)}. Starts when the host presses Start, or ${relative(drill.lobbyEndsAt)} with at least one player.`,
          '',
          `**Players (${String(players.length)})**`,
          playerList(players),
        ].join('\n'),
      },
    ],
    components: buttonRows([
      styled(id('join'), 'Join', ButtonStyle.Success),
      styled(id('leave'), 'Leave', ButtonStyle.Secondary),
      styled(id('start'), 'Start (host)', ButtonStyle.Primary),
    ]),
  };
}

/** "1. @ann 280 pts (2 correct)" lines, ties sharing a rank. */
export function scoreboardLines(ranked: readonly RankedTally[]): string {
  if (ranked.length === 0) return 'No players.';
  return ranked
    .map(
      (r) => `${String(r.rank)}. ${mention(r.userId)} ${String(r.points)} pts (${String(r.correct)} correct)`,
    )
    .join('\n');
}

/** The scoreboard (the lobby message, edited in place): after each round, and a Join button for late joiners. */
export function renderScoreboard(
  drill: DrillRecord,
  deckName: string,
  ranked: readonly RankedTally[],
  roundsClosed: number,
): MessageBody {
  const isOver = drill.status === 'ended';
  return {
    embeds: [
      {
        title: isOver
          ? 'Drill over: final scoreboard'
          : `Scoreboard after round ${String(roundsClosed)} of ${String(drill.roundCount)}`,
        color: COLORS.info,
        description: truncate(
          `${settingsLine(drill, deckName)}\n\n${scoreboardLines(ranked)}`,
          LIMITS.description,
        ),
      },
    ],
    components: isOver
      ? []
      : buttonRows([
          styled(
            drillButtonId({ drillId: drill.drillId, round: 0, action: 'join' }),
            'Join (from the next round)',
            ButtonStyle.Success,
          ),
        ]),
  };
}

/** A round's question: four options (choice) or an Answer button (typed), and the deadline. */
export function renderQuestion(
  drill: DrillRecord,
  round: Pick<DrillRoundRecord, 'round' | 'options' | 'deadline'>,
  card: Card,
  isClosed = false,
): MessageBody {
  const id = (action: DrillAction) => drillButtonId({ drillId: drill.drillId, round: round.round, action });
  const answerButtons =
    drill.mode === 'typed'
      ? [styled(id('type'), 'Answer', ButtonStyle.Primary, isClosed)]
      : round.options.map((option, index) =>
          styled(id(`a${String(index)}` as DrillAction), option, ButtonStyle.Secondary, isClosed),
        );
  return {
    embeds: [
      {
        title: `Round ${String(round.round)} of ${String(drill.roundCount)}`,
        color: isClosed ? COLORS.unassigned : COLORS.info,
        description: `**${card.prompt}**\n${isClosed ? 'Closed.' : `Closes ${relative(round.deadline)}.`}`,
      },
    ],
    components: [
      ...buttonRows(answerButtons),
      ...(isClosed ? [] : buttonRows([styled(id('join'), 'Join (next round)', ButtonStyle.Success)])),
    ],
  };
}

/** One scored answer, for the reveal. */
export interface RevealedAnswer {
  readonly userId: string;
  readonly points: number;
}

/** After a round: the right answer with one line of why, who got it (with points), the scoreboard. */
export function renderReveal(
  round: Pick<DrillRoundRecord, 'round'>,
  card: Card,
  correct: readonly RevealedAnswer[],
  answered: number,
  ranked: readonly RankedTally[],
): MessageBody {
  // Core's cards carry a line of why for most ports; the rest show the question and answer only.
  const why = card.explanation === undefined ? '' : `\n*${card.explanation}*`;
  const got =
    correct.length === 0
      ? `Nobody got it (${String(answered)} answered).`
      : `Got it (${String(correct.length)} of ${String(answered)} answered): ${truncate(
          correct.map((c) => `${mention(c.userId)} +${String(c.points)}`).join(', '),
          1500,
        )}`;
  return {
    embeds: [
      {
        title: truncate(`Round ${String(round.round)}: ${card.answer}`, LIMITS.title),
        color: COLORS.encrypted,
        description: truncate(
          `${card.prompt}${why}\n\n${got}\n\n${scoreboardLines(ranked)}`,
          LIMITS.description,
        ),
      },
    ],
  };
}

/** The typed-answer form: one short text field. */
export function renderAnswerForm(drillId: string, round: number, prompt: string): ModalBody {
  return {
    custom_id: drillButtonId({ drillId, round, action: 'typed' }),
    title: truncate(`Round ${String(round)}`, 45),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: TYPED_FIELD,
            label: truncate(prompt, 45),
            style: TextInputStyle.Short,
            required: true,
            max_length: 100,
          },
        ],
      },
    ],
  };
}

/** How long an answer took: "1.2 s". */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The final results: ranks, points, correct counts, fastest answers, the ports missed most, and Study. */
export function renderResults(
  drill: DrillRecord,
  results: DrillResults,
  cardOf: (cardId: string) => Card | undefined,
): MessageBody {
  const standings = results.standings
    .map(
      (s) =>
        `${String(s.rank)}. ${mention(s.userId)} ${String(s.points)} pts, ${String(s.correct)} correct${
          s.fastestMs === undefined ? '' : `, fastest ${seconds(s.fastestMs)}`
        }`,
    )
    .join('\n');
  const fastest =
    results.fastest === undefined
      ? 'No correct answers.'
      : `Fastest correct answer: ${mention(results.fastest.userId)} in ${seconds(results.fastest.ms)} (${
          cardOf(results.fastest.cardId)?.prompt ?? results.fastest.cardId
        })`;
  const missed =
    results.mostMissed.length === 0
      ? 'Nothing missed: well done.'
      : results.mostMissed
          .map((m) => {
            const card = cardOf(m.cardId);
            return `${card?.prompt ?? m.cardId} → ${card?.answer ?? '?'} (missed ${String(Math.round(m.missRate * 100))} %)`;
          })
          .join('\n');
  return {
    embeds: [
      {
        title: 'Drill results',
        color: COLORS.info,
        description: truncate(`${standings || 'No players.'}\n\n${fastest}`, LIMITS.description),
        fields: [{ name: 'Missed most', value: truncate(missed, LIMITS.fieldValue) }],
      },
    ],
    components: buttonRows([
      styled(
        drillButtonId({ drillId: drill.drillId, round: 0, action: 'study' }),
        'Study what I missed',
        ButtonStyle.Primary,
      ),
    ]),
  };
}

/** `/drill status`: round, time left, scores; privately. */
export function renderStatus(
  drill: DrillRecord,
  deckName: string,
  round: DrillRoundRecord | undefined,
  ranked: readonly RankedTally[],
  now: number,
): BotMessage {
  const where =
    drill.status === 'lobby'
      ? `In the lobby: starts ${relative(drill.lobbyEndsAt)} or when the host presses Start.`
      : round === undefined
        ? `Round 1 of ${String(drill.roundCount)} is about to be posted.`
        : round.closedAt === null
          ? `Round ${String(round.round)} of ${String(drill.roundCount)}: ${String(Math.max(0, Math.ceil((round.deadline - now) / 1000)))} s left (closes ${relative(round.deadline)}), ${String(round.answerCount)} answered.`
          : `Round ${String(round.round)} of ${String(drill.roundCount)} closed; the next one is coming.`;
  return {
    flags: MessageFlags.Ephemeral,
    embeds: [
      {
        title: 'Drill status',
        color: COLORS.info,
        description: truncate(
          `${settingsLine(drill, deckName)}\nHost: ${mention(drill.hostId)}\n${where}\n\n${scoreboardLines(ranked)}`,
          LIMITS.description,
        ),
      },
    ],
  };
}

/** A link to a message. */
export function messageLink(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}
