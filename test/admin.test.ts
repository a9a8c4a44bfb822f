import { HtmlValidate } from 'html-validate';
import { beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { nextIcnpoCode } from '../src/db/admin.js';
import type { Reference } from '../src/db/reference.js';
import type { DB } from '../src/db/sqlite.js';
import { association, get, postForm, signIn, testApp, text } from './helpers.js';

// The admin area: users, places, categories, regions and site texts, and the public terms page.

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'no-trailing-whitespace': 'off',
    'attribute-boolean-style': 'off',
    'attribute-empty-style': 'off',
    'void-style': 'off',
    'form-dup-name': 'off',
  },
});

async function problems(body: string): Promise<string[]> {
  const report = await validator.validateString(body);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`));
}

type Who = { cookie: string; csrf: string; userId: number };

let app: App;
let db: DB;
let reference: Reference;
let narvik: Who;
let admin: Who;

const PASSWORD = 'et langt startpassord';

beforeEach(async () => {
  ({ app, db, reference } = await testApp((ref) => [
    association(ref, { name: 'Bjerkvik Idrettslag', place: 'bjerkvik', categories: ['idrett'] }),
    association(ref, { name: 'Senja Skiklubb', municipalityNumber: '5530', categories: ['idrett'] }),
  ]));
  narvik = await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
  admin = await signIn(db, { email: 'admin@example.no', role: 'admin' });
});

function as(who: Who, path: string, fields: Record<string, string | string[] | undefined> = {}, headers: Record<string, string> = {}) {
  return postForm(app, path, { csrf: who.csrf, ...fields }, { Cookie: who.cookie, ...headers });
}

async function auditRows(action?: string) {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id');
  if (action) q = q.where('action', '=', action);
  return (await q.execute()).map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
}

/** Follows a 303 and returns the page it leads to. */
async function follow(who: Who, response: Response) {
  expect(response.status).toBe(303);
  return get(app, response.headers.get('Location')!, { Cookie: who.cookie });
}

async function placeOptions() {
  const { doc } = await get(app, '/lag');
  return doc.querySelectorAll('select#sted option').map((o) => ({ value: o.getAttribute('value'), text: text(o) }));
}

describe('users', () => {
  it('an admin creates a moderator who can then sign in and sees only their municipality', async () => {
    const page = await get(app, '/moderering/brukere', { Cookie: admin.cookie });
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('h1'))).toBe('Brukere');
    expect(page.doc.querySelector('input[name="municipalities"][value="1806"]')).not.toBeNull();

    const created = await as(admin, '/moderering/brukere', {
      email: ' Kari@Example.no ',
      name: 'Kari Nordmann',
      role: 'moderator',
      password: PASSWORD,
      municipalities: ['1806'],
    });
    expect(created.status).toBe(303);
    expect(created.response.headers.get('Location')).toBe('/moderering/brukere?melding=created');
    const after = await follow(admin, created.response);
    expect(text(after.doc.querySelector('.success'))).toContain('opprettet');
    const card = after.doc.querySelectorAll('li.admin-item').find((li) => text(li.querySelector('h3')).startsWith('kari@example.no'));
    expect(text(card)).toContain('Kari Nordmann');
    expect(text(card)).toContain('Narvik');
    expect(text(card)).toContain('Moderator');

    const [row] = await auditRows('user-create');
    expect(row).toMatchObject({
      user_id: admin.userId,
      association_id: null,
      details: { before: null, after: { email: 'kari@example.no', role: 'moderator', municipalities: ['1806'] } },
    });
    expect(JSON.stringify(row!.details)).not.toContain('scrypt');

    const login = await postForm(app, '/logg-inn', { email: 'kari@example.no', password: PASSWORD });
    expect(login.status).toBe(303);
    const cookie = /lagportal_session=[^;]+/.exec(login.response.headers.get('Set-Cookie') ?? '')?.[0];
    expect(cookie).toBeTruthy();
    const queue = await get(app, '/moderering', { Cookie: cookie! });
    expect(queue.status).toBe(200);
    const options = queue.doc
      .querySelectorAll('#filter-kommune option')
      .map((o) => o.getAttribute('value'))
      .filter(Boolean);
    expect(options).toEqual(['1806']);
    expect((await get(app, '/moderering/brukere', { Cookie: cookie! })).status).toBe(403);
  });

  it.each([
    // The last column: aria-invalid on the control; a group of checkboxes is marked by its fieldset's description only.
    ['a short password', { password: 'for kort' }, '#new-password-error', 'minst 12 tegn', 'true'],
    ['a taken email', { email: 'ADMIN@example.no' }, '#new-email-error', 'finnes allerede', 'true'],
    ['an unknown kommunenummer', { other_municipalities: '1853, 9999 abc' }, '#new-other-error', '«9999», «abc»', 'true'],
    ['a malformed email', { email: 'ikke en adresse' }, '#new-email-error', 'riktig format', 'true'],
    ['a moderator without municipalities', { municipalities: [] as string[], other_municipalities: '' }, '#new-municipalities-error', 'minst én kommune', null],
  ])('explains %s next to the field, keeps what was typed and stores nothing', async (_case, change, errorSelector, message, ariaInvalid) => {
    const usersBefore = await db.selectFrom('users').select('id').execute();
    const fields = {
      email: 'ola@example.no',
      name: 'Ola',
      role: 'moderator',
      password: PASSWORD,
      municipalities: ['1806'],
      other_municipalities: '1853',
      ...change,
    };
    const { status, doc } = await as(admin, '/moderering/brukere', fields);
    expect(status).toBe(422);
    expect(text(doc.querySelector(errorSelector))).toContain(message);
    expect(doc.querySelector('#error-summary')).not.toBeNull();
    expect(doc.querySelector('#new-email')?.getAttribute('value')).toBe(fields.email);
    expect(doc.querySelector('#new-name')?.getAttribute('value')).toBe('Ola');
    expect(doc.querySelector('#new-other')?.getAttribute('value')).toBe(fields.other_municipalities);
    expect(doc.querySelector('#new-municipality-1806')?.hasAttribute('checked')).toBe(fields.municipalities.includes('1806'));
    // The password is never echoed back.
    expect(doc.querySelector('#new-password')?.getAttribute('value') ?? '').toBe('');
    const invalid = doc.querySelector(errorSelector.replace('-error', ''));
    expect(invalid?.getAttribute('aria-describedby')?.split(' ')).toContain(errorSelector.slice(1));
    expect(invalid?.getAttribute('aria-invalid') ?? null).toBe(ariaInvalid);
    expect(await db.selectFrom('users').select('id').execute()).toEqual(usersBefore);
    expect(await auditRows()).toEqual([]);
  });

  it('changes role and scopes, and disables a user, which ends their sessions', async () => {
    const changed = await as(admin, `/moderering/brukere/${narvik.userId}`, { role: 'moderator', regions: ['midt-troms'], other_municipalities: '1853' });
    expect(changed.status).toBe(303);
    expect(text((await follow(admin, changed.response)).doc.querySelector('.success'))).toContain('lagret');
    const queue = await get(app, '/moderering', { Cookie: narvik.cookie });
    const options = queue.doc
      .querySelectorAll('#filter-kommune option')
      .map((o) => o.getAttribute('value'))
      .filter(Boolean);
    expect(options).toContain('1853');
    expect(options).toContain('5530');
    expect(options).not.toContain('1806');
    const [update] = await auditRows('user-update');
    expect(update!.details).toMatchObject({
      before: { role: 'moderator', municipalities: ['1806'], regions: [] },
      after: { role: 'moderator', municipalities: ['1853'], regions: ['midt-troms'] },
    });

    const bad = await as(admin, `/moderering/brukere/${narvik.userId}`, { role: 'moderator', other_municipalities: '12345' });
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector(`#user-${narvik.userId}-other-error`))).toContain('12345');
    expect(bad.doc.querySelector(`#user-${narvik.userId}-other`)?.getAttribute('value')).toBe('12345');

    const disabled = await as(admin, `/moderering/brukere/${narvik.userId}/deaktiver`);
    expect(disabled.status).toBe(303);
    expect(text((await follow(admin, disabled.response)).doc.querySelector('.success'))).toContain('deaktivert');
    const signedOut = await app.request('/moderering', { headers: { Cookie: narvik.cookie } });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('Location')).toContain('/logg-inn');
    expect((await auditRows('user-disable'))[0]).toMatchObject({ user_id: admin.userId, details: { before: { disabled_at: null } } });
  });

  it('keeps an admin from locking themselves out', async () => {
    const demote = await as(admin, `/moderering/brukere/${admin.userId}`, { role: 'moderator', municipalities: ['1806'] });
    expect(demote.status).toBe(422);
    expect(text(demote.doc.querySelector(`#user-${admin.userId}-role-error`))).toContain('egen administratorrolle');
    const disable = await as(admin, `/moderering/brukere/${admin.userId}/deaktiver`);
    expect(disable.status).toBe(422);
    expect((await db.selectFrom('users').selectAll().where('id', '=', admin.userId).executeTakeFirstOrThrow()).role).toBe('admin');
    expect(await auditRows()).toEqual([]);
  });
});

