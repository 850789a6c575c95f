import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import {
  dailyJobId,
  dailyStreak,
  describeSchedule,
  formatTimeOfDay,
  localDateOf,
  monthKey,
  nextDailyPost,
  parseDailySchedule,
} from '@portdeck/core';
import { dailyPostKind, type DailyScheduleRecord } from '@portdeck/store';
import { answerQuestion, manualCloseTime, planSchedule } from '../daily/index.ts';
import { coreSchedule, dailyCloseJobId, type DailyPostPayload } from '../daily/shared.ts';
import {
  DAILY_BUTTON_PREFIX,
  discordTime,
  parseDailyAnswerPayload,
  renderDailyAnswer,
  renderDailySchedule,
  renderDailyStreak,
  renderMissingPermissions,
} from '../render/daily.ts';
import { renderUnknownDeck } from '../render/flashcards.ts';
import { ephemeral } from '../render/message.ts';
import { deckOption, suggestDecks } from './flashcards.ts';
import { suggestTimeZones, supportedTimeZones } from './settings.ts';
import type { BotCommand, CommandContext, CommandInteractionLike, PermissionsLike } from './types.ts';

/**
 * Registration data of `/daily`. No `default_member_permissions`: it would hide `/daily streak`, which is
 * for everyone, so setup/post/close/stop check Manage Server in the handler (servers can still restrict
 * the command in their Integrations settings).
 */
export const data = new SlashCommandBuilder()
  .setName('daily')
  .setDescription('The server’s daily port question')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('setup')
      .setDescription('Post a question every day (Manage Server)')
      .addChannelOption((o) =>
        o
          .setName('channel')
          .setDescription('Where to post')
          .setRequired(true)
          .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      )
      .addStringOption((o) =>
        o.setName('time').setDescription('HH:MM, 24 h, in the time zone').setRequired(true).setMaxLength(5),
      )
      .addStringOption((o) =>
        o
          .setName('timezone')
          .setDescription('IANA time zone, e.g. Europe/Berlin')
          .setRequired(true)
          .setMaxLength(64)
          .setAutocomplete(true),
      )
      .addStringOption((o) =>
        o
          .setName('days')
          .setDescription('every-day (default), weekdays, weekends, or a list such as mon,wed,fri')
          .setMaxLength(40),
      )
      .addStringOption((o) =>
        o.setName('deck').setDescription('Which deck (default: seed)').setMaxLength(64).setAutocomplete(true),
      )
      .addBooleanOption((o) => o.setName('thread').setDescription('Start a thread on each question'))
      .addBooleanOption((o) => o.setName('pin').setDescription('Pin each question (unpins the previous one)'))
      .addRoleOption((o) => o.setName('role').setDescription('Role to mention with each question')),
  )
  .addSubcommand((sub) =>
    sub.setName('show').setDescription('The schedule, the next post, the open question and the last failure'),
  )
  .addSubcommand((sub) => sub.setName('post').setDescription('Post the next question now (Manage Server)'))
  .addSubcommand((sub) =>
    sub.setName('close').setDescription('Close the open question now and post its results (Manage Server)'),
  )
  .addSubcommand((sub) => sub.setName('stop').setDescription('Turn the daily question off (Manage Server)'))
  .addSubcommand((sub) =>
    sub
      .setName('streak')
      .setDescription('Current and best streak, and answers this month')
      .addUserOption((o) => o.setName('user').setDescription('Whose streak (default: yours)')),
  )
  .toJSON();

/** The permissions the bot needs in the channel, by name. */
function neededPermissions(options: { startsThread: boolean; pins: boolean }): [string, bigint][] {
  return [
    ['View Channel', PermissionFlagsBits.ViewChannel],
    ['Send Messages', PermissionFlagsBits.SendMessages],
    ['Embed Links', PermissionFlagsBits.EmbedLinks],
    ...(options.startsThread
      ? ([
          ['Create Public Threads', PermissionFlagsBits.CreatePublicThreads],
          ['Send Messages in Threads', PermissionFlagsBits.SendMessagesInThreads],
        ] as [string, bigint][])
      : []),
    ...(options.pins ? ([['Pin Messages', PermissionFlagsBits.PinMessages]] as [string, bigint][]) : []),
  ];
}

/** The names of the permissions missing from a set. */
export function missingPermissions(
  has: (bit: bigint) => boolean,
  options: { startsThread: boolean; pins: boolean },
): string[] {
  return neededPermissions(options)
    .filter(([, bit]) => !has(bit))
    .map(([name]) => name);
}

/** Text and announcement channels: the kinds a daily question (and its thread) can live in. */
const postableChannelTypes: ReadonlySet<number> = new Set([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
]);

const isManager = (permissions: PermissionsLike | null): boolean =>
  permissions?.has(PermissionFlagsBits.ManageGuild) === true;

const adminOnly = ephemeral('Only members with the Manage Server permission can do that.');

function deckName(context: CommandContext, deckId: string): string {
  return context.decks.deck(deckId)?.name ?? deckId;
}

