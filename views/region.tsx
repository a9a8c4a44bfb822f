import type { Reference } from '../src/db/reference.js';
import type { Municipality, Region } from '../src/db/types.js';
import type { Translator } from '../src/i18n/index.js';

/**
 * A municipality's Norwegian name with its official Sami and Kven names beside it
 * ("Nordreisa (Ráisa, Raisi)"), as Kartverket lists them.
 */
export function MunicipalityName(props: { municipality: Municipality }) {
  const m = props.municipality;
  if (!m.parallel_names) return <>{m.display_name}</>;
  return (
    <>
      {m.display_name} <span class="parallel-names">({m.parallel_names.split(' - ').join(', ')})</span>
    </>
  );
}

/**
 * The top of a region's landing page: its municipalities and categories with counts, and
 * its Atom feed. The list of the region's associations follows it.
 */
export function RegionIntro(props: {
  tr: Translator;
  reference: Reference;
  region: Region;
  municipalityCounts: Map<string, number>;
  categoryCounts: Map<number, number>;
}) {
  const { tr, reference, region, municipalityCounts, categoryCounts } = props;
  const { t } = tr;
  const count = (n: number) => t.associationCount(n, tr.number(n));
  const members = (reference.regionMembers.get(region.slug) ?? []).flatMap((n) => reference.municipalityByNumber.get(n) ?? []);
  const groups = reference.categoryTree.filter((g) => (categoryCounts.get(g.id) ?? 0) > 0);
  return (
    <div class="landing-intro">
      <p>
        <a href={`/region/${region.slug}/nye.atom`} type="application/atom+xml">
          {t.share.feedLinkLabel}
        </a>
      </p>
      <nav aria-labelledby="region-municipalities-heading">
        <h2 id="region-municipalities-heading">{t.regionMunicipalitiesHeading}</h2>
        <ul class="link-list">
          {members.map((m) => (
            <li>
              <a href={`/kommune/${m.number}`}>
                <MunicipalityName municipality={m} />
              </a>{' '}
              <span class="count">({count(municipalityCounts.get(m.number) ?? 0)})</span>
            </li>
          ))}
        </ul>
      </nav>
      <nav aria-labelledby="region-categories-heading">
        <h2 id="region-categories-heading">{t.regionCategoriesHeading}</h2>
        {groups.length === 0 ? (
          <p>{t.regionCategoriesEmpty}</p>
        ) : (
          <ul class="link-list link-list--inline">
            {groups.map((g) => (
              <li>
                <a href={`/region/${region.slug}?kategori=${g.slug}`}>{tr.name(g)}</a> <span class="count">({count(categoryCounts.get(g.id) ?? 0)})</span>
              </li>
            ))}
          </ul>
        )}
      </nav>
    </div>
  );
}
