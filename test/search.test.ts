import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { NO_FILTER, createAssociation, insertAssociations, listPublished } from '../src/db/associations.js';
import type { Reference } from '../src/db/reference.js';
import { type DB, matchingAssociations, searchIndexUpToDate, toMatchQuery } from '../src/db/sqlite.js';
import { queryWords } from '../src/lib/search-words.js';
import { generateAssociations } from '../src/demo/generate.js';
import { NOW, association, freshDatabase, insert, testDialect } from './helpers.js';

let db: DB;
let reference: Reference;

async function search(q: string): Promise<string[]> {
  const { rows } = await listPublished(db, { ...NO_FILTER, match: queryWords(q) }, { limit: 25, offset: 0 });
  return rows.map((r) => r.name);
}

beforeEach(async () => {
  ({ db, reference } = await freshDatabase());
  await insert(db, reference, [
    association(reference, { name: 'Bjerkvik Fotballklubb', shortDescription: 'Fotball for alle aldre.', place: 'bjerkvik' }),
    association(reference, {
      name: 'Narvik Mannskor',
      categories: ['kunst-og-kultur'],
      shortDescription: 'Vi synger ved Øvre Ofoten kirke.',
      description: 'Koret ble startet av Håkon Aasen. Vi spiller også fotball på sommeren.',
    }),
    association(reference, { name: 'Tromsø Sjakklubb', municipalityNumber: '5501', categories: ['rekreasjon-og-sosiale-foreninger'] }),
    association(reference, { name: 'Ærlige Ørners Forening', categories: ['andre'] }),
    association(reference, { name: 'Skjult Ventende Lag', status: 'pending' }),
  ]);
});

