import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { previewGrades, type Deck, type Decks, type RatingName } from '@portdeck/core';
import type { SessionMode, SessionView } from '@portdeck/store';
import { renderStaleComponent } from '../render/errors.ts';
import {
  duplicateNotice,
  FLASHCARD_BUTTON_VERSION,
  FLASHCARD_PREFIX,
  parseFlashcardPayload,
  ratingLabel,
  renderCardBack,
  renderEnded,
  renderNotYourSession,
  renderSession,
  renderSessionMissing,
  renderUnknownDeck,
  STALE_NOTICE,
  UNDO_STALE_NOTICE,
} from '../render/flashcards.ts';
import { ephemeral, LIMITS, truncate, type MessageBody } from '../render/message.ts';
import type { BotCommand, Choice, CommandContext, ComponentInteractionLike } from './types.ts';

/** The deck `/flashcards` and `/progress` use when none is given. */
export const DEFAULT_DECK = 'seed';

/** Registration data of `/flashcards`. */
export const data = new SlashCommandBuilder()
  .setName('flashcards')
  .setDescription('Study ports with spaced repetition (only you see it)')
  .addStringOption((option) =>
    option
      .setName('deck')
      .setDescription('Which deck (default: seed, the course table)')
      .setMaxLength(64)
      .setAutocomplete(true),
  )
  .addStringOption((option) =>
    option
      .setName('mode')
      .setDescription('normal follows your schedule; cram reviews without changing it')
      .addChoices({ name: 'normal', value: 'normal' }, { name: 'cram', value: 'cram' }),
  )
  .addStringOption((option) =>
    option
      .setName('filter')
      .setDescription('Cram only: every card, or only the ones you missed')
      .addChoices({ name: 'all', value: 'all' }, { name: 'missed', value: 'missed' }),
  )
  .toJSON();

/** Up to 25 decks matching what is typed (id or name), as autocomplete choices. */
export function suggestDecks(decks: readonly Deck[], typed: string): Choice[] {
  const text = typed.trim().toLowerCase();
  return decks
    .filter((d) => text === '' || d.id.includes(text) || d.name.toLowerCase().includes(text))
    .slice(0, LIMITS.choices)
    .map((d) => ({
      name: truncate(`${d.name} (${d.cardIds.length} cards)`, LIMITS.choiceName),
      value: d.id,
    }));
}

/** The deck a command names (default {@link DEFAULT_DECK}); undefined for an unknown id. */
export function deckOption(decks: Decks, value: string | null): { id: string; deck: Deck | undefined } {
  const id = (value ?? DEFAULT_DECK).trim().toLowerCase() || DEFAULT_DECK;
  return { id, deck: decks.deck(id) };
}

/** The message for a session's current state (the summary needs the user's zone). */
async function sessionScreen(
  ctx: CommandContext,
  session: SessionView,
  notice?: string,
): Promise<MessageBody> {
  const timeZone =
    session.currentCardId === null && !session.isEnded
      ? (await ctx.store.getSettings(session.userId)).timeZone
      : 'UTC';
  return renderSession({
    session,
    deck: ctx.decks.deck(session.deckId),
    card: session.currentCardId === null ? undefined : ctx.decks.card(session.currentCardId),
    now: ctx.now(),
    timeZone,
    ...(notice === undefined ? {} : { notice }),
  });
}

/** Why a button cannot act on its session. */
type SessionProblem = 'session-ended' | 'session-not-found' | 'not-session-owner';

/** The one answer for a button whose session is over, gone or someone else's. */
async function answerSessionProblem(
  interaction: ComponentInteractionLike,
  problem: SessionProblem,
): Promise<void> {
  if (problem === 'session-ended') await interaction.update(renderEnded());
  else
    await interaction.reply(
      problem === 'session-not-found' ? renderSessionMissing() : renderNotYourSession(),
    );
}

/** The button's session when it is the clicking user's own, else why not. */
async function ownSession(
  ctx: CommandContext,
  sessionId: string,
  userId: string,
  now: number,
): Promise<SessionView | Exclude<SessionProblem, 'session-ended'>> {
  const session = await ctx.store.getSession(sessionId, now);
  if (!session) return 'session-not-found';
  return session.userId === userId ? session : 'not-session-owner';
}

