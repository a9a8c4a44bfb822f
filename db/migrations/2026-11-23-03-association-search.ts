import { type Kysely, type RawBuilder, sql } from 'kysely';
import { isPostgres } from './dialect.js';

// SQLite: full-text search with FTS5. PostgreSQL (issue 21): tsvector columns with GIN
// indexes, see upPostgres below; nothing outside src/db/sqlite.ts and src/db/postgres.ts
// knows about either.
//
// The index is contentless (it stores no copy of the text) and is fed through one view, so
// the text that is indexed is defined once and every trigger uses the same definition.
// Text is folded before indexing so that Norwegian letters are found from plain ASCII too:
// æ → ae, ø → o, å → a and the old spelling aa → a. The same folding is applied to queries
// in src/db/sqlite.ts (foldForSearch); the tokenizer then lower-cases and strips accents.

function fold(expression: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`replace(replace(replace(replace(replace(replace(replace(lower(${expression}),
    'Æ', 'ae'), 'æ', 'ae'), 'Ø', 'o'), 'ø', 'o'), 'Å', 'a'), 'å', 'a'), 'aa', 'a')`;
}

const reindexFor = (idExpression: string) => sql.raw(`
    DELETE FROM association_search WHERE rowid IN (${idExpression});
    INSERT INTO association_search (rowid, name, body)
      SELECT id, name, body FROM association_search_source WHERE id IN (${idExpression});`);

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return upPostgres(db);
  const categoryNames = sql`(SELECT group_concat(c.name_nb || ' ' || c.name_en, ' ')
      FROM association_categories ac JOIN categories c ON c.id = ac.category_id
      WHERE ac.association_id = a.id)`;
  const placeName = sql`(SELECT p.name FROM places p WHERE p.id = a.place_id)`;
  const municipalityName = sql`(SELECT m.name FROM municipalities m WHERE m.number = a.municipality_number)`;
  const body = sql`a.short_description || ' ' || a.description || ' ' || coalesce(${categoryNames}, '')
      || ' ' || coalesce(${placeName}, '') || ' ' || coalesce(${municipalityName}, '')`;

  await sql`CREATE VIEW association_search_source AS
    SELECT a.id AS id, ${fold(sql`a.name`)} AS name, ${fold(body)} AS body
    FROM associations a`.execute(db);

  await sql`CREATE VIRTUAL TABLE association_search USING fts5(
    name, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
  )`.execute(db);

  const triggers = [
    sql`CREATE TRIGGER associations_search_insert AFTER INSERT ON associations BEGIN
      ${reindexFor('NEW.id')}
    END`,
    sql`CREATE TRIGGER associations_search_update
      AFTER UPDATE OF name, short_description, description, place_id, municipality_number ON associations BEGIN
      ${reindexFor('NEW.id')}
    END`,
    sql`CREATE TRIGGER associations_search_delete AFTER DELETE ON associations BEGIN
      DELETE FROM association_search WHERE rowid = OLD.id;
    END`,
    sql`CREATE TRIGGER association_categories_search_insert AFTER INSERT ON association_categories BEGIN
      ${reindexFor('NEW.association_id')}
    END`,
    sql`CREATE TRIGGER association_categories_search_delete AFTER DELETE ON association_categories BEGIN
      ${reindexFor('OLD.association_id')}
    END`,
    sql`CREATE TRIGGER categories_search_rename AFTER UPDATE OF name_nb, name_en ON categories BEGIN
      ${reindexFor('SELECT association_id FROM association_categories WHERE category_id = NEW.id')}
    END`,
    sql`CREATE TRIGGER places_search_rename AFTER UPDATE OF name ON places BEGIN
      ${reindexFor('SELECT id FROM associations WHERE place_id = NEW.id')}
    END`,
    sql`CREATE TRIGGER municipalities_search_rename AFTER UPDATE OF name ON municipalities BEGIN
      ${reindexFor('SELECT id FROM associations WHERE municipality_number = NEW.number')}
    END`,
  ];
  for (const trigger of triggers) await trigger.execute(db);
}

