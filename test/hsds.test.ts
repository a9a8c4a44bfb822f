import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseCsv } from 'csv-parse/sync';
import { unzipSync, strFromU8 } from 'fflate';
import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { allSlugs, importBrregBatch } from '../src/db/brreg.js';
import { mergeAssociation } from '../src/db/moderation.js';
import { createUser } from '../src/db/users.js';
import type { Reference } from '../src/db/reference.js';
import { seedDemoData } from '../src/demo/seed.js';
import { toBrregEntry } from '../src/lib/brreg.js';
import { pageOf, pageText } from '../src/lib/hsds.js';
import { brregUnit } from './brreg-fixtures.js';
import { activityInput, association, NOW, testApp } from './helpers.js';

// The API against the official Open Referral HSDS 3.0 schemas, vendored in test/fixtures/hsds/
// (see its README): every endpoint's answers over the demo data and over hostile entries,
// the tabular export against tabular.json and datapackage.json, and our OpenAPI document
// against HSDS's for the endpoints we offer.

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const FIXTURES = new URL('./fixtures/hsds/', import.meta.url);
const fixture = (name: string) => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// The uncompiled schemas refer to each other by file name, and tabular.json refers to them.
const SCHEMA_BASE = 'https://hsds.example/schema/';
for (const file of readdirSync(new URL('schema/', FIXTURES))) ajv.addSchema({ ...fixture(`schema/${file}`), $id: `${SCHEMA_BASE}${file}` });
const schema = {
  organization: ajv.compile(fixture('compiled/organization.json')),
  organization_list: ajv.compile(fixture('compiled/organization_list.json')),
  service: ajv.compile(fixture('compiled/service.json')),
  service_list: ajv.compile(fixture('compiled/service_list.json')),
  taxonomy: ajv.getSchema(`${SCHEMA_BASE}taxonomy.json`)!,
  taxonomy_term: ajv.getSchema(`${SCHEMA_BASE}taxonomy_term.json`)!,
  tabular: ajv.compile({ ...fixture('compiled/tabular.json'), $id: `${SCHEMA_BASE}tabular.json` }),
};
const HSDS_OPENAPI = fixture('openapi.json');
const PAGE_KEYS = [...Object.keys(HSDS_OPENAPI.components.schemas.Page.properties), 'contents'].sort();

function expectValid(validate: ValidateFunction, body: unknown, what: string) {
  const valid = validate(body);
  expect(validate.errors ?? [], `${what}: ${JSON.stringify(body).slice(0, 300)}`).toEqual([]);
  expect(valid).toBe(true);
}

async function json(app: { request: (url: string) => Response | Promise<Response> }, url: string): Promise<any> {
  const response = await app.request(url);
  expect(response.status, url).toBe(200);
  return JSON.parse(await response.text());
}

/** Every page of a list, checked as an HSDS Page object on the way. */
async function allPages(app: Parameters<typeof json>[0], url: string): Promise<any[]> {
  const items: any[] = [];
  for (let page = 1; ; page++) {
    const body = await json(app, `${url}${url.includes('?') ? '&' : '?'}per_page=100&page=${page}`);
    expect(Object.keys(body).sort()).toEqual(PAGE_KEYS);
    expect(body.page_number).toBe(page);
    expect(body.size).toBe(body.contents.length);
    expect(body.first_page).toBe(page === 1);
    items.push(...body.contents);
    if (body.last_page) return items;
  }
}

/** Entries that test the edges: nothing optional, everything, secrets, merged and archived. */
function hostile(reference: Reference) {
  return [
    association(reference, { name: 'Tomt Lag', shortDescription: 'Bare navnet.', description: '' }),
    association(reference, {
      name: 'Fullt "Lag", med komma\nog linjeskift',
      shortDescription: '=HYPERLINK("https://evil.example") ; kort',
      description: 'Lang beskrivelse med æøå og emoji 🎻.',
      categories: ['kunst-og-kultur', 'idrett', 'kultur-og-fritid'],
      place: 'bjerkvik',
      website: 'https://fullt.example.no/',
      email: 'post@fullt.example.no',
      phone: '+47 76 00 00 00',
      postalAddress: 'Postboks 1, c/o "Leder"',
      postalCode: '8501',
      orgNumber: '974760673',
      foundedYear: 1950,
      links: [
        { kind: 'facebook', url: 'https://facebook.com/fullt' },
        { kind: 'other', url: 'https://annet.example.no/' },
      ],
      contactName: 'Kari Nordmann',
      contactEmail: 'kari@example.no',
      publishContact: true,
    }),
    association(reference, { name: 'Hemmelig Kontakt', contactName: 'Skjult Person', contactEmail: 'skjult@example.no', publishContact: false }),
    association(reference, {
      name: 'Skjemalaget',
      email: 'privat@skjema.example.no',
      contactViaForm: true,
      contactName: 'Synlig Leder',
      contactEmail: 'leder@skjema.example.no',
      publishContact: true,
    }),
    association(reference, { name: 'Bare Postnummer', postalCode: '8514' }),
    association(reference, { name: 'Venter Lag', status: 'pending', contactEmail: 'venter@example.no' }),
    association(reference, { name: 'Arkivert Lag', status: 'archived' }),
    association(reference, { name: 'Duplikat Lag' }),
    association(reference, { name: 'Originalt Lag', municipalityNumber: '5501' }),
  ];
}

