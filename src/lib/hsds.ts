import * as z from 'zod';
import type { OpenDataActivity, OpenDataRecord } from '../db/open-data.js';
import type { Reference } from '../db/reference.js';
import type { Category, Municipality as MunicipalityRow } from '../db/types.js';
import type { Translator } from '../i18n/index.js';
import { ICNPO_TAXONOMY_ID, MUNICIPALITY_TAXONOMY_ID, icnpoTermId, municipalityTermId, part } from './hsds-ids.js';
import { publicView, schemas } from './open-data.js';
import { firstOccurrenceDate, recurrenceData, zonedInstant } from './recurrence.js';

// The open-data API's records in the shapes of Open Referral HSDS 3.0 (schema/compiled/*.json
// of openreferral/specification; the vendored copies in test/fixtures/hsds/ check them), and
// the functions that fill them from what publicView allows. The OpenAPI document is generated
// from these schemas. HSDS leaves a field out rather than sending null, so every optional
// field here is optional, never nullable, and the builders only set what has a value.
//
// The mapping (see also the profile page, views/hsds-profile.tsx):
// - an association is an HSDS organization, and offers residents one service (its activity,
//   in its municipality), with a schedule per visible activity or event of the calendar;
// - its postal address is a location of type "postal" with one address;
// - its place (sted) is a location of type "physical" named after the place;
// - its categories and its municipality are attributes whose terms come from two taxonomies,
//   ICNPO and kommunenummer; the municipality is also the service's service area;
// - the organisation number is an organization identifier with scheme NO-BRC (org-id.guide).

export const HSDS_VERSION = '3.0.1';

const uuid = z.uuid().describe('UUID, stable for as long as the object exists.');
const optional = <T extends z.ZodType>(schema: T) => schema.optional();

export const Taxonomy = z.object({
  id: uuid,
  name: z.string(),
  description: z.string(),
  uri: optional(z.url()),
  version: optional(z.string()),
});
schemas.add(Taxonomy, { id: 'Taxonomy', description: 'HSDS taxonomy: ICNPO or kommunenummer.' });

export const TaxonomyTerm = z.object({
  id: uuid,
  code: z.string().describe('ICNPO code as Frivillighetsregisteret writes it ("01200"), or the four-digit kommunenummer.'),
  name: z.string().describe('In the language asked for with ?lang=, Norwegian Bokmål by default.'),
  description: z.string(),
  parent_id: optional(uuid).describe('The group an ICNPO category belongs to; absent for a group.'),
  taxonomy: z.enum(['ICNPO', 'kommunenummer']),
  taxonomy_detail: optional(Taxonomy),
  language: z.enum(['nb', 'nn', 'en']),
  taxonomy_id: uuid,
  term_uri: z.url().describe('The category or municipality page on this site.'),
  lagportal_slug: optional(z.string()).describe('Profile extension: the value the kategori filter takes (ICNPO terms only).'),
});
schemas.add(TaxonomyTerm, { id: 'TaxonomyTerm', description: 'HSDS taxonomy_term.' });

export const Attribute = z.object({
  id: uuid,
  link_id: uuid,
  taxonomy_term_id: uuid,
  link_type: z.enum(['main_category', 'category', 'municipality']),
  link_entity: z.enum(['organization', 'service']),
  taxonomy_term: TaxonomyTerm,
});
schemas.add(Attribute, { id: 'Attribute', description: 'HSDS attribute: a category or the municipality of an entry.' });

export const Phone = z.object({
  id: uuid,
  organization_id: optional(uuid),
  service_id: optional(uuid),
  number: z.string().describe('+47 and eight digits, spaced in pairs.'),
  type: z.literal('voice'),
});
schemas.add(Phone, { id: 'Phone', description: 'HSDS phone.' });

export const Contact = z.object({
  id: uuid,
  organization_id: uuid,
  name: optional(z.string()),
  email: optional(z.email()),
});
schemas.add(Contact, { id: 'Contact', description: 'HSDS contact: only where the association agreed to publish its contact person.' });

export const Address = z.object({
  id: uuid,
  location_id: uuid,
  address_1: z.string(),
  city: z.string().describe('The municipality: the postal town (poststed) is not stored.'),
  state_province: z.string().describe('The county (fylke).'),
  postal_code: z.string().regex(/^\d{4}$/),
  country: z.literal('NO'),
  address_type: z.literal('postal'),
});
schemas.add(Address, { id: 'Address', description: 'HSDS address.' });