/** `/flashcards`: starts a private session; every later step is a button (see {@link command}'s handleComponent). */
export const command: BotCommand = {
  data,
  componentPrefix: FLASHCARD_PREFIX,
  async execute(interaction, ctx) {
    const { id, deck } = deckOption(ctx.decks, interaction.options.getString('deck'));
    if (!deck) {
      await interaction.reply(renderUnknownDeck(id, ctx.decks.decks));
      return;
    }
    const mode = interaction.options.getString('mode') ?? 'normal';
    const filter = interaction.options.getString('filter') ?? 'all';
    if ((mode !== 'normal' && mode !== 'cram') || (filter !== 'all' && filter !== 'missed')) {
      await interaction.reply(ephemeral('`mode` is `normal` or `cram`, and `filter` is `all` or `missed`.'));
      return;
    }
    const started = await ctx.store.startSession({
      userId: interaction.user.id,
      deckId: deck.id,
      cardIds: deck.cardIds,
      mode: mode satisfies SessionMode,
      cramFilter: filter,
      now: ctx.now(),
      sessionId: ctx.newSessionId(),
    });
    if (!started.ok) throw new Error(`deck ${deck.id} has an invalid card id: ${started.error.cardId}`);
    const notice =
      mode === 'cram' && started.value.remaining === 0 && filter === 'missed'
        ? 'No missed cards to cram in this deck.'
        : undefined;
    await interaction.reply({
      ...(await sessionScreen(ctx, started.value, notice)),
      flags: MessageFlags.Ephemeral,
    });
  },
  async autocomplete(interaction, { decks }) {
    await interaction.respond(suggestDecks(decks.decks, interaction.options.getFocused()));
  },
  async handleComponent(interaction, id, ctx) {
    const button = id.version === FLASHCARD_BUTTON_VERSION ? parseFlashcardPayload(id.payload) : undefined;
    if (!button) {
      await interaction.reply(renderStaleComponent());
      return;
    }
    const { store } = ctx;
    const userId = interaction.user.id;
    const now = ctx.now();
    const { sessionId, step } = button;
    switch (button.action) {
      case 'show': {
        const session = await ownSession(ctx, sessionId, userId, now);
        if (typeof session === 'string') await answerSessionProblem(interaction, session);
        else if (session.isEnded) await interaction.update(renderEnded());
        else if (session.step !== step || session.currentCardId === null)
          await interaction.update(await sessionScreen(ctx, session, STALE_NOTICE));
        else {
          const previews = session.mode === 'normal' ? previewGrades(session.currentState, now) : undefined;
          await interaction.update(
            renderCardBack(
              {
                session,
                deck: ctx.decks.deck(session.deckId),
                card: ctx.decks.card(session.currentCardId),
                now,
                timeZone: 'UTC',
              },
              previews,
            ),
          );
        }
        return;
      }
      case 'again':
      case 'hard':
      case 'good':
      case 'easy': {
        const result = await store.gradeCard({
          userId,
          sessionId,
          cardId: button.cardId ?? '',
          expectedStep: step,
          rating: button.action satisfies RatingName,
          now,
        });
        switch (result.kind) {
          case 'graded':
            await interaction.update(await sessionScreen(ctx, result.session));
            return;
          case 'duplicate':
            await interaction.update(
              await sessionScreen(ctx, result.session, duplicateNotice(result.review.rating)),
            );
            return;
          case 'stale':
            await interaction.update(await sessionScreen(ctx, result.session, STALE_NOTICE));
            return;
          case 'session-ended':
          case 'session-not-found':
          case 'not-session-owner':
            await answerSessionProblem(interaction, result.kind);
            return;
        }
        return;
      }
      case 'undo': {
        const result = await store.undoLastReview({ userId, sessionId, expectedStep: step, now });
        if (result.kind === 'undone') {
          const card = ctx.decks.card(result.review.cardId);
          const notice = `Undid ${ratingLabel(result.review.rating)} on “${card?.prompt ?? result.review.cardId}”.`;
          await interaction.update(
            result.session ? await sessionScreen(ctx, result.session, notice) : renderEnded(notice),
          );
          return;
        }
        if (result.kind === 'stale') {
          await interaction.update(await sessionScreen(ctx, result.session, UNDO_STALE_NOTICE));
          return;
        }
        const session = await ownSession(ctx, sessionId, userId, now);
        if (typeof session === 'string') await answerSessionProblem(interaction, session);
        else
          await interaction.update(
            await sessionScreen(
              ctx,
              session,
              result.kind === 'nothing-to-undo'
                ? 'Nothing to undo in this session.'
                : 'That answer can no longer be undone.',
            ),
          );
        return;
      }
      case 'end': {
        const isEnded = await store.endSession({ sessionId, userId, now });
        if (isEnded) {
          await interaction.update(renderEnded());
          return;
        }
        const session = await ownSession(ctx, sessionId, userId, now);
        if (typeof session === 'string') await answerSessionProblem(interaction, session);
        else await interaction.update(renderEnded());
        return;
      }
      case 'next': {
        const result = await store.advanceSession({ sessionId, userId, expectedStep: step, now });
        switch (result.kind) {
          case 'advanced':
          case 'stale':
            // A repeated "Check again" simply shows the session as it is.
            await interaction.update(await sessionScreen(ctx, result.session));
            return;
          case 'session-ended':
          case 'session-not-found':
          case 'not-session-owner':
            await answerSessionProblem(interaction, result.kind);
            return;
        }
      }
    }
  },
};
