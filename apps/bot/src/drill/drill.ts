import { PermissionFlagsBits } from 'discord.js';
import {
  checkAnswer,
  dayKey,
  drillResults,
  isoWeekKey,
  monthKey,
  multipleChoice,
  rankDrillScoreboard,
  snowflakeTime,
  type Card,
  type DrillResults,
  type Registry,
  type RankedTally,
} from '@portdeck/core';
import {
  drillCloseKind,
  drillEndKind,
  drillJobIds,
  drillOpenKind,
  drillRevealKind,
  type DrillAnswerRecord,
  type DrillMode,
  type DrillPlayerRecord,
  type DrillRecord,
  type DrillRoundRecord,
  type JobSpec,
} from '@portdeck/store';
import type { CommandContext } from '../commands/types.ts';
import { renderLobby, renderQuestion, renderScoreboard } from '../render/drill.ts';
import { createEditCoalescer, type EditCoalescer } from './coalescer.ts';

/** Pause between a round's reveal and the next question, so players can read it. */
export const ROUND_GAP_MS = 3000;

/** The defaults and bounds of `/drill start`. */
export const DRILL_OPTIONS = {
  rounds: { min: 1, max: 50, default: 10 },
  seconds: { min: 5, max: 120, default: 20 },
  lobby: { min: 10, max: 300, default: 30 },
} as const;

const edits = new WeakMap<CommandContext, EditCoalescer>();

/** The process's scoreboard edit coalescer (one per handler context). */
export function drillEdits(ctx: CommandContext): EditCoalescer {
  let coalescer = edits.get(ctx);
  if (coalescer === undefined) {
    coalescer = createEditCoalescer();
    edits.set(ctx, coalescer);
  }
  return coalescer;
}

/** A small deterministic PRNG (mulberry32) seeded from text: a retried post shows the same options. */
export function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct cards of a deck, in a random order. */
export function pickCards(cardIds: readonly string[], count: number, random: () => number): string[] {
  const pool = [...cardIds];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
  }
  return pool.slice(0, count);
}

/** The permissions the bot needs in the drill's channel, by name. */
const NEEDED: readonly [string, bigint][] = [
  ['View Channel', PermissionFlagsBits.ViewChannel],
  ['Send Messages', PermissionFlagsBits.SendMessages],
  ['Embed Links', PermissionFlagsBits.EmbedLinks],
];

/** The permissions the bot lacks (names), from the interaction's `app_permissions`. */
export function missingPermissions(app: { has(permission: bigint): boolean } | null): string[] {
  if (app === null) return NEEDED.map(([name]) => name);
  return NEEDED.filter(([, bit]) => !app.has(bit)).map(([name]) => name);
}

/** Nonces (≤ 25 characters) for a drill's channel posts: a retried job returns the first message. */
export const drillNonces = {
  lobby: (drillId: string) => `l${drillId}`.slice(0, 25),
  question: (drillId: string, round: number) => `q${String(round)}.${drillId}`.slice(0, 25),
  reveal: (drillId: string, round: number) => `r${String(round)}.${drillId}`.slice(0, 25),
  results: (drillId: string) => `e${drillId}`.slice(0, 25),
} as const;

/** The job specs of a drill. */
export const drillJobs = {
  open: (drillId: string, round: number, runAt: number): JobSpec => ({
    id: drillJobIds.open(drillId, round),
    kind: drillOpenKind,
    payload: { drillId, round },
    runAt,
  }),
  close: (drillId: string, round: number, runAt: number): JobSpec => ({
    id: drillJobIds.close(drillId, round),
    kind: drillCloseKind,
    payload: { drillId, round },
    runAt,
  }),
  reveal: (drillId: string, round: number, runAt: number): JobSpec => ({
    id: drillJobIds.reveal(drillId, round),
    kind: drillRevealKind,
    payload: { drillId, round },
    runAt,
  }),
  end: (drillId: string, runAt: number): JobSpec => ({
    id: drillJobIds.end(drillId),
    kind: drillEndKind,
    payload: { drillId },
    runAt,
  }),
} as const;

/** The deck's display name. */
export function deckName(ctx: CommandContext, deckId: string): string {
  return ctx.decks.deck(deckId)?.name ?? deckId;
}

