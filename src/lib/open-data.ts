import * as z from 'zod';
import type { OpenDataFilter, OpenDataRecord } from '../db/open-data.js';
import type { Reference } from '../db/reference.js';
import type { Category, Municipality as MunicipalityRow, Region as RegionRow } from '../db/types.js';
import type { Translator } from '../i18n/index.js';
import { publicContactEmail, publicEmail } from './contact.js';
import { type ListQuery, associationFilter } from './list-query.js';

// The shapes the open-data API and the JSON export send, named after Open Referral's Human
// Services Data Specification 3 (HSDS) where a field fits, and the functions that fill them.
// The OpenAPI document is generated from these schemas, so the document and the responses
// are one definition. Every schema is registered with an id that becomes its component name.

export const schemas = z.registry<{ id: string; description?: string }>();

const timestamp = z.iso.datetime().describe('ISO 8601, UTC');

export const TaxonomyTerm = z.object({
  id: z.string().describe('The category slug; what the kategori filter takes.'),
  code: z.string().describe('ICNPO code as Frivillighetsregisteret writes it, e.g. "01200".'),
  name: z.string().describe('In the language asked for with ?lang=, Norwegian Bokmål by default.'),
  parent_id: z.string().nullable().describe('The id of the group this category belongs to, or null for a group.'),
  taxonomy: z.literal('ICNPO'),
  language: z.enum(['nb', 'en']),
  term_uri: z.url().describe('The category page on this site.'),
});
schemas.add(TaxonomyTerm, { id: 'TaxonomyTerm', description: 'A category from the ICNPO classification (HSDS taxonomy_term).' });

export const MunicipalityRef = z.object({
  id: z.string().regex(/^\d{4}$/).describe('Kommunenummer, four digits.'),
  name: z.string(),
});
schemas.add(MunicipalityRef, { id: 'MunicipalityRef' });

export const Organization = z.object({
  id: z.string().regex(/^\d+$/),
  name: z.string(),
  short_description: z.string().describe('One or two sentences; an extension to HSDS.'),
  description: z.string(),
  email: z.email().nullable().describe("The association's own address."),
  website: z.url().nullable(),
  additional_websites: z.array(
    z.object({ url: z.url(), label: z.enum(['facebook', 'instagram', 'other']) }),
  ),
  year_incorporated: z.int().nullable(),
  organization_identifiers: z
    .array(
      z.object({
        identifier_scheme: z.literal('NO-BRC').describe('org-id.guide scheme of Brønnøysundregistrene.'),
        identifier_type: z.literal('organisasjonsnummer'),
        identifier: z.string().regex(/^\d{9}$/),
      }),
    )
    .describe('The organisation number, when the association has one.'),
  addresses: z.array(
    z.object({
      address_type: z.literal('postal'),
      address_1: z.string().nullable(),
      postal_code: z.string().nullable(),
      country: z.literal('NO'),
    }),
  ),
  phones: z.array(z.object({ number: z.string() })),
  contacts: z
    .array(z.object({ name: z.string().nullable(), email: z.email().nullable() }))
    .describe('A named contact person, only where the association agreed to publish one.'),
  attributes: z
    .array(
      z.object({
        link_entity: z.literal('organization'),
        link_type: z.enum(['main_category', 'category']),
        taxonomy_term_id: z.string(),
        taxonomy_term: TaxonomyTerm,
      }),
    )
    .describe('The categories, main category first.'),
  municipality: MunicipalityRef,
  place: z.object({ id: z.string(), name: z.string() }).nullable().describe('id is what the sted filter takes.'),
  uri: z.url().describe('The public page of the association.'),
  last_modified: timestamp,
});
schemas.add(Organization, { id: 'Organization', description: 'A published association (HSDS organization).' });

export const OrganizationPage = z.object({
  total_items: z.int().min(0),
  total_pages: z.int().min(0),
  page: z.int().min(1),
  per_page: z.int().min(1).max(100),
  contents: z.array(Organization),
});
schemas.add(OrganizationPage, { id: 'OrganizationPage' });

export const Municipality = z.object({
  id: z.string().regex(/^\d{4}$/),
  name: z.string(),
  display_name: z.string().describe('Unambiguous, e.g. "Herøy (Møre og Romsdal)".'),
  official_name: z.string(),
  parallel_names: z.string().describe('Sami and Kven names, or "".'),
  county_number: z.string(),
  county_name: z.string(),
  uri: z.url(),
});
schemas.add(Municipality, { id: 'Municipality' });

export const Region = z.object({
  id: z.string(),
  name: z.string(),
  municipality_ids: z.array(z.string().regex(/^\d{4}$/)),
});
schemas.add(Region, { id: 'Region', description: 'A group of municipalities that run a Lagportal together.' });

const list = <T extends z.ZodType>(item: T) => z.object({ total_items: z.int().min(0), contents: z.array(item) });
export const TaxonomyTermList = list(TaxonomyTerm);
schemas.add(TaxonomyTermList, { id: 'TaxonomyTermList' });
export const MunicipalityList = list(Municipality);
schemas.add(MunicipalityList, { id: 'MunicipalityList' });
export const RegionList = list(Region);
schemas.add(RegionList, { id: 'RegionList' });

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  errors: z
    .array(z.object({ parameter: z.string(), message: z.string() }))
    .optional()
    .describe('One entry per parameter that could not be used, the first 20 of them.'),
  errors_omitted: z.int().min(1).optional().describe('How many more parameters could not be used than `errors` lists.'),
});
schemas.add(Problem, { id: 'Problem', description: 'RFC 9457 problem details.' });

