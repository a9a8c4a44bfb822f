import { sql } from 'kysely';
import type { DB } from './sqlite.js';

// Queries for feeds and the sitemap: only published associations, read in small pieces.

export interface FeedEntry {
  id: number;
  slug: string;
  name: string;
  short_description: string;
  municipality_number: string;
  published_at: string;
  updated_at: string;
}

/** The most recently published associations in these municipalities, newest first. */
export async function newlyPublished(db: DB, municipalityNumbers: string[], limit: number): Promise<FeedEntry[]> {
  if (municipalityNumbers.length === 0) return [];
  const rows = await db
    .selectFrom('associations')
    .select(['id', 'slug', 'name', 'short_description', 'municipality_number', 'published_at', 'updated_at'])
    .where('status', '=', 'published')
    .where('published_at', 'is not', null)
    .where('municipality_number', 'in', municipalityNumbers)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, published_at: r.published_at ?? r.updated_at }));
}

/**
 * Sitemap files of detail pages cover fixed id ranges (file n holds ids ((n-1)·size, n·size]),
 * so a file's URL keeps meaning the same entries and never exceeds `size` URLs. Returns the
 * files that hold at least one published association, with the newest change in each.
 */
export async function sitemapParts(db: DB, size: number): Promise<{ part: number; lastmod: string }[]> {
  // A literal, not a parameter: bound numbers arrive as REAL and the division would not truncate.
  const part = sql<number>`(id - 1) / ${sql.lit(Math.trunc(size))} + 1`;
  const rows = await db
    .selectFrom('associations')
    .select([part.as('part'), (eb) => eb.fn.max('updated_at').as('lastmod')])
    .where('status', '=', 'published')
    .groupBy(part)
    .orderBy(part)
    .execute();
  return rows.map((r) => ({ part: Number(r.part), lastmod: String(r.lastmod) }));
}

/**
 * One batch of published associations with ids in (afterId, maxId], in id order: the caller
 * asks again after the last id it got (keyset paging), so no cursor stays open between
 * batches on the connection every request shares.
 */
export async function publishedSlugsAfter(db: DB, afterId: number, maxId: number, limit: number): Promise<{ id: number; slug: string; updated_at: string }[]> {
  return db
    .selectFrom('associations')
    .select(['id', 'slug', 'updated_at'])
    .where('status', '=', 'published')
    .where('id', '>', afterId)
    .where('id', '<=', maxId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The newest change among published associations, overall and per municipality and category id. */
export async function lastChanges(db: DB): Promise<{
  overall: string | null;
  byMunicipality: Map<string, string>;
  byCategory: Map<number, string>;
}> {
  const [municipalities, categories] = await Promise.all([
    db
      .selectFrom('associations')
      .select(['municipality_number', (eb) => eb.fn.max('updated_at').as('lastmod')])
      .where('status', '=', 'published')
      .groupBy('municipality_number')
      .execute(),
    db
      .selectFrom('association_categories as ac')
      .innerJoin('associations as a', 'a.id', 'ac.association_id')
      .select(['ac.category_id', (eb) => eb.fn.max('a.updated_at').as('lastmod')])
      .where('a.status', '=', 'published')
      .groupBy('ac.category_id')
      .execute(),
  ]);
  const byMunicipality = new Map(municipalities.map((r) => [r.municipality_number, String(r.lastmod)]));
  const byCategory = new Map(categories.map((r) => [r.category_id, String(r.lastmod)]));
  const overall = [...byMunicipality.values()].reduce<string | null>((max, v) => (max === null || v > max ? v : max), null);
  return { overall, byMunicipality, byCategory };
}
