import fc from 'fast-check';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/db/activities.js';
import { createEditToken } from '../src/db/submissions.js';
import type { DB } from '../src/db/sqlite.js';
import { activityInput, association, get, NOW, postForm, testApp } from './helpers.js';

// Random and hostile values at the calendar's routes and the activity form: no 5xx, no input
// echoed as markup, nothing stored from an invalid form, and a feed that always parses.

const MARKER = '<x-injected>';
const hostile = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    '%',
    '_',
    '\\',
    '\u0000',
    '\u202e',
    'ø'.repeat(300),
    '2026-02-30',
    '99.99.9999',
    '-1',
    '1e9',
    'NaN',
    '25:61',
    `${MARKER}<script>alert(1)</script>`,
    'javascript:alert(1)',
  ),
  fc.string({ maxLength: 3000 }).map((s) => `${MARKER}${s}`),
);

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: DB;
let link: string;

beforeAll(async () => {
  ({ app, db } = await testApp((r) => [association(r, { name: 'Narvik Fotballklubb' })]));
  const { id } = await db.selectFrom('associations').select('id').executeTakeFirstOrThrow();
  link = `/endre/${await createEditToken(db, id, NOW, 30)}`;
  const input = activityInput({
    title: 'Trening; med, tegn\\ og\nlinjeskift',
    description: 'Beskrivelse med æøå og 🎉 '.repeat(20),
    address: 'Gate 1, "hall" <b>',
  });
  await createActivity(db, id, input, { status: 'visible', now: NOW });
});

function expectSafe(status: number, body: string) {
  expect(status).toBeLessThan(500);
  expect(body).not.toContain(MARKER);
  expect(body).not.toContain('<script>alert(1)</script>');
}

describe('hostile input at the calendar', () => {
  it('never fails or echoes markup on /hva-skjer, the landing pages and the feeds', async () => {
    const paths = [
      '/hva-skjer',
      '/kommune/1806/hva-skjer',
      '/region/narvikregionen/hva-skjer',
      '/kommune/1806/kalender.ics',
      '/lag/narvik-fotballklubb/kalender.ics',
    ];
    const params = ['q', 'kommune', 'region', 'kategori', 'fra', 'til', 'alder', 'gratis', 'side', 'lang'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.array(fc.tuple(fc.constantFrom(...params), hostile), { maxLength: 6 }),
        fc.boolean(),
        async (path, pairs, htmx) => {
          const search = new URLSearchParams();
          for (const [name, value] of pairs) search.append(name, value);
          const response = await app.request(search.toString() ? `${path}?${search}` : path, { headers: htmx ? { 'HX-Request': 'true' } : {} });
          const body = await response.text();
          expectSafe(response.status, body);
          // A NUL anywhere in the address is refused with 400 before any route (no text holds
          // one, and PostgreSQL cannot store or compare it); every other feed answer is iCalendar.
          if (pairs.some(([, value]) => value.includes('\0'))) expect(response.status).toBe(400);
          else if (path.endsWith('.ics')) expect(() => ICAL.parse(body)).not.toThrow();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never fails on hostile activity ids', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/hva-skjer/', `/endre/x/aktiviteter/`), hostile, async (prefix, segment) => {
        const response = await app.request(prefix + encodeURIComponent(segment));
        expectSafe(response.status, await response.text());
      }),
      { numRuns: 80 },
    );
  });

  it('stores nothing from a hostile activity form and never fails', async () => {
    const before = await db.selectFrom('activities').select(['id', 'title', 'sequence']).execute();
    const fields = [
      'title',
      'start_date',
      'end_date',
      'start_time',
      'end_time',
      'frequency',
      'weekdays',
      'week_of_month',
      'occurrence_count',
      'skipped_dates',
      'cancelled_dates',
      'place',
      'age_from',
      'age_to',
      'price_type',
      'price',
      'languages',
      'signup_url',
    ];
    const form = await get(app, `${link}/aktiviteter/ny`);
    const token = form.doc.querySelector('input[name="form_token"]')!.getAttribute('value')!;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...fields), hostile), { minLength: 1, maxLength: 8 }), async (pairs) => {
        const values: Record<string, string[]> = { kind: ['activity'], title: [`${MARKER}x`] };
        for (const [name, value] of pairs) values[name] = [...(values[name] ?? []), value];
        const result = await postForm(app, `${link}/aktiviteter`, { form_token: token, ...values, title: values.title });
        expectSafe(result.status, result.body);
      }),
      { numRuns: 60 },
    );
    expect(await db.selectFrom('activities').select(['id', 'title', 'sequence']).execute()).toEqual(before);
  });

  it('writes awkward text into a feed that ical.js reads back unchanged', async () => {
    const body = (await get(app, '/lag/narvik-fotballklubb/kalender.ics')).body;
    const event = new ICAL.Component(ICAL.parse(body)).getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('summary')).toBe('Trening; med, tegn\\ og\nlinjeskift');
    expect(event.getFirstPropertyValue('location')).toBe('Gate 1, "hall" <b>, Narvik');
    expect(String(event.getFirstPropertyValue('description'))).toContain('🎉');
  });
});