export const Location = z.object({
  id: uuid,
  location_type: z.enum(['postal', 'physical']),
  organization_id: uuid,
  name: optional(z.string()),
  external_identifier: optional(z.string()),
  external_identifier_type: optional(z.literal('lagportal_sted')),
  addresses: z.array(Address),
});
schemas.add(Location, {
  id: 'Location',
  description: 'HSDS location: the postal address ("postal"), or the place the association belongs to ("physical").',
});

export const OrganizationIdentifier = z.object({
  id: uuid,
  organization_id: uuid,
  identifier_scheme: z.literal('NO-BRC').describe('org-id.guide scheme of Brønnøysundregistrene.'),
  identifier_type: z.literal('Organisasjonsnummer'),
  identifier: z.string().regex(/^\d{9}$/),
});
schemas.add(OrganizationIdentifier, { id: 'OrganizationIdentifier', description: 'HSDS organization_identifier.' });

export const ServiceArea = z.object({
  id: uuid,
  service_id: uuid,
  name: z.string(),
  uri: z.url(),
});
schemas.add(ServiceArea, { id: 'ServiceArea', description: 'HSDS service_area: the municipality.' });

const hhmmOffset = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d[+-]\d{2}:\d{2}$/);
const isoDate = z.iso.date();
export const Schedule = z.object({
  id: uuid,
  service_id: uuid,
  description: optional(z.string().describe("The activity's or event's title.")),
  notes: optional(z.string().describe('Its description.')),
  valid_from: optional(isoDate),
  valid_to: optional(isoDate),
  dtstart: optional(isoDate.describe('The first date it happens.')),
  until: optional(isoDate),
  count: optional(z.number().int()),
  wkst: optional(z.literal('MO')),
  freq: optional(z.enum(['WEEKLY', 'MONTHLY'])),
  interval: optional(z.number().int()),
  byday: optional(z.string().describe('RFC 5545 BYDAY: "TU,TH", or "2TU" / "-1FR" with MONTHLY.')),
  timezone: optional(z.number().describe('The UTC offset in Oslo on dtstart (1 in winter, 2 in summer); the times are Norwegian wall-clock time all year.')),
  opens_at: optional(hhmmOffset),
  closes_at: optional(hhmmOffset),
  schedule_link: optional(z.url()),
});
schemas.add(Schedule, { id: 'Schedule', description: "HSDS schedule: one of the association's activities (recurring, RFC 5545 fields) or events (once)." });

/** What a service list item and the service inside an organization always carry. */
const serviceFields = {
  id: uuid,
  organization_id: uuid,
  name: z.string(),
  description: z.string(),
  url: optional(z.url()),
  email: optional(z.email()),
  status: z.literal('active'),
  last_modified: z.iso.datetime(),
};

export const ServiceListItem = z.object(serviceFields);
schemas.add(ServiceListItem, { id: 'ServiceListItem', description: 'HSDS service, one-to-one fields only (service_list.json).' });

export const Service = z.object({
  ...serviceFields,
  phones: z.array(Phone),
  schedules: z.array(Schedule),
  service_areas: z.array(ServiceArea),
  attributes: z.array(Attribute),
});
schemas.add(Service, { id: 'Service', description: 'HSDS service, fully nested (service.json): what the association offers residents.' });

export const ServiceRef = z.object({ id: uuid, name: z.string(), status: z.literal('active') });
schemas.add(ServiceRef, { id: 'ServiceRef', description: 'A service inside an organization without full_service.' });

const organizationFields = {
  id: uuid,
  name: z.string(),
  description: z.string(),
  email: optional(z.email()).describe("The association's own address, where public."),
  website: optional(z.url()),
  year_incorporated: optional(z.int()),
  uri: z.url().describe('The public page of the association.'),
};

export const OrganizationListItem = z.object(organizationFields);
schemas.add(OrganizationListItem, { id: 'OrganizationListItem', description: 'HSDS organization, one-to-one fields only (organization_list.json).' });

export const Organization = z.object({
  ...organizationFields,
  additional_websites: z
    .array(z.object({ url: z.url(), label: z.enum(['facebook', 'instagram', 'other']) }))
    .describe('Profile extension: the other links (Facebook, Instagram, ...).'),
  phones: z.array(Phone),
  contacts: z.array(Contact),
  locations: z.array(Location),
  organization_identifiers: z.array(OrganizationIdentifier),
  attributes: z.array(Attribute).describe('Main category first, then the other categories, then the municipality.'),
  services: z.union([z.array(ServiceRef), z.array(Service)]).describe('Fully nested with full_service=true.'),
});
schemas.add(Organization, { id: 'Organization', description: 'HSDS organization, fully nested (organization.json): a published association.' });

