import { slugify, sortKey } from '../lib/slug.js';
import type { AssociationInput } from './associations.js';
import type { BulkAssociation } from './sqlite.js';

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

/**
 * The rows insertAssociationsInBulk stores for these inputs, each with a slug not in `taken`
 * (which it extends). Needs no database, so a worker thread can make them while the main
 * thread writes (see the demo generator).
 */
export function* bulkRows(
  inputs: Iterable<AssociationInput>,
  municipalityNames: Map<string, string>,
  now: Date,
  taken: Set<string>,
): Generator<BulkAssociation> {
  const municipalitySlugs = new Map<string, string>();
  for (const input of inputs) {
    let municipalitySlug = municipalitySlugs.get(input.municipalityNumber);
    if (municipalitySlug === undefined) {
      municipalitySlug = slugify(municipalityNames.get(input.municipalityNumber) ?? '');
      municipalitySlugs.set(input.municipalityNumber, municipalitySlug);
    }
    const slug = uniqueSlug(input.name, municipalitySlug, taken);
    yield {
      association: associationRow(input, slug, now),
      categories: categoryRows(0, input.categoryIds),
      links: linkRows(0, input.links),
    };
  }
}
