import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import type {
  CommandContext,
  CommandInteractionLike,
  ComponentInteractionLike,
  ModalInteractionLike,
} from '../commands/types.ts';
import { renderStaleComponent } from '../render/errors.ts';
import {
  messageLink,
  renderAnswerForm,
  renderLobby,
  renderStatus,
  TYPED_FIELD,
  type DrillButton,
} from '../render/drill.ts';
import { renderSession } from '../render/flashcards.ts';
import { ephemeral, type BotMessage } from '../render/message.ts';
import type { DrillAnswerResult } from '@portdeck/store';
import { drillLobbyKind, drillJobIds } from '@portdeck/store';
import {
  answeredAt,
  deckName,
  DRILL_OPTIONS,
  drillJobs,
  drillNonces,
  isRightAnswer,
  missedCards,
  missingPermissions,
  periodKeys,
  pickCards,
  rankTallies,
  redrawBoard,
} from './drill.ts';

const HOW_TO_JOIN =
  'You are not in this drill: press **Join** (on the question or the scoreboard) to play from the next round.';

/** The private answer to a click that changed nothing. */
function noteFor(result: Exclude<DrillAnswerResult, { kind: 'recorded' }>): BotMessage {
  switch (result.kind) {
    case 'already':
      return ephemeral(`You already answered this round (${result.answer}). One answer per round.`);
    case 'closed':
      return ephemeral('Too late: this round is closed. Wait for the next question.');
    case 'not-player':
      return ephemeral(HOW_TO_JOIN);
    case 'joined-late':
      return ephemeral('You joined during this round: you play from the next one.');
    case 'ended':
      return ephemeral('This drill is over. Start another with `/drill start`.');
    case 'unknown':
      return ephemeral('This drill no longer exists. Start one with `/drill start`.');
  }
}

/** `/drill start`: checks, creates the drill and its lobby job, posts the lobby. */
export async function startDrill(interaction: CommandInteractionLike, ctx: CommandContext): Promise<void> {
  const { guildId, channelId } = interaction;
  if (guildId === null || channelId === null) {
    await interaction.reply(ephemeral('Drills are played in a server channel.'));
    return;
  }
  const missing = missingPermissions(interaction.appPermissions);
  if (missing.length > 0) {
    await interaction.reply(
      ephemeral(
        `I can't run a drill here: I need the **${missing.join('**, **')}** permission in this channel.`,
      ),
    );
    return;
  }
  const deckId = (interaction.options.getString('deck') ?? 'seed').trim().toLowerCase() || 'seed';
  const deck = ctx.decks.deck(deckId);
  if (deck === undefined) {
    await interaction.reply(ephemeral(`Unknown deck \`${deckId}\`: pick one from the list (start typing).`));
    return;
  }
  const clamp = (value: number | null, bounds: { min: number; max: number; default: number }) =>
    Math.min(bounds.max, Math.max(bounds.min, value ?? bounds.default));
  const rounds = clamp(interaction.options.getInteger('rounds'), DRILL_OPTIONS.rounds);
  const seconds = clamp(interaction.options.getInteger('seconds'), DRILL_OPTIONS.seconds);
  const lobbySeconds = clamp(interaction.options.getInteger('lobby'), DRILL_OPTIONS.lobby);
  const mode = interaction.options.getString('mode') === 'typed' ? 'typed' : 'choice';
  const now = ctx.now();
  const drillId = interaction.id;
  const timeZone = (await ctx.store.daily.getSchedule(guildId))?.timeZone ?? 'UTC';
  const lobbyEndsAt = now + lobbySeconds * 1000;
  const created = await ctx.store.drills.create(
    {
      drillId,
      guildId,
      channelId,
      hostId: interaction.user.id,
      deckId: deck.id,
      mode,
      cardIds: pickCards(deck.cardIds, rounds, Math.random),
      roundSeconds: seconds,
      timeZone,
      lobbyEndsAt,
    },
    { id: drillJobIds.lobby(drillId), kind: drillLobbyKind, payload: { drillId }, runAt: lobbyEndsAt },
    now,
  );
  if (created.kind === 'busy') {
    const running = created.drill;
    const link =
      running?.messageId == null
        ? ''
        : `: ${messageLink(running.guildId, running.channelId, running.messageId)}`;
    await interaction.reply(
      ephemeral(`A drill is already running in this channel${link}. One drill per channel.`),
    );
    return;
  }
  const { drill } = created;
  const shortened = drill.roundCount < rounds ? ` (the deck has ${String(drill.roundCount)} cards)` : '';
  await interaction.reply(
    ephemeral(`Drill lobby opened with ${String(drill.roundCount)} rounds${shortened}. You're in.`),
  );
  const posted = await ctx.channels.post(channelId, {
    ...renderLobby(drill, deck.name, [{ userId: drill.hostId, joinedAt: now }]),
    nonce: drillNonces.lobby(drillId),
  });
  await ctx.store.drills.setMessage(drillId, posted.id);
  // A join that came before the message id was stored redraws now.
  redrawBoard(ctx, drillId);
}

