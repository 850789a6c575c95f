import type { CardPainter } from '../render/cards/index.ts';
import type { CommandContext } from './types.ts';

/**
 * Draws a card, or logs why it could not and gives undefined: the text reply goes out either way.
 * @param ctx - the handler context (painter and logger)
 * @param card - which card, for the log
 * @param draw - the drawing, given the context's painter
 */
export async function drawCard(
  ctx: Pick<CommandContext, 'cards' | 'logger'>,
  card: string,
  draw: (cards: CardPainter) => Promise<Buffer>,
): Promise<Buffer | undefined> {
  try {
    return await draw(ctx.cards);
  } catch (error) {
    ctx.logger.error({ err: error, card }, 'card could not be drawn; replying with text only');
    return undefined;
  }
}