describe('who may do what', () => {
  it('refuses a moderator the admin areas with 403, on GET and POST, and changes nothing', async () => {
    const idrett = reference.categoryBySlug.get('idrett')!;
    const group = reference.categoryBySlug.get('kultur-og-fritid')!;
    for (const path of ['/moderering/brukere', '/moderering/kategorier', '/moderering/regioner', '/moderering/tekster']) {
      expect((await get(app, path, { Cookie: narvik.cookie })).status, path).toBe(403);
    }
    const posts: [string, Record<string, string>][] = [
      ['/moderering/brukere', { email: 'ny@example.no', role: 'admin', password: PASSWORD }],
      [`/moderering/brukere/${narvik.userId}`, { role: 'admin' }],
      [`/moderering/brukere/${admin.userId}/deaktiver`, {}],
      [`/moderering/kategorier/${idrett.id}`, { name_nb: 'Endret', name_en: 'Changed' }],
      [`/moderering/kategorier/${group.id}/underkategori`, { name_nb: 'Ny', name_en: 'New' }],
      ['/moderering/regioner', { name_nb: 'Ny', name_en: 'New', members: '1806' }],
      ['/moderering/regioner/nord-troms', { name_nb: 'Endret', name_en: 'Changed', members: '1806' }],
      ['/moderering/tekster', { 'home-intro-nb': 'Hei' }],
    ];
    for (const [path, fields] of posts) {
      const { status, doc } = await as(narvik, path, fields);
      expect(status, path).toBe(403);
      expect(text(doc.querySelector('h1')), path).toBe('Ingen tilgang');
    }
    expect((await db.selectFrom('users').select('role').where('id', '=', narvik.userId).executeTakeFirstOrThrow()).role).toBe('moderator');
    expect(await db.selectFrom('users').select('id').where('email', '=', 'ny@example.no').execute()).toEqual([]);
    expect((await db.selectFrom('categories').select('name_nb').where('id', '=', idrett.id).executeTakeFirstOrThrow()).name_nb).toBe('Idrett');
    expect(await db.selectFrom('categories').select('id').execute()).toHaveLength(reference.categories.length);
    expect(await db.selectFrom('regions').select('slug').execute()).toHaveLength(3);
    expect(await db.selectFrom('site_texts').selectAll().execute()).toEqual([]);
    expect(await auditRows()).toEqual([]);
  });

  it('sends a visitor without a session to the sign-in page', async () => {
    for (const path of ['/moderering/brukere', '/moderering/steder', '/moderering/tekster']) {
      const response = await app.request(path);
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe(`/logg-inn?neste=${encodeURIComponent(path)}`);
    }
  });

  it('refuses every change without the CSRF token, or from another origin, and changes nothing', async () => {
    const idrett = reference.categoryBySlug.get('idrett')!;
    const place = reference.placeBySlug.get('bjerkvik')!;
    const posts: [string, Record<string, string | string[]>][] = [
      ['/moderering/brukere', { email: 'ny@example.no', role: 'moderator', password: PASSWORD, municipalities: ['1806'] }],
      [`/moderering/brukere/${narvik.userId}/deaktiver`, {}],
      ['/moderering/steder', { name: 'Framnes', municipality: '1806' }],
      [`/moderering/steder/${place.id}`, { name: 'Bjerkvik sentrum' }],
      [`/moderering/kategorier/${idrett.id}`, { name_nb: 'Endret', name_en: 'Changed' }],
      ['/moderering/regioner', { name_nb: 'Ofoten', name_en: 'Ofoten', members: '1806' }],
      ['/moderering/tekster', { 'home-intro-nb': 'Hei' }],
    ];
    for (const [path, fields] of posts) {
      expect((await postForm(app, path, fields, { Cookie: admin.cookie })).status, path).toBe(403);
      expect((await postForm(app, path, { ...fields, csrf: 'x'.repeat(43) }, { Cookie: admin.cookie })).status, path).toBe(403);
      expect((await as(admin, path, fields, { Origin: 'https://evil.example' })).status, path).toBe(403);
    }
    expect(await db.selectFrom('users').select('id').where('email', '=', 'ny@example.no').execute()).toEqual([]);
    expect((await db.selectFrom('users').select('disabled_at').where('id', '=', narvik.userId).executeTakeFirstOrThrow()).disabled_at).toBeNull();
    expect(await db.selectFrom('places').select('id').where('name', 'in', ['Framnes', 'Bjerkvik sentrum']).execute()).toEqual([]);
    expect(await db.selectFrom('site_texts').selectAll().execute()).toEqual([]);
    expect(await auditRows()).toEqual([]);
  });
});

