import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermissionFlagsBits } from 'discord.js';
import type { Card } from '@portdeck/core';
import type { DoubleMessage, DoubleUser } from '@portdeck/discord-double';
import { drillEdits } from '../src/drill/drill.ts';
import { EPHEMERAL } from './helpers.ts';
import {
  buttonId,
  postsTitled,
  replyOf,
  startDrillWorld,
  titleOf,
  type BotProcess,
  type DrillWorld,
} from './drill-helpers.ts';

let world: DrillWorld;
let bot: BotProcess;

beforeAll(async () => {
  world = await startDrillWorld(['alice', 'bob', 'carol', 'dave']);
  bot = await world.start();
});

afterAll(async () => {
  await world.close();
});

const user = (name: string): DoubleUser => {
  const found = world.users[name];
  if (found === undefined) throw new Error(`no user ${name}`);
  return found;
};

async function drill(name: string, subcommand: string, options: Record<string, string | number> = {}) {
  return replyOf(await world.double.sendCommand({ name: 'drill', subcommand, options, user: user(name) }));
}

async function click(message: DoubleMessage, action: string, name: string) {
  return replyOf(
    await world.double.clickButton({ message, customId: buttonId(message, action), user: user(name) }),
  );
}

/** Runs the scheduler once (lobby timeout, round posts, deadlines, reveals, the end). */
async function tick(): Promise<void> {
  await bot.scheduler.tick();
}

/** Waits (real time, up to 5 s) for a condition the bot reaches after replying. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not reached within 5 s');
}

/** A stored message by id. */
function lobbyOf(id: string | null): DoubleMessage {
  const found = world.double.message(id ?? '');
  if (found === undefined) throw new Error(`no message ${String(id)}`);
  return found;
}

/** A typed answer core accepts for the card. */
function typedAnswer(card: Card): string {
  const expected = card.expected;
  switch (expected.kind) {
    case 'names':
      return expected.names[0] ?? '';
    case 'ports':
      return String(expected.ports[0]);
    case 'transport':
      return expected.taught.join(' and ');
    case 'class':
      return expected.portClass;
    case 'counterpart':
      return `${expected.names[0] ?? ''} ${String(expected.ports[0])}`;
  }
}

function latest(prefix: string): DoubleMessage {
  const found = postsTitled(world.double, world.channelId, prefix).at(-1);
  if (found === undefined) throw new Error(`no message titled ${prefix}`);
  return found;
}

