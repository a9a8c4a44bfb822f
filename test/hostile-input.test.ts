import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { DB } from '../src/db/sqlite.js';
import { association, formToken, get, movableClock, ORIGIN, testApp } from './helpers.js';

// Random and hostile values at every public route and form. Whatever comes in: no 5xx, no
// input echoed as markup, and nothing stored unless the input was valid.

let app: App;
let db: DB;
const clock = movableClock();

beforeAll(async () => {
  ({ app, db } = await testApp(
    (reference) => [association(reference, { name: 'Narvik Fotballklubb', place: 'bjerkvik' })],
    { SUBMISSIONS_PER_HOUR: '100000' },
    { clock: clock.now },
  ));
});

const MARKER = '<x-injected>';

/** Hostile text: FTS5 and SQL syntax, markup, control and unusual Unicode characters, long runs. */
const hostile = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(
    '"',
    '*',
    'NEAR(a b)',
    '-',
    '(((',
    ')',
    'a OR b',
    '^x',
    'name:x',
    "'; DROP TABLE associations; --",
    '1 UNION SELECT * FROM users',
    '%',
    '_',
    '\\',
    '\u0000',
    '\u202e',
    '\ud83c\udf89',
    '\ufeff',
    'ø'.repeat(300),
    `${MARKER}<script>alert(1)</script>`,
    'javascript:alert(1)',
    '../../etc/passwd',
    '%00',
    '0',
    '-1',
    '1e9',
    'NaN',
  ),
  fc.string({ maxLength: 6000 }).map((s) => `${MARKER}${s}`),
);

const publicPaths = ['/', '/lag', '/kommune/1806', '/kategori/idrett', '/lag/narvik-fotballklubb', '/registrer', '/endre'];
const listParams = ['q', 'kommune', 'kategori', 'sted', 'side', 'lang', 'unknown'];

async function tableCounts() {
  const tables = ['associations', 'revisions', 'edit_tokens', 'outbox', 'users', 'sessions'] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    counts[table] = Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  }
  return counts;
}

function expectSafe(status: number, body: string) {
  expect(status).toBeLessThan(500);
  expect(body).not.toContain(MARKER);
  expect(body).not.toContain('<script>alert(1)</script>');
}

describe('hostile input', () => {
  it('never fails or echoes markup on public GET routes with random, repeated and missing parameters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...publicPaths),
        fc.array(fc.tuple(fc.constantFrom(...listParams), hostile), { maxLength: 6 }),
        fc.boolean(),
        async (path, params, htmx) => {
          const search = new URLSearchParams();
          for (const [name, value] of params) search.append(name, value);
          const url = search.toString() ? `${path}?${search}` : path;
          const response = await app.request(url, { headers: htmx ? { 'HX-Request': 'true' } : {} });
          expectSafe(response.status, await response.text());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never fails on hostile path segments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/lag/', '/kommune/', '/kategori/', '/endre/', '/moderering/lag/'), hostile, async (prefix, segment) => {
        const response = await app.request(prefix + encodeURIComponent(segment));
        expectSafe(response.status, await response.text());
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a NUL character in the address or a form field with 400, on either database (PostgreSQL cannot store one)', async () => {
    for (const path of ['/logg-inn', '/registrer', '/endre']) {
      const body = new URLSearchParams({ email: 'kari\u0000@example.no', password: 'et\u0000passord', name: 'Lag\u0000', municipality: '1806' });
      const response = await app.request(path, { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN } });
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
    }
    for (const path of ['/lag/narvik%00', '/lag?q=tur%00', '/kommune/1806%00', '/api/v1/organizations?kommune=%00']) {
      expect({ path, status: (await app.request(path)).status }).toEqual({ path, status: 400 });
    }
  });

  it('stores nothing from hostile registration and edit-link forms, and never fails', async () => {
    const fields = [
      'name',
      'short_description',
      'description',
      'categories',
      'municipality',
      'place',
      'website',
      'email',
      'phone',
      'postal_address',
      'postal_code',
      'org_number',
      'founded_year',
      'links',
      'contact_name',
      'contact_email',
      'publish_contact',
      'accept_terms',
      'homepage',
      'form_token',
      'not_duplicate',
    ];
    const before = await tableCounts();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/registrer', '/endre', '/logg-inn', '/endre/ikke-en-gyldig-lenke-men-lang-nok'),
        fc.array(fc.tuple(fc.constantFrom(...fields, 'email', 'password', 'lag'), hostile), { maxLength: 12 }),
        fc.boolean(),
        async (path, values, withToken) => {
          const body = new URLSearchParams();
          if (withToken) body.append('form_token', formToken((await get(app, path === '/endre' ? '/endre' : '/registrer')).doc));
          clock.advance(5_000);
          // An invalid municipality keeps every random registration invalid, so nothing may be stored.
          body.append('municipality', 'ugyldig');
          for (const [name, value] of values) if (name !== 'municipality' && name !== 'email') body.append(name, value);
          const response = await app.request(path, {
            method: 'POST',
            body,
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
          });
          expectSafe(response.status, await response.text());
        },
      ),
      { numRuns: 150 },
    );
    expect(await tableCounts()).toEqual(before);
  });

  it('answers wrong content types and oversized bodies without a 5xx', async () => {
    const kinds: Record<string, string>[] = [
      { 'Content-Type': 'application/json' },
      { 'Content-Type': 'text/plain' },
      { 'Content-Type': 'multipart/form-data; boundary=x' },
      { 'Content-Type': 'application/x-www-form-urlencoded; charset=latin1' },
      {},
    ];
    for (const headers of kinds) {
      for (const path of ['/registrer', '/endre', '/logg-inn']) {
        const response = await app.request(path, { method: 'POST', body: '{"name": "<b>x</b>"', headers: { ...headers, Origin: ORIGIN } });
        expect(response.status, `${path} ${JSON.stringify(headers)}`).toBeLessThan(500);
      }
    }
    const huge = await app.request('/registrer', {
      method: 'POST',
      body: `name=${'x'.repeat(200_000)}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
    });
    expect(huge.status).toBe(413);
  });
});