describe('places', () => {
  it('a moderator sees the places of their municipalities and may add and rename one there', async () => {
    const page = await get(app, '/moderering/steder', { Cookie: narvik.cookie });
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('h1'))).toBe('Steder');
    expect(page.doc.querySelectorAll('#new-place-municipality option').map((o) => o.getAttribute('value'))).toEqual(['', '1806']);
    expect(text(page.doc.querySelector('main'))).toContain('Bjerkvik');
    expect(text(page.doc.querySelector('main'))).not.toContain('Finnsnes');
    // Moderators see the queue and places only.
    expect(page.doc.querySelectorAll('nav.admin-nav a').map((a) => a.getAttribute('href'))).toEqual([
      '/moderering',
      '/moderering/arrangementer',
      '/moderering/steder',
      '/moderering/konto',
    ]);

    const added = await as(narvik, '/moderering/steder', { name: '  Framnes ', municipality: '1806' });
    expect(text((await follow(narvik, added.response)).doc.querySelector('.success'))).toContain('lagt til');
    const place = await db.selectFrom('places').selectAll().where('name', '=', 'Framnes').executeTakeFirstOrThrow();
    expect(place).toMatchObject({ slug: 'framnes', municipality_number: '1806' });
    expect(await placeOptions()).toContainEqual({ value: 'framnes', text: 'Framnes' });
    const filtered = await get(app, '/lag?sted=framnes');
    expect(filtered.status).toBe(200);
    expect(filtered.doc.querySelector('select#sted option[selected]')?.getAttribute('value')).toBe('framnes');

    const renamed = await as(narvik, `/moderering/steder/${place.id}`, { name: 'Framnes og Vassvik' });
    expect(text((await follow(narvik, renamed.response)).doc.querySelector('.success'))).toContain('nytt navn');
    // The slug stays, so links keep working.
    expect(await placeOptions()).toContainEqual({ value: 'framnes', text: 'Framnes og Vassvik' });
    expect((await get(app, '/kommune/1806')).doc.querySelector('a[href="/kommune/1806?sted=framnes"]')).not.toBeNull();

    const rows = await auditRows();
    expect(rows.map((r) => r.action)).toEqual(['place-add', 'place-rename']);
    expect(rows[0]).toMatchObject({ user_id: narvik.userId, details: { before: null, after: { slug: 'framnes', name: 'Framnes' } } });
    expect(rows[1]).toMatchObject({ details: { before: { name: 'Framnes' }, after: { name: 'Framnes og Vassvik' } } });
  });

  it('explains a missing, taken or symbol-only name, keeps what was typed, and stores nothing', async () => {
    const before = await db.selectFrom('places').select('id').execute();
    for (const [name, message] of [
      ['', 'Skriv navnet'],
      ['bjerkvik', 'finnes allerede'],
      ['!!!', 'minst én bokstav'],
    ] as const) {
      const { status, doc } = await as(narvik, '/moderering/steder', { name, municipality: '1806' });
      expect(status, name).toBe(422);
      expect(text(doc.querySelector('#new-place-name-error')), name).toContain(message);
      expect(doc.querySelector('#new-place-name')?.getAttribute('value')).toBe(name);
      expect(doc.querySelector('#new-place-municipality option[selected]')?.getAttribute('value')).toBe('1806');
    }
    const bjerkvik = reference.placeBySlug.get('bjerkvik')!;
    const rename = await as(narvik, `/moderering/steder/${bjerkvik.id}`, { name: 'Narvik sentrum' });
    expect(rename.status).toBe(422);
    expect(text(rename.doc.querySelector(`#place-${bjerkvik.id}-name-error`))).toContain('finnes allerede');
    expect(rename.doc.querySelector(`#place-${bjerkvik.id}-name`)?.getAttribute('value')).toBe('Narvik sentrum');
    expect(await db.selectFrom('places').select('id').execute()).toEqual(before);
    expect(await auditRows()).toEqual([]);
  });

  it('refuses a place in another municipality with 403 and changes nothing', async () => {
    const finnsnes = reference.placeBySlug.get('finnsnes')!;
    const rename = await as(narvik, `/moderering/steder/${finnsnes.id}`, { name: 'Finnsnes by' });
    expect(rename.status).toBe(403);
    const add = await as(narvik, '/moderering/steder', { name: 'Botnhamn', municipality: '5530' });
    expect(add.status).toBe(403);
    expect((await db.selectFrom('places').select('name').where('id', '=', finnsnes.id).executeTakeFirstOrThrow()).name).toBe('Finnsnes');
    expect(await db.selectFrom('places').select('id').where('name', '=', 'Botnhamn').execute()).toEqual([]);
    expect(await auditRows()).toEqual([]);
    expect((await as(narvik, '/moderering/steder/999999', { name: 'X' })).status).toBe(404);
  });

  it('gives an admin every municipality, and a name used elsewhere a slug of its own', async () => {
    const page = await get(app, '/moderering/steder', { Cookie: admin.cookie });
    expect(text(page.doc.querySelector('main'))).toContain('Finnsnes');
    await as(admin, '/moderering/steder', { name: 'Bjerkvik', municipality: '5530' });
    await as(admin, '/moderering/steder', { name: 'Bjerkvik', municipality: '5501' });
    const slugs = (await db.selectFrom('places').select('slug').where('name', '=', 'Bjerkvik').orderBy('id').execute()).map((p) => p.slug);
    expect(slugs).toEqual(['bjerkvik', 'bjerkvik-senja', 'bjerkvik-tromso']);
  });
});

