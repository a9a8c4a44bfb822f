import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { PROJECT_ROOT } from '../../src/lib/project-root.js';

// Reference data is loaded once, by migration, so that moderators' later edits to places and
// categories are never overwritten by a restart. A change to these facts (a municipal
// reform, say) belongs in a new migration with its own file.

type Row = Record<string, string>;

function readReference(file: string): Row[] {
  const text = readFileSync(join(PROJECT_ROOT, 'db', 'reference', file), 'utf8');
  return parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Row[];
}

function field(row: Row, name: string): string {
  const value = row[name];
  if (value === undefined) throw new Error(`reference data: column ${name} missing`);
  return value;
}

export async function up(db: Kysely<any>): Promise<void> {
  const municipalities = readReference('municipalities.csv').map((r) => ({
    number: field(r, 'kommunenummer'),
    name: field(r, 'name'),
    display_name: field(r, 'display_name'),
    official_name: field(r, 'official_name'),
    parallel_names: field(r, 'parallel_names'),
    county_number: field(r, 'fylkesnummer'),
    county_name: field(r, 'fylke'),
  }));
  for (let i = 0; i < municipalities.length; i += 100) {
    await db.insertInto('municipalities').values(municipalities.slice(i, i + 100)).execute();
  }

  await db
    .insertInto('regions')
    .values(
      readReference('regions.csv').map((r) => ({
        slug: field(r, 'slug'),
        name_nb: field(r, 'name_nb'),
        name_en: field(r, 'name_en'),
        sort_order: Number(field(r, 'sort_order')),
      })),
    )
    .execute();

  await db
    .insertInto('region_municipalities')
    .values(
      readReference('region_municipalities.csv').map((r) => ({
        region_slug: field(r, 'region_slug'),
        municipality_number: field(r, 'kommunenummer'),
      })),
    )
    .execute();

  await db
    .insertInto('places')
    .values(
      readReference('places.csv').map((r) => ({
        slug: field(r, 'slug'),
        name: field(r, 'name'),
        municipality_number: field(r, 'kommunenummer'),
      })),
    )
    .execute();

  // Parents first, so that children can look their parent's id up.
  const categories = readReference('categories.csv').sort(
    (a, b) => Number(field(a, 'parent_code') !== '') - Number(field(b, 'parent_code') !== ''),
  );
  const idByCode = new Map<string, number>();
  for (const r of categories) {
    const parentCode = field(r, 'parent_code');
    const parentId = parentCode === '' ? null : idByCode.get(parentCode);
    if (parentId === undefined) throw new Error(`reference data: unknown parent category ${parentCode}`);
    const inserted = await db
      .insertInto('categories')
      .values({
        slug: field(r, 'slug'),
        icnpo_code: field(r, 'icnpo_code'),
        parent_id: parentId,
        name_nb: field(r, 'name_nb'),
        name_en: field(r, 'name_en'),
        sort_order: Number(field(r, 'sort_order')),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    idByCode.set(field(r, 'icnpo_code'), inserted.id);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['categories', 'places', 'region_municipalities', 'regions', 'municipalities']) {
    await db.deleteFrom(table).execute();
  }
}
