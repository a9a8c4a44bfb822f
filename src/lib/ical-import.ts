import ICAL from 'ical.js';
import { ACTIVITY_LIMITS } from './activity-form.js';
import { cleanLine, cleanMultiline } from './association-form.js';
import { TIME_ZONE, addDays, isDate, isTime } from './recurrence.js';
import type { Activity } from '../db/types.js';

// Reading an association's own calendar (an .ics file it uploads, or its public iCalendar
// address) into events: RFC 5545 parsed by ical.js, every occurrence in a bounded window
// turned into Oslo wall-clock dates and times as the activities table keeps them. The input
// is hostile until proven otherwise: a size limit, strict UTF-8, a line check before the
// parser, a cap on components, on iterator steps and on occurrences, no sub-daily rules, and
// time zones only from the IANA database or the file's own VTIMEZONE. Any broken event fails
// the whole import with a code and a detail (the event's title, the line), so nothing is
// half-imported. Pure and synchronous: it runs in the off-loop worker (src/lib/off-loop-jobs.ts).

/** Files and feeds larger than this are refused. */
export const MAX_ICS_BYTES = 2 * 1024 * 1024;
/** VEVENTs a calendar may hold at all (past ones included). */
export const MAX_VEVENTS = 20_000;
/** Occurrences start at most this many days after today. */
export const IMPORT_DAYS_AHEAD = 365;
/** Iterator steps for one recurring event, and for the whole calendar. */
const MAX_STEPS_PER_EVENT = 20_000;
const MAX_STEPS = 200_000;
/** Longest line accepted (a folded line unfolds to this at most). */
const MAX_LINE_CHARS = 64 * 1024;
/** An event given without an end lasts this long. */
const DEFAULT_MINUTES = 60;

/** Why an import fails; each has a message in the catalogues (calendarImport.errors). */
export const IMPORT_ERRORS = [
  'too-large',
  'empty',
  'encoding',
  'not-calendar',
  'malformed-line',
  'malformed',
  'too-many-components',
  'missing-start',
  'missing-summary',
  'bad-date',
  'end-before-start',
  'unknown-timezone',
  'frequency-too-fine',
  'recurrence-too-long',
  'too-many-events',
  /** Only from the caller: the worker did not finish reading in time. */
  'too-slow',
] as const;
export type ImportErrorCode = (typeof IMPORT_ERRORS)[number];

/**
 * One occurrence as an event row: the activity columns it fills, as the activities table
 * keeps them (local Oslo dates YYYY-MM-DD and times HH:MM; end_date only when the last day is
 * not the first).
 */
export interface ImportedEvent extends Pick<Activity, 'title' | 'description' | 'start_date' | 'end_date' | 'start_time' | 'end_time' | 'address'> {
  /** Stable across imports: the UID and the occurrence's original start. */
  key: string;
  cancelled: boolean;
}

export type ParseResult = { ok: true; events: ImportedEvent[] } | { ok: false; error: ImportErrorCode; detail: string | null };

export interface ParseOptions {
  /** Today in Oslo (YYYY-MM-DD): occurrences that ended before it are left out. */
  today: string;
  /** At most this many occurrences may come out; more fails with 'too-many-events'. */
  maxEvents: number;
}

class ImportFailure extends Error {
  constructor(
    readonly code: ImportErrorCode,
    readonly detail: string | null = null,
  ) {
    super(code);
  }
}

/** Bytes to text: UTF-8 only (RFC 5545's charset), a byte order mark allowed. */
function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ImportFailure('encoding');
  }
}

const DATE_PROPERTIES = new Set(['DTSTART', 'DTEND', 'RECURRENCE-ID', 'EXDATE']);

/** An RFC 5545 DATE or DATE-TIME value that names a real day and time. */
function isDateValue(value: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(value.trim());
  if (!m) return false;
  if (!isDate(`${m[1]}-${m[2]}-${m[3]}`)) return false;
  return m[4] === undefined || (Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6]) <= 60);
}

/**
 * Checks every content line before ical.js sees it, so the message can name the line: a
 * "name:value" or "name;param=…:value" line after unfolding, nothing else.
 */
function checkLines(text: string): void {
  const lines = text.split(/\r?\n/);
  let logical = '';
  let logicalStart = 0;
  const check = () => {
    if (logical === '') return;
    if (logical.length > MAX_LINE_CHARS || !/^[A-Za-z0-9-]+[;:]/.test(logical)) {
      throw new ImportFailure('malformed-line', `${logicalStart}: ${cleanLine(logical, 80)}`);
    }
    // ical.js would roll 20261301 over into January: a date that does not exist is refused here.
    const name = /^([A-Za-z-]+)/.exec(logical)![1]!.toUpperCase();
    if (DATE_PROPERTIES.has(name)) {
      const value = logical.slice(logical.lastIndexOf(':') + 1);
      if (!value.split(',').every(isDateValue)) throw new ImportFailure('bad-date', `${logicalStart}: ${cleanLine(logical, 80)}`);
    }
  };
  lines.forEach((line, index) => {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      logical += line.slice(1);
      return;
    }
    check();
    logical = line;
    logicalStart = index + 1;
  });
  check();
}