/** HSDS's Page object (schema/openapi.json, components.schemas.Page) around the items. */
const page = <T extends z.ZodType>(item: T) =>
  z.object({
    total_items: z.int().min(0),
    total_pages: z.int().min(0),
    page_number: z.int().min(1),
    size: z.int().min(0).describe('How many items this page holds.'),
    first_page: z.boolean(),
    last_page: z.boolean(),
    empty: z.boolean().describe('True when nothing matched.'),
    contents: z.array(item),
  });

export const OrganizationPage = page(z.union([OrganizationListItem, Organization]));
schemas.add(OrganizationPage, { id: 'OrganizationPage' });
export const ServicePage = page(z.union([ServiceListItem, Service]));
schemas.add(ServicePage, { id: 'ServicePage' });
export const TaxonomyPage = page(Taxonomy);
schemas.add(TaxonomyPage, { id: 'TaxonomyPage' });
export const TaxonomyTermPage = page(TaxonomyTerm);
schemas.add(TaxonomyTermPage, { id: 'TaxonomyTermPage' });

export const ApiInfo = z.object({
  version: z.string().describe('The HSDS version this API follows.'),
  profile: z.url().describe('The page that lists what this API adds to HSDS and restricts.'),
  openapi_url: z.url(),
});
schemas.add(ApiInfo, { id: 'ApiInfo', description: 'GET /: this API and its relationship with HSDS.' });

export type PageOf<T> = {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
};

/** The Page object for `contents`, page `pageNumber` (1-based) of `total` items in pages of `perPage`. */
export function pageOf<T>(contents: T[], total: number, pageNumber: number, perPage: number): PageOf<T> {
  const totalPages = Math.ceil(total / perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: pageNumber,
    size: contents.length,
    first_page: pageNumber === 1,
    last_page: pageNumber >= totalPages,
    empty: total === 0,
    contents,
  };
}

/**
 * The Page object's JSON text around items that are JSON texts already, byte for byte what
 * JSON.stringify(pageOf(items parsed, ...)) gives: `contents` is the Page's last key.
 */
export function pageText(items: string[], total: number, pageNumber: number, perPage: number): string {
  const { contents, ...head } = pageOf(items, total, pageNumber, perPage);
  return `${JSON.stringify(head).slice(0, -1)},"contents":[${contents.join(',')}]}`;
}

// ---- Taxonomies ----

export function taxonomies(tr: Translator, baseUrl: string): z.infer<typeof Taxonomy>[] {
  const text = tr.t.openData;
  return [
    {
      id: ICNPO_TAXONOMY_ID,
      name: 'ICNPO',
      description: text.hsdsIcnpoDescription,
      uri: `${baseUrl}/api/v1/taxonomies/${ICNPO_TAXONOMY_ID}`,
      version: 'Frivillighetsregisteret',
    },
    {
      id: MUNICIPALITY_TAXONOMY_ID,
      name: 'kommunenummer',
      description: text.hsdsMunicipalityTaxonomyDescription,
      uri: `${baseUrl}/api/v1/taxonomies/${MUNICIPALITY_TAXONOMY_ID}`,
      version: '2024',
    },
  ];
}

export function categoryTerm(category: Category, reference: Reference, tr: Translator, baseUrl: string): z.infer<typeof TaxonomyTerm> {
  const parent = category.parent_id === null ? undefined : reference.categoryById.get(category.parent_id);
  return {
    id: icnpoTermId(category.icnpo_code),
    code: category.icnpo_code,
    name: tr.name(category),
    description: tr.t.openData.hsdsCategoryDescription(tr.name(category), category.icnpo_code, parent ? tr.name(parent) : null),
    ...(parent ? { parent_id: icnpoTermId(parent.icnpo_code) } : {}),
    taxonomy: 'ICNPO',
    language: tr.lang,
    taxonomy_id: ICNPO_TAXONOMY_ID,
    term_uri: `${baseUrl}/kategori/${category.slug}`,
    lagportal_slug: category.slug,
  };
}

