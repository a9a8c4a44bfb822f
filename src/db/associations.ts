import { slugify } from '../lib/slug.js';
export { editableColumns } from './association-rows.js';
export {
  type AssociationFilter,
  type AssociationSummary,
  NO_FILTER,
  listPublished,
  rankedIds,
  searchExpression,
  searchSuggestion,
} from './association-list.js';
import { CHUNK_ROWS, type AssociationSummary, alphabetical, categoryIdsFor, summaryColumns, yieldToOtherRequests } from './association-list.js';
import { associationRow, bulkRows, categoryRows, linkRows, uniqueSlug } from './association-rows.js';
import { perVersion } from './per-version.js';
import { type DB, insertAssociationsInBulk } from './sqlite.js';
import type { Association, AssociationLink, AssociationStatus, LinkKind } from './types.js';

export interface AssociationDetail extends Association {
  category_ids: number[];
  links: AssociationLink[];
}

export interface AssociationInput {
  name: string;
  shortDescription: string;
  description: string;
  municipalityNumber: string;
  placeId: number | null;
  website: string | null;
  email: string | null;
  phone: string | null;
  postalAddress: string | null;
  postalCode: string | null;
  orgNumber: string | null;
  foundedYear: number | null;
  status: AssociationStatus;
  /** One to three; the first is the main category. */
  categoryIds: number[];
  links: { kind: LinkKind; url: string }[];
  createdAt: string;
  lastConfirmedAt: string | null;
  contactName?: string | null;
  contactEmail?: string | null;
  publishContact?: boolean;
  contactViaForm?: boolean;
}

