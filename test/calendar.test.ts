import { XMLParser } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ActivityInput, createActivity } from '../src/db/activities.js';
import type { DB } from '../src/db/sqlite.js';
import { activityInput, association, dom, get, testApp, text } from './helpers.js';

// NOW is Monday 23 November 2026, 13:00 in Oslo: /hva-skjer shows 23 November to 7 December.

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: DB;
const ids: Record<string, number> = {};

async function add(slug: string, key: string, input: Partial<ActivityInput>, status: 'visible' | 'pending' | 'hidden' = 'visible') {
  const { id: associationId } = await db.selectFrom('associations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  const created = await createActivity(db, associationId, activityInput(input), { status, now: new Date('2026-11-01T10:00:00Z') });
  if (created === 'limit') throw new Error('limit');
  ids[key] = created.id;
}

beforeAll(async () => {
  ({ app, db } = await testApp((r) => [
    association(r, {
      name: 'Bjerkvik Sangkor',
      categories: ['kunst-og-kultur'],
      place: 'bjerkvik',
      contactName: 'Kari Hemmelig',
      contactEmail: 'kari@example.no',
    }),
    association(r, { name: 'Narvik Idrettslag', categories: ['idrett'], lastConfirmedAt: '2024-01-01T10:00:00.000Z' }),
    association(r, { name: 'Tromsø Marked', municipalityNumber: '5501', categories: ['lokalsamfunnsutvikling'] }),
    association(r, { name: 'Ventende lag', status: 'pending' }),
  ]));
  await add('bjerkvik-sangkor', 'practice', { skipped_dates: '2026-12-01', cancelled_dates: '2026-11-24', address: 'Bjerkvik skole, gymsalen; inngang B' });
  await add('bjerkvik-sangkor', 'concert', {
    kind: 'event',
    title: 'Julekonsert',
    description: 'Tradisjonell julekonsert, med gløgg.',
    start_date: '2026-12-05',
    start_time: '18:00',
    end_time: '20:00',
    frequency: null,
    weekdays: '',
    price: 150,
    price_note: 'barn gratis',
  });
  await add('narvik-idrettslag', 'football', {
    title: 'Fotballtrening for barn',
    weekdays: 'MO,TH',
    start_time: '17:30',
    end_time: '18:30',
    age_from: 6,
    age_to: 9,
  });
  await add('tromso-marked', 'market', {
    kind: 'event',
    title: 'Julemarked på torget',
    start_date: '2026-11-28',
    end_date: '2026-11-29',
    start_time: '10:00',
    end_time: '16:00',
    frequency: null,
    weekdays: '',
  });
  await add('narvik-idrettslag', 'hidden', { title: 'Skjult trening' }, 'hidden');
  await add('narvik-idrettslag', 'pending', { title: 'Ventende trening' }, 'pending');
  await add('ventende-lag', 'unpublished', { title: 'Trening i ventende lag' });
  await add('narvik-idrettslag', 'dst', {
    title: 'Sommertidstrening',
    start_date: '2027-03-20',
    end_date: '2027-11-07',
    weekdays: 'SU',
    start_time: '19:00',
    end_time: '20:00',
  });
});

/** The page's occurrences as "day heading | time | title". */
function listed(body: string): string[] {
  const doc = dom(body);
  return doc
    .querySelectorAll('.calendar-day')
    .flatMap((day) =>
      day
        .querySelectorAll('.occurrence')
        .map((o) => `${text(day.querySelector('h2'))} | ${text(o.querySelector('.occurrence__time'))} | ${text(o.querySelector('.occurrence__title'))}`),
    );
}

describe('/hva-skjer', () => {
  it('shows today and the next 14 days grouped by day, skipped dates left out and cancelled ones marked', async () => {
    const page = await get(app, '/hva-skjer');
    expect(page.status).toBe(200);
    expect(listed(page.body)).toEqual([
      'I dag, mandag 23. november | 17:30–18:30 | Fotballtrening for barn',
      'I morgen, tirsdag 24. november | 19:00–21:00 Avlyst | Korøvelse',
      'Torsdag 26. november | 17:30–18:30 | Fotballtrening for barn',
      'Lørdag 28. november | 10:00–16:00 | Julemarked på torget',
      'Mandag 30. november | 17:30–18:30 | Fotballtrening for barn',
      'Torsdag 3. desember | 17:30–18:30 | Fotballtrening for barn',
      'Lørdag 5. desember | 18:00–20:00 | Julekonsert',
      'Mandag 7. desember | 17:30–18:30 | Fotballtrening for barn',
    ]);
    expect(text(page.doc.querySelector('#result-summary'))).toBe('8 aktiviteter og arrangementer fra mandag 23. november til mandag 7. desember');
    expect(page.body).not.toContain('Skjult trening');
    expect(page.body).not.toContain('Ventende trening');
    expect(page.body).not.toContain('Trening i ventende lag');
    expect(page.doc.querySelector('a[aria-current="page"]')?.getAttribute('href')).toBe('/hva-skjer');
  });

  it('filters by municipality, age, free, category, text and period', async () => {
    expect(listed((await get(app, '/hva-skjer?kommune=5501')).body)).toEqual(['Lørdag 28. november | 10:00–16:00 | Julemarked på torget']);
    expect(listed((await get(app, '/hva-skjer?alder=12&kommune=1806')).body).map((l) => l.split(' | ')[2])).toEqual(['Korøvelse', 'Julekonsert']);
    expect(listed((await get(app, '/hva-skjer?gratis=1&kategori=kunst-og-kultur')).body).map((l) => l.split(' | ')[2])).toEqual(['Korøvelse']);
    expect(listed((await get(app, '/hva-skjer?q=julekonsert')).body).map((l) => l.split(' | ')[2])).toEqual(['Julekonsert']);
    // Case and Norwegian letters do not matter, and % is only text.
    expect(listed((await get(app, '/hva-skjer?q=KORØVELSE')).body).map((l) => l.split(' | ')[2])).toEqual(['Korøvelse']);
    expect(listed((await get(app, '/hva-skjer?q=gløgg')).body).map((l) => l.split(' | ')[2])).toEqual(['Julekonsert']);
    expect(listed((await get(app, '/hva-skjer?q=%25')).body)).toEqual([]);
    expect(listed((await get(app, '/hva-skjer?q=sangkor')).body).map((l) => l.split(' | ')[2])).toEqual(['Korøvelse', 'Julekonsert']);
    expect(listed((await get(app, '/hva-skjer?region=narvikregionen&fra=2026-12-05&til=2026-12-08')).body)).toEqual([
      'Lørdag 5. desember | 18:00–20:00 | Julekonsert',
      'Mandag 7. desember | 17:30–18:30 | Fotballtrening for barn',
      'Tirsdag 8. desember | 19:00–21:00 | Korøvelse',
    ]);
  });

  it('explains bad filter values on the page and answers 400, still showing the rest', async () => {
    const page = await get(app, '/hva-skjer?kommune=5501&fra=i-morgen&alder=gammel&gratis=ja&region=atlantis');
    expect(page.status).toBe(400);
    expect(page.doc.querySelectorAll('.notice li').map((li) => text(li))).toEqual([
      'Vi fant ingen region som heter «atlantis». Filteret er ikke brukt.',
      '«i-morgen» i fra er ikke en dato. Skriv den som 2026-12-14.',
      '«gammel» er ikke en alder. Skriv et helt tall fra 0 til 120.',
      '«ja» er ikke en gyldig verdi for gratis. Bruk gratis=1.',
    ]);
    expect(listed(page.body)).toEqual(['Lørdag 28. november | 10:00–16:00 | Julemarked på torget']);
    const upside = await get(app, '/hva-skjer?fra=2026-12-10&til=2026-12-01');
    expect(upside.status).toBe(400);
    expect(text(upside.doc.querySelector('.notice li'))).toBe('Til-datoen er før fra-datoen, så vi viste de neste 14 dagene.');
    const far = await get(app, '/hva-skjer?fra=2030-01-01');
    expect(text(far.doc.querySelector('.notice li'))).toBe('Vi viser ikke datoer mer enn to år fram i tid.');
  });

  it('answers htmx with the results fragment only, from the same component', async () => {
    const page = await get(app, '/hva-skjer?kommune=5501', { 'HX-Request': 'true' });
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('<html');
    expect(page.response.headers.get('Vary')).toContain('HX-Request');
    expect(page.response.headers.get('HX-Push-Url')).toBe('/hva-skjer?kommune=5501');
    expect(listed(page.body)).toEqual(['Lørdag 28. november | 10:00–16:00 | Julemarked på torget']);
    expect(page.doc.querySelector('#result-status')?.getAttribute('hx-swap-oob')).toBe('innerHTML');
  });

  it('shows a change to a listed activity on the very next request, in every language and as a fragment', async () => {
    const titles = async (path: string, headers: Record<string, string> = {}) =>
      dom((await get(app, path, headers)).body)
        .querySelectorAll('.occurrence__title')
        .map((el) => text(el));
    // Seen (and kept) first, in both languages and as htmx's fragment.
    for (const path of ['/hva-skjer?kommune=1806', '/hva-skjer?kommune=1806&lang=en']) expect(await titles(path)).toContain('Fotballtrening for barn');
    expect(await titles('/hva-skjer?kommune=1806', { 'HX-Request': 'true' })).toContain('Fotballtrening for barn');
    await db.updateTable('activities').set({ title: 'Fotballtrening for små' }).where('id', '=', ids.football!).execute();
    for (const path of ['/hva-skjer?kommune=1806', '/hva-skjer?kommune=1806&lang=en']) {
      expect(await titles(path)).toContain('Fotballtrening for små');
      expect(await titles(path)).not.toContain('Fotballtrening for barn');
    }
    expect(await titles('/hva-skjer?kommune=1806', { 'HX-Request': 'true' })).toContain('Fotballtrening for små');
    await db.updateTable('activities').set({ status: 'hidden' }).where('id', '=', ids.football!).execute();
    expect(await titles('/hva-skjer?kommune=1806')).not.toContain('Fotballtrening for små');
    await db.updateTable('activities').set({ title: 'Fotballtrening for barn', status: 'visible' }).where('id', '=', ids.football!).execute();
    expect(await titles('/hva-skjer?kommune=1806')).toContain('Fotballtrening for barn');
  });

  it('pages through long lists', async () => {
    const page = await get(app, '/hva-skjer?fra=2026-11-23&til=2027-02-22');
    expect(text(page.doc.querySelector('#result-summary'))).toBe('41 aktiviteter og arrangementer fra mandag 23. november til mandag 22. februar');
    expect(text(page.doc.querySelector('.pagination span'))).toBe('Side 1 av 2');
    expect(page.doc.querySelector('.pagination a[rel="next"]')?.getAttribute('href')).toBe('/hva-skjer?fra=2026-11-23&til=2027-02-22&side=2');
    expect(page.doc.querySelectorAll('.occurrence').length).toBe(40);
    const second = await get(app, '/hva-skjer?fra=2026-11-23&til=2027-02-22&side=2');
    expect(listed(second.body)).toEqual(['Mandag 22. februar | 17:30–18:30 | Fotballtrening for barn']);
  });

  it('has landing pages per municipality and region, in English too, and 404 for unknown ones', async () => {
    const municipality = await get(app, '/kommune/5501/hva-skjer');
    expect(text(municipality.doc.querySelector('h1'))).toBe('Hva skjer i Tromsø');
    expect(listed(municipality.body)).toEqual(['Lørdag 28. november | 10:00–16:00 | Julemarked på torget']);
    expect(municipality.doc.querySelector('.calendar-feed a')?.getAttribute('href')).toBe('https://lag.example.no/kommune/5501/kalender.ics');
    const region = await get(app, '/region/narvikregionen/hva-skjer?lang=en');
    expect(text(region.doc.querySelector('h1'))).toBe('What’s on in Narvik region');
    expect(text(region.doc.querySelector('.calendar-day h2'))).toBe('Today, Monday 23 November');
    expect(region.body).not.toContain('Julemarked');
    expect((await get(app, '/kommune/9999/hva-skjer')).status).toBe(404);
    expect((await get(app, '/region/atlantis/hva-skjer')).status).toBe(404);
  });
});

describe('an activity’s page', () => {
  it('shows when, where, price and organiser, with schema.org Event data and eventSchedule', async () => {
    const page = await get(app, `/hva-skjer/${ids.practice}`);
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('h1'))).toBe('Korøvelse');
    expect(text(page.doc.querySelector('dl.info'))).toContain('Tirsdager kl. 19:00–21:00, fra 1. september 2026');
    expect(
      page.doc
        .querySelectorAll('.upcoming li')
        .slice(0, 3)
        .map((li) => text(li)),
    ).toEqual(['tirsdag 24. november kl. 19:00–21:00 Avlyst', 'tirsdag 8. desember kl. 19:00–21:00', 'tirsdag 15. desember kl. 19:00–21:00']);
    const data = JSON.parse(page.doc.querySelector('script[type="application/ld+json"]')!.textContent);
    expect(data).toMatchObject({
      '@type': 'Event',
      name: 'Korøvelse',
      startDate: '2026-11-24T19:00:00+01:00',
      endDate: '2026-11-24T21:00:00+01:00',
      eventStatus: 'https://schema.org/EventCancelled',
      organizer: { '@type': 'Organization', name: 'Bjerkvik Sangkor', url: 'https://lag.example.no/lag/bjerkvik-sangkor' },
      isAccessibleForFree: true,
      eventSchedule: {
        '@type': 'Schedule',
        repeatFrequency: 'P1W',
        byDay: ['https://schema.org/Tuesday'],
        startDate: '2026-09-01',
        startTime: '19:00:00',
        endTime: '21:00:00',
        scheduleTimezone: 'Europe/Oslo',
        exceptDate: ['2026-12-01'],
      },
    });
    expect(page.doc.querySelector('a[href$="/kalender.ics"]')?.getAttribute('href')).toBe(`/hva-skjer/${ids.practice}/kalender.ics`);
    expect(page.body).not.toContain('Kari Hemmelig');
    expect(page.doc.querySelector('.stale')).toBeNull();
  });

  it('is marked as possibly out of date when its association has not confirmed for 18 months', async () => {
    const page = await get(app, `/hva-skjer/${ids.football}`);
    expect(text(page.doc.querySelector('.notice.stale'))).toBe(
      'Laget har ikke bekreftet opplysningene sine på over 18 måneder, så datoene kan være utdaterte.',
    );
  });

  it('is 404 for a hidden or waiting activity and for one of an unpublished association', async () => {
    for (const key of ['hidden', 'pending', 'unpublished']) expect((await get(app, `/hva-skjer/${ids[key]}`)).status).toBe(404);
    expect((await get(app, '/hva-skjer/abc')).status).toBe(404);
  });

  it('is listed on the association’s page with its next dates', async () => {
    const page = await get(app, '/lag/bjerkvik-sangkor');
    const section = page.doc.querySelector('.association-calendar')!;
    expect(text(section.querySelector('h2'))).toBe('Aktiviteter og arrangementer');
    expect(section.querySelectorAll('.occurrence__title').map((t) => text(t))).toEqual(['Korøvelse', 'Julekonsert', 'Korøvelse', 'Korøvelse', 'Korøvelse']);
    expect(section.querySelector('a[href="/lag/bjerkvik-sangkor/kalender.ics"]')).not.toBeNull();
  });
});

