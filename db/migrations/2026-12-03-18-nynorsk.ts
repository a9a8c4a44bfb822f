import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { PROJECT_ROOT } from '../../src/lib/project-root.js';

// Nynorsk: names of categories and regions in Nynorsk (null: shown in Bokmål), and the
// language an association registered in, so that mail to it goes in that language.
// A name an admin has already changed keeps no Nynorsk default, which would be out of date.

type Row = Record<string, string>;

function readReference(file: string): Row[] {
  const text = readFileSync(join(PROJECT_ROOT, 'db', 'reference', file), 'utf8');
  return parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Row[];
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('categories').addColumn('name_nn', 'text').execute();
  await db.schema.alterTable('regions').addColumn('name_nn', 'text').execute();
  await db.schema.alterTable('associations').addColumn('language', 'text').execute();
  for (const row of readReference('categories-nn.csv')) {
    await db
      .updateTable('categories')
      .set({ name_nn: row.name_nn })
      .where('icnpo_code', '=', row.icnpo_code)
      .where('name_nb', '=', row.name_nb)
      .execute();
  }
  for (const row of readReference('regions-nn.csv')) {
    await db.updateTable('regions').set({ name_nn: row.name_nn }).where('slug', '=', row.slug).where('name_nb', '=', row.name_nb).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('associations').dropColumn('language').execute();
  await db.schema.alterTable('regions').dropColumn('name_nn').execute();
  await db.schema.alterTable('categories').dropColumn('name_nn').execute();
}