describe('/drill with several users through discord.js and the double', () => {
  let lobby: DoubleMessage;
  let drillId: string;

  it('opens a lobby with Join, Leave and Start; a second drill in the channel gets a link to it', async () => {
    const started = await drill('alice', 'start', { rounds: 2, seconds: 20, lobby: 30 });
    expect(started.data.flags).toBe(EPHEMERAL);
    expect(started.data.content).toContain('Drill lobby opened with 2 rounds');
    lobby = await world.double.waitForMessage((m) => titleOf(m) === 'Drill lobby', {
      channelId: world.channelId,
    });
    expect(
      lobby.components.flatMap((r) => ((r.components ?? []) as { label: string }[]).map((b) => b.label)),
    ).toEqual(['Join', 'Leave', 'Start (host)']);
    drillId = buttonId(lobby, 'join').split(':')[2] ?? '';
    const second = await drill('bob', 'start');
    expect(second.data.flags).toBe(EPHEMERAL);
    expect(second.data.content).toContain(`/${lobby.id}`);
  });

  it('joins players, refuses Start from anyone but the host, and redraws the lobby coalesced', async () => {
    for (const name of ['bob', 'carol'])
      expect((await click(lobby, 'join', name)).data.content).toContain('You joined');
    expect((await click(lobby, 'join', 'bob')).data.content).toContain('already in');
    expect((await click(lobby, 'start', 'bob')).data.content).toContain('Only the host');
    await drillEdits(bot.bot.context).idle();
    const shown = world.double.message(lobby.id);
    const description = (shown?.embeds[0] as { description?: string }).description ?? '';
    expect(description).toContain('Players (3)');
    // Three joins and the stored message id: far fewer edits than clicks.
    expect(world.double.messageRecord(lobby.id)?.edits).toBeLessThanOrEqual(2);
    expect((await click(lobby, 'start', 'alice')).data.content).toContain('Starting');
  });

  it('posts round 1; scores right answers with the grace window; double, non-player clicks change nothing', async () => {
    await tick();
    const question = latest('Round 1 of 2');
    const round = await bot.store.drills.getRound(drillId, 1);
    if (round === undefined) throw new Error('round 1 not recorded');
    expect(round.deadline - round.startedAt).toBe(20_000);
    const right = `a${String(round.correctIndex)}`;
    // Transport and range cards have three options, the others four.
    const wrong = `a${String((round.correctIndex + 1) % round.options.length)}`;
    world.clock.at += 1000;
    expect((await click(question, right, 'alice')).data.content).toContain('Locked in');
    expect((await click(question, wrong, 'alice')).data.content).toContain('already answered');
    expect((await click(question, right, 'dave')).data.content).toContain('press **Join**');
    world.clock.at += 1500;
    expect((await click(question, right, 'bob')).data.content).toContain('2 of 3 answered');
    world.clock.at += 4000;
    expect((await click(question, wrong, 'carol')).data.content).toContain('3 of 3 answered');
    // Everyone answered: closed at once (right after carol's reply), scored with bob inside alice's grace window.
    await until(async () => (await bot.store.drills.getRound(drillId, 1))?.closedAt != null);
    const { answers } = await bot.store.drills.rounds(drillId);
    expect(
      Object.fromEntries(
        answers.map((a) => [
          a.userId === user('alice').id ? 'alice' : a.userId === user('bob').id ? 'bob' : 'carol',
          a.points,
        ]),
      ),
    ).toEqual({
      alice: 148,
      bob: 148,
      carol: 0,
    });
    world.clock.at += 100;
    expect((await click(question, right, 'carol')).data.content).toContain('Too late');
  });

  it('reveals the answer, who got it and the scoreboard; a late joiner plays from round 2', async () => {
    await tick();
    const reveal = latest('Round 1:');
    const text = (reveal.embeds[0] as { description?: string }).description ?? '';
    expect(text).toContain(`<@${user('alice').id}> +148`);
    expect(text).toContain('Got it (2 of 3 answered)');
    const closedButtons = (world.double.message(latest('Round 1 of 2').id)?.components[0]?.components ??
      []) as { disabled?: boolean }[];
    expect(closedButtons.every((b) => b.disabled === true)).toBe(true);
    expect((await click(world.double.message(lobby.id) ?? lobby, 'join', 'dave')).data.content).toContain(
      'next round',
    );
    world.clock.at += 3000;
    await tick();
    expect(latest('Round 2 of 2')).toBeDefined();
  });

  it('closes round 2 at its deadline with the answers given; late clicks are refused; results and Study', async () => {
    const question = latest('Round 2 of 2');
    const round = await bot.store.drills.getRound(drillId, 2);
    if (round === undefined) throw new Error('round 2 not recorded');
    world.clock.at += 2000;
    expect((await click(question, `a${String(round.correctIndex)}`, 'dave')).data.content).toContain(
      'Locked in',
    );
    world.clock.at = round.deadline + 1;
    expect((await click(question, `a${String(round.correctIndex)}`, 'alice')).data.content).toContain(
      'Too late',
    );
    await tick(); // close
    await tick(); // reveal, end
    await tick(); // results
    const results = latest('Drill results');
    const text = (results.embeds[0] as { description?: string }).description ?? '';
    expect(text).toContain(`1. <@${user('alice').id}> 148 pts, 1 correct`);
    expect(text).toContain(`1. <@${user('bob').id}> 148 pts, 1 correct`);
    expect(text).toContain('Fastest correct answer');
    const studied = await click(results, 'study', 'carol');
    expect(studied.data.flags).toBe(EPHEMERAL);
    expect(studied.data.content).toContain('Cramming the 2 cards you missed');
    expect((await click(results, 'study', 'alice')).data.content).toContain('Cramming the 1 card you missed');
    expect((await click(results, 'study', 'dave')).data.content).toContain('You missed nothing');
    expect(await bot.store.drills.activeIn(world.channelId)).toBeUndefined();
    await drillEdits(bot.bot.context).idle();
    expect(titleOf(world.double.message(lobby.id))).toBe('Drill over: final scoreboard');
    expect(world.double.rateLimits.byName.messageEdit).toBe(0);
  });
});

