import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { MAX_ACTIVITIES_PER_ASSOCIATION, createActivity } from '../src/db/activities.js';
import {
  MAX_WINDOW_DAYS,
  type Schedule,
  WEEKDAYS,
  addDays,
  firstOccurrenceDate,
  localDate,
  occurrences,
  recurrenceData,
  zonedInstant,
} from '../src/lib/recurrence.js';
import { activityInput, activityRow, association, freshDatabase, insert, NOW } from './helpers.js';

// The helpers' weekly Tuesday practice, from the first Tuesday of 2026.
const weekly: Schedule = activityInput({ start_date: '2026-01-06' });

describe('expanding an activity in Norwegian local time', () => {
  it('keeps a weekly 19:00 practice at 19:00 local time in the week summer time starts (last Sunday of March)', () => {
    const found = occurrences({ ...weekly, weekdays: 'SA,SU,MO' }, { from: '2026-03-28', to: '2026-03-30' });
    expect(found.map((o) => [o.date, o.startTime])).toEqual([
      ['2026-03-28', '19:00'],
      ['2026-03-29', '19:00'],
      ['2026-03-30', '19:00'],
    ]);
    // 19:00 is 18:00 UTC in winter time and 17:00 UTC from the Sunday on.
    expect(found.map((o) => zonedInstant(o.date, o.startTime).toISOString())).toEqual([
      '2026-03-28T18:00:00.000Z',
      '2026-03-29T17:00:00.000Z',
      '2026-03-30T17:00:00.000Z',
    ]);
  });

  it('keeps it at 19:00 in the week summer time ends (last Sunday of October)', () => {
    const found = occurrences({ ...weekly, weekdays: 'SA,SU' }, { from: '2026-10-24', to: '2026-10-25' });
    expect(found.map((o) => zonedInstant(o.date, o.startTime).toISOString())).toEqual(['2026-10-24T17:00:00.000Z', '2026-10-25T18:00:00.000Z']);
  });

  it('reads a time in the autumn change as its first occurrence and one skipped in spring as an hour later', () => {
    expect(zonedInstant('2026-10-25', '02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedInstant('2026-03-29', '02:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('gives the Norwegian date, not the UTC one, just before midnight', () => {
    expect(localDate(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-24');
  });

  it('expands every other week on two days, leaves out skipped dates and marks cancelled ones', () => {
    const found = occurrences(
      { ...weekly, start_date: '2026-03-02', frequency: 'biweekly', weekdays: 'MO,TH', skipped_dates: '2026-03-16', cancelled_dates: '2026-03-19' },
      { from: '2026-03-01', to: '2026-04-05' },
    );
    expect(found.map((o) => `${o.date}${o.cancelled ? ' cancelled' : ''}`)).toEqual([
      '2026-03-02',
      '2026-03-05',
      '2026-03-19 cancelled',
      '2026-03-30',
      '2026-04-02',
    ]);
  });

  it('expands the last Friday and the second Tuesday of the month', () => {
    const window = { from: '2026-01-01', to: '2026-05-31' };
    expect(occurrences({ ...weekly, frequency: 'monthly', weekdays: 'FR', week_of_month: -1 }, window).map((o) => o.date)).toEqual([
      '2026-01-30',
      '2026-02-27',
      '2026-03-27',
      '2026-04-24',
      '2026-05-29',
    ]);
    expect(occurrences({ ...weekly, frequency: 'monthly', weekdays: 'TU', week_of_month: 2 }, window).map((o) => o.date)).toEqual([
      '2026-01-13',
      '2026-02-10',
      '2026-03-10',
      '2026-04-14',
      '2026-05-12',
    ]);
  });

  it('stops after the given count and at the end date, and starts at the first day the rule picks', () => {
    expect(occurrences({ ...weekly, start_date: '2026-01-01', occurrence_count: 3 }, { from: '2026-01-01', to: '2026-12-31' }).map((o) => o.date)).toEqual([
      '2026-01-06',
      '2026-01-13',
      '2026-01-20',
    ]);
    expect(occurrences({ ...weekly, end_date: '2026-01-20' }, { from: '2026-01-01', to: '2026-12-31' }).map((o) => o.date)).toEqual([
      '2026-01-06',
      '2026-01-13',
      '2026-01-20',
    ]);
  });

  it('never expands beyond the bounded window, however far the caller asks', () => {
    const found = occurrences({ ...weekly, start_date: '2026-01-01', weekdays: 'MO,TU,WE,TH,FR,SA,SU' }, { from: '2026-01-01', to: '2099-12-31' });
    expect(found.length).toBe(MAX_WINDOW_DAYS + 1);
    expect(found.at(-1)?.date).toBe('2028-03-11');
  });

  it('finds nothing for a rule with no days instead of looping', () => {
    expect(occurrences({ ...weekly, weekdays: '' }, { from: '2026-01-01', to: '2026-12-31' })).toEqual([]);
  });

  it('shows a multi-day event on the days it is still going on', () => {
    const event: Schedule = {
      ...weekly,
      kind: 'event',
      frequency: null,
      weekdays: '',
      start_date: '2026-06-12',
      end_date: '2026-06-14',
      start_time: '10:00',
      end_time: '16:00',
    };
    expect(occurrences(event, { from: '2026-06-13', to: '2026-06-20' })).toEqual([
      { date: '2026-06-12', startTime: '10:00', endDate: '2026-06-14', endTime: '16:00', cancelled: false },
    ]);
    expect(occurrences(event, { from: '2026-06-15', to: '2026-06-20' })).toEqual([]);
  });
});

/**
 * The dates RFC 5545 gives a schedule within a window, from ical.js's own iterator walking
 * from the first occurrence (the feeds' RRULE: recurrenceData, UNTIL the end date's last
 * minute), with skipped dates left out: what occurrences() must agree with.
 */
function icalDates(schedule: Schedule, from: string, to: string): string[] {
  const first = firstOccurrenceDate(schedule);
  if (first === null) return [];
  const floating = (date: string, time: string) => {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const [hour, minute] = time.split(':').map(Number) as [number, number];
    return ICAL.Time.fromData({ year, month, day, hour, minute, second: 0, isDate: false });
  };
  const recur = ICAL.Recur.fromData({ ...recurrenceData(schedule), ...(schedule.end_date ? { until: floating(schedule.end_date, '23:59') } : {}) });
  const iterator = recur.iterator(floating(first, schedule.start_time));
  const skipped = new Set(schedule.skipped_dates.split(','));
  const dates: string[] = [];
  for (let step = 0; step < 4000; step++) {
    const next = iterator.next();
    if (!next) break;
    const date = next.toString().slice(0, 10);
    if (date > to) break;
    if (date >= from && !skipped.has(date)) dates.push(date);
  }
  return dates;
}

describe('occurrences agree with the RFC 5545 iterator', () => {
  const day = fc.integer({ min: 0, max: 900 }).map((n) => addDays('2025-01-01', n));
  const schedule = fc
    .record({
      frequency: fc.constantFrom('weekly' as const, 'biweekly' as const, 'monthly' as const),
      days: fc.subarray([...WEEKDAYS], { minLength: 1, maxLength: 7 }),
      weekOfMonth: fc.constantFrom(1, 2, 3, 4, -1),
      start: day,
      endAfter: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
      count: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
      skips: fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 4 }),
    })
    .map(({ frequency, days, weekOfMonth, start, endAfter, count, skips }): Schedule => ({
      ...weekly,
      frequency,
      // The form allows one weekday for a monthly rule.
      weekdays: (frequency === 'monthly' ? days.slice(0, 1) : days).join(','),
      week_of_month: frequency === 'monthly' ? weekOfMonth : null,
      start_date: start,
      end_date: endAfter === null ? null : addDays(start, endAfter),
      occurrence_count: count,
      skipped_dates: skips.map((n) => addDays(start, n)).join(','),
    }));

  it('gives the same dates for weekly, every-other-week and monthly rules, with counts, end dates and skips, in any window', () => {
    fc.assert(
      fc.property(schedule, day, fc.integer({ min: 0, max: 120 }), (s, from, length) => {
        const to = addDays(from, length);
        expect(occurrences(s, { from, to }).map((o) => o.date)).toEqual(icalDates(s, from, to));
      }),
      { numRuns: 400 },
    );
  });

  it('counts a long-running rule from its first occurrence, so COUNT still ends it years later', () => {
    const daily = { ...weekly, start_date: '2025-01-06', weekdays: 'MO,TU,WE,TH,FR,SA,SU', occurrence_count: 500 };
    expect(occurrences(daily, { from: '2026-05-15', to: '2026-05-25' }).map((o) => o.date)).toEqual([
      '2026-05-15',
      '2026-05-16',
      '2026-05-17',
      '2026-05-18',
      '2026-05-19',
      '2026-05-20',
    ]);
    expect(icalDates(daily, '2026-05-15', '2026-05-25').at(-1)).toBe('2026-05-20');
  });

  it('starts a monthly rule in the first month whose chosen weekday is on or after the start date', () => {
    const lastFriday = { ...weekly, frequency: 'monthly' as const, weekdays: 'FR', week_of_month: -1, start_date: '2026-01-31' };
    expect(firstOccurrenceDate(lastFriday)).toBe('2026-02-27');
    expect(occurrences(lastFriday, { from: '2026-01-01', to: '2026-03-31' }).map((o) => o.date)).toEqual(['2026-02-27', '2026-03-27']);
  });
});

describe('the per-association limit', () => {
  it(`refuses the ${MAX_ACTIVITIES_PER_ASSOCIATION + 1}th activity of one association`, async () => {
    const { db, reference } = await freshDatabase();
    await insert(db, reference, [association(reference)]);
    const { id: associationId } = await db.selectFrom('associations').select('id').executeTakeFirstOrThrow();
    const input = activityInput({ ...weekly, title: 'Trening' });
    await db
      .insertInto('activities')
      .values(Array.from({ length: MAX_ACTIVITIES_PER_ASSOCIATION - 1 }, () => activityRow(associationId, input)))
      .execute();
    expect(await createActivity(db, associationId, input, { status: 'visible', now: NOW })).toEqual({ id: MAX_ACTIVITIES_PER_ASSOCIATION });
    expect(await createActivity(db, associationId, input, { status: 'visible', now: NOW })).toBe('limit');
  });
});
