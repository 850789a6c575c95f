import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, isoWeekdayOf } from '../time/calendar-date.ts';
import { localDateOf, localMinuteOf, resolveLocalTime } from '../time/zoned.ts';
import {
  dailyJobId,
  dailyPostNonce,
  dailyPostOn,
  describeSchedule,
  nextDailyPost,
  parseCloseAfter,
  parseDailySchedule,
  parseTimeOfDay,
  parseWeekdays,
  previousDailyPost,
  WEEKDAYS,
  type DailySchedule,
} from './schedule.ts';

// Zone arithmetic under many runs: generous, as a loaded machine runs these far slower than 5 s.
const PROPERTY_TIMEOUT_MS = 30_000;

const iso = (at: number): string => new Date(at).toISOString();
const at = (text: string): number => Date.parse(text);

function schedule(time: string, timeZone: string, days = 'every-day'): DailySchedule {
  const parsed = parseDailySchedule({ time, timeZone, days });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe('parseTimeOfDay', () => {
  it('reads HH:MM on a 24-hour clock', () => {
    expect(parseTimeOfDay('09:00')).toEqual({ ok: true, value: { hour: 9, minute: 0 } });
    expect(parseTimeOfDay(' 7:05 ')).toEqual({ ok: true, value: { hour: 7, minute: 5 } });
    expect(parseTimeOfDay('23:59')).toEqual({ ok: true, value: { hour: 23, minute: 59 } });
    expect(parseTimeOfDay('00:00')).toEqual({ ok: true, value: { hour: 0, minute: 0 } });
  });

  it.each(['24:00', '12:60', '9am', '9', '09:0', '', '-1:00', '09:00:00'])(
    'refuses %j, saying what works',
    (text) => {
      const result = parseTimeOfDay(text);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid-time');
        expect(result.error.message).toContain('HH:MM on a 24-hour clock');
      }
    },
  );
});

describe('parseWeekdays', () => {
  it('reads the four forms, case-insensitively, in week order without repeats', () => {
    expect(parseWeekdays(undefined)).toEqual({ ok: true, value: WEEKDAYS });
    expect(parseWeekdays('Every-Day')).toEqual({ ok: true, value: WEEKDAYS });
    expect(parseWeekdays('weekdays')).toEqual({ ok: true, value: ['mon', 'tue', 'wed', 'thu', 'fri'] });
    expect(parseWeekdays('WEEKENDS')).toEqual({ ok: true, value: ['sat', 'sun'] });
    expect(parseWeekdays('fri, Mon,wed,mon')).toEqual({ ok: true, value: ['mon', 'wed', 'fri'] });
    expect(parseWeekdays('Tuesday thurs')).toEqual({ ok: true, value: ['tue', 'thu'] });
  });

  it('names the word it does not know and lists what is accepted', () => {
    const result = parseWeekdays('mon,funday');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toBe(
        '"funday" is not a day: use every-day, weekdays, weekends or a list of days such as mon,wed,fri.',
      );
    }
  });

  it('refuses a list with no days in it', () => {
    const result = parseWeekdays(' , ;');
    expect(result.ok || result.error.message).toMatch(/^Name at least one day/);
  });
});

describe('parseCloseAfter', () => {
  it('reads minutes and hours', () => {
    expect(parseCloseAfter('45m')).toEqual({ ok: true, value: 45 });
    expect(parseCloseAfter('2h')).toEqual({ ok: true, value: 120 });
    expect(parseCloseAfter('1h 30m')).toEqual({ ok: true, value: 90 });
    expect(parseCloseAfter('90')).toEqual({ ok: true, value: 90 });
    expect(parseCloseAfter('24h')).toEqual({ ok: true, value: 1440 });
  });

  it.each(['0m', '25h', 'soon', '', 'h'])('refuses %j', (text) => {
    const result = parseCloseAfter(text);
    expect(result.ok || result.error.code).toBe('invalid-duration');
  });
});

describe('parseDailySchedule', () => {
  it('builds a schedule from what /daily setup was given', () => {
    expect(
      parseDailySchedule({ time: '9:00', timeZone: 'europe/berlin', days: 'weekdays', closeAfter: '2h' }),
    ).toEqual({
      ok: true,
      value: {
        time: { hour: 9, minute: 0 },
        timeZone: 'Europe/Berlin',
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        closeAfterMinutes: 120,
      },
    });
  });

  it('returns the first problem: the zone, with suggestions', () => {
    const result = parseDailySchedule({ time: '09:00', timeZone: 'Europe/Berln' });
    expect(result.ok || result.error).toMatchObject({
      code: 'unknown-time-zone',
      suggestions: ['Europe/Berlin'],
    });
  });

  it('leaves the close time out when not given', () => {
    expect(schedule('18:30', 'UTC')).toEqual({
      time: { hour: 18, minute: 30 },
      timeZone: 'UTC',
      days: WEEKDAYS,
    });
  });
});

