import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect.js';

// The search index rebuilt for Norwegian compounds and inflections (issue 15). On
// PostgreSQL (issue 21) the same six columns are tsvectors of the same tokens, filled by
// src/db/postgres.ts from the word rules; see upPostgres below.
//
// The words rules are TypeScript (src/lib/search-words.ts); SQLite reaches them through the
// function search_terms(text, kind) that openDatabase registers on every connection before
// migrating (src/db/sqlite.ts), so the triggers keep feeding the index whoever writes: the
// server, the importer, the demo generator. A connection without it (the sqlite3 shell)
// cannot write associations, rather than leave the index behind.
//
// Still one contentless FTS5 table fed through one view; it now has a column per kind of
// token, so that a search can rank a word by how it matched: as written, as a compound's
// head, inflected, as another part of a compound. Accents and case are already folded by
// search_terms; the tokenizer only splits at the spaces between its tokens.

const OLD_TRIGGERS = [
  'associations_search_insert',
  'associations_search_update',
  'associations_search_delete',
  'association_categories_search_insert',
  'association_categories_search_delete',
  'categories_search_rename',
  'places_search_rename',
  'municipalities_search_rename',
];

const COLUMNS = 'name, name_head, name_stem, name_part, body, body_more';

const reindexFor = (idExpression: string) => sql.raw(`
    DELETE FROM association_search WHERE rowid IN (${idExpression});
    INSERT INTO association_search (rowid, ${COLUMNS})
      SELECT id, ${COLUMNS} FROM association_search_source WHERE id IN (${idExpression});`);

const POSTGRES_COLUMNS = ['name', 'name_head', 'name_stem', 'name_part', 'body', 'body_more'];

// The triggers and the view of the association-search migration stay: they already note
// every change and give the same text. Only the index gets its new columns, filled afresh.
async function upPostgres(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE association_search`.execute(db);
  await sql.raw(`CREATE TABLE association_search (id integer PRIMARY KEY,
    ${POSTGRES_COLUMNS.map((c) => `${c} tsvector NOT NULL`).join(', ')})`).execute(db);
  for (const column of POSTGRES_COLUMNS) {
    await sql.raw(`CREATE INDEX association_search_${column} ON association_search USING gin (${column})`).execute(db);
  }
  await sql`INSERT INTO association_search_pending (association_id) SELECT id FROM associations`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return upPostgres(db);
  for (const name of OLD_TRIGGERS) await sql`DROP TRIGGER IF EXISTS ${sql.id(name)}`.execute(db);
  await sql`DROP TABLE IF EXISTS association_search`.execute(db);
  await sql`DROP VIEW IF EXISTS association_search_source`.execute(db);

  const categoryNames = sql`(SELECT group_concat(c.name_nb || ' ' || c.name_en, ' ')
      FROM association_categories ac JOIN categories c ON c.id = ac.category_id
      WHERE ac.association_id = a.id)`;
  const placeName = sql`(SELECT p.name FROM places p WHERE p.id = a.place_id)`;
  const municipalityName = sql`(SELECT m.name FROM municipalities m WHERE m.number = a.municipality_number)`;
  const body = sql`a.short_description || ' ' || a.description || ' ' || coalesce(${categoryNames}, '')
      || ' ' || coalesce(${placeName}, '') || ' ' || coalesce(${municipalityName}, '')`;

  // search_terms remembers the last text it analysed, so the four calls on one name cost one analysis.
  await sql`CREATE VIEW association_search_source AS
    SELECT id,
      search_terms(name, 'words') AS name, search_terms(name, 'heads') AS name_head,
      search_terms(name, 'stems') AS name_stem, search_terms(name, 'parts') AS name_part,
      search_terms(body, 'words') AS body, search_terms(body, 'more') AS body_more
    FROM (SELECT a.id AS id, a.name AS name, ${body} AS body FROM associations a)`.execute(db);

  await sql`CREATE VIRTUAL TABLE association_search USING fts5(
    name, name_head, name_stem, name_part, body, body_more,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
  )`.execute(db);

  await sql.raw(`INSERT INTO association_search (rowid, ${COLUMNS}) SELECT id, ${COLUMNS} FROM association_search_source`).execute(db);

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

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP TABLE association_search`.execute(db);
    await sql`CREATE TABLE association_search (id integer PRIMARY KEY, name tsvector NOT NULL, body tsvector NOT NULL)`.execute(db);
    await sql`INSERT INTO association_search_pending (association_id) SELECT id FROM associations`.execute(db);
    return;
  }
  for (const name of OLD_TRIGGERS) await sql`DROP TRIGGER IF EXISTS ${sql.id(name)}`.execute(db);
  await sql`DROP TABLE IF EXISTS association_search`.execute(db);
  await sql`DROP VIEW IF EXISTS association_search_source`.execute(db);
}