const SECRETS = [
  'Skjult Person',
  'skjult@example.no',
  'privat@skjema.example.no',
  'leder@skjema.example.no',
  'venter@example.no',
  'Venter Lag',
  'Arkivert Lag',
];
const TOKEN_HASH = 'a'.repeat(64);

describe('HSDS 3.0 over the demo data', () => {
  let app: Awaited<ReturnType<typeof testApp>>['app'];

  beforeAll(async () => {
    const built = await testApp();
    app = built.app;
    await seedDemoData(built.db, built.reference, { count: 300, scope: 'regions', now: NOW, seed: 7, statusMix: 'demo' });
  });

  it('validates every organization, list item and detail, against organization_list.json and organization.json', async () => {
    const list = await allPages(app, '/api/v1/organizations');
    expect(list.length).toBeGreaterThan(200);
    for (const item of list) expectValid(schema.organization_list, item, 'organization_list');
    const full = await allPages(app, '/api/v1/organizations?full=true');
    expect(full.map((o) => o.id)).toEqual(list.map((o) => o.id));
    for (const org of full) expectValid(schema.organization, org, 'organization');
    for (const item of list.slice(0, 60)) {
      expectValid(schema.organization, await json(app, `/api/v1/organizations/${item.id}`), 'organization detail');
      expectValid(schema.organization, await json(app, `/api/v1/organizations/${item.id}?full_service=true`), 'organization full_service');
    }
  });

  it('validates every service against service_list.json and service.json', async () => {
    const list = await allPages(app, '/api/v1/services');
    for (const item of list) expectValid(schema.service_list, item, 'service_list');
    const full = await allPages(app, '/api/v1/services?full=true');
    for (const service of full) expectValid(schema.service, service, 'service');
    for (const item of list.slice(0, 60)) expectValid(schema.service, await json(app, `/api/v1/services/${item.id}`), 'service detail');
  });

  it('validates every taxonomy and taxonomy term, in both languages', async () => {
    for (const lang of ['nb', 'en']) {
      const taxonomies = await allPages(app, `/api/v1/taxonomies?lang=${lang}`);
      expect(taxonomies.map((t) => t.name)).toEqual(['ICNPO', 'kommunenummer']);
      for (const t of taxonomies) {
        expectValid(schema.taxonomy, t, 'taxonomy');
        expectValid(schema.taxonomy, await json(app, `/api/v1/taxonomies/${t.id}?lang=${lang}`), 'taxonomy detail');
      }
      const terms = await allPages(app, `/api/v1/taxonomy_terms?lang=${lang}`);
      expect(terms).toHaveLength(42 + 357);
      for (const term of terms) expectValid(schema.taxonomy_term, term, 'taxonomy_term');
      const detail = await json(app, `/api/v1/taxonomy_terms/${terms[1].id}?lang=${lang}`);
      expectValid(schema.taxonomy_term, detail, 'taxonomy_term detail');
      expect(detail.taxonomy_detail.name).toBe('ICNPO');
    }
  });
});