/** Parses a feed with ical.js, registering its VTIMEZONE so times convert the way a phone would. */
function parseFeed(body: string) {
  const calendar = new ICAL.Component(ICAL.parse(body));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  return calendar;
}

/** Every occurrence a calendar app would show from a feed, within [from, to], as "YYYY-MM-DD HH:MM title [CANCELLED]" in Oslo time. */
function feedOccurrences(calendar: ICAL.Component, from: string, to: string): string[] {
  const events = calendar.getAllSubcomponents('vevent');
  const overrides = events.filter((e) => e.hasProperty('recurrence-id'));
  const found: string[] = [];
  for (const component of events.filter((e) => !e.hasProperty('recurrence-id'))) {
    const event = new ICAL.Event(component);
    for (const o of overrides.filter((x) => x.getFirstPropertyValue('uid') === event.uid)) event.relateException(o);
    const iterator = event.iterator();
    for (let next = iterator.next(), n = 0; next && n < 1000; next = iterator.next(), n++) {
      const day = next.toString().slice(0, 10);
      if (day > to) break;
      if (day < from) continue;
      const details = event.getOccurrenceDetails(next);
      const status = details.item.component.getFirstPropertyValue('status');
      found.push(`${details.startDate.toString().slice(0, 16).replace('T', ' ')} ${details.item.summary}${status === 'CANCELLED' ? ' [CANCELLED]' : ''}`);
    }
  }
  return found.sort();
}

