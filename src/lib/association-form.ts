import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import type { AssociationInput } from '../db/associations.js';
import type { Reference } from '../db/reference.js';
import type { LinkKind } from '../db/types.js';
import type { formTextNb } from '../i18n/form-text.js';
import { isValidOrgNumber } from './org-number.js';

// The association registration and edit form: reading the posted body, validating it against the
// reference data, and turning it into clean data ready to store. Pure: no database, no clock.

export const ASSOCIATION_FORM_FIELDS = [
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
  'contact_via_form',
  'contact_name',
  'contact_email',
  'publish_contact',
  'accept_terms',
] as const;
export type AssociationFormField = (typeof ASSOCIATION_FORM_FIELDS)[number];

/** What the visitor typed, kept verbatim (only control characters removed) so the form can be shown again. */
export interface AssociationFormValues {
  name: string;
  short_description: string;
  description: string;
  categories: string[];
  municipality: string;
  place: string;
  website: string;
  email: string;
  phone: string;
  postal_address: string;
  postal_code: string;
  org_number: string;
  founded_year: string;
  links: string;
  contact_via_form: boolean;
  contact_name: string;
  contact_email: string;
  publish_contact: boolean;
  accept_terms: boolean;
}

/** The entry's fields the form gives just as they are stored (AssociationInput, src/db/associations.ts). */
type StoredAsGiven =
  | 'name'
  | 'shortDescription'
  | 'description'
  | 'municipalityNumber'
  | 'website'
  | 'email'
  | 'phone'
  | 'postalAddress'
  | 'postalCode'
  | 'orgNumber'
  | 'foundedYear'
  | 'links';

/** Clean, normalised data, ready to store: categories and place by slug, the rest as stored. */
export interface AssociationFormData extends Pick<AssociationInput, StoredAsGiven> {
  /** In the order chosen; the first is the main category. */
  categorySlugs: string[];
  placeSlug: string | null;
  /**
   * Visitors write through a contact form instead of seeing the email address. Optional
   * because proposals stored before this existed lack it; missing means false.
   */
  contactViaForm?: boolean;
  contactName: string;
  contactEmail: string;
  publishContact: boolean;
}

export type FormErrorKey = keyof typeof formTextNb.errors;
export type AssociationFormErrors = Partial<Record<AssociationFormField, FormErrorKey>>;

export const LIMITS = {
  name: 120,
  shortDescription: 200,
  description: 5000,
  contactName: 120,
  postalAddress: 200,
  url: 2000,
  email: 254,
  links: 10,
  categories: 3,
  firstFoundedYear: 1800,
} as const;

/** No single posted value is kept longer than this, so a hostile body cannot make us echo megabytes. */
const RAW_LIMIT = 20_000;
/** At most this many category values are read from a body (only 1–3 are valid anyway). */
const RAW_CATEGORY_LIMIT = 20;

const MULTILINE_FIELDS = ['description', 'links'] as const satisfies readonly AssociationFormField[];
const CHECKBOX_FIELDS = ['contact_via_form', 'publish_contact', 'accept_terms'] as const satisfies readonly AssociationFormField[];
/** The category choices, a list of their own. */
type ListField = 'categories';
type SingleLineField = Exclude<AssociationFormField, (typeof MULTILINE_FIELDS)[number] | (typeof CHECKBOX_FIELDS)[number] | ListField>;
/** Every other field is one line of text: a field added to the form is read as one unless listed above. */
const SINGLE_LINE_FIELDS = ASSOCIATION_FORM_FIELDS.filter(
  (name): name is SingleLineField =>
    name !== 'categories' && !(MULTILINE_FIELDS as readonly string[]).includes(name) && !(CHECKBOX_FIELDS as readonly string[]).includes(name),
);

// C0 and C1 control characters and DEL. White-space controls are turned into spaces (or kept as
// line breaks) before the rest are dropped, so that "a\tb" does not become "ab".
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;
const WHITESPACE_CONTROL = /[\t\n\v\f\r\u0085]/g;