describe('HSDS 3.0 over hostile data', () => {
  let built: Awaited<ReturnType<typeof testApp>>;
  let app: typeof built.app;
  const uuidOf = async (name: string, column: 'uuid' | 'service_uuid' = 'uuid') =>
    (await built.db.selectFrom('associations').select(column).where('name', '=', name).executeTakeFirstOrThrow())[column] as string;

  beforeAll(async () => {
    built = await testApp(hostile);
    app = built.app;
    const ids = async (name: string) => await built.db.selectFrom('associations').select(['id', 'version']).where('name', '=', name).executeTakeFirstOrThrow();
    const duplicate = await ids('Duplikat Lag');
    const target = await ids('Originalt Lag');
    const admin = await createUser(built.db, { email: 'admin@example.no', role: 'admin', password: 'et langt og trygt passord' }, NOW);
    expect(await mergeAssociation(built.db, { duplicateId: duplicate.id, version: duplicate.version, targetId: target.id, userId: admin.id, now: NOW })).toBe(
      'ok',
    );
    const full = await ids('Fullt "Lag", med komma\nog linjeskift');
    await built.db
      .insertInto('edit_tokens')
      .values({ association_id: full.id, token_hash: TOKEN_HASH, created_at: NOW.toISOString(), expires_at: NOW.toISOString(), revoked_at: null })
      .execute();
  });

  it('answers GET / with the HSDS version, the profile and the OpenAPI document', async () => {
    for (const path of ['/api/v1/', '/api/v1']) {
      expect(await json(app, path)).toEqual({
        version: '3.0.1',
        profile: 'https://lag.example.no/api/v1/profile',
        openapi_url: 'https://lag.example.no/api/v1/openapi.json',
      });
    }
    const profile = await app.request('/api/v1/profile?lang=en');
    expect(profile.status).toBe(200);
    const html = await profile.text();
    for (const word of ['NO-BRC', 'organization_identifier', 'kommunenummer', 'additional_websites', 'minimal', 'export.zip']) expect(html).toContain(word);
  });

  it('validates every endpoint, leaving absent values out rather than null', async () => {
    const orgs = await allPages(app, '/api/v1/organizations?full_service=true');
    expect(orgs.map((o) => o.name).sort()).toEqual(
      ['Bare Postnummer', 'Fullt "Lag", med komma\nog linjeskift', 'Hemmelig Kontakt', 'Originalt Lag', 'Skjemalaget', 'Tomt Lag'].sort(),
    );
    for (const org of orgs) {
      expectValid(schema.organization, org, org.name);
      expect(JSON.stringify(org)).not.toContain('null');
    }
    for (const item of await allPages(app, '/api/v1/organizations')) expectValid(schema.organization_list, item, item.name);
    for (const item of await allPages(app, '/api/v1/services')) expectValid(schema.service_list, item, item.name);
    for (const service of await allPages(app, '/api/v1/services?full=true')) expectValid(schema.service, service, service.name);
    // The other read path: by id, for incremental harvests and one organization's services.
    const harvested = await allPages(app, '/api/v1/organizations?full_service=true&modified_after=2020-01-01');
    expect(harvested.map((o) => o.id).sort()).toEqual(orgs.map((o) => o.id).sort());
    for (const org of harvested) expectValid(schema.organization, org, org.name);
    for (const org of orgs) {
      const [service] = await allPages(app, `/api/v1/services?full=true&organization_id=${org.id}`);
      expectValid(schema.service, service, org.name);
    }

    const empty = orgs.find((o) => o.name === 'Tomt Lag');
    // An empty description falls back to the short one: HSDS requires a description.
    expect(empty).toMatchObject({ description: 'Bare navnet.', phones: [], contacts: [], locations: [], organization_identifiers: [] });
    for (const key of ['email', 'website', 'year_incorporated']) expect(empty).not.toHaveProperty(key);
    // A postal code alone is no HSDS address (address_1 is required): left out, not half-filled.
    expect(orgs.find((o) => o.name === 'Bare Postnummer').locations).toEqual([]);
  });

  it('expresses the Norwegian specifics the HSDS way', async () => {
    const id = await uuidOf('Fullt "Lag", med komma\nog linjeskift');
    const org = await json(app, `/api/v1/organizations/${id}`);
    expect(org.organization_identifiers).toEqual([
      { id: expect.any(String), organization_id: id, identifier_scheme: 'NO-BRC', identifier_type: 'Organisasjonsnummer', identifier: '974760673' },
    ]);
    expect(org.locations).toEqual([
      {
        id: expect.any(String),
        location_type: 'postal',
        organization_id: id,
        addresses: [
          {
            id: expect.any(String),
            location_id: org.locations[0].id,
            address_1: 'Postboks 1, c/o "Leder"',
            city: 'Narvik',
            state_province: 'Nordland',
            postal_code: '8501',
            country: 'NO',
            address_type: 'postal',
          },
        ],
      },
      {
        id: expect.any(String),
        location_type: 'physical',
        organization_id: id,
        name: 'Bjerkvik',
        external_identifier: 'bjerkvik',
        external_identifier_type: 'lagportal_sted',
        addresses: [],
      },
    ]);
    expect(org.attributes.map((a: any) => [a.link_type, a.taxonomy_term.taxonomy, a.taxonomy_term.code, a.taxonomy_term.name])).toEqual([
      ['main_category', 'ICNPO', '01100', 'Kunst og kultur'],
      ['category', 'ICNPO', '01200', 'Idrett'],
      ['category', 'ICNPO', '01000', 'Kultur og fritid'],
      ['municipality', 'kommunenummer', '1806', 'Narvik'],
    ]);
    // ICNPO and municipality terms carry the same UUIDs on every Lagportal site.
    expect(org.attributes[1].taxonomy_term).toMatchObject({
      id: '590190b4-4057-5584-8848-8188506d87fe',
      parent_id: 'ec5f67e8-1348-523f-81ff-1c27529189d8',
      taxonomy_id: '164c0cb8-b069-5bad-bd97-a679491a5ea2',
      term_uri: 'https://lag.example.no/kategori/idrett',
    });
    expect(org.services).toEqual([{ id: await uuidOf('Fullt "Lag", med komma\nog linjeskift', 'service_uuid'), name: org.name, status: 'active' }]);
    const service = await json(app, `/api/v1/services/${org.services[0].id}`);
    expect(service).toMatchObject({
      organization_id: id,
      description: '=HYPERLINK("https://evil.example") ; kort',
      url: 'https://fullt.example.no/',
      email: 'post@fullt.example.no',
      status: 'active',
      schedules: [],
      service_areas: [{ id: expect.any(String), service_id: service.id, name: 'Narvik', uri: 'https://lag.example.no/kommune/1806' }],
    });
  });

  it('fails validation when a required field goes missing, so the checks above can fail', async () => {
    const id = await uuidOf('Fullt "Lag", med komma\nog linjeskift');
    const org = await json(app, `/api/v1/organizations/${id}?full_service=true`);
    expect(schema.organization(org)).toBe(true);
    const without = (mutate: (copy: any) => void) => {
      const copy = structuredClone(org);
      mutate(copy);
      return schema.organization(copy);
    };
    expect(without((o) => delete o.id)).toBe(false);
    expect(without((o) => delete o.description)).toBe(false);
    expect(without((o) => delete o.phones[0].id)).toBe(false);
    expect(without((o) => delete o.organization_identifiers[0].id)).toBe(false);
    expect(without((o) => delete o.attributes[0].id)).toBe(false);
    expect(without((o) => delete o.attributes[0].taxonomy_term.description)).toBe(false);
    expect(without((o) => delete o.locations[0].addresses[0].state_province)).toBe(false);
    expect(without((o) => delete o.services[0].status)).toBe(false);
    expect(without((o) => (o.website = null))).toBe(false);
    expect(without((o) => (o.id = '17'))).toBe(false);
    const term = await json(app, `/api/v1/taxonomy_terms/${org.attributes[0].taxonomy_term_id}`);
    expect(schema.taxonomy_term(term)).toBe(true);
    const { description: _d, ...termWithout } = term;
    expect(schema.taxonomy_term(termWithout)).toBe(false);
  });

  it('keeps UUIDs through edits and a re-import, and redirects a merged duplicate to the entry it joined', async () => {
    const original = await uuidOf('Originalt Lag');
    const duplicate = await uuidOf('Duplikat Lag');
    const duplicateService = await uuidOf('Duplikat Lag', 'service_uuid');
    const merged = await app.request(`/api/v1/organizations/${duplicate}?lang=en`);
    expect(merged.status).toBe(301);
    expect(merged.headers.get('Location')).toBe(`/api/v1/organizations/${original}?lang=en`);
    const mergedService = await app.request(`/api/v1/services/${duplicateService}`);
    expect(mergedService.status).toBe(301);
    expect(mergedService.headers.get('Location')).toBe(`/api/v1/services/${await uuidOf('Originalt Lag', 'service_uuid')}`);
    expect((await json(app, `/api/v1/organizations/${original}`)).id).toBe(original);
    for (const name of ['Arkivert Lag', 'Venter Lag']) {
      const response = await app.request(`/api/v1/organizations/${await uuidOf(name)}`);
      expect(response.status, name).toBe(404);
      expect(await response.text()).not.toContain(name);
    }
    expect((await app.request('/api/v1/organizations/17')).status).toBe(404);

    // Enhetsregisteret: the first import creates the entry, the second updates it in place.
    const { app: importApp, db, reference } = await testApp();
    const importUnit = async (name: string) => {
      const result = toBrregEntry(brregUnit('974760673', { navn: name }), new Set(['1806']), 2026);
      if (!result.ok) throw new Error('fixture unit rejected');
      await importBrregBatch(db, [result.entry], { reference, now: NOW, takenSlugs: await allSlugs(db) });
    };
    await importUnit('NARVIK TESTLAG');
    const before = (await json(importApp, '/api/v1/organizations?full_service=true')).contents[0];
    await importUnit('NARVIK NYTT NAVN');
    const after = (await json(importApp, '/api/v1/organizations?full_service=true')).contents[0];
    expect(after.name).toBe('Narvik Nytt Navn');
    expect(after.id).toBe(before.id);
    expect(after.services[0].id).toBe(before.services[0].id);
    expect(after.organization_identifiers[0].id).toBe(before.organization_identifiers[0].id);
    expect(after.attributes.map((a: any) => a.id)).toEqual(before.attributes.map((a: any) => a.id));
  });

  it('shows only what publicView allows, in every endpoint and every table', async () => {
    const texts: string[] = [];
    for (const url of [
      '/api/v1/organizations?full_service=true&per_page=100',
      '/api/v1/organizations?full=true&per_page=100',
      '/api/v1/services?full=true&per_page=100',
      '/api/v1/services?per_page=100',
      '/api/v1/organizations?per_page=100',
    ]) {
      texts.push(await (await app.request(url)).text());
    }
    for (const name of ['Hemmelig Kontakt', 'Skjemalaget', 'Fullt "Lag", med komma\nog linjeskift']) {
      texts.push(await (await app.request(`/api/v1/organizations/${await uuidOf(name)}?full_service=true`)).text());
      texts.push(await (await app.request(`/api/v1/services/${await uuidOf(name, 'service_uuid')}`)).text());
    }
    const zip = unzipSync(new Uint8Array(await (await app.request('/api/v1/export.zip')).arrayBuffer()));
    for (const [name, bytes] of Object.entries(zip)) texts.push(`${name}\n${strFromU8(bytes)}`);
    for (const text of texts) {
      for (const secret of [...SECRETS, TOKEN_HASH]) expect(text, text.slice(0, 80)).not.toContain(secret);
    }
    const all = texts.join('\n');
    expect(all).toContain('Kari Nordmann'); // published with consent
    expect(all).toContain('kari@example.no');
    expect(all).toContain('Synlig Leder'); // name yes, address no: the contact form hides it
  });

  it('searches with the HTML list ranking, and takes HSDS filters with our own as aliases', async () => {
    const { app } = await testApp((reference) => [
      association(reference, { name: 'Aaa Sangkor', shortDescription: 'Vi spiller også fotball.' }),
      association(reference, { name: 'Zzz Fotballklubb', categories: ['idrett'] }),
      association(reference, { name: 'Mmm Kunstlag', categories: ['kunst-og-kultur'], municipalityNumber: '5501' }),
    ]);
    const names = async (url: string) => (await json(app, url)).contents.map((o: any) => o.name);
    // Name hits first, as on /lag, though the other one comes first by id and alphabet.
    expect(await names('/api/v1/organizations?search=fotball')).toEqual(['Zzz Fotballklubb', 'Aaa Sangkor']);
    expect(await names('/api/v1/organizations?q=fotball')).toEqual(['Zzz Fotballklubb', 'Aaa Sangkor']);
    expect(await names('/api/v1/services?search=fotball')).toEqual(['Zzz Fotballklubb', 'Aaa Sangkor']);
    expect(await names('/api/v1/organizations')).toEqual(['Aaa Sangkor', 'Mmm Kunstlag', 'Zzz Fotballklubb']);
    // The ICNPO group Kultur og fritid includes Idrett and Kunst og kultur.
    expect(await names('/api/v1/organizations?taxonomy_term_id=ec5f67e8-1348-523f-81ff-1c27529189d8')).toEqual([
      'Aaa Sangkor',
      'Mmm Kunstlag',
      'Zzz Fotballklubb',
    ]);
    expect(await names('/api/v1/organizations?taxonomy_term_id=590190b4-4057-5584-8848-8188506d87fe')).toEqual(['Aaa Sangkor', 'Zzz Fotballklubb']);
    expect(await names('/api/v1/organizations?kategori=idrett')).toEqual(['Aaa Sangkor', 'Zzz Fotballklubb']);
    expect(await names('/api/v1/services?kommune=5501&taxonomy_id=164c0cb8-b069-5bad-bd97-a679491a5ea2')).toEqual(['Mmm Kunstlag']);
    const org = (await json(app, '/api/v1/organizations?kommune=5501')).contents[0];
    expect(await names(`/api/v1/services?organization_id=${org.id}`)).toEqual(['Mmm Kunstlag']);
    expect(await names(`/api/v1/services?organization_id=${org.id}&kommune=1806`)).toEqual([]);
    const icnpoTerms = await json(app, '/api/v1/taxonomy_terms?taxonomy_id=164c0cb8-b069-5bad-bd97-a679491a5ea2&per_page=100');
    expect(icnpoTerms.total_items).toBe(42);
    const children = await json(app, '/api/v1/taxonomy_terms?parent_id=ec5f67e8-1348-523f-81ff-1c27529189d8&per_page=100');
    expect(children.contents.map((t: any) => t.code)).toContain('01200');
  });

  it('answers bad parameters with 400 and a message naming each', async () => {
    const errors = async (url: string) => {
      const response = await app.request(url);
      expect(response.status, url).toBe(400);
      expect(response.headers.get('Content-Type')).toBe('application/problem+json; charset=utf-8');
      return Object.fromEntries((JSON.parse(await response.text()).errors as any[]).map((e) => [e.parameter, e.message]));
    };
    expect(
      await errors('/api/v1/organizations?lang=en&full=yes&taxonomy_term_id=abc&taxonomy_id=00000000-0000-4000-8000-000000000000&format=csv&minimal=true'),
    ).toEqual({
      full: 'Must be true or false.',
      taxonomy_term_id: 'Must be a UUID (8-4-4-4-12 hexadecimal digits).',
      taxonomy_id: 'No taxonomy has id “00000000-0000-4000-8000-000000000000”.',
      format: 'Only format=json is supported.',
      minimal: expect.stringContaining('Unknown parameter “minimal”'),
    });
    expect(await errors('/api/v1/services?lang=en&organization_id=00000000-0000-4000-8000-000000000000&search=a&q=b')).toEqual({
      organization_id: 'No organization has id “00000000-0000-4000-8000-000000000000”.',
      search: '“search” and “q” mean the same; use only one of them.',
    });
    expect(Object.keys(await errors('/api/v1/taxonomy_terms?parent_id=1&page=0'))).toEqual(['page', 'parent_id']);
    expect(Object.keys(await errors('/api/v1/organizations/00000000-0000-4000-8000-000000000000?full_service=1'))).toEqual(['full_service']);
    expect(Object.keys(await errors('/api/v1/export.zip?kommune=1806'))).toEqual(['kommune']);
  });

  it('exports HSDS tabular data: datapackage.json and one CSV per table, valid against tabular.json', async () => {
    const response = await app.request('/api/v1/export.zip');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/zip');
    const zip = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const tables = [
      ['organization', 'organizations.csv'],
      ['service', 'services.csv'],
      ['location', 'locations.csv'],
      ['address', 'addresses.csv'],
      ['phone', 'phones.csv'],
      ['contact', 'contacts.csv'],
      ['organization_identifier', 'organization_identifiers.csv'],
      ['attribute', 'attributes.csv'],
      ['service_area', 'service_areas.csv'],
      ['schedule', 'schedules.csv'],
      ['taxonomy', 'taxonomies.csv'],
      ['taxonomy_term', 'taxonomy_terms.csv'],
    ] as const;
    expect(Object.keys(zip).sort()).toEqual(['datapackage.json', ...tables.map(([, file]) => file)].sort());

    const official = fixture('datapackage.json');
    const ours = JSON.parse(strFromU8(zip['datapackage.json']!));
    expect(ours.profile).toBe('tabular-data-package');
    expect(ours.resources.map((r: any) => r.path)).toEqual(tables.map(([, file]) => file));
    for (const resource of ours.resources) expect(resource).toEqual(official.resources.find((r: any) => r.name === resource.name));

    const data: Record<string, Record<string, unknown>[]> = {};
    for (const [table, file] of tables) {
      const fields = official.resources.find((r: any) => r.name === table).schema.fields as { name: string; type: string }[];
      const rows = parseCsv(strFromU8(zip[file]!), { columns: false, bom: false }) as string[][];
      expect(rows[0], file).toEqual(fields.map((f) => f.name));
      data[table] = rows.slice(1).map((row) =>
        Object.fromEntries(
          row.flatMap((value, i) => {
            const field = fields[i]!;
            if (value === '') return []; // absent
            return [[field.name, field.type === 'number' ? Number(value) : value]];
          }),
        ),
      );
    }
    expectValid(schema.tabular, data, 'tabular');

    // The same records as the API, and the tables refer to each other.
    const orgs = await allPages(app, '/api/v1/organizations?full_service=true');
    expect(data.organization!.map((o) => o.id).sort()).toEqual(orgs.map((o) => o.id).sort());
    expect(data.service).toHaveLength(orgs.length);
    const ids = (table: string) => new Set(data[table]!.map((r) => r.id));
    for (const address of data.address!) expect(ids('location').has(address.location_id)).toBe(true);
    for (const attribute of data.attribute!) expect(ids('taxonomy_term').has(attribute.taxonomy_term_id)).toBe(true);
    for (const term of data.taxonomy_term!) expect(ids('taxonomy').has(term.taxonomy_id)).toBe(true);
    for (const service of data.service!) expect(ids('organization').has(service.organization_id)).toBe(true);
    const full = data.organization!.find((o) => o.name === 'Fullt "Lag", med komma\nog linjeskift');
    expect(full).toMatchObject({ year_incorporated: 1950, website: 'https://fullt.example.no/' });
    // Machine-readable: the text as typed, not defused for Excel.
    expect(data.service!.map((s) => s.description)).toContain('=HYPERLINK("https://evil.example") ; kort');
    expect(data.organization_identifier).toEqual([
      { id: expect.any(String), organization_id: full!.id, identifier_scheme: 'NO-BRC', identifier_type: 'Organisasjonsnummer', identifier: '974760673' },
    ]);

    // A required value missing from a row fails the tabular schema.
    const broken = structuredClone(data);
    delete broken.address![0]!.city;
    expect(schema.tabular(broken)).toBe(false);
  });
});

