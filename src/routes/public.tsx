import { Hono } from 'hono';
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { AssociationDetailPage } from '../../views/association-detail.js';
import { ListPage, ResultsFragment } from '../../views/associations.js';
import { HomePage } from '../../views/home.js';
import { RegionIntro } from '../../views/region.js';
import { LinkNav } from '../../views/components/link-nav.js';
import type { AppContext, AppEnv } from '../app-env.js';
import {
  type AssociationDetail,
  countPublishedByCategory,
  countPublishedByMunicipality,
  findPublishedBySlug,
  listPublished,
  searchSuggestion,
  recentlyPublished,
} from '../db/associations.js';
import { siteText } from '../db/admin.js';
import { isUnclaimed } from '../db/brreg.js';
import { mergedTarget } from '../db/moderation.js';
import { countPublishedByCategoryIn } from '../db/regions.js';
import type { Category, Municipality, Region } from '../db/types.js';
import { PAGE_SIZE, type ListQuery, associationFilter, listUrl, parseListQuery } from '../lib/list-query.js';
import { canonicalInLanguage, pageMeta, renderPageOrFragment } from './render.js';
import { renderNotFound } from './errors.js';
import { organizationJsonLd } from '../lib/structured-data.js';
import { isStale } from '../reminders.js';
import { thisWeekOnFrontPage, upcomingForAssociation } from './calendar.js';
import { cacheable } from '../lib/response-cache.js';

const RECENT_COUNT = 6;

/** The first paragraph of a stored text on one line, short enough for a description meta tag. */
function descriptionOf(text: string): string {
  const first = (text.split(/\n\s*\n/)[0] ?? '').replace(/\s+/g, ' ').trim();
  return first.length > 300 ? `${first.slice(0, 299)}…` : first;
}

