import { type Kysely, sql } from 'kysely';

// Migrations take Kysely<any> and never import app types: they describe the schema as it was
// on the day they were written, whatever the app's types say later.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('regions')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('name_nb', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('municipalities')
    .addColumn('number', 'text', (c) => c.primaryKey().check(sql`length(number) = 4`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('official_name', 'text', (c) => c.notNull())
    .addColumn('parallel_names', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('county_number', 'text', (c) => c.notNull())
    .addColumn('county_name', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('region_municipalities')
    .addColumn('region_slug', 'text', (c) => c.notNull().references('regions.slug').onDelete('cascade'))
    .addColumn('municipality_number', 'text', (c) => c.notNull().references('municipalities.number'))
    .addPrimaryKeyConstraint('region_municipalities_pk', ['region_slug', 'municipality_number'])
    .execute();

  await db.schema
    .createTable('places')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('municipality_number', 'text', (c) => c.notNull().references('municipalities.number'))
    .execute();
  await db.schema.createIndex('places_municipality').on('places').column('municipality_number').execute();

  await db.schema
    .createTable('categories')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('icnpo_code', 'text', (c) => c.notNull().unique())
    .addColumn('parent_id', 'integer', (c) => c.references('categories.id'))
    .addColumn('name_nb', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('associations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_name', 'text', (c) => c.notNull())
    .addColumn('short_description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('municipality_number', 'text', (c) => c.notNull().references('municipalities.number'))
    .addColumn('place_id', 'integer', (c) => c.references('places.id').onDelete('set null'))
    .addColumn('website', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('postal_address', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('org_number', 'text', (c) => c.check(sql`org_number is null or length(org_number) = 9`))
    .addColumn('founded_year', 'integer')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending', 'published', 'rejected', 'archived')`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('last_confirmed_at', 'text')
    .execute();
  await db.schema
    .createIndex('associations_status_municipality')
    .on('associations')
    .columns(['status', 'municipality_number', 'sort_name'])
    .execute();
  await db.schema.createIndex('associations_status_sort_name').on('associations').columns(['status', 'sort_name']).execute();
  await db.schema
    .createIndex('associations_status_published_at')
    .on('associations')
    .columns(['status', 'published_at'])
    .execute();
  await db.schema.createIndex('associations_place').on('associations').column('place_id').execute();
  await db.schema.createIndex('associations_org_number').on('associations').column('org_number').execute();

  await db.schema
    .createTable('association_categories')
    .addColumn('association_id', 'integer', (c) => c.notNull().references('associations.id').onDelete('cascade'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id'))
    .addColumn('position', 'integer', (c) => c.notNull().check(sql`position between 1 and 3`))
    .addPrimaryKeyConstraint('association_categories_pk', ['association_id', 'category_id'])
    .addUniqueConstraint('association_categories_position', ['association_id', 'position'])
    .execute();
  await db.schema
    .createIndex('association_categories_category')
    .on('association_categories')
    .columns(['category_id', 'association_id'])
    .execute();

  await db.schema
    .createTable('association_links')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('association_id', 'integer', (c) => c.notNull().references('associations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('facebook', 'instagram', 'other')`))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('association_links_association')
    .on('association_links')
    .columns(['association_id', 'position'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'association_links',
    'association_categories',
    'associations',
    'categories',
    'places',
    'region_municipalities',
    'municipalities',
    'regions',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
