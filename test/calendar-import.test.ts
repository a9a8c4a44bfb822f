import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCalendarImports } from '../src/calendar-import.js';
import { createActivity } from '../src/db/activities.js';
import { createEditToken } from '../src/db/submissions.js';
import { pino } from 'pino';
import { activityInput, association, dom, formToken, get, NOW, ORIGIN, postForm, signIn, testApp, text } from './helpers.js';

// Importing an association's own calendar through its private edit link (#20.3): an .ics file
// and an iCalendar address fetched from a local server (loopback allowed only because these
// tests turn LINK_CHECK_ALLOW_PRIVATE on; one test checks it is refused by default). Every
// hostile calendar gets its reason on the page in the visitor's language and changes nothing.

const CRLF = '\r\n';
const calendar = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Google Inc//Google Calendar 70.9054//EN', ...lines, 'END:VCALENDAR'].join(CRLF);
const OSLO = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Oslo',
  'X-LIC-LOCATION:Europe/Oslo',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];
/** What Google Calendar exports: a weekly practice with one moved and one cancelled date, a one-off concert in UTC, an all-day market. */
const GOOGLE = calendar(
  'CALSCALE:GREGORIAN',
  'METHOD:PUBLISH',
  'X-WR-CALNAME:Bjerkvik Sangkor',
  'X-WR-TIMEZONE:Europe/Oslo',
  ...OSLO,
  'BEGIN:VEVENT',
  'DTSTART;TZID=Europe/Oslo:20261103T190000',
  'DTEND;TZID=Europe/Oslo:20261103T210000',
  'RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215T225959Z',
  'UID:ovelse@google.com',
  'SUMMARY:Korøvelse',
  'LOCATION:Bjerkvik skole\\, aula',
  'DESCRIPTION:Vi øver til julekonserten.\\nTa med noter.',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'RECURRENCE-ID;TZID=Europe/Oslo:20261201T190000',
  'DTSTART;TZID=Europe/Oslo:20261202T180000',
  'DTEND;TZID=Europe/Oslo:20261202T200000',
  'UID:ovelse@google.com',
  'SUMMARY:Korøvelse (flyttet til onsdag)',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'RECURRENCE-ID;TZID=Europe/Oslo:20261208T190000',
  'DTSTART;TZID=Europe/Oslo:20261208T190000',
  'DTEND;TZID=Europe/Oslo:20261208T210000',
  'UID:ovelse@google.com',
  'SUMMARY:Korøvelse',
  'STATUS:CANCELLED',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART:20261214T170000Z',
  'DTEND:20261214T190000Z',
  'UID:konsert@google.com',
  'SUMMARY:Julekonsert',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20261219',
  'DTEND;VALUE=DATE:20261220',
  'UID:marked@google.com',
  'SUMMARY:Julemarked',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART:20261215T170000Z',
  'UID:styre@google.com',
  'SUMMARY:Styremøte',
  'CLASS:PRIVATE',
  'END:VEVENT',
);
const ONE_EVENT = calendar('BEGIN:VEVENT', 'DTSTART:20261220T160000Z', 'DTEND:20261220T180000Z', 'UID:one@example.no', 'SUMMARY:Juleball', 'END:VEVENT');

