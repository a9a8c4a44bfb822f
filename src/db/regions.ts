import { perVersion } from './per-version.js';
import type { DB } from './sqlite.js';

// What a region's landing page counts: the published associations in its municipalities.

/**
 * Published associations per category id within these municipalities. A group's count
 * includes its subcategories and counts an association once even when it is in two of them.
 * Kept until the next write.
 */
export function countPublishedByCategoryIn(db: DB, municipalityNumbers: string[]): Promise<Map<number, number>> {
  return perVersion(db, 'count-by-category-in', municipalityNumbers.join(','), 20, async () => {
    const counts = new Map<number, number>();
    if (municipalityNumbers.length === 0) return counts;
    const published = () =>
      db
        .selectFrom('associations as a')
        .innerJoin('association_categories as ac', 'ac.association_id', 'a.id')
        .innerJoin('categories as c', 'c.id', 'ac.category_id')
        .where('a.status', '=', 'published')
        .where('a.municipality_number', 'in', municipalityNumbers);
    const [own, groups] = await Promise.all([
      published()
        .select(['c.id as category_id', (eb) => eb.fn.count<number>('a.id').distinct().as('n')])
        .where('c.parent_id', 'is not', null)
        .groupBy('c.id')
        .execute(),
      published()
        .select([(eb) => eb.fn.coalesce('c.parent_id', 'c.id').as('category_id'), (eb) => eb.fn.count<number>('a.id').distinct().as('n')])
        .groupBy((eb) => eb.fn.coalesce('c.parent_id', 'c.id'))
        .execute(),
    ]);
    for (const row of [...own, ...groups]) counts.set(Number(row.category_id), Number(row.n));
    return counts;
  });
}
