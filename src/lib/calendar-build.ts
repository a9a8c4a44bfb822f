import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { type ActivityFilter, type PublicActivity, scanVisibleActivities, scanVisibleSchedules, visibleActivitiesByIds } from '../db/activities.js';
import type { DB } from '../db/sqlite.js';
import { CALENDAR_TAIL, type FeedContext, activityText, calendarHead } from './ical.js';
import { type Occurrence, addDays, daysBetween, occurrenceOn, occurrences } from './recurrence.js';

// What "Hva skjer" and the iCalendar feeds are made of, built from every matching activity
// (scanVisibleActivities walks them in steps, however many a municipality has) without
// holding the event loop: each step of work hands the loop back once it has used SLICE_MS,
// so timers and other requests run in between. What is kept is compact: a list keeps each
// occurrence's activity id and day (the page's forty activities are read again by id), a
// feed its gzipped bytes.

/** How long one step of building may keep the event loop before handing it back. */
export const SLICE_MS = 5;

/** One occurrence in a list, with its activity. */
export interface Listed {
  activity: PublicActivity;
  occurrence: Occurrence;
}

/** Hands the event loop back when the current step has used SLICE_MS. */
function slicer(now: () => number = () => performance.now()) {
  let start = now();
  return async () => {
    if (now() - start < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    start = now();
  };
}

const EPOCH = '1970-01-01';
const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * Every occurrence of a filter's activities within its window, in the order the page lists
 * them (day, start time, title as Norwegian sorts it, id): for each, its activity's id, its
 * day (days since 1970-01-01) and whether it is cancelled.
 */
export interface OccurrenceIndex {
  total: number;
  ids: Int32Array;
  days: Int32Array;
  cancelled: Uint8Array;
}

// One collator for every sort: localeCompare with a locale builds one per call.
const titleOrder = new Intl.Collator('nb');

interface Entry {
  title: string;
  id: number;
  cancelled: boolean;
}

/** The occurrences of every matching activity within [filter.from, filter.to], in list order. */
export async function buildOccurrenceIndex(db: DB, filter: ActivityFilter): Promise<OccurrenceIndex> {
  const pause = slicer();
  // Grouped by day and start time (day * 1440 + minutes): the groups are small enough to sort
  // by title between two pauses, even for the whole country.
  const groups = new Map<number, Entry[]>();
  let total = 0;
  for await (const rows of scanVisibleSchedules(db, filter)) {
    for (const activity of rows) {
      const start = minutes(activity.start_time);
      for (const o of occurrences(activity, filter)) {
        const key = daysBetween(EPOCH, o.date) * 1440 + start;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = []));
        group.push({ title: activity.title, id: activity.id, cancelled: o.cancelled });
        total++;
      }
      await pause();
    }
  }
  const index: OccurrenceIndex = { total, ids: new Int32Array(total), days: new Int32Array(total), cancelled: new Uint8Array(total) };
  let i = 0;
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const group = groups.get(key)!;
    group.sort((a, b) => titleOrder.compare(a.title, b.title) || a.id - b.id);
    const day = Math.floor(key / 1440);
    for (const entry of group) {
      index.ids[i] = entry.id;
      index.days[i] = day;
      index.cancelled[i] = entry.cancelled ? 1 : 0;
      i++;
    }
    groups.delete(key);
    await pause();
  }
  return index;
}

/**
 * The index's occurrences at positions [start, end), with their activities read by id. One
 * that is no longer visible (a write after the index was built) is left out.
 */
export async function listedPage(db: DB, index: OccurrenceIndex, start: number, end: number): Promise<Listed[]> {
  const from = Math.max(0, start);
  const to = Math.min(index.total, end);
  if (to <= from) return [];
  const rows = await visibleActivitiesByIds(db, [...new Set(index.ids.subarray(from, to))]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const listed: Listed[] = [];
  for (let i = from; i < to; i++) {
    const activity = byId.get(index.ids[i]!);
    if (activity) listed.push({ activity, occurrence: occurrenceOn(activity, addDays(EPOCH, index.days[i]!)) });
  }
  return listed;
}

/** Pages kept for each index: a list's first pages are what nearly every visitor opens. */
const PAGES_PER_INDEX = 8;
const keptPages = new WeakMap<OccurrenceIndex, Map<string, Promise<Listed[]>>>();

/**
 * listedPage, kept with the index (which is kept per data version, so a write makes a new
 * index and new pages): every visitor of a page gets the same objects, read once, and a view
 * can keep what it renders of them (views/calendar.tsx). At most PAGES_PER_INDEX pages an
 * index, the least recently used dropped first.
 */
export function keptPage(db: DB, index: OccurrenceIndex, start: number, end: number): Promise<Listed[]> {
  let pages = keptPages.get(index);
  if (!pages) keptPages.set(index, (pages = new Map()));
  const key = `${start}:${end}`;
  const hit = pages.get(key);
  if (hit) {
    pages.delete(key);
    pages.set(key, hit);
    return hit;
  }
  const page = listedPage(db, index, start, end);
  pages.set(key, page);
  page.catch(() => pages.delete(key));
  for (const oldest of pages.keys()) {
    if (pages.size <= PAGES_PER_INDEX) break;
    pages.delete(oldest);
  }
  return page;
}

/** Positions in the index of the first `count` occurrences that are not cancelled. */
export function firstNotCancelled(index: OccurrenceIndex, count: number): number[] {
  const positions: number[] = [];
  for (let i = 0; i < index.total && positions.length < count; i++) if (!index.cancelled[i]) positions.push(i);
  return positions;
}

/** A built iCalendar feed: its bytes gzipped (what nearly every client asks for), and how long it is unpacked. */
export interface BuiltFeed {
  gzipped: Uint8Array<ArrayBuffer>;
  length: number;
  /** The number of activities and events in it. */
  count: number;
  /** A digest of the unpacked bytes (SHA-256, first 16 bytes, base64url): the same feed, the same digest. */
  digest: string;
}

/** The digest BuiltFeed carries, for a text made in one piece (a single-event file). */
export function feedDigest(text: string | Buffer): string {
  return createHash('sha256').update(text).digest().subarray(0, 16).toString('base64url');
}

const gzipAsync = promisify(gzip);

/**
 * The feed of every matching activity, written in steps (each step's text turned into bytes
 * at once, so the heap never holds the whole feed as a string) and gzipped on zlib's thread.
 */
export async function buildFeed(db: DB, filter: ActivityFilter, context: FeedContext, name: string, description: string): Promise<BuiltFeed> {
  const pause = slicer();
  const parts: Buffer[] = [];
  // Hashed as it is written, a step at a time (a whole big feed at once is some 30 ms).
  const hash = createHash('sha256');
  const add = (text: string) => {
    const part = Buffer.from(text);
    hash.update(part);
    parts.push(part);
  };
  add(calendarHead(name, description));
  let count = 0;
  for await (const rows of scanVisibleActivities(db, filter)) {
    let text = '';
    for (const activity of rows) {
      text += activityText(activity, context);
      count++;
      if (text.length > 64 * 1024) {
        add(text);
        text = '';
      }
      await pause();
    }
    add(text);
  }
  add(CALENDAR_TAIL);
  const plain = Buffer.concat(parts);
  parts.length = 0;
  const digest = hash.digest().subarray(0, 16).toString('base64url');
  // A copy of its own (a Buffer may share a pooled ArrayBuffer): 1.5 MB for the biggest.
  return { gzipped: new Uint8Array(await gzipAsync(plain, { level: 6 })), length: plain.byteLength, count, digest };
}
