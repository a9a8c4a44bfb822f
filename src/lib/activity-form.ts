import type { ActivityInput } from '../db/activities.js';
import type { Reference } from '../db/reference.js';
import { ACTIVITY_SCHEDULE_COLUMNS, type Activity, type ActivityFrequency, type ActivityKind } from '../db/types.js';
import type { calendarTextNb } from '../i18n/calendar-text.js';
import { cleanLine, cleanMultiline, normaliseWebsite } from './association-form.js';
import { WEEKDAYS, addDays, dateList, isDate, isTime } from './recurrence.js';

// The association's form for one activity or event: reading the posted body, checking it, and
// turning it into clean data. Pure: the caller gives today's date and the association's municipality.

/** The form's fields, in the order the form shows them (and so the error summary lists them). */
export const ACTIVITY_FORM_FIELDS = [
  'kind',
  'title',
  'description',
  ...ACTIVITY_SCHEDULE_COLUMNS,
  'place',
  'address',
  'age_from',
  'age_to',
  'price_type',
  'price',
  'price_note',
  'languages',
  'signup_required',
  'signup_url',
] as const;
export type ActivityFormField = (typeof ACTIVITY_FORM_FIELDS)[number];
export type ActivityErrorKey = keyof typeof calendarTextNb.errors;
export type ActivityFormErrors = Partial<Record<ActivityFormField, ActivityErrorKey>>;

/** Languages an activity can be in; their names are in the catalogues (calendar.languageNames). */
export const ACTIVITY_LANGUAGES = ['nb', 'se', 'fkv', 'en', 'uk', 'pl', 'ar', 'so', 'ti'] as const;
export type ActivityLanguage = (typeof ACTIVITY_LANGUAGES)[number];

/** Dates more than this far ahead are refused: nobody plans a practice night three years out. */
export const MAX_YEARS_AHEAD = 2;
const MAX_LISTED_DATES = 100;
const MAX_COUNT = 500;
const MAX_PRICE = 100_000;

export const ACTIVITY_LIMITS = { title: 120, description: 2000, address: 200, priceNote: 200, signupUrl: 500 } as const;

/** What was typed, kept verbatim so the form can be shown again. */
export interface ActivityFormValues {
  kind: string;
  title: string;
  description: string;
  start_date: string;
  end_date: string;
  start_time: string;
  end_time: string;
  frequency: string;
  weekdays: string[];
  week_of_month: string;
  occurrence_count: string;
  skipped_dates: string;
  cancelled_dates: string;
  place: string;
  address: string;
  age_from: string;
  age_to: string;
  price_type: string;
  price: string;
  price_note: string;
  languages: string[];
  signup_required: boolean;
  signup_url: string;
}

export function emptyActivityForm(kind: ActivityKind = 'activity'): ActivityFormValues {
  return {
    kind,
    title: '',
    description: '',
    start_date: '',
    end_date: '',
    start_time: '',
    end_time: '',
    frequency: 'weekly',
    weekdays: [],
    week_of_month: '1',
    occurrence_count: '',
    skipped_dates: '',
    cancelled_dates: '',
    place: '',
    address: '',
    age_from: '',
    age_to: '',
    price_type: 'free',
    price: '',
    price_note: '',
    languages: ['nb'],
    signup_required: false,
    signup_url: '',
  };
}

const RAW_LIMIT = 5000;

function strings(value: unknown): string[] {
  const all = Array.isArray(value) ? value : [value];
  return all.filter((v): v is string => typeof v === 'string');
}

