import type { ActivityFilter } from '../db/activities.js';
import { type Reference, categoryWithDescendants } from '../db/reference.js';
import type { Category, Municipality, Region } from '../db/types.js';
import type { CalendarMessages } from '../i18n/calendar-text.js';
import { latestAllowedDate } from './activity-form.js';
import { type ListQuery, type Notice, cleanText, parseListQuery } from './list-query.js';
import { addDays, daysBetween, isDate } from './recurrence.js';

/** Days shown when the URL names no period: today and the next 14. */
export const DEFAULT_DAYS = 14;
/** The longest period one page covers. */
export const MAX_DAYS = 92;
export const OCCURRENCES_PER_PAGE = 40;
/** How far back a feed keeps past events, so a subscriber's calendar does not lose last week; ahead it goes to latestAllowedDate (two years). */
export const FEED_DAYS_BACK = 90;

export interface CalendarNotice {
  key: keyof CalendarMessages['notices'];
  args: string[];
}

/** A /hva-skjer URL, checked; only valid parts end up in the filter, the rest in notices. */
export interface CalendarQuery {
  q: string;
  municipalities: Municipality[];
  region: Region | null;
  categories: Category[];
  from: string;
  to: string;
  /** Whether fra/til came from the URL (else the default period, which is left out of links). */
  rangeGiven: boolean;
  age: number | null;
  free: boolean;
  page: number;
  /** The list parser's notices (kommune, kategori, q, side) and ours (dates, age, region). */
  listNotices: Notice[];
  notices: CalendarNotice[];
}

function quoted(value: string): string {
  const clean = cleanText(value);
  return clean.length > 60 ? `${clean.slice(0, 57)}…` : clean;
}

/**
 * Reads /hva-skjer's parameters: kommune (repeatable), region, kategori (repeatable), fra, til
 * (YYYY-MM-DD), alder, gratis=1, q and side. Bad values never fail the request: each is left
 * out and explained.
 * @param fixed what a landing page sets itself (/kommune/1806/hva-skjer, /region/nord-troms/hva-skjer).
 */
export function parseCalendarQuery(
  params: URLSearchParams,
  reference: Reference,
  today: string,
  fixed: { municipality?: Municipality; region?: Region } = {},
): CalendarQuery {
  const list: ListQuery = parseListQuery(params, reference, fixed.municipality ? { municipality: fixed.municipality } : {});
  const notices: CalendarNotice[] = [];
  const one = (name: string) => params.getAll(name)[0]?.trim() ?? '';

  // The list's parser reads region like /lag does and explains an unknown one.
  const region: Region | null = fixed.region ?? list.region ?? null;

  const latest = latestAllowedDate(today);
  const date = (name: 'fra' | 'til') => {
    const value = one(name);
    if (value === '') return null;
    if (!isDate(value)) {
      notices.push({ key: 'badDate', args: [name, quoted(value)] });
      return null;
    }
    return value;
  };
  const givenFrom = date('fra');
  const givenTo = date('til');
  let from = givenFrom ?? today;
  let to = givenTo ?? addDays(from, DEFAULT_DAYS);
  if (to < from) {
    notices.push({ key: 'rangeUpsideDown', args: [] });
    from = today;
    to = addDays(today, DEFAULT_DAYS);
  }
  if (from > latest) {
    notices.push({ key: 'tooFarAhead', args: [] });
    from = today;
    to = addDays(today, DEFAULT_DAYS);
  } else if (to > latest) {
    notices.push({ key: 'tooFarAhead', args: [] });
    to = latest;
  }
  if (daysBetween(from, to) > MAX_DAYS) {
    notices.push({ key: 'rangeTooLong', args: [String(MAX_DAYS)] });
    to = addDays(from, MAX_DAYS);
  }

  let age: number | null = null;
  const ageText = one('alder');
  if (ageText !== '') {
    if (/^\d{1,3}$/.test(ageText) && Number(ageText) <= 120) age = Number(ageText);
    else notices.push({ key: 'badAge', args: [quoted(ageText)] });
  }

  let free = false;
  const freeText = one('gratis');
  if (freeText !== '') {
    if (freeText === '1') free = true;
    else if (freeText !== '0') notices.push({ key: 'badFree', args: [quoted(freeText)] });
  }

  return {
    q: list.q,
    municipalities: list.municipalities,
    region,
    categories: list.categories,
    from,
    to,
    rangeGiven: givenFrom !== null || givenTo !== null,
    age,
    free,
    page: list.page,
    listNotices: list.notices,
    notices,
  };
}

export function hasNotices(query: CalendarQuery): boolean {
  return query.listNotices.length > 0 || query.notices.length > 0;
}

/** The canonical URL for a query with changes applied; parameters in a fixed order. */
export function calendarUrl(query: Omit<CalendarQuery, 'listNotices' | 'notices'>, path = '/hva-skjer'): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const m of query.municipalities) params.append('kommune', m.number);
  if (query.region) params.set('region', query.region.slug);
  for (const c of query.categories) params.append('kategori', c.slug);
  if (query.rangeGiven) {
    params.set('fra', query.from);
    params.set('til', query.to);
  }
  if (query.age !== null) params.set('alder', String(query.age));
  if (query.free) params.set('gratis', '1');
  if (query.page > 1) params.set('side', String(query.page));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** What a parsed query asks the database for; kommune and region narrow each other. */
export function activityFilter(query: CalendarQuery, reference: Reference): ActivityFilter {
  let municipalityNumbers = query.municipalities.map((m) => m.number);
  if (query.region) {
    const members = reference.regionMembers.get(query.region.slug) ?? [];
    municipalityNumbers = municipalityNumbers.length > 0 ? municipalityNumbers.filter((n) => members.includes(n)) : members;
    // A kommune outside the region: nothing, rather than everything.
    if (municipalityNumbers.length === 0) municipalityNumbers = ['-'];
  }
  return {
    municipalityNumbers,
    categoryIds: [...new Set(query.categories.flatMap((c) => categoryWithDescendants(reference, c)))],
    q: query.q.toLowerCase(),
    age: query.age,
    freeOnly: query.free,
    from: query.from,
    to: query.to,
  };
}
