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

const ICAL_DESIGN = ICAL.design.getDesignSet('vcalendar');

type JCalProperty = [name: string, parameters: Record<string, string>, type: string, value: unknown];
type JCalComponent = [name: string, properties: JCalProperty[], components: JCalComponent[]];

// The events are written as jCal (RFC 7265) arrays and turned into text by ical.js's own
// stringify, escaping and folding included: building them as ICAL.Component, Property and
// Time objects cost about 0.4 ms an activity, ten times as much, most of it garbage.

/** A floating local date-time as jCal writes it: 2026-12-14T18:00:00. */
function localTime(date: string, time: string): string {
  return `${date}T${time}:00`;
}

/** An instant in UTC as jCal writes it: 2026-11-01T10:00:00Z (whole seconds). */
function utcTime(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}

/** A date-time property in Oslo time: DTSTART;TZID=Europe/Oslo:20261214T180000. */
function zoned(name: string, date: string, time: string): JCalProperty {
  return [name, { tzid: TIME_ZONE }, 'date-time', localTime(date, time)];
}

const text = (name: string, value: string): JCalProperty => [name, {}, 'text', value];
const utc = (name: string, value: string): JCalProperty => [name, {}, 'date-time', utcTime(new Date(value))];

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

function baseEvent(activity: PublicActivity, context: FeedContext, start: string): JCalProperty[] {
  const url = `${context.baseUrl}/hva-skjer/${activity.id}`;
  const end = endOf(activity, start);
  const organiser = `${activity.association_name} – ${context.baseUrl}/lag/${activity.association_slug}`;
  const location = placeText(context.reference, activity, activity.municipality_number, activity.association_place_id);
  return [
    text('uid', activityUid(activity, context.baseUrl)),
    utc('dtstamp', activity.updated_at),
    zoned('dtstart', start, activity.start_time),
    zoned('dtend', end.date, end.time),
    text('summary', activity.title),
    text('description', activity.description ? `${activity.description}\n\n${organiser}` : organiser),
    ...(location ? [text('location', location)] : []),
    ['url', {}, 'uri', url],
    ['sequence', {}, 'integer', activity.sequence],
    utc('created', activity.created_at),
    utc('last-modified', activity.updated_at),
  ];
}

/** The VEVENTs of one activity or event as jCal: the main one, and an override per cancelled date. */
function activityJCal(activity: PublicActivity, context: FeedContext): JCalComponent[] {
  const first = firstOccurrenceDate(activity);
  if (first === null) return [];
  const event = baseEvent(activity, context, first);
  const cancelled = dateList(activity.cancelled_dates);
  if (activity.kind === 'event') {
    event.push(text('status', cancelled.has(activity.start_date) ? 'CANCELLED' : 'CONFIRMED'));
    return [['vevent', event, []]];
  }
  event.push(text('status', 'CONFIRMED'));
  const data = recurrenceData(activity);
  // With a zoned DTSTART, RFC 5545 wants UNTIL in UTC: the end of the last day in Oslo.
  const until = activity.end_date ? { until: ICAL.Time.fromJSDate(zonedInstant(activity.end_date, '23:59'), true) } : {};
  event.push(['rrule', {}, 'recur', ICAL.Recur.fromData({ ...data, ...until }).toJSON()]);
  for (const date of dateList(activity.skipped_dates)) {
    if (date >= first) event.push(zoned('exdate', date, activity.start_time));
  }
  const overrides = [...cancelled]
    .filter((date) => date >= first)
    .map((date): JCalComponent => [
      'vevent',
      [...baseEvent(activity, context, date), zoned('recurrence-id', date, activity.start_time), text('status', 'CANCELLED')],
      [],
    ]);
  return [['vevent', event, []], ...overrides];
}

/** The VEVENTs of one activity or event: the main one, and an override per cancelled date. */
export function activityComponents(activity: PublicActivity, context: FeedContext): ICAL.Component[] {
  return activityJCal(activity, context).map((jcal) => new ICAL.Component(jcal));
}

/** The text of one activity's VEVENTs, each ending in CRLF. */
export function activityText(activity: PublicActivity, context: FeedContext): string {
  let out = '';
  for (const jcal of activityJCal(activity, context)) out += `${ICAL.stringify.component(jcal, ICAL_DESIGN)}\r\n`;
  return out;
}

/**
 * What comes before the events in a calendar: its properties (a feed says which period it
 * covers in X-WR-CALDESC) and VTIMEZONE for Europe/Oslo, ending in CRLF.
 */
export function calendarHead(name: string, description?: string): string {
  const head: JCalProperty[] = [
    ['version', {}, 'text', '2.0'],
    text('prodid', '-//Lagportal//Hva skjer//NB'),
    text('calscale', 'GREGORIAN'),
    text('method', 'PUBLISH'),
    ['x-wr-calname', {}, 'unknown', name],
    ['x-wr-timezone', {}, 'unknown', TIME_ZONE],
    ...(description ? [['x-wr-caldesc', {}, 'text', description] satisfies JCalProperty] : []),
  ];
  const text_ = ICAL.stringify.component(['vcalendar', head, []], ICAL_DESIGN);
  // Everything but END:VCALENDAR, then the zone.
  return `${text_.slice(0, text_.lastIndexOf('END:VCALENDAR'))}${OSLO_VTIMEZONE}\r\n`;
}

export const CALENDAR_TAIL = 'END:VCALENDAR\r\n';

/** A whole calendar: VTIMEZONE for Europe/Oslo and the activities' events, as RFC 5545 text with CRLF line ends. */
export function calendarFeed(activities: PublicActivity[], context: FeedContext, name: string): string {
  let out = calendarHead(name);
  for (const activity of activities) out += activityText(activity, context);
  return out + CALENDAR_TAIL;
}
