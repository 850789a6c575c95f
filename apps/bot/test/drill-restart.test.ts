import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoubleMessage, DoubleUser } from '@portdeck/discord-double';
import { drillJobIds } from '@portdeck/store';
import { freshPostgresDatabase, hasPostgres } from './postgres.ts';
import {
  buttonId,
  postsTitled,
  replyOf,
  startDrillWorld,
  titleOf,
  type DrillWorld,
} from './drill-helpers.ts';

const databases: { name: string; create: () => { url?: string; drop: () => Promise<void> } }[] = [
  { name: 'SQLite', create: () => ({ drop: () => Promise.resolve() }) },
  ...(hasPostgres ? [{ name: 'PostgreSQL', create: freshPostgresDatabase }] : []),
];

describe.each(databases)('a bot restart during a drill on $name', ({ create }) => {
  let world: DrillWorld;
  let database: ReturnType<typeof create>;

  beforeAll(async () => {
    database = create();
    world = await startDrillWorld(
      ['alice', 'bob', 'carol'],
      database.url === undefined ? {} : { databaseUrl: database.url },
    );
  });

  afterAll(async () => {
    await world.close();
    await database.drop();
  });

  const user = (name: string): DoubleUser => {
    const found = world.users[name];
    if (found === undefined) throw new Error(`no user ${name}`);
    return found;
  };

  async function click(message: DoubleMessage, action: string, name: string) {
    return replyOf(
      await world.double.clickButton({ message, customId: buttonId(message, action), user: user(name) }),
    );
  }

  it('loses nothing: a new process takes clicks on the old question, and two processes close the round once', async () => {
    const first = await world.start();
    await replyOf(
      await world.double.sendCommand({
        name: 'drill',
        subcommand: 'start',
        options: { rounds: 2, seconds: 20, lobby: 10 },
        user: user('alice'),
      }),
    );
    const lobby = await world.double.waitForMessage((m) => titleOf(m) === 'Drill lobby', {
      channelId: world.channelId,
    });
    for (const name of ['bob', 'carol']) await click(lobby, 'join', name);
    // The lobby times out with players: the drill starts, then round 1 is posted.
    world.clock.at += 10_000;
    await first.scheduler.tick();
    await first.scheduler.tick();
    const question = postsTitled(world.double, world.channelId, 'Round 1 of 2')[0];
    if (question === undefined) throw new Error('round 1 was not posted');
    const drillId = buttonId(lobby, 'join').split(':')[2] ?? '';
    const round = await first.store.drills.getRound(drillId, 1);
    if (round === undefined) throw new Error('round 1 not recorded');
    world.clock.at += 1000;
    expect((await click(question, `a${String(round.correctIndex)}`, 'alice')).data.content).toContain(
      'Locked in',
    );
    await first.stop();

    // A new process on the same database: the old question's buttons still work, with the original deadline.
    const second = await world.start();
    world.clock.at += 2500;
    expect((await click(question, `a${String(round.correctIndex)}`, 'bob')).data.content).toContain(
      '2 of 3 answered',
    );
    expect((await second.store.drills.getRound(drillId, 1))?.deadline).toBe(round.deadline);

    // The deadline passes; two processes tick at once: the round closes once.
    const third = await world.start();
    world.clock.at = round.deadline + 5000;
    await Promise.all([second.scheduler.tick(), third.scheduler.tick()]);
    const closeJob = await second.store.jobs.get(drillJobIds.close(drillId, 1));
    expect(closeJob).toMatchObject({ status: 'done', attempts: 1 });
    const closed = await second.store.drills.rounds(drillId);
    expect(closed.rounds[0]?.closedAt).toBe(round.deadline + 5000);
    expect(closed.answers.map((a) => a.points)).toEqual([148, 141]);
    for (let i = 0; i < 3; i++) await Promise.all([second.scheduler.tick(), third.scheduler.tick()]);
    world.clock.at += 3000;
    for (let i = 0; i < 2; i++) await Promise.all([second.scheduler.tick(), third.scheduler.tick()]);
    expect(postsTitled(world.double, world.channelId, 'Round 1:')).toHaveLength(1);
    expect(postsTitled(world.double, world.channelId, 'Round 2 of 2')).toHaveLength(1);
  });
});