describe('describeSchedule', () => {
  it('says the days, time and zone in words', () => {
    expect(describeSchedule(schedule('09:00', 'Europe/Berlin', 'weekdays'))).toBe(
      'Every weekday at 09:00 (Europe/Berlin)',
    );
    expect(describeSchedule(schedule('07:05', 'Asia/Kolkata'))).toBe('Every day at 07:05 (Asia/Kolkata)');
    expect(describeSchedule(schedule('10:00', 'UTC', 'weekends'))).toBe(
      'Every Saturday and Sunday at 10:00 (UTC)',
    );
    expect(describeSchedule(schedule('10:00', 'UTC', 'fri,mon,wed'))).toBe(
      'Every Monday, Wednesday and Friday at 10:00 (UTC)',
    );
    expect(describeSchedule(schedule('10:00', 'UTC', 'sun'))).toBe('Every Sunday at 10:00 (UTC)');
    expect(describeSchedule({ ...schedule('10:00', 'UTC'), closeAfterMinutes: 90 })).toBe(
      'Every day at 10:00 (UTC), open for 1 hour 30 minutes',
    );
  });
});

describe('nextDailyPost', () => {
  it('gives the next post strictly after now, today or on the next allowed day', () => {
    const berlin = schedule('09:00', 'Europe/Berlin', 'weekdays');
    // Friday 27 November 2026, 07:59 UTC = 08:59 CET.
    expect(nextDailyPost(berlin, at('2026-11-27T07:59:00Z'))).toEqual({
      at: at('2026-11-27T08:00:00Z'),
      date: '2026-11-27',
    });
    // At the post itself: the next one, skipping the weekend.
    expect(nextDailyPost(berlin, at('2026-11-27T08:00:00Z'))).toEqual({
      at: at('2026-11-30T08:00:00Z'),
      date: '2026-11-30',
    });
  });

  it('posts at the first valid minute when the time falls in a spring-forward gap', () => {
    const newYork = schedule('02:30', 'America/New_York');
    const sunday = nextDailyPost(newYork, at('2026-03-07T08:00:00Z'));
    expect(sunday).toEqual({ at: at('2026-03-08T07:00:00Z'), date: '2026-03-08' }); // 03:00 EDT
    expect(nextDailyPost(newYork, sunday.at)).toEqual({ at: at('2026-03-09T06:30:00Z'), date: '2026-03-09' });
    const berlin = schedule('02:30', 'Europe/Berlin');
    expect(iso(nextDailyPost(berlin, at('2026-03-28T02:00:00Z')).at)).toBe('2026-03-29T01:00:00.000Z');
  });

  it('posts once, at the first occurrence, when the time happens twice', () => {
    const newYork = schedule('01:30', 'America/New_York');
    const first = nextDailyPost(newYork, at('2026-11-01T00:00:00Z'));
    expect(first).toEqual({ at: at('2026-11-01T05:30:00Z'), date: '2026-11-01' }); // 01:30 EDT
    // Called after the post, even from inside the repeated hour, the next post is the next day.
    expect(nextDailyPost(newYork, first.at).date).toBe('2026-11-02');
    expect(nextDailyPost(newYork, at('2026-11-01T06:45:00Z')).date).toBe('2026-11-02');
  });

  it('handles the 30-minute shift of Lord Howe both ways', () => {
    const lordHowe = schedule('02:15', 'Australia/Lord_Howe');
    // 4 October 2026: 02:00 -> 02:30, so 02:15 goes out at 02:30 (+11:00).
    expect(nextDailyPost(lordHowe, at('2026-10-03T10:00:00Z'))).toEqual({
      at: at('2026-10-03T15:30:00Z'),
      date: '2026-10-04',
    });
    const overlap = schedule('01:45', 'Australia/Lord_Howe');
    // 5 April 2026: 02:00 -> 01:30, so 01:45 happens twice; the first is at +11:00.
    const post = nextDailyPost(overlap, at('2026-04-04T10:00:00Z'));
    expect(post).toEqual({ at: at('2026-04-04T14:45:00Z'), date: '2026-04-05' });
    expect(nextDailyPost(overlap, post.at).date).toBe('2026-04-06');
  });

  it('keeps Kolkata (+05:30, no DST) and Chatham (+12:45/+13:45) on local time', () => {
    expect(nextDailyPost(schedule('09:00', 'Asia/Kolkata'), at('2026-11-27T04:00:00Z'))).toEqual({
      at: at('2026-11-28T03:30:00Z'),
      date: '2026-11-28',
    });
    const chatham = schedule('03:00', 'Pacific/Chatham');
    // 27 September 2026: 02:45 -> 03:45 local, so 03:00 does not exist: it goes out at 03:45 (+13:45).
    expect(nextDailyPost(chatham, at('2026-09-26T00:00:00Z'))).toEqual({
      at: at('2026-09-26T14:00:00Z'),
      date: '2026-09-27',
    });
    expect(nextDailyPost(chatham, at('2026-09-26T14:00:00Z'))).toEqual({
      at: at('2026-09-27T13:15:00Z'),
      date: '2026-09-28',
    });
  });

  it('skips a date the clocks skipped (Samoa, 30 December 2011) and posts once the next day', () => {
    const apia = schedule('09:00', 'Pacific/Apia');
    const post = nextDailyPost(apia, at('2011-12-29T20:00:00Z')); // 10:00 on the 29th, local
    expect(post.date).toBe('2011-12-31');
    expect(localMinuteOf(post.at, 'Pacific/Apia')).toBe(9 * 60);
    expect(dailyPostOn(apia, '2011-12-30')).toBeUndefined();
  });

  it('throws on a schedule without days (programmer error)', () => {
    expect(() => nextDailyPost({ ...schedule('09:00', 'UTC'), days: [] }, 0)).toThrow(RangeError);
  });

  const zones = [
    'America/New_York',
    'Europe/Berlin',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'Pacific/Chatham',
    'America/Santiago',
    'UTC',
  ];
  const schedules = fc.record({
    time: fc.record({ hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }) }),
    timeZone: fc.constantFrom(...zones),
    days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
  });
  const instants = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2045, 0, 1) });

  it(
    'property: after now, on an allowed day, at the schedule time unless in a gap',
    () => {
      fc.assert(
        fc.property(schedules, instants, (s, now) => {
          const post = nextDailyPost(s, now);
          expect(post.at).toBeGreaterThan(now);
          expect(localDateOf(post.at, s.timeZone)).toBe(post.date);
          expect(s.days).toContain(WEEKDAYS[isoWeekdayOf(post.date) - 1]);
          const wanted = s.time.hour * 60 + s.time.minute;
          const resolved = resolveLocalTime(post.date, wanted, s.timeZone);
          expect(post.at).toBe(resolved.at);
          if (resolved.kind !== 'gap') expect(localMinuteOf(post.at, s.timeZone)).toBe(wanted);
          else expect(localMinuteOf(post.at, s.timeZone)).toBeGreaterThan(wanted);
          // Nothing between now and the post: the previous post is at or before now.
          expect(previousDailyPost(s, post.at - 1).at).toBeLessThanOrEqual(now);
        }),
        { numRuns: 250 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'property: consecutive calls never skip an allowed day and never post twice on one date',
    () => {
      fc.assert(
        fc.property(schedules, instants, (s, now) => {
          let post = nextDailyPost(s, now);
          for (let i = 0; i < 14; i++) {
            const next = nextDailyPost(s, post.at);
            expect(next.date > post.date).toBe(true);
            for (
              let date = addCalendarDays(post.date, 1);
              date < next.date;
              date = addCalendarDays(date, 1)
            ) {
              expect(s.days).not.toContain(WEEKDAYS[isoWeekdayOf(date) - 1]);
            }
            post = next;
          }
        }),
        { numRuns: 50 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'property: the previous post is the one just before the next',
    () => {
      fc.assert(
        fc.property(schedules, instants, (s, now) => {
          const previous = previousDailyPost(s, now);
          expect(previous.at).toBeLessThanOrEqual(now);
          expect(nextDailyPost(s, previous.at)).toEqual(nextDailyPost(s, now));
        }),
        { numRuns: 300 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('job ids and nonces', () => {
  it('keys a post by guild and local date', () => {
    expect(dailyJobId('81384788765712384', '2026-11-27')).toBe('daily:81384788765712384:2026-11-27');
  });

  it('derives a nonce of at most 25 characters that differs by guild and date', () => {
    const nonce = dailyPostNonce('18446744073709551615', '2026-11-27');
    expect(nonce.length).toBeLessThanOrEqual(25);
    expect(nonce).not.toBe(dailyPostNonce('18446744073709551615', '2026-11-28'));
    expect(dailyPostNonce('81384788765712384', '2026-11-27')).not.toBe(nonce);
  });

  it('throws on a guild id that is not a snowflake', () => {
    expect(() => dailyPostNonce('guild-1', '2026-11-27')).toThrow(RangeError);
  });
});