/** The options of a round (empty for typed rounds): deterministic per drill and round. */
export function roundOptions(
  ctx: CommandContext,
  drill: DrillRecord,
  round: number,
  card: Card,
): { options: string[]; correctIndex: number } {
  if (drill.mode === 'typed') return { options: [], correctIndex: -1 };
  const choice = multipleChoice(ctx.registry, card, seededRandom(`${drill.drillId}:${String(round)}`));
  return { options: [...choice.options], correctIndex: choice.correctIndex };
}

/**
 * Whether an answer is right: the option index (choice), or core's check of the typed text, which forgives a
 * misspelling but never another real service; a partial answer (the taught half, e.g. SNMP "161") counts.
 */
export function isRightAnswer(
  registry: Registry,
  mode: DrillMode,
  card: Card,
  round: Pick<DrillRoundRecord, 'correctIndex'>,
  answer: { readonly index?: number; readonly text?: string },
): boolean {
  if (mode === 'choice') return answer.index === round.correctIndex;
  return checkAnswer(registry, card, answer.text ?? '').verdict !== 'incorrect';
}

/** The answer's period keys in the drill's zone. */
export function periodKeys(at: number, timeZone: string): { day: string; week: string; month: string } {
  return { day: dayKey(at, timeZone), week: isoWeekKey(at, timeZone), month: monthKey(at, timeZone) };
}

/** When Discord created the interaction: fair timing, however late the bot gets to it. */
export const answeredAt = (interactionId: string): number => snowflakeTime(interactionId);

/** Running totals from closed rounds, ranked (ties share a rank, stable order). */
export function rankTallies(
  players: readonly DrillPlayerRecord[],
  answers: readonly DrillAnswerRecord[],
): RankedTally[] {
  const totals = new Map(players.map((p) => [p.userId, { points: 0, correct: 0, joinedAt: p.joinedAt }]));
  for (const answer of answers) {
    const total = totals.get(answer.userId);
    if (total === undefined || answer.points <= 0) continue;
    total.points += answer.points;
    total.correct += 1;
  }
  return rankDrillScoreboard([...totals].map(([userId, t]) => ({ userId, ...t })));
}

/** The drill's final numbers (core's `drillResults` over the stored rounds). */
export function finalResults(
  players: readonly DrillPlayerRecord[],
  rounds: readonly DrillRoundRecord[],
  answers: readonly DrillAnswerRecord[],
): DrillResults {
  return drillResults(
    players,
    rounds.map((round) => ({
      cardId: round.cardId,
      startedAt: round.startedAt,
      deadline: round.deadline,
      answers: answers.filter((a) => a.round === round.round),
    })),
  );
}

/** The cards a player missed: rounds they could play without a scoring answer. */
export function missedCards(
  userId: string,
  joinedAt: number,
  rounds: readonly DrillRoundRecord[],
  answers: readonly DrillAnswerRecord[],
): string[] {
  const scored = new Set(answers.filter((a) => a.userId === userId && a.points > 0).map((a) => a.round));
  return [
    ...new Set(
      rounds
        .filter((r) => r.closedAt !== null && joinedAt <= r.startedAt && !scored.has(r.round))
        .map((r) => r.cardId),
    ),
  ];
}

/** Redraws the lobby or scoreboard message, coalesced (at most one edit every 2 s per drill). */
export function redrawBoard(ctx: CommandContext, drillId: string): void {
  drillEdits(ctx).request(`board:${drillId}`, async () => {
    const drill = await ctx.store.drills.get(drillId);
    if (drill?.messageId == null) return;
    const players = await ctx.store.drills.players(drillId);
    const name = deckName(ctx, drill.deckId);
    if (drill.status === 'lobby') {
      await ctx.channels.edit(drill.channelId, drill.messageId, renderLobby(drill, name, players));
      return;
    }
    const { rounds, answers } = await ctx.store.drills.rounds(drillId);
    const closed = rounds.filter((r) => r.closedAt !== null);
    const counted = answers.filter((a) => closed.some((r) => r.round === a.round));
    await ctx.channels.edit(
      drill.channelId,
      drill.messageId,
      renderScoreboard(drill, name, rankTallies(players, counted), closed.length),
    );
  });
}

/** Disables a closed round's buttons (best effort: the reveal follows either way). */
export async function closeQuestionMessage(
  ctx: CommandContext,
  drill: DrillRecord,
  round: DrillRoundRecord,
): Promise<void> {
  const card = ctx.decks.card(round.cardId);
  if (card === undefined) return;
  await ctx.channels.edit(drill.channelId, round.messageId, renderQuestion(drill, round, card, true));
}