let server: Server;
let base = '';
const routes = new Map<string, (res: import('node:http').ServerResponse) => void>();
const serve = (path: string, body: string | Buffer, status = 200) =>
  routes.set(path, (res) => {
    res.writeHead(status, { 'Content-Type': 'text/calendar; charset=utf-8' });
    res.end(body);
  });

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes.get(req.url ?? '');
    if (route) route(res);
    else {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  serve('/google.ics', GOOGLE);
  serve('/one.ics', ONE_EVENT);
  routes.set('/moved', (res) => {
    res.writeHead(302, { Location: '/google.ics' });
    res.end();
  });
  routes.set('/loop', (res) => {
    res.writeHead(302, { Location: '/loop' });
    res.end();
  });
  // Streams 3 MB without announcing a length: the fetcher must stop reading, not truncate.
  routes.set('/huge.ics', (res) => {
    res.writeHead(200, { 'Content-Type': 'text/calendar' });
    const chunk = Buffer.alloc(64 * 1024, 'X');
    let sent = 0;
    const write = () => {
      while (sent < 48) {
        sent += 1;
        if (!res.write(chunk)) return void res.once('drain', write);
      }
      res.end();
    };
    write();
  });
  serve('/private.ics', 'forbidden', 403);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function appWithLink(env: Record<string, string> = { LINK_CHECK_ALLOW_PRIVATE: '1' }) {
  const built = await testApp((r) => [association(r, { name: 'Bjerkvik Sangkor', categories: ['kunst-og-kultur'], place: 'bjerkvik', email: null })], env);
  const { id } = await built.db.selectFrom('associations').select('id').executeTakeFirstOrThrow();
  await built.db.updateTable('associations').set({ contact_email: 'leder@sangkor.example.no' }).where('id', '=', id).execute();
  const token = await createEditToken(built.db, id, NOW, 30);
  return { ...built, link: `/endre/${token}`, associationId: id };
}
type Built = Awaited<ReturnType<typeof appWithLink>>;

async function postUrl(built: Built, url: string) {
  const page = await get(built.app, `${built.link}/kalender`);
  expect(page.status).toBe(200);
  return postForm(built.app, `${built.link}/kalender`, { form_token: formToken(page.doc), calendar_url: url });
}

async function upload(built: Built, content: string | Uint8Array, name = 'kalender.ics') {
  const page = await get(built.app, `${built.link}/kalender`);
  const form = new FormData();
  form.append('form_token', formToken(page.doc));
  form.append('calendar_file', new File([content], name, { type: 'text/calendar' }));
  const response = await built.app.request(`${built.link}/kalender/fil`, { method: 'POST', body: form, headers: { Origin: ORIGIN } });
  const html = await response.text();
  return { response, status: response.status, body: html, doc: dom(html) };
}

const stored = (built: Built) =>
  built.db
    .selectFrom('activities')
    .select(['id', 'title', 'start_date', 'start_time', 'end_date', 'end_time', 'address', 'cancelled_dates', 'import_source', 'sequence'])
    .orderBy('start_date')
    .orderBy('start_time')
    .execute();

describe('importing a calendar file', () => {
  it('imports a Google-style export: the recurring practice with its moved and cancelled dates, the concert in Oslo time, the market; private events left out', async () => {
    const built = await appWithLink();
    const answer = await upload(built, GOOGLE);
    expect(answer.status).toBe(303);
    expect(answer.response.headers.get('Location')).toBe(`${built.link}/kalender?hentet=6-0-0`);
    expect(await stored(built)).toEqual(
      [
        {
          id: expect.any(Number),
          title: 'Korøvelse',
          start_date: '2026-11-24',
          start_time: '19:00',
          end_date: null,
          end_time: '21:00',
          address: 'Bjerkvik skole, aula',
          cancelled_dates: '',
          import_source: 'file',
          sequence: 0,
        },
        {
          id: expect.any(Number),
          title: 'Korøvelse (flyttet til onsdag)',
          start_date: '2026-12-02',
          start_time: '18:00',
          end_date: null,
          end_time: '20:00',
          address: null,
          cancelled_dates: '',
          import_source: 'file',
          sequence: 0,
        },
        {
          id: expect.any(Number),
          title: 'Korøvelse',
          start_date: '2026-12-08',
          start_time: '19:00',
          end_date: null,
          end_time: '21:00',
          address: null,
          cancelled_dates: '2026-12-08',
          import_source: 'file',
          sequence: 0,
        },
        {
          id: expect.any(Number),
          title: 'Korøvelse',
          start_date: '2026-12-15',
          start_time: '19:00',
          end_date: null,
          end_time: '21:00',
          address: 'Bjerkvik skole, aula',
          cancelled_dates: '',
          import_source: 'file',
          sequence: 0,
        },
        {
          id: expect.any(Number),
          title: 'Julekonsert',
          start_date: '2026-12-14',
          start_time: '18:00',
          end_date: null,
          end_time: '20:00',
          address: null,
          cancelled_dates: '',
          import_source: 'file',
          sequence: 0,
        },
        {
          id: expect.any(Number),
          title: 'Julemarked',
          start_date: '2026-12-19',
          start_time: '00:00',
          end_date: null,
          end_time: '23:59',
          address: null,
          cancelled_dates: '',
          import_source: 'file',
          sequence: 0,
        },
      ].sort((a, b) => a.start_date.localeCompare(b.start_date)),
    );
    const page = await get(built.app, `${built.link}/kalender?hentet=6-0-0`);
    expect(text(page.doc.querySelector('[role="status"]'))).toBe('Kalenderen er hentet: 6 nye, 0 endret og 0 fjernet arrangementer.');
    expect(text(page.doc.querySelector('.panel:nth-of-type(2) .hint'))).toBe('6 arrangementer er hentet fra opplastet fil.');

    // Shown as the association's on /hva-skjer; the price is not claimed to be free.
    const list = await get(built.app, '/hva-skjer?fra=2026-12-14&til=2026-12-14');
    expect(text(list.doc.querySelector('main'))).toContain('Julekonsert');
    expect(text(list.doc.querySelector('main'))).toContain('Ikke oppgitt');
    expect(text(list.doc.querySelector('main'))).not.toContain('Gratis');
  });

  it('imports the same file again without new rows: same ids, and only what changed gets a new SEQUENCE; what is gone is removed', async () => {
    const built = await appWithLink();
    expect((await upload(built, GOOGLE)).status).toBe(303);
    const before = await stored(built);
    const changed = GOOGLE.replace('SUMMARY:Julekonsert', 'SUMMARY:Julekonsert i kirka').replace(/BEGIN:VEVENT\r\nDTSTART;VALUE=DATE[^]*?END:VEVENT\r\n/, '');
    const again = await upload(built, changed);
    expect(again.response.headers.get('Location')).toBe(`${built.link}/kalender?hentet=0-1-1`);
    const after = await stored(built);
    expect(after.map((r) => r.id)).toEqual(before.filter((r) => r.title !== 'Julemarked').map((r) => r.id));
    expect(after.find((r) => r.title === 'Julekonsert i kirka')?.sequence).toBe(1);
    expect(after.filter((r) => r.title.startsWith('Korøvelse')).map((r) => r.sequence)).toEqual([0, 0, 0, 0]);
  });

  const hostile: [string, string | Uint8Array, string][] = [
    ['an empty file', '', 'Velg en kalenderfil.'],
    ['not a calendar', 'BEGIN:VCARD\r\nFN:Ola\r\nEND:VCARD', 'Dette er ikke en iCalendar-fil (den skal begynne med BEGIN:VCALENDAR).'],
    [
      'Latin-1 bytes',
      new Uint8Array([...Buffer.from(calendar('BEGIN:VEVENT', 'UID:x', 'DTSTART:20261214T170000Z', 'SUMMARY:Kor'), 'utf8'), 0xe6, 0xf8, 0xe5]),
      'Filen er ikke lagret som UTF-8-tekst, slik iCalendar krever. Eksporter den på nytt fra kalenderprogrammet.',
    ],
    [
      'a malformed line',
      calendar('BEGIN:VEVENT', 'UID:x', 'DTSTART:20261214T170000Z', 'dette er ingen linje', 'SUMMARY:Kor', 'END:VEVENT'),
      'Filen har en linje som ikke kan leses (linje 7: dette er ingen linje).',
    ],
    [
      'a missing DTSTART',
      calendar('BEGIN:VEVENT', 'UID:x', 'SUMMARY:Korøvelse uten tid', 'END:VEVENT'),
      'Hendelsen «Korøvelse uten tid» mangler starttidspunkt (DTSTART).',
    ],
    ['a missing SUMMARY', calendar('BEGIN:VEVENT', 'UID:x', 'DTSTART:20261214T170000Z', 'END:VEVENT'), 'En hendelse (#1) mangler tittel (SUMMARY).'],
    [
      'a date that does not exist',
      calendar('BEGIN:VEVENT', 'UID:x', 'DTSTART:20261301T170000Z', 'SUMMARY:Kor', 'END:VEVENT'),
      'En dato finnes ikke eller kan ikke leses (6: DTSTART:20261301T170000Z).',
    ],
    [
      'an end before the start',
      calendar('BEGIN:VEVENT', 'UID:x', 'DTSTART:20261214T170000Z', 'DTEND:20261214T160000Z', 'SUMMARY:Baklengs', 'END:VEVENT'),
      'Hendelsen «Baklengs» slutter før den begynner.',
    ],
    [
      'an unknown time zone',
      calendar('BEGIN:VEVENT', 'UID:x', 'DTSTART;TZID=Mars/Olympus:20261214T170000', 'SUMMARY:Kor', 'END:VEVENT'),
      'Tidssonen er ukjent og ikke beskrevet i filen: Mars/Olympus (Kor).',
    ],
    [
      'FREQ=SECONDLY',
      calendar('BEGIN:VEVENT', 'UID:x', 'DTSTART:20261214T170000Z', 'RRULE:FREQ=SECONDLY', 'SUMMARY:Hvert sekund', 'END:VEVENT'),
      'Hendelsen «Hvert sekund» gjentas hvert sekund, minutt eller time. Vi tar bare imot daglige eller sjeldnere gjentakelser.',
    ],
    [
      'a daily rule since 1900 without end',
      calendar('BEGIN:VEVENT', 'UID:x', 'DTSTART:19000101T170000Z', 'RRULE:FREQ=DAILY', 'SUMMARY:For alltid', 'END:VEVENT'),
      'Hendelsen «For alltid» gjentas så ofte over så lang tid at den ikke kan regnes ut.',
    ],
    [
      'an unbounded COUNT that yields more than the limit',
      calendar('BEGIN:VEVENT', 'UID:x', 'DTSTART:20261124T170000Z', 'RRULE:FREQ=DAILY;COUNT=999999999', 'SUMMARY:Daglig', 'END:VEVENT'),
      'Kalenderen har mer enn 300 kommende arrangementer det neste året.',
    ],
    [
      'thousands of events',
      calendar(
        ...Array.from({ length: 2000 }, (_, i) => [
          'BEGIN:VEVENT',
          `UID:e${i}`,
          `DTSTART:2027${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}T170000Z`,
          `SUMMARY:Arrangement ${i}`,
          'END:VEVENT',
        ]).flat(),
      ),
      'Kalenderen har mer enn 300 kommende arrangementer det neste året.',
    ],
    ['two calendars in one file', `${ONE_EVENT}${CRLF}${ONE_EVENT}`, 'Dette er ikke en iCalendar-fil (den skal begynne med BEGIN:VCALENDAR).'],
  ];

  it.each(hostile)('refuses %s with its reason next to the field and keeps the events already there', async (_name, content, message) => {
    const built = await appWithLink();
    expect((await upload(built, ONE_EVENT)).status).toBe(303);
    await createActivity(
      built.db,
      built.associationId,
      activityInput({
        kind: 'event',
        title: 'Eget arrangement',
        start_date: '2026-12-01',
        start_time: '18:00',
        end_time: '20:00',
        frequency: null,
        weekdays: '',
        languages: '',
      }),
      { status: 'visible', now: NOW },
    );
    const before = await stored(built);
    const answer = await upload(built, content);
    expect(answer.status).toBe(422);
    const error = text(answer.doc.querySelector('#calendar-file-error'));
    expect(error.startsWith(message)).toBe(true);
    expect(answer.doc.querySelector('#calendar-file')?.getAttribute('aria-invalid')).toBe('true');
    expect(text(answer.doc.querySelector('.error-summary a[href="#calendar-file"]'))).toBe(error);
    expect(await stored(built)).toEqual(before);
  });

  it('refuses a file over 2 MB with a page in the visitor’s language, not a bare 413', async () => {
    const built = await appWithLink();
    const answer = await upload(built, `${calendar()}${' '.repeat(3 * 1024 * 1024)}`);
    expect(answer.status).toBe(413);
    expect(text(answer.doc.querySelector('#calendar-file-error'))).toBe('Filen er for stor. Den kan være høyst 2 MB.');
  });

  it('says the reasons in English to an English visitor', async () => {
    const built = await appWithLink();
    const page = await get(built.app, `${built.link}/kalender?lang=en`);
    const form = new FormData();
    form.append('form_token', formToken(page.doc));
    form.append('calendar_file', new File([calendar('BEGIN:VEVENT', 'UID:x', 'SUMMARY:No time', 'END:VEVENT')], 'x.ics'));
    const response = await built.app.request(`${built.link}/kalender/fil`, { method: 'POST', body: form, headers: { Origin: ORIGIN, Cookie: 'lang=en' } });
    const doc = dom(await response.text());
    expect(response.status).toBe(422);
    expect(text(doc.querySelector('#calendar-file-error'))).toBe(
      'The event “No time” has no start time (DTSTART). Nothing was changed: the events you had before are shown as before.',
    );
  });

  it('escapes script in SUMMARY, DESCRIPTION and LOCATION on every page and feed', async () => {
    const built = await appWithLink();
    const evil = '<script>alert(1)</script>';
    const answer = await upload(
      built,
      calendar(
        'BEGIN:VEVENT',
        'UID:evil',
        'DTSTART:20261214T170000Z',
        'DTEND:20261214T180000Z',
        `SUMMARY:${evil}Konsert`,
        `DESCRIPTION:${evil}</script><img src=x onerror=alert(2)>`,
        `LOCATION:${evil}`,
        'END:VEVENT',
      ),
    );
    expect(answer.status).toBe(303);
    const [row] = await stored(built);
    const paths = [
      '/hva-skjer?fra=2026-12-14&til=2026-12-14',
      `/hva-skjer/${row!.id}`,
      '/lag/bjerkvik-sangkor',
      '/kommune/1806/hva-skjer?fra=2026-12-14&til=2026-12-14',
      '/embed/hva-skjer?kommune=1806&fra=2026-12-14&til=2026-12-14',
      '/kommune/1806/nye-arrangementer.atom',
      `${built.link}`,
    ];
    for (const path of paths) {
      const page = await get(built.app, path);
      expect(page.status, path).toBe(200);
      expect(page.body, path).not.toContain('<script>alert(1)');
      expect(page.body, path).not.toContain('<img src=x');
    }
    // The JSON-LD cannot be closed early by the text.
    const detail = await get(built.app, `/hva-skjer/${row!.id}`);
    expect(detail.status).toBe(200);
    const jsonLd = detail.doc.querySelectorAll('script[type="application/ld+json"]').map((s) => JSON.parse(s.textContent));
    expect(jsonLd.some((d: { name?: string }) => d.name === `${evil}Konsert`)).toBe(true);
    // The feed carries the text as text, read back by ical.js as it was.
    const feed = await get(built.app, '/kommune/1806/kalender.ics');
    const event = new ICAL.Component(ICAL.parse(feed.body))
      .getAllSubcomponents('vevent')
      .find((v) => v.getFirstPropertyValue('uid') === `activity-${row!.id}@lag.example.no`)!;
    expect(event.getFirstPropertyValue('summary')).toBe(`${evil}Konsert`);
  });
});

describe('importing a calendar address', () => {
  it('fetches the address at once, follows a redirect, saves it, and shows how it went', async () => {
    const built = await appWithLink();
    const answer = await postUrl(built, `${base}/moved`);
    expect(answer.status).toBe(303);
    expect(answer.response.headers.get('Location')).toBe(`${built.link}/kalender?hentet=6-0-0`);
    expect((await stored(built)).map((r) => r.import_source)).toEqual(['feed', 'feed', 'feed', 'feed', 'feed', 'feed']);
    const page = await get(built.app, `${built.link}/kalender`);
    expect(page.doc.querySelector('#calendar-url')?.getAttribute('value')).toBe(`${base}/moved`);
    expect(text(page.doc.querySelector('.panel .hint'))).toBe('Sist hentet 23. november 2026 kl. 13:00: 6 kommende arrangementer.');
    // The edit page's section links here and marks what came from the calendar.
    const edit = await get(built.app, built.link);
    expect(edit.doc.querySelector(`#aktiviteter a[href="${built.link}/kalender"]`)).not.toBeNull();
    expect(text(edit.doc.querySelector('#aktiviteter'))).toContain('hentet fra lagets kalender');
  });

  it('accepts a webcal:// address as https and refuses what is not http(s), keeping what was typed', async () => {
    const built = await appWithLink();
    const bad = await postUrl(built, 'ftp://kor.example.no/kalender.ics');
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector('#calendar-url-error'))).toBe(
      'Adressen må begynne med https:// eller http:// (en webcal://-adresse kan skrives med https:// i stedet).',
    );
    expect(bad.doc.querySelector('#calendar-url')?.getAttribute('value')).toBe('ftp://kor.example.no/kalender.ics');
    const empty = await postUrl(built, '   ');
    expect(text(empty.doc.querySelector('#calendar-url-error'))).toBe('Skriv adressen til kalenderen.');
    expect(await built.db.selectFrom('calendar_feeds').selectAll().execute()).toEqual([]);
  });

  const failures: [string, string, string][] = [
    ['a 403 answer', '/private.ics', 'Serveren svarte med feilkode 403. Er kalenderen offentlig?'],
    ['a 404 answer', '/finnes-ikke.ics', 'Serveren svarte med feilkode 404. Er kalenderen offentlig?'],
    ['a redirect loop', '/loop', 'Adressen sender oss videre i ring.'],
    ['a body over 2 MB', '/huge.ics', 'Kalenderen er større enn 2 MB.'],
  ];
  it.each(failures)('refuses an address that gives %s, saves nothing and changes nothing', async (_name, path, message) => {
    const built = await appWithLink();
    expect((await postUrl(built, `${base}/one.ics`)).status).toBe(303);
    const before = await stored(built);
    const answer = await postUrl(built, `${base}${path}`);
    expect(answer.status).toBe(422);
    expect(text(answer.doc.querySelector('#calendar-url-error'))).toBe(`${message} Ingenting er endret: arrangementene dere hadde fra før, vises som før.`);
    expect(answer.doc.querySelector('#calendar-url')?.getAttribute('value')).toBe(`${base}${path}`);
    expect(await stored(built)).toEqual(before);
    expect((await built.db.selectFrom('calendar_feeds').select('url').executeTakeFirstOrThrow()).url).toBe(`${base}/one.ics`);
  });

  it('refuses loopback addresses by default: private addresses are only fetched when explicitly allowed', async () => {
    const built = await appWithLink({});
    for (const url of [`${base}/one.ics`, 'http://localhost/kalender.ics', 'http://[::1]/kalender.ics', 'http://10.0.0.1/kalender.ics']) {
      const answer = await postUrl(built, url);
      expect(answer.status).toBe(422);
      expect(
        text(answer.doc.querySelector('#calendar-url-error')).startsWith('Adressen peker inn i et lukket nettverk, og slike henter vi ikke.') ||
          text(answer.doc.querySelector('#calendar-url-error')).startsWith('Adressen bruker en annen port enn 80 eller 443'),
      ).toBe(true);
    }
    expect(await stored(built)).toEqual([]);
  });

  it('removes the address and its events, and only those', async () => {
    const built = await appWithLink();
    expect((await upload(built, ONE_EVENT)).status).toBe(303);
    expect((await postUrl(built, `${base}/google.ics`)).status).toBe(303);
    const page = await get(built.app, `${built.link}/kalender`);
    const removed = await postForm(built.app, `${built.link}/kalender/fjern`, { form_token: formToken(page.doc) });
    expect(removed.status).toBe(303);
    expect((await stored(built)).map((r) => [r.title, r.import_source])).toEqual([['Juleball', 'file']]);
    expect(await built.db.selectFrom('calendar_feeds').selectAll().execute()).toEqual([]);
  });

  it('refuses a post without the page’s form token', async () => {
    const built = await appWithLink();
    const answer = await postForm(built.app, `${built.link}/kalender`, { calendar_url: `${base}/google.ics` });
    expect(answer.status).toBe(422);
    expect(await stored(built)).toEqual([]);
  });
});