/** The public directory: front page, lists, landing pages and detail pages. */
export function publicRoutes(ctx: AppContext) {
  const { db, reference, assets } = ctx;
  const app = new Hono<AppEnv>();

  // A detail entry is kept until the next write, and so is its structured data (the layout
  // keeps the serialised text by the same object).
  const structuredData = new WeakMap<AssociationDetail, Record<string, unknown>>();
  const jsonLdOf = (association: AssociationDetail) => {
    let data = structuredData.get(association);
    if (!data) structuredData.set(association, (data = organizationJsonLd(association, reference, ctx.config.baseUrl)));
    return data;
  };

  app.get('/', cacheable(), async (c) => {
    const tr = c.get('tr');
    const [municipalityCounts, categoryCounts, recent, intro] = await Promise.all([
      countPublishedByMunicipality(db),
      countPublishedByCategory(db),
      recentlyPublished(db, RECENT_COUNT),
      // An admin's intro for this language, set at /moderering/tekster; null means t.homeIntro.
      siteText(db, 'home-intro', tr.lang),
    ]);
    const regions = ctx.config.regions.map((slug) => reference.regions.find((r) => r.slug === slug)).filter((r) => r !== undefined);
    const emptyQuery = parseListQuery(new URLSearchParams(), reference);
    return c.html(
      <HomePage
        meta={pageMeta(c, ctx, tr.t.homeTitle, { canonicalPath: '/', current: 'home', description: intro ? descriptionOf(intro) : tr.t.homeIntro })}
        assets={assets}
        reference={reference}
        regions={regions}
        municipalityCounts={municipalityCounts}
        categoryCounts={categoryCounts}
        recent={recent}
        emptyQuery={emptyQuery}
        intro={intro}
        thisWeek={await thisWeekOnFrontPage(ctx, c, regions)}
      />,
    );
  });

  /** Renders a list for /lag and the landing pages, which are the list with one filter fixed. */
  async function renderList(
    c: Context<AppEnv>,
    options: {
      path: string;
      heading: string;
      title?: string;
      intro?: Child;
      fixed?: { municipality?: Municipality; category?: Category; region?: Region };
      feeds?: { title: string; href: string }[];
    },
  ) {
    const tr = c.get('tr');
    const query: ListQuery = parseListQuery(new URL(c.req.url).searchParams, reference, options.fixed);
    const filter = associationFilter(query, reference);
    const result = await listPublished(db, filter, { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE });
    const suggested = result.total === 0 && filter.match ? await searchSuggestion(db, filter.match) : null;
    // A municipality the search named stays in the suggested search, where it was used as the filter.
    const suggestion = suggested && query.within ? `${suggested} ${query.within.municipalities[0]!.name}` : suggested;
    const props = { tr, reference, query, result, path: options.path, suggestion };
    const title = options.title ?? (query.q ? tr.t.listTitleSearch(query.q) : options.heading);
    // A landing page's own filter is in its path already: /kommune/1806, not /kommune/1806?kommune=1806.
    const canonicalPath = listUrl(
      {
        ...query,
        municipalities: query.municipalities.filter((m) => m !== options.fixed?.municipality),
        categories: query.categories.filter((cat) => cat !== options.fixed?.category),
        region: query.region === options.fixed?.region ? null : query.region,
      },
      options.path,
    );
    return renderPageOrFragment(
      c,
      {
        page: () => (
          <ListPage
            {...props}
            meta={pageMeta(c, ctx, title, { canonicalPath, current: 'associations', feeds: options.feeds })}
            assets={assets}
            heading={options.heading}
            intro={options.intro}
          />
        ),
        fragment: () => {
          // The form sends every field, empty ones too; push the clean URL a link would have.
          if (query.notices.length === 0) c.header('HX-Push-Url', listUrl(query, options.path));
          return <ResultsFragment {...props} title={title} />;
        },
      },
      // A URL we could only partly use is a bad request, though the page still helps.
      query.notices.length > 0 ? 400 : 200,
    );
  }

  app.get('/lag', cacheable(), (c) => renderList(c, { path: '/lag', heading: c.get('tr').t.listTitle }));

  app.get('/lag/:slug', cacheable(), async (c) => {
    const association = await findPublishedBySlug(db, c.req.param('slug'));
    if (!association) {
      // A duplicate that a moderator merged away sends its visitors on to the entry it repeated.
      const target = await mergedTarget(db, c.req.param('slug'));
      return target ? c.redirect(`/lag/${target}`, 301) : renderNotFound(c, ctx);
    }
    const meta = pageMeta(c, ctx, association.name, {
      canonicalPath: `/lag/${association.slug}`,
      description: association.short_description || undefined,
      current: 'associations',
      jsonLd: jsonLdOf(association),
    });
    return c.html(
      <AssociationDetailPage
        meta={meta}
        assets={assets}
        association={association}
        reference={reference}
        stale={isStale(association.last_confirmed_at, ctx.clock())}
        unclaimed={await isUnclaimed(db, association.id)}
        calendar={await upcomingForAssociation(ctx, c, association)}
      />,
    );
  });

  app.get('/kommune/:nummer', cacheable(), async (c) => {
    const municipality = reference.municipalityByNumber.get(c.req.param('nummer'));
    if (!municipality) return renderNotFound(c, ctx);
    const tr = c.get('tr');
    const places = reference.places.filter((p) => p.municipality_number === municipality.number);
    const intro = (
      <div class="landing-intro">
        {municipality.parallel_names ? <p>{tr.t.municipalityParallelNames(municipality.parallel_names)}</p> : null}
        <p>{tr.t.municipalityCounty(municipality.county_name)}</p>
        <p>
          <a href={`/kommune/${municipality.number}/nye.atom`} type="application/atom+xml">
            {tr.t.share.feedLinkLabel}
          </a>
        </p>
        <LinkNav
          id="places-heading"
          heading={tr.t.municipalityPlaces}
          links={places.map((p) => ({ href: `/kommune/${municipality.number}?sted=${p.slug}`, text: p.name }))}
        />
      </div>
    );
    return renderList(c, {
      path: `/kommune/${municipality.number}`,
      heading: tr.t.municipalityTitle(municipality.display_name),
      intro,
      fixed: { municipality },
      // Absolute, and in the page's language: feed readers keep the address and send no cookie.
      feeds: [
        {
          title: tr.t.share.feedLinkTitle(municipality.display_name),
          href: `${ctx.config.baseUrl}${canonicalInLanguage(`/kommune/${municipality.number}/nye.atom`, tr.lang, ctx.config.defaultLanguage)}`,
        },
      ],
    });
  });

  app.get('/region/:slug', cacheable(), async (c) => {
    const region = reference.regions.find((r) => r.slug === c.req.param('slug'));
    if (!region) return renderNotFound(c, ctx);
    const tr = c.get('tr');
    const [municipalityCounts, categoryCounts] = await Promise.all([
      countPublishedByMunicipality(db),
      countPublishedByCategoryIn(db, reference.regionMembers.get(region.slug) ?? []),
    ]);
    return renderList(c, {
      path: `/region/${region.slug}`,
      heading: tr.t.regionTitle(tr.name(region)),
      intro: <RegionIntro tr={tr} reference={reference} region={region} municipalityCounts={municipalityCounts} categoryCounts={categoryCounts} />,
      fixed: { region },
      feeds: [
        {
          title: tr.t.share.feedRegionTitle(tr.name(region)),
          href: `${ctx.config.baseUrl}/region/${region.slug}/nye.atom${tr.lang === 'en' ? '?lang=en' : ''}`,
        },
      ],
    });
  });

  app.get('/kategori/:slug', cacheable(), async (c) => {
    const category = reference.categoryBySlug.get(c.req.param('slug'));
    if (!category) return renderNotFound(c, ctx);
    const tr = c.get('tr');
    const parent = category.parent_id === null ? undefined : reference.categoryById.get(category.parent_id);
    const children = reference.categoryTree.find((g) => g.id === category.id)?.children ?? [];
    const intro = (
      <div class="landing-intro">
        {parent ? (
          <p>
            <a href={`/kategori/${parent.slug}`}>{tr.t.categoryParent(tr.name(parent))}</a>
          </p>
        ) : null}
        <LinkNav
          id="subcategories-heading"
          heading={tr.t.categorySubcategories}
          links={children.map((child) => ({ href: `/kategori/${child.slug}`, text: tr.name(child) }))}
        />
      </div>
    );
    return renderList(c, {
      path: `/kategori/${category.slug}`,
      heading: tr.t.categoryTitle(tr.name(category)),
      intro,
      fixed: { category },
    });
  });

  return app;
}
