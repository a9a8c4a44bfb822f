import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { ActivityPage, ThisWeek, UpcomingForAssociation, WhatsOnFragment, WhatsOnPage } from '../../views/calendar.js';
import type { AppContext, AppEnv } from '../app-env.js';
import { type ActivityFilter, type PublicActivity, findVisibleActivity, recentActivities, visibleActivities } from '../db/activities.js';
import {
  type BuiltFeed,
  type Listed,
  type OccurrenceIndex,
  buildFeed,
  buildOccurrenceIndex,
  feedDigest,
  firstNotCancelled,
  keptPage,
  listedPage,
} from '../lib/calendar-build.js';
import { longDate, scheduleText } from '../../views/calendar-parts.js';
import { activityAtomFeed } from '../lib/calendar-atom.js';
import { findPublishedBySlug } from '../db/associations.js';
import { perVersion } from '../db/per-version.js';
import type { Municipality, Region } from '../db/types.js';
import { latestAllowedDate } from '../lib/activity-form.js';
import { FEED_DAYS_BACK, OCCURRENCES_PER_PAGE, activityFilter, calendarUrl, hasNotices, parseCalendarQuery } from '../lib/calendar-query.js';
import { eventJsonLd } from '../lib/event-structured-data.js';
import { calendarFeed } from '../lib/ical.js';
import { addDays, localDate, occurrences } from '../lib/recurrence.js';
import { pageMeta, renderPageOrFragment } from './render.js';
import { EmbedWhatsOnPage } from '../../views/calendar-embed.js';
import { parseTheme, themeQuery, withParams } from './embed.js';
import { isStale } from '../reminders.js';
import { renderNotFound } from './errors.js';

/** The association page shows this many next occurrences, from this many days ahead. */
const DETAIL_COUNT = 5;
const DETAIL_DAYS = 60;
const UPCOMING_ON_PAGE = 10;
/** Entries in the Atom feed of new activities. */
const ATOM_ENTRIES = 50;

