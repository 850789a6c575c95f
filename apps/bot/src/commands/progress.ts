import { SlashCommandBuilder } from 'discord.js';
import { dailyStreak } from '@portdeck/core';
import { renderUnknownDeck } from '../render/flashcards.ts';
import { renderProgress } from '../render/progress.ts';
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

/** `/progress`: one private embed for one deck. */
export const command: BotCommand = {
  data,
  async execute(interaction, { decks, store, now: clock }) {
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
    await interaction.reply(renderProgress({ deck, progress, forecast, settings, now, dailyStreak: streak }));
  },
  async autocomplete(interaction, { decks }) {
    await interaction.respond(suggestDecks(decks.decks, interaction.options.getFocused()));
  },
};