const two = (n: number) => String(n).padStart(2, '0');
const wallDate = (t: ICAL.Time) => `${String(t.year).padStart(4, '0')}-${two(t.month)}-${two(t.day)}`;
const wallTime = (t: ICAL.Time) => `${two(t.hour)}:${two(t.minute)}`;

/** An instant as Oslo's wall clock shows it. */
function inOslo(instant: number): { date: string; time: string } {
  const f = wallClockAt(ianaFormat(TIME_ZONE)!, instant);
  return { date: `${f.year}-${two(f.month!)}-${two(f.day!)}`, time: `${two(f.hour!)}:${two(f.minute!)}` };
}

/** The wall clock a zone's formatter (ianaFormat) shows at an instant, field by field. */
function wallClockAt(format: Intl.DateTimeFormat, instant: number): Record<string, number> {
  const f: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(instant))) if (part.type !== 'literal') f[part.type] = Number(part.value);
  return f;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();
/** Intl's formatter for an IANA zone name, or null when Intl does not know the name. */
function ianaFormat(tzid: string): Intl.DateTimeFormat | null {
  if (!zoneFormats.has(tzid)) {
    let format: Intl.DateTimeFormat | null = null;
    try {
      format = new Intl.DateTimeFormat('en-CA', {
        timeZone: tzid,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        hourCycle: 'h23',
      });
    } catch {
      format = null;
    }
    zoneFormats.set(tzid, format);
  }
  return zoneFormats.get(tzid)!;
}

/** The instant at which a zone's clocks show a wall time, by Intl: two rounds of offset correction. */
function ianaInstant(format: Intl.DateTimeFormat, wall: number): number {
  const offsetAt = (instant: number) => {
    const f = wallClockAt(format, instant);
    return Date.UTC(f.year!, f.month! - 1, f.day!, f.hour!, f.minute!, f.second!) - instant;
  };
  const first = wall - offsetAt(wall);
  return wall - offsetAt(first);
}

/** How a DTSTART's wall times become instants: its zone, found once per event. */
type Zone = { kind: 'utc' } | { kind: 'oslo' } | { kind: 'iana'; format: Intl.DateTimeFormat } | { kind: 'vtimezone'; zone: ICAL.Timezone };

function zoneOf(property: ICAL.Property, value: ICAL.Time, vtimezones: Map<string, ICAL.Timezone>, title: string): Zone {
  if (value.isDate) return { kind: 'oslo' };
  if (value.zone === ICAL.Timezone.utcTimezone) return { kind: 'utc' };
  const tzid = property.getParameter('tzid');
  // A floating time (no zone) is read as the association's own clock: Norwegian time.
  if (typeof tzid !== 'string' || tzid === '') return { kind: 'oslo' };
  if (tzid === TIME_ZONE) return { kind: 'oslo' };
  const own = vtimezones.get(tzid);
  if (own) return { kind: 'vtimezone', zone: own };
  const format = ianaFormat(tzid);
  if (format) return { kind: 'iana', format };
  throw new ImportFailure('unknown-timezone', `${cleanLine(tzid, 60)} (${title})`);
}

/** A wall time in a zone, as Oslo's date and time. */
function toOslo(time: ICAL.Time, zone: Zone): { date: string; time: string } {
  if (zone.kind === 'oslo') return { date: wallDate(time), time: wallTime(time) };
  const wall = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  if (zone.kind === 'utc') return inOslo(wall);
  if (zone.kind === 'iana') return inOslo(ianaInstant(zone.format, wall));
  return inOslo(wall - zone.zone.utcOffset(time) * 1000);
}

function text(component: ICAL.Component, name: string): string {
  const value = component.getFirstPropertyValue(name);
  return value === null || value === undefined ? '' : String(value);
}

const SUB_DAILY = new Set(['SECONDLY', 'MINUTELY', 'HOURLY']);

interface Series {
  master: ICAL.Component | null;
  exceptions: ICAL.Component[];
}

