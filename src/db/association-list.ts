import { type QueryWord, nearestIndexedWord, typoCandidates } from '../lib/search-words.js';
import { perVersion } from './per-version.js';
import { searchVocabulary } from './search-vocabulary.js';
import { type DB, dataVersionIfKnown, matchAll, matchGrades, matchingIds, searchIndexUpToDate } from './sqlite.js';

// The list engine: every public list (the list page, landing pages, the embed, search) is a
// slice of an order of ids kept per filter and data version. Orders are built by walking one
// shared alphabetical order of all published entries, with marks from the filter's id sets:
// linear, no sort, no query per page. src/db/associations.ts keeps the entity's queries.

/** What a visitor can narrow the public list by; every part is optional and they combine. */
export interface AssociationFilter {
  /** The words searched for (queryWords in src/lib/search-words.ts), or null for no text search. */
  match: QueryWord[] | null;
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

/** The categories of each entry, main category first (an entry without any: []). */
export async function categoryIdsFor(db: DB, associationIds: number[]): Promise<Map<number, number[]>> {
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

export const summaryColumns = ['a.id', 'a.slug', 'a.name', 'a.short_description', 'a.municipality_number', 'a.place_id'] as const;

/**
 * Work over the whole registry (after a write) is done in chunks of this many rows, letting
 * other requests run in between: one pass over 100,000 rows blocked the server for 0.5 s.
 */
export const CHUNK_ROWS = 2000;

export function yieldToOtherRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function filterKey(filter: AssociationFilter): string {
  return JSON.stringify([filter.match, filter.municipalityNumbers, filter.categoryIds, filter.placeId]);
}

/** Every published association in alphabetical order, and each id's place in it. */
export interface Alphabetical {
  /** Published ids in order (sort_name, id). */
  ids: Int32Array;
  /** Indexed by id: position in `ids` plus one; 0 for ids that are not published. */
  positions: Int32Array;
}

/**
 * The alphabetical order of all published associations, built once per data version and
 * shared by every list: ordering a filter's matches is then a walk over this order, with no
 * sort and no look-up in the (wide) table rows.
 */
export function alphabetical(db: DB): Promise<Alphabetical> {
  return perVersion(db, 'alphabetical', '', 1, async () => {
    const ids: number[] = [];
    let after: { sort_name: string; id: number } | undefined;
    for (;;) {
      let chunk = db.selectFrom('associations').select(['id', 'sort_name']).where('status', '=', 'published');
      if (after) {
        const { sort_name: name, id } = after;
        // The redundant lower bound lets the index start at the chunk: with only the OR,
        // PostgreSQL walked the index from the start every time (75 ms for a late chunk, not 8).
        chunk = chunk
          .where('sort_name', '>=', name)
          .where((eb) => eb.or([eb('sort_name', '>', name), eb.and([eb('sort_name', '=', name), eb('id', '>', id)])]));
      }
      const rows = await chunk.orderBy('sort_name').orderBy('id').limit(CHUNK_ROWS).execute();
      for (const r of rows) ids.push(r.id);
      if (rows.length < CHUNK_ROWS) break;
      after = rows[rows.length - 1];
      await yieldToOtherRequests();
    }
    let maxId = 0;
    for (const id of ids) if (id > maxId) maxId = id;
    const positions = new Int32Array(maxId + 1);
    ids.forEach((id, i) => {
      positions[id] = i + 1;
    });
    return { ids: Int32Array.from(ids), positions };
  });
}

/**
 * The id sets the filters other than the text search stand for (one index read each), or
 * an empty list when there are none. An id passes when it is in every set.
 */
async function filterSets(db: DB, filter: AssociationFilter): Promise<ArrayLike<number>[]> {
  const sets: ArrayLike<number>[] = [];
  // Each set is kept until the next write: a big municipality or category is tens of
  // thousands of ids, and the same ones come back in many combinations.
  const kept = (kind: string, key: unknown, read: () => Promise<number[]>) =>
    perVersion(db, `filter-set-${kind}`, JSON.stringify(key), 400, async () => Int32Array.from(await read()));
  if (filter.municipalityNumbers.length > 0) {
    sets.push(
      await kept('municipality', filter.municipalityNumbers, async () =>
        (
          await db
            .selectFrom('associations')
            .select('id')
            .where('status', '=', 'published')
            .where('municipality_number', 'in', filter.municipalityNumbers)
            .execute()
        ).map((r) => r.id),
      ),
    );
  }
  if (filter.placeId !== null) {
    const placeId = filter.placeId;
    sets.push(
      await kept('place', placeId, async () => (await db.selectFrom('associations').select('id').where('place_id', '=', placeId).execute()).map((r) => r.id)),
    );
  }
  if (filter.categoryIds.length > 0) {
    sets.push(
      await kept('category', filter.categoryIds, async () =>
        (await db.selectFrom('association_categories').select('association_id').where('category_id', 'in', filter.categoryIds).execute()).map(
          (r) => r.association_id,
        ),
      ),
    );
  }
  return sets;
}

/**
 * Marks, indexed by id, of the ids in every one of `sets` and in `extra` (when given):
 * mark[id] === sets.length (+1 with extra) means the id passes. An id listed twice in one set
 * (an association in two of the chosen categories) is counted once, because it only moves
 * from k to k+1 while the k-th set is read.
 */
export function markPassing(size: number, sets: ArrayLike<number>[], extra: number[] | null): { marks: Uint8Array; passing: number } {
  const marks = new Uint8Array(size);
  const all = extra ? [...sets, extra] : sets;
  all.forEach((set, k) => {
    for (let i = 0; i < set.length; i++) {
      const id = set[i]!;
      if (id < size && marks[id] === k) marks[id] = k + 1;
    }
  });
  return { marks, passing: all.length };
}

/** The ids of `order` whose mark says they pass, in that order. */
export function walk(order: Int32Array, marks: Uint8Array, passing: number, skip?: Set<number>): Int32Array {
  const out: number[] = [];
  for (const id of order) if (marks[id] === passing && !skip?.has(id)) out.push(id);
  return Int32Array.from(out);
}

/** Each search word with the indexed words one typo away from it. */
async function withTypos(db: DB, words: QueryWord[]): Promise<{ word: QueryWord; typos: string[] }[]> {
  const needed = words.some((w) => w.typos);
  const vocab = needed ? await searchVocabulary(db) : null;
  return words.map((word) => ({ word, typos: vocab ? typoCandidates(word, vocab) : [] }));
}

/**
 * One FTS expression for everything a search matches (typos included): for queries that
 * only need the set, such as the exports. Kept until the next write.
 */
export function searchExpression(db: DB, words: QueryWord[]): Promise<string> {
  return perVersion(db, 'search-expression', JSON.stringify(words), 256, async () => {
    // The exports match inside their own query (matchingAssociations), which cannot wait.
    await searchIndexUpToDate(db);
    return matchAll(await withTypos(db, words));
  });
}

/**
 * What each grade of match adds to an association's score, lower is better, in the order of
 * matchGrades: in the name exact word, compound head, inflected head, inflected, prefix,
 * other compound part, typo; then anywhere else in the text, strong (exact, head,
 * inflected) or weak. An inflected head is a half step below the head. The most a search
 * can score (8 words of 18) still fits the byte it is added up in.
 */
const GRADE_SCORES = [2, 4, 5, 6, 8, 10, 12, 16, 18];

/**
 * Every published association matching the filter, as ids in result order. For a text
 * search: every word must match; each adds the score of its best grade of match, and the
 * lowest total comes first (so "kor lyngen" puts Lyngen Mannskor, a choir in the name, before
 * Lyngen Røde Kors); equal scores keep the alphabetical order. Without a search:
 * alphabetical. Ordering is a walk over the shared alphabetical order into a bucket per
 * score, linear and without sorting. Kept per filter and data version, so paging is a slice
 * and the count is the length.
 */
function filteredOrder(db: DB, filter: AssociationFilter): Promise<Int32Array> {
  // Without a search an order holds at most one municipality's or category's entries, and all
  // of them together are a few MB; a common word's order is a third of the registry (128 KB).
  const [namespace, kept] = filter.match === null ? ['filtered-order', 4000] : ['search-order', 256];
  return perVersion(db, namespace, filterKey(filter), kept, async () => {
    const { ids: order, positions } = await alphabetical(db);
    const sets = await filterSets(db, filter);
    if (sets.length === 0 && filter.match === null) return order;
    const { marks, passing } = markPassing(positions.length, sets, null);
    if (filter.match === null) return walk(order, marks, passing);

    const size = positions.length;
    const score = new Uint8Array(size);
    const matched = new Uint8Array(size);
    for (const { word, typos } of await withTypos(db, filter.match)) {
      const best = new Uint8Array(size);
      const grades = matchGrades(word, typos);
      for (let g = 0; g < grades.length; g++) {
        if (!grades[g]) continue;
        for (const id of await matchingIds(db, grades[g]!)) if (id < size && best[id] === 0) best[id] = GRADE_SCORES[g]!;
      }
      for (let id = 0; id < size; id++) {
        if (best[id] === 0) continue;
        score[id] = score[id]! + best[id]!;
        matched[id] = matched[id]! + 1;
      }
    }
    const words = filter.match.length;
    const buckets = new Map<number, number[]>();
    for (const id of order) {
      if (marks[id] !== passing || matched[id] !== words) continue;
      const bucket = buckets.get(score[id]!);
      if (bucket) bucket.push(id);
      else buckets.set(score[id]!, [id]);
    }
    const result: number[] = [];
    for (const s of [...buckets.keys()].sort((a, b) => a - b)) for (const id of buckets.get(s)!) result.push(id);
    return Int32Array.from(result);
  });
}

/**
 * Ids of the published associations matching the filter, best first: the order of the
 * public list, for the API.
 */
export function rankedIds(db: DB, filter: AssociationFilter): Promise<Int32Array> {
  return filteredOrder(db, filter);
}

/**
 * For a search that found nothing: the same words with each one that matches nothing
 * replaced by the nearest indexed word, or null when there is none to offer.
 */
export async function searchSuggestion(db: DB, words: QueryWord[]): Promise<string | null> {
  const vocab = await searchVocabulary(db);
  let changed = false;
  const suggested: string[] = [];
  for (const { word, typos } of await withTypos(db, words)) {
    const found = (await matchingIds(db, matchAll([{ word, typos }]))).length > 0;
    const nearest = found ? null : nearestIndexedWord(word.text, vocab);
    if (nearest) changed = true;
    suggested.push(nearest ?? word.text);
  }
  return changed ? suggested.join(' ') : null;
}

const CACHED_SUMMARIES = 20_000;
const summaryCaches = new WeakMap<DB, { version: number; byId: Map<number, AssociationSummary> }>();

/**
 * Summaries for these ids, in this order (ids that are gone are left out). Kept per id until
 * the next write: the same object every time, so views can keep what they render from it.
 */
async function summariesByIds(db: DB, ids: number[]): Promise<AssociationSummary[]> {
  if (ids.length === 0) return [];
  const version = dataVersionIfKnown(db);
  let cache = summaryCaches.get(db);
  if (version !== null && cache?.version !== version) summaryCaches.set(db, (cache = { version, byId: new Map() }));
  const byId = version === null ? new Map<number, AssociationSummary>() : cache!.byId;
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    const [rows, categories] = await Promise.all([
      db.selectFrom('associations as a').select(summaryColumns).where('a.id', 'in', missing).execute(),
      categoryIdsFor(db, missing),
    ]);
    for (const row of rows) byId.set(row.id, { ...row, category_ids: categories.get(row.id) ?? [] });
    for (const oldest of byId.keys()) {
      if (byId.size <= CACHED_SUMMARIES) break;
      byId.delete(oldest);
    }
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * One page of published associations matching the filter, with the total count. Text
 * searches are ordered by relevance (name hits first), everything else alphabetically.
 * Counts and search orders are kept until the next write, so repeating a list is cheap.
 */
export async function listPublished(
  db: DB,
  filter: AssociationFilter,
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: AssociationSummary[] }> {
  // Every list is a slice of its order, kept until the next write: paging costs no query.
  const order = await filteredOrder(db, filter);
  const ids = [...order.subarray(page.offset, page.offset + page.limit)];
  return { total: order.length, rows: await summariesByIds(db, ids) };
}
