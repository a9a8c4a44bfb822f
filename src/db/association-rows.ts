import { indexedText } from '../lib/search-words.js';
import { slugify, sortKey } from '../lib/slug.js';
import type { AssociationInput } from './associations.js';
import type { BulkAssociation, SearchDocument } from './sqlite.js';

// What the association tables store for an association's details, worked out without a
// database: shared by the single and bulk inserts and the edits, and light enough for the
// demo generator's worker thread to load (no query builder, no SQLite).

/** Picks a slug not in `taken`: the name's slug, then with the municipality, then numbered. */
export function uniqueSlug(name: string, municipalitySlug: string, taken: Set<string>): string {
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
    // Empty means no contact person (an imported entry nobody has claimed yet), stored as null.
    contact_name: input.contactName || null,
    contact_email: input.contactEmail ? input.contactEmail.toLowerCase() : null,
    publish_contact: input.publishContact ? 1 : 0,
    contact_via_form: input.contactViaForm ? 1 : 0,
  };
}

export function associationRow(input: AssociationInput, slug: string, now: Date) {
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

export function categoryRows(associationId: number, categoryIds: number[]) {
  return categoryIds.slice(0, 3).map((categoryId, position) => ({
    association_id: associationId,
    category_id: categoryId,
    position: position + 1,
  }));
}

export function linkRows(associationId: number, links: AssociationInput['links']) {
  return links.map((link, position) => ({ association_id: associationId, kind: link.kind, url: link.url, position }));
}

/** The names an association's search text takes from the reference tables (see searchBody). */
export interface SearchNames {
  /** Category id to [name_nb, name_en]. */
  categories: Map<number, [string, string]>;
  /** Place id to name. */
  places: Map<number, string>;
}

/**
 * The text the search index's body columns are made from, as the association_search_source
 * view concatenates it (migration 13-01): short description, description, each category's
 * Norwegian and English names, the place and the municipality. Only which words are in it
 * matters (the index keeps no positions), not their order. Null when a category is unknown.
 */
export function searchBody(
  association: { short_description: string; description: string; place_id: number | null; municipality_number: string },
  categoryIds: number[],
  names: SearchNames,
  municipalityNames: Map<string, string>,
): string | null {
  const categories: string[] = [];
  for (const id of categoryIds) {
    const pair = names.categories.get(id);
    if (!pair) return null;
    categories.push(`${pair[0]} ${pair[1]}`);
  }
  const place = association.place_id === null ? '' : (names.places.get(association.place_id) ?? null);
  if (place === null) return null;
  const municipality = municipalityNames.get(association.municipality_number) ?? '';
  return `${association.short_description} ${association.description} ${categories.join(' ')} ${place} ${municipality}`;
}

/**
 * The search index's columns for a name and body: what the view's search_terms calls give
 * (registerSearchFunctions in src/db/sqlite.ts makes them the same way).
 */
export function searchDocument(name: string, body: string): SearchDocument {
  const n = indexedText(name);
  const b = indexedText(body);
  return { name: n.words, name_head: n.heads, name_stem: n.stems, name_part: n.parts, body: b.words, body_more: `${b.heads} ${b.stems} ${b.parts}` };
}

/**
 * The rows insertAssociationsInBulk stores for these inputs, each with a slug not in `taken`
 * (which it extends). Needs no database, so a worker thread can make them while the main
 * thread writes (see the demo generator). Given the reference names, each row also carries
 * its search index document, so that the worker does that analysis too.
 */
export function* bulkRows(
  inputs: Iterable<AssociationInput>,
  municipalityNames: Map<string, string>,
  now: Date,
  taken: Set<string>,
  searchNames?: SearchNames,
): Generator<BulkAssociation> {
  const municipalitySlugs = new Map<string, string>();
  for (const input of inputs) {
    let municipalitySlug = municipalitySlugs.get(input.municipalityNumber);
    if (municipalitySlug === undefined) {
      municipalitySlug = slugify(municipalityNames.get(input.municipalityNumber) ?? '');
      municipalitySlugs.set(input.municipalityNumber, municipalitySlug);
    }
    const slug = uniqueSlug(input.name, municipalitySlug, taken);
    const association = associationRow(input, slug, now);
    const categories = categoryRows(0, input.categoryIds);
    const body = searchNames
      ? searchBody(
          association,
          categories.map((c) => c.category_id),
          searchNames,
          municipalityNames,
        )
      : null;
    yield {
      association,
      categories,
      links: linkRows(0, input.links),
      ...(body === null ? {} : { search: searchDocument(association.name, body) }),
    };
  }
}
