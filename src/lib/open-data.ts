import * as z from 'zod';
import type { OpenDataFilter, OpenDataRecord } from '../db/open-data.js';
import type { Reference } from '../db/reference.js';
import type { Municipality as MunicipalityRow, Region as RegionRow } from '../db/types.js';
import type { Translator } from '../i18n/index.js';
import { publicContactEmail, publicEmail } from './contact.js';
import { type ListQuery, associationFilter } from './list-query.js';

// What of an entry the open data may show (publicView), the reference-data shapes of the API
// and the list's CSV export. The HSDS records themselves are in hsds.ts. The OpenAPI document
// is generated from the schemas registered here, so the document and the responses are one
// definition; every schema is registered with an id that becomes its component name.

export const schemas = z.registry<{ id: string; description?: string }>();

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