describe('our OpenAPI document and HSDS’s', () => {
  // HSDS parameters we refuse with 400, as the profile says.
  const UNSUPPORTED = ['minimal', 'top_only', 'postcode', 'proximity'];
  const HSDS_PATHS = [
    '/',
    '/organizations',
    '/organizations/{id}',
    '/services',
    '/services/{id}',
    '/taxonomies',
    '/taxonomies/{id}',
    '/taxonomy_terms',
    '/taxonomy_terms/{id}',
  ];

  it('offers every HSDS path we implement with HSDS’s operation ids and parameters', async () => {
    const { app } = await testApp();
    const ours = await json(app, '/api/v1/openapi.json');
    const resolve = (p: any) => (p.$ref ? HSDS_OPENAPI.components.parameters[p.$ref.split('/').at(-1)] : p);
    for (const path of HSDS_PATHS) {
      const theirs = HSDS_OPENAPI.paths[path];
      const operation = ours.paths[path]?.get;
      expect(operation, path).toBeDefined();
      const theirNames = [...(theirs.parameters ?? []), ...(theirs.get.parameters ?? [])].map(resolve).map((p: any) => `${p.in}:${p.name}`);
      const ourNames = (operation.parameters ?? []).map((p: any) => `${p.in}:${p.name}`);
      for (const name of theirNames) {
        if (UNSUPPORTED.includes(name.split(':')[1]!)) continue;
        expect(ourNames, `${path} ${name}`).toContain(name);
      }
    }
    // The operation ids HSDS gives (its two taxonomy term ids are swapped in 3.0; we follow the meaning).
    expect(ours.paths['/'].get.operationId).toBe('getAPIMetaInformation');
    expect(ours.paths['/organizations'].get.operationId).toBe('getPaginatedListOfOrganizations');
    expect(ours.paths['/services/{id}'].get.operationId).toBe('getFullyNestedServiceById');
  });

  it('describes pages with HSDS’s Page fields and records with at least HSDS’s required fields', async () => {
    const { app } = await testApp();
    const ours = await json(app, '/api/v1/openapi.json');
    const components = ours.components.schemas;
    for (const page of ['OrganizationPage', 'ServicePage', 'TaxonomyPage', 'TaxonomyTermPage']) {
      expect(Object.keys(components[page].properties).sort(), page).toEqual(PAGE_KEYS);
    }
    const pairs: [string, string, ValidateFunction['schema']][] = [
      ['Organization', 'organization', fixture('compiled/organization.json')],
      ['OrganizationListItem', 'organization_list', fixture('compiled/organization_list.json')],
      ['Service', 'service', fixture('compiled/service.json')],
      ['ServiceListItem', 'service_list', fixture('compiled/service_list.json')],
      ['TaxonomyTerm', 'taxonomy_term', fixture('schema/taxonomy_term.json')],
      ['Taxonomy', 'taxonomy', fixture('schema/taxonomy.json')],
    ];
    for (const [component, , official] of pairs) {
      const theirs = official as { required: string[]; properties: Record<string, { type?: string }> };
      const mine = components[component];
      for (const required of theirs.required) expect(mine.required, `${component}.${required}`).toContain(required);
      // Every HSDS field we fill has HSDS's type; fields HSDS lacks are profile extensions.
      for (const [name, property] of Object.entries(mine.properties as Record<string, any>)) {
        const their = theirs.properties[name];
        if (!their) {
          expect(['additional_websites', 'lagportal_slug'], `${component}.${name}`).toContain(name);
          continue;
        }
        if (their.type === 'array') expect(property.type ?? property.anyOf?.[0]?.type, `${component}.${name}`).toBe('array');
        else if (their.type) expect([their.type, 'integer'], `${component}.${name}`).toContain(property.type ?? 'string');
      }
    }
  });
});

