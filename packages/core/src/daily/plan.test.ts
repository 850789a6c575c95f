import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dailyCloseTime, LATE_AFTER_MS, MAX_OPEN_MS, planDaily } from './plan.ts';
import { nextDailyPost, parseDailySchedule, WEEKDAYS, type DailySchedule } from './schedule.ts';

// Zone arithmetic under many runs: generous, as a loaded machine runs these far slower than 5 s.
const PROPERTY_TIMEOUT_MS = 30_000;

const at = (text: string): number => Date.parse(text);
const hourMs = 3_600_000;

function schedule(time: string, timeZone: string, days = 'every-day', closeAfter?: string): DailySchedule {
  const parsed = parseDailySchedule({ time, timeZone, days, closeAfter });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

// 09:00 in Berlin (CET, UTC+1) is 08:00 UTC in November.
const berlin = schedule('09:00', 'Europe/Berlin');
const friday = { at: at('2026-11-27T08:00:00Z'), date: '2026-11-27' };

describe('dailyCloseTime', () => {
  it('closes an hour before the next post by default', () => {
    expect(dailyCloseTime(berlin, friday)).toBe(at('2026-11-28T07:00:00Z'));
  });

  it('never stays open more than 24 hours, even over a weekend', () => {
    const weekdays = schedule('09:00', 'Europe/Berlin', 'weekdays');
    expect(dailyCloseTime(weekdays, friday)).toBe(friday.at + MAX_OPEN_MS);
  });

  it('uses a configured duration, but never past the next post', () => {
    expect(dailyCloseTime(schedule('09:00', 'Europe/Berlin', 'every-day', '2h'), friday)).toBe(
      friday.at + 2 * hourMs,
    );
    // The spring-forward day is 23 hours long: a 24-hour setting closes at the next post.
    const spring = schedule('09:00', 'Europe/Berlin', 'every-day', '24h');
    const saturday = nextDailyPost(spring, at('2026-03-28T00:00:00Z'));
    expect(dailyCloseTime(spring, saturday)).toBe(nextDailyPost(spring, saturday.at).at);
  });

  it(
    'property: closes after the post, by the next post, within 24 hours',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom('America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Pacific/Chatham'),
          fc.subarray([...WEEKDAYS], { minLength: 1 }),
          fc.option(fc.integer({ min: 1, max: 1440 }), { nil: undefined }),
          fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }),
          (timeZone, days, closeAfterMinutes, now) => {
            const s: DailySchedule = {
              time: { hour: 2, minute: 30 },
              timeZone,
              days,
              ...(closeAfterMinutes === undefined ? {} : { closeAfterMinutes }),
            };
            const post = nextDailyPost(s, now);
            const closes = dailyCloseTime(s, post);
            expect(closes).toBeGreaterThan(post.at);
            expect(closes).toBeLessThanOrEqual(Math.min(post.at + MAX_OPEN_MS, nextDailyPost(s, post.at).at));
          },
        ),
        { numRuns: 200 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('planDaily', () => {
  it('posts on time when due', () => {
    expect(planDaily({ schedule: berlin, lastPostedDate: '2026-11-26', now: friday.at + 200 })).toEqual({
      kind: 'post',
      post: friday,
      closesAt: at('2026-11-28T07:00:00Z'),
      isLate: false,
    });
  });

  it('waits for the next post once today is sent', () => {
    expect(planDaily({ schedule: berlin, lastPostedDate: '2026-11-27', now: friday.at + hourMs })).toEqual({
      kind: 'wait',
      next: { at: at('2026-11-28T08:00:00Z'), date: '2026-11-28' },
    });
  });

  it('posts late when the bot comes back before the day closes', () => {
    const action = planDaily({ schedule: berlin, lastPostedDate: '2026-11-26', now: friday.at + 5 * hourMs });
    expect(action).toMatchObject({ kind: 'post', post: friday, isLate: true });
    expect(planDaily({ schedule: berlin, now: friday.at + LATE_AFTER_MS + 1 })).toMatchObject({
      isLate: true,
    });
  });

  it('skips the day once it has closed, and owes nothing older: no backlog', () => {
    const now = at('2026-11-28T07:30:00Z'); // after Friday closed, before Saturday's post
    expect(planDaily({ schedule: berlin, lastPostedDate: '2026-11-20', now })).toEqual({
      kind: 'wait',
      next: { at: at('2026-11-28T08:00:00Z'), date: '2026-11-28' },
      skipped: friday,
    });
    // A week down: only the latest day is owed.
    const back = at('2026-11-28T09:00:00Z');
    expect(planDaily({ schedule: berlin, lastPostedDate: '2026-11-20', now: back })).toMatchObject({
      kind: 'post',
      post: { date: '2026-11-28' },
    });
  });

  it('does not post a day that was due before the schedule was saved', () => {
    expect(planDaily({ schedule: berlin, since: friday.at + hourMs, now: friday.at + 2 * hourMs })).toEqual({
      kind: 'wait',
      next: { at: at('2026-11-28T08:00:00Z'), date: '2026-11-28' },
    });
  });

  it(
    'property: never posts a date twice, and posts each allowed day while the bot runs',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom('America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata'),
          fc.subarray([...WEEKDAYS], { minLength: 1 }),
          fc.integer({ min: 0, max: 1439 }),
          fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }),
          (timeZone, days, minuteOfDay, start) => {
            const s: DailySchedule = {
              time: { hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 },
              timeZone,
              days,
            };
            let now = start;
            let last: string | undefined;
            const posted: string[] = [];
            for (let step = 0; step < 12; step++) {
              const action = planDaily({ schedule: s, lastPostedDate: last, since: start, now });
              if (action.kind === 'post') {
                expect(action.post.date > (last ?? '')).toBe(true);
                last = action.post.date;
                posted.push(last);
              } else {
                expect(action.skipped).toBeUndefined();
                now = action.next.at;
              }
            }
            expect(new Set(posted).size).toBe(posted.length);
            expect(posted.length).toBeGreaterThanOrEqual(5);
          },
        ),
        { numRuns: 100 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
