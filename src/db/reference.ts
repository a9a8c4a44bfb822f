import type { DB } from './sqlite.js';
import type { Category, Municipality, Place, Region } from './types.js';

// Reference data changes rarely and every page needs some of it, so it is read once into
// memory; call loadReference again after an admin edits regions, places or categories.

export interface CategoryNode extends Category {
  children: Category[];
}

export interface Reference {
  municipalities: Municipality[];
  municipalityByNumber: Map<string, Municipality>;
  regions: Region[];
  /** Municipality numbers per region slug, in municipality name order. */
  regionMembers: Map<string, string[]>;
  places: Place[];
  placeBySlug: Map<string, Place>;
  placeById: Map<number, Place>;
  categories: Category[];
  categoryBySlug: Map<string, Category>;
  categoryById: Map<number, Category>;
  /** Top-level categories with their subcategories, in display order. */
  categoryTree: CategoryNode[];
}

export async function loadReference(db: DB): Promise<Reference> {
  const [municipalities, regions, members, places, categories] = await Promise.all([
    db.selectFrom('municipalities').selectAll().orderBy('number').execute(),
    db.selectFrom('regions').selectAll().orderBy('sort_order').orderBy('slug').execute(),
    db
      .selectFrom('region_municipalities as rm')
      .innerJoin('municipalities as m', 'm.number', 'rm.municipality_number')
      .select(['rm.region_slug', 'rm.municipality_number'])
      .orderBy('m.name')
      .execute(),
    db.selectFrom('places').selectAll().orderBy('name').execute(),
    db.selectFrom('categories').selectAll().orderBy('sort_order').orderBy('id').execute(),
  ]);

  const regionMembers = new Map<string, string[]>(regions.map((r) => [r.slug, []]));
  for (const m of members) regionMembers.get(m.region_slug)?.push(m.municipality_number);

  const categoryTree: CategoryNode[] = categories
    .filter((c) => c.parent_id === null)
    .map((c) => ({ ...c, children: categories.filter((child) => child.parent_id === c.id) }));

  return {
    municipalities,
    municipalityByNumber: new Map(municipalities.map((m) => [m.number, m])),
    regions,
    regionMembers,
    places,
    placeBySlug: new Map(places.map((p) => [p.slug, p])),
    placeById: new Map(places.map((p) => [p.id, p])),
    categories,
    categoryBySlug: new Map(categories.map((c) => [c.slug, c])),
    categoryById: new Map(categories.map((c) => [c.id, c])),
    categoryTree,
  };
}

/** A category's id together with the ids of its subcategories: filtering by a group finds its members. */
export function categoryWithDescendants(reference: Reference, category: Category): number[] {
  const node = reference.categoryTree.find((c) => c.id === category.id);
  return node ? [node.id, ...node.children.map((c) => c.id)] : [category.id];
}

/**
 * Re-reads reference data after an admin or moderator changed it. The object is updated in
 * place, so every route that holds it sees the change without being rebuilt.
 */
export async function reloadReference(db: DB, reference: Reference): Promise<void> {
  Object.assign(reference, await loadReference(db));
}