/** `/drill stop`: the host or a member with Manage Messages ends the drill; results follow. */
export async function stopDrill(interaction: CommandInteractionLike, ctx: CommandContext): Promise<void> {
  const drill =
    interaction.channelId === null ? undefined : await ctx.store.drills.activeIn(interaction.channelId);
  if (drill === undefined) {
    await interaction.reply(ephemeral('No drill is running in this channel.'));
    return;
  }
  const isHost = drill.hostId === interaction.user.id;
  if (!isHost && interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) !== true) {
    await interaction.reply(
      ephemeral('Only the host, or a member with Manage Messages, can stop this drill.'),
    );
    return;
  }
  const now = ctx.now();
  const ended = await ctx.store.drills.end({
    drillId: drill.drillId,
    now,
    endJob: drillJobs.end(drill.drillId, now),
  });
  await interaction.reply(
    ephemeral(ended ? 'Drill stopped: the results are being posted.' : 'This drill already ended.'),
  );
}

/** `/drill status`: round, time left and scores, privately. */
export async function drillStatus(interaction: CommandInteractionLike, ctx: CommandContext): Promise<void> {
  const drill =
    interaction.channelId === null ? undefined : await ctx.store.drills.activeIn(interaction.channelId);
  if (drill === undefined) {
    await interaction.reply(ephemeral('No drill is running in this channel. Start one with `/drill start`.'));
    return;
  }
  const players = await ctx.store.drills.players(drill.drillId);
  const { rounds, answers } = await ctx.store.drills.rounds(drill.drillId);
  const closed = new Set(rounds.filter((r) => r.closedAt !== null).map((r) => r.round));
  await interaction.reply(
    renderStatus(
      drill,
      deckName(ctx, drill.deckId),
      rounds.at(-1),
      rankTallies(
        players,
        answers.filter((a) => closed.has(a.round)),
      ),
      ctx.now(),
    ),
  );
}

/** Records an answer; closes the round at once when every player has answered. */
async function answer(
  interaction: ComponentInteractionLike | ModalInteractionLike,
  ctx: CommandContext,
  button: DrillButton,
  given: { readonly index?: number; readonly text?: string },
): Promise<void> {
  const { store } = ctx;
  const [drill, round] = await Promise.all([
    store.drills.get(button.drillId),
    store.drills.getRound(button.drillId, button.round),
  ]);
  const card = round === undefined ? undefined : ctx.decks.card(round.cardId);
  if (drill === undefined || round === undefined || card === undefined) {
    await interaction.reply(noteFor({ kind: drill?.status === 'ended' ? 'ended' : 'unknown' }));
    return;
  }
  const at = answeredAt(interaction.id);
  const text = given.text ?? round.options[given.index ?? -1] ?? '';
  const result = await store.drills.answer({
    drillId: drill.drillId,
    round: round.round,
    userId: interaction.user.id,
    answer: text,
    isCorrect: isRightAnswer(ctx.registry, drill.mode, card, round, given),
    answeredAt: at,
    keys: periodKeys(at, drill.timeZone),
  });
  if (result.kind !== 'recorded') {
    await interaction.reply(noteFor(result));
    return;
  }
  await interaction.reply(
    ephemeral(
      `Locked in: **${text}** (${String(result.answered)} of ${String(result.players)} answered). The answer comes when the round closes.`,
    ),
  );
  if (result.answered >= result.players) {
    const now = ctx.now();
    await store.drills.closeRound({
      drillId: drill.drillId,
      round: round.round,
      now,
      revealJob: drillJobs.reveal(drill.drillId, round.round, now),
    });
  }
}

