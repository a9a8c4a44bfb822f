import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { demoActivitiesFor, seedDemoActivities } from '../src/demo/activities.js';
import { seedDemoData } from '../src/demo/seed.js';
import { validateActivityForm } from '../src/lib/activity-form.js';
import { NOW, freshDatabase, get, testApp } from './helpers.js';

describe('demo activities', () => {
  it('are the same for the same seed, and differ between associations', () => {
    const owner = { id: 42, icnpoCode: '01200', placeId: null };
    expect(demoActivitiesFor(owner, '2026-11-23', 7)).toEqual(demoActivitiesFor(owner, '2026-11-23', 7));
    expect(demoActivitiesFor(owner, '2026-11-23', 7).map((a) => a.kind)).toEqual(['activity', 'event']);
    expect(demoActivitiesFor({ ...owner, icnpoCode: '01100' }, '2026-11-23', 7)[0]!.title).toMatch(/øvelse/i);
  });

  it('give published demo associations practice nights, concerts, matches and markets, shown on /hva-skjer', async () => {
    const { db, reference } = await freshDatabase();
    await seedDemoData(db, reference, { count: 300, scope: 'regions', now: NOW, seed: 2026 });
    const { rows } = await sql<{ kind: string; n: number }>`SELECT kind, count(*) AS n FROM activities GROUP BY kind ORDER BY kind`.execute(db);
    expect(rows.map((r) => r.kind)).toEqual(['activity', 'event']);
    expect(rows.every((r) => r.n > 50)).toBe(true);
    // Only published associations have them, and seeding again adds none.
    const { rows: unpublished } = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM activities a JOIN associations s ON s.id = a.association_id WHERE s.status != 'published'`.execute(db);
    expect(unpublished[0]!.n).toBe(0);
    expect(await seedDemoActivities(db, { now: NOW, seed: 2026 })).toBe(0);
  });

  it('would pass the association form’s own checks', async () => {
    const { reference } = await freshDatabase();
    for (const [id, code] of [
      [1, '01200'],
      [2, '01100'],
      [3, '01300'],
      [4, '06100'],
      [5, '03100'],
    ] as const) {
      for (const a of demoActivitiesFor({ id, icnpoCode: code, placeId: null }, '2026-11-23', 2026)) {
        const values = {
          kind: a.kind,
          title: a.title,
          description: a.description,
          start_date: a.start_date,
          end_date: a.end_date ?? '',
          start_time: a.start_time,
          end_time: a.end_time,
          frequency: a.frequency ?? 'weekly',
          weekdays: a.weekdays.split(',').filter(Boolean),
          week_of_month: String(a.week_of_month ?? 1),
          occurrence_count: '',
          skipped_dates: a.skipped_dates,
          cancelled_dates: a.cancelled_dates,
          place: '',
          address: a.address ?? '',
          age_from: a.age_from === null ? '' : String(a.age_from),
          age_to: a.age_to === null ? '' : String(a.age_to),
          price_type: a.price === null ? 'free' : 'paid',
          price: a.price === null ? '' : String(a.price),
          price_note: a.price_note,
          languages: ['nb'],
          signup_required: false,
          signup_url: '',
        };
        const result = validateActivityForm(values, { reference, municipalityNumber: '1806', today: '2026-11-23' });
        expect(result.ok ? 'ok' : JSON.stringify(result.errors)).toBe('ok');
      }
    }
  });

  it('make a non-empty /hva-skjer on a demo database', async () => {
    const { app, db, reference } = await testApp();
    await seedDemoData(db, reference, { count: 300, scope: 'regions', now: NOW, seed: 2026 });
    const page = await get(app, '/hva-skjer');
    expect(page.status).toBe(200);
    expect(page.doc.querySelectorAll('.occurrence').length).toBe(40);
  });
});