describe('categories', () => {
  it('renames a category, and the public pages show the new name in both languages', async () => {
    const idrett = reference.categoryBySlug.get('idrett')!;
    const result = await as(admin, `/moderering/kategorier/${idrett.id}`, { name_nb: 'Idrett og friluftsliv', name_en: 'Sports and outdoors' });
    expect(text((await follow(admin, result.response)).doc.querySelector('.success'))).toContain('nytt navn');
    const detail = await get(app, '/lag/bjerkvik-idrettslag');
    expect(text(detail.doc.querySelector('main'))).toContain('Idrett og friluftsliv');
    expect(text((await get(app, '/kategori/idrett')).doc.querySelector('h1'))).toContain('Idrett og friluftsliv');
    expect(text((await get(app, '/kategori/idrett?lang=en')).doc.querySelector('h1'))).toContain('Sports and outdoors');
    // The search index follows the rename.
    expect(text((await get(app, '/lag?q=friluftsliv')).doc.querySelector('main'))).toContain('Bjerkvik Idrettslag');
    const [row] = await auditRows('category-rename');
    expect(row!.details).toMatchObject({
      before: { name_nb: 'Idrett', name_en: 'Sports' },
      after: { name_nb: 'Idrett og friluftsliv', name_en: 'Sports and outdoors' },
    });
  });

  it('adds a subcategory with the next free code in its group, and checks the names', async () => {
    const group = reference.categoryBySlug.get('kultur-og-fritid')!;
    const page = await get(app, '/moderering/kategorier', { Cookie: admin.cookie });
    expect(text(page.doc.querySelector(`form[action="/moderering/kategorier/${group.id}/underkategori"]`))).toContain('01400');

    const missing = await as(admin, `/moderering/kategorier/${group.id}/underkategori`, { name_nb: 'Speidere', name_en: '' });
    expect(missing.status).toBe(422);
    expect(text(missing.doc.querySelector(`#add-${group.id}-nameEn-error`))).toContain('engelsk');
    expect(missing.doc.querySelector(`#add-${group.id}-nameNb`)?.getAttribute('value')).toBe('Speidere');
    const taken = await as(admin, `/moderering/kategorier/${group.id}/underkategori`, { name_nb: 'idrett', name_en: 'Sport' });
    expect(text(taken.doc.querySelector(`#add-${group.id}-nameNb-error`))).toContain('finnes allerede');

    const added = await as(admin, `/moderering/kategorier/${group.id}/underkategori`, { name_nb: 'Speidere og friluftsliv', name_en: 'Scouts' });
    expect(added.status).toBe(303);
    const category = await db.selectFrom('categories').selectAll().where('slug', '=', 'speidere-og-friluftsliv').executeTakeFirstOrThrow();
    expect(category).toMatchObject({ icnpo_code: '01400', parent_id: group.id, name_en: 'Scouts', sort_order: 4 });
    expect((await get(app, '/kategori/kultur-og-fritid')).doc.querySelector('a[href="/kategori/speidere-og-friluftsliv"]')).not.toBeNull();
    expect((await get(app, '/registrer')).doc.querySelector('#category-speidere-og-friluftsliv')).not.toBeNull();
    expect((await auditRows('category-add'))[0]!.details).toMatchObject({ before: null, after: { icnpo_code: '01400' } });
    expect(await auditRows()).toHaveLength(1);
  });

  it('finds the next free ICNPO code', () => {
    expect(nextIcnpoCode('01000', ['01000', '01100', '01200', '01300'])).toBe('01400');
    expect(nextIcnpoCode('12000', ['12000', '12100', '12200', '11300'])).toBe('12300');
    expect(nextIcnpoCode('05000', ['05000'])).toBe('05100');
    expect(nextIcnpoCode('10000', ['10000', '10900'])).toBe('10001');
    const full = Array.from({ length: 1000 }, (_, i) => String(9000 + i).padStart(5, '0'));
    expect(nextIcnpoCode('09000', full)).toBeNull();
  });
});