describe('the scheduled import (npm run import:calendars)', () => {
  it('re-imports due feeds; a feed that starts failing keeps its events and is mailed to the association once', async () => {
    const built = await appWithLink();
    expect((await postUrl(built, `${base}/one.ics`)).status).toBe(303);
    const logger = pino({ level: 'silent' });
    const deps = { db: built.db, config: built.config, offLoop: built.offLoop, mailer: built.mailer, logger };
    // Tried just now: not due yet.
    expect(await runCalendarImports({ ...deps, clock: () => NOW })).toEqual({ feeds: 0, ok: 0, failed: 0, notified: 0 });
    const later = new Date(NOW.getTime() + 7 * 3_600_000);
    serve('/one.ics', ONE_EVENT.replace('SUMMARY:Juleball', 'SUMMARY:Juleball med band'));
    expect(await runCalendarImports({ ...deps, clock: () => later })).toEqual({ feeds: 1, ok: 1, failed: 0, notified: 0 });
    expect((await stored(built)).map((r) => [r.title, r.sequence])).toEqual([['Juleball med band', 1]]);

    serve('/one.ics', 'not found', 404);
    const muchLater = new Date(later.getTime() + 7 * 3_600_000);
    expect(await runCalendarImports({ ...deps, clock: () => muchLater })).toEqual({ feeds: 1, ok: 0, failed: 1, notified: 1 });
    expect(await runCalendarImports({ ...deps, clock: () => new Date(muchLater.getTime() + 7 * 3_600_000) })).toEqual({
      feeds: 1,
      ok: 0,
      failed: 1,
      notified: 0,
    });
    expect((await stored(built)).map((r) => r.title)).toEqual(['Juleball med band']);
    const mails = await built.db.selectFrom('outbox').select(['recipient', 'subject', 'text_body']).where('subject', 'like', 'Kalenderen til%').execute();
    expect(mails.map((m) => [m.recipient, m.subject])).toEqual([['leder@sangkor.example.no', 'Kalenderen til Bjerkvik Sangkor kunne ikke hentes']]);
    expect(mails[0]!.text_body).toContain('Serveren svarte med feilkode 404. Er kalenderen offentlig?');
    // The mail carried a fresh link (which replaces older ones); the import page says what failed.
    const fresh = await createEditToken(built.db, built.associationId, NOW, 30);
    const page = await get(built.app, `/endre/${fresh}/kalender`);
    expect(text(page.doc.querySelector('.panel .notice'))).toContain('mislyktes: Serveren svarte med feilkode 404.');
    serve('/one.ics', ONE_EVENT);
  });
});