/** Reads Hono's `parseBody({ all: true })`; unknown fields are ignored, a repeated single field takes the first value. */
export function readActivityForm(body: Record<string, unknown>): ActivityFormValues {
  const field = (name: string) => (Object.hasOwn(body, name) ? body[name] : undefined);
  const line = (name: ActivityFormField) => cleanLine(strings(field(name))[0] ?? '', RAW_LIMIT);
  const text = (name: ActivityFormField) => cleanMultiline(strings(field(name))[0] ?? '', RAW_LIMIT);
  /** A ticked list of short codes (weekdays, languages): empty values dropped, at most `most`. */
  const codes = (name: ActivityFormField, most: number) =>
    strings(field(name))
      .map((v) => cleanLine(v, 10))
      .filter(Boolean)
      .slice(0, most);
  return {
    kind: line('kind'),
    title: line('title'),
    description: text('description'),
    start_date: line('start_date'),
    end_date: line('end_date'),
    start_time: line('start_time'),
    end_time: line('end_time'),
    frequency: line('frequency'),
    weekdays: codes('weekdays', 14),
    week_of_month: line('week_of_month'),
    occurrence_count: line('occurrence_count'),
    skipped_dates: text('skipped_dates'),
    cancelled_dates: text('cancelled_dates'),
    place: line('place'),
    address: line('address'),
    age_from: line('age_from'),
    age_to: line('age_to'),
    price_type: line('price_type'),
    price: line('price'),
    price_note: line('price_note'),
    languages: codes('languages', 20),
    signup_required: strings(field('signup_required')).some((v) => v !== ''),
    signup_url: line('signup_url'),
  };
}

/** 31.12.2026 as a date, as well as the 2026-12-31 a date picker sends. */
export function parseDate(value: string): string | null {
  const v = value.trim();
  if (isDate(v)) return v;
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isDate(iso) ? iso : null;
}

