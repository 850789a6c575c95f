import { periodKeysOf } from '@portdeck/core';
import {
  drillCloseKind,
  drillEndKind,
  drillJobIds,
  drillLobbyKind,
  drillOpenKind,
  openStore,
  seedDailyPost,
  type Store,
} from '@portdeck/store';

const DAY_MS = 86_400_000;
const ZONE = 'UTC';

/** What the seeded database holds, for the tests to expect on the page. */
export interface Seeded {
  readonly guildId: string;
  readonly token: string;
  /** A token of another server (FORBIDDEN for `guildId`). */
  readonly otherToken: string;
  /** A server with a token and no games at all. */
  readonly emptyGuildId: string;
  readonly emptyToken: string;
  /** ann's points from the one drill round she won. */
  readonly drillPoints: number;
  /** The three local dates of the daily questions, oldest first. */
  readonly dates: readonly [string, string, string];
}

interface Question {
  readonly id: string;
  readonly at: number;
  readonly card: string;
  readonly options: readonly string[];
  readonly correctIndex: number;
  readonly answers: readonly (readonly [user: string, choice: number])[];
}

async function postDaily(store: Store, guildId: string, question: Question): Promise<void> {
  const postedAt = question.at - 60_000;
  await seedDailyPost(store, {
    questionId: question.id,
    guildId,
    localDate: periodKeysOf(postedAt, ZONE).day,
    cardId: question.card,
    options: [...question.options],
    correctIndex: question.correctIndex,
    channelId: 'c1',
    messageId: `m-${question.id}`,
    postedAt,
    closesAt: postedAt + 3_600_000,
    askedInCycle: [question.card],
  });
  let offset = 0;
  for (const [userId, choice] of question.answers) {
    const answeredAt = question.at + offset++;
    await store.daily.answer({
      questionId: question.id,
      userId,
      choice,
      answeredAt,
      keys: periodKeysOf(answeredAt, ZONE),
    });
  }
}

/** One finished drill with one round of port 80: ann right, bob wrong. Returns ann's points. */
async function playDrill(store: Store, guildId: string, at: number): Promise<number> {
  const drillId = 'd1';
  await store.drills.create(
    {
      drillId,
      guildId,
      channelId: 'c2',
      hostId: 'u-ann',
      deckId: 'seed',
      mode: 'choice',
      cardIds: ['port-to-service:80'],
      roundSeconds: 20,
      timeZone: ZONE,
      lobbyEndsAt: at + 30_000,
    },
    { id: drillJobIds.lobby(drillId), kind: drillLobbyKind, runAt: at + 30_000 },
    at,
  );
  await store.drills.join(drillId, 'u-bob', at + 10);
  const start = at + 1000;
  await store.drills.start({
    drillId,
    now: start,
    openJob: { id: drillJobIds.open(drillId, 1), kind: drillOpenKind, runAt: start },
  });
  const jobs = await store.jobs.claimDue({ owner: 'seed', now: start, leaseMs: 60_000, limit: 10 });
  const open = jobs.find((j) => j.id === drillJobIds.open(drillId, 1));
  if (!open) throw new Error('the drill round did not open');
  await store.drills.recordRound(
    open.lease,
    {
      drillId,
      round: 1,
      cardId: 'port-to-service:80',
      options: ['HTTP', 'HTTPS', 'FTP', 'SSH'],
      correctIndex: 0,
      messageId: 'm-d1-1',
      startedAt: start,
      deadline: start + 20_000,
    },
    { id: drillJobIds.close(drillId, 1), kind: drillCloseKind, runAt: start + 20_000 },
    start,
  );
  const keys = periodKeysOf(start, ZONE);
  await store.drills.answer({
    drillId,
    round: 1,
    userId: 'u-ann',
    answer: 'HTTP',
    isCorrect: true,
    answeredAt: start + 2000,
    keys,
  });
  await store.drills.answer({
    drillId,
    round: 1,
    userId: 'u-bob',
    answer: 'FTP',
    isCorrect: false,
    answeredAt: start + 3000,
    keys,
  });
  const closed = await store.drills.closeRound({ drillId, round: 1, now: start + 20_000, revealJob: null });
  await store.drills.end({
    drillId,
    now: start + 21_000,
    endJob: { id: drillJobIds.end(drillId), kind: drillEndKind, runAt: start + 21_000 },
  });
  return closed?.answers.find((a) => a.userId === 'u-ann')?.points ?? 0;
}

/**
 * Seeds a SQLite database through @portdeck/store with known numbers, relative to `now` (the API reads periods
 * from its own clock): three daily questions (two days ago, yesterday, today, in UTC) and one drill yesterday.
 *
 * Daily points (10 a right answer), all time: ann 20, bob 10, cat 10; today: cat 10, ann 0.
 * Share right: 22 1 of 3, 445 1 of 2, 3389 2 of 3, 80 1 of 2 (the drill).
 */
export async function seed(path: string, now: number): Promise<Seeded> {
  const store = await openStore({ path });
  try {
    const guildId = '1100000000000000001';
    await store.daily.saveSchedule(
      {
        guildId,
        channelId: 'c1',
        timeOfDay: '09:00',
        timeZone: ZONE,
        days: 'mon,tue,wed,thu,fri,sat,sun',
        deckId: 'seed',
        closeAfterMinutes: null,
        startsThread: false,
        pins: false,
        roleId: null,
      },
      0,
    );
    const startOfToday = Math.floor(now / DAY_MS) * DAY_MS;
    // Today's answers must fall on today even just after midnight, and before `now`.
    const today = Math.max(startOfToday + 120_000, now - 30_000);
    const questions: Question[] = [
      {
        id: 'q1',
        at: startOfToday - 2 * DAY_MS + 12 * 3_600_000,
        card: 'port-to-service:3389',
        options: ['SSH', 'RDP', 'SMB', 'VNC'],
        correctIndex: 1,
        answers: [
          ['u-ann', 1],
          ['u-bob', 1],
          ['u-cat', 2],
        ],
      },
      {
        id: 'q2',
        at: startOfToday - DAY_MS + 12 * 3_600_000,
        card: 'port-to-service:22',
        options: ['SSH', 'Telnet', 'FTP', 'RDP'],
        correctIndex: 0,
        answers: [
          ['u-ann', 0],
          ['u-bob', 1],
          ['u-cat', 1],
        ],
      },
      {
        id: 'q3',
        at: today,
        card: 'port-to-service:445',
        options: ['SMB', 'NFS', 'LDAP', 'SSH'],
        correctIndex: 0,
        answers: [
          ['u-cat', 0],
          ['u-ann', 1],
        ],
      },
    ];
    for (const question of questions) await postDaily(store, guildId, question);
    const drillPoints = await playDrill(store, guildId, startOfToday - DAY_MS + 15 * 3_600_000);
    const dates = questions.map((q) => periodKeysOf(q.at - 60_000, ZONE).day) as [string, string, string];
    // Names as the bot keeps them; u-cat was never seen since names were kept.
    await store.boards.rememberName(guildId, 'u-ann', 'Ann', now);
    await store.boards.rememberName(guildId, 'u-bob', 'Bob', now);
    return {
      guildId,
      token: await store.boards.createToken(guildId, 'admin', now),
      otherToken: await store.boards.createToken('1100000000000000002', 'admin', now),
      emptyGuildId: '1100000000000000003',
      emptyToken: await store.boards.createToken('1100000000000000003', 'admin', now),
      drillPoints,
      dates,
    };
  } finally {
    await store.close();
  }
}
