import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { AssociationSummary } from '../src/db/associations.js';
import type { Reference } from '../src/db/reference.js';
import type { Category, Municipality } from '../src/db/types.js';
import type { Translator } from '../src/i18n/index.js';
import { type ListQuery, PAGE_SIZE, listUrl } from '../src/lib/list-query.js';
import { type Assets, Layout, type PageMeta } from './layout.js';
import { Notices } from './notices.js';
import { renderOnce } from './render-once.js';

/** One association in a list: what a visitor needs to decide whether to open it. */
export function AssociationCard(props: { association: AssociationSummary; reference: Reference; tr: Translator }) {
  // A summary object stays the same until the next write (src/db/associations.ts keeps it),
  // so its card is rendered once per language.
  return raw(renderOnce(props.association, `card ${props.tr.lang}`, () => <RenderedCard {...props} />));
}

function RenderedCard(props: { association: AssociationSummary; reference: Reference; tr: Translator }) {
  const { association: a, reference, tr } = props;
  const municipality = reference.municipalityByNumber.get(a.municipality_number);
  const place = a.place_id === null ? undefined : reference.placeById.get(a.place_id);
  const categories = a.category_ids.map((id) => reference.categoryById.get(id)).filter((c) => c !== undefined);
  return (
    <article class="card">
      <h3 class="card__title">
        <a href={`/lag/${a.slug}`}>{a.name}</a>
      </h3>
      <p class="card__where">{[place?.name === municipality?.name ? undefined : place?.name, municipality?.display_name].filter(Boolean).join(', ')}</p>
      {a.short_description ? <p class="card__summary">{a.short_description}</p> : null}
      {categories.length > 0 ? (
        <ul class="tags">
          {categories.map((c) => (
            <li>{tr.name(c)}</li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

export interface ListResult {
  total: number;
  rows: AssociationSummary[];
}

interface ResultsProps {
  tr: Translator;
  reference: Reference;
  query: ListQuery;
  result: ListResult;
  /** Where list links point: /lag, or a landing page's own path. */
  path: string;
  /** For a search that found nothing: the search with its unknown words replaced by indexed ones. */
  suggestion?: string | null;
}

/** Says that a municipality named in the search is used as the municipality filter. */
function SearchWithin(props: ResultsProps) {
  const { tr, query } = props;
  if (!query.within) return null;
  const names = query.within.municipalities.map((m) => m.display_name).join(tr.t.search.withinAnd);
  return <p class="search-within">{tr.t.search.withinMunicipality(names, query.within.shown)}</p>;
}

/** "Mente du …?": one link to the same list with the suggested search. */
function DidYouMean(props: ResultsProps) {
  const { tr, query, suggestion, path } = props;
  if (!suggestion) return null;
  return (
    <p class="did-you-mean">
      {tr.t.search.didYouMean} <a href={listUrl({ ...query, q: suggestion, page: 1 }, path)}>{tr.t.search.didYouMeanLink(suggestion)}</a>?
    </p>
  );
}

/** Removable chips for the filters in use; each link is the same list without that filter. */
function ActiveFilters(props: ResultsProps) {
  const { tr, query, path } = props;
  const chips: { label: string; href: string }[] = [];
  if (query.q) chips.push({ label: `«${query.q}»`, href: listUrl({ ...query, q: '' }, path) });
  if (query.region) chips.push({ label: tr.name(query.region), href: listUrl({ ...query, region: null }, '/lag') });
  for (const m of query.municipalities) {
    const rest = query.municipalities.filter((x) => x !== m);
    chips.push({ label: m.display_name, href: listUrl({ ...query, municipalities: rest }, '/lag') });
  }
  for (const c of query.categories) {
    const rest = query.categories.filter((x) => x !== c);
    chips.push({ label: tr.name(c), href: listUrl({ ...query, categories: rest }, '/lag') });
  }
  if (query.place) chips.push({ label: query.place.name, href: listUrl({ ...query, place: null }, path) });
  if (chips.length === 0) return null;
  return (
    <div class="active-filters">
      <h2 class="visually-hidden">{tr.t.activeFiltersHeading}</h2>
      <ul>
        {chips.map((chip) => (
          <li>
            <a class="chip" href={chip.href} aria-label={tr.t.removeFilter(chip.label)}>
              {chip.label}
              <span aria-hidden="true"> ×</span>
            </a>
          </li>
        ))}
      </ul>
      <p>
        <a href="/lag">{tr.t.clearFilters}</a>
      </p>
    </div>
  );
}

function Pagination(props: ResultsProps & { pageCount: number }) {
  const { tr, query, pageCount, path } = props;
  if (pageCount <= 1) return null;
  const page = Math.min(query.page, pageCount);
  return (
    <nav class="pagination" aria-label={tr.t.paginationLabel}>
      {page > 1 ? (
        <a href={listUrl({ ...query, page: page - 1 }, path)} rel="prev">
          {tr.t.previousPage}
        </a>
      ) : null}
      <span>{tr.t.pageOf(tr.number(page), tr.number(pageCount))}</span>
      {page < pageCount ? (
        <a href={listUrl({ ...query, page: page + 1 }, path)} rel="next">
          {tr.t.nextPage}
        </a>
      ) : null}
    </nav>
  );
}

/**
 * The result part of a list page. The full page renders it inside #results, and an htmx
 * request receives exactly this, so the markup exists once.
 */
function summaryParts(props: ResultsProps) {
  const { tr, query, result } = props;
  const pageCount = Math.ceil(result.total / PAGE_SIZE);
  const from = (query.page - 1) * PAGE_SIZE + 1;
  const to = from + result.rows.length - 1;
  const count = tr.t.resultCount(result.total, tr.number(result.total));
  const range = result.rows.length > 0 && pageCount > 1 ? tr.t.resultRange(tr.number(from), tr.number(to), tr.number(result.total)) : null;
  return { pageCount, from, count, range };
}

/** Links to the whole filtered list as a file; the exports take the same parameters as /lag. */
function Downloads(props: { tr: Translator; query: ListQuery }) {
  const { tr, query } = props;
  const t = tr.t.openData;
  const csv = listUrl(query, '/lag.csv');
  const semicolon = `${csv}${csv.includes('?') ? '&' : '?'}skilletegn=semikolon`;
  return (
    <p class="downloads">
      {t.downloadHeading}:{' '}
      <a href={csv} download>
        {t.downloadCsv}
      </a>{' '}
      ·{' '}
      <a href={semicolon} download>
        {t.downloadCsvSemicolon}
      </a>{' '}
      ·{' '}
      <a href={listUrl(query, '/lag.json')} download>
        {t.downloadJson}
      </a>
      <span class="hint"> {t.downloadHint}</span>
    </p>
  );
}

export function Results(props: ResultsProps) {
  const { tr, query, result, reference } = props;
  const { pageCount, from, count, range } = summaryParts(props);
  return (
    <>
      <Notices tr={tr} notices={query.notices} />
      <ActiveFilters {...props} />
      <SearchWithin {...props} />
      <p class="result-summary" id="result-summary">
        <strong>{count}</strong>
        {range ? <> · {range}</> : null}
      </p>
      {result.total > 0 ? <Downloads tr={tr} query={query} /> : null}
      {result.total === 0 ? (
        <div class="empty">
          <p>{tr.t.noResults}</p>
          <DidYouMean {...props} />
          <p>{tr.t.noResultsHint}</p>
        </div>
      ) : result.rows.length === 0 ? (
        <p class="empty">
          {tr.t.pageBeyondEnd} <a href={listUrl({ ...query, page: 1 }, props.path)}>{tr.t.firstPageLink}</a>
        </p>
      ) : (
        <ol class="cards" start={from}>
          {result.rows.map((a) => (
            <li>
              <AssociationCard association={a} reference={reference} tr={tr} />
            </li>
          ))}
        </ol>
      )}
      <Pagination {...props} pageCount={pageCount} />
    </>
  );
}

/**
 * What htmx receives: the results, plus the new count for the page's status element. Only
 * the status element's text changes, so screen readers announce the count, not the list.
 */
export function ResultsFragment(props: ResultsProps & { title: string }) {
  const { count, range } = summaryParts(props);
  return (
    <>
      {/* htmx moves a <title> in a response to the document, so the tab names the search. */}
      <title>{props.tr.t.pageTitle(props.title)}</title>
      <Results {...props} />
      <p id="result-status" hx-swap-oob="innerHTML">
        {range ? `${count}. ${range}` : count}
      </p>
    </>
  );
}

function MunicipalityOptions(props: { reference: Reference; selected: Municipality | undefined }) {
  const counties = new Map<string, Municipality[]>();
  for (const m of props.reference.municipalities) {
    const list = counties.get(m.county_name) ?? [];
    list.push(m);
    counties.set(m.county_name, list);
  }
  return (
    <>
      {[...counties].map(([county, municipalities]) => (
        <optgroup label={county}>
          {municipalities.map((m) => (
            <option value={m.number} selected={m === props.selected}>
              {m.display_name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

function CategoryOptions(props: { reference: Reference; selected: Category | undefined; tr: Translator }) {
  const { reference, selected, tr } = props;
  return (
    <>
      {reference.categoryTree.map((group) => (
        <optgroup label={tr.name(group)}>
          <option value={group.slug} selected={group === selected}>
            {tr.name(group)}
          </option>
          {group.children.map((c) => (
            <option value={c.slug} selected={c === selected}>
              {`– ${tr.name(c)}`}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

function PlaceOptions(props: { reference: Reference; selected: ListQuery['place'] }) {
  const { reference, selected } = props;
  const byMunicipality = new Map<string, typeof reference.places>();
  for (const p of reference.places) {
    const list = byMunicipality.get(p.municipality_number) ?? [];
    list.push(p);
    byMunicipality.set(p.municipality_number, list);
  }
  return (
    <>
      {[...byMunicipality].map(([number, places]) => (
        <optgroup label={reference.municipalityByNumber.get(number)?.display_name ?? number}>
          {places.map((p) => (
            <option value={p.slug} selected={p.id === selected?.id}>
              {p.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

// The pickers hold every municipality (357), place and category: rendering them on each
// request cost more than the rest of the page. They are rendered once, without a selection,
// per reference-data load (loadReference makes new arrays, so the arrays are the keys) and
// language, and the selected option is marked in the finished HTML.
/** Marks one option as selected; values are slugs and municipality numbers, which need no escaping. */
function withSelected(html: string, value: string | undefined) {
  if (value === undefined || !/^[a-z0-9-]+$/.test(value)) return raw(html);
  const option = `<option value="${value}">`;
  return raw(html.replace(option, `<option value="${value}" selected="">`));
}

function CachedMunicipalityOptions(props: { reference: Reference; selected: Municipality | undefined }) {
  const { reference } = props;
  const html = renderOnce(reference.municipalities, 'options', () => <MunicipalityOptions reference={reference} selected={undefined} />);
  return withSelected(html, props.selected?.number);
}

function CachedPlaceOptions(props: { reference: Reference; selected: ListQuery['place'] }) {
  const { reference } = props;
  const html = renderOnce(reference.places, 'options', () => <PlaceOptions reference={reference} selected={null} />);
  return withSelected(html, props.selected?.slug);
}

function CachedCategoryOptions(props: { reference: Reference; selected: Category | undefined; tr: Translator }) {
  const { reference, tr } = props;
  const html = renderOnce(reference.categoryTree, `options ${tr.lang}`, () => <CategoryOptions reference={reference} selected={undefined} tr={tr} />);
  return withSelected(html, props.selected?.slug);
}

/**
 * The search and filter form. It is a plain GET form to /lag; htmx attributes make it
 * refresh #results while typing, and push the same URL the plain form would open.
 */
export function SearchForm(props: { tr: Translator; reference: Reference; query: ListQuery; withFilters: boolean }) {
  const { tr, reference, query, withFilters } = props;
  const { t } = tr;
  const [firstMunicipality, ...otherMunicipalities] = query.municipalities;
  const [firstCategory, ...otherCategories] = query.categories;
  const filtersInUse = query.municipalities.length + query.categories.length + (query.place ? 1 : 0);
  const live = withFilters
    ? {
        'hx-get': '/lag',
        'hx-target': '#results',
        // submit: Enter stays an htmx request; changed: no request when a value did not change.
        'hx-trigger': 'submit, input changed delay:300ms, change changed',
        'hx-push-url': 'true',
        // htmx 4 queues by default, which can leave an older search on screen; replace it instead.
        'hx-sync': 'this:replace',
      }
    : {};
  return (
    <form class="search-form" action="/lag" method="get" role="search" {...live}>
      <div class="field">
        <label for="q">{t.searchLabel}</label>
        <p class="hint" id="q-hint">
          {t.searchHint}
        </p>
        <div class="search-row">
          <input type="search" id="q" name="q" value={query.q} maxlength={200} autocomplete="off" aria-describedby="q-hint" />
          <button type="submit">{t.searchButton}</button>
        </div>
      </div>
      {withFilters ? (
        // Folded on narrow screens so the results start on the first screen; open while a
        // filter is in use, so what narrows the list is never hidden. Wide screens show it open.
        <details class="filter-toggle" open={filtersInUse > 0}>
          <summary>{filtersInUse > 0 ? tr.t.search.filterToggleActive(tr.number(filtersInUse)) : tr.t.search.filterToggle}</summary>
          <fieldset class="filters">
            <legend>{t.filtersHeading}</legend>
            <div class="field">
              <label for="region">{t.regionLabel}</label>
              <select id="region" name="region">
                <option value="">{t.regionAny}</option>
                {reference.regions.map((r) => (
                  <option value={r.slug} selected={r === query.region}>
                    {tr.name(r)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="kommune">{t.municipalityLabel}</label>
              <select id="kommune" name="kommune">
                <option value="">{t.municipalityAny}</option>
                <CachedMunicipalityOptions reference={reference} selected={firstMunicipality} />
              </select>
              {otherMunicipalities.map((m) => (
                <input type="hidden" name="kommune" value={m.number} />
              ))}
            </div>
            <div class="field">
              <label for="sted">{t.placeLabel}</label>
              <select id="sted" name="sted">
                <option value="">{t.placeAny}</option>
                <CachedPlaceOptions reference={reference} selected={query.place} />
              </select>
            </div>
            <div class="field">
              <label for="kategori">{t.categoryLegend}</label>
              <select id="kategori" name="kategori">
                <option value="">{t.categoryAny}</option>
                <CachedCategoryOptions reference={reference} selected={firstCategory} tr={tr} />
              </select>
              {otherCategories.map((c) => (
                <input type="hidden" name="kategori" value={c.slug} />
              ))}
            </div>
            <button type="submit" class="secondary">
              {t.applyFilters}
            </button>
          </fieldset>
        </details>
      ) : null}
    </form>
  );
}

export interface ListPageProps extends ResultsProps {
  meta: PageMeta;
  assets: Assets;
  heading: string;
  /** Shown between the heading and the form, e.g. a municipality's other names and places. */
  intro?: Child;
}

export function ListPage(props: ListPageProps) {
  const { meta, assets, heading, intro, tr, reference, query } = props;
  return (
    <Layout {...meta} assets={assets}>
      <h1>{heading}</h1>
      {intro}
      <SearchForm tr={tr} reference={reference} query={query} withFilters />
      <p id="result-status" role="status" class="visually-hidden"></p>
      <section id="results" class="results" aria-labelledby="result-summary">
        <Results {...props} />
      </section>
    </Layout>
  );
}
