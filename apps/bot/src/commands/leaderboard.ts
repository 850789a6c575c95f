import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { periodOf } from '@portdeck/core';
import type { BoardFilter, BoardPeriod } from '@portdeck/store';
import { renderStaleComponent } from '../render/errors.ts';
import {
  leaderboardCardOf,
  LEADERBOARD_BUTTON_VERSION,
  LEADERBOARD_PAGE_SIZE,
  parseLeaderboardPayload,
  renderLeaderboard,
  type BoardPeriodName,
  type LeaderboardButton,
} from '../render/leaderboard.ts';
import { bodyOf, ephemeral, withCard, type BotMessage } from '../render/message.ts';
import { drawCard } from './cards.ts';
import type { BotCommand, CommandContext } from './types.ts';

/** Registration data of `/leaderboard`. */
export const data = new SlashCommandBuilder()
  .setName('leaderboard')
  .setDescription("This server's leaderboard: ranks, points and right answers")
  .setContexts(InteractionContextType.Guild)
  .addStringOption((option) =>
    option
      .setName('period')
      .setDescription('Which period (default: week), in the server time zone')
      .addChoices(
        { name: 'today', value: 'day' },
        { name: 'this week', value: 'week' },
        { name: 'this month', value: 'month' },
        { name: 'all time', value: 'all' },
      ),
  )
  .addStringOption((option) =>
    option
      .setName('board')
      .setDescription('Which games count (default: all)')
      .addChoices(
        { name: 'daily quiz', value: 'daily' },
        { name: 'drills', value: 'drills' },
        { name: 'all', value: 'all' },
      ),
  )
  .addBooleanOption((option) =>
    option.setName('public').setDescription('Post it for the channel (default: only you see it)'),
  )
  .toJSON();

/** A page of the board as the viewer sees it: text, and the same page drawn as a card. */
async function leaderboardMessage(
  ctx: CommandContext,
  guildId: string,
  viewerId: string,
  where: LeaderboardButton,
): Promise<BotMessage> {
  const now = ctx.now();
  const timeZone = await ctx.store.boards.timeZoneOf(guildId);
  const span = where.period === 'all' ? undefined : periodOf(now, timeZone, where.period);
  const period: BoardPeriod = span === undefined ? { kind: 'all' } : { kind: span.kind, key: span.key };
  const page = await ctx.store.boards.leaderboard({
    guildId,
    period,
    board: where.board,
    first: LEADERBOARD_PAGE_SIZE,
    after: where.after,
    userId: viewerId,
  });
  const last = page.entries.at(-1);
  const screen = {
    period: where.period,
    board: where.board,
    page,
    pageNumber: where.page,
    viewerId,
    isPublic: where.isPublic,
    resetsAt: span?.end,
    nextButton:
      page.hasNextPage && last !== undefined
        ? { ...where, page: where.page + 1, after: { points: last.points, userId: last.userId } }
        : undefined,
    firstButton: where.page > 1 ? { ...where, page: 1, after: undefined } : undefined,
  };
  const card = await drawCard(ctx, 'leaderboard', (cards) => cards.leaderboard(leaderboardCardOf(screen)));
  return withCard(renderLeaderboard(screen), 'leaderboard.png', card);
}

const NOT_IN_SERVER = 'Leaderboards belong to a server: use /leaderboard in one.';

/** `/leaderboard`: a page of the server's board, privately unless `public:true`; buttons page past 10. */
export const command: BotCommand = {
  data,
  async execute(interaction, ctx) {
    if (interaction.guildId === null) {
      await interaction.reply(ephemeral(NOT_IN_SERVER));
      return;
    }
    const period = (interaction.options.getString('period') ?? 'week') as BoardPeriodName;
    const board = (interaction.options.getString('board') ?? 'all') as BoardFilter;
    const isPublic = interaction.options.getBoolean('public') ?? false;
    const where = { period, board, isPublic, page: 1, after: undefined };
    await interaction.reply(await leaderboardMessage(ctx, interaction.guildId, interaction.user.id, where));
  },
  async handleComponent(interaction, id, ctx) {
    const where = id.version === LEADERBOARD_BUTTON_VERSION ? parseLeaderboardPayload(id.payload) : undefined;
    if (where === undefined || interaction.guildId === null) {
      await interaction.reply(renderStaleComponent());
      return;
    }
    // A click keeps the message as it was posted (public or private); the "your rank" line is the clicker's.
    const message = await leaderboardMessage(ctx, interaction.guildId, interaction.user.id, where);
    await interaction.update(bodyOf(message));
  },
};
