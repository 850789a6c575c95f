import { SlashCommandBuilder } from 'discord.js';
import type { UserSettings } from '@portdeck/store';
import { LIMITS } from '../render/message.ts';
import { renderSettings, renderSettingsError, withBoardVisibility } from '../render/settings.ts';
import type { BotCommand, Choice } from './types.ts';

/** Registration data of `/settings`. */
export const data = new SlashCommandBuilder()
  .setName('settings')
  .setDescription('Your time zone and when your study day starts (no options: show them)')
  .addStringOption((option) =>
    option
      .setName('timezone')
      .setDescription('IANA time zone, e.g. Europe/Berlin (start typing for suggestions)')
      .setMaxLength(64)
      .setAutocomplete(true),
  )
  .addIntegerOption((option) =>
    option
      .setName('day-starts')
      .setDescription('Local hour (0-23) at which a new study day begins (default 4)')
      .setMinValue(0)
      .setMaxValue(23),
  )
  .addStringOption((option) =>
    option
      .setName('leaderboard')
      .setDescription('Show you on server leaderboards, or hide you as "a player"')
      .addChoices({ name: 'shown', value: 'shown' }, { name: 'hidden', value: 'hidden' }),
  )
  .toJSON();

/** Offered before anything is typed: one zone per populated region. */
const COMMON_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'Europe/Madrid',
  'Europe/Warsaw',
  'Europe/Kyiv',
  'Europe/Moscow',
  'Africa/Lagos',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'America/Sao_Paulo',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
];

let zones: readonly string[] | undefined;

/** Every zone this runtime knows, UTC included. */
export function supportedTimeZones(): readonly string[] {
  zones ??= [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])];
  return zones;
}

function key(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, '_');
}

/** Up to 25 zones for what is typed: whole-name prefix first, then city prefix, then anywhere. */
export function suggestTimeZones(all: readonly string[], typed: string): Choice[] {
  const text = key(typed);
  const picked =
    text === ''
      ? COMMON_ZONES.filter((z) => all.includes(z))
      : [
          ...all.filter((z) => key(z).startsWith(text)),
          ...all.filter((z) => key(z.slice(z.lastIndexOf('/') + 1)).startsWith(text)),
          ...all.filter((z) => key(z).includes(text)),
        ];
  return [...new Set(picked)].slice(0, LIMITS.choices).map((z) => ({ name: z.replace(/_/g, ' '), value: z }));
}

/** Up to 5 zones near a refused name: by its city, then by the city's first letters, then by its region. */
export function closestTimeZones(typed: string, all: readonly string[] = supportedTimeZones()): string[] {
  const parts = typed.trim().split('/');
  const city = parts.at(-1) ?? '';
  const tries = [city, city.slice(0, 3), parts.length > 1 ? `${parts[0] ?? ''}/` : ''];
  const found = new Set<string>();
  for (const attempt of tries) {
    if (attempt.length < 2) continue;
    for (const choice of suggestTimeZones(all, attempt)) found.add(choice.value);
  }
  return [...found].slice(0, 5);
}

/** `/settings`: shows or changes the user's zone and day start, with clear errors. */
export const command: BotCommand = {
  data,
  async execute(interaction, { store, now }) {
    const userId = interaction.user.id;
    const timeZone = interaction.options.getString('timezone');
    const dayStartHour = interaction.options.getInteger('day-starts');
    const board = interaction.options.getString('leaderboard');
    if (board !== null) await store.boards.setHidden(userId, board === 'hidden', now());
    if (timeZone === null && dayStartHour === null) {
      const shown = renderSettings(
        await store.getSettings(userId),
        now(),
        board === null ? undefined : 'Saved.',
      );
      await interaction.reply(withBoardVisibility(shown, await store.boards.isHidden(userId)));
      return;
    }
    const patch: Partial<UserSettings> = {
      ...(timeZone === null ? {} : { timeZone: timeZone.trim() }),
      ...(dayStartHour === null ? {} : { dayStartHour }),
    };
    const updated = await store.updateSettings(userId, patch, now());
    if (!updated.ok) {
      const closest =
        updated.error.kind === 'invalid-time-zone' ? closestTimeZones(updated.error.timeZone) : [];
      await interaction.reply(renderSettingsError(updated.error, closest));
      return;
    }
    await interaction.reply(
      withBoardVisibility(
        renderSettings(updated.value, now(), 'Saved.'),
        await store.boards.isHidden(userId),
      ),
    );
  },
  async autocomplete(interaction) {
    await interaction.respond(suggestTimeZones(supportedTimeZones(), interaction.options.getFocused()));
  },
};
