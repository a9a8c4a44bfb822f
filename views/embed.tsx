import { raw } from 'hono/html';
import type { AssociationSummary } from '../src/db/associations.js';
import type { Reference } from '../src/db/reference.js';
import type { Region } from '../src/db/types.js';
import type { Translator } from '../src/i18n/index.js';
import { type Notice, PAGE_SIZE } from '../src/lib/list-query.js';
import { type Assets, Layout, type PageMeta } from './layout.js';

export interface EmbedListProps {
  tr: Translator;
  reference: Reference;
  assets: Assets;
  heading: string;
  /** Absolute URL of the same list on Lagportal, for the canonical link and "see all". */
  fullListUrl: string;
  baseUrl: string;
  /** Appended to links into Lagportal: `?lang=…` when the embed is not in the site's language, else ''. */
  languageQuery: string;
  /** A stylesheet with the host's colours, when the URL asked for any. */
  themeUrl: string | null;
  notices: Notice[];
  themeProblems: string[];
  total: number;
  rows: AssociationSummary[];
  page: number;
  pageCount: number;
  /** The embed URL of another page of the same list. */
  pageUrl: (page: number) => string;
}

function EmbedNotices(props: { tr: Translator; notices: Notice[]; extra: string[] }) {
  const { tr, notices, extra } = props;
  if (notices.length === 0 && extra.length === 0) return null;
  return (
    <div class="lp-notice" role="alert">
      <h2>{tr.t.noticeHeading}</h2>
      <ul>
        {notices.map((n) => {
          const message = tr.t[n.key] as (...args: string[]) => string;
          return <li>{message(...n.args)}</li>;
        })}
        {extra.map((m) => (
          <li>{m}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The list for other sites' frames: no site header or footer, its own small stylesheet,
 * lp- class names that stay stable, and links that open Lagportal in the whole window.
 */
export function EmbedListPage(props: EmbedListProps) {
  const { tr, reference, assets, rows, page, pageCount } = props;
  const { t } = tr;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={tr.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{t.pageTitle(props.heading)}</title>
          <link rel="canonical" href={props.fullListUrl} />
          <link rel="stylesheet" href={assets.embedStyle} />
          {props.themeUrl ? <link rel="stylesheet" href={props.themeUrl} /> : null}
        </head>
        <body class="lp-embed">
          <main class="lp-main">
            <h1 class="lp-title">{props.heading}</h1>
            <EmbedNotices tr={tr} notices={props.notices} extra={props.themeProblems} />
            <p class="lp-count">{t.resultCount(props.total, tr.number(props.total))}</p>
            {rows.length === 0 ? (
              <p class="lp-empty">{props.total === 0 ? t.noResults : t.pageBeyondEnd}</p>
            ) : (
              <ol class="lp-list" start={(page - 1) * PAGE_SIZE + 1}>
                {rows.map((a) => {
                  const municipality = reference.municipalityByNumber.get(a.municipality_number);
                  const place = a.place_id === null ? undefined : reference.placeById.get(a.place_id);
                  const where = [place?.name === municipality?.name ? undefined : place?.name, municipality?.display_name].filter(Boolean).join(', ');
                  const categories = a.category_ids.map((id) => reference.categoryById.get(id)).filter((c) => c !== undefined);
                  return (
                    <li class="lp-item">
                      <a class="lp-item__name" href={`${props.baseUrl}/lag/${a.slug}${props.languageQuery}`} target="_top">
                        {a.name}
                      </a>
                      {where ? <p class="lp-item__where">{where}</p> : null}
                      {a.short_description ? <p class="lp-item__summary">{a.short_description}</p> : null}
                      {categories.length > 0 ? (
                        <ul class="lp-item__categories">
                          {categories.map((c) => (
                            <li class="lp-item__category">{tr.name(c)}</li>
                          ))}
                        </ul>
                      ) : null}
                    </li>
                  );
                })}
              </ol>
            )}
            {pageCount > 1 ? (
              <nav class="lp-pagination" aria-label={t.paginationLabel}>
                {page > 1 && page <= pageCount ? (
                  <a class="lp-pagination__previous" href={props.pageUrl(page - 1)} rel="prev">
                    {t.previousPage}
                  </a>
                ) : null}
                <span class="lp-pagination__current">{t.pageOf(tr.number(Math.min(page, pageCount)), tr.number(pageCount))}</span>
                {page < pageCount ? (
                  <a class="lp-pagination__next" href={props.pageUrl(page + 1)} rel="next">
                    {t.nextPage}
                  </a>
                ) : null}
              </nav>
            ) : null}
            <p class="lp-more">
              <a href={props.fullListUrl} target="_top">
                {props.total > 0 ? t.share.embedMoreFiltered(tr.number(props.total)) : t.share.embedMore}
              </a>
            </p>
            <p class="lp-source">{t.share.embedPoweredBy}</p>
          </main>
        </body>
      </html>
    </>
  );
}

export const EMBED_CUSTOM_PROPERTIES = [
  '--lp-font',
  '--lp-font-size',
  '--lp-text',
  '--lp-muted',
  '--lp-background',
  '--lp-accent',
  '--lp-line',
  '--lp-focus',
  '--lp-gap',
  '--lp-radius',
] as const;

export const EMBED_CLASSES = [
  'lp-embed',
  'lp-main',
  'lp-title',
  'lp-notice',
  'lp-count',
  'lp-list',
  'lp-item',
  'lp-item__name',
  'lp-item__where',
  'lp-item__summary',
  'lp-item__categories',
  'lp-item__category',
  'lp-empty',
  'lp-pagination',
  'lp-pagination__previous',
  'lp-pagination__current',
  'lp-pagination__next',
  'lp-more',
  'lp-source',
] as const;

/** /om/deling: how to embed the list and where the feeds are. */
export function SharingHelpPage(props: {
  meta: PageMeta;
  assets: Assets;
  reference: Reference;
  regions: Region[];
  notices: Notice[];
  municipalityNumber: string | null;
  categorySlug: string | null;
  /** The iframe code to show, for the chosen list. */
  snippet: string;
  embedUrl: string;
  baseUrl: string;
}) {
  const { meta, assets, reference, regions, baseUrl } = props;
  const { tr } = meta;
  const s = tr.t.share;
  const exampleMunicipality = props.municipalityNumber ?? reference.municipalities[0]?.number ?? '';
  return (
    <Layout {...meta} assets={assets}>
      <h1>{s.helpTitle}</h1>
      <p class="lead">{s.helpIntro}</p>
      <EmbedNotices tr={tr} notices={props.notices} extra={[]} />

      <h2 id="embed">{s.helpEmbedHeading}</h2>
      <p>{s.helpEmbedText}</p>
      <form method="get" action="/om/deling#embed" class="search-form">
        <fieldset class="filters">
          <legend>{s.helpChooseLegend}</legend>
          <div class="field">
            <label for="kommune">{s.helpMunicipality}</label>
            <select id="kommune" name="kommune">
              {reference.municipalities
                .slice()
                .sort((a, b) => a.display_name.localeCompare(b.display_name, 'nb'))
                .map((m) => (
                  <option value={m.number} selected={m.number === exampleMunicipality}>
                    {m.display_name}
                  </option>
                ))}
            </select>
          </div>
          <div class="field">
            <label for="kategori">{s.helpCategory}</label>
            <select id="kategori" name="kategori">
              <option value="">{s.helpCategoryAny}</option>
              {reference.categoryTree.map((group) => (
                <optgroup label={tr.name(group)}>
                  <option value={group.slug} selected={group.slug === props.categorySlug}>
                    {tr.name(group)}
                  </option>
                  {group.children.map((c) => (
                    <option value={c.slug} selected={c.slug === props.categorySlug}>
                      {`– ${tr.name(c)}`}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">
            {s.helpShowCode}
          </button>
        </fieldset>
      </form>
      <h3 id="snippet-heading">{s.helpCodeLabel}</h3>
      <pre class="mail-text">
        <code>{props.snippet}</code>
      </pre>
      <p>
        <a href={props.embedUrl}>{s.helpPreview}</a>
      </p>

      <h2>{s.helpStyleHeading}</h2>
      <p>{s.helpStyleText}</p>
      <h3>{s.helpVariablesHeading}</h3>
      <ul class="link-list link-list--inline">
        {EMBED_CUSTOM_PROPERTIES.map((p) => (
          <li>
            <code>{p}</code>
          </li>
        ))}
      </ul>
      <h3>{s.helpClassesHeading}</h3>
      <p>{s.helpClassesText}</p>
      <ul class="link-list link-list--inline">
        {EMBED_CLASSES.map((c) => (
          <li>
            <code>{c}</code>
          </li>
        ))}
      </ul>

      <h2 id="feeds">{s.helpFeedsHeading}</h2>
      <p>{s.helpFeedsText}</p>
      <p>
        {s.helpFeedMunicipality} <a href={`/kommune/${exampleMunicipality}/nye.atom`}>{`${baseUrl}/kommune/${exampleMunicipality}/nye.atom`}</a>
      </p>
      <p>{s.helpFeedRegion}</p>
      <ul>
        {regions.map((r) => (
          <li>
            <a href={`/region/${r.slug}/nye.atom`}>{tr.name(r)}</a>: <code>{`${baseUrl}/region/${r.slug}/nye.atom`}</code>
          </li>
        ))}
      </ul>
      <p>
        {s.helpSitemapText} <a href="/sitemap.xml">{`${baseUrl}/sitemap.xml`}</a>.
      </p>
    </Layout>
  );
}