/** Join, Leave, Start, answers, the typed-answer form and Study. */
export async function onDrillButton(
  interaction: ComponentInteractionLike,
  ctx: CommandContext,
  button: DrillButton,
): Promise<void> {
  const { store } = ctx;
  const userId = interaction.user.id;
  switch (button.action) {
    case 'join': {
      const joined = await store.drills.join(button.drillId, userId, ctx.now());
      if (joined.kind === 'ended' || joined.kind === 'unknown') {
        await interaction.reply(noteFor({ kind: joined.kind }));
        return;
      }
      const when = joined.drill.status === 'lobby' ? 'when it starts' : 'from the next round';
      await interaction.reply(
        ephemeral(
          joined.kind === 'joined' ? `You joined: you play ${when}.` : `You're already in: you play ${when}.`,
        ),
      );
      if (joined.kind === 'joined') redrawBoard(ctx, button.drillId);
      return;
    }
    case 'leave': {
      const left = await store.drills.leave(button.drillId, userId);
      await interaction.reply(
        ephemeral(
          left === 'left'
            ? 'You left the lobby.'
            : left === 'not-player'
              ? 'You were not in this lobby.'
              : 'The drill has started: you stay on the scoreboard (just stop answering).',
        ),
      );
      if (left === 'left') redrawBoard(ctx, button.drillId);
      return;
    }
    case 'start': {
      const drill = await store.drills.get(button.drillId);
      if (drill === undefined || drill.status === 'ended') {
        await interaction.reply(noteFor({ kind: drill === undefined ? 'unknown' : 'ended' }));
        return;
      }
      if (drill.hostId !== userId) {
        await interaction.reply(ephemeral(`Only the host (<@${drill.hostId}>) can start the drill.`));
        return;
      }
      const now = ctx.now();
      const started = await store.drills.start({
        drillId: drill.drillId,
        now,
        openJob: drillJobs.open(drill.drillId, 1, now),
      });
      await interaction.reply(
        ephemeral(
          started === 'started'
            ? 'Starting: the first question is coming.'
            : started === 'no-players'
              ? 'Nobody has joined yet.'
              : 'This drill has already started.',
        ),
      );
      if (started === 'started') redrawBoard(ctx, drill.drillId);
      return;
    }
    case 'a0':
    case 'a1':
    case 'a2':
    case 'a3':
      await answer(interaction, ctx, button, { index: Number(button.action.slice(1)) });
      return;
    case 'type': {
      // A form must be the first response: check first, so a click that cannot count gets a note instead.
      const [drill, round] = await Promise.all([
        store.drills.get(button.drillId),
        store.drills.getRound(button.drillId, button.round),
      ]);
      const card = round === undefined ? undefined : ctx.decks.card(round.cardId);
      if (drill?.status === 'ended') await interaction.reply(noteFor({ kind: 'ended' }));
      else if (round === undefined || card === undefined)
        await interaction.reply(noteFor({ kind: 'unknown' }));
      else if (round.closedAt !== null || answeredAt(interaction.id) > round.deadline)
        await interaction.reply(noteFor({ kind: 'closed' }));
      else {
        const players = await store.drills.players(button.drillId);
        const me = players.find((p) => p.userId === interaction.user.id);
        if (me === undefined) await interaction.reply(noteFor({ kind: 'not-player' }));
        else if (me.joinedAt > round.startedAt) await interaction.reply(noteFor({ kind: 'joined-late' }));
        else await interaction.showModal(renderAnswerForm(button.drillId, button.round, card.prompt));
      }
      return;
    }
    case 'study': {
      await study(interaction, ctx, button.drillId);
      return;
    }
    case 'typed':
      await interaction.reply(renderStaleComponent());
      return;
  }
}

/** "Study what I missed": a private cram session over the cards this player missed. */
async function study(
  interaction: ComponentInteractionLike,
  ctx: CommandContext,
  drillId: string,
): Promise<void> {
  const drill = await ctx.store.drills.get(drillId);
  const players = await ctx.store.drills.players(drillId);
  const me = players.find((p) => p.userId === interaction.user.id);
  if (drill === undefined || me === undefined) {
    await interaction.reply(ephemeral('You did not play in this drill.'));
    return;
  }
  const { rounds, answers } = await ctx.store.drills.rounds(drillId);
  const missed = missedCards(me.userId, me.joinedAt, rounds, answers);
  if (missed.length === 0) {
    await interaction.reply(ephemeral('You missed nothing in this drill. Nice.'));
    return;
  }
  const now = ctx.now();
  const started = await ctx.store.startSession({
    userId: me.userId,
    deckId: drill.deckId,
    cardIds: missed,
    mode: 'cram',
    now,
    sessionId: ctx.newSessionId(),
  });
  if (!started.ok) throw new Error(`drill ${drillId} has an invalid card id: ${started.error.cardId}`);
  const session = started.value;
  await interaction.reply({
    flags: MessageFlags.Ephemeral,
    ...renderSession({
      session,
      deck: ctx.decks.deck(drill.deckId),
      card: session.currentCardId === null ? undefined : ctx.decks.card(session.currentCardId),
      now,
      timeZone: 'UTC',
      notice: `Cramming the ${String(missed.length)} card${missed.length === 1 ? '' : 's'} you missed in the drill (your schedule is unchanged).`,
    }),
  });
}

/** A typed answer's form was submitted. */
export async function onDrillModal(
  interaction: ModalInteractionLike,
  ctx: CommandContext,
  button: DrillButton,
): Promise<void> {
  if (button.action !== 'typed') {
    await interaction.reply(renderStaleComponent());
    return;
  }
  await answer(interaction, ctx, button, { text: interaction.fields.getTextInputValue(TYPED_FIELD).trim() });
}