export function municipalityTerm(m: MunicipalityRow, tr: Translator, baseUrl: string): z.infer<typeof TaxonomyTerm> {
  return {
    id: municipalityTermId(m.number),
    code: m.number,
    name: m.name,
    description: tr.t.openData.hsdsMunicipalityDescription(m.display_name, m.number, m.county_name),
    taxonomy: 'kommunenummer',
    language: tr.lang,
    taxonomy_id: MUNICIPALITY_TAXONOMY_ID,
    term_uri: `${baseUrl}/kommune/${m.number}`,
  };
}

/** Every term: the ICNPO groups each followed by its subcategories, then the municipalities. */
export function allTerms(reference: Reference, tr: Translator, baseUrl: string): z.infer<typeof TaxonomyTerm>[] {
  return [
    ...reference.categoryTree.flatMap((group) => [group, ...group.children]).map((c) => categoryTerm(c, reference, tr, baseUrl)),
    ...reference.municipalities.map((m) => municipalityTerm(m, tr, baseUrl)),
  ];
}

// ---- Organizations and services ----

/** Only the keys whose value is there: HSDS leaves absent values out rather than null. */
function present<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], null | undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined && v !== '')) as never;
}

function entryAttributes(
  a: ReturnType<typeof publicView>,
  linkId: string,
  linkEntity: 'organization' | 'service',
  reference: Reference,
  tr: Translator,
  baseUrl: string,
): z.infer<typeof Attribute>[] {
  const categories = a.category_ids.map((id) => reference.categoryById.get(id)).filter((c) => c !== undefined);
  const attributes: z.infer<typeof Attribute>[] = categories.map((c, i) => {
    const term = categoryTerm(c, reference, tr, baseUrl);
    return {
      id: part(linkId, 'attribute', term.id),
      link_id: linkId,
      taxonomy_term_id: term.id,
      link_type: i === 0 ? 'main_category' : 'category',
      link_entity: linkEntity,
      taxonomy_term: term,
    };
  });
  const municipality = reference.municipalityByNumber.get(a.municipality_number);
  if (municipality) {
    const term = municipalityTerm(municipality, tr, baseUrl);
    attributes.push({
      id: part(linkId, 'attribute', term.id),
      link_id: linkId,
      taxonomy_term_id: term.id,
      link_type: 'municipality',
      link_entity: linkEntity,
      taxonomy_term: term,
    });
  }
  return attributes;
}

function serviceListItem(a: ReturnType<typeof publicView>): z.infer<typeof ServiceListItem> {
  return {
    id: a.service_uuid,
    organization_id: a.uuid,
    name: a.name,
    // The short description says what the association does; the long one is the organization's.
    description: a.short_description || a.description,
    ...present({ url: a.website, email: a.email }),
    status: 'active',
    last_modified: a.updated_at,
  };
}

function fullService(a: ReturnType<typeof publicView>, reference: Reference, tr: Translator, baseUrl: string): z.infer<typeof Service> {
  const municipality = reference.municipalityByNumber.get(a.municipality_number);
  return {
    ...serviceListItem(a),
    phones: a.phone ? [{ id: part(a.service_uuid, 'phone'), service_id: a.service_uuid, number: a.phone, type: 'voice' }] : [],
    schedules: (a.activities ?? []).map((activity) => scheduleJson(activity, a.service_uuid, baseUrl)),
    service_areas: municipality
      ? [
          {
            id: part(a.service_uuid, 'service_area', municipality.number),
            service_id: a.service_uuid,
            name: municipality.name,
            uri: `${baseUrl}/kommune/${municipality.number}`,
          },
        ]
      : [],
    attributes: entryAttributes(a, a.service_uuid, 'service', reference, tr, baseUrl),
  };
}

/** "+01:00": Oslo's offset from UTC when its clocks show `date` `time`. */
function osloOffset(date: string, time: string): { hours: number; text: string } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const minutes = Math.round((Date.UTC(y, m - 1, d, hh, mm) - zonedInstant(date, time).getTime()) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return { hours: minutes / 60, text: `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}` };
}

/**
 * An activity (RFC 5545 FREQ/INTERVAL/BYDAY/COUNT/UNTIL, as in our calendar feeds) or an
 * event (valid_from–valid_to, no rule) as an HSDS schedule of the association's service.
 * HSDS gives one fixed UTC offset per schedule: it is Oslo's on the first date, and the
 * profile says that the times stay wall-clock times across summer time.
 */
