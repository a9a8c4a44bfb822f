import { type ExpressionBuilder, sql } from 'kysely';
import { type AssociationFilter, rankedIds, searchExpression } from './associations.js';
import { perVersion } from './per-version.js';
import { isPostgres } from './postgres.js';
import { type DB, dataVersionIfKnown, matchingAssociations } from './sqlite.js';
import { ACTIVITY_SCHEDULE_COLUMNS, type Activity, type Association, type AssociationLink, type Database } from './types.js';

// Queries behind the open-data API and the list exports. They read published entries only,
// ordered by id: a stable order that harvesters can page through and that exports can walk
// in keyset batches without holding a cursor open on the app's single connection. A search
// (`q`) in the API is ordered best first instead, exactly as the public list ranks it.

/** The public list's filter plus a lower bound on the last change, for incremental harvesting. */
export interface OpenDataFilter extends AssociationFilter {
  /** ISO 8601 UTC; only entries changed on or after this. */
  modifiedAfter: string | null;
  /** Only this entry (HSDS organization_id on /services). */
  associationId?: number | null;
}

/**
 * The columns an open-data record is made from. Private columns are read too, because
 * whether they may be shown is decided in one place: publicView in src/lib/open-data.ts.
 */
const recordColumns = [
  'a.id',
  'a.uuid',
  'a.service_uuid',
  'a.slug',
  'a.name',
  'a.short_description',
  'a.description',
  'a.municipality_number',
  'a.place_id',
  'a.website',
  'a.email',
  'a.phone',
  'a.postal_address',
  'a.postal_code',
  'a.org_number',
  'a.founded_year',
  'a.updated_at',
  'a.published_at',
  'a.contact_name',
  'a.contact_email',
  'a.publish_contact',
  'a.contact_via_form',
] as const;

/** The association columns read for a record, without their table alias. */
type RecordColumn = (typeof recordColumns)[number] extends `a.${infer Column}` ? Column : never;

export interface OpenDataRecord extends Pick<Association, RecordColumn> {
  /** In position order; the first is the main category. */
  category_ids: number[];
  links: Pick<AssociationLink, 'kind' | 'url'>[];
  /** Its visible activities and events, which the HSDS service publishes as schedules; absent where not read. */
  activities?: OpenDataActivity[];
}

/** What of an activity or event the open data says: when it happens (HSDS schedule), and what it is called. */
export const OPEN_DATA_ACTIVITY_COLUMNS = ['id', 'association_id', 'kind', 'title', 'description', ...ACTIVITY_SCHEDULE_COLUMNS] as const;
export type OpenDataActivity = Pick<Activity, (typeof OPEN_DATA_ACTIVITY_COLUMNS)[number]>;

/**
 * Published entries matching the filter. With `walkById`, the status and municipality
 * conditions are written as `+column`, which keeps SQLite from answering them through the
 * (status, municipality, name) index: walking the primary key from the last id instead makes
 * every keyset batch start where the previous one ended, so a whole export reads the table
 * once rather than the municipality's rows once per batch. Elsewhere `+` is plain SQL.
 */
function published(db: DB, filter: OpenDataFilter, match: string | null, walkById = false) {
  // The `+column` trick is SQLite's; PostgreSQL has no unary plus for text, and plans by itself.
  if (isPostgres(db)) walkById = false;
  const status = walkById ? sql<string>`+a.status` : sql.ref<string>('a.status');
  const municipality = walkById ? sql<string>`+a.municipality_number` : sql.ref<string>('a.municipality_number');
  let query = db.selectFrom('associations as a').where(status, '=', 'published');
  if (match !== null) query = query.where('a.id', 'in', matchingAssociations(db, match).clearSelect().select('search.id'));
  if (filter.municipalityNumbers.length > 0) query = query.where(municipality, 'in', filter.municipalityNumbers);
  if (filter.placeId !== null) query = query.where('a.place_id', '=', filter.placeId);
  // HSDS: "modified on or after this datetime".
  if (filter.modifiedAfter !== null) query = query.where('a.updated_at', '>=', filter.modifiedAfter);
  if (filter.associationId != null) query = query.where('a.id', '=', filter.associationId);
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

/** Adds categories and links to rows read with recordColumns. */
async function withCategoriesAndLinks(db: DB, rows: Omit<OpenDataRecord, 'category_ids' | 'links'>[]): Promise<OpenDataRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [categories, links, activities] = await Promise.all([
    db
      .selectFrom('association_categories')
      .select(['association_id', 'category_id'])
      .where('association_id', 'in', ids)
      .orderBy('association_id')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('association_links')
      .select(['association_id', 'kind', 'url'])
      .where('association_id', 'in', ids)
      .orderBy('association_id')
      .orderBy('position')
      .orderBy('id')
      .execute(),
    // Only what the public pages show: visible items (an association's are published with it).
    db
      .selectFrom('activities')
      .select(OPEN_DATA_ACTIVITY_COLUMNS)
      .where('association_id', 'in', ids)
      .where('status', '=', 'visible')
      .orderBy('association_id')
      .orderBy('start_date')
      .orderBy('id')
      .execute(),
  ]);
  const byId = new Map<number, OpenDataRecord>(rows.map((r) => [r.id, { ...r, category_ids: [], links: [], activities: [] }]));
  for (const a of activities) byId.get(a.association_id)?.activities!.push(a);
  for (const c of categories) byId.get(c.association_id)?.category_ids.push(c.category_id);
  for (const l of links) byId.get(l.association_id)?.links.push({ kind: l.kind, url: l.url });
  return rows.map((r) => byId.get(r.id)!);
}

