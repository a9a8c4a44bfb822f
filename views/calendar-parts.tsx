import type { Activity } from '../src/db/types.js';
import type { Translator } from '../src/i18n/index.js';
import { weekdaysOf } from '../src/lib/recurrence.js';
export { placeText } from '../src/lib/activity-place.js';

// Small pieces that several calendar views share: how dates, schedules, prices and ages read.

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const longFormats = new Map<string, Intl.DateTimeFormat>();

function format(cache: Map<string, Intl.DateTimeFormat>, locale: string, options: Intl.DateTimeFormatOptions) {
  let f = cache.get(locale);
  if (!f) cache.set(locale, (f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' })));
  return f;
}

function utcDate(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** Day names already written, per locale: a page names the same few days on every request. */
const dayNames = new Map<string, Map<string, string>>();

/** "tirsdag 14. desember" / "Tuesday 14 December": a local date as a day heading. */
export function dayName(tr: Translator, date: string): string {
  let names = dayNames.get(tr.t.locale);
  if (!names) dayNames.set(tr.t.locale, (names = new Map()));
  let name = names.get(date);
  if (name === undefined) {
    if (names.size >= 2000) names.clear();
    name = format(dayFormats, tr.t.locale, { weekday: 'long', day: 'numeric', month: 'long' }).format(utcDate(date));
    names.set(date, name);
  }
  return name;
}

/** "14. desember 2026" / "14 December 2026". */
export function longDate(tr: Translator, date: string): string {
  return format(longFormats, tr.t.locale, { day: 'numeric', month: 'long', year: 'numeric' }).format(utcDate(date));
}

/** When an activity or event happens, in words: "Tirsdager kl. 19:00–21:00, fra 6. januar 2026". */
export function scheduleText(tr: Translator, activity: Activity): string {
  const t = tr.t.calendar;
  const times = t.scheduleTimes(activity.start_time, activity.end_time);
  if (activity.kind === 'event') {
    const days =
      activity.end_date && activity.end_date > activity.start_date
        ? t.eventDays(longDate(tr, activity.start_date), longDate(tr, activity.end_date))
        : longDate(tr, activity.start_date);
    return `${days}, ${times}`;
  }
  const days = weekdaysOf(activity);
  const rule =
    activity.frequency === 'monthly'
      ? t.scheduleMonthly(activity.week_of_month ?? 1, days[0] ?? '')
      : activity.frequency === 'biweekly'
        ? t.scheduleBiweekly(days)
        : t.scheduleWeekly(days);
  const range = [t.scheduleFrom(longDate(tr, activity.start_date)), activity.end_date ? t.scheduleUntil(longDate(tr, activity.end_date)) : null]
    .filter(Boolean)
    .join(' ');
  return `${rule} ${times}, ${range}`;
}

export function priceText(tr: Translator, activity: Pick<Activity, 'price' | 'price_note'> & { import_source?: Activity['import_source'] }): string {
  const t = tr.t.calendar;
  // Imported from the association's own calendar, which does not say: not "free".
  if (activity.import_source && activity.price === null && !activity.price_note) return tr.t.calendarImport.priceUnknown;
  const base = activity.price === null ? t.free : t.price(tr.number(activity.price));
  return activity.price_note ? `${base} (${activity.price_note})` : base;
}

export function ageText(tr: Translator, activity: Pick<Activity, 'age_from' | 'age_to'>): string {
  return tr.t.calendar.ages(activity.age_from, activity.age_to);
}

export function languagesText(tr: Translator, activity: Pick<Activity, 'languages'>): string {
  return activity.languages
    .split(',')
    .filter(Boolean)
    .map((code) => tr.t.calendar.languageNames[code] ?? code)
    .join(', ');
}
