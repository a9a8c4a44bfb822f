import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Reference } from '../src/db/reference.js';
import { association, testApp } from './helpers.js';

// The open-data API: what it shows, what it hides, how it answers bad calls, and that every
// real response matches the OpenAPI document it publishes.

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const DOC_ID = 'https://lag.example.no/api/v1/openapi.json';
const MISSING = '00000000-0000-4000-8000-000000000000';

function entries(reference: Reference) {
  return [
    association(reference, {
      name: 'Narvik Sjakklubb',
      shortDescription: 'Sjakk for alle aldre.',
      categories: ['kunst-og-kultur', 'idrett'],
      website: 'https://sjakk.example.no/',
      email: 'post@sjakk.example.no',
      phone: '76 00 00 00',
      postalAddress: 'Postboks 1',
      postalCode: '8501',
      orgNumber: '974760673',
      foundedYear: 1950,
      links: [{ kind: 'facebook', url: 'https://facebook.com/narviksjakk' }],
      contactName: 'Kari Nordmann',
      contactEmail: 'kari@example.no',
      publishContact: true,
    }),
    association(reference, {
      name: 'Narvik Fotballklubb',
      contactName: 'Hemmelig Person',
      contactEmail: 'hemmelig@example.no',
      publishContact: false,
    }),
    association(reference, { name: 'Venter På Godkjenning', status: 'pending', contactEmail: 'venter@example.no' }),
    association(reference, { name: 'Tromsø Idrettslag', municipalityNumber: '5501' }),
  ];
}

async function json(response: Response): Promise<any> {
  return JSON.parse(await response.text());
}

