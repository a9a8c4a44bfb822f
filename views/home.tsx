import { raw } from 'hono/html';
import type { AssociationSummary } from '../src/db/associations.js';
import type { Reference } from '../src/db/reference.js';
import type { Region } from '../src/db/types.js';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ListQuery } from '../src/lib/list-query.js';
import { Paragraphs } from './components/paragraphs.js';
import { AssociationCard, SearchForm } from './associations.js';
import { type Assets, Layout, type PageMeta } from './layout.js';
import { MunicipalityName } from './region.js';
import { renderOnce } from './render-once.js';

export interface HomePageProps {
  meta: PageMeta;
  assets: Assets;
  reference: Reference;
  regions: Region[];
  municipalityCounts: Map<string, number>;
  categoryCounts: Map<number, number>;
  recent: AssociationSummary[];
  emptyQuery: ListQuery;
  /** An admin's intro text for this language (plain text, blank lines between paragraphs); null for t.homeIntro. */
  intro?: string | null;
  /** "This week" in the featured regions (views/calendar.tsx), rendered per request. */
  thisWeek?: JSX.Element | null;
}

// The count maps are kept until the next write (src/db/associations.ts), and so is what is
// rendered from them: the front page's two long link lists, per language and region choice.
function once(key: object, variant: string, render: () => JSX.Element) {
  return raw(renderOnce(key, `home ${variant}`, render));
}

export function HomePage(props: HomePageProps) {
  const { meta, assets, reference, regions, municipalityCounts, categoryCounts, recent } = props;
  const { tr } = meta;
  const { t } = tr;
  const count = (n: number) => t.associationCount(n, tr.number(n));
  return (
    <Layout {...meta} assets={assets}>
      <h1>{t.homeTitle}</h1>
      {props.intro ? <Paragraphs text={props.intro} class="lead site-intro" /> : <p class="lead">{t.homeIntro}</p>}
      <SearchForm tr={tr} reference={reference} query={props.emptyQuery} withFilters={false} />

      {once(municipalityCounts, `${tr.lang} ${regions.map((r) => r.slug).join(',')}`, () => (
        <section aria-labelledby="municipalities-heading">
          <h2 id="municipalities-heading">{t.municipalitiesHeading}</h2>
          <div class="regions">
            {regions.map((region) => (
              <section class="region" aria-labelledby={`region-${region.slug}`}>
                <h3 id={`region-${region.slug}`}>
                  <a href={`/region/${region.slug}`}>{tr.name(region)}</a>
                </h3>
                <ul class="link-list">
                  {(reference.regionMembers.get(region.slug) ?? []).map((number) => {
                    const m = reference.municipalityByNumber.get(number);
                    if (!m) return null;
                    return (
                      <li>
                        <a href={`/kommune/${m.number}`}>
                          <MunicipalityName municipality={m} />
                        </a>{' '}
                        <span class="count">({count(municipalityCounts.get(m.number) ?? 0)})</span>
                      </li>
                    );
                  })}
                </ul>
              </section>
            ))}
          </div>
        </section>
      ))}

      {props.thisWeek}

      {once(categoryCounts, tr.lang, () => (
        <section aria-labelledby="categories-heading">
          <h2 id="categories-heading">{t.categoriesHeading}</h2>
          <ul class="link-list link-list--columns">
            {reference.categoryTree.map((c) => (
              <li>
                <a href={`/kategori/${c.slug}`}>{tr.name(c)}</a> <span class="count">({count(categoryCounts.get(c.id) ?? 0)})</span>
              </li>
            ))}
          </ul>
        </section>
      ))}

      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">{t.recentHeading}</h2>
        {recent.length === 0 ? (
          <p>{t.recentEmpty}</p>
        ) : (
          <ul class="cards">
            {recent.map((a) => (
              <li>
                <AssociationCard association={a} reference={reference} tr={tr} />
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/lag">{t.allAssociationsLink}</a>
        </p>
      </section>
    </Layout>
  );
}