// One collator for every sort: localeCompare with a locale builds one per call.
const titleOrder = new Intl.Collator('nb');
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every occurrence of a few rows (one association's) within [from, to], in order of day, time and title. */
export function expand(rows: PublicActivity[], from: string, to: string): Listed[] {
  const listed: Listed[] = [];
  for (const activity of rows) for (const occurrence of occurrences(activity, { from, to })) listed.push({ activity, occurrence });
  // Dates (YYYY-MM-DD) and times (HH:MM) sort as plain text.
  return listed.sort(
    (a, b) =>
      byText(a.occurrence.date, b.occurrence.date) ||
      byText(a.occurrence.startTime, b.occurrence.startTime) ||
      titleOrder.compare(a.activity.title, b.activity.title) ||
      a.activity.id - b.activity.id,
  );
}

/**
 * Every occurrence of the filter's activities over its window (buildOccurrenceIndex: all of
 * them, however many, built in steps that hand the event loop back), kept until the next
 * write (activities and associations move the data version) and shared by every visitor
 * and page of it; a page reads only its own forty activities. Compact (nine bytes an
 * occurrence), so a few big municipalities' lists fit.
 */
function indexFor(db: AppContext['db'], filter: ActivityFilter): Promise<OccurrenceIndex> {
  return perVersion(db, 'whats-on', JSON.stringify(filter), 8, () => buildOccurrenceIndex(db, filter));
}

/** The association page's next few occurrences, for its "Aktiviteter og arrangementer" part. */
export async function upcomingForAssociation(ctx: AppContext, c: Context<AppEnv>, association: { id: number; slug: string }) {
  const today = localDate(ctx.clock());
  const to = addDays(today, DETAIL_DAYS);
  const rows = await visibleActivities(ctx.db, {
    municipalityNumbers: [],
    categoryIds: [],
    q: '',
    age: null,
    freeOnly: false,
    from: today,
    to,
    associationId: association.id,
  });
  if (rows.length === 0) return null;
  return <UpcomingForAssociation tr={c.get('tr')} reference={ctx.reference} items={expand(rows, today, to).slice(0, DETAIL_COUNT)} slug={association.slug} />;
}

/** Occurrences the front page shows under "this week". */
const THIS_WEEK_COUNT = 6;

/** The front page's "this week" in the featured regions: the next occurrences, not cancelled, over the coming seven days. */
export async function thisWeekOnFrontPage(ctx: AppContext, c: Context<AppEnv>, regions: Region[]) {
  const today = localDate(ctx.clock());
  const to = addDays(today, 6);
  const municipalityNumbers = [...new Set(regions.flatMap((r) => ctx.reference.regionMembers.get(r.slug) ?? []))];
  // The same six for every visitor until the next write or the next day.
  const items =
    municipalityNumbers.length === 0
      ? []
      : await perVersion(ctx.db, 'front-this-week', JSON.stringify([municipalityNumbers, today]), 4, async () => {
          const index = await buildOccurrenceIndex(ctx.db, { municipalityNumbers, categoryIds: [], q: '', age: null, freeOnly: false, from: today, to });
          const listed = await Promise.all(firstNotCancelled(index, THIS_WEEK_COUNT).map((i) => listedPage(ctx.db, index, i, i + 1)));
          return listed.flat();
        });
  const moreHref = regions.length === 1 ? `/region/${regions[0]!.slug}/hva-skjer` : '/hva-skjer';
  return <ThisWeek tr={c.get('tr')} reference={ctx.reference} items={items} moreHref={moreHref} />;
}

/** "Hva skjer": the list, its landing pages, one activity's page, and the iCalendar feeds. */
export function calendarRoutes(ctx: AppContext) {
  const { db, reference, assets, config } = ctx;
  const app = new Hono<AppEnv>();

  async function renderWhatsOn(
    c: Context<AppEnv>,
    options: {
      path: string;
      heading: string;
      fixed?: { municipality?: Municipality; region?: Region };
      feedPath?: string;
      atom?: { title: string; href: string };
    },
  ) {
    const tr = c.get('tr');
    const today = localDate(ctx.clock());
    const query = parseCalendarQuery(new URL(c.req.url).searchParams, reference, today, options.fixed);
    const index = await indexFor(db, activityFilter(query, reference));
    const items = await keptPage(db, index, (query.page - 1) * OCCURRENCES_PER_PAGE, query.page * OCCURRENCES_PER_PAGE);
    const title = query.q ? `${options.heading}: «${query.q}»` : options.heading;
    const canonical = calendarUrl(
      { ...query, municipalities: query.municipalities.filter((m) => m !== options.fixed?.municipality), region: options.fixed?.region ? null : query.region },
      options.path,
    );
    const props = { tr, reference, query, total: index.total, items, today, path: options.path };
    return renderPageOrFragment(
      c,
      {
        page: () => (
          <WhatsOnPage
            {...props}
            meta={pageMeta(c, ctx, title, { canonicalPath: canonical, current: 'whats-on', feeds: options.atom ? [options.atom] : undefined })}
            assets={assets}
            heading={options.heading}
            fixedMunicipality={options.fixed?.municipality !== undefined}
            fixedRegion={options.fixed?.region !== undefined}
            feedUrl={options.feedPath ? `${config.baseUrl}${options.feedPath}` : undefined}
          />
        ),
        fragment: () => {
          if (!hasNotices(query)) c.header('HX-Push-Url', calendarUrl(query, options.path));
          return <WhatsOnFragment {...props} title={title} />;
        },
      },
      hasNotices(query) ? 400 : 200,
    );
  }

  app.get('/hva-skjer', (c) => renderWhatsOn(c, { path: '/hva-skjer', heading: c.get('tr').t.calendar.whatsOnTitle }));

  app.get('/kommune/:nummer/hva-skjer', (c) => {
    const municipality = reference.municipalityByNumber.get(c.req.param('nummer'));
    if (!municipality) return renderNotFound(c, ctx);
    return renderWhatsOn(c, {
      path: `/kommune/${municipality.number}/hva-skjer`,
      heading: c.get('tr').t.calendar.whatsOnMunicipalityTitle(municipality.display_name),
      fixed: { municipality },
      feedPath: `/kommune/${municipality.number}/kalender.ics`,
      atom: {
        title: c.get('tr').t.calendar.atomTitle(municipality.display_name),
        href: `${config.baseUrl}/kommune/${municipality.number}/nye-arrangementer.atom${c.get('tr').lang === 'en' ? '?lang=en' : ''}`,
      },
    });
  });

  app.get('/kommune/:nummer/nye-arrangementer.atom', async (c) => {
    const municipality = reference.municipalityByNumber.get(c.req.param('nummer'));
    if (!municipality) return renderNotFound(c, ctx);
    const tr = c.get('tr');
    const rows = await recentActivities(db, [municipality.number], ATOM_ENTRIES);
    const selfPath = `/kommune/${municipality.number}/nye-arrangementer.atom`;
    const body = activityAtomFeed({
      baseUrl: config.baseUrl,
      lang: tr.lang,
      title: tr.t.calendar.atomTitle(municipality.display_name),
      selfPath: tr.lang === 'en' ? `${selfPath}?lang=en` : selfPath,
      alternatePath: `/kommune/${municipality.number}/hva-skjer`,
      entries: rows.map((a) => ({
        id: a.id,
        title: a.title,
        summary: `${scheduleText(tr, a)} · ${a.association_name}`,
        created_at: a.created_at,
        updated_at: a.updated_at,
      })),
      now: ctx.clock(),
    });
    c.header('Content-Type', 'application/atom+xml; charset=utf-8');
    c.header('Vary', 'Cookie', { append: true });
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(body);
  });

  app.get('/region/:slug/hva-skjer', (c) => {
    const region = reference.regions.find((r) => r.slug === c.req.param('slug'));
    if (!region) return renderNotFound(c, ctx);
    const tr = c.get('tr');
    return renderWhatsOn(c, {
      path: `/region/${region.slug}/hva-skjer`,
      heading: tr.t.calendar.whatsOnRegionTitle(tr.name(region)),
      fixed: { region },
      feedPath: `/region/${region.slug}/kalender.ics`,
    });
  });

  // For municipal web sites' iframes, like /embed/lag: the /hva-skjer filters and the embed's colours.
  app.get('/embed/hva-skjer', async (c) => {
    const tr = c.get('tr');
    const params = new URL(c.req.url).searchParams;
    const today = localDate(ctx.clock());
    const query = parseCalendarQuery(params, reference, today);
    const theme = parseTheme(params);
    const index = await indexFor(db, activityFilter(query, reference));
    const [municipality] = query.municipalities;
    const heading =
      query.municipalities.length === 1 && municipality
        ? tr.t.calendar.whatsOnMunicipalityTitle(municipality.display_name)
        : query.region
          ? tr.t.calendar.whatsOnRegionTitle(tr.name(query.region))
          : tr.t.calendar.whatsOnTitle;
    const full = withParams(calendarUrl({ ...query, page: 1 }), tr.lang === 'en' ? new URLSearchParams({ lang: 'en' }) : new URLSearchParams());
    c.header('Vary', 'Cookie', { append: true });
    c.header('Cache-Control', 'public, max-age=300');
    return c.html(
      <EmbedWhatsOnPage
        tr={tr}
        reference={reference}
        assets={assets}
        heading={heading}
        query={query}
        items={await keptPage(db, index, 0, OCCURRENCES_PER_PAGE)}
        total={index.total}
        fullUrl={`${config.baseUrl}${full}`}
        baseUrl={config.baseUrl}
        themeUrl={Object.keys(theme.colours).length > 0 ? withParams('/embed/tema.css', themeQuery(theme.colours)) : null}
        themeProblems={theme.bad.map(([name, value]) => tr.t.share.themeBadColor(name, value))}
      />,
      hasNotices(query) || theme.bad.length > 0 ? 400 : 200,
    );
  });

  const parseId = (value: string) => (/^\d{1,9}$/.test(value) ? Number(value) : null);

  app.get('/hva-skjer/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const activity = id === null ? undefined : await findVisibleActivity(db, id);
    if (!activity) return renderNotFound(c, ctx);
    const today = localDate(ctx.clock());
    const upcoming = occurrences(activity, { from: today, to: addDays(today, 366) }, UPCOMING_ON_PAGE);
    return c.html(
      <ActivityPage
        meta={pageMeta(c, ctx, activity.title, {
          canonicalPath: `/hva-skjer/${activity.id}`,
          description: activity.description.split('\n')[0]?.slice(0, 300) || undefined,
          current: 'whats-on',
          jsonLd: eventJsonLd(activity, upcoming[0], reference, config.baseUrl),
        })}
        assets={assets}
        reference={reference}
        activity={activity}
        upcoming={upcoming}
        stale={isStale(activity.association_last_confirmed_at, ctx.clock())}
      />,
    );
  });

  /**
   * Calendar apps poll a subscription every few minutes to hours: each answer carries a strong
   * ETag, the digest of the feed's bytes (per content coding: a gzipped answer is another
   * representation), and a poll that sends it back in If-None-Match while the feed is the
   * same is answered 304 with no body. The digest is of the content, not of the data version,
   * so a write elsewhere in the country does not make every subscriber download again.
   */
  function notModified(c: Context<AppEnv>, etag: string): boolean {
    c.header('ETag', etag);
    const given = c.req.header('If-None-Match');
    if (given === undefined) return false;
    // RFC 9110 13.1.2: a list, or *; compared weakly (W/ ignored).
    return given.trim() === '*' || given.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
  }

  function ics(c: Context<AppEnv>, body: string, filename: string) {
    c.header('Content-Type', 'text/calendar; charset=utf-8');
    c.header('Content-Disposition', `inline; filename="${filename}"`);
    // Calendar apps poll a subscription; a few minutes' staleness costs nothing.
    c.header('Cache-Control', 'public, max-age=300');
    if (notModified(c, `"${feedDigest(body)}"`)) return c.body(null, 304);
    return c.body(body);
  }

  app.get('/hva-skjer/:id/kalender.ics', async (c) => {
    const id = parseId(c.req.param('id'));
    const activity = id === null ? undefined : await findVisibleActivity(db, id);
    if (!activity) return renderNotFound(c, ctx);
    return ics(c, calendarFeed([activity], { reference, baseUrl: config.baseUrl }, activity.title), `hva-skjer-${activity.id}.ics`);
  });

  /**
   * A built feed: gzipped as kept to clients that accept gzip (calendar apps and browsers
   * do), unpacked as it streams out to the rest, so neither holds the loop for a big one;
   * 304 to a poll that already has it.
   */
  function builtIcs(c: Context<AppEnv>, built: BuiltFeed, filename: string) {
    c.header('Content-Type', 'text/calendar; charset=utf-8');
    c.header('Content-Disposition', `inline; filename="${filename}"`);
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Vary', 'Accept-Encoding', { append: true });
    const gzip = /\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '');
    if (notModified(c, gzip ? `"${built.digest}-gzip"` : `"${built.digest}"`)) return c.body(null, 304);
    if (gzip) {
      c.header('Content-Encoding', 'gzip');
      c.header('Content-Length', String(built.gzipped.byteLength));
      return c.body(built.gzipped);
    }
    c.header('Content-Length', String(built.length));
    return c.body(Readable.toWeb(Readable.from([built.gzipped]).pipe(createGunzip())) as ReadableStream<Uint8Array>);
  }

  /**
   * A feed: the same filters as /hva-skjer (but for the period), complete over a stated
   * window: the past FEED_DAYS_BACK days and the coming two years (X-WR-CALDESC says so,
   * and the pages that offer it).
   */
  async function feed(c: Context<AppEnv>, name: string, filename: string, fixed: { municipality?: Municipality; region?: Region }, associationId?: number) {
    const today = localDate(ctx.clock());
    const query = parseCalendarQuery(new URL(c.req.url).searchParams, reference, today, fixed);
    const filter: ActivityFilter = {
      ...activityFilter(query, reference),
      from: addDays(today, -FEED_DAYS_BACK),
      to: latestAllowedDate(today),
      ...(associationId !== undefined ? { associationId } : {}),
    };
    const tr = c.get('tr');
    const title = tr.t.calendar.feedTitle(name);
    const description = tr.t.calendar.feedWindow(longDate(tr, filter.from), longDate(tr, filter.to));
    // The same bytes for every subscriber until the next write or day (the window moves with
    // the date; DTSTAMP is the activity's own change): a big municipality's feed is over
    // 15 MB (1.5 MB gzipped), polled by every calendar app that subscribed. Built in steps
    // that hand the event loop back (buildFeed), and kept gzipped, outside the JS heap.
    const built = await perVersion(db, 'calendar-feed', JSON.stringify([filter, title, description]), 4, () =>
      buildFeed(db, filter, { reference, baseUrl: config.baseUrl }, title, description),
    );
    return builtIcs(c, built, filename);
  }

  app.get('/lag/:slug/kalender.ics', async (c) => {
    const association = await findPublishedBySlug(db, c.req.param('slug'));
    if (!association) return renderNotFound(c, ctx);
    return feed(c, association.name, `${association.slug}.ics`, {}, association.id);
  });

  app.get('/kommune/:nummer/kalender.ics', (c) => {
    const municipality = reference.municipalityByNumber.get(c.req.param('nummer'));
    if (!municipality) return renderNotFound(c, ctx);
    return feed(c, municipality.display_name, `kommune-${municipality.number}.ics`, { municipality });
  });

  app.get('/region/:slug/kalender.ics', (c) => {
    const region = reference.regions.find((r) => r.slug === c.req.param('slug'));
    if (!region) return renderNotFound(c, ctx);
    return feed(c, c.get('tr').name(region), `region-${region.slug}.ics`, { region });
  });

  return app;
}
