import type { Logger } from 'pino';
import type { Config } from './config.js';
import { MAX_ACTIVITIES_PER_ASSOCIATION } from './db/activities.js';
import { type ImportCounts, type ImportTrigger, type ImportedActivity, feedsDue, recordFeedFailure, replaceImportedEvents } from './db/calendar-feeds.js';
import type { DB } from './db/sqlite.js';
import { createEditToken } from './db/submissions.js';
import type { CalendarFeed, ImportSource } from './db/types.js';
import type { CalendarImportMessages } from './i18n/calendar-import-text.js';
import { translatorFor } from './i18n/index.js';
import { type ImportErrorCode, type ImportedEvent, MAX_ICS_BYTES } from './lib/ical-import.js';
import { linkCheckerUserAgent } from './lib/link-checker.js';
import type { FeedResult } from './lib/off-loop-jobs.js';
import type { OffLoop } from './lib/off-loop.js';
import type { Progress } from './lib/progress.js';
import { localDate } from './lib/recurrence.js';
import type { Mailer } from './mail/mailer.js';

// Importing an association's own calendar: an uploaded .ics file, or its iCalendar address
// (now, from its edit page, and on a schedule by `npm run import:calendars`). Fetching and
// parsing run in the off-loop worker; storing is one transaction that replaces the events
// from that source, so a failed import leaves what was there before untouched.

/** How much longer than its timeout a fetch may take before its worker is given up on. */
const WORKER_GRACE_MS = 5_000;
/** Parsing a file is bounded by its own caps; this is for a parser that stops answering. */
const PARSE_DEADLINE_MS = 20_000;
/** The scheduled import tries a feed again after this long. */
export const FEED_INTERVAL_HOURS = 6;

export type ImportFailure =
  { error: ImportErrorCode; detail: string | null } | { error: 'fetch'; detail: string; status: number | null } | { error: 'limit'; detail: null };

export type ImportOutcome = { ok: true; counts: ImportCounts } | ({ ok: false } & ImportFailure);

export interface ImportDeps {
  db: DB;
  config: Config;
  offLoop: OffLoop;
  clock: () => Date;
}

/** An imported occurrence as the activity row it becomes. */
function asActivity(event: ImportedEvent): ImportedActivity {
  return {
    key: event.key,
    input: {
      kind: 'event',
      title: event.title,
      description: event.description,
      start_date: event.start_date,
      end_date: event.end_date,
      start_time: event.start_time,
      end_time: event.end_time,
      frequency: null,
      weekdays: '',
      week_of_month: null,
      occurrence_count: null,
      skipped_dates: '',
      cancelled_dates: event.cancelled ? event.start_date : '',
      place_id: null,
      address: event.address,
      age_from: null,
      age_to: null,
      // Unknown: a calendar does not say. The pages do not call imported events free (see priceText).
      price: null,
      price_note: '',
      languages: '',
      signup_required: 0,
      signup_url: null,
    },
  };
}

async function store(
  deps: ImportDeps,
  associationId: number,
  source: ImportSource,
  result: FeedResult,
  by: ImportTrigger,
  feedUrl?: string,
): Promise<ImportOutcome> {
  if (!result.ok)
    return result.error === 'fetch'
      ? { ok: false, error: 'fetch', detail: result.detail, status: result.status }
      : { ok: false, error: result.error, detail: result.detail };
  const counts = await replaceImportedEvents(deps.db, associationId, source, result.events.map(asActivity), {
    requireApproval: deps.config.eventsRequireApproval,
    now: deps.clock(),
    by,
    ...(feedUrl !== undefined ? { feedUrl } : {}),
  });
  return counts === 'limit' ? { ok: false, error: 'limit', detail: null } : { ok: true, counts };
}

const parseOptions = (deps: ImportDeps) => ({ today: localDate(deps.clock()), maxEvents: MAX_ACTIVITIES_PER_ASSOCIATION });

/** Imports an uploaded file; on success its events replace those of the previous file. */
export async function importCalendarFile(deps: ImportDeps, associationId: number, bytes: Uint8Array): Promise<ImportOutcome> {
  if (bytes.byteLength > MAX_ICS_BYTES) return { ok: false, error: 'too-large', detail: null };
  const result = await deps.offLoop
    .run('parse-calendar', { bytes, options: parseOptions(deps) }, { deadlineMs: PARSE_DEADLINE_MS })
    .catch((): FeedResult => ({ ok: false, error: 'too-slow', detail: null }));
  return store(deps, associationId, 'file', result, 'association');
}

/**
 * Fetches and imports the association's calendar address; a failure changes no event.
 * `typed`: an address the association just gave, saved only if it works (the form shows the
 * failure instead). Otherwise (the schedule) the saved feed records success and failure both,
 * and `firstFailure` is true when the association should be told (it worked until now).
 */
