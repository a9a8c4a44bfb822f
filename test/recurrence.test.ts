import { describe, expect, it } from 'vitest';
import { MAX_ACTIVITIES_PER_ASSOCIATION, createActivity, type ActivityInput } from '../src/db/activities.js';
import { MAX_WINDOW_DAYS, type Schedule, localDate, occurrences, zonedInstant } from '../src/lib/recurrence.js';
import { association, freshDatabase, insert, NOW } from './helpers.js';

const weekly: Schedule = {
  kind: 'activity',
  start_date: '2026-01-06',
  end_date: null,
  start_time: '19:00',
  end_time: '21:00',
  frequency: 'weekly',
  weekdays: 'TU',
  week_of_month: null,
  occurrence_count: null,
  skipped_dates: '',
  cancelled_dates: '',
};

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
    expect(found.map((o) => `${o.date}${o.cancelled ? ' cancelled' : ''}`)).toEqual(['2026-03-02', '2026-03-05', '2026-03-19 cancelled', '2026-03-30', '2026-04-02']);
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
    const event: Schedule = { ...weekly, kind: 'event', frequency: null, weekdays: '', start_date: '2026-06-12', end_date: '2026-06-14', start_time: '10:00', end_time: '16:00' };
    expect(occurrences(event, { from: '2026-06-13', to: '2026-06-20' })).toEqual([
      { date: '2026-06-12', startTime: '10:00', endDate: '2026-06-14', endTime: '16:00', cancelled: false },
    ]);
    expect(occurrences(event, { from: '2026-06-15', to: '2026-06-20' })).toEqual([]);
  });
});

describe('the per-association limit', () => {
  it(`refuses the ${MAX_ACTIVITIES_PER_ASSOCIATION + 1}th activity of one association`, async () => {
    const { db, reference } = await freshDatabase();
    await insert(db, reference, [association(reference)]);
    const { id: associationId } = await db.selectFrom('associations').select('id').executeTakeFirstOrThrow();
    const input: ActivityInput = {
      ...weekly,
      title: 'Trening',
      description: '',
      place_id: null,
      address: null,
      age_from: null,
      age_to: null,
      price: null,
      price_note: '',
      languages: 'nb',
      signup_required: 0,
      signup_url: null,
    };
    await db
      .insertInto('activities')
      .values(
        Array.from({ length: MAX_ACTIVITIES_PER_ASSOCIATION - 1 }, () => ({
          ...input,
          association_id: associationId,
          status: 'visible' as const,
          sequence: 0,
          created_at: NOW.toISOString(),
          updated_at: NOW.toISOString(),
        })),
      )
      .execute();
    expect(await createActivity(db, associationId, input, { status: 'visible', now: NOW })).toEqual({ id: MAX_ACTIVITIES_PER_ASSOCIATION });
    expect(await createActivity(db, associationId, input, { status: 'visible', now: NOW })).toBe('limit');
  });
});