/**
 * A search's matches in the public list's ranked order (src/db/associations.ts), narrowed to
 * entries changed after modifiedAfter when given. Kept until the next write.
 */
function searchOrder(db: DB, filter: OpenDataFilter): Promise<Int32Array> {
  return perVersion(db, 'open-data-search', JSON.stringify(filter), 64, async () => {
    const ranked = await rankedIds(db, filter);
    if (filter.modifiedAfter === null) return ranked;
    const changed = new Set((await published(db, filter, null).select('a.id').where('a.updated_at', '>', filter.modifiedAfter).execute()).map((r) => r.id));
    return ranked.filter((id) => changed.has(id));
  });
}

/** How many published entries match. */
export function countOpenData(db: DB, filter: OpenDataFilter): Promise<number> {
  // The same for every caller until the next write; Oslo alone counts 20,000 rows.
  return perVersion(db, 'open-data-count', JSON.stringify(filter), 500, async () => {
    if (filter.match !== null) return (await searchOrder(db, filter)).length;
    const row = await published(db, filter, null)
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirst();
    return Number(row?.total ?? 0);
  });
}

/** One page of matching published entries: by id, or for a search (`q`) best first, as on /lag. */
export async function openDataPage(db: DB, filter: OpenDataFilter, page: { limit: number; offset: number }): Promise<OpenDataRecord[]> {
  if (filter.match !== null) {
    const ids = [...(await searchOrder(db, filter)).subarray(page.offset, page.offset + page.limit)];
    if (ids.length === 0) return [];
    const rows = await db.selectFrom('associations as a').select(recordColumns).where('a.id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return withCategoriesAndLinks(
      db,
      ids.flatMap((id) => byId.get(id) ?? []),
    );
  }
  const rows = await published(db, filter, null, true).select(recordColumns).orderBy('a.id').limit(page.limit).offset(page.offset).execute();
  return withCategoriesAndLinks(db, rows);
}

/**
 * The next `limit` matching published entries with an id above `afterId`. Each call is one
 * short query, so a long export never keeps the shared connection busy between batches.
 */
export async function openDataBatch(db: DB, filter: OpenDataFilter, afterId: number, limit: number): Promise<OpenDataRecord[]> {
  const match = filter.match === null ? null : await searchExpression(db, filter.match);
  const rows = await published(db, filter, match, true).select(recordColumns).where('a.id', '>', afterId).orderBy('a.id').limit(limit).execute();
  return withCategoriesAndLinks(db, rows);
}

/**
 * Published entries by id, in the order given (ids not published are left out): one query for
 * the rows and one each for categories and links, whatever the page size. With nested: false
 * the records come without categories and links.
 */