export function scheduleJson(activity: OpenDataActivity, serviceId: string, baseUrl: string): z.infer<typeof Schedule> {
  const first = firstOccurrenceDate(activity) ?? activity.start_date;
  const offset = osloOffset(first, activity.start_time);
  const base = {
    id: part(serviceId, 'schedule', String(activity.id)),
    service_id: serviceId,
    description: activity.title,
    ...present({ notes: activity.description || null }),
    valid_from: activity.start_date,
    dtstart: first,
    timezone: offset.hours,
    opens_at: `${activity.start_time}${offset.text}`,
    closes_at: `${activity.end_time}${offset.text}`,
    schedule_link: `${baseUrl}/hva-skjer/${activity.id}`,
  };
  if (activity.kind === 'event') return { ...base, valid_to: activity.end_date ?? activity.start_date };
  const rule = recurrenceData(activity);
  return {
    ...base,
    ...(activity.end_date ? { valid_to: activity.end_date, until: activity.end_date } : {}),
    ...(rule.count ? { count: rule.count } : {}),
    wkst: 'MO',
    freq: rule.freq,
    interval: rule.interval,
    byday: rule.byday.join(','),
  };
}

/** An entry as an HSDS service list item (one-to-one fields); only what publicView allows. */
export function serviceListJson(record: OpenDataRecord): z.infer<typeof ServiceListItem> {
  return serviceListItem(publicView(record));
}

/** An entry's service, fully nested; only what publicView allows. */
export function serviceJson(record: OpenDataRecord, reference: Reference, tr: Translator, baseUrl: string): z.infer<typeof Service> {
  return fullService(publicView(record), reference, tr, baseUrl);
}

/** An entry as an HSDS organization list item (one-to-one fields); only what publicView allows. */
export function organizationListJson(record: OpenDataRecord, baseUrl: string): z.infer<typeof OrganizationListItem> {
  const a = publicView(record);
  return {
    id: a.uuid,
    name: a.name,
    description: a.description || a.short_description,
    ...present({ email: a.email, website: a.website, year_incorporated: a.founded_year }),
    uri: `${baseUrl}/lag/${a.slug}`,
  };
}

/** An entry as a fully nested HSDS organization; only what publicView allows. */
export function organizationJson(
  record: OpenDataRecord,
  reference: Reference,
  tr: Translator,
  baseUrl: string,
  options: { fullService?: boolean } = {},
): z.infer<typeof Organization> {
  const a = publicView(record);
  const id = a.uuid;
  const municipality = reference.municipalityByNumber.get(a.municipality_number);
  const place = a.place_id === null ? undefined : reference.placeById.get(a.place_id);
  const locations: z.infer<typeof Location>[] = [];
  // HSDS requires a street line, a postal code, a city and a county of every address.
  if (a.postal_address && a.postal_code && municipality) {
    const locationId = part(id, 'location', 'postal');
    locations.push({
      id: locationId,
      location_type: 'postal',
      organization_id: id,
      addresses: [
        {
          id: part(locationId, 'address'),
          location_id: locationId,
          address_1: a.postal_address,
          city: municipality.name,
          state_province: municipality.county_name,
          postal_code: a.postal_code,
          country: 'NO',
          address_type: 'postal',
        },
      ],
    });
  }
  if (place) {
    locations.push({
      id: part(id, 'location', 'physical'),
      location_type: 'physical',
      organization_id: id,
      name: place.name,
      external_identifier: place.slug,
      external_identifier_type: 'lagportal_sted',
      addresses: [],
    });
  }
  const contact = present({ name: a.contact_name, email: a.contact_email });
  return {
    ...organizationListJson(record, baseUrl),
    additional_websites: a.links.map((l) => ({ url: l.url, label: l.kind })),
    phones: a.phone ? [{ id: part(id, 'phone'), organization_id: id, number: a.phone, type: 'voice' }] : [],
    contacts: Object.keys(contact).length > 0 ? [{ id: part(id, 'contact'), organization_id: id, ...contact }] : [],
    locations,
    organization_identifiers: a.org_number
      ? [
          {
            id: part(id, 'organization_identifier', 'NO-BRC'),
            organization_id: id,
            identifier_scheme: 'NO-BRC',
            identifier_type: 'Organisasjonsnummer',
            identifier: a.org_number,
          },
        ]
      : [],
    attributes: entryAttributes(a, id, 'organization', reference, tr, baseUrl),
    services: options.fullService ? [fullService(a, reference, tr, baseUrl)] : [{ id: a.service_uuid, name: a.name, status: 'active' }],
  };
}
