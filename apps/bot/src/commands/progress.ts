import { SlashCommandBuilder } from 'discord.js';
import { dailyStreak } from '@portdeck/core';
import { renderUnknownDeck } from '../render/flashcards.ts';
import { withCard } from '../render/message.ts';
import { progressCardOf, renderProgress } from '../render/progress.ts';
import { drawCard } from './cards.ts';
import { deckOption, suggestDecks } from './flashcards.ts';
import type { BotCommand } from './types.ts';

/** Days the forecast covers, today first. */
export const FORECAST_DAYS = 7;

/** Registration data of `/progress`. */
export const data = new SlashCommandBuilder()
  .setName('progress')
  .setDescription('Your flashcard progress: due, learning, new, today, retention, streak, forecast')
  .addStringOption((option) =>
    option
      .setName('deck')
      .setDescription('Which deck (default: seed)')
      .setMaxLength(64)
      .setAutocomplete(true),
  )
  .toJSON();

/** `/progress`: one private embed for one deck, with the forecast and retention drawn as a card. */
export const command: BotCommand = {
  data,
  async execute(interaction, ctx) {
    const { decks, store, now: clock } = ctx;
    const { id, deck } = deckOption(decks, interaction.options.getString('deck'));
    if (!deck) {
      await interaction.reply(renderUnknownDeck(id, decks.decks));
      return;
    }
    const userId = interaction.user.id;
    const now = clock();
    const { guildId } = interaction;
    const [progress, forecast, settings, history] = await Promise.all([
      store.progress(userId, deck.cardIds, now),
      store.forecast(userId, deck.cardIds, now, FORECAST_DAYS),
      store.getSettings(userId),
      guildId === null ? undefined : store.daily.history(guildId, userId),
    ]);
    const streak =
      history === undefined || history.posted.length === 0
        ? undefined
        : dailyStreak(history.posted, history.answers, { openQuestionId: history.openQuestionId });
    const screen = { deck, progress, forecast, settings, now, dailyStreak: streak };
    const card = await drawCard(ctx, 'progress', (cards) => cards.progress(progressCardOf(screen)));
    await interaction.reply(withCard(renderProgress(screen), 'progress.png', card));
  },
  async autocomplete(interaction, { decks }) {
    await interaction.respond(suggestDecks(decks.decks, interaction.options.getFocused()));
  },
};