export async function openDataByIds(db: DB, ids: number[], options: { nested?: boolean } = {}): Promise<OpenDataRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('associations as a').select(recordColumns).where('a.id', 'in', ids).where('a.status', '=', 'published').execute();
  // A list of one-to-one fields needs neither categories nor links: two queries saved.
  const records = options.nested === false ? rows.map((r) => ({ ...r, category_ids: [], links: [] })) : await withCategoriesAndLinks(db, rows);
  const byId = new Map(records.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Where keptByIds keeps one kind of value: one per app and kind, made with keptStore(). */
export interface KeptStore<V> {
  version: number | null;
  byId: Map<number, V>;
}

export function keptStore<V>(): KeptStore<V> {
  return { version: null, byId: new Map() };
}

/** How many entries' values a store holds, least recently asked for dropped first. */
export const KEPT_ENTRIES = 10_000;

/**
 * What `make` gives for each of these published entries, in the order given (ids not published
 * are left out), kept per entry until the next write by any process: the store follows the data
 * version, as the public list's summaries do (src/db/association-list.ts), so a page of entries
 * asked for before costs no query. Missing entries are read together, as openDataByIds reads
 * them without categories and links. A handle whose version cannot be read keeps nothing.
 */
export async function keptByIds<V>(db: DB, store: KeptStore<V>, ids: number[], make: (record: OpenDataRecord) => V): Promise<V[]> {
  const version = dataVersionIfKnown(db);
  if (version === null) return (await openDataByIds(db, ids, { nested: false })).map(make);
  if (store.version !== version) {
    store.version = version;
    store.byId = new Map();
  }
  // The map of this version: should a write start a new one while the rows are read, what was
  // read here goes into the old map, never into the new version's.
  const byId = store.byId;
  const missing: number[] = [];
  const values: (V | undefined)[] = ids.map((id) => {
    const value = byId.get(id);
    if (value === undefined) missing.push(id);
    else {
      byId.delete(id);
      byId.set(id, value);
    }
    return value;
  });
  if (missing.length > 0) {
    const made = new Map((await openDataByIds(db, missing, { nested: false })).map((record) => [record.id, make(record)]));
    ids.forEach((id, i) => {
      if (values[i] !== undefined) return;
      const value = made.get(id);
      values[i] = value;
      if (value !== undefined) byId.set(id, value);
    });
    for (const oldest of byId.keys()) {
      if (byId.size <= KEPT_ENTRIES) break;
      byId.delete(oldest);
    }
  }
  return values.filter((value) => value !== undefined);
}

/** What a UUID of the API names: a published entry, one merged into another, or nothing. */
export type UuidLookup = { kind: 'published'; record: OpenDataRecord } | { kind: 'merged'; uuid: string; serviceUuid: string } | { kind: 'none' };

/**
 * The entry whose organization (or service) UUID this is. A duplicate merged into another
 * entry keeps its UUID, which then names the entry it was merged into (followed a few
 * steps, as merges can chain), so a harvester's stored id keeps leading somewhere.
 */
export async function findByUuid(db: DB, column: 'uuid' | 'service_uuid', uuid: string): Promise<UuidLookup> {
  const row = await db.selectFrom('associations').select(['id', 'status', 'merged_into_id']).where(column, '=', uuid).executeTakeFirst();
  if (!row) return { kind: 'none' };
  if (row.status === 'published') {
    const record = (await openDataByIds(db, [row.id]))[0];
    return record ? { kind: 'published', record } : { kind: 'none' };
  }
  let next = row.merged_into_id;
  for (let step = 0; step < 5 && next !== null; step++) {
    const target = await db.selectFrom('associations').select(['status', 'merged_into_id', 'uuid', 'service_uuid']).where('id', '=', next).executeTakeFirst();
    if (!target) break;
    if (target.status === 'published') return { kind: 'merged', uuid: target.uuid, serviceUuid: target.service_uuid };
    next = target.merged_into_id;
  }
  return { kind: 'none' };
}

/** The internal id of the entry with this organization UUID, published or not; undefined if none. */
export async function associationIdByUuid(db: DB, uuid: string): Promise<number | undefined> {
  const row = await db.selectFrom('associations').select('id').where('uuid', '=', uuid).executeTakeFirst();
  return row?.id;
}

/**
 * The newest change to any entry, published or not: unpublishing one changes the lists it
 * left, so the bound must cover every entry. Null when there are none.
 */
export function lastChange(db: DB): Promise<string | null> {
  // updated_at has no index (nothing else asks for it): scan once per data version, not per request.
  return perVersion(db, 'open-data-last-change', '', 1, async () => {
    const row = await db
      .selectFrom('associations')
      .select((eb) => eb.fn.max('updated_at').as('last'))
      .executeTakeFirst();
    return row?.last ?? null;
  });
}