export function emptyAssociationForm(): AssociationFormValues {
  return {
    name: '',
    short_description: '',
    description: '',
    categories: [],
    municipality: '',
    place: '',
    website: '',
    email: '',
    phone: '',
    postal_address: '',
    postal_code: '',
    org_number: '',
    founded_year: '',
    links: '',
    contact_via_form: false,
    contact_name: '',
    contact_email: '',
    publish_contact: false,
    accept_terms: false,
  };
}

/** Cuts to at most max UTF-16 units (as HTML maxlength counts) without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, Math.floor(max));
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

function withoutControlsSingleLine(text: string): string {
  return text.replace(WHITESPACE_CONTROL, ' ').replace(CONTROL, '');
}

function withoutControlsMultiline(text: string): string {
  return text
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    .replace(/[\t\v\f]/g, ' ')
    .replace(CONTROL_EXCEPT_NEWLINE, '');
}

/** Trims, removes control characters, folds inner white-space runs into one space, and cuts to max. */
export function cleanLine(text: string, max: number): string {
  const cleaned = withoutControlsSingleLine(text).replace(/\s+/g, ' ').trim();
  return cut(cleaned, max).trimEnd();
}

/**
 * Like cleanLine but keeps line breaks: \r\n becomes \n, each line's end is trimmed, white-space
 * runs inside a line fold into one space, and at most two blank lines follow each other.
 */
export function cleanMultiline(text: string, max: number): string {
  const cleaned = withoutControlsMultiline(text)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trimEnd())
    .join('\n')
    .replace(/\n{4,}/g, '\n\n\n')
    .trim();
  return cut(cleaned, max).trimEnd();
}

// ---------------------------------------------------------------------------------------------
// Reading the posted body

function strings(value: unknown): string[] {
  const all = Array.isArray(value) ? value : [value];
  return all.filter((v): v is string => typeof v === 'string');
}

/**
 * Reads a body from Hono's `await c.req.parseBody({ all: true })`. Files and unknown fields are
 * ignored, a repeated single-value field takes the first value, checkboxes are true when present
 * with any non-empty value.
 */
export function readAssociationForm(body: Record<string, unknown>): AssociationFormValues {
  const values = emptyAssociationForm();
  const field = (name: string): unknown => (Object.hasOwn(body, name) ? body[name] : undefined);
  for (const name of SINGLE_LINE_FIELDS) {
    const first = strings(field(name))[0] ?? '';
    values[name] = cut(withoutControlsSingleLine(first), RAW_LIMIT);
  }
  for (const name of MULTILINE_FIELDS) {
    const first = strings(field(name))[0] ?? '';
    values[name] = cut(withoutControlsMultiline(first), RAW_LIMIT);
  }
  for (const name of CHECKBOX_FIELDS) {
    values[name] = strings(field(name)).some((v) => v !== '');
  }
  values.categories = strings(field('categories'))
    .map((v) => cleanLine(v, 200))
    .filter((v) => v !== '')
    .slice(0, RAW_CATEGORY_LIMIT);
  return values;
}

/** The same values from stored data, for pre-filling the edit form. Terms are never pre-ticked. */
export function formValuesFrom(data: AssociationFormData): AssociationFormValues {
  return {
    name: data.name,
    short_description: data.shortDescription,
    description: data.description,
    categories: [...data.categorySlugs],
    municipality: data.municipalityNumber,
    place: data.placeSlug ?? '',
    website: data.website ?? '',
    email: data.email ?? '',
    phone: data.phone ?? '',
    postal_address: data.postalAddress ?? '',
    postal_code: data.postalCode ?? '',
    org_number: data.orgNumber ?? '',
    founded_year: data.foundedYear === null ? '' : String(data.foundedYear),
    links: data.links.map((link) => link.url).join('\n'),
    contact_via_form: data.contactViaForm === true,
    contact_name: data.contactName,
    contact_email: data.contactEmail,
    publish_contact: data.publishContact,
    accept_terms: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Web addresses

type UrlProblem = 'invalid' | 'spaces' | 'scheme' | 'credentials' | 'tooLong';

const TOP_LEVEL_DOMAIN = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

function normaliseUrl(input: string): { ok: true; url: URL } | { ok: false; problem: UrlProblem } {
  const text = input.replace(WHITESPACE_CONTROL, ' ').replace(CONTROL, '').trim();
  if (text === '') return { ok: false, problem: 'invalid' };
  if (/\s/.test(text)) return { ok: false, problem: 'spaces' };
  // Normalising never makes a long address much shorter, so there is no point parsing this.
  if (text.length > LIMITS.url * 2) return { ok: false, problem: 'tooLong' };

  let candidate: string;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text);
  const hostWithPort = /^[^:/?#@]+:\d+(?:[/?#]|$)/.test(text);
  if (text.startsWith('//')) {
    candidate = `https:${text}`;
  } else if (scheme && !hostWithPort) {
    const name = scheme[1]!.toLowerCase();
    if (name !== 'http' && name !== 'https') return { ok: false, problem: 'scheme' };
    candidate = text;
  } else {
    candidate = `https://${text}`;
  }

  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: 'scheme' };
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'credentials' };
  const labels = url.hostname.split('.');
  if (labels.length < 2 || labels.some((label) => label === '') || !TOP_LEVEL_DOMAIN.test(labels.at(-1)!)) {
    return { ok: false, problem: 'invalid' };
  }
  if (url.href.length > LIMITS.url) return { ok: false, problem: 'tooLong' };
  return { ok: true, url };
}