describe('/drill permissions, stop and status', () => {
  it('says which permission the bot lacks', async () => {
    const guild = world.double.guilds[0];
    if (guild === undefined) throw new Error('no guild');
    const channel = world.double.createChannel(guild.id, { name: 'locked' });
    world.double.setOverwrite(channel.id, {
      id: world.double.botRole(guild.id).id,
      deny: PermissionFlagsBits.EmbedLinks,
    });
    const reply = await replyOf(
      await world.double.sendCommand({
        name: 'drill',
        subcommand: 'start',
        channelId: channel.id,
        user: user('bob'),
      }),
    );
    expect(reply.data.content).toContain('**Embed Links**');
    expect(await bot.store.drills.activeIn(channel.id)).toBeUndefined();
  });

  it('plays a typed round: Answer opens a form, core checks the text; status privately; stop by the host only', async () => {
    await drill('carol', 'start', { mode: 'typed', rounds: 3 });
    await until(async () => (await bot.store.drills.activeIn(world.channelId))?.messageId != null);
    const running = await bot.store.drills.activeIn(world.channelId);
    if (running === undefined) throw new Error('no drill');
    const status = await drill('dave', 'status');
    expect(status.data.flags).toBe(EPHEMERAL);
    expect(status.data.embeds?.[0]?.description).toContain('In the lobby');
    await click(lobbyOf(running.messageId), 'join', 'bob');
    await click(lobbyOf(running.messageId), 'start', 'carol');
    await tick();
    const question = latest('Round 1 of 3');
    const card = bot.bot.context.decks.card(running.cardIds[0] ?? '');
    if (card === undefined) throw new Error('no card');
    world.clock.at += 1000;
    const open = await world.double.clickButton({
      message: question,
      customId: buttonId(question, 'type'),
      user: user('carol'),
    });
    expect((await open.response()).type).toBe(9);
    const submitted = await replyOf(
      await world.double.submitModal({ interaction: open, fields: { answer: typedAnswer(card) } }),
    );
    expect(submitted.data.content).toContain('Locked in');
    expect((await click(question, 'type', 'dave')).data.content).toContain('press **Join**');
    world.clock.at += 1000;
    const inDrill = await drill('bob', 'status');
    expect(inDrill.data.embeds?.[0]?.description).toContain('Round 1 of 3: 18 s left');
    expect((await drill('dave', 'stop')).data.content).toContain('Only the host');
    expect((await drill('carol', 'stop')).data.content).toContain('Drill stopped');
    // Clicks on an ended drill change nothing.
    expect((await click(question, 'type', 'bob')).data.content).toContain('drill is over');
    await tick();
    const { answers } = await bot.store.drills.rounds(running.drillId);
    expect(answers.map((a) => [a.userId, a.isCorrect, a.points])).toEqual([[user('carol').id, true, 148]]);
    expect(postsTitled(world.double, world.channelId, 'Drill results')).toHaveLength(2);
    expect((await drill('carol', 'status')).data.content).toContain('No drill is running');
  });
});