// PostgreSQL cannot call the TypeScript word rules from a trigger, so its triggers (same
// names, same events as SQLite's) only note which associations' text changed, in
// association_search_pending; src/db/postgres.ts (refreshSearchIndex) indexes those from
// the view association_search_text before a search reads the index. Every writer is covered
// as on SQLite, whoever it is. The text is the same as SQLite's view puts together.
const POSTGRES_MARKERS = {
  associations_search_mark: `INSERT INTO association_search_pending (association_id)
    VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);`,
  association_categories_search_mark: `INSERT INTO association_search_pending (association_id)
    VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.association_id ELSE NEW.association_id END);`,
  categories_search_mark: `INSERT INTO association_search_pending (association_id)
    SELECT association_id FROM association_categories WHERE category_id = NEW.id;`,
  places_search_mark: `INSERT INTO association_search_pending (association_id)
    SELECT id FROM associations WHERE place_id = NEW.id;`,
  municipalities_search_mark: `INSERT INTO association_search_pending (association_id)
    SELECT id FROM associations WHERE municipality_number = NEW.number;`,
};

const POSTGRES_TRIGGERS: [name: string, when: string, marker: keyof typeof POSTGRES_MARKERS][] = [
  ['associations_search_insert', 'AFTER INSERT ON associations', 'associations_search_mark'],
  [
    'associations_search_update',
    'AFTER UPDATE OF name, short_description, description, place_id, municipality_number ON associations',
    'associations_search_mark',
  ],
  ['associations_search_delete', 'AFTER DELETE ON associations', 'associations_search_mark'],
  ['association_categories_search_insert', 'AFTER INSERT ON association_categories', 'association_categories_search_mark'],
  ['association_categories_search_delete', 'AFTER DELETE ON association_categories', 'association_categories_search_mark'],
  ['categories_search_rename', 'AFTER UPDATE OF name_nb, name_en ON categories', 'categories_search_mark'],
  ['places_search_rename', 'AFTER UPDATE OF name ON places', 'places_search_mark'],
  ['municipalities_search_rename', 'AFTER UPDATE OF name ON municipalities', 'municipalities_search_mark'],
];

async function upPostgres(db: Kysely<any>): Promise<void> {
  await sql`CREATE VIEW association_search_text AS
    SELECT a.id AS id, a.name AS name,
      a.short_description || ' ' || a.description || ' ' || coalesce((SELECT string_agg(c.name_nb || ' ' || c.name_en, ' ')
        FROM association_categories ac JOIN categories c ON c.id = ac.category_id
        WHERE ac.association_id = a.id), '')
      || ' ' || coalesce((SELECT p.name FROM places p WHERE p.id = a.place_id), '')
      || ' ' || coalesce((SELECT m.name FROM municipalities m WHERE m.number = a.municipality_number), '') AS body
    FROM associations a`.execute(db);
  await sql`CREATE TABLE association_search (id integer PRIMARY KEY, name tsvector NOT NULL, body tsvector NOT NULL)`.execute(db);
  await sql`CREATE TABLE association_search_pending (association_id integer NOT NULL)`.execute(db);
  for (const [name, body] of Object.entries(POSTGRES_MARKERS)) {
    await sql.raw(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${body} RETURN NULL; END $$`).execute(db);
  }
  for (const [name, when, marker] of POSTGRES_TRIGGERS) {
    await sql.raw(`CREATE TRIGGER ${name} ${when} FOR EACH ROW EXECUTE FUNCTION ${marker}()`).execute(db);
  }
  await sql`INSERT INTO association_search_pending (association_id) SELECT id FROM associations`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    for (const name of Object.keys(POSTGRES_MARKERS)) await sql.raw(`DROP FUNCTION IF EXISTS ${name}() CASCADE`).execute(db);
    for (const table of ['association_search_pending', 'association_search']) await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
    await sql`DROP VIEW IF EXISTS association_search_text`.execute(db);
    return;
  }
  for (const name of [
    'associations_search_insert',
    'associations_search_update',
    'associations_search_delete',
    'association_categories_search_insert',
    'association_categories_search_delete',
    'categories_search_rename',
    'places_search_rename',
    'municipalities_search_rename',
  ]) {
    await sql`DROP TRIGGER IF EXISTS ${sql.id(name)}`.execute(db);
  }
  await sql`DROP TABLE IF EXISTS association_search`.execute(db);
  await sql`DROP VIEW IF EXISTS association_search_source`.execute(db);
}
