import ICAL from 'ical.js';
import type { Activity } from '../db/types.js';

// Activities recur in local Norwegian wall-clock time: the rule is expanded over floating
// local dates and times (no zone), so a weekly 19:00 practice is 19:00 on both sides of a
// summer-time change, and only the finished occurrence is turned into an instant, by
// zonedInstant, where a feed or structured data needs one. The expansion is ical.js's
// RFC 5545 iterator, always inside a bounded window with a bounded number of steps.

export const TIME_ZONE = 'Europe/Oslo';
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** The widest window a caller may expand at once. */
export const MAX_WINDOW_DAYS = 800;
/** Steps the iterator may take for one activity before it gives up, whatever the rule. */
const MAX_ITERATIONS = 4000;
/** Occurrences one expansion returns at most. */
export const MAX_OCCURRENCES = 1000;

/** What a schedule is made of: the activity's columns that say when it happens. */
export type Schedule = Pick<
  Activity,
  | 'kind'
  | 'start_date'
  | 'end_date'
  | 'start_time'
  | 'end_time'
  | 'frequency'
  | 'weekdays'
  | 'week_of_month'
  | 'occurrence_count'
  | 'skipped_dates'
  | 'cancelled_dates'
>;

/** One occurrence, in local time: it starts on `date` at `startTime` and ends on `endDate` at `endTime`. */
export interface Occurrence {
  date: string;
  startTime: string;
  endDate: string;
  endTime: string;
  cancelled: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** True for a time of day written HH:MM (00:00–23:59). */
export function isTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

/** The date `days` after (or before) a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayIndex(date: string): number {
  const [y, m, d] = parts(date);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

const localFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function localFields(instant: Date): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const part of localFormat.formatToParts(instant)) if (part.type !== 'literal') fields[part.type] = Number(part.value);
  return fields;
}

// Every calendar request asks for today's date, and formatToParts is some 10 µs: the answer
// is kept for the minute (Oslo's date changes on a whole minute, its offset on a whole hour).
let keptMinute = Number.NaN;
let keptDate = '';

/** Today's date in Norway. */
export function localDate(instant: Date): string {
  const minute = Math.floor(instant.getTime() / 60_000);
  if (minute === keptMinute) return keptDate;
  const f = localFields(instant);
  const date = `${f.year}-${String(f.month).padStart(2, '0')}-${String(f.day).padStart(2, '0')}`;
  keptMinute = minute;
  keptDate = date;
  return date;
}

/** Minutes Oslo is ahead of UTC at an instant (60 in winter, 120 in summer). */
function offsetMinutes(instant: Date): number {
  const f = localFields(instant);
  const asUtc = Date.UTC(f.year!, f.month! - 1, f.day!, f.hour!, f.minute!, f.second!);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant at which Oslo's clocks show `date` `time`. A time skipped by the spring change
 * (02:30 on the last Sunday of March) is taken as the same time in the offset before it, which
 * lands an hour later, as RFC 5545 asks.
 * @example zonedInstant('2026-07-01', '19:00').toISOString() // '2026-07-01T17:00:00.000Z'
 */
export function zonedInstant(date: string, time: string): Date {
  const [y, m, d] = parts(date);
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const offsetBefore = offsetMinutes(new Date(wall - 14 * 3_600_000));
  const offsetAfter = offsetMinutes(new Date(wall + 14 * 3_600_000));
  // The offsets in force around that day; a wall time shown twice (the autumn change) is the first of the two.
  const valid = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => new Date(wall - offset * 60_000))
    .filter((instant) => offsetMinutes(instant) * 60_000 === wall - instant.getTime())
    .sort((a, b) => a.getTime() - b.getTime());
  return valid[0] ?? new Date(wall - offsetBefore * 60_000);
}

/** A comma-separated date list as a set ("2026-12-24,2026-12-31"). */
export function dateList(value: string): Set<string> {
  return new Set(
    value
      .split(',')
      .map((d) => d.trim())
      .filter((d) => isDate(d)),
  );
}

export function weekdaysOf(schedule: Pick<Schedule, 'weekdays'>): Weekday[] {
  const days = new Set(schedule.weekdays.split(','));
  return WEEKDAYS.filter((d) => days.has(d));
}

/** Whether a date is one the rule itself picks (before counts, ends and skips). */
function matchesRule(schedule: Schedule, date: string): boolean {
  const day = WEEKDAYS[weekdayIndex(date)]!;
  if (!weekdaysOf(schedule).includes(day)) return false;
  if (schedule.frequency !== 'monthly') return true;
  const n = schedule.week_of_month ?? 1;
  const dayOfMonth = parts(date)[2];
  if (n > 0) return Math.ceil(dayOfMonth / 7) === n;
  // The last one: a week later is already next month.
  return parts(addDays(date, 7))[1] !== parts(date)[1];
}

/**
 * The first date on or after the start date that the rule picks, or null when none does
 * within a year (a rule with no days). RFC 5545 counts DTSTART as an occurrence even when the
 * rule would not pick it, so the feeds start at this date instead of the typed start date.
 */
export function firstOccurrenceDate(schedule: Schedule): string | null {
  if (schedule.kind === 'event') return schedule.start_date;
  const direct = firstPickedDate(schedule);
  if (direct !== undefined) return direct !== null && schedule.end_date && direct > schedule.end_date ? null : direct;
  for (let i = 0; i < 370; i++) {
    const date = addDays(schedule.start_date, i);
    if (schedule.end_date && date > schedule.end_date) return null;
    if (matchesRule(schedule, date)) return date;
  }
  return null;
}

/**
 * What the day-by-day search in firstOccurrenceDate finds, worked out directly for the rules
 * countedOccurrences covers (it runs for every activity on every calendar page); undefined
 * for the others.
 */
function firstPickedDate(schedule: Schedule): string | null | undefined {
  const days = weekdaysOf(schedule).map((d) => WEEKDAYS.indexOf(d));
  if (days.length === 0) return null;
  const start = schedule.start_date;
  if (schedule.frequency !== 'monthly') {
    const weekday = weekdayIndex(start);
    return addDays(start, Math.min(...days.map((d) => (d - weekday + 7) % 7)));
  }
  if (days.length !== 1) return undefined;
  const [year, month] = parts(start);
  const n = schedule.week_of_month ?? 1;
  const inMonth = nthWeekday(year, month, days[0]!, n);
  return inMonth >= start ? inMonth : nthWeekday(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, days[0]!, n);
}

function floating(date: string, time = '00:00'): ICAL.Time {
  const [year, month, day] = parts(date);
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return ICAL.Time.fromData({ year, month, day, hour, minute, second: 0, isDate: false });
}

/** The rule's RFC 5545 parts (FREQ, INTERVAL, BYDAY, COUNT); UNTIL is left to the caller, who knows the zone. */
export function recurrenceData(schedule: Schedule): { freq: 'WEEKLY' | 'MONTHLY'; interval: number; byday: string[]; count?: number } {
  const days = weekdaysOf(schedule);
  const data =
    schedule.frequency === 'monthly'
      ? { freq: 'MONTHLY' as const, interval: 1, byday: days.slice(0, 1).map((d) => `${schedule.week_of_month ?? 1}${d}`) }
      : { freq: 'WEEKLY' as const, interval: schedule.frequency === 'biweekly' ? 2 : 1, byday: days };
  return schedule.occurrence_count ? { ...data, count: schedule.occurrence_count } : data;
}

function endOf(date: string, startTime: string, endTime: string, lastDay?: string): { endDate: string; endTime: string } {
  // An end time at or before the start time means the evening runs past midnight.
  if (lastDay && lastDay > date) return { endDate: lastDay, endTime };
  return { endDate: endTime <= startTime ? addDays(date, 1) : date, endTime };
}

/**
 * The occurrences that start within [from, to] (local dates, both included), in order, at
 * most `limit`. Skipped dates are left out; cancelled ones are kept and marked. A multi-day
 * event that started before `from` but is still going on is included too.
 */
export function occurrences(schedule: Schedule, window: { from: string; to: string }, limit = MAX_OCCURRENCES): Occurrence[] {
  const { from } = window;
  // Never more than MAX_WINDOW_DAYS at a time, whatever the caller asks.
  const to = daysBetween(from, window.to) > MAX_WINDOW_DAYS ? addDays(from, MAX_WINDOW_DAYS) : window.to;
  const cancelled = dateList(schedule.cancelled_dates);
  if (schedule.kind === 'event') {
    const last = schedule.end_date && schedule.end_date > schedule.start_date ? schedule.end_date : schedule.start_date;
    if (schedule.start_date > to || last < from) return [];
    return [
      {
        date: schedule.start_date,
        startTime: schedule.start_time,
        ...endOf(schedule.start_date, schedule.start_time, schedule.end_time, last),
        cancelled: cancelled.has(schedule.start_date),
      },
    ];
  }
  const first = firstOccurrenceDate(schedule);
  if (first === null || first > to || (schedule.end_date !== null && schedule.end_date < from)) return [];
  const counted = countedOccurrences(schedule, first, from, to, limit, cancelled);
  if (counted) return counted;
  const recur = ICAL.Recur.fromData({
    ...recurrenceData(schedule),
    ...(schedule.end_date ? { until: floating(schedule.end_date, '23:59') } : {}),
  });
  const iterator = recur.iterator(floating(first, schedule.start_time));
  const skipped = dateList(schedule.skipped_dates);
  const found: Occurrence[] = [];
  for (let step = 0; step < MAX_ITERATIONS && found.length < limit; step++) {
    const next = iterator.next();
    if (!next) break;
    const date = next.toString().slice(0, 10);
    if (date > to) break;
    if (date < from || skipped.has(date)) continue;
    found.push({ date, startTime: schedule.start_time, ...endOf(date, schedule.start_time, schedule.end_time), cancelled: cancelled.has(date) });
  }
  return found;
}

/**
 * The occurrence that starts on `date`, as occurrences() gives it (for a date it picked): for
 * the lists, which keep only each occurrence's activity and date and rebuild the rest.
 */
export function occurrenceOn(schedule: Schedule, date: string): Occurrence {
  const cancelled = dateList(schedule.cancelled_dates).has(date);
  if (schedule.kind === 'event') {
    const last = schedule.end_date && schedule.end_date > schedule.start_date ? schedule.end_date : schedule.start_date;
    return { date, startTime: schedule.start_time, ...endOf(date, schedule.start_time, schedule.end_time, last), cancelled };
  }
  return { date, startTime: schedule.start_time, ...endOf(date, schedule.start_time, schedule.end_time), cancelled };
}

/** The nth (1–4, or -1 for the last) weekday (0 = Monday) of a month (1–12), as YYYY-MM-DD. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const firstOfMonth = new Date(Date.UTC(year, month - 1, 1));
    const offset = (weekday - ((firstOfMonth.getUTCDay() + 6) % 7) + 7) % 7;
    return new Date(Date.UTC(year, month - 1, 1 + offset + 7 * (n - 1))).toISOString().slice(0, 10);
  }
  const lastOfMonth = new Date(Date.UTC(year, month, 0));
  const back = (((lastOfMonth.getUTCDay() + 6) % 7) - weekday + 7) % 7;
  return new Date(Date.UTC(year, month, -back)).toISOString().slice(0, 10);
}

/**
 * The same occurrences as ical.js's iterator gives for the rule (RFC 5545 WEEKLY with
 * INTERVAL 1 or 2 and WKST=MO, or MONTHLY with one BYDAY such as 2TU or -1FR), worked out
 * by date arithmetic from the window on: the iterator walks every occurrence from the first
 * one, and its MONTHLY;BYDAY steps cost about a millisecond per activity, which made a big
 * municipality's "Hva skjer" take seconds. Each occurrence's number since the first (what
 * COUNT and MAX_ITERATIONS limit) is computed, not counted. Null for rules it does not cover
 * (a monthly rule with several weekdays, whose first date the rule itself may not pick).
 * test/recurrence.test.ts compares it with ical.js over generated schedules.
 */
function countedOccurrences(schedule: Schedule, first: string, from: string, to: string, limit: number, cancelled: Set<string>): Occurrence[] | null {
  const days = weekdaysOf(schedule).map((d) => WEEKDAYS.indexOf(d));
  const monthly = schedule.frequency === 'monthly';
  if (days.length === 0 || (monthly && days.length !== 1)) return null;
  const lastOrdinal = Math.min(schedule.occurrence_count ?? Infinity, MAX_ITERATIONS);
  const skipped = dateList(schedule.skipped_dates);
  const found: Occurrence[] = [];
  const begin = from > first ? from : first;
  // Each candidate in date order with its number since the first; false once the rule is done.
  const offer = (date: string, ordinal: number): boolean => {
    if (ordinal >= lastOrdinal || date > to || (schedule.end_date !== null && date > schedule.end_date)) return false;
    if (ordinal >= 0 && date >= from && !skipped.has(date)) {
      found.push({ date, startTime: schedule.start_time, ...endOf(date, schedule.start_time, schedule.end_time), cancelled: cancelled.has(date) });
    }
    return found.length < limit;
  };
  if (monthly) {
    const [y0, m0] = parts(first);
    const [yb, mb] = parts(begin);
    // From the month the window (or the rule) begins in: one occurrence a month, the m-th since the first.
    for (let m = (yb - y0) * 12 + (mb - m0); ; m++) {
      const year = y0 + Math.floor((m0 - 1 + m) / 12);
      const month = ((m0 - 1 + m) % 12) + 1;
      if (!offer(nthWeekday(year, month, days[0]!, schedule.week_of_month ?? 1), m)) return found;
    }
  }
  const period = schedule.frequency === 'biweekly' ? 14 : 7;
  const firstWeek = addDays(first, -weekdayIndex(first));
  const firstPosition = days.indexOf(weekdayIndex(first));
  for (let k = Math.floor(daysBetween(firstWeek, begin) / period); ; k++) {
    const weekStart = addDays(firstWeek, k * period);
    for (let j = 0; j < days.length; j++) {
      if (!offer(addDays(weekStart, days[j]!), k * days.length + j - firstPosition)) return found;
    }
  }
}
