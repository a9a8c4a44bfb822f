import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { CalendarImportPage } from '../../views/calendar-import.js';
import type { AppContext, AppEnv } from '../app-env.js';
import { failureMessage, importCalendarFeed, importCalendarFile, storedFailure, type ImportFailure } from '../calendar-import.js';
import { findFeed, importedCounts, removeFeed } from '../db/calendar-feeds.js';
import type { Association } from '../db/types.js';
import { issueFormToken, refuseLinkPost, single } from '../lib/form-guard.js';
import { MAX_ICS_BYTES } from '../lib/ical-import.js';
import { pageMeta } from './render.js';
import { withEditLink } from './edit-link.js';

// "Hent fra egen kalender" behind the private edit link (#20.3): the association's iCalendar
// address (POST /endre/:token/kalender, field calendar_url: saved only when it imports, then
// fetched on a schedule), removing it, and uploading an .ics file (…/kalender/fil, field
// calendar_file). Post-redirect-get on success; 422 with the form, what was typed and the
// reason on failure, and then nothing stored has changed.

const PURPOSE = 'calendar-import';
const MAX_URL_LENGTH = 2000;
/** The upload route's own body limit: the file plus room for the multipart wrapping and the form token. */
export const CALENDAR_UPLOAD_MAX_BODY = MAX_ICS_BYTES + 64 * 1024;
const UPLOAD_PATH = /^\/endre\/[^/]+\/kalender\/fil$/;
const maxMb = (tr: { number: (n: number) => string }) => tr.number(MAX_ICS_BYTES / (1024 * 1024));

/** True for the upload route, which app.tsx gives calendarUploadLimit instead of the site-wide body limit. */
export function isCalendarUpload(path: string): boolean {
  return UPLOAD_PATH.test(path);
}