describe('iCalendar feeds', () => {
  it('a municipality feed parsed back with ical.js shows what the page shows', async () => {
    const feed = await get(app, '/kommune/1806/kalender.ics');
    expect(feed.status).toBe(200);
    expect(feed.response.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8');
    const fromFeed = feedOccurrences(parseFeed(feed.body), '2026-11-23', '2026-12-07');
    const page = await get(app, '/hva-skjer?kommune=1806');
    const fromPage = dom(page.body)
      .querySelectorAll('.occurrence')
      .map(
        (o) =>
          `${o.querySelector('time')!.getAttribute('datetime')!.replace('T', ' ')} ${text(o.querySelector('.occurrence__title'))}${o.classList.contains('occurrence--cancelled') ? ' [CANCELLED]' : ''}`,
      )
      .sort();
    expect(fromFeed).toEqual(fromPage);
    expect(fromFeed).toContain('2026-11-24 19:00 Korøvelse [CANCELLED]');
    expect(fromFeed).not.toContain('2026-12-01 19:00 Korøvelse');
  });

  it('writes a VTIMEZONE, stable UIDs, RRULE, EXDATE, SEQUENCE and LAST-MODIFIED', async () => {
    const body = (await get(app, '/lag/bjerkvik-sangkor/kalender.ics')).body;
    const calendar = parseFeed(body);
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Oslo');
    const practice = calendar.getAllSubcomponents('vevent').find((e) => !e.hasProperty('recurrence-id') && e.getFirstPropertyValue('summary') === 'Korøvelse')!;
    expect(practice.getFirstPropertyValue('uid')).toBe(`activity-${ids.practice}@lag.example.no`);
    expect(practice.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Oslo');
    expect(practice.getFirstPropertyValue('dtstart')!.toString()).toBe('2026-09-01T19:00:00');
    expect(practice.getFirstPropertyValue('rrule')!.toString()).toBe('FREQ=WEEKLY;BYDAY=TU');
    expect(practice.getFirstPropertyValue('exdate')!.toString()).toBe('2026-12-01T19:00:00');
    expect(practice.getFirstPropertyValue('sequence')).toBe(0);
    expect(practice.getFirstPropertyValue('last-modified')!.toString()).toBe('2026-11-01T10:00:00Z');
    expect(practice.getFirstPropertyValue('location')).toBe('Bjerkvik skole, gymsalen; inngang B, Narvik');
    // Escaped as RFC 5545 asks: the comma and semicolon in the text are not separators.
    expect(body).toContain('LOCATION:Bjerkvik skole\\, gymsalen\\; inngang B\\, Narvik');
    const concert = calendar.getAllSubcomponents('vevent').find((e) => e.getFirstPropertyValue('summary') === 'Julekonsert')!;
    expect(concert.hasProperty('rrule')).toBe(false);
    expect(concert.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(body).not.toContain('Kari Hemmelig');
    expect(body).not.toContain('kari@example.no');
  });

  it('carries an activity added after the last poll on the very next one, and drops it once deleted', async () => {
    const summaries = async () =>
      parseFeed((await get(app, '/kommune/1806/kalender.ics')).body)
        .getAllSubcomponents('vevent')
        .map((e) => e.getFirstPropertyValue('summary'));
    expect(await summaries()).not.toContain('Styremøte');
    await add('narvik-idrettslag', 'board', { title: 'Styremøte', frequency: 'monthly', weekdays: 'TH', week_of_month: 1, start_date: '2026-12-01' });
    expect(await summaries()).toContain('Styremøte');
    await db.deleteFrom('activities').where('id', '=', ids.board!).execute();
    expect(await summaries()).not.toContain('Styremøte');
  });

  it('answers a poll that already has the feed with 304 and no body, and a write changes its ETag', async () => {
    const path = '/kommune/1806/kalender.ics';
    const first = await get(app, path);
    const etag = first.response.headers.get('ETag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    const again = await get(app, path, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.response.headers.get('ETag')).toBe(etag);
    expect(again.response.headers.get('Cache-Control')).toBe('public, max-age=300');
    expect(again.response.headers.get('Vary')).toMatch(/Accept-Encoding/);
    // As lists and weak tags come back from clients and proxies.
    expect((await get(app, path, { 'If-None-Match': `"other", W/${etag}` })).status).toBe(304);
    expect((await get(app, path, { 'If-None-Match': '"other"' })).status).toBe(200);
    // The gzipped answer is another representation, with a tag of its own.
    const zipped = await app.request(path, { headers: { 'Accept-Encoding': 'gzip' } });
    const zippedTag = zipped.headers.get('ETag')!;
    expect(zipped.headers.get('Content-Encoding')).toBe('gzip');
    expect(zippedTag).not.toBe(etag);
    expect((await app.request(path, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': zippedTag } })).status).toBe(304);
    expect((await get(app, path, { 'If-None-Match': zippedTag })).status).toBe(200);

    await add('narvik-idrettslag', 'yoga', { title: 'Yoga for alle', weekdays: 'WE', start_date: '2026-11-25' });
    const changed = await get(app, path, { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.body).toContain('Yoga for alle');
    const changedTag = changed.response.headers.get('ETag')!;
    expect(changedTag).not.toBe(etag);
    expect((await get(app, path, { 'If-None-Match': changedTag })).status).toBe(304);
    // The tag is the content's: the same feed again, the same tag.
    await db.deleteFrom('activities').where('id', '=', ids.yoga!).execute();
    expect((await get(app, path)).response.headers.get('ETag')).toBe(etag);
  });

  it('gives the association and region feeds and the single-event file an ETag too', async () => {
    for (const path of ['/lag/bjerkvik-sangkor/kalender.ics', '/region/narvikregionen/kalender.ics', `/hva-skjer/${ids.concert}/kalender.ics`]) {
      const first = await get(app, path);
      expect(first.status, path).toBe(200);
      const etag = first.response.headers.get('ETag');
      expect(etag, path).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
      const again = await get(app, path, { 'If-None-Match': etag! });
      expect(again.status, path).toBe(304);
      expect(again.body, path).toBe('');
    }
  });

  it('uses CRLF line ends and folds every line within 75 octets', async () => {
    const body = (await get(app, '/kommune/1806/kalender.ics')).body;
    expect(body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(body.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const lines = body.split('\r\n').slice(0, -1);
    expect(lines.every((line) => !line.includes('\n') && !line.includes('\r'))).toBe(true);
    expect(Math.max(...lines.map((line) => Buffer.byteLength(line, 'utf8')))).toBeLessThanOrEqual(75);
  });

  it('keeps a 19:00 activity at 19:00 Oslo time in the summer-time weeks, as a phone computes it from the feed', async () => {
    const calendar = parseFeed((await get(app, '/kommune/1806/kalender.ics')).body);
    const component = calendar.getAllSubcomponents('vevent').find((e) => e.getFirstPropertyValue('summary') === 'Sommertidstrening')!;
    const iterator = new ICAL.Event(component).iterator();
    const utc: string[] = [];
    for (let next = iterator.next(); next; next = iterator.next()) {
      const day = next.toString().slice(0, 10);
      if (['2027-03-21', '2027-03-28', '2027-10-24', '2027-10-31'].includes(day)) utc.push(next.toJSDate().toISOString());
    }
    expect(utc).toEqual(['2027-03-21T18:00:00.000Z', '2027-03-28T17:00:00.000Z', '2027-10-24T17:00:00.000Z', '2027-10-31T18:00:00.000Z']);
  });

  it('a single-event file for “add to my calendar” holds that one event', async () => {
    const body = (await get(app, `/hva-skjer/${ids.concert}/kalender.ics`)).body;
    const events = parseFeed(body).getAllSubcomponents('vevent');
    expect(events.map((e) => e.getFirstPropertyValue('summary'))).toEqual(['Julekonsert']);
    expect(events[0]!.getFirstPropertyValue('dtstart')!.toString()).toBe('2026-12-05T18:00:00');
  });

  it('region feeds take the /hva-skjer filters, and unknown ones are 404', async () => {
    const calendar = parseFeed((await get(app, '/region/narvikregionen/kalender.ics?kategori=idrett')).body);
    expect(
      calendar
        .getAllSubcomponents('vevent')
        .map((e) => e.getFirstPropertyValue('summary'))
        .sort(),
    ).toEqual(['Fotballtrening for barn', 'Sommertidstrening']);
    expect((await get(app, '/region/atlantis/kalender.ics')).status).toBe(404);
    expect((await get(app, '/lag/ventende-lag/kalender.ics')).status).toBe(404);
  });
});

describe('the Atom feed of new events in a municipality', () => {
  it('lists the newest visible activities and events with stable ids, and is announced on the landing page', async () => {
    const feed = await get(app, '/kommune/1806/nye-arrangementer.atom');
    expect(feed.status).toBe(200);
    expect(feed.response.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8');
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(feed.body);
    const entries = parsed.feed.entry as { id: string; title: string; summary: string; link: { '@_href': string } }[];
    expect(parsed.feed.title).toBe('Nye arrangementer i Narvik');
    expect(entries.map((e) => e.title)).toEqual(['Sommertidstrening', 'Fotballtrening for barn', 'Julekonsert', 'Korøvelse']);
    expect(entries[2]).toMatchObject({
      id: `tag:lag.example.no,2026:activity/${ids.concert}`,
      summary: '5. desember 2026, kl. 18:00–20:00 · Bjerkvik Sangkor',
      link: { '@_href': `https://lag.example.no/hva-skjer/${ids.concert}` },
    });
    const page = await get(app, '/kommune/1806/hva-skjer');
    expect(page.doc.querySelector('link[type="application/atom+xml"]')?.getAttribute('href')).toBe(
      'https://lag.example.no/kommune/1806/nye-arrangementer.atom',
    );
    expect((await get(app, '/kommune/0000/nye-arrangementer.atom')).status).toBe(404);
  });
});

describe('the front page', () => {
  it('shows "this week" in the featured regions, without cancelled dates and other regions', async () => {
    const page = await get(app, '/');
    const section = page.doc.querySelector('.this-week')!;
    expect(text(section.querySelector('h2'))).toBe('Denne uka');
    expect(section.querySelectorAll('li').map((li) => `${text(li.querySelector('.occurrence__day'))} ${text(li.querySelector('.occurrence__title'))}`)).toEqual(
      ['mandag 23. november Fotballtrening for barn', 'torsdag 26. november Fotballtrening for barn'],
    );
    expect(section.querySelector('a[href="/hva-skjer"]')).not.toBeNull();
  });

  it('shows an activity added after the last view on the very next request, and leaves it out once deleted', async () => {
    const titles = async () => (await get(app, '/')).doc.querySelectorAll('.this-week .occurrence__title').map((el) => text(el));
    expect(await titles()).toEqual(['Fotballtrening for barn', 'Fotballtrening for barn']);
    await add('narvik-idrettslag', 'quiz', { title: 'Quizkveld', weekdays: 'WE', start_date: '2026-11-25' });
    expect(await titles()).toEqual(['Fotballtrening for barn', 'Quizkveld', 'Fotballtrening for barn']);
    await db.deleteFrom('activities').where('id', '=', ids.quiz!).execute();
    expect(await titles()).toEqual(['Fotballtrening for barn', 'Fotballtrening for barn']);
  });
});

describe('/embed/hva-skjer', () => {
  it('shows what is on for another site’s frame, with the filters and colours of /embed/lag', async () => {
    const page = await get(app, '/embed/hva-skjer?kommune=5501&farge=aa0000');
    expect(page.status).toBe(200);
    expect(page.response.headers.get('Content-Security-Policy')).toContain('frame-ancestors *');
    expect(page.response.headers.get('X-Frame-Options')).toBeNull();
    expect(page.doc.querySelector('.site-header')).toBeNull();
    expect(text(page.doc.querySelector('h1'))).toBe('Hva skjer i Tromsø');
    const link = page.doc.querySelector('.lp-item__name')!;
    expect([text(link), link.getAttribute('href'), link.getAttribute('target')]).toEqual([
      'Julemarked på torget',
      `https://lag.example.no/hva-skjer/${ids.market}`,
      '_top',
    ]);
    expect(page.doc.querySelector('link[href^="/embed/tema.css"]')?.getAttribute('href')).toBe('/embed/tema.css?farge=aa0000');
    const bad = await get(app, '/embed/hva-skjer?farge=red&alder=x');
    expect(bad.status).toBe(400);
    expect(bad.doc.querySelectorAll('.lp-notice li').length).toBe(2);
    // Every other calendar page still refuses frames.
    expect((await get(app, '/hva-skjer')).response.headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
  });
});

describe('reporting an activity', () => {
  it('links from the activity page to the association’s error report, which names the activity', async () => {
    const page = await get(app, `/hva-skjer/${ids.concert}`);
    const href = page.doc.querySelector('.report-link a')!.getAttribute('href')!;
    expect(href).toBe(`/lag/bjerkvik-sangkor/meld-feil?aktivitet=${ids.concert}`);
    const form = await get(app, href);
    expect(form.status).toBe(200);
    expect(form.doc.querySelector('textarea[name="message"]')!.textContent).toBe(`Gjelder «Julekonsert» (https://lag.example.no/hva-skjer/${ids.concert}): `);
    // Another association's activity is not named in this one's report.
    const other = await get(app, `/lag/narvik-idrettslag/meld-feil?aktivitet=${ids.concert}`);
    expect(other.doc.querySelector('textarea[name="message"]')!.textContent).toBe('');
  });
});