async function showSchedule(
  interaction: CommandInteractionLike,
  context: CommandContext,
  schedule: DailyScheduleRecord,
  heading?: string,
): Promise<void> {
  const core = coreSchedule(schedule);
  const open = await context.store.daily.openQuestion(schedule.guildId);
  const openCard = open === undefined ? undefined : context.decks.card(open.cardId);
  await interaction.reply(
    renderDailySchedule(
      {
        description: describeSchedule(core),
        channelId: schedule.channelId,
        deckName: deckName(context, schedule.deckId),
        isActive: schedule.isActive,
        nextPostAt: nextDailyPost(core, context.now()).at,
        startsThread: schedule.startsThread,
        pins: schedule.pins,
        roleId: schedule.roleId,
        open:
          open === undefined
            ? undefined
            : {
                prompt: openCard?.prompt ?? open.cardId,
                closesAt: open.closesAt,
                answerCount: open.answerCount,
              },
        lastFailure: schedule.lastFailure,
      },
      heading,
    ),
  );
}

async function setup(
  interaction: CommandInteractionLike,
  context: CommandContext,
  guildId: string,
): Promise<void> {
  const { options } = interaction;
  const channel = options.getChannel('channel', true);
  if (channel === null || !postableChannelTypes.has(channel.type)) {
    await interaction.reply(ephemeral('Choose a text or announcement channel for the daily question.'));
    return;
  }
  const parsed = parseDailySchedule({
    time: options.getString('time', true) ?? '',
    timeZone: options.getString('timezone', true) ?? '',
    days: options.getString('days') ?? undefined,
  });
  if (!parsed.ok) {
    await interaction.reply(ephemeral(parsed.error.message));
    return;
  }
  const { id: deckId, deck } = deckOption(context.decks, options.getString('deck'));
  if (deck === undefined) {
    await interaction.reply(renderUnknownDeck(deckId, context.decks.decks));
    return;
  }
  const wants = {
    startsThread: options.getBoolean('thread') ?? false,
    pins: options.getBoolean('pin') ?? false,
  };
  const known =
    (await context.channels.botPermissionsIn?.(channel.id)) ??
    (channel.id === interaction.channelId ? interaction.appPermissions : undefined);
  if (known !== undefined && known !== null) {
    const has =
      typeof known === 'bigint' ? (bit: bigint) => (known & bit) === bit : (bit: bigint) => known.has(bit);
    const missing = missingPermissions(has, wants);
    if (missing.length > 0) {
      await interaction.reply(renderMissingPermissions(channel.id, missing));
      return;
    }
  }
  const now = context.now();
  const saved = await context.store.daily.saveSchedule(
    {
      guildId,
      channelId: channel.id,
      timeOfDay: formatTimeOfDay(parsed.value.time),
      timeZone: parsed.value.timeZone,
      days: parsed.value.days.join(','),
      deckId: deck.id,
      closeAfterMinutes: null,
      startsThread: wants.startsThread,
      pins: wants.pins,
      roleId: options.getRole('role')?.id ?? null,
    },
    now,
  );
  await planSchedule(context, saved, now);
  await showSchedule(interaction, context, saved, 'Saved.');
}

async function postNow(
  interaction: CommandInteractionLike,
  context: CommandContext,
  guildId: string,
): Promise<void> {
  const { store } = context;
  const schedule = await store.daily.getSchedule(guildId);
  if (schedule === undefined) {
    await interaction.reply(ephemeral('There is no daily question here yet: run /daily setup first.'));
    return;
  }
  const open = await store.daily.openQuestion(guildId);
  if (open !== undefined) {
    await interaction.reply(
      ephemeral(
        `${open.localDate === localDateOf(context.now(), schedule.timeZone) ? 'Today’s' : 'The last'} question is still open (answers close ${discordTime(open.closesAt, 'R')}): use /daily close first.`,
      ),
    );
    return;
  }
  const now = context.now();
  const date = localDateOf(now, schedule.timeZone);
  const payload: DailyPostPayload = {
    guildId,
    date,
    manual: { closesAt: manualCloseTime(schedule, date, now), requestId: interaction.id },
  };
  const replyPosting = async (n: number, closesAt: number): Promise<void> => {
    await interaction.reply(
      ephemeral(
        `Posting ${n === 1 ? 'today’s' : 'an extra'} question in <#${schedule.channelId}> now; answers close ${discordTime(closesAt, 'R')}.`,
      ),
    );
  };
  const requestOf = (job: { payload: unknown } | undefined) =>
    (job?.payload as DailyPostPayload | undefined)?.manual;
  // Today's id when nothing was posted today (the scheduled post then finds it done); an extra otherwise.
  for (let n = 1; n <= 20; n++) {
    const id = n === 1 ? dailyJobId(guildId, date) : `${dailyJobId(guildId, date)}:${n}`;
    // The question first, then its job: a request is written to the job before its question is posted.
    const posted = (await store.daily.getQuestion(id)) !== undefined;
    const job = await store.jobs.get(id);
    const earlier = requestOf(job);
    if (earlier?.requestId === interaction.id) return replyPosting(n, earlier.closesAt);
    if (posted) continue;
    if (job?.status === 'running') {
      await interaction.reply(ephemeral('Today’s question is being posted right now.'));
      return;
    }
    const queued =
      job === undefined
        ? await store.jobs.enqueue({ id, kind: dailyPostKind, payload, runAt: now }, now)
        : job.status === 'pending' && (await store.jobs.reschedule(id, { runAt: now, payload }, now));
    if (queued) return replyPosting(n, payload.manual?.closesAt ?? now);
    // Another process took this slot in the meantime: for this same request, or for another one.
    const taken = requestOf(await store.jobs.get(id));
    if (taken?.requestId === interaction.id) return replyPosting(n, taken.closesAt);
  }
  await interaction.reply(ephemeral('Enough questions for today: try again tomorrow.'));
}

