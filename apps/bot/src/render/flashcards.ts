import { ButtonStyle, ComponentType, type APIButtonComponentWithCustomId } from 'discord.js';
import type { Card, Deck, GradePreview, RatingName } from '@portdeck/core';
import { ratingNames } from '@portdeck/core';
import type { SessionView } from '@portdeck/store';
import { encodeCustomId } from '../custom-id.ts';
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
import { formatWhen } from './time.ts';

/** First part of flashcard button ids (short, so a 48-character card id still fits in 100). */
export const FLASHCARD_PREFIX = 'fc';

/** Version of the flashcard buttons' custom ids; bump when their payload changes meaning. */
export const FLASHCARD_BUTTON_VERSION = 1;

/** What a flashcard button does. */
export type FlashcardAction = 'show' | RatingName | 'undo' | 'end' | 'next';

const ACTIONS: readonly FlashcardAction[] = ['show', ...ratingNames, 'undo', 'end', 'next'];

/** Everything a flashcard button carries: the session, the step it was drawn at, the action, the card. */
export interface FlashcardButton {
  readonly sessionId: string;
  readonly step: number;
  readonly action: FlashcardAction;
  /** The card on screen when the button was drawn (grade and show buttons). */
  readonly cardId?: string;
}

/** `fc:1:<sessionId>:<step>:<action>[:<cardId>]`; the card id goes last because it may contain colons. */
export function flashcardButtonId(button: FlashcardButton): string {
  const base = `${button.sessionId}:${button.step}:${button.action}`;
  return encodeCustomId({
    command: FLASHCARD_PREFIX,
    version: FLASHCARD_BUTTON_VERSION,
    payload: button.cardId === undefined ? base : `${base}:${button.cardId}`,
  });
}

/** Reads the payload of a flashcard button id, or undefined for anything malformed. */
export function parseFlashcardPayload(payload: string): FlashcardButton | undefined {
  const match = /^([A-Za-z0-9_-]{1,40}):(\d{1,9}):([a-z]{1,8})(?::(.+))?$/s.exec(payload);
  if (!match) return undefined;
  const [, sessionId = '', step = '', action = '', cardId] = match;
  const known = ACTIONS.find((a) => a === action);
  if (known === undefined) return undefined;
  return { sessionId, step: Number(step), action: known, ...(cardId === undefined ? {} : { cardId }) };
}

/** What a session screen shows. */
export interface SessionScreen {
  readonly session: SessionView;
  /** The session's deck (undefined if it no longer exists). */
  readonly deck: Deck | undefined;
  /** The current card (undefined when none, or unknown to this version). */
  readonly card: Card | undefined;
  readonly now: number;
  /** The user's zone, for "due at" times. */
  readonly timeZone: string;
  /** One line above the card: what just happened ("Already recorded", "Undid ..."). */
  readonly notice?: string;
}

const RATING_LABELS: Record<RatingName, string> = {
  again: 'Again',
  hard: 'Hard',
  good: 'Good',
  easy: 'Easy',
};
const RATING_STYLES: Record<
  RatingName,
  ButtonStyle.Danger | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Primary
> = {
  again: ButtonStyle.Danger,
  hard: ButtonStyle.Secondary,
  good: ButtonStyle.Success,
  easy: ButtonStyle.Primary,
};

/** A rating's button label. */
export function ratingLabel(rating: RatingName): string {
  return RATING_LABELS[rating];
}

function styled(
  customId: string,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger,
): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style,
    custom_id: customId,
    label: truncate(label, LIMITS.buttonLabel),
  };
}

function deckTitle(screen: SessionScreen): string {
  const name = screen.deck?.name ?? screen.session.deckId;
  return truncate(screen.session.mode === 'cram' ? `${name} · cram` : name, LIMITS.title);
}

function footer(session: SessionView): string {
  if (session.mode === 'cram')
    return `${session.remaining} left in this cram round · cramming never changes your schedule`;
  const counts = session.counts ?? { learning: 0, due: 0, new: 0 };
  return `Learning ${counts.learning} · Due ${counts.due} · New ${counts.new}`;
}

function prompt(screen: SessionScreen): string {
  return (
    screen.card?.prompt ?? `(card ${screen.session.currentCardId ?? '?'} is no longer in portdeck's decks)`
  );
}

/** Undo (once something was answered) and End, the buttons every screen of a running session has. */
function sessionButtons(session: SessionView, withEnd = true): APIButtonComponentWithCustomId[] {
  const { sessionId, step } = session;
  const buttons: APIButtonComponentWithCustomId[] = [];
  if (step > 0)
    buttons.push(
      styled(
        flashcardButtonId({ sessionId, step, action: 'undo' }),
        'Undo last answer',
        ButtonStyle.Secondary,
      ),
    );
  if (withEnd)
    buttons.push(
      styled(flashcardButtonId({ sessionId, step, action: 'end' }), 'End session', ButtonStyle.Secondary),
    );
  return buttons;
}

function withNotice(body: MessageBody, notice: string | undefined): MessageBody {
  return notice === undefined ? body : { content: truncate(notice, LIMITS.content), ...body };
}