/** Reads an uploaded file or fetched feed; never throws. */
export function parseCalendar(bytes: Uint8Array, options: ParseOptions): ParseResult {
  try {
    return { ok: true, events: readCalendar(bytes, options) };
  } catch (error) {
    if (error instanceof ImportFailure) return { ok: false, error: error.code, detail: error.detail };
    // ical.js's own complaints (a value it cannot read): malformed, with its words as the detail.
    return { ok: false, error: 'malformed', detail: cleanLine(error instanceof Error ? error.message : String(error), 200) };
  }
}

function readCalendar(bytes: Uint8Array, options: ParseOptions): ImportedEvent[] {
  if (bytes.byteLength > MAX_ICS_BYTES) throw new ImportFailure('too-large');
  const source = decode(bytes).replace(/^\uFEFF/, '');
  if (source.trim() === '') throw new ImportFailure('empty');
  if (!/^\s*BEGIN:VCALENDAR\r?\n/i.test(source)) throw new ImportFailure('not-calendar');
  checkLines(source.trim());
  const parsed = ICAL.parse(source.trim());
  // Two calendars in one file is not what any calendar program writes.
  if (Array.isArray(parsed[0])) throw new ImportFailure('not-calendar');
  const calendar = new ICAL.Component(parsed);
  if (calendar.name !== 'vcalendar') throw new ImportFailure('not-calendar');

  const vtimezones = new Map<string, ICAL.Timezone>();
  for (const component of calendar.getAllSubcomponents('vtimezone')) {
    const tzid = text(component, 'tzid');
    if (tzid) vtimezones.set(tzid, new ICAL.Timezone({ component, tzid }));
  }
  const vevents = calendar.getAllSubcomponents('vevent');
  if (vevents.length > MAX_VEVENTS) throw new ImportFailure('too-many-components', String(vevents.length));

  // Group by UID: the master (no RECURRENCE-ID) and its changed or cancelled occurrences.
  const series = new Map<string, Series>();
  vevents.forEach((vevent, index) => {
    const title = cleanLine(text(vevent, 'summary'), ACTIVITY_LIMITS.title);
    if (!vevent.hasProperty('dtstart')) throw new ImportFailure('missing-start', title || `#${index + 1}`);
    if (!title) throw new ImportFailure('missing-summary', `#${index + 1}`);
    const uid = text(vevent, 'uid') || `no-uid-${text(vevent, 'dtstart')}-${title}`;
    const entry = series.get(uid) ?? { master: null, exceptions: [] };
    if (vevent.hasProperty('recurrence-id')) entry.exceptions.push(vevent);
    else entry.master = vevent;
    series.set(uid, entry);
  });

  const horizon = addDays(options.today, IMPORT_DAYS_AHEAD);
  const events: ImportedEvent[] = [];
  let steps = 0;
  const add = (event: ImportedEvent) => {
    if (events.length >= options.maxEvents) throw new ImportFailure('too-many-events', String(options.maxEvents));
    events.push(event);
  };

  for (const [uid, { master, exceptions }] of series) {
    // An exception whose master is not in the file (some exports do that) stands alone.
    const standalone = master === null ? exceptions : [];
    for (const component of standalone) {
      const occurrence = occurrenceOf(component, component, vtimezones, uid);
      if (occurrence && occurrence.end >= options.today && occurrence.event.start_date <= horizon && !isPrivate(component)) add(occurrence.event);
    }
    if (master === null || isPrivate(master)) continue;
    const event = new ICAL.Event(master);
    const rrule = master.getFirstPropertyValue('rrule');
    if (!event.isRecurring()) {
      const single = occurrenceOf(master, master, vtimezones, uid);
      if (single && single.end >= options.today && single.event.start_date <= horizon) add(single.event);
      continue;
    }
    const title = text(master, 'summary');
    if (rrule instanceof ICAL.Recur && SUB_DAILY.has(rrule.freq)) throw new ImportFailure('frequency-too-fine', cleanLine(title, 80));
    for (const exception of exceptions) event.relateException(exception);
    const iterator = event.iterator();
    for (let own = 0; ; own++) {
      if (own >= MAX_STEPS_PER_EVENT || ++steps > MAX_STEPS) throw new ImportFailure('recurrence-too-long', cleanLine(title, 80));
      const next = iterator.next();
      if (!next) break;
      const details = event.getOccurrenceDetails(next);
      const item = details.item.component;
      if (isPrivate(item)) continue;
      const occurrence = occurrenceOf(item, master, vtimezones, uid, { start: details.startDate, end: details.endDate, recurrenceId: details.recurrenceId });
      if (!occurrence) continue;
      // Occurrences come in order of their original start: past the horizon, the rest are too.
      if (wallDate(details.recurrenceId) > addDays(horizon, 1) && occurrence.event.start_date > horizon) break;
      if (occurrence.end >= options.today && occurrence.event.start_date <= horizon) add(occurrence.event);
    }
  }
  return events.sort((a, b) => a.start_date.localeCompare(b.start_date) || a.start_time.localeCompare(b.start_time) || a.key.localeCompare(b.key));
}

