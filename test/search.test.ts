import { beforeEach, describe, expect, it } from 'vitest';
import { NO_FILTER, listPublished } from '../src/db/associations.js';
import type { Reference } from '../src/db/reference.js';
import { type DB, toMatchQuery } from '../src/db/sqlite.js';
import { association, freshDatabase, insert } from './helpers.js';

let db: DB;
let reference: Reference;

async function search(q: string): Promise<string[]> {
  const match = toMatchQuery(q);
  const { rows } = await listPublished(db, { ...NO_FILTER, match }, { limit: 25, offset: 0 });
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

describe('toMatchQuery', () => {
  it('turns every word into a quoted prefix term', () => {
    expect(toMatchQuery('Fotb klubb')).toBe('"fotb"* "klubb"*');
  });

  it.each(['"', '*', '()', '-', 'NEAR(', 'a OR', '^x', 'col:value', "'; DROP TABLE associations; --", '"unbalanced', '((('])(
    'neutralises FTS5 syntax in %j',
    (q) => {
      const match = toMatchQuery(q);
      if (match !== null) expect(match).toMatch(/^("[\p{L}\p{N}]+"\* ?)+$/u);
    },
  );

  it('returns null when there is no word to search for', () => {
    expect(toMatchQuery('  -- ** ""  ')).toBeNull();
    expect(toMatchQuery('')).toBeNull();
  });

  it('caps the number of terms', () => {
    expect(toMatchQuery(Array.from({ length: 50 }, (_, i) => `ord${i}`).join(' '))?.split(' ')).toHaveLength(8);
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
    await expect(
      db.insertInto('association_categories').values({ association_id: club.id, category_id: ids[2]!, position: 4 }).execute(),
    ).rejects.toThrow();
  });
});