/** 19:00, 19.00 and 1900 as a time of day. */
export function parseTime(value: string): string | null {
  const m = /^(\d{1,2})[:.]?(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const time = `${m[1]!.padStart(2, '0')}:${m[2]}`;
  return isTime(time) ? time : null;
}

function wholeNumber(value: string, min: number, max: number): number | null | 'bad' {
  const v = value.trim();
  if (v === '') return null;
  if (!/^\d{1,6}$/.test(v)) return 'bad';
  const n = Number(v);
  return n >= min && n <= max ? n : 'bad';
}

/** The latest date a form may name, given today's date. */
export function latestAllowedDate(today: string): string {
  const [y, rest] = [Number(today.slice(0, 4)), today.slice(4)];
  const candidate = `${y + MAX_YEARS_AHEAD}${rest}`;
  // 29 February two years on does not exist: the day before then.
  return isDate(candidate) ? candidate : addDays(`${y + MAX_YEARS_AHEAD}${rest.replace('-02-29', '-03-01')}`, -1);
}

/** A list of dates, one or more per line or separated by commas; each must be a real date, none too far ahead. */
function parseDateList(value: string, latest: string): { ok: true; dates: string } | { ok: false; error: ActivityErrorKey } {
  const items = value.split(/[\s,;]+/).filter(Boolean);
  if (items.length > MAX_LISTED_DATES) return { ok: false, error: 'datesTooMany' };
  const dates: string[] = [];
  for (const item of items) {
    const date = parseDate(item);
    if (!date) return { ok: false, error: 'datesInvalid' };
    if (date > latest) return { ok: false, error: 'dateTooFarAhead' };
    dates.push(date);
  }
  return { ok: true, dates: [...new Set(dates)].sort().join(',') };
}

export type ActivityValidation = { ok: true; data: ActivityInput } | { ok: false; errors: ActivityFormErrors };

/**
 * Checks the form. Every problem is reported on its own field, so the form can show them all
 * at once next to what was typed.
 */
export function validateActivityForm(
  values: ActivityFormValues,
  context: { reference: Reference; municipalityNumber: string; today: string },
): ActivityValidation {
  const errors: ActivityFormErrors = {};
  const latest = latestAllowedDate(context.today);

  const kind: ActivityKind | null = values.kind === 'activity' || values.kind === 'event' ? values.kind : null;
  if (!kind) errors.kind = 'kindRequired';

  const title = cleanLine(values.title, RAW_LIMIT);
  if (title === '') errors.title = 'titleRequired';
  else if (title.length > ACTIVITY_LIMITS.title) errors.title = 'titleTooLong';
  const description = cleanMultiline(values.description, RAW_LIMIT);
  if (description.length > ACTIVITY_LIMITS.description) errors.description = 'descriptionTooLong';

  const startDate = values.start_date === '' ? null : parseDate(values.start_date);
  if (values.start_date === '') errors.start_date = 'startDateRequired';
  else if (!startDate) errors.start_date = 'dateInvalid';
  else if (startDate > latest) errors.start_date = 'dateTooFarAhead';

  let endDate: string | null = null;
  if (values.end_date !== '') {
    endDate = parseDate(values.end_date);
    if (!endDate) errors.end_date = 'dateInvalid';
    else if (endDate > latest) errors.end_date = 'dateTooFarAhead';
    else if (startDate && endDate < startDate) errors.end_date = 'endDateBeforeStart';
  }

  const startTime = parseTime(values.start_time);
  if (values.start_time === '') errors.start_time = 'startTimeRequired';
  else if (!startTime) errors.start_time = 'timeInvalid';
  const endTime = parseTime(values.end_time);
  if (values.end_time === '') errors.end_time = 'endTimeRequired';
  else if (!endTime) errors.end_time = 'timeInvalid';
  // Ending before it starts is only possible when it is over on the same day.
  const sameDay = kind === 'activity' || endDate === null || endDate === startDate;
  if (startTime && endTime && sameDay && endTime <= startTime) errors.end_time = 'endTimeBeforeStart';

  let frequency: ActivityFrequency | null = null;
  let weekdays = '';
  let weekOfMonth: number | null = null;
  let count: number | null = null;
  let skipped = '';
  if (kind === 'activity') {
    frequency = values.frequency === 'weekly' || values.frequency === 'biweekly' || values.frequency === 'monthly' ? values.frequency : null;
    if (!frequency) errors.frequency = 'frequencyRequired';
    const days = WEEKDAYS.filter((d) => values.weekdays.includes(d));
    if (values.weekdays.some((d) => !(WEEKDAYS as readonly string[]).includes(d))) errors.weekdays = 'weekdaysInvalid';
    else if (days.length === 0) errors.weekdays = 'weekdaysRequired';
    else if (frequency === 'monthly' && days.length > 1) errors.weekdays = 'weekdaysOneForMonthly';
    weekdays = days.join(',');
    if (frequency === 'monthly') {
      weekOfMonth = ['1', '2', '3', '4', '-1'].includes(values.week_of_month) ? Number(values.week_of_month) : null;
      if (weekOfMonth === null) errors.week_of_month = 'weekOfMonthInvalid';
    }
    const n = wholeNumber(values.occurrence_count, 1, MAX_COUNT);
    if (n === 'bad') errors.occurrence_count = 'countInvalid';
    else count = n;
    const list = parseDateList(values.skipped_dates, latest);
    if (list.ok) skipped = list.dates;
    else errors.skipped_dates = list.error;
  }
  let cancelled = '';
  const cancelledList = parseDateList(values.cancelled_dates, latest);
  if (cancelledList.ok) cancelled = cancelledList.dates;
  else errors.cancelled_dates = cancelledList.error;
  if (cancelledList.ok && startDate && [...dateList(cancelled)].some((d) => d < startDate || (endDate !== null && kind === 'activity' && d > endDate))) {
    errors.cancelled_dates = 'cancelledOutsideDates';
  }

  let placeId: number | null = null;
  if (values.place !== '') {
    const place = context.reference.placeBySlug.get(values.place);
    if (!place || place.municipality_number !== context.municipalityNumber) errors.place = 'placeUnknown';
    else placeId = place.id;
  }
  const address = cleanLine(values.address, RAW_LIMIT);
  if (address.length > ACTIVITY_LIMITS.address) errors.address = 'addressTooLong';

  const ageFrom = wholeNumber(values.age_from, 0, 120);
  const ageTo = wholeNumber(values.age_to, 0, 120);
  if (ageFrom === 'bad') errors.age_from = 'ageInvalid';
  if (ageTo === 'bad') errors.age_to = 'ageInvalid';
  if (typeof ageFrom === 'number' && typeof ageTo === 'number' && ageFrom > ageTo) errors.age_to = 'ageRangeUpsideDown';

  let price: number | null = null;
  if (values.price_type === 'paid') {
    // "150", "150 kr" and "kr 150" are all 150 kroner.
    const amount = values.price
      .trim()
      .replace(/^kr\.?\s*/i, '')
      .replace(/\s*(kr|,-|,00|\.00)\.?$/i, '');
    if (values.price.trim() === '') errors.price = 'priceRequired';
    else if (!/^\d{1,6}$/.test(amount)) errors.price = 'priceNotANumber';
    else if (Number(amount) > MAX_PRICE) errors.price = 'priceTooHigh';
    else price = Number(amount);
  } else if (values.price_type !== 'free') errors.price_type = 'priceTypeRequired';
  const priceNote = cleanLine(values.price_note, RAW_LIMIT);
  if (priceNote.length > ACTIVITY_LIMITS.priceNote) errors.price_note = 'priceNoteTooLong';

  const languages = ACTIVITY_LANGUAGES.filter((l) => values.languages.includes(l));
  if (values.languages.some((l) => !(ACTIVITY_LANGUAGES as readonly string[]).includes(l))) errors.languages = 'languagesInvalid';

  let signupUrl: string | null = null;
  if (values.signup_url !== '') {
    const result = values.signup_url.length > ACTIVITY_LIMITS.signupUrl ? null : normaliseWebsite(values.signup_url);
    if (result?.ok) signupUrl = result.url;
    else errors.signup_url = 'urlInvalid';
  } else if (values.signup_required) errors.signup_url = 'signupUrlRequired';

  if (Object.keys(errors).length > 0 || !kind || !startDate || !startTime || !endTime) return { ok: false, errors };
  return {
    ok: true,
    data: {
      kind,
      title,
      description,
      start_date: startDate,
      end_date: endDate === startDate && kind === 'event' ? null : endDate,
      start_time: startTime,
      end_time: endTime,
      frequency,
      weekdays,
      week_of_month: weekOfMonth,
      occurrence_count: count,
      skipped_dates: skipped,
      cancelled_dates: cancelled,
      place_id: placeId,
      address: address || null,
      age_from: typeof ageFrom === 'number' ? ageFrom : null,
      age_to: typeof ageTo === 'number' ? ageTo : null,
      price,
      price_note: priceNote,
      languages: languages.join(','),
      signup_required: values.signup_required ? 1 : 0,
      signup_url: signupUrl,
    },
  };
}

/** A stored activity as form values, for the edit form. */
export function activityFormValues(activity: Activity, reference: Reference): ActivityFormValues {
  const list = (value: string) => value.split(',').filter(Boolean).join('\n');
  return {
    kind: activity.kind,
    title: activity.title,
    description: activity.description,
    start_date: activity.start_date,
    end_date: activity.end_date ?? '',
    start_time: activity.start_time,
    end_time: activity.end_time,
    frequency: activity.frequency ?? 'weekly',
    weekdays: activity.weekdays.split(',').filter(Boolean),
    week_of_month: String(activity.week_of_month ?? 1),
    occurrence_count: activity.occurrence_count === null ? '' : String(activity.occurrence_count),
    skipped_dates: list(activity.skipped_dates),
    cancelled_dates: list(activity.cancelled_dates),
    place: activity.place_id === null ? '' : (reference.placeById.get(activity.place_id)?.slug ?? ''),
    address: activity.address ?? '',
    age_from: activity.age_from === null ? '' : String(activity.age_from),
    age_to: activity.age_to === null ? '' : String(activity.age_to),
    price_type: activity.price === null ? 'free' : 'paid',
    price: activity.price === null ? '' : String(activity.price),
    price_note: activity.price_note,
    languages: activity.languages.split(',').filter(Boolean),
    signup_required: activity.signup_required === 1,
    signup_url: activity.signup_url ?? '',
  };
}