async function closeNow(
  interaction: CommandInteractionLike,
  context: CommandContext,
  guildId: string,
): Promise<void> {
  const open = await context.store.daily.openQuestion(guildId);
  if (open === undefined) {
    await interaction.reply(ephemeral('No question is open.'));
    return;
  }
  const isMoved = await context.store.jobs.reschedule(
    dailyCloseJobId(open.questionId),
    { runAt: context.now() },
    context.now(),
  );
  await interaction.reply(
    ephemeral(
      isMoved
        ? `Closing now: the results follow in <#${open.channelId}>.`
        : 'The question is already closing: the results follow shortly.',
    ),
  );
}

async function stop(
  interaction: CommandInteractionLike,
  context: CommandContext,
  guildId: string,
): Promise<void> {
  const wasActive = await context.store.daily.stopSchedule(guildId, context.now());
  const open = await context.store.daily.openQuestion(guildId);
  const closing =
    open === undefined ? '' : ` The open question still closes ${discordTime(open.closesAt, 'R')}.`;
  await interaction.reply(
    ephemeral(
      wasActive ? `The daily question is off.${closing}` : `The daily question was not on.${closing}`,
    ),
  );
}

async function streak(
  interaction: CommandInteractionLike,
  context: CommandContext,
  guildId: string,
): Promise<void> {
  const user = interaction.options.getUser('user') ?? interaction.user;
  const zone = (await context.store.daily.getSchedule(guildId))?.timeZone ?? 'UTC';
  const history = await context.store.daily.history(guildId, user.id);
  const month = monthKey(context.now(), zone);
  // Question ids carry their local date: daily:<guild>:<YYYY-MM-DD>[:n].
  const thisMonth = [...history.answers].filter(([id]) => id.split(':')[2]?.startsWith(month));
  await interaction.reply(
    renderDailyStreak({
      userId: user.id,
      isSelf: user.id === interaction.user.id,
      streak: dailyStreak(history.posted, history.answers, { openQuestionId: history.openQuestionId }),
      month,
      answered: thisMonth.length,
      correct: thisMonth.filter(([, outcome]) => outcome === 'correct').length,
    }),
  );
}

/** `/daily`: the server's daily question. Admin subcommands check Manage Server here. */
export const command: BotCommand = {
  data,
  componentPrefix: DAILY_BUTTON_PREFIX,
  async execute(interaction, context) {
    const guildId = interaction.guildId;
    if (guildId === null) {
      await interaction.reply(ephemeral('The daily question runs in a server, not in DMs.'));
      return;
    }
    const sub = interaction.options.getSubcommand(true);
    if (sub !== 'show' && sub !== 'streak' && !isManager(interaction.memberPermissions)) {
      await interaction.reply(adminOnly);
      return;
    }
    switch (sub) {
      case 'setup':
        return setup(interaction, context, guildId);
      case 'show': {
        const schedule = await context.store.daily.getSchedule(guildId);
        if (schedule === undefined)
          await interaction.reply(
            ephemeral('There is no daily question here yet: an admin runs /daily setup.'),
          );
        else await showSchedule(interaction, context, schedule);
        return;
      }
      case 'post':
        return postNow(interaction, context, guildId);
      case 'close':
        return closeNow(interaction, context, guildId);
      case 'stop':
        return stop(interaction, context, guildId);
      case 'streak':
        return streak(interaction, context, guildId);
      case null:
      default:
        await interaction.reply(ephemeral('Use /daily setup, show, post, close, stop or streak.'));
    }
  },
  async autocomplete(interaction, context) {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(
      focused.name === 'deck'
        ? suggestDecks(context.decks.decks, focused.value)
        : suggestTimeZones(supportedTimeZones(), focused.value),
    );
  },
  async handleComponent(interaction, id, context) {
    const answer = parseDailyAnswerPayload(id.version, id.payload);
    if (answer === undefined) {
      await interaction.reply(renderDailyAnswer({ kind: 'unknown' }));
      return;
    }
    await interaction.reply(
      renderDailyAnswer(
        await answerQuestion(context, {
          ...answer,
          userId: interaction.user.id,
          interactionId: interaction.id,
        }),
      ),
    );
  },
};
