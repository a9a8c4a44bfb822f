import type { PublicActivity } from '../db/activities.js';
import type { Reference } from '../db/reference.js';
import { type Occurrence, TIME_ZONE, dateList, weekdaysOf, zonedInstant } from './recurrence.js';

const SCHEMA_DAYS: Record<string, string> = {
  MO: 'https://schema.org/Monday',
  TU: 'https://schema.org/Tuesday',
  WE: 'https://schema.org/Wednesday',
  TH: 'https://schema.org/Thursday',
  FR: 'https://schema.org/Friday',
  SA: 'https://schema.org/Saturday',
  SU: 'https://schema.org/Sunday',
};

/** An instant with Oslo's offset, as schema.org's DateTime: 2026-12-14T18:00:00+01:00. */
export function osloDateTime(date: string, time: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const offset = Math.round((Date.UTC(y, m - 1, d, hour, minute) - zonedInstant(date, time).getTime()) / 60_000);
  const sign = offset >= 0 ? '+' : '-';
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${date}T${time}:00${sign}${hh}:${mm}`;
}

/**
 * schema.org Event data for an activity's page: the next (or first) occurrence as startDate,
 * and for a recurring activity its rule as an eventSchedule. The organiser is the association,
 * never a person.
 */
export function eventJsonLd(a: PublicActivity, next: Occurrence | undefined, reference: Reference, baseUrl: string): Record<string, unknown> {
  const municipality = reference.municipalityByNumber.get(a.municipality_number);
  const placeId = a.place_id ?? (a.address ? null : a.association_place_id);
  const place = placeId === null ? undefined : reference.placeById.get(placeId);
  const start = next ?? { date: a.start_date, startTime: a.start_time, endDate: a.end_date ?? a.start_date, endTime: a.end_time, cancelled: false };
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Event',
    '@id': `${baseUrl}/hva-skjer/${a.id}#event`,
    name: a.title,
    url: `${baseUrl}/hva-skjer/${a.id}`,
    startDate: osloDateTime(start.date, start.startTime),
    endDate: osloDateTime(start.endDate, start.endTime),
    eventStatus: start.cancelled ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    location: {
      '@type': 'Place',
      name: a.address ?? place?.name ?? municipality?.name ?? '',
      address: {
        '@type': 'PostalAddress',
        ...(a.address ? { streetAddress: a.address } : {}),
        addressLocality: place?.name ?? municipality?.name ?? '',
        ...(municipality ? { addressRegion: municipality.county_name } : {}),
        addressCountry: 'NO',
      },
    },
    organizer: { '@type': 'Organization', name: a.association_name, url: `${baseUrl}/lag/${a.association_slug}` },
    // An imported event's price is unknown (a calendar does not say): neither free nor priced.
    ...(a.import_source && a.price === null
      ? {}
      : {
          isAccessibleForFree: a.price === null,
          offers: {
            '@type': 'Offer',
            price: a.price ?? 0,
            priceCurrency: 'NOK',
            url: a.signup_url ?? `${baseUrl}/hva-skjer/${a.id}`,
            ...(a.price_note ? { description: a.price_note } : {}),
          },
        }),
  };
  if (a.description) data.description = a.description;
  if (a.age_from !== null || a.age_to !== null) data.typicalAgeRange = `${a.age_from ?? 0}-${a.age_to ?? ''}`;
  const languages = a.languages.split(',').filter(Boolean);
  if (languages.length > 0) data.inLanguage = languages;
  if (a.kind === 'activity') {
    const days = weekdaysOf(a);
    const skipped = [...dateList(a.skipped_dates)];
    data.eventSchedule = {
      '@type': 'Schedule',
      repeatFrequency: a.frequency === 'monthly' ? 'P1M' : a.frequency === 'biweekly' ? 'P2W' : 'P1W',
      byDay: days.map((d) => SCHEMA_DAYS[d]),
      ...(a.frequency === 'monthly' ? { byMonthWeek: a.week_of_month ?? 1 } : {}),
      startDate: a.start_date,
      ...(a.end_date ? { endDate: a.end_date } : {}),
      ...(a.occurrence_count ? { repeatCount: a.occurrence_count } : {}),
      startTime: `${a.start_time}:00`,
      endTime: `${a.end_time}:00`,
      scheduleTimezone: TIME_ZONE,
      ...(skipped.length > 0 ? { exceptDate: skipped } : {}),
    };
  }
  return data;
}