export type OrganizationJson = z.infer<typeof Organization>;

/**
 * What of an entry may be shown to the public. The one place that decides: the API, the JSON
 * and the CSV export all go through it. The personal contact is only shown with consent.
 */
export function publicView(record: OpenDataRecord) {
  const consent = record.publish_contact === 1;
  return {
    ...record,
    email: publicEmail(record),
    contact_name: consent ? record.contact_name : null,
    contact_email: publicContactEmail(record),
  };
}

export type PublicRecord = ReturnType<typeof publicView>;

/** Builds the list filter from a parsed /lag query, the same way the public list does. */
export function openDataFilter(query: ListQuery, reference: Reference, modifiedAfter: string | null = null): OpenDataFilter {
  return { ...associationFilter(query, reference), modifiedAfter };
}

export function taxonomyTerm(category: Category, reference: Reference, tr: Translator, baseUrl: string): z.infer<typeof TaxonomyTerm> {
  const parent = category.parent_id === null ? undefined : reference.categoryById.get(category.parent_id);
  return {
    id: category.slug,
    code: category.icnpo_code,
    name: tr.name(category),
    parent_id: parent?.slug ?? null,
    taxonomy: 'ICNPO',
    language: tr.lang,
    term_uri: `${baseUrl}/kategori/${category.slug}`,
  };
}

export function municipalityJson(m: MunicipalityRow, baseUrl: string): z.infer<typeof Municipality> {
  return {
    id: m.number,
    name: m.name,
    display_name: m.display_name,
    official_name: m.official_name,
    parallel_names: m.parallel_names,
    county_number: m.county_number,
    county_name: m.county_name,
    uri: `${baseUrl}/kommune/${m.number}`,
  };
}

export function regionJson(region: RegionRow, reference: Reference, tr: Translator): z.infer<typeof Region> {
  return { id: region.slug, name: tr.name(region), municipality_ids: reference.regionMembers.get(region.slug) ?? [] };
}

/** An entry as an HSDS organization; only what publicView allows. */
export function organizationJson(record: OpenDataRecord, reference: Reference, tr: Translator, baseUrl: string): OrganizationJson {
  const a = publicView(record);
  const municipality = reference.municipalityByNumber.get(a.municipality_number);
  const place = a.place_id === null ? undefined : reference.placeById.get(a.place_id);
  const categories = a.category_ids.map((id) => reference.categoryById.get(id)).filter((c) => c !== undefined);
  return {
    id: String(a.id),
    name: a.name,
    short_description: a.short_description,
    description: a.description,
    email: a.email,
    website: a.website,
    additional_websites: a.links.map((l) => ({ url: l.url, label: l.kind })),
    year_incorporated: a.founded_year,
    organization_identifiers: a.org_number
      ? [{ identifier_scheme: 'NO-BRC', identifier_type: 'organisasjonsnummer', identifier: a.org_number }]
      : [],
    addresses:
      a.postal_address || a.postal_code
        ? [{ address_type: 'postal', address_1: a.postal_address, postal_code: a.postal_code, country: 'NO' }]
        : [],
    phones: a.phone ? [{ number: a.phone }] : [],
    contacts: a.contact_name || a.contact_email ? [{ name: a.contact_name, email: a.contact_email }] : [],
    attributes: categories.map((c, i) => ({
      link_entity: 'organization',
      link_type: i === 0 ? 'main_category' : 'category',
      taxonomy_term_id: c.slug,
      taxonomy_term: taxonomyTerm(c, reference, tr, baseUrl),
    })),
    municipality: { id: a.municipality_number, name: municipality?.name ?? a.municipality_number },
    place: place ? { id: place.slug, name: place.name } : null,
    uri: `${baseUrl}/lag/${a.slug}`,
    last_modified: a.updated_at,
  };
}

export const CSV_COLUMNS = [
  'id',
  'name',
  'short_description',
  'description',
  'municipality_number',
  'municipality',
  'place',
  'categories',
  'website',
  'other_links',
  'email',
  'phone',
  'postal_address',
  'postal_code',
  'org_number',
  'founded_year',
  'contact_name',
  'contact_email',
  'last_modified',
  'url',
] as const;

/** An entry as one CSV row, in CSV_COLUMNS order; only what publicView allows. */
export function csvRow(record: OpenDataRecord, reference: Reference, tr: Translator, baseUrl: string): (string | number | null)[] {
  const a = publicView(record);
  const values: Record<(typeof CSV_COLUMNS)[number], string | number | null> = {
    id: a.id,
    name: a.name,
    short_description: a.short_description,
    description: a.description,
    municipality_number: a.municipality_number,
    municipality: reference.municipalityByNumber.get(a.municipality_number)?.name ?? null,
    place: a.place_id === null ? null : (reference.placeById.get(a.place_id)?.name ?? null),
    categories: a.category_ids
      .map((id) => reference.categoryById.get(id))
      .filter((c) => c !== undefined)
      .map((c) => tr.name(c))
      .join(', '),
    website: a.website,
    other_links: a.links.map((l) => l.url).join(' '),
    email: a.email,
    phone: a.phone,
    postal_address: a.postal_address,
    postal_code: a.postal_code,
    org_number: a.org_number,
    founded_year: a.founded_year,
    contact_name: a.contact_name,
    contact_email: a.contact_email,
    last_modified: a.updated_at,
    url: `${baseUrl}/lag/${a.slug}`,
  };
  return CSV_COLUMNS.map((column) => values[column]);
}
