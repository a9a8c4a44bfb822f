import { type ExpressionBuilder, sql } from 'kysely';
import { slugify, sortKey } from '../lib/slug.js';
import { type DB, insertAssociationsInBulk, matchingAssociations } from './sqlite.js';
import type { Association, AssociationLink, AssociationStatus, Database, LinkKind } from './types.js';

/** What a visitor can narrow the public list by; every part is optional and they combine. */
export interface AssociationFilter {
  /** An FTS match expression from toMatchQuery, or null for no text search. */
  match: string | null;
  municipalityNumbers: string[];
  /** Already expanded: a group's id together with its subcategories' ids. */
  categoryIds: number[];
  placeId: number | null;
}

export const NO_FILTER: AssociationFilter = { match: null, municipalityNumbers: [], categoryIds: [], placeId: null };

export interface AssociationSummary {
  id: number;
  slug: string;
  name: string;
  short_description: string;
  municipality_number: string;
  place_id: number | null;
  category_ids: number[];
}

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
}

function applyFilter(db: DB, filter: AssociationFilter) {
  let query = db.selectFrom('associations as a').where('a.status', '=', 'published');
  if (filter.match !== null) {
    query = query.innerJoin(matchingAssociations(db, filter.match).as('search'), 'search.id', 'a.id');
  }
  if (filter.municipalityNumbers.length > 0) {
    query = query.where('a.municipality_number', 'in', filter.municipalityNumbers);
  }
  if (filter.placeId !== null) {
    query = query.where('a.place_id', '=', filter.placeId);
  }
  if (filter.categoryIds.length > 0) {
    const categoryIds = filter.categoryIds;
    query = query.where((eb: ExpressionBuilder<Database & { a: Database['associations'] }, 'a'>) =>
      eb.exists(
        eb
          .selectFrom('association_categories as ac')
          .select('ac.association_id')
          .whereRef('ac.association_id', '=', 'a.id')
          .where('ac.category_id', 'in', categoryIds),
      ),
    );
  }
  return query;
}

async function categoryIdsFor(db: DB, associationIds: number[]): Promise<Map<number, number[]>> {
  const byAssociation = new Map<number, number[]>(associationIds.map((id) => [id, []]));
  if (associationIds.length === 0) return byAssociation;
  const rows = await db
    .selectFrom('association_categories')
    .select(['association_id', 'category_id'])
    .where('association_id', 'in', associationIds)
    .orderBy('association_id')
    .orderBy('position')
    .execute();
  for (const row of rows) byAssociation.get(row.association_id)?.push(row.category_id);
  return byAssociation;
}

const summaryColumns = [
  'a.id',
  'a.slug',
  'a.name',
  'a.short_description',
  'a.municipality_number',
  'a.place_id',
] as const;

/**
 * One page of published associations matching the filter, with the total count. Text
 * searches are ordered by relevance (name hits first), everything else alphabetically.
 */
export async function listPublished(
  db: DB,
  filter: AssociationFilter,
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: AssociationSummary[] }> {
  const filtered = applyFilter(db, filter);
  const countRow = await filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst();
  const total = Number(countRow?.total ?? 0);
  if (total === 0 || page.offset >= total) return { total, rows: [] };

  let query = filtered.select(summaryColumns);
  if (filter.match !== null) {
    // The join's alias is not in this builder's static type; the rank column is defined in sqlite.ts.
    query = query.orderBy(sql`search.rank`);
  }
  const rows = await query.orderBy('a.sort_name').orderBy('a.id').limit(page.limit).offset(page.offset).execute();
  const categories = await categoryIdsFor(
    db,
    rows.map((r) => r.id),
  );
  return { total, rows: rows.map((r) => ({ ...r, category_ids: categories.get(r.id) ?? [] })) };
}

/** The most recently published associations, newest first. */
export async function recentlyPublished(db: DB, limit: number): Promise<AssociationSummary[]> {
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
}

/** A published association with its categories and links, or undefined when there is none with that slug. */
export async function findPublishedBySlug(db: DB, slug: string): Promise<AssociationDetail | undefined> {
  const association = await db
    .selectFrom('associations')
    .selectAll()
    .where('slug', '=', slug)
    .where('status', '=', 'published')
    .executeTakeFirst();
  if (!association) return undefined;
  const [categories, links] = await Promise.all([
    categoryIdsFor(db, [association.id]),
    db
      .selectFrom('association_links')
      .selectAll()
      .where('association_id', '=', association.id)
      .orderBy('position')
      .orderBy('id')
      .execute(),
  ]);
  return { ...association, category_ids: categories.get(association.id) ?? [], links };
}

/** Published associations per municipality number. */
export async function countPublishedByMunicipality(db: DB): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('associations')
    .select(['municipality_number', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'published')
    .groupBy('municipality_number')
    .execute();
  return new Map(rows.map((r) => [r.municipality_number, Number(r.n)]));
}

/**
 * Published associations per category id. A group's count includes its subcategories and
 * counts an association once even when it is in two of them.
 */
