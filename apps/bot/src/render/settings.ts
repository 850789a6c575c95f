import { MessageFlags } from 'discord.js';
import type { SettingsError, UserSettings } from '@portdeck/store';
import { COLORS, ephemeral, field, truncate, LIMITS, type BotMessage } from './message.ts';
import { hourLabel, localDateTime } from './time.ts';

/** The user's settings, with the local time there so a wrong zone is obvious. */
export function renderSettings(settings: UserSettings, now: number, notice?: string): BotMessage {
  return {
    ...(notice === undefined ? {} : { content: truncate(notice, LIMITS.content) }),
    embeds: [
      {
        title: 'Your study settings',
        color: COLORS.info,
        fields: [
          field('Time zone', settings.timeZone, true),
          field('Local time now', localDateTime(now, settings.timeZone), true),
          field('Study day starts at', `${hourLabel(settings.dayStartHour)} local time`, true),
          field('New cards a day', String(settings.newPerDay), true),
          field('Reviews a day', String(settings.reviewsPerDay), true),
        ],
        footer: { text: 'Change them with /settings timezone:<zone> day-starts:<hour 0-23>' },
      },
    ],
    flags: MessageFlags.Ephemeral,
  };
}

/** The settings screen with whether the user shows on leaderboards. */
export function withBoardVisibility(message: BotMessage, isHidden: boolean): BotMessage {
  const [embed, ...rest] = message.embeds ?? [];
  if (embed === undefined) return message;
  const fields = [
    ...(embed.fields ?? []),
    field('Leaderboards', isHidden ? 'hidden (you appear as "a player")' : 'shown', true),
  ];
  return { ...message, embeds: [{ ...embed, fields }, ...rest] };
}

/** A short ephemeral explanation of refused settings, with the closest zone names when the zone was wrong. */
export function renderSettingsError(error: SettingsError, closestZones: readonly string[] = []): BotMessage {
  switch (error.kind) {
    case 'invalid-time-zone': {
      const lines = [
        `“${truncate(error.timeZone, 100)}” is not a time zone I know. Use an IANA name such as \`Europe/Berlin\`, \`America/New_York\` or \`UTC\` (start typing and pick one of the suggestions).`,
      ];
      if (closestZones.length > 0) lines.push(`Closest: ${closestZones.map((z) => `\`${z}\``).join(', ')}`);
      return ephemeral(lines.join('\n'));
    }
    case 'invalid-day-start-hour':
      return ephemeral(
        `\`day-starts\` is the local hour your study day begins: a whole number from 0 to 23 (you sent ${String(error.hour)}). Nothing was changed.`,
      );
    case 'invalid-limit':
      return ephemeral(
        `${error.field} must be a whole number from 0 to 100000 (got ${String(error.value)}).`,
      );
  }
}