describe('open-data API', () => {
  let app: Awaited<ReturnType<typeof testApp>>['app'];
  let ajv: Ajv2020;

  beforeAll(async () => {
    ({ app } = await testApp(entries));
    const doc = await json(await app.request('/api/v1/openapi.json'));
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...doc, $id: DOC_ID });
  });

  /** The schema the document gives for this path, method and status; fails if there is none. */
  function validatorFor(path: string, status: number, type = 'application/json') {
    const pointer = `/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/get/responses/${status}/content/${type.replace('/', '~1')}/schema`;
    return ajv.compile({ $ref: `${DOC_ID}#${pointer}` });
  }

  function expectValid(validate: ReturnType<typeof validatorFor>, body: unknown) {
    const valid = validate(body);
    expect(validate.errors ?? [], JSON.stringify(body).slice(0, 200)).toEqual([]);
    expect(valid).toBe(true);
  }

  it('serves an OpenAPI 3.1 document whose schemas every real response matches', async () => {
    const doc = await json(await app.request('/api/v1/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0].url).toBe('https://lag.example.no/api/v1');

    const list = await json(await app.request('/api/v1/organizations?per_page=100'));
    expect(list.contents.length).toBeGreaterThan(0);
    expectValid(validatorFor('/organizations', 200), list);
    expectValid(validatorFor('/organizations', 200), await json(await app.request('/api/v1/organizations?kommune=1806&lang=en')));
    expectValid(validatorFor('/organizations/{id}', 200), await json(await app.request(`/api/v1/organizations/${list.contents[0].id}`)));
    expectValid(validatorFor('/taxonomy_terms', 200), await json(await app.request('/api/v1/taxonomy_terms')));
    expectValid(validatorFor('/municipalities', 200), await json(await app.request('/api/v1/municipalities')));
    expectValid(validatorFor('/regions', 200), await json(await app.request('/api/v1/regions')));
    expectValid(validatorFor('/organizations', 400, 'application/problem+json'), await json(await app.request('/api/v1/organizations?per_page=0')));
    expectValid(validatorFor('/organizations', 200), await json(await app.request('/api/v1/organizations?full_service=true')));
    const services = await json(await app.request('/api/v1/services?full=true'));
    expectValid(validatorFor('/services', 200), services);
    expectValid(validatorFor('/services', 200), await json(await app.request('/api/v1/services')));
    expectValid(validatorFor('/services/{id}', 200), await json(await app.request(`/api/v1/services/${services.contents[0].id}`)));
    const taxonomies = await json(await app.request('/api/v1/taxonomies'));
    expectValid(validatorFor('/taxonomies', 200), taxonomies);
    expectValid(validatorFor('/taxonomies/{id}', 200), await json(await app.request(`/api/v1/taxonomies/${taxonomies.contents[0].id}`)));
    const terms = await json(await app.request('/api/v1/taxonomy_terms'));
    expectValid(validatorFor('/taxonomy_terms/{id}', 200), await json(await app.request(`/api/v1/taxonomy_terms/${terms.contents[3].id}`)));
    expectValid(validatorFor('/', 200), await json(await app.request('/api/v1/')));
    expectValid(validatorFor('/organizations/{id}', 404, 'application/problem+json'), await json(await app.request(`/api/v1/organizations/${MISSING}`)));
    const manyUnknown = Array.from({ length: 30 }, (_, i) => `x${i}=1`).join('&');
    expectValid(validatorFor('/organizations', 400, 'application/problem+json'), await json(await app.request(`/api/v1/organizations?${manyUnknown}`)));
  });

  it('exports /lag.json as the same organization objects the API sends', async () => {
    const validate = ajv.compile({ $ref: `${DOC_ID}#/components/schemas/Organization` });
    const exported = await json(await app.request('/lag.json?kommune=1806'));
    const api = await json(await app.request('/api/v1/organizations?kommune=1806&per_page=100&full=true'));
    // The export goes by id, the API alphabetically.
    const byId = (a: any, b: any) => (a.id < b.id ? -1 : 1);
    expect(exported.length).toBe(2);
    expect([...exported].sort(byId)).toEqual([...api.contents].sort(byId));
    for (const organization of exported) expectValid(validate, organization);
  });

  it('answers HEAD like GET, without a body', async () => {
    const response = await app.request('/api/v1/organizations', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('ETag')).toMatch(/^"/);
    expect(await response.text()).toBe('');
  });

  it('rejects a response whose fields have the wrong type or are missing, so the check above can fail', async () => {
    const validate = validatorFor('/organizations', 200);
    const list = await json(await app.request('/api/v1/organizations'));
    expect(validate(list)).toBe(true);
    expect(validate({ ...list, contents: [{ ...list.contents[0], name: 42 }] })).toBe(false);
    expect(validate({ ...list, contents: [{ ...list.contents[0], year_incorporated: '1950' }] })).toBe(false);
    const { uri: _uri, ...withoutUri } = list.contents[0];
    expect(validate({ ...list, contents: [withoutUri] })).toBe(false);
    expect(validate({ ...list, contents: [{ ...list.contents[0], surprise: true }] })).toBe(false);
    expect(validate({ ...list, total_items: -1 })).toBe(false);
  });

  it('lists only published associations, with HSDS names and JSON content type', async () => {
    const response = await app.request('/api/v1/organizations?full=true');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    const body = await json(response);
    expect(body).toMatchObject({ total_items: 3, total_pages: 1, page_number: 1, size: 3, first_page: true, last_page: true, empty: false });
    const names = body.contents.map((o: any) => o.name);
    expect(names).not.toContain('Venter På Godkjenning');
    const chess = body.contents.find((o: any) => o.name === 'Narvik Sjakklubb');
    expect(chess).toMatchObject({
      email: 'post@sjakk.example.no',
      website: 'https://sjakk.example.no/',
      year_incorporated: 1950,
      organization_identifiers: [{ identifier_scheme: 'NO-BRC', identifier: '974760673' }],
      locations: [{ location_type: 'postal', addresses: [{ address_1: 'Postboks 1', postal_code: '8501', city: 'Narvik', country: 'NO' }] }],
      phones: [{ number: '76 00 00 00' }],
      additional_websites: [{ url: 'https://facebook.com/narviksjakk', label: 'facebook' }],
      uri: 'https://lag.example.no/lag/narvik-sjakklubb',
    });
    expect(chess.attributes.map((a: any) => [a.link_type, a.taxonomy_term.lagportal_slug ?? a.taxonomy_term.code])).toEqual([
      ['main_category', 'kunst-og-kultur'],
      ['category', 'idrett'],
      ['municipality', '1806'],
    ]);
  });

  it('shows a contact person only where the association agreed to publish one', async () => {
    const text = await (await app.request('/api/v1/organizations?per_page=100&full=true')).text();
    const body = JSON.parse(text);
    const chess = body.contents.find((o: any) => o.name === 'Narvik Sjakklubb');
    expect(chess.contacts).toEqual([{ id: expect.any(String), organization_id: chess.id, name: 'Kari Nordmann', email: 'kari@example.no' }]);
    const football = body.contents.find((o: any) => o.name === 'Narvik Fotballklubb');
    expect(football.contacts).toEqual([]);
    expect(text).not.toContain('Hemmelig');
    expect(text).not.toContain('hemmelig@example.no');
    expect(text).not.toContain('venter@example.no');
    const one = await (await app.request(`/api/v1/organizations/${football.id}`)).text();
    expect(one).not.toContain('hemmelig');
  });

  it('hides every email address of an association that chose the contact form, in the API and the exports', async () => {
    const { app: formApp } = await testApp((reference) => [
      association(reference, {
        name: 'Skjermet Kor',
        email: 'post@skjermet.example.no',
        contactViaForm: true,
        contactName: 'Synlig Navn',
        contactEmail: 'leder@skjermet.example.no',
        publishContact: true,
      }),
    ]);
    for (const path of ['/api/v1/organizations?full_service=true', '/api/v1/services?full=true', '/lag.json', '/lag.csv']) {
      const text = await (await formApp.request(path)).text();
      expect(text, path).toContain('Skjermet Kor');
      expect(text, path).not.toContain('skjermet.example.no');
    }
  });

  it('filters like /lag and pages with per_page', async () => {
    const byMunicipality = await json(await app.request('/api/v1/organizations?kommune=5501'));
    expect(byMunicipality.contents.map((o: any) => o.name)).toEqual(['Tromsø Idrettslag']);
    const byCategory = await json(await app.request('/api/v1/organizations?kategori=kunst-og-kultur'));
    expect(byCategory.contents.map((o: any) => o.name)).toEqual(['Narvik Sjakklubb']);
    const bySearch = await json(await app.request('/api/v1/organizations?q=fotball'));
    expect(bySearch.contents.map((o: any) => o.name)).toEqual(['Narvik Fotballklubb']);
    const paged = await json(await app.request('/api/v1/organizations?per_page=2&page=2'));
    expect(paged).toMatchObject({ total_items: 3, total_pages: 2, page_number: 2, size: 1, first_page: false, last_page: true, empty: false });
    expect(paged.contents).toHaveLength(1);
    const beyond = await json(await app.request('/api/v1/organizations?per_page=2&page=9'));
    expect(beyond).toMatchObject({ contents: [], size: 0, empty: false, last_page: true });
    const none = await json(await app.request('/api/v1/organizations?q=finnesikke'));
    expect(none).toMatchObject({ total_items: 0, total_pages: 0, page_number: 1, size: 0, first_page: true, last_page: true, empty: true, contents: [] });
  });

  it('shows every write in the organization and service lists at once, though list items are kept between requests', async () => {
    const { app, db } = await testApp(entries);
    const lists = ['/api/v1/organizations', '/api/v1/services', '/api/v1/organizations?kommune=1806', '/api/v1/services?q=sjakk'];
    const chess = async (path: string) => (await json(await app.request(path))).contents.find((o: any) => o.name.startsWith('Narvik Sjakk'));
    for (const path of lists) expect(await chess(path), path).toMatchObject({ name: 'Narvik Sjakklubb', email: 'post@sjakk.example.no' });

    await db.updateTable('associations').set({ name: 'Narvik Sjakkforening' }).where('name', '=', 'Narvik Sjakklubb').execute();
    for (const path of lists) expect((await chess(path))?.name, path).toBe('Narvik Sjakkforening');

    // Choosing the contact form hides the address at once, in every list the entry was kept for.
    await db.updateTable('associations').set({ contact_via_form: 1 }).where('name', '=', 'Narvik Sjakkforening').execute();
    for (const path of lists) {
      const item = await chess(path);
      expect(item?.name, path).toBe('Narvik Sjakkforening');
      expect(item, path).not.toHaveProperty('email');
    }

    await db.updateTable('associations').set({ status: 'archived' }).where('name', '=', 'Narvik Sjakkforening').execute();
    for (const path of lists) expect(await chess(path), path).toBeUndefined();
  });

  it('returns only entries changed after modified_after', async () => {
    const { app, db } = await testApp(entries);
    await db.updateTable('associations').set({ updated_at: '2026-12-01T08:00:00.000Z' }).where('name', '=', 'Narvik Fotballklubb').execute();
    const later = await json(await app.request('/api/v1/organizations?modified_after=2026-11-30'));
    expect(later.contents.map((o: any) => o.name)).toEqual(['Narvik Fotballklubb']);
    // 09:30+02:00 is 07:30 UTC, before the change; 09:30+01:00 is 08:30 UTC, after it.
    const before = await json(await app.request(`/api/v1/organizations?modified_after=${encodeURIComponent('2026-12-01T09:30:00+02:00')}`));
    expect(before.total_items).toBe(1);
    const after = await json(await app.request(`/api/v1/organizations?modified_after=${encodeURIComponent('2026-12-01T09:30:00+01:00')}`));
    expect(after.total_items).toBe(0);
  });

  it('answers bad parameters with 400 and a problem body naming each one', async () => {
    const response = await app.request('/api/v1/organizations?per_page=500&kommune=abc&modified_after=i%20g%C3%A5r&foo=1&page=0');
    expect(response.status).toBe(400);
    expect(response.headers.get('Content-Type')).toBe('application/problem+json; charset=utf-8');
    const body = await json(response);
    expect(body.status).toBe(400);
    const byParameter = Object.fromEntries(body.errors.map((e: any) => [e.parameter, e.message]));
    expect(Object.keys(byParameter).sort()).toEqual(['foo', 'kommune', 'modified_after', 'page', 'per_page']);
    expect(byParameter.per_page).toContain('100');
    expect(byParameter.modified_after).toContain('ISO 8601');

    const english = await json(await app.request('/api/v1/organizations?per_page=500&lang=en'));
    expect(english.errors).toEqual([{ parameter: 'per_page', message: 'Must be a whole number from 1 to 100.' }]);
    const impossibleDate = await app.request('/api/v1/organizations?modified_after=2026-02-30');
    expect(impossibleDate.status).toBe(400);
    const repeated = await json(await app.request('/api/v1/organizations?page=1&page=2'));
    expect(repeated.errors.map((e: any) => e.parameter)).toEqual(['page']);
  });

  it('answers a NUL character in the address or a form with a 400 problem body, as every other bad call, and the site with its HTML page', async () => {
    const problemOf = async (response: Response) => {
      expect(response.status).toBe(400);
      expect(response.headers.get('Content-Type')).toBe('application/problem+json; charset=utf-8');
      expect(response.headers.get('Cache-Control')).toBe('no-store');
      return json(response);
    };
    expect(await problemOf(await app.request('/api/v1/organizations?kommune=%00&per_page=5'))).toEqual({
      type: 'about:blank',
      title: 'Ugyldige parametere',
      status: 400,
      detail: 'En eller flere parametere kunne ikke brukes. Se errors.',
      errors: [{ parameter: 'kommune', message: 'Inneholder tegnet NUL (%00), som ingen verdi kan ha.' }],
    });
    const english = await problemOf(await app.request('/api/v1/services?lang=en&search=kor%00&q%00=1'));
    expect(english).toMatchObject({ title: 'Invalid parameters', errors: [{ parameter: 'search' }, { parameter: 'q\u0000' }] });
    for (const path of ['/api/v1/organizations/abc%00', '/api/v1?x=%00', '/api/v1/%00']) {
      expect(await problemOf(await app.request(path)), path).toMatchObject({ status: 400, title: 'Ugyldige parametere' });
    }
    const form = await app.request('/api/v1/organizations', {
      method: 'POST',
      body: new URLSearchParams({ name: 'Lag\u0000' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(await problemOf(form)).toMatchObject({ errors: [{ parameter: 'name' }] });
    // Outside the API the site's own page answers.
    for (const path of ['/lag?q=tur%00', '/api/v2?q=%00']) {
      const page = await app.request(path);
      expect(page.status, path).toBe(400);
      expect(page.headers.get('Content-Type'), path).toMatch(/^text\/html/);
    }
  });

  it('names the first 20 unusable parameters and counts the rest, however many are sent', async () => {
    const unknown = Array.from({ length: 2000 }, (_, i) => `x${i}=1`).join('&');
    const response = await app.request(`/api/v1/organizations?${unknown}&${'y'.repeat(5000)}=1`);
    expect(response.status).toBe(400);
    const raw = await response.text();
    expect(raw.length).toBeLessThan(10_000);
    const body = JSON.parse(raw);
    expect(body.errors).toHaveLength(20);
    expect(body.errors[0].parameter).toBe('x0');
    expect(body.errors[19].parameter).toBe('x19');
    expect(body.errors_omitted).toBe(1981);
  });

  it('answers 404 in JSON for unknown, unpublished and malformed ids and unknown paths', async () => {
    for (const path of [
      `/api/v1/organizations/${MISSING}`,
      '/api/v1/organizations/1',
      '/api/v1/organizations/abc',
      `/api/v1/services/${MISSING}`,
      `/api/v1/taxonomy_terms/${MISSING}`,
      '/api/v1/taxonomies/x',
      '/api/v1/finnes-ikke',
    ]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('Content-Type'), path).toBe('application/problem+json; charset=utf-8');
    }
    const { app: pendingApp, db } = await testApp(entries);
    const pending = await db.selectFrom('associations').select(['uuid', 'service_uuid']).where('name', '=', 'Venter På Godkjenning').executeTakeFirstOrThrow();
    for (const path of [`/api/v1/organizations/${pending.uuid}`, `/api/v1/services/${pending.service_uuid}`]) {
      const response = await pendingApp.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('Venter');
    }
  });

  it('lists taxonomy terms with their parent, municipalities and regions', async () => {
    const terms = await json(await app.request('/api/v1/taxonomy_terms?lang=en&per_page=100&taxonomy_id=164c0cb8-b069-5bad-bd97-a679491a5ea2'));
    expect(terms.total_items).toBe(terms.contents.length);
    const groups = terms.contents.filter((t: any) => t.parent_id === undefined);
    const children = terms.contents.filter((t: any) => t.parent_id !== undefined);
    expect(groups.length).toBeGreaterThan(0);
    expect(children.length).toBeGreaterThan(0);
    const ids = new Set(groups.map((t: any) => t.id));
    for (const child of children) expect(ids.has(child.parent_id)).toBe(true);
    expect(terms.contents[0]).toMatchObject({ taxonomy: 'ICNPO', language: 'en' });

    const municipalities = await json(await app.request('/api/v1/municipalities'));
    expect(municipalities.contents.find((m: any) => m.id === '1806')).toMatchObject({ name: 'Narvik', uri: 'https://lag.example.no/kommune/1806' });
    const regions = await json(await app.request('/api/v1/regions'));
    expect(regions.total_items).toBe(regions.contents.length);
  });

  it('is open to other origins for GET and exposes the cache validators', async () => {
    const response = await app.request('/api/v1/organizations', { headers: { Origin: 'https://kommune.example.no' } });
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(response.headers.get('Access-Control-Expose-Headers')).toContain('ETag');
    const preflight = await app.request('/api/v1/organizations', {
      method: 'OPTIONS',
      headers: { Origin: 'https://kommune.example.no', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Methods')).toContain('GET');
    expect(preflight.headers.get('Access-Control-Allow-Methods')).not.toContain('POST');
  });

  it('answers 304 to a matching ETag or date and 200 once the data changed', async () => {
    const { app, db } = await testApp(entries);
    const first = await app.request('/api/v1/organizations');
    const etag = first.headers.get('ETag')!;
    const lastModified = first.headers.get('Last-Modified')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(new Date(lastModified).toISOString()).toBe('2026-11-23T12:00:00.000Z');

    const byTag = await app.request('/api/v1/organizations', { headers: { 'If-None-Match': etag } });
    expect(byTag.status).toBe(304);
    expect(await byTag.text()).toBe('');
    expect(byTag.headers.get('ETag')).toBe(etag);
    const byWeakTag = await app.request('/api/v1/organizations', { headers: { 'If-None-Match': `"other", W/${etag}` } });
    expect(byWeakTag.status).toBe(304);
    const byDate = await app.request('/api/v1/organizations', { headers: { 'If-Modified-Since': lastModified } });
    expect(byDate.status).toBe(304);
    const otherTag = await app.request('/api/v1/organizations', { headers: { 'If-None-Match': '"stale"', 'If-Modified-Since': lastModified } });
    expect(otherTag.status).toBe(200);

    // Unpublishing an entry changes the list it leaves, so both validators must move.
    await db
      .updateTable('associations')
      .set({ status: 'archived', updated_at: '2026-11-24T10:00:00.000Z' })
      .where('name', '=', 'Narvik Fotballklubb')
      .execute();
    const afterTag = await app.request('/api/v1/organizations', { headers: { 'If-None-Match': etag } });
    expect(afterTag.status).toBe(200);
    expect((await json(afterTag)).total_items).toBe(2);
    const afterDate = await app.request('/api/v1/organizations', { headers: { 'If-Modified-Since': lastModified } });
    expect(afterDate.status).toBe(200);

    const doc = await app.request('/api/v1/openapi.json');
    expect((await app.request('/api/v1/openapi.json', { headers: { 'If-None-Match': doc.headers.get('ETag')! } })).status).toBe(304);
  });
});