/** CLASS:PRIVATE and CONFIDENTIAL events are the association's own business, never published. */
function isPrivate(component: ICAL.Component): boolean {
  const klass = text(component, 'class').toUpperCase();
  return klass === 'PRIVATE' || klass === 'CONFIDENTIAL';
}

/**
 * One occurrence of `component` (the master, or the exception that replaces it), as an event
 * row; `times` from the iterator for a recurring one. Null only for nothing to show.
 */
function occurrenceOf(
  component: ICAL.Component,
  master: ICAL.Component,
  vtimezones: Map<string, ICAL.Timezone>,
  uid: string,
  times?: { start: ICAL.Time; end: ICAL.Time; recurrenceId: ICAL.Time },
): { event: ImportedEvent; end: string } | null {
  const title = cleanLine(text(component, 'summary') || text(master, 'summary'), ACTIVITY_LIMITS.title);
  if (!title) throw new ImportFailure('missing-summary', uid);
  const startProperty = component.getFirstProperty('dtstart');
  if (!startProperty) throw new ImportFailure('missing-start', title);
  const start = times?.start ?? (startProperty.getFirstValue() as ICAL.Time);
  if (!(start instanceof ICAL.Time)) throw new ImportFailure('bad-date', title);
  const zone = zoneOf(startProperty, start, vtimezones, title);
  const end = times?.end ?? endOf(component, start, title);
  if (end.compare(start) < 0) throw new ImportFailure('end-before-start', title);
  const from = toOslo(start, zone);
  let to: { date: string; time: string };
  if (start.isDate) {
    // An all-day event's DTEND is the day after its last day.
    const lastDay = end.compare(start) > 0 ? addDays(wallDate(end), -1) : wallDate(start);
    to = { date: lastDay < from.date ? from.date : lastDay, time: '23:59' };
    from.time = '00:00';
  } else {
    // The end in the start's zone unless it names its own (DTEND;TZID=…).
    const endProperty = component.getFirstProperty('dtend');
    const endZone = endProperty && !times ? zoneOf(endProperty, end, vtimezones, title) : zone;
    to = toOslo(end, endZone);
  }
  if (!isDate(from.date) || !isDate(to.date) || !isTime(from.time) || !isTime(to.time) || from.date < '1900-01-01' || to.date > '2199-12-31') {
    throw new ImportFailure('bad-date', title);
  }
  const recurrenceId = times?.recurrenceId ?? (component.getFirstPropertyValue('recurrence-id') as ICAL.Time | null);
  const keyTime = recurrenceId instanceof ICAL.Time ? recurrenceId.toICALString() : start.toICALString();
  const status = text(component, 'status').toUpperCase();
  const location = cleanLine(text(component, 'location'), ACTIVITY_LIMITS.address);
  // A timed event that ends when it starts gets the default length: an end time equal to the
  // start time would read as running until the same time the next day.
  let endDate = to.date;
  let endTime = to.time;
  if (!start.isDate && endDate === from.date && endTime <= from.time) {
    const minutes = Number(from.time.slice(0, 2)) * 60 + Number(from.time.slice(3)) + DEFAULT_MINUTES;
    endDate = minutes < 24 * 60 ? from.date : addDays(from.date, 1);
    endTime = `${two(Math.floor(minutes / 60) % 24)}:${two(minutes % 60)}`;
  }
  return {
    event: {
      key: `${cleanLine(uid, 300)}/${keyTime}`,
      title,
      description: cleanMultiline(text(component, 'description'), ACTIVITY_LIMITS.description),
      start_date: from.date,
      end_date: endDate > from.date ? endDate : null,
      start_time: from.time,
      end_time: endTime,
      address: location || null,
      cancelled: status === 'CANCELLED',
    },
    end: endDate,
  };
}

/** DTEND, or DTSTART plus DURATION, or the default length (a day for an all-day event). */
function endOf(component: ICAL.Component, start: ICAL.Time, title: string): ICAL.Time {
  const dtend = component.getFirstPropertyValue('dtend');
  if (dtend instanceof ICAL.Time) return dtend;
  if (dtend !== null && dtend !== undefined) throw new ImportFailure('bad-date', title);
  const duration = component.getFirstPropertyValue('duration');
  const end = start.clone();
  if (duration instanceof ICAL.Duration) {
    end.addDuration(duration);
    return end;
  }
  if (start.isDate) end.adjust(1, 0, 0, 0);
  else end.adjust(0, 0, DEFAULT_MINUTES, 0);
  return end;
}