/** Reads a typed address: trimmed, webcal:// (Apple's name for the same thing) as https://. */
export function readCalendarUrl(value: string): { url: string } | { error: 'urlRequired' | 'urlNotHttp' | 'urlTooLong' } {
  const typed = value.trim();
  if (typed === '') return { error: 'urlRequired' };
  if (typed.length > MAX_URL_LENGTH) return { error: 'urlTooLong' };
  const candidate = typed.replace(/^webcals?:\/\//i, 'https://');
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { error: 'urlNotHttp' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: 'urlNotHttp' };
  return { url: url.href };
}

interface PageState {
  url?: string;
  message?: string;
  formMessage?: string;
  urlError?: string;
  fileError?: string;
}

export function calendarImportRoutes(ctx: AppContext) {
  const { db, assets, config } = ctx;
  const app = new Hono<AppEnv>();
  const deps = { db, config, offLoop: ctx.offLoop, clock: ctx.clock };

  const withToken = (c: Context<AppEnv>, then: (association: Association, token: string) => Promise<Response>) => withEditLink(ctx, c, then);

  async function renderPage(c: Context<AppEnv>, association: Association, token: string, status: 200 | 403 | 413 | 422, state: PageState) {
    const tr = c.get('tr');
    const t = tr.t.calendarImport;
    const feed = await findFeed(db, association.id);
    const counts = await importedCounts(db, association.id);
    let feedStatus: { text: string; problem: boolean } | null = null;
    if (feed) {
      if (feed.last_error && feed.last_attempt_at) {
        feedStatus = {
          text: t.statusFailed(tr.dateTime(feed.last_attempt_at), failureMessage(t, { error: feed.last_error, detail: feed.last_error_detail })),
          problem: true,
        };
      } else if (feed.last_success_at) feedStatus = { text: t.statusOk(tr.dateTime(feed.last_success_at), tr.number(counts.feed)), problem: false };
      else feedStatus = { text: t.statusNever, problem: false };
    }
    return c.html(
      <CalendarImportPage
        meta={pageMeta(c, ctx, t.pageTitle)}
        assets={assets}
        actionBase={`/endre/${token}`}
        formToken={issueFormToken(ctx.secret, PURPOSE, ctx.clock())}
        url={state.url ?? feed?.url ?? ''}
        feedStatus={feedStatus}
        hasFeed={feed !== undefined}
        fileCount={counts.file}
        maxMb={maxMb(tr)}
        message={state.message}
        formMessage={state.formMessage}
        urlError={state.urlError}
        fileError={state.fileError}
      />,
      status,
    );
  }

  const failed = (c: Context<AppEnv>, failure: ImportFailure) => {
    const t = c.get('tr').t.calendarImport;
    return `${failureMessage(t, storedFailure(failure))} ${t.failedUnchanged}`;
  };
  const importedQuery = (counts: { created: number; updated: number; removed: number }) => `hentet=${counts.created}-${counts.updated}-${counts.removed}`;

  app.get('/endre/:token/kalender', (c) =>
    withToken(c, async (association, token) => {
      const t = c.get('tr').t.calendarImport;
      const tr = c.get('tr');
      const imported = /^(\d{1,4})-(\d{1,4})-(\d{1,4})$/.exec(c.req.query('hentet') ?? '');
      const message = imported
        ? t.imported(tr.number(Number(imported[1])), tr.number(Number(imported[2])), tr.number(Number(imported[3])))
        : c.req.query('fjernet') === '1'
          ? t.removed
          : undefined;
      return renderPage(c, association, token, 200, { message });
    }),
  );

  app.post('/endre/:token/kalender', (c) =>
    withToken(c, async (association, token) => {
      const body = await c.req.parseBody({ all: true });
      const typed = single(body.calendar_url) ?? '';
      const refused = refuseLinkPost(c, ctx, body, PURPOSE);
      if (refused) return renderPage(c, association, token, refused.status, { url: typed, formMessage: refused.message });
      const t = c.get('tr').t.calendarImport;
      const read = readCalendarUrl(typed);
      if ('error' in read) return renderPage(c, association, token, 422, { url: typed, urlError: t[read.error] });
      const outcome = await importCalendarFeed(deps, { association_id: association.id, url: read.url }, { typed: true });
      if (!outcome.ok) return renderPage(c, association, token, 422, { url: typed, urlError: failed(c, outcome) });
      return c.redirect(`/endre/${token}/kalender?${importedQuery(outcome.counts)}`, 303);
    }),
  );

  app.post('/endre/:token/kalender/fjern', (c) =>
    withToken(c, async (association, token) => {
      const body = await c.req.parseBody({ all: true });
      const refused = refuseLinkPost(c, ctx, body, PURPOSE);
      if (refused) return renderPage(c, association, token, refused.status, { formMessage: refused.message });
      await removeFeed(db, association.id, ctx.clock());
      return c.redirect(`/endre/${token}/kalender?fjernet=1`, 303);
    }),
  );

  app.post('/endre/:token/kalender/fil', (c) =>
    withToken(c, async (association, token) => {
      const body = await c.req.parseBody({ all: true });
      const refused = refuseLinkPost(c, ctx, body, PURPOSE);
      if (refused) return renderPage(c, association, token, refused.status, { formMessage: refused.message });
      const t = c.get('tr').t.calendarImport;
      const file = body.calendar_file;
      const upload = Array.isArray(file) ? file[0] : file;
      if (!(upload instanceof File) || upload.size === 0) return renderPage(c, association, token, 422, { fileError: t.fileRequired });
      if (upload.size > MAX_ICS_BYTES) return renderPage(c, association, token, 413, { fileError: t.fileTooLarge(maxMb(c.get('tr'))) });
      const outcome = await importCalendarFile(deps, association.id, new Uint8Array(await upload.arrayBuffer()));
      if (!outcome.ok) return renderPage(c, association, token, 422, { fileError: failed(c, outcome) });
      return c.redirect(`/endre/${token}/kalender?${importedQuery(outcome.counts)}`, 303);
    }),
  );

  /** The upload's body limit (in place of the site-wide one): too large gets the page with the reason, in the visitor's language. */
  const uploadLimit: MiddlewareHandler<AppEnv> = bodyLimit({
    maxSize: CALENDAR_UPLOAD_MAX_BODY,
    onError: (c) =>
      withToken(c as Context<AppEnv>, (association, token) =>
        renderPage(c as Context<AppEnv>, association, token, 413, { fileError: c.get('tr').t.calendarImport.fileTooLarge(maxMb(c.get('tr'))) }),
      ),
  });

  return { routes: app, uploadLimit };
}