describe('the calendar as HSDS schedules (#18, #20.6)', () => {
  it('publishes each visible activity and event as a schedule of the association’s service, valid against service.json, in the API and in schedules.csv', async () => {
    const { app, db } = await testApp((r) => [association(r, { name: 'Bjerkvik Sangkor', categories: ['kunst-og-kultur'] })]);
    const { id: associationId } = await db.selectFrom('associations').select('id').executeTakeFirstOrThrow();
    const oneOff = { frequency: null, weekdays: '' } as const;
    const { createActivity } = await import('../src/db/activities.js');
    const weekly = await createActivity(
      db,
      associationId,
      activityInput({
        description: 'Vi øver.',
        start_date: '2026-09-01',
        end_date: '2027-06-15',
        start_time: '19:00',
        end_time: '21:00',
        frequency: 'biweekly',
        weekdays: 'TU,TH',
      }),
      { status: 'visible', now: NOW },
    );
    const monthly = await createActivity(
      db,
      associationId,
      activityInput({
        title: 'Medlemsmøte',
        start_date: '2026-06-01',
        start_time: '18:00',
        end_time: '19:30',
        frequency: 'monthly',
        weekdays: 'FR',
        week_of_month: -1,
        occurrence_count: 10,
      }),
      { status: 'visible', now: NOW },
    );
    const concert = await createActivity(
      db,
      associationId,
      activityInput({ ...oneOff, kind: 'event', title: 'Julekonsert', start_date: '2026-12-14', start_time: '18:00', end_time: '20:00' }),
      { status: 'visible', now: NOW },
    );
    await createActivity(
      db,
      associationId,
      activityInput({ ...oneOff, kind: 'event', title: 'Skjult', start_date: '2026-12-15', start_time: '18:00', end_time: '20:00' }),
      { status: 'hidden', now: NOW },
    );
    const ids = [weekly, monthly, concert].map((c) => (c as { id: number }).id);

    const [org] = await allPages(app, '/api/v1/organizations');
    const service = await json(app, `/api/v1/services/${org.services?.[0]?.id ?? (await json(app, `/api/v1/organizations/${org.id}`)).services[0].id}`);
    expectValid(schema.service, service, 'service with schedules');
    const withoutIds = service.schedules.map(({ id, ...rest }: any) => {
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      return rest;
    });
    expect(withoutIds).toEqual([
      {
        service_id: service.id,
        description: 'Medlemsmøte',
        valid_from: '2026-06-01',
        dtstart: '2026-06-26',
        timezone: 2,
        opens_at: '18:00+02:00',
        closes_at: '19:30+02:00',
        schedule_link: `https://lag.example.no/hva-skjer/${ids[1]}`,
        count: 10,
        wkst: 'MO',
        freq: 'MONTHLY',
        interval: 1,
        byday: '-1FR',
      },
      {
        service_id: service.id,
        description: 'Korøvelse',
        notes: 'Vi øver.',
        valid_from: '2026-09-01',
        dtstart: '2026-09-01',
        timezone: 2,
        opens_at: '19:00+02:00',
        closes_at: '21:00+02:00',
        schedule_link: `https://lag.example.no/hva-skjer/${ids[0]}`,
        valid_to: '2027-06-15',
        until: '2027-06-15',
        wkst: 'MO',
        freq: 'WEEKLY',
        interval: 2,
        byday: 'TU,TH',
      },
      {
        service_id: service.id,
        description: 'Julekonsert',
        valid_from: '2026-12-14',
        valid_to: '2026-12-14',
        dtstart: '2026-12-14',
        timezone: 1,
        opens_at: '18:00+01:00',
        closes_at: '20:00+01:00',
        schedule_link: `https://lag.example.no/hva-skjer/${ids[2]}`,
      },
    ]);
    // A required field missing fails the official schema, so the check above can fail.
    const broken = structuredClone(service);
    delete broken.schedules[0].id;
    expect(schema.service(broken)).toBe(false);

    const zip = unzipSync(new Uint8Array(await (await app.request('/api/v1/export.zip')).arrayBuffer()));
    const rows = parseCsv(strFromU8(zip['schedules.csv']!), { columns: true, bom: false }) as Record<string, string>[];
    expect(rows.map((r) => [r.service_id, r.description, r.freq, r.byday, r.opens_at, r.timezone])).toEqual([
      [service.id, 'Medlemsmøte', 'MONTHLY', '-1FR', '18:00+02:00', '2'],
      [service.id, 'Korøvelse', 'WEEKLY', 'TU,TH', '19:00+02:00', '2'],
      [service.id, 'Julekonsert', '', '', '18:00+01:00', '1'],
    ]);
  });
});

describe('pageText', () => {
  it('writes a page around item texts byte for byte as JSON.stringify writes the whole page', () => {
    const items = [
      { id: 'a', name: 'Kor "Ø" \u2028 🎻', description: 'x\ny' },
      { id: 'b', name: '', year_incorporated: 1950 },
    ];
    for (const [contents, total, page] of [
      [items, 40, 2],
      [[], 0, 1],
      [[], 30, 9],
    ] as const) {
      expect(
        pageText(
          contents.map((item) => JSON.stringify(item)),
          total,
          page,
          25,
        ),
      ).toBe(JSON.stringify(pageOf([...contents], total, page, 25)));
    }
  });
});