const WEBSITE_ERRORS = {
  invalid: 'websiteInvalid',
  spaces: 'websiteSpaces',
  scheme: 'websiteScheme',
  credentials: 'websiteCredentials',
  tooLong: 'websiteTooLong',
} as const satisfies Record<UrlProblem, FormErrorKey>;

const LINK_ERRORS = {
  invalid: 'linksInvalid',
  spaces: 'linksSpaces',
  scheme: 'linksScheme',
  credentials: 'linksCredentials',
  tooLong: 'linksTooLong',
} as const satisfies Record<UrlProblem, FormErrorKey>;

/**
 * An absolute http(s) address from what people type: "example.no" becomes "https://example.no/";
 * other schemes, credentials, spaces and host names without a top-level domain are refused.
 */
export function normaliseWebsite(input: string): { ok: true; url: string } | { ok: false; error: FormErrorKey } {
  const result = normaliseUrl(input);
  return result.ok ? { ok: true, url: result.url.href } : { ok: false, error: WEBSITE_ERRORS[result.problem] };
}

function isDomainOrSubdomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function linkKind(url: URL): LinkKind {
  const host = url.hostname;
  if (isDomainOrSubdomain(host, 'facebook.com') || isDomainOrSubdomain(host, 'fb.com')) return 'facebook';
  if (isDomainOrSubdomain(host, 'instagram.com')) return 'instagram';
  return 'other';
}

/** One address a line, blank lines ignored, each normalised like a website; duplicates removed, at most 10. */
export function parseLinks(text: string): { ok: true; links: { kind: LinkKind; url: string }[] } | { ok: false; error: FormErrorKey } {
  const lines = text
    .split(/\r\n?|[\n\u0085\u2028\u2029]/)
    .map((line) => line.trim())
    .filter((line) => line.replace(CONTROL, '').trim() !== '');
  const links: { kind: LinkKind; url: string }[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    const result = normaliseUrl(line);
    if (!result.ok) return { ok: false, error: LINK_ERRORS[result.problem] };
    if (seen.has(result.url.href)) continue;
    seen.add(result.url.href);
    links.push({ kind: linkKind(result.url), url: result.url.href });
  }
  if (links.length > LIMITS.links) return { ok: false, error: 'linksTooMany' };
  return { ok: true, links };
}

// ---------------------------------------------------------------------------------------------
// Phone numbers and email addresses

function groupsOfTwo(digits: string): string {
  return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
}

/**
 * A valid phone number in one written form: Norwegian numbers as "+47 91 23 45 67", foreign
 * numbers (only when written with + or 00 and the country code) in international format.
 */