// Issue 15 replaced the single prefix term per word with several grades of match per word
// (exact, compound head, stem, prefix, part, typo): the words are checked, not the FTS text.
describe('queryWords', () => {
  it('folds every word and keeps only letters and digits', () => {
    expect(queryWords('Fotb "klubb')?.map((w) => w.text)).toEqual(['fotb', 'klubb']);
  });

  it.each(['"', '*', '()', '-', 'NEAR(', 'a OR', '^x', 'col:value', "'; DROP TABLE associations; --", '"unbalanced', '((('])(
    'neutralises FTS5 syntax in %j',
    (q) => {
      for (const word of queryWords(q) ?? []) expect(word.text).toMatch(/^[\p{L}\p{N}]+$/u);
      const match = toMatchQuery(q);
      // Every string in the expression is one of the folded words or their stems, quoted.
      for (const quoted of match?.match(/"[^"]*"/g) ?? []) expect(quoted).toMatch(/^"[\p{L}\p{N}]+"$/u);
    },
  );

  it('returns null when there is no word to search for', () => {
    expect(queryWords('  -- ** ""  ')).toBeNull();
    expect(toMatchQuery('  -- ** ""  ')).toBeNull();
    expect(queryWords('')).toBeNull();
  });

  it('caps the number of words', () => {
    expect(queryWords(Array.from({ length: 50 }, (_, i) => `ord${i}`).join(' '))).toHaveLength(8);
  });
});

describe('full-text search over associations', () => {
  it('matches prefixes as you type', async () => {
    expect(await search('fotb')).toContain('Bjerkvik Fotballklubb');
    expect(await search('Bjerkv fotballk')).toEqual(['Bjerkvik Fotballklubb']);
  });

  it('ranks name hits before description hits', async () => {
    expect(await search('fotball')).toEqual(['Bjerkvik Fotballklubb', 'Narvik Mannskor']);
  });

  it('is tolerant of case and Norwegian letters', async () => {
    expect(await search('øvre')).toEqual(['Narvik Mannskor']);
    expect(await search('ØVRE')).toEqual(['Narvik Mannskor']);
    expect(await search('ovre')).toEqual(['Narvik Mannskor']);
    expect(await search('tromso')).toEqual(['Tromsø Sjakklubb']);
    expect(await search('aerlige')).toEqual(['Ærlige Ørners Forening']);
    expect(await search('ørner')).toEqual(['Ærlige Ørners Forening']);
  });

  it('finds the old spelling aa and the letter å alike', async () => {
    expect(await search('Haakon')).toEqual(['Narvik Mannskor']);
    expect(await search('håkon')).toEqual(['Narvik Mannskor']);
    expect(await search('åsen')).toEqual(['Narvik Mannskor']);
  });

  it('searches category names in both languages and place and municipality names', async () => {
    expect(await search('kunst')).toEqual(['Narvik Mannskor']);
    expect(await search('sports')).toContain('Bjerkvik Fotballklubb');
    expect(await search('bjerkvik')).toEqual(['Bjerkvik Fotballklubb']);
    expect(await search('tromsø')).toEqual(['Tromsø Sjakklubb']);
  });

  it('never shows associations that are not published', async () => {
    expect(await search('skjult')).toEqual([]);
  });

  it.each(['"', 'fotball"', '*', 'NEAR(fotball', 'fotball -kor', '((fotball', 'fotball AND', '🎉', '\u0000fotball', 'x'.repeat(500)])(
    'does not fail on %j',
    async (q) => {
      await expect(search(q)).resolves.toBeInstanceOf(Array);
    },
  );

  it('follows changes through the triggers: rename, new category, delete', async () => {
    await db.updateTable('associations').set({ name: 'Bjerkvik Skiklubb' }).where('name', '=', 'Bjerkvik Fotballklubb').execute();
    expect(await search('skiklubb')).toEqual(['Bjerkvik Skiklubb']);
    expect(await search('fotballklubb')).toEqual([]);

    const choir = await db.selectFrom('associations').select('id').where('name', '=', 'Narvik Mannskor').executeTakeFirstOrThrow();
    await db
      .insertInto('association_categories')
      .values({ association_id: choir.id, category_id: reference.categoryBySlug.get('dyrevern')!.id, position: 2 })
      .execute();
    expect(await search('dyrevern')).toEqual(['Narvik Mannskor']);
    await db.deleteFrom('association_categories').where('association_id', '=', choir.id).where('position', '=', 2).execute();
    expect(await search('dyrevern')).toEqual([]);

    await db.updateTable('categories').set({ name_nb: 'Sang og musikk' }).where('slug', '=', 'kunst-og-kultur').execute();
    expect(await search('musikk')).toEqual(['Narvik Mannskor']);

    await db.deleteFrom('associations').where('id', '=', choir.id).execute();
    expect(await search('mannskor')).toEqual([]);
  });

  it('refuses a fourth category for one association', async () => {
    const club = await db.selectFrom('associations').select('id').where('name', '=', 'Bjerkvik Fotballklubb').executeTakeFirstOrThrow();
    const ids = ['helse', 'dyrevern', 'bolig'].map((slug) => reference.categoryBySlug.get(slug)!.id);
    await db.insertInto('association_categories').values({ association_id: club.id, category_id: ids[0]!, position: 2 }).execute();
    await db.insertInto('association_categories').values({ association_id: club.id, category_id: ids[1]!, position: 3 }).execute();
    await expect(db.insertInto('association_categories').values({ association_id: club.id, category_id: ids[2]!, position: 4 }).execute()).rejects.toThrow();
  });
});

describe('search over a large match set', () => {
  const NAME_HITS = 530; // more than are ranked by relevance: the rest of them go alphabetically
  const BODY_HITS = 40;

  beforeEach(async () => {
    await insert(db, reference, [
      ...Array.from({ length: NAME_HITS }, (_, i) =>
        association(reference, {
          name: `Korps ${String(i).padStart(3, '0')}`,
          shortDescription: 'Musikk for alle.',
          municipalityNumber: i % 2 === 0 ? '1806' : '5501',
          categories: [i % 3 === 0 ? 'kunst-og-kultur' : 'idrett'],
        }),
      ),
      ...Array.from({ length: BODY_HITS }, (_, i) =>
        association(reference, { name: `Aa Lag ${String(i).padStart(2, '0')}`, shortDescription: 'Vi spiller i korps.', municipalityNumber: '1806' }),
      ),
      association(reference, { name: 'Korps Ventende', status: 'pending' }),
    ]);
  });

  async function allPages(filter: Partial<typeof NO_FILTER>) {
    const names: string[] = [];
    let total = -1;
    for (let offset = 0; ; offset += 25) {
      const page = await listPublished(db, { ...NO_FILTER, match: queryWords('korps'), ...filter }, { limit: 25, offset });
      total = page.total;
      if (page.rows.length === 0) break;
      names.push(...page.rows.map((r) => r.name));
    }
    return { names, total };
  }

  it('puts every name hit before the description hits, and pages through all of them once', async () => {
    const { names, total } = await allPages({});
    expect(total).toBe(NAME_HITS + BODY_HITS);
    expect(names).toHaveLength(total);
    expect(new Set(names).size).toBe(total);
    expect(names.slice(0, NAME_HITS).every((n) => n.startsWith('Korps '))).toBe(true);
    // Alphabetical within each part: "Aa Lag" would sort first, but it is not a name hit.
    expect(names.slice(0, 3)).toEqual(['Korps 000', 'Korps 001', 'Korps 002']);
    expect(names.slice(NAME_HITS, NAME_HITS + 2)).toEqual(['Aa Lag 00', 'Aa Lag 01']);
    expect(names).not.toContain('Korps Ventende');
  });

  it('counts and pages correctly with a municipality and a category', async () => {
    const narvik = await allPages({ municipalityNumbers: ['1806'] });
    expect(narvik.total).toBe(NAME_HITS / 2 + BODY_HITS);
    expect(narvik.names).toHaveLength(narvik.total);
    const culture = reference.categoryBySlug.get('kunst-og-kultur')!.id;
    const narvikCulture = await allPages({ municipalityNumbers: ['1806'], categoryIds: [culture] });
    // Even numbers that are multiples of 3: every sixth association.
    expect(narvikCulture.total).toBe(Math.ceil(NAME_HITS / 6));
    expect(narvikCulture.names[0]).toBe('Korps 000');
    expect(narvikCulture.names[1]).toBe('Korps 006');
  });

  it('sees a write at once: a new name hit is counted on the next search', async () => {
    expect((await allPages({})).total).toBe(NAME_HITS + BODY_HITS);
    await insert(db, reference, [association(reference, { name: 'Korps Nytt' })]);
    const after = await allPages({});
    expect(after.total).toBe(NAME_HITS + BODY_HITS + 1);
    expect(after.names.indexOf('Korps Nytt')).toBeLessThan(NAME_HITS + 1);
  });
});

describe('a list by municipality and category', () => {
  it('counts and pages like a plain query would', async () => {
    await insert(
      db,
      reference,
      Array.from({ length: 60 }, (_, i) =>
        association(reference, {
          name: `Lag ${String(i).padStart(2, '0')}`,
          categories: [i % 2 === 0 ? 'idrett' : 'helse'],
          municipalityNumber: i < 40 ? '1806' : '5501',
        }),
      ),
    );
    const sport = reference.categoryBySlug.get('idrett')!.id;
    const filter = { ...NO_FILTER, municipalityNumbers: ['1806'], categoryIds: [sport] };
    const first = await listPublished(db, filter, { limit: 25, offset: 0 });
    const expected = await db
      .selectFrom('associations as a')
      .innerJoin('association_categories as ac', 'ac.association_id', 'a.id')
      .select('a.name')
      .where('a.status', '=', 'published')
      .where('a.municipality_number', '=', '1806')
      .where('ac.category_id', '=', sport)
      .orderBy('a.sort_name')
      .execute();
    expect(first.total).toBe(expected.length);
    const second = await listPublished(db, filter, { limit: 25, offset: 25 });
    expect([...first.rows, ...second.rows].map((r) => r.name)).toEqual(expected.map((r) => r.name));
  });
});

describe('bulk loading', () => {
  async function ranked(on: DB, q: string) {
    return matchingAssociations(on, toMatchQuery(q)!).orderBy('search.rank').orderBy('search.id').execute();
  }

  /** Every table, index, trigger and view as the database describes it: SQLite's catalogue, or PostgreSQL's. */
  async function schema(on: DB) {
    if (testDialect === 'postgres') {
      const { rows } = await sql<{ sql: string }>`
        SELECT 'table ' || table_name || ': ' || string_agg(column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, ''), ', ' ORDER BY ordinal_position) AS sql
          FROM information_schema.columns WHERE table_schema = 'public' GROUP BY table_name
        UNION ALL SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL SELECT 'trigger ' || tgname || ': ' || pg_get_triggerdef(oid) || (CASE WHEN tgenabled = 'D' THEN ' (disabled)' ELSE '' END)
          FROM pg_trigger WHERE NOT tgisinternal
        UNION ALL SELECT 'view ' || viewname || ': ' || definition FROM pg_views WHERE schemaname = 'public'
        ORDER BY 1`.execute(on);
      return rows.map((r) => r.sql);
    }
    const { rows } = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name`.execute(on);
    return rows.map((r) => r.sql);
  }

  it('indexes a bulk load exactly as the triggers index associations stored one at a time', async () => {
    const { db: bulk, reference: ref } = await freshDatabase();
    const municipalities = ['1806', '5501', '5530'].map((number, i) => ({
      number,
      name: ref.municipalityByNumber.get(number)!.name,
      places: ref.places.filter((p) => p.municipality_number === number).map((p) => ({ id: p.id, name: p.name })),
      weight: i + 1,
    }));
    const categories = ref.categories.map((c) => ({ id: c.id, icnpoCode: c.icnpo_code, parentId: c.parent_id }));
    const inputs = [...generateAssociations({ count: 300, municipalities, categories, seed: 7, now: NOW, statusMix: 'published' })];
    const names = new Map(ref.municipalities.map((m) => [m.number, m.name]));
    // Into an empty table (indexes rebuilt afterwards), then into a filled one (indexes kept).
    await insertAssociations(bulk, inputs.slice(0, 200), names, NOW);
    await insertAssociations(bulk, inputs.slice(200), names, NOW);
    // Indexes and triggers are back exactly as the migrations made them.
    const { db: untouched } = await freshDatabase();
    expect(await schema(bulk)).toEqual(await schema(untouched));

    const { db: oneByOne } = await freshDatabase();
    for (const input of inputs) await createAssociation(oneByOne, input, names.get(input.municipalityNumber)!, NOW);

    await searchIndexUpToDate(bulk);
    await searchIndexUpToDate(oneByOne);

    // Municipality and category names (nb and en) come from the joined tables, the rest from the row.
    // Every term at every position in every document, read back from the index itself: FTS5's
    // vocabulary on SQLite; on PostgreSQL every tsvector column's lexemes of every entry.
    const instances = async (on: DB) => {
      if (testDialect === 'postgres') {
        const { rows } = await sql`SELECT s.id, c.col, t.lexeme FROM association_search s
            CROSS JOIN LATERAL (VALUES ('name', s.name), ('name_head', s.name_head), ('name_stem', s.name_stem),
              ('name_part', s.name_part), ('body', s.body), ('body_more', s.body_more)) AS c(col, vector)
            CROSS JOIN LATERAL unnest(c.vector) AS t
            ORDER BY t.lexeme, s.id, c.col`.execute(on);
        return rows;
      }
      await sql`CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms USING fts5vocab(main, association_search, instance)`.execute(on);
      const { rows } = await sql`SELECT term, doc, col, "offset" FROM temp.search_terms ORDER BY term, doc, col, "offset"`.execute(on);
      return rows;
    };
    const expected = await instances(oneByOne);
    expect(expected.length).toBeGreaterThan(10_000);
    expect(await instances(bulk)).toEqual(expected);
    // The same sets match; bm25's values are not compared: every re-index through the triggers
    // (one per category row) leaves FTS5's document statistics inflated, a fresh index has the true ones.
    for (const q of ['narvik', 'tromso', 'senja', 'idrett', 'sports', 'medlem', 'kontingent']) {
      const ids = async (on: DB) => (await ranked(on, q)).map((r) => r.id).sort((a, b) => a - b);
      expect((await ids(oneByOne)).length, `"${q}" should match something`).toBeGreaterThan(0);
      expect(await ids(bulk), q).toEqual(await ids(oneByOne));
    }
  });

  it('leaves nothing behind when a bulk load fails', async () => {
    const { db: target, reference: ref } = await freshDatabase();
    const before = await schema(target);
    const names = new Map(ref.municipalities.map((m) => [m.number, m.name]));
    const good = association(ref, { name: 'Godt Lag' });
    const bad = association(ref, { name: 'Feil Lag', municipalityNumber: '0000' });
    await expect(insertAssociations(target, [good, bad], names, NOW)).rejects.toThrow();
    expect(await schema(target)).toEqual(before);
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM associations`.execute(target);
    expect(rows[0]!.n).toBe(0);
  });
});