export async function importCalendarFeed(
  deps: ImportDeps,
  feed: Pick<CalendarFeed, 'association_id' | 'url'>,
  options: { typed?: boolean } = {},
): Promise<ImportOutcome & { firstFailure?: boolean }> {
  const { config } = deps;
  const timeoutMs = config.linkCheckTimeoutMs;
  const result = await deps.offLoop
    .run(
      'fetch-calendar',
      {
        url: feed.url,
        fetch: {
          timeoutMs,
          userAgent: linkCheckerUserAgent(config.baseUrl),
          maxBytes: MAX_ICS_BYTES,
          // The same switch as the link checker's: off unless the operator (or a test) turns it on.
          allowPrivate: config.linkCheckAllowPrivate,
          accept: 'text/calendar, text/plain;q=0.5, */*;q=0.1',
        },
        parse: parseOptions(deps),
      },
      { deadlineMs: timeoutMs + PARSE_DEADLINE_MS + WORKER_GRACE_MS },
    )
    .catch((error: Error): FeedResult => ({ ok: false, error: 'fetch', detail: error.message.includes('deadline') ? 'timeout' : 'network', status: null }));
  const outcome = await store(deps, feed.association_id, 'feed', result, options.typed ? 'association' : 'schedule', options.typed ? feed.url : undefined);
  if (outcome.ok || options.typed) return outcome;
  const firstFailure = await recordFeedFailure(deps.db, feed.association_id, { error: outcome.error, detail: failureDetail(outcome) }, deps.clock());
  return { ...outcome, firstFailure };
}

function failureDetail(failure: ImportFailure): string | null {
  if (failure.error === 'fetch') return failure.status !== null && failure.detail === 'http' ? `http:${failure.status}` : failure.detail;
  return failure.detail;
}

/** A failure in words, in the reader's language; `stored` is what recordFeedFailure kept (error, detail). */
export function failureMessage(t: CalendarImportMessages, failure: { error: string; detail: string | null }, max = MAX_ACTIVITIES_PER_ASSOCIATION): string {
  if (failure.error === 'limit') return t.limit(String(max));
  if (failure.error === 'fetch') {
    const [code, status] = (failure.detail ?? 'network').split(':');
    const text = t.fetchErrors[code ?? 'network'] ?? t.fetchErrors.network!;
    return typeof text === 'function' ? text(status ?? '') : text;
  }
  const describe = t.errors[failure.error as ImportErrorCode];
  return describe ? describe(failure.detail ?? '') : (t.fetchErrors.network as string);
}

/** The stored form of a fetch failure, as failureMessage reads it. */
export function storedFailure(failure: ImportFailure): { error: string; detail: string | null } {
  return { error: failure.error, detail: failureDetail(failure) };
}

/**
 * The scheduled import: every published association's calendar address not tried for
 * FEED_INTERVAL_HOURS (or all with `all`), one after another. An association whose feed
 * starts failing is mailed once, with a fresh edit link to its import page.
 */
export async function runCalendarImports(
  deps: ImportDeps & { mailer: Mailer; logger: Logger; all?: boolean; progress?: Pick<Progress, 'start' | 'advance'> },
): Promise<{ feeds: number; ok: number; failed: number; notified: number }> {
  const now = deps.clock();
  const before = deps.all ? new Date(now.getTime() + 1) : new Date(now.getTime() - FEED_INTERVAL_HOURS * 3_600_000);
  const due = await feedsDue(deps.db, before, 10_000);
  deps.progress?.start('calendars', due.length);
  const summary = { feeds: due.length, ok: 0, failed: 0, notified: 0 };
  for (const feed of due) {
    const outcome = await importCalendarFeed(deps, feed);
    deps.progress?.advance();
    if (outcome.ok) {
      summary.ok += 1;
      continue;
    }
    summary.failed += 1;
    deps.logger.info({ associationId: feed.association_id, error: outcome.error, detail: outcome.detail }, 'calendar import failed');
    if (outcome.firstFailure && (await notifyFailure(deps, feed, storedFailure(outcome)))) summary.notified += 1;
  }
  return summary;
}

/** Tells the association its calendar could not be fetched, with a link to fix it. False when it has no address to write to. */
async function notifyFailure(deps: ImportDeps & { mailer: Mailer }, feed: CalendarFeed, failure: { error: string; detail: string | null }): Promise<boolean> {
  const association = await deps.db
    .selectFrom('associations')
    .select(['id', 'name', 'contact_email', 'language'])
    .where('id', '=', feed.association_id)
    .executeTakeFirst();
  if (!association?.contact_email) return false;
  const tr = translatorFor(association.language, deps.config.defaultLanguage);
  const t = tr.t.calendarImport;
  const token = await createEditToken(deps.db, association.id, deps.clock(), deps.config.editLinkDays);
  await deps.mailer.send({
    to: association.contact_email,
    subject: t.mailFailedSubject(association.name),
    text: t.mailFailedBody({
      name: association.name,
      url: feed.url,
      reason: failureMessage(t, failure),
      link: `${deps.config.baseUrl}/endre/${token}/kalender`,
      days: tr.number(deps.config.editLinkDays),
    }),
    secrets: [token],
    about: { associationId: association.id },
  });
  return true;
}
