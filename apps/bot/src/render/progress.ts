import type { DailyStreak, Deck, ForecastDay } from '@portdeck/core';
import type { Progress, UserSettings } from '@portdeck/store';
import type { ProgressCard } from './cards/index.ts';
import { COLORS, field, LIMITS, truncate, type BotMessage } from './message.ts';
import { MessageFlags } from 'discord.js';
import { formatWhen, hourLabel, studyDayLabel } from './time.ts';

/** What `/progress` shows. */
export interface ProgressScreen {
  readonly deck: Deck;
  readonly progress: Progress;
  readonly forecast: readonly ForecastDay[];
  readonly settings: UserSettings;
  readonly now: number;
  /** The daily quiz streak in this server (undefined outside a server). */
  readonly dailyStreak?: DailyStreak | undefined;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "78% (7 of 9 reviews passed)", or a note that there were none. */
export function retentionText(progress: Progress): string {
  const { rate, passed, reviews } = progress.retention30d;
  if (rate === null) return 'no review-phase answers yet';
  return `${Math.round(rate * 100)}% (${passed} of ${plural(reviews, 'review')} passed)`;
}

/** "3 days", with a nudge when today does not count yet. */
export function streakText(progress: Progress): string {
  const { days, includesToday } = progress.streak;
  if (days === 0) return 'none yet: answer a card today to start one';
  return includesToday ? plural(days, 'day') : `${plural(days, 'day')} (study today to keep it)`;
}

/** "3 right in a row (best 5)", or how to start one. */
export function dailyStreakText(streak: DailyStreak): string {
  if (streak.current === 0) {
    return streak.best === 0 ? 'none yet: answer the daily question right' : `0 (best ${streak.best})`;
  }
  return `${streak.current} right in a row (best ${streak.best})`;
}

/** Reviews due per study day, one line each, with a small bar. */
export function forecastText(forecast: readonly ForecastDay[]): string {
  const widest = Math.max(1, ...forecast.map((d) => d.count));
  return forecast
    .map((d, i) => {
      const bar = d.count === 0 ? '' : ` ${'▇'.repeat(Math.max(1, Math.round((d.count / widest) * 10)))}`;
      return `${i === 0 ? 'Today     ' : studyDayLabel(d.day)}: ${d.count}${bar}`;
    })
    .join('\n');
}

/** What the progress card draws: the forecast as bars ("Today", "Wed 11", ...) and the retention ring. */
export function progressCardOf(screen: ProgressScreen): ProgressCard {
  const { rate, passed, reviews } = screen.progress.retention30d;
  return {
    title: `Progress · ${screen.deck.name}`,
    forecast: screen.forecast.map((d, i) => ({
      label: i === 0 ? 'Today' : studyDayLabel(d.day).split(' ').slice(0, 2).join(' '),
      count: d.count,
    })),
    retention: rate,
    retentionNote: rate === null ? 'no reviews yet' : `${passed} of ${plural(reviews, 'review')} passed`,
  };
}

/** `/progress`: today's counts, reviews done, retention, streak and the week ahead, only for the asker. */
export function renderProgress(screen: ProgressScreen): BotMessage {
  const { progress, settings, now } = screen;
  const { counts, today } = progress;
  const next =
    counts.due + counts.learning + counts.new > 0
      ? 'now'
      : progress.nextDueAt === null
        ? 'nothing scheduled'
        : formatWhen(progress.nextDueAt, now, settings.timeZone);
  const fields = [
    field('Due now', String(counts.due), true),
    field('Learning', String(counts.learning), true),
    field('New left today', String(counts.new), true),
    field(
      'Answered today',
      `${today.total} (${today.newIntroduced} new, ${today.reviewsDone} reviews${today.total > today.newIntroduced + today.reviewsDone ? ', the rest learning steps or cram' : ''})`,
      true,
    ),
    field('Retention (30 days)', retentionText(progress), true),
    field('Streak', streakText(progress), true),
    ...(screen.dailyStreak === undefined
      ? []
      : [field('Daily quiz streak', dailyStreakText(screen.dailyStreak), true)]),
    field('Next card', next, true),
  ];
  if (progress.leeches > 0 || progress.suspended > 0) {
    fields.push(field('Leeches / suspended', `${progress.leeches} / ${progress.suspended}`, true));
  }
  fields.push(
    field(
      `Forecast (next ${screen.forecast.length} days)`,
      `\`\`\`\n${forecastText(screen.forecast)}\n\`\`\``,
    ),
  );
  return {
    embeds: [
      {
        title: truncate(`Progress · ${screen.deck.name}`, LIMITS.title),
        color: COLORS.info,
        fields,
        footer: {
          text: `Time zone ${settings.timeZone}, study days start at ${hourLabel(settings.dayStartHour)} · limits ${settings.newPerDay} new, ${settings.reviewsPerDay} reviews a day`,
        },
      },
    ],
    flags: MessageFlags.Ephemeral,
  };
}