export async function countPublishedByCategory(db: DB): Promise<Map<number, number>> {
  const base = db
    .selectFrom('association_categories as ac')
    .innerJoin('associations as a', 'a.id', 'ac.association_id')
    .innerJoin('categories as c', 'c.id', 'ac.category_id')
    .where('a.status', '=', 'published');
  const [own, groups] = await Promise.all([
    base
      .select(['ac.category_id as id', (eb) => eb.fn.count<number>('ac.association_id').distinct().as('n')])
      .groupBy('ac.category_id')
      .execute(),
    base
      .select([
        (eb) => eb.fn.coalesce('c.parent_id', 'c.id').as('id'),
        (eb) => eb.fn.count<number>('ac.association_id').distinct().as('n'),
      ])
      .groupBy((eb) => eb.fn.coalesce('c.parent_id', 'c.id'))
      .execute(),
  ]);
  const counts = new Map<number, number>(own.map((r) => [r.id, Number(r.n)]));
  for (const g of groups) counts.set(Number(g.id), Number(g.n));
  return counts;
}

export async function countAssociations(db: DB): Promise<number> {
  const row = await db
    .selectFrom('associations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Picks a slug not in `taken`: the name's slug, then with the municipality, then numbered. */
function uniqueSlug(name: string, municipalitySlug: string, taken: Set<string>): string {
  const base = slugify(name) || 'lag';
  const candidates = [base, `${base}-${municipalitySlug}`];
  for (let n = 2; ; n++) {
    const candidate = candidates.shift() ?? `${base}-${n}`;
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}

/** The columns an association's own details fill: what registration, edits and moderators change. */
export function editableColumns(input: AssociationInput) {
  return {
    name: input.name,
    sort_name: sortKey(input.name),
    short_description: input.shortDescription,
    description: input.description,
    municipality_number: input.municipalityNumber,
    place_id: input.placeId,
    website: input.website,
    email: input.email,
    phone: input.phone,
    postal_address: input.postalAddress,
    postal_code: input.postalCode,
    org_number: input.orgNumber,
    founded_year: input.foundedYear,
    contact_name: input.contactName ?? null,
    contact_email: input.contactEmail?.toLowerCase() ?? null,
    publish_contact: input.publishContact ? 1 : 0,
  };
}

function associationRow(input: AssociationInput, slug: string, now: Date) {
  const published = input.status === 'published' || input.status === 'archived';
  return {
    slug,
    ...editableColumns(input),
    status: input.status,
    created_at: input.createdAt,
    updated_at: now.toISOString(),
    published_at: published ? input.createdAt : null,
    last_confirmed_at: input.lastConfirmedAt,
  };
}

function categoryRows(associationId: number, categoryIds: number[]) {
  return categoryIds.slice(0, 3).map((categoryId, position) => ({
    association_id: associationId,
    category_id: categoryId,
    position: position + 1,
  }));
}

function linkRows(associationId: number, links: AssociationInput['links']) {
  return links.map((link, position) => ({ association_id: associationId, kind: link.kind, url: link.url, position }));
}

/**
 * Stores associations with their categories and links in one transaction, fast enough for a
 * national-scale import (see insertAssociationsInBulk). Returns the number stored.
 */
export async function insertAssociations(
  db: DB,
  inputs: Iterable<AssociationInput>,
  municipalityNames: Map<string, string>,
  now: Date,
): Promise<number> {
  const taken = new Set((await db.selectFrom('associations').select('slug').execute()).map((r) => r.slug));
  // A slug taken by another writer in between fails the unique constraint and rolls back the whole load.
  function* rows() {
    for (const input of inputs) {
      const slug = uniqueSlug(input.name, slugify(municipalityNames.get(input.municipalityNumber) ?? ''), taken);
      yield {
        association: associationRow(input, slug, now),
        categories: categoryRows(0, input.categoryIds),
        links: linkRows(0, input.links),
      };
    }
  }
  return insertAssociationsInBulk(db, rows());
}

/** Stores one association; the caller's transaction, if any, covers it. Returns its id and slug. */
export async function createAssociation(
  db: DB,
  input: AssociationInput,
  municipalityName: string,
  now: Date,
): Promise<{ id: number; slug: string }> {
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
  const { id } = await db.insertInto('associations').values(associationRow(input, slug, now)).returning('id').executeTakeFirstOrThrow();
  await replaceCategoriesAndLinks(db, id, input.categoryIds, input.links);
  return { id, slug };
}

/** Sets an association's categories and links to exactly these. */
export async function replaceCategoriesAndLinks(
  db: DB,
  associationId: number,
  categoryIds: number[],
  links: AssociationInput['links'],
): Promise<void> {
  await db.deleteFrom('association_categories').where('association_id', '=', associationId).execute();
  await db.deleteFrom('association_links').where('association_id', '=', associationId).execute();
  const categories = categoryRows(associationId, categoryIds);
  if (categories.length > 0) await db.insertInto('association_categories').values(categories).execute();
  const linkValues = linkRows(associationId, links);
  if (linkValues.length > 0) await db.insertInto('association_links').values(linkValues).execute();
}
