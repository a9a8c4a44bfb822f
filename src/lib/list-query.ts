import type { AssociationFilter } from '../db/associations.js';
import { type Reference, categoryWithDescendants } from '../db/reference.js';
import { queryWords, searchWords } from './search-words.js';
import type { Category, Municipality, Place, Region } from '../db/types.js';
import type { Messages } from '../i18n/nb.js';

export const PAGE_SIZE = 25;
export const MAX_QUERY_LENGTH = 200;
export const MAX_VALUES_PER_FILTER = 20;
/** Deeper pages than this are refused: nobody reads page 4,000, and huge offsets are slow. */
export const MAX_PAGE = 4000;

type NoticeKey = {
  [K in keyof Messages]: K extends `notice${string}` ? (K extends 'noticeHeading' ? never : K) : never;
}[keyof Messages];

/** Something in the URL that could not be used; shown to the visitor, never silently dropped. */
export interface Notice {
  key: NoticeKey;
  args: string[];
}

/** A /lag URL, checked against the reference data. Only valid parts end up in the filter. */
export interface ListQuery {
  /** The search text as accepted (trimmed, control characters removed); '' when none. */
  q: string;
  municipalities: Municipality[];
  /** A region (`region`): the list holds its member municipalities, narrowed by `kommune` if given. */
  region: Region | null;
  categories: Category[];
  place: Place | null;
  page: number;
  notices: Notice[];
  /**
   * A municipality the search text names ("kor lyngen"), used as the municipality filter
   * would be; only when no municipality or place is chosen and other words remain.
   */
  within: SearchWithin | null;
}

/** Where a search is narrowed to because its text names the municipality. */
export interface SearchWithin {
  /** Usually one; two where municipalities share a name (Herøy). */
  municipalities: Municipality[];
  /** The rest of the search (folded words), what is searched for there. */
  words: string;
  /** The same words as typed, for the page to say what it searched for. */
  shown: string;
}

const MAX_NAME_WORDS = 3;
const municipalityNames = new WeakMap<Municipality[], Map<string, Municipality[]>>();

/** Municipalities by their folded name, per reference-data load. */
function namesOf(reference: Reference): Map<string, Municipality[]> {
  let names = municipalityNames.get(reference.municipalities);
  if (!names) {
    names = new Map();
    for (const m of reference.municipalities) {
      const key = searchWords(m.name).join(' ');
      // Names of one or two letters (Ås, Bø) are too often something else in a search.
      if (key.replaceAll(' ', '').length < 3) continue;
      names.set(key, [...(names.get(key) ?? []), m]);
    }
    municipalityNames.set(reference.municipalities, names);
  }
  return names;
}

/**
 * The municipality named in a search, longest name first. Place names are left in the text:
 * many entries (those imported from Enhetsregisteret) have no place, and the text already
 * finds a place's name in the name or in the place field.
 */
export function searchWithin(q: string, reference: Reference): SearchWithin | null {
  const words = searchWords(q);
  if (words.length < 2) return null;
  // Folding keeps the boundaries between words, so the typed words line up with the folded ones.
  const typed = q
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  const as = typed.length === words.length ? typed : words;
  const names = namesOf(reference);
  for (let length = Math.min(MAX_NAME_WORDS, words.length - 1); length >= 1; length--) {
    for (let start = 0; start + length <= words.length; start++) {
      const municipalities = names.get(words.slice(start, start + length).join(' '));
      const rest = <T>(list: T[]) => [...list.slice(0, start), ...list.slice(start + length)].join(' ');
      if (municipalities) return { municipalities, words: rest(words), shown: rest(as) };
    }
  }
  return null;
}

// C0/C1 control characters and the Unicode line/paragraph separators: never meaningful in a search.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Trims text and replaces control characters with spaces. */
export function cleanText(text: string): string {
  return text.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
}

function single(params: URLSearchParams, name: string, notices: Notice[]): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) notices.push({ key: 'noticeDuplicateParameter', args: [name] });
  return values[0];
}

function many(params: URLSearchParams, name: string, notices: Notice[]): string[] {
  const values = [
    ...new Set(
      params
        .getAll(name)
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    ),
  ];
  if (values.length > MAX_VALUES_PER_FILTER) {
    notices.push({ key: 'noticeTooManyValues', args: [name, String(MAX_VALUES_PER_FILTER)] });
    return values.slice(0, MAX_VALUES_PER_FILTER);
  }
  return values;
}

/** Shortens what we echo back in a notice, so a hostile 5,000-character value stays readable. */
function quoted(value: string): string {
  const clean = cleanText(value);
  return clean.length > 60 ? `${clean.slice(0, 57)}…` : clean;
}

/**
 * Reads the list's query parameters (q, kommune, kategori, sted, side). Bad values never
 * fail the request: each is left out and explained by a notice.
 * @param fixed filters a landing page sets itself (/kommune/1806, /kategori/idrett).
 */
