import ICAL from 'ical.js';
import type { PublicActivity } from '../db/activities.js';
import type { Reference } from '../db/reference.js';
import { placeText } from './activity-place.js';
import { TIME_ZONE, addDays, dateList, firstOccurrenceDate, recurrenceData, zonedInstant } from './recurrence.js';

// iCalendar (RFC 5545) feeds and single-event files, written with ical.js so that escaping and
// line folding are a kept library's, not ours. Times are written in Europe/Oslo with the zone
// defined in the file (VTIMEZONE), so a phone shows a weekly 19:00 practice at 19:00 all year;
// an activity is one VEVENT with RRULE and EXDATE, a cancelled date an override with
// STATUS:CANCELLED. Only what the public pages show goes in: never a contact person.

// ical.js folds at foldLength octets before the space that starts a continuation line; one
// less keeps every physical line, continuation lines included, within RFC 5545's 75 octets.
ICAL.foldLength = 74;

/** Europe/Oslo since 1996 (the EU rule): summer time from the last Sunday of March to the last Sunday of October. */
const OSLO_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Oslo',
  'X-LIC-LOCATION:Europe/Oslo',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

function localTime(date: string, time: string): ICAL.Time {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return ICAL.Time.fromData({ year, month, day, hour, minute, second: 0, isDate: false });
}

function utcTime(instant: Date): ICAL.Time {
  return ICAL.Time.fromJSDate(instant, true);
}

/** A date-time property in Oslo time: DTSTART;TZID=Europe/Oslo:20261214T180000. */
function zoned(name: string, date: string, time: string): ICAL.Property {
  const property = new ICAL.Property(name);
  property.setParameter('tzid', TIME_ZONE);
  property.setValue(localTime(date, time));
  return property;
}

function endOf(activity: PublicActivity, date: string): { date: string; time: string } {
  if (activity.kind === 'event' && activity.end_date && activity.end_date > activity.start_date) return { date: activity.end_date, time: activity.end_time };
  // Ending at or before its start time means it runs past midnight.
  return { date: activity.end_time <= activity.start_time ? addDays(date, 1) : date, time: activity.end_time };
}

export interface FeedContext {
  reference: Reference;
  baseUrl: string;
}

/** The stable UID of an activity: the same in every feed and file, for as long as it exists. */
export function activityUid(activity: Pick<PublicActivity, 'id'>, baseUrl: string): string {
  return `activity-${activity.id}@${new URL(baseUrl).hostname}`;
}

function baseEvent(activity: PublicActivity, context: FeedContext, start: string): ICAL.Component {
  const event = new ICAL.Component('vevent');
  const url = `${context.baseUrl}/hva-skjer/${activity.id}`;
  event.addPropertyWithValue('uid', activityUid(activity, context.baseUrl));
  event.addPropertyWithValue('dtstamp', utcTime(new Date(activity.updated_at)));
  event.addProperty(zoned('dtstart', start, activity.start_time));
  const end = endOf(activity, start);
  event.addProperty(zoned('dtend', end.date, end.time));
  event.addPropertyWithValue('summary', activity.title);
  const organiser = `${activity.association_name} – ${context.baseUrl}/lag/${activity.association_slug}`;
  event.addPropertyWithValue('description', activity.description ? `${activity.description}\n\n${organiser}` : organiser);
  const location = placeText(context.reference, activity, activity.municipality_number, activity.association_place_id);
  if (location) event.addPropertyWithValue('location', location);
  event.addPropertyWithValue('url', url);
  event.addPropertyWithValue('sequence', activity.sequence);
  event.addPropertyWithValue('created', utcTime(new Date(activity.created_at)));
  event.addPropertyWithValue('last-modified', utcTime(new Date(activity.updated_at)));
  return event;
}

/** The VEVENTs of one activity or event: the main one, and an override per cancelled date. */
export function activityComponents(activity: PublicActivity, context: FeedContext): ICAL.Component[] {
  const first = firstOccurrenceDate(activity);
  if (first === null) return [];
  const event = baseEvent(activity, context, first);
  const cancelled = dateList(activity.cancelled_dates);
  if (activity.kind === 'event') {
    event.addPropertyWithValue('status', cancelled.has(activity.start_date) ? 'CANCELLED' : 'CONFIRMED');
    return [event];
  }
  event.addPropertyWithValue('status', 'CONFIRMED');
  const data = recurrenceData(activity);
  // With a zoned DTSTART, RFC 5545 wants UNTIL in UTC: the end of the last day in Oslo.
  const until = activity.end_date ? { until: utcTime(zonedInstant(activity.end_date, '23:59')) } : {};
  event.addPropertyWithValue('rrule', ICAL.Recur.fromData({ ...data, ...until }));
  for (const date of dateList(activity.skipped_dates)) {
    if (date >= first) event.addProperty(zoned('exdate', date, activity.start_time));
  }
  const overrides = [...cancelled]
    .filter((date) => date >= first)
    .map((date) => {
      const override = baseEvent(activity, context, date);
      override.addProperty(zoned('recurrence-id', date, activity.start_time));
      override.addPropertyWithValue('status', 'CANCELLED');
      return override;
    });
  return [event, ...overrides];
}

/** A whole calendar: VTIMEZONE for Europe/Oslo and the activities' events, as RFC 5545 text with CRLF line ends. */
export function calendarFeed(activities: PublicActivity[], context: FeedContext, name: string): string {
  const calendar = new ICAL.Component('vcalendar');
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('prodid', '-//Lagportal//Hva skjer//NB');
  calendar.addPropertyWithValue('calscale', 'GREGORIAN');
  calendar.addPropertyWithValue('method', 'PUBLISH');
  calendar.addPropertyWithValue('x-wr-calname', name);
  calendar.addPropertyWithValue('x-wr-timezone', TIME_ZONE);
  calendar.addSubcomponent(new ICAL.Component(ICAL.parse(OSLO_VTIMEZONE)));
  for (const activity of activities) for (const component of activityComponents(activity, context)) calendar.addSubcomponent(component);
  return `${calendar.toString()}\r\n`;
}
