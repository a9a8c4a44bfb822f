import { gunzipSync } from 'node:zlib';
import ICAL from 'ical.js';
import type { Insertable } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCAN_ASSOCIATIONS_PER_STEP, insertActivitiesInBulk, scanVisibleActivities } from '../src/db/activities.js';
import type { DB } from '../src/db/sqlite.js';
import type { Database } from '../src/db/types.js';
import { activityRow, association, dom, get, testApp, text } from './helpers.js';

// A municipality with more activities than one query used to read (5,000, ordered by start
// date): the page, its paging and its feed must still hold every one. NOW is Monday
// 23 November 2026; /hva-skjer shows 23 November to 7 December, two Tuesdays.

const ASSOCIATIONS = 260;
const PER_ASSOCIATION = 20;
const WEEKLY = ASSOCIATIONS * PER_ASSOCIATION; // 5,200
const MARKER = 'Siste påmeldte: tidlig morgensvømming';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: DB;

beforeAll(async () => {
  ({ app, db } = await testApp((r) => Array.from({ length: ASSOCIATIONS }, (_, i) => association(r, { name: `Stort lag ${String(i).padStart(3, '0')}` }))));
  const associations = await db.selectFrom('associations').select('id').orderBy('id').execute();
  const row = (associationId: number, n: number, extra: Partial<Insertable<Database['activities']>> = {}): Insertable<Database['activities']> =>
    activityRow(associationId, {
      title: `Øvelse ${n}`,
      // Every weekly activity started well before the marker event below.
      start_date: `2026-0${1 + (n % 9)}-01`,
      end_time: '20:00',
      created_at: '2026-11-01T10:00:00.000Z',
      updated_at: '2026-11-01T10:00:00.000Z',
      ...extra,
    });
  const rows = associations.flatMap((a, i) => Array.from({ length: PER_ASSOCIATION }, (_, j) => row(a.id, i * PER_ASSOCIATION + j)));
  // The one that starts last of all, early today: a query cut off by start date leaves it out; the list shows it first.
  rows.push(
    row(associations[0]!.id, WEEKLY, {
      kind: 'event',
      title: MARKER,
      start_date: '2026-11-23',
      start_time: '06:00',
      end_time: '07:00',
      frequency: null,
      weekdays: '',
    }),
  );
  await insertActivitiesInBulk(db, rows);
}, 120_000);

describe('a municipality with more than 5,000 activities', () => {
  const total = WEEKLY * 2 + 1;
  const pages = Math.ceil(total / 40);

  it('has every occurrence on /hva-skjer, says how many, and lists the latest-added first where its time puts it', async () => {
    const page = await get(app, '/kommune/1806/hva-skjer');
    expect(page.status).toBe(200);
    // Thousands are grouped with a (narrow) no-break space.
    expect(text(page.doc.querySelector('#result-summary')).replace(/[\u00a0\u202f]/g, ' ')).toBe(
      '10 401 aktiviteter og arrangementer fra mandag 23. november til mandag 7. desember',
    );
    expect(total).toBe(10_401);
    const first = page.doc.querySelector('.occurrence');
    expect(text(first?.querySelector('.occurrence__title'))).toBe(MARKER);
    expect(text(first?.querySelector('.occurrence__time'))).toBe('06:00–07:00');
    expect(page.doc.querySelectorAll('.occurrence').length).toBe(40);
    expect(text(page.doc.querySelector('.pagination span'))).toBe(`Side 1 av ${pages}`);
  });

  it('pages through all of them without JavaScript, to a last page that holds the rest', async () => {
    const first = await get(app, '/kommune/1806/hva-skjer');
    const next = first.doc.querySelector('.pagination a[rel="next"]')?.getAttribute('href') ?? '';
    expect(next).toMatch(/^\/kommune\/1806\/hva-skjer\?(kommune=1806&)?side=2$/);
    const second = await get(app, next);
    expect(text(second.doc.querySelector('.pagination span'))).toBe(`Side 2 av ${pages}`);
    const last = await get(app, next.replace('side=2', `side=${pages}`));
    expect(last.status).toBe(200);
    expect(text(last.doc.querySelector('.pagination span'))).toBe(`Side ${pages} av ${pages}`);
    expect(last.doc.querySelector('.pagination a[rel="next"]')).toBeNull();
    expect(last.doc.querySelector('.pagination a[rel="prev"]')?.getAttribute('href')).toBe(next.replace('side=2', `side=${pages - 1}`));
    const rest = total - (pages - 1) * 40;
    expect(last.doc.querySelectorAll('.occurrence').length).toBe(rest);
    // The last ones are the second Tuesday's, in title order.
    expect(last.doc.querySelectorAll('.calendar-day h2').map((h) => text(h))).toEqual(['Tirsdag 1. desember']);
    // Two pages in the middle hold different occurrences, each from the same kept list.
    const [a, b] = await Promise.all([get(app, '/kommune/1806/hva-skjer?side=100'), get(app, '/kommune/1806/hva-skjer?side=101')]);
    const titles = (doc: ReturnType<typeof dom>) => doc.querySelectorAll('.occurrence__title').map((t) => text(t));
    expect(new Set([...titles(a.doc), ...titles(b.doc)]).size).toBe(80);
  });

  it('has every activity in the municipality feed, and says which period the feed covers', async () => {
    const response = await app.request('/kommune/1806/kalender.ics');
    expect(response.status).toBe(200);
    const body = await response.text();
    const calendar = new ICAL.Component(ICAL.parse(body));
    const events = calendar.getAllSubcomponents('vevent');
    expect(events.length).toBe(WEEKLY + 1);
    expect(new Set(events.map((e) => e.getFirstPropertyValue('uid'))).size).toBe(WEEKLY + 1);
    expect(events.some((e) => e.getFirstPropertyValue('summary') === MARKER)).toBe(true);
    expect(calendar.getFirstPropertyValue('x-wr-caldesc')).toBe('Alle aktiviteter og arrangementer fra 25. august 2026 til 23. november 2028.');
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
  });

  it('sends the feed gzipped to clients that accept it, the same bytes unpacked', async () => {
    const plain = Buffer.from(await (await app.request('/kommune/1806/kalender.ics')).arrayBuffer());
    const zipped = await app.request('/kommune/1806/kalender.ics', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/Accept-Encoding/);
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(zipped.headers.get('content-length')).toBe(String(bytes.byteLength));
    expect(bytes.byteLength).toBeLessThan(plain.byteLength / 4);
    expect(gunzipSync(bytes).equals(plain)).toBe(true);
  });

  it('reads them in steps of a bounded size, handing the event loop back in between', async () => {
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const batches: number[] = [];
    let turnsAtLastBatch = -1;
    let stepsWithoutTurn = 0;
    for await (const rows of scanVisibleActivities(db, {
      municipalityNumbers: ['1806'],
      categoryIds: [],
      q: '',
      age: null,
      freeOnly: false,
      from: '2026-11-23',
      to: '2026-12-07',
    })) {
      if (turns === turnsAtLastBatch) stepsWithoutTurn++;
      turnsAtLastBatch = turns;
      batches.push(rows.length);
    }
    running = false;
    expect(batches.reduce((a, b) => a + b, 0)).toBe(WEEKLY + 1);
    expect(Math.max(...batches)).toBeLessThanOrEqual(SCAN_ASSOCIATIONS_PER_STEP * PER_ASSOCIATION + 1);
    expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(ASSOCIATIONS / SCAN_ASSOCIATIONS_PER_STEP));
    // Other work ran between every two steps.
    expect(stepsWithoutTurn).toBe(0);
  });
});