export function parseListQuery(
  params: URLSearchParams,
  reference: Reference,
  fixed: { municipality?: Municipality; category?: Category; region?: Region } = {},
): ListQuery {
  const notices: Notice[] = [];

  let region: Region | null = fixed.region ?? null;
  const regionSlug = single(params, 'region', notices)?.trim();
  if (regionSlug) {
    const named = reference.regions.find((r) => r.slug === regionSlug);
    if (!named) notices.push({ key: 'noticeUnknownRegion', args: [quoted(regionSlug)] });
    // A region page's own region is in its path; a second one would be a second filter.
    else if (region && named !== region) notices.push({ key: 'noticeDuplicateParameter', args: ['region'] });
    else region = named;
  }

  let q = cleanText(single(params, 'q', notices) ?? '');
  if (q.length > MAX_QUERY_LENGTH) {
    notices.push({ key: 'noticeQueryTooLong', args: [String(MAX_QUERY_LENGTH)] });
    q = '';
  }

  const municipalities: Municipality[] = fixed.municipality ? [fixed.municipality] : [];
  for (const value of many(params, 'kommune', notices)) {
    if (!/^\d{4}$/.test(value)) {
      notices.push({ key: 'noticeBadMunicipality', args: [quoted(value)] });
      continue;
    }
    const municipality = reference.municipalityByNumber.get(value);
    if (!municipality) notices.push({ key: 'noticeUnknownMunicipality', args: [value] });
    else if (region && !(reference.regionMembers.get(region.slug) ?? []).includes(municipality.number)) {
      // Within a region a municipality narrows the list; one outside it would empty it.
      notices.push({ key: 'noticeMunicipalityOutsideRegion', args: [municipality.display_name, region.name_nb, region.name_en] });
    } else if (!municipalities.includes(municipality)) municipalities.push(municipality);
  }

  const categories: Category[] = fixed.category ? [fixed.category] : [];
  for (const value of many(params, 'kategori', notices)) {
    const category = reference.categoryBySlug.get(value);
    if (!category) notices.push({ key: 'noticeUnknownCategory', args: [quoted(value)] });
    else if (!categories.includes(category)) categories.push(category);
  }

  let place: Place | null = null;
  const placeSlug = single(params, 'sted', notices)?.trim();
  if (placeSlug) {
    place = reference.placeBySlug.get(placeSlug) ?? null;
    if (!place) notices.push({ key: 'noticeUnknownPlace', args: [quoted(placeSlug)] });
  }

  let page = 1;
  const pageText = single(params, 'side', notices)?.trim();
  if (pageText !== undefined && pageText !== '') {
    const n = /^\d{1,6}$/.test(pageText) ? Number(pageText) : NaN;
    if (Number.isInteger(n) && n >= 1 && n <= MAX_PAGE) page = n;
    else notices.push({ key: 'noticeBadPage', args: [quoted(pageText)] });
  }

  // A municipality named in the search acts as the filter, unless the URL already narrows the place.
  const within = q && municipalities.length === 0 && place === null && region === null ? searchWithin(q, reference) : null;
  return { q, municipalities, region, categories, place, page, notices, within };
}

/**
 * The canonical /lag URL for a query, with changes applied; parameters in a fixed order so
 * that equal lists share one URL (and one cache entry).
 */
export function listUrl(
  query: Pick<ListQuery, 'q' | 'municipalities' | 'categories' | 'place'> & { region?: Region | null; page?: number },
  path = '/lag',
): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.region) params.set('region', query.region.slug);
  for (const m of query.municipalities) params.append('kommune', m.number);
  for (const c of query.categories) params.append('kategori', c.slug);
  if (query.place) params.set('sted', query.place.slug);
  if (query.page && query.page > 1) params.set('side', String(query.page));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** What a parsed list query asks the registry for: the same for the list, the embed, the exports and the API. */
export function associationFilter(query: ListQuery, reference: Reference): AssociationFilter {
  const { within } = query;
  return {
    match: queryWords(within ? within.words : query.q),
    municipalityNumbers: within ? within.municipalities.map((m) => m.number) : municipalityNumbersOf(query, reference),
    categoryIds: [...new Set(query.categories.flatMap((cat) => categoryWithDescendants(reference, cat)))],
    placeId: query.place?.id ?? null,
  };
}

/** The municipalities a query keeps to: those named, else the region's members, else none (all). */
function municipalityNumbersOf(query: ListQuery, reference: Reference): string[] {
  if (query.municipalities.length > 0 || !query.region) return query.municipalities.map((m) => m.number);
  const members = reference.regionMembers.get(query.region.slug) ?? [];
  // An empty list means "every municipality" to the filter; a region without members has none.
  return members.length > 0 ? members : [NO_MUNICIPALITY];
}

/** Matches no municipality: kommunenummer are four digits. */
const NO_MUNICIPALITY = '-';
