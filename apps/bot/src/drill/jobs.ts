import type { ClaimedJob } from '@portdeck/store';
import {
  drillCloseKind,
  drillEndKind,
  drillLobbyKind,
  drillOpenKind,
  drillRevealKind,
} from '@portdeck/store';
import type { CommandContext } from '../commands/types.ts';
import type { FeatureJobs } from '../jobs/index.ts';
import { ChannelError } from '../messenger.ts';
import { renderQuestion, renderResults, renderReveal } from '../render/drill.ts';
import type { JobHandler, JobOutcome } from '../scheduler.ts';
import {
  closeQuestionMessage,
  drillJobs,
  drillNonces,
  finalResults,
  rankTallies,
  redrawBoard,
  roundOptions,
  ROUND_GAP_MS,
} from './drill.ts';

/** A drill job's payload. */
function payloadOf(job: ClaimedJob): { drillId: string; round: number } {
  const payload = job.payload as { drillId?: unknown; round?: unknown } | undefined;
  return {
    drillId: typeof payload?.drillId === 'string' ? payload.drillId : '',
    round: typeof payload?.round === 'number' ? payload.round : 0,
  };
}

const completed: JobOutcome = { kind: 'completed' };
const done: JobOutcome = { kind: 'done' };

/** Discord refused for good (channel gone, access lost): end the drill instead of retrying forever. */
function isPermanent(error: unknown): boolean {
  return error instanceof ChannelError && [10003, 50001, 50013].includes(error.code ?? 0);
}

/** The drill's scheduled work: lobby timeout, posting rounds, deadlines, reveals and the end. */
export function drillJobHandlers(ctx: CommandContext): FeatureJobs {
  const { store } = ctx;

  const endNow = async (drillId: string, now: number): Promise<void> => {
    await store.drills.end({ drillId, now, endJob: drillJobs.end(drillId, now) });
  };

  const lobby: JobHandler = async (job, run) => {
    const { drillId } = payloadOf(job);
    const now = run.now();
    const started = await store.drills.start({
      drillId,
      now,
      openJob: drillJobs.open(drillId, 1, now),
      lease: job.lease,
    });
    if (started === 'no-players') await endNow(drillId, now);
    if (started === 'started') redrawBoard(ctx, drillId);
    return completed;
  };

  const open: JobHandler = async (job, run) => {
    const { drillId, round } = payloadOf(job);
    const drill = await store.drills.get(drillId);
    if (drill?.status !== 'running') return done;
    const card = ctx.decks.card(drill.cardIds[round - 1] ?? '');
    if (card === undefined) {
      await endNow(drillId, run.now());
      return done;
    }
    const startedAt = run.now();
    const deadline = startedAt + drill.roundSeconds * 1000;
    const { options, correctIndex } = roundOptions(ctx, drill, round, card);
    const shown = { round, options, deadline };
    let messageId: string;
    try {
      ({ id: messageId } = await ctx.channels.post(drill.channelId, {
        ...renderQuestion(drill, shown, card),
        nonce: drillNonces.question(drillId, round),
      }));
    } catch (error) {
      if (!isPermanent(error)) throw error;
      await endNow(drillId, run.now());
      return done;
    }
    if (round === 1) redrawBoard(ctx, drillId);
    const recorded = await store.drills.recordRound(
      job.lease,
      { drillId, round, cardId: card.id, options, correctIndex, messageId, startedAt, deadline },
      drillJobs.close(drillId, round, deadline),
      run.now(),
    );
    // Stopped meanwhile (or another worker took over): this copy of the question takes no answers.
    if (recorded === null)
      await ctx.channels
        .edit(drill.channelId, messageId, renderQuestion(drill, shown, card, true))
        .catch(() => undefined);
    return completed;
  };

  const close: JobHandler = async (job, run) => {
    const { drillId, round } = payloadOf(job);
    const now = run.now();
    await store.drills.closeRound({
      drillId,
      round,
      now,
      revealJob: drillJobs.reveal(drillId, round, now),
      lease: job.lease,
    });
    return completed;
  };

  const reveal: JobHandler = async (job, run) => {
    const { drillId, round } = payloadOf(job);
    const drill = await store.drills.get(drillId);
    const record = await store.drills.getRound(drillId, round);
    if (drill === undefined || record === undefined) return done;
    const card = ctx.decks.card(record.cardId);
    const players = await store.drills.players(drillId);
    const { rounds, answers } = await store.drills.rounds(drillId);
    const closedRounds = new Set(rounds.filter((r) => r.closedAt !== null).map((r) => r.round));
    const ranked = rankTallies(
      players,
      answers.filter((a) => closedRounds.has(a.round)),
    );
    const mine = answers.filter((a) => a.round === round);
    try {
      await closeQuestionMessage(ctx, drill, record);
      if (card !== undefined) {
        await ctx.channels.post(drill.channelId, {
          ...renderReveal(
            record,
            card,
            mine
              .filter((a) => a.points > 0)
              .sort((a, b) => b.points - a.points || a.answeredAt - b.answeredAt),
            mine.length,
            ranked,
          ),
          nonce: drillNonces.reveal(drillId, round),
        });
      }
    } catch (error) {
      if (!isPermanent(error)) throw error;
    }
    redrawBoard(ctx, drillId);
    const now = run.now();
    if (drill.status === 'running' && round < drill.roundCount) {
      await store.drills.advance(job.lease, drillJobs.open(drillId, round + 1, now + ROUND_GAP_MS), now);
    } else {
      // Completes this job too; already ended (stopped), it only completes it.
      await store.drills.end({ drillId, now, endJob: drillJobs.end(drillId, now), lease: job.lease });
    }
    return completed;
  };

  const end: JobHandler = async (job) => {
    const { drillId } = payloadOf(job);
    const drill = await store.drills.get(drillId);
    if (drill === undefined) return done;
    const players = await store.drills.players(drillId);
    const { rounds, answers } = await store.drills.rounds(drillId);
    const last = rounds.at(-1);
    try {
      // A drill stopped mid-round: its question takes no more clicks.
      if (last !== undefined && last.closedAt === drill.endedAt) await closeQuestionMessage(ctx, drill, last);
      await ctx.channels.post(drill.channelId, {
        ...renderResults(drill, finalResults(players, rounds, answers), (id) => ctx.decks.card(id)),
        nonce: drillNonces.results(drillId),
      });
    } catch (error) {
      if (!isPermanent(error)) throw error;
    }
    redrawBoard(ctx, drillId);
    return done;
  };

  return {
    handlers: {
      [drillLobbyKind]: lobby,
      [drillOpenKind]: open,
      [drillCloseKind]: close,
      [drillRevealKind]: reveal,
      [drillEndKind]: end,
    },
  };
}