/** The most recently published associations, newest first. */
export function recentlyPublished(db: DB, limit: number): Promise<AssociationSummary[]> {
  return perVersion(db, 'recent', String(limit), 4, async () => {
    const rows = await db
      .selectFrom('associations as a')
      .select(summaryColumns)
      .where('a.status', '=', 'published')
      .orderBy('a.published_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(limit)
      .execute();
    const categories = await categoryIdsFor(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({ ...r, category_ids: categories.get(r.id) ?? [] }));
  });
}

/**
 * A published association with its categories and links, or undefined when there is none
 * with that slug. Kept until the next write: callers must not change what they get.
 */
export function findPublishedBySlug(db: DB, slug: string): Promise<AssociationDetail | undefined> {
  return perVersion(db, 'detail', slug, 2000, () => readPublishedBySlug(db, slug));
}

async function readPublishedBySlug(db: DB, slug: string): Promise<AssociationDetail | undefined> {
  const association = await db.selectFrom('associations').selectAll().where('slug', '=', slug).where('status', '=', 'published').executeTakeFirst();
  if (!association) return undefined;
  const [categories, links] = await Promise.all([
    categoryIdsFor(db, [association.id]),
    db.selectFrom('association_links').selectAll().where('association_id', '=', association.id).orderBy('position').orderBy('id').execute(),
  ]);
  return { ...association, category_ids: categories.get(association.id) ?? [], links };
}

/** Published associations per municipality number (kept until the next write). */
export function countPublishedByMunicipality(db: DB): Promise<Map<string, number>> {
  return perVersion(db, 'count-by-municipality', '', 1, async () => {
    const rows = await db
      .selectFrom('associations')
      .select(['municipality_number', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'published')
      .groupBy('municipality_number')
      .execute();
    return new Map(rows.map((r) => [r.municipality_number, Number(r.n)]));
  });
}

/**
 * Published associations per category id. A group's count includes its subcategories and
 * counts an association once even when it is in two of them. Kept until the next write.
 */
export function countPublishedByCategory(db: DB): Promise<Map<number, number>> {
  return perVersion(db, 'count-by-category', '', 1, async () => {
    // Counted here from one index scan: the grouped join with count(distinct) took over a
    // second for 100,000 associations.
    const [{ positions }, categories] = await Promise.all([alphabetical(db), db.selectFrom('categories').select(['id', 'parent_id']).execute()]);
    const groupOf = new Map(categories.map((c) => [c.id, c.parent_id ?? c.id]));
    const counts = new Map<number, number>();
    const add = (id: number) => counts.set(id, (counts.get(id) ?? 0) + 1);
    let current = -1;
    let groupsSeen = new Set<number>();
    let afterId = 0;
    for (;;) {
      const links = await db
        .selectFrom('association_categories')
        .select(['association_id', 'category_id'])
        .where('association_id', '>', afterId)
        .orderBy('association_id')
        .limit(CHUNK_ROWS)
        .execute();
      // Chunks end on an association boundary, except a last association cut off by the
      // limit: drop it here and read it whole with the next chunk.
      const complete = links.length < CHUNK_ROWS ? links : links.filter((l) => l.association_id !== links[links.length - 1]!.association_id);
      for (const { association_id: id, category_id: categoryId } of complete) {
        if (id >= positions.length || positions[id] === 0) continue;
        if (id !== current) {
          current = id;
          groupsSeen = new Set();
        }
        const group = groupOf.get(categoryId);
        if (group === undefined) continue;
        if (group !== categoryId) add(categoryId);
        // A group counts an association once, even when it is in two of its subcategories.
        if (!groupsSeen.has(group)) {
          groupsSeen.add(group);
          add(group);
        }
      }
      if (links.length < CHUNK_ROWS) break;
      afterId = complete[complete.length - 1]!.association_id;
      await yieldToOtherRequests();
    }
    return counts;
  });
}

/**
 * Computes what the first visitors after a start would otherwise wait for: the alphabetical
 * positions and the front page's counts, which take a large registry hundreds of milliseconds.
 */
export async function warmCaches(db: DB): Promise<void> {
  await Promise.all([alphabetical(db), countPublishedByMunicipality(db), countPublishedByCategory(db)]);
}

export async function countAssociations(db: DB): Promise<number> {
  const row = await db
    .selectFrom('associations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Every slug in use, for bulkRows to steer clear of. */
export async function takenSlugs(db: DB): Promise<Set<string>> {
  return new Set((await db.selectFrom('associations').select('slug').execute()).map((r) => r.slug));
}

/**
 * Stores associations with their categories and links in one transaction, fast enough for a
 * national-scale import (see insertAssociationsInBulk). Returns the number stored.
 */
export async function insertAssociations(db: DB, inputs: Iterable<AssociationInput>, municipalityNames: Map<string, string>, now: Date): Promise<number> {
  // A slug taken by another writer in between fails the unique constraint and rolls back the whole load.
  return insertAssociationsInBulk(db, bulkRows(inputs, municipalityNames, now, await takenSlugs(db)));
}

/** Stores one association; the caller's transaction, if any, covers it. Returns its id and slug. */
export async function createAssociation(db: DB, input: AssociationInput, municipalityName: string, now: Date): Promise<{ id: number; slug: string }> {
  const base = slugify(input.name) || 'lag';
  const taken = new Set(
    (
      await db
        .selectFrom('associations')
        .select('slug')
        .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
        .execute()
    ).map((r) => r.slug),
  );
  const slug = uniqueSlug(input.name, slugify(municipalityName), taken);
  const { id } = await db
    .insertInto('associations')
    .values(associationRow(input, slug, now))
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceCategoriesAndLinks(db, id, input.categoryIds, input.links);
  return { id, slug };
}

/** Sets an association's categories and links to exactly these. */
export async function replaceCategoriesAndLinks(db: DB, associationId: number, categoryIds: number[], links: AssociationInput['links']): Promise<void> {
  await db.deleteFrom('association_categories').where('association_id', '=', associationId).execute();
  await db.deleteFrom('association_links').where('association_id', '=', associationId).execute();
  const categories = categoryRows(associationId, categoryIds);
  if (categories.length > 0) await db.insertInto('association_categories').values(categories).execute();
  const linkValues = linkRows(associationId, links);
  if (linkValues.length > 0) await db.insertInto('association_links').values(linkValues).execute();
}