describe('regions', () => {
  it('creates a region with members, notes the REGIONS setting, and renames it', async () => {
    const page = await get(app, '/moderering/regioner', { Cookie: admin.cookie });
    expect(text(page.doc.querySelector('.info'))).toContain('REGIONS');
    expect(text(page.doc.querySelector('.info'))).toContain('Nord-Troms, Midt-Troms, Narvikregionen');

    const created = await as(admin, '/moderering/regioner', { name_nb: 'Ofoten', name_en: 'Ofoten', slug: '', members: '1806, 1853\n5512 1806' });
    expect(text((await follow(admin, created.response)).doc.querySelector('.success'))).toContain('opprettet');
    const members = await db
      .selectFrom('region_municipalities')
      .select('municipality_number')
      .where('region_slug', '=', 'ofoten')
      .orderBy('municipality_number')
      .execute();
    expect(members.map((m) => m.municipality_number)).toEqual(['1806', '1853', '5512']);

    // A moderator given the region gets its municipalities.
    await as(admin, `/moderering/brukere/${narvik.userId}`, { role: 'moderator', regions: ['ofoten'] });
    const queue = await get(app, '/moderering', { Cookie: narvik.cookie });
    expect(
      queue.doc
        .querySelectorAll('#filter-kommune option')
        .map((o) => o.getAttribute('value'))
        .filter(Boolean)
        .sort(),
    ).toEqual(['1806', '1853', '5512']);

    const renamed = await as(admin, '/moderering/regioner/ofoten', { name_nb: 'Ofoten og Evenes', name_en: 'Ofoten and Evenes', members: '1853' });
    expect(renamed.status).toBe(303);
    expect(await db.selectFrom('regions').selectAll().where('slug', '=', 'ofoten').executeTakeFirstOrThrow()).toMatchObject({
      name_nb: 'Ofoten og Evenes',
      name_en: 'Ofoten and Evenes',
    });
    expect(text((await get(app, '/moderering/regioner', { Cookie: admin.cookie })).doc.querySelector('#region-ofoten-heading')?.parentNode)).toContain(
      'Evenes (1853)',
    );
    const [create] = await auditRows('region-create');
    expect(create!.details).toMatchObject({ before: null, after: { slug: 'ofoten', members: ['1806', '1853', '5512'] } });
    const [update] = await auditRows('region-update');
    expect(update!.details).toMatchObject({
      before: { name_nb: 'Ofoten', members: ['1806', '1853', '5512'] },
      after: { name_nb: 'Ofoten og Evenes', members: ['1853'] },
    });
  });

  it('refuses unknown members and a taken or malformed slug, keeping what was typed', async () => {
    const unknown = await as(admin, '/moderering/regioner', { name_nb: 'Ofoten', name_en: 'Ofoten', slug: 'ofoten', members: '1806, 9999, abc' });
    expect(unknown.status).toBe(422);
    const error = text(unknown.doc.querySelector('#new-region-members-error'));
    expect(error).toContain('«9999»');
    expect(error).toContain('«abc»');
    expect(text(unknown.doc.querySelector('#new-region-members'))).toBe('1806, 9999, abc');
    expect(unknown.doc.querySelector('#new-region-nameNb')?.getAttribute('value')).toBe('Ofoten');

    const taken = await as(admin, '/moderering/regioner', { name_nb: 'Nord', name_en: 'North', slug: 'nord-troms', members: '' });
    expect(text(taken.doc.querySelector('#new-region-slug-error'))).toContain('finnes allerede');
    const malformed = await as(admin, '/moderering/regioner', { name_nb: 'Nord', name_en: 'North', slug: 'Nord Troms!', members: '' });
    expect(text(malformed.doc.querySelector('#new-region-slug-error'))).toContain('små bokstaver');

    const edit = await as(admin, '/moderering/regioner/nord-troms', { name_nb: '', name_en: 'North Troms', members: '5536 0000' });
    expect(edit.status).toBe(422);
    expect(text(edit.doc.querySelector('#region-nord-troms-nameNb-error'))).toContain('bokmål');
    expect(text(edit.doc.querySelector('#region-nord-troms-members-error'))).toContain('«0000»');
    expect(edit.doc.querySelector('#region-nord-troms-heading')?.parentNode.querySelector('details')?.hasAttribute('open')).toBe(true);

    expect(await db.selectFrom('regions').select('slug').execute()).toHaveLength(3);
    expect(await db.selectFrom('region_municipalities').select('municipality_number').where('region_slug', '=', 'nord-troms').execute()).toHaveLength(6);
    expect(await auditRows()).toEqual([]);
  });
});