/** The front of the current card: its question, "Show answer", Undo and End. */
export function renderCardFront(screen: SessionScreen): MessageBody {
  const { session } = screen;
  const show = styled(
    flashcardButtonId({
      sessionId: session.sessionId,
      step: session.step,
      action: 'show',
      ...(session.currentCardId === null ? {} : { cardId: session.currentCardId }),
    }),
    'Show answer',
    ButtonStyle.Primary,
  );
  return withNotice(
    {
      embeds: [
        {
          title: deckTitle(screen),
          description: truncate(`**${prompt(screen)}**`, LIMITS.description),
          color: COLORS.info,
          footer: { text: truncate(footer(session), LIMITS.footer) },
        },
      ],
      components: buttonRows([show, ...sessionButtons(session)]),
    },
    screen.notice,
  );
}

/** The back of the current card: question, answer, explanation, and the four grades with their intervals. */
export function renderCardBack(
  screen: SessionScreen,
  previews: Readonly<Record<RatingName, GradePreview>> | undefined,
): MessageBody {
  const { session, card } = screen;
  const cardId = session.currentCardId ?? '';
  const grades = ratingNames.map((rating) =>
    styled(
      flashcardButtonId({ sessionId: session.sessionId, step: session.step, action: rating, cardId }),
      previews === undefined ? ratingLabel(rating) : `${ratingLabel(rating)} · ${previews[rating].label}`,
      RATING_STYLES[rating],
    ),
  );
  const fields = card?.explanation === undefined ? [] : [field('Why', card.explanation)];
  return withNotice(
    {
      embeds: [
        {
          title: deckTitle(screen),
          description: truncate(
            `**${prompt(screen)}**\n\n${card?.answer ?? '(answer unavailable)'}`,
            LIMITS.description,
          ),
          color: COLORS.encrypted,
          fields,
          footer: { text: truncate(footer(session), LIMITS.footer) },
        },
      ],
      components: [...buttonRows(grades), ...buttonRows(sessionButtons(session))],
    },
    screen.notice,
  );
}

/** Nothing to show now: what is due next and when (normal), or the end of a cram round. */
export function renderSummary(screen: SessionScreen): MessageBody {
  const { session, now, timeZone } = screen;
  let description: string;
  if (session.mode === 'cram') {
    description = 'Cram round finished: every card in it was answered. Your schedule is unchanged.';
  } else if (session.nextDueAt === null) {
    description = 'Nothing is due in this deck, and no new cards are left to learn.';
  } else {
    description = `Nothing is due right now. Next card due **${formatWhen(session.nextDueAt, now, timeZone)}**.\nPress “Check again” then, or start \`/flashcards\` later.`;
  }
  const { sessionId, step } = session;
  const buttons =
    session.mode === 'cram'
      ? sessionButtons(session, false)
      : [
          styled(flashcardButtonId({ sessionId, step, action: 'next' }), 'Check again', ButtonStyle.Primary),
          ...sessionButtons(session, false),
        ];
  return withNotice(
    {
      embeds: [
        {
          title: truncate(`${deckTitle(screen)} · all done for now`, LIMITS.title),
          description,
          color: COLORS.encrypted,
          footer: { text: truncate(footer(session), LIMITS.footer) },
        },
      ],
      components: buttonRows(buttons),
    },
    screen.notice,
  );
}

/** The screen for a session: the card's front, or the summary when there is no card. */
export function renderSession(screen: SessionScreen): MessageBody {
  if (screen.session.isEnded) return renderEnded(screen.notice);
  return screen.session.currentCardId === null ? renderSummary(screen) : renderCardFront(screen);
}

/** An ended session: its buttons are gone. */
export function renderEnded(notice?: string): MessageBody {
  const text = 'Session ended. Start another one with `/flashcards` (your progress is saved).';
  return { content: notice === undefined ? text : `${notice}\n${text}`, embeds: [], components: [] };
}

/** Shown above the session's current state when a click was for a card already answered. */
export const STALE_NOTICE = 'That card was already answered; here is where this session is now.';

/** Shown above the session when an Undo click arrives after the session moved on (e.g. a double click). */
export const UNDO_STALE_NOTICE = 'Already undone; here is where this session is now.';

/** Shown when the same grade arrives twice: only the first one counts. */
export function duplicateNotice(rating: RatingName): string {
  return `Already recorded: ${ratingLabel(rating)}. A second click does not count twice.`;
}

/** The ephemeral answer to a button of a session the store does not know (e.g. a wiped database). */
export function renderSessionMissing(): BotMessage {
  return ephemeral('This flashcard session no longer exists. Start a new one with `/flashcards`.');
}

/** The ephemeral answer to a click on someone else's session. */
export function renderNotYourSession(): BotMessage {
  return ephemeral('This is someone else’s flashcard session. Start your own with `/flashcards`.');
}

/** The ephemeral answer to an unknown deck. */
export function renderUnknownDeck(deckId: string, decks: readonly Deck[]): BotMessage {
  return ephemeral(`There is no deck \`${deckId}\`. Decks: ${decks.map((d) => `\`${d.id}\``).join(', ')}.`);
}

/** One line per deck, for help and errors. */
export function deckList(decks: readonly Deck[]): string {
  return decks.map((d) => `\`${d.id}\`: ${d.name} (${d.cardIds.length} cards)`).join('\n');
}