describe('what moderators see of imports (the audit log)', () => {
  const audited = (built: Built) =>
    built.db
      .selectFrom('audit_log')
      .select(['action', 'user_id', 'association_id', 'details'])
      .where('action', '=', 'calendar-import')
      .orderBy('id')
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> })));

  it('records every import that changed what the public sees, by whom and what, and nothing for one that changed nothing or failed', async () => {
    const built = await appWithLink();
    expect((await upload(built, ONE_EVENT)).status).toBe(303);
    serve('/audit.ics', ONE_EVENT.replace('UID:one@example.no', 'UID:feed@example.no').replace('SUMMARY:Juleball', 'SUMMARY:Julebord'));
    expect((await postUrl(built, `${base}/audit.ics`)).status).toBe(303);
    let rows = await audited(built);
    expect(rows.map((r) => [r.user_id, r.association_id, r.details.by, r.details.source, r.details.created, r.details.updated, r.details.removed])).toEqual([
      [null, built.associationId, 'association', 'file', 1, 0, 0],
      [null, built.associationId, 'association', 'feed', 1, 0, 0],
    ]);
    expect(rows[0]!.details.titles).toEqual({ created: ['Juleball'], updated: [], removed: [] });
    expect(rows[1]!.details.url).toBe(`${base}/audit.ics`);

    const logger = pino({ level: 'silent' });
    const deps = { db: built.db, config: built.config, offLoop: built.offLoop, mailer: built.mailer, logger };
    const run = (hours: number) => runCalendarImports({ ...deps, clock: () => new Date(NOW.getTime() + hours * 3_600_000) });
    // The same calendar again: nothing changed, nothing recorded.
    expect(await run(7)).toMatchObject({ ok: 1 });
    expect(await audited(built)).toHaveLength(2);
    // Changed on the association's side: the schedule's import is recorded.
    serve('/audit.ics', ONE_EVENT.replace('UID:one@example.no', 'UID:feed@example.no').replace('SUMMARY:Juleball', 'SUMMARY:Julebord med dans'));
    expect(await run(14)).toMatchObject({ ok: 1 });
    rows = await audited(built);
    expect(rows).toHaveLength(3);
    expect(rows[2]!.details).toMatchObject({ by: 'schedule', source: 'feed', created: 0, updated: 1, removed: 0, titles: { updated: ['Julebord med dans'] } });
    // A failure changes nothing the public sees: recorded on the feed (and mailed), not here.
    serve('/audit.ics', 'gone', 410);
    expect(await run(21)).toMatchObject({ failed: 1 });
    expect(await audited(built)).toHaveLength(3);

    // Removing the address takes its events off the pages: recorded too. (The failure's mail
    // carried a fresh link, which replaced the old one.)
    const link = `/endre/${await createEditToken(built.db, built.associationId, NOW, 30)}`;
    const page = await get(built.app, `${link}/kalender`);
    expect((await postForm(built.app, `${link}/kalender/fjern`, { form_token: formToken(page.doc) })).status).toBe(303);
    rows = await audited(built);
    expect(rows).toHaveLength(4);
    expect(rows[3]!.details).toMatchObject({ by: 'association', feed_removed: true, removed: 1, titles: { removed: ['Julebord med dans'] } });

    // The entry's history says so in words, for a moderator of its municipality.
    const moderator = await signIn(built.db, { email: 'mod@narvik.kommune.no', role: 'moderator', municipalities: ['1806'] });
    const history = await get(built.app, `/moderering/lag/${built.associationId}/historikk`, { Cookie: moderator.cookie });
    expect(history.status).toBe(200);
    const body = text(history.doc.querySelector('main'));
    expect(body).toContain('Aktiviteter hentet fra lagets egen kalender');
    expect(body).toContain('Laget hentet selv fra en opplastet fil: 1 nye, 0 endret, 0 fjernet.');
    expect(body).toContain(`Hentet etter timeplanen fra ${base}/audit.ics: 0 nye, 1 endret, 0 fjernet.`);
    expect(body).toContain('Endret: Julebord med dans');
    expect(body).toContain('(laget fjernet kalenderadressen)');
  });
});