describe('site texts and terms', () => {
  it('shows the stored front-page intro as text, per language, and goes back to the default when emptied', async () => {
    const saved = await as(admin, '/moderering/tekster', {
      'home-intro-nb': 'Velkommen til <script>alert(1)</script> Ofoten!\r\n\r\nAndre avsnitt.',
      'home-intro-en': '',
      'terms-nb': '',
      'terms-en': '',
    });
    expect(text((await follow(admin, saved.response)).doc.querySelector('.success'))).toContain('lagret');
    const home = await get(app, '/');
    expect(home.body).not.toContain('<script>alert(1)');
    expect(home.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(home.doc.querySelectorAll('.site-intro p').map((p) => text(p))).toEqual(['Velkommen til <script>alert(1)</script> Ofoten!', 'Andre avsnitt.']);
    expect(home.doc.querySelector('meta[name="description"]')?.getAttribute('content')).toBe('Velkommen til <script>alert(1)</script> Ofoten!');
    // English visitors still get the English default.
    expect(text((await get(app, '/?lang=en')).doc.querySelector('p.lead'))).toContain('Find sports clubs');

    const form = await get(app, '/moderering/tekster', { Cookie: admin.cookie });
    expect(form.doc.querySelector('#text-home-intro-nb')?.textContent).toBe('Velkommen til <script>alert(1)</script> Ofoten!\n\nAndre avsnitt.');

    const reset = await as(admin, '/moderering/tekster', { 'home-intro-nb': '  ', 'home-intro-en': '', 'terms-nb': '', 'terms-en': '' });
    expect(reset.status).toBe(303);
    expect(text((await get(app, '/')).doc.querySelector('p.lead'))).toContain('Her finner du idrettslag');
    expect(await db.selectFrom('site_texts').selectAll().execute()).toEqual([]);
    const rows = await auditRows('site-text');
    expect(rows.map((r) => r.details)).toEqual([
      { key: 'home-intro', lang: 'nb', before: null, after: 'Velkommen til <script>alert(1)</script> Ofoten!\n\nAndre avsnitt.' },
      { key: 'home-intro', lang: 'nb', before: 'Velkommen til <script>alert(1)</script> Ofoten!\n\nAndre avsnitt.', after: null },
    ]);
    // Saving again without changes writes nothing.
    const unchanged = await as(admin, '/moderering/tekster', { 'home-intro-nb': '', 'home-intro-en': '', 'terms-nb': '', 'terms-en': '' });
    expect(unchanged.response.headers.get('Location')).toBe('/moderering/tekster?melding=unchanged');
    expect(await auditRows()).toHaveLength(2);
  });

  it('refuses a text over 5000 characters and keeps it', async () => {
    const long = 'a'.repeat(5001);
    const { status, doc } = await as(admin, '/moderering/tekster', { 'home-intro-nb': 'Kort', 'home-intro-en': '', 'terms-nb': long, 'terms-en': '' });
    expect(status).toBe(422);
    expect(text(doc.querySelector('#text-terms-nb-error'))).toContain('5000');
    expect(text(doc.querySelector('#text-terms-nb'))).toBe(long);
    expect(text(doc.querySelector('#text-home-intro-nb'))).toBe('Kort');
    expect(await db.selectFrom('site_texts').selectAll().execute()).toEqual([]);
  });

  it('shows the terms at /vilkar, and links them from the registration form', async () => {
    const terms = await get(app, '/vilkar');
    expect(terms.status).toBe(200);
    expect(text(terms.doc.querySelector('h1'))).toBe('Vilkår for registrering');
    const body = text(terms.doc.querySelector('main'));
    expect(body).toContain('opplysningene er riktige');
    expect(body).toContain('lov til å registrere');
    expect(body).toContain('avvise');
    expect(body).toContain('Dette blir offentlig');
    expect(text((await get(app, '/vilkar?lang=en')).doc.querySelector('h1'))).toBe('Terms for registration');

    await as(admin, '/moderering/tekster', { 'home-intro-nb': '', 'home-intro-en': '', 'terms-nb': 'Egne vilkår.\n\n<b>Ikke fet</b>', 'terms-en': '' });
    const custom = await get(app, '/vilkar');
    expect(custom.doc.querySelectorAll('main .terms p').map((p) => text(p))).toEqual(['Egne vilkår.', '<b>Ikke fet</b>']);
    expect(text((await get(app, '/vilkar?lang=en')).doc.querySelector('main'))).toContain('You confirm that the details are correct');

    const register = await get(app, '/registrer');
    const link = register.doc.querySelector('#field-accept_terms-hint a');
    expect(link?.getAttribute('href')).toBe('/vilkar');
    expect(register.doc.querySelector('#field-accept_terms')?.getAttribute('aria-describedby')).toContain('field-accept_terms-hint');
  });
});

describe.each(['nb', 'en'])('valid HTML in %s', (lang) => {
  it('every admin page, and each with a form that came back with errors', async () => {
    const adminCookie = `${admin.cookie}; lang=${lang}`;
    const group = reference.categoryBySlug.get('kultur-og-fritid')!;
    const bjerkvik = reference.placeBySlug.get('bjerkvik')!;
    const pages: [string, string, number][] = [
      ['/moderering/brukere', adminCookie, 200],
      ['/moderering/steder', adminCookie, 200],
      ['/moderering/steder', `${narvik.cookie}; lang=${lang}`, 200],
      ['/moderering/kategorier', adminCookie, 200],
      ['/moderering/regioner', adminCookie, 200],
      ['/moderering/tekster', adminCookie, 200],
      ['/vilkar', `lang=${lang}`, 200],
    ];
    for (const [path, cookie, expected] of pages) {
      const page = await get(app, path, { Cookie: cookie });
      expect(page.status, path).toBe(expected);
      expect(await problems(page.body), path).toEqual([]);
      expect(page.doc.querySelectorAll('h1'), path).toHaveLength(1);
    }
    const failed: [string, Record<string, string | string[]>][] = [
      ['/moderering/brukere', { email: 'x', password: 'kort', role: 'moderator', other_municipalities: '9999' }],
      [`/moderering/brukere/${narvik.userId}`, { role: 'moderator', municipalities: ['0000'] }],
      ['/moderering/steder', { name: '', municipality: '' }],
      [`/moderering/steder/${bjerkvik.id}`, { name: '' }],
      [`/moderering/kategorier/${group.id}`, { name_nb: '', name_en: '' }],
      [`/moderering/kategorier/${group.id}/underkategori`, { name_nb: '', name_en: '' }],
      ['/moderering/regioner', { slug: 'X Y', name_nb: '', name_en: '', members: '9999' }],
      ['/moderering/regioner/nord-troms', { name_nb: '', name_en: '', members: '9999' }],
      ['/moderering/tekster', { 'home-intro-nb': 'x'.repeat(5001) }],
    ];
    for (const [path, fields] of failed) {
      const { status, body, doc } = await as(admin, path, fields, { Cookie: adminCookie });
      expect(status, path).toBe(422);
      expect(await problems(body), path).toEqual([]);
      expect(doc.querySelectorAll('h1'), path).toHaveLength(1);
      expect(doc.querySelector('#error-summary'), path).not.toBeNull();
      // Every error is next to a field that points to it.
      for (const error of doc.querySelectorAll('.field-error')) {
        const id = error.getAttribute('id');
        expect(doc.querySelector(`[aria-describedby~="${id}"]`), `${path} ${id}`).not.toBeNull();
      }
    }
    // Messages after a redirect, and the front page with a stored intro.
    await as(admin, '/moderering/tekster', { [`home-intro-${lang}`]: 'Første avsnitt.\nNy linje.\n\nAndre avsnitt.' }, { Cookie: adminCookie });
    for (const path of ['/moderering/tekster?melding=saved', '/']) {
      const page = await get(app, path, { Cookie: path === '/' ? `lang=${lang}` : adminCookie });
      expect(await problems(page.body), path).toEqual([]);
    }
  });
});