export function normalisePhone(input: string): { ok: true; phone: string } | { ok: false; error: FormErrorKey } {
  const text = cleanLine(input, Number.POSITIVE_INFINITY);
  // Digits and the usual separators only: no letters, so no "ext. 2" that would silently be lost.
  if (text === '' || text.length > 40 || !/^[0-9 ()+./-]+$/.test(text)) return { ok: false, error: 'phoneInvalid' };
  const international = /^\(?\s?(?:\+|00)/.test(text);

  const number = parsePhoneNumberFromString(text, 'NO');
  if (number?.isValid()) {
    if (number.countryCallingCode === '47') {
      // +47 is shared with Svalbard and Jan Mayen; all of them have eight-digit numbers.
      return /^[0-9]{8}$/.test(number.nationalNumber) ? { ok: true, phone: `+47 ${groupsOfTwo(number.nationalNumber)}` } : { ok: false, error: 'phoneInvalid' };
    }
    if (international) return { ok: true, phone: number.formatInternational() };
    return { ok: false, error: 'phoneCountryCode' };
  }
  if (!international) {
    // "46701234567": a valid foreign number with the + left out.
    const foreign = parsePhoneNumberFromString(`+${text.replace(/\D/g, '')}`);
    if (foreign?.isValid() && foreign.countryCallingCode !== '47') return { ok: false, error: 'phoneCountryCode' };
  }
  return { ok: false, error: 'phoneInvalid' };
}

const emailSchema = z.email();

export function normaliseEmail(input: string): { ok: true; email: string } | { ok: false; problem: 'invalid' | 'tooLong' } {
  const text = cleanLine(input, Number.POSITIVE_INFINITY);
  if (text.length > LIMITS.email) return { ok: false, problem: 'tooLong' };
  if (!emailSchema.safeParse(text).success) return { ok: false, problem: 'invalid' };
  const at = text.lastIndexOf('@');
  return { ok: true, email: `${text.slice(0, at)}@${text.slice(at + 1).toLowerCase()}` };
}

// ---------------------------------------------------------------------------------------------
// Validation

function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function validateAssociationForm(
  values: AssociationFormValues,
  ctx: {
    reference: Reference;
    currentYear: number;
    requireTerms: boolean;
    /** False for an entry without a contact person (imported, not yet claimed): moderators may leave both fields empty. */
    requireContact?: boolean;
  },
): { ok: true; data: AssociationFormData } | { ok: false; errors: AssociationFormErrors } {
  const errors: AssociationFormErrors = {};
  const { reference } = ctx;
  const line = (field: AssociationFormField) => cleanLine(asString(values[field]), Number.POSITIVE_INFINITY);

  // Plain texts: too long is an error, never a silent cut.
  const text = (field: AssociationFormField, value: string, max: number, requiredKey: FormErrorKey | null, tooLongKey: FormErrorKey): string => {
    if (value === '' && requiredKey) errors[field] = requiredKey;
    else if (value.length > max) errors[field] = tooLongKey;
    return value;
  };

  const name = text('name', line('name'), LIMITS.name, 'nameRequired', 'nameTooLong');
  const shortDescription = text('short_description', line('short_description'), LIMITS.shortDescription, 'shortDescriptionRequired', 'shortDescriptionTooLong');
  const description = text(
    'description',
    cleanMultiline(asString(values.description), Number.POSITIVE_INFINITY),
    LIMITS.description,
    null,
    'descriptionTooLong',
  );
  // A contact person is all or nothing: either field given makes both needed.
  const contactRequired = ctx.requireContact !== false || line('contact_name') !== '' || line('contact_email') !== '';
  const contactName = text('contact_name', line('contact_name'), LIMITS.contactName, contactRequired ? 'contactNameRequired' : null, 'contactNameTooLong');
  const postalAddress = text('postal_address', line('postal_address'), LIMITS.postalAddress, null, 'postalAddressTooLong');

  // Categories: 1–3 known slugs, duplicates dropped, order kept.
  const categorySlugs = [
    ...new Set(
      (Array.isArray(values.categories) ? values.categories : [])
        .map((slug) => cleanLine(asString(slug), Number.POSITIVE_INFINITY))
        .filter((slug) => slug !== ''),
    ),
  ];
  if (categorySlugs.length === 0) errors.categories = 'categoriesRequired';
  else if (categorySlugs.length > LIMITS.categories) errors.categories = 'categoriesTooMany';
  else if (categorySlugs.some((slug) => !reference.categoryBySlug.has(slug))) errors.categories = 'categoriesUnknown';

  // Municipality and place.
  const municipalityNumber = line('municipality');
  let municipalityOk = false;
  if (municipalityNumber === '') errors.municipality = 'municipalityRequired';
  else if (!/^[0-9]{4}$/.test(municipalityNumber)) errors.municipality = 'municipalityInvalid';
  else if (!reference.municipalityByNumber.has(municipalityNumber)) errors.municipality = 'municipalityUnknown';
  else municipalityOk = true;

  const placeSlug = line('place');
  if (placeSlug !== '') {
    const place = reference.placeBySlug.get(placeSlug);
    if (!place) errors.place = 'placeUnknown';
    else if (municipalityOk && place.municipality_number !== municipalityNumber) errors.place = 'placeWrongMunicipality';
  }

  // Web addresses.
  let website: string | null = null;
  if (line('website') !== '') {
    const result = normaliseWebsite(asString(values.website));
    if (result.ok) website = result.url;
    else errors.website = result.error;
  }

  let links: { kind: LinkKind; url: string }[] = [];
  const linksResult = parseLinks(asString(values.links));
  if (linksResult.ok) links = linksResult.links;
  else errors.links = linksResult.error;

  // Email addresses.
  let email: string | null = null;
  if (line('email') !== '') {
    const result = normaliseEmail(asString(values.email));
    if (result.ok) email = result.email;
    else errors.email = result.problem === 'tooLong' ? 'emailTooLong' : 'emailInvalid';
  }

  let contactEmail = '';
  if (line('contact_email') === '') {
    if (contactRequired) errors.contact_email = 'contactEmailRequired';
  } else {
    const result = normaliseEmail(asString(values.contact_email));
    if (result.ok) contactEmail = result.email;
    else errors.contact_email = result.problem === 'tooLong' ? 'contactEmailTooLong' : 'contactEmailInvalid';
  }

  // A contact form needs somewhere to send the messages.
  if (values.contact_via_form === true && email === null && !errors.email) errors.contact_via_form = 'contactViaFormNeedsEmail';

  // Phone.
  let phone: string | null = null;
  if (line('phone') !== '') {
    const result = normalisePhone(asString(values.phone));
    if (result.ok) phone = result.phone;
    else errors.phone = result.error;
  }

  // Postal code: four digits, and needed when there is a postal address.
  const postalCode = line('postal_code');
  if (postalCode !== '' && !/^[0-9]{4}$/.test(postalCode)) errors.postal_code = 'postalCodeInvalid';
  else if (postalCode === '' && postalAddress !== '') errors.postal_code = 'postalCodeRequired';

  // Organisation number: spaces allowed in what is typed, nine digits with a valid check digit.
  const orgNumber = line('org_number').replace(/\s/g, '');
  if (orgNumber !== '') {
    if (!/^[0-9]{9}$/.test(orgNumber)) errors.org_number = 'orgNumberFormat';
    else if (!isValidOrgNumber(orgNumber)) errors.org_number = 'orgNumberCheckDigit';
  }

  // Year founded.
  const yearText = line('founded_year');
  let foundedYear: number | null = null;
  if (yearText !== '') {
    if (!/^[0-9]{1,6}$/.test(yearText)) errors.founded_year = 'foundedYearInvalid';
    else {
      foundedYear = Number(yearText);
      if (foundedYear < LIMITS.firstFoundedYear || foundedYear > ctx.currentYear) errors.founded_year = 'foundedYearRange';
    }
  }

  if (ctx.requireTerms && values.accept_terms !== true) errors.accept_terms = 'acceptTermsRequired';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    data: {
      name,
      shortDescription,
      description,
      categorySlugs,
      municipalityNumber,
      placeSlug: placeSlug === '' ? null : placeSlug,
      website,
      email,
      phone,
      postalAddress: postalAddress === '' ? null : postalAddress,
      postalCode: postalCode === '' ? null : postalCode,
      orgNumber: orgNumber === '' ? null : orgNumber,
      foundedYear,
      links,
      contactViaForm: values.contact_via_form === true,
      contactName,
      contactEmail,
      publishContact: values.publish_contact === true,
    },
  };
}
