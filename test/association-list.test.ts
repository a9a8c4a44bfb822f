import { describe, expect, it } from 'vitest';
import { NO_FILTER, listPublished, markPassing, walk } from '../src/db/association-list.js';
import { queryWords } from '../src/lib/search-words.js';
import { association, freshDatabase, insert } from './helpers.js';

// The list engine on its own: orders of ids built from one alphabetical order and the
// filter's id sets, and the pages cut from them.

describe('markPassing and walk', () => {
  it('keeps the ids that are in every set, in the given order', () => {
    const { marks, passing } = markPassing(10, [Int32Array.from([1, 3, 5, 7]), Int32Array.from([7, 3, 2])], null);
    expect([...walk(Int32Array.from([9, 7, 5, 3, 1]), marks, passing)]).toEqual([7, 3]);
  });

  it('counts an id listed twice in one set once', () => {
    const { marks, passing } = markPassing(10, [Int32Array.from([4, 4, 6]), Int32Array.from([6])], null);
    expect([...walk(Int32Array.from([4, 6]), marks, passing)]).toEqual([6]);
  });

  it('takes the extra set as one more condition, and leaves out the skipped ids', () => {
    const { marks, passing } = markPassing(10, [Int32Array.from([1, 2, 3])], [2, 3]);
    expect([...walk(Int32Array.from([1, 2, 3]), marks, passing)]).toEqual([2, 3]);
    expect([...walk(Int32Array.from([1, 2, 3]), marks, passing, new Set([2]))]).toEqual([3]);
  });

  it('ignores ids beyond the marks (entries newer than the order)', () => {
    const { marks, passing } = markPassing(4, [Int32Array.from([1, 9])], null);
    expect([...walk(Int32Array.from([1, 2, 3]), marks, passing)]).toEqual([1]);
  });
});

describe('listPublished', () => {
  async function registry() {
    const { db, reference } = await freshDatabase();
    await insert(db, reference, [
      association(reference, { name: 'Øyjord Vel', categories: ['kunst-og-kultur'] }),
      association(reference, { name: 'Ankenes Skiklubb', shortDescription: 'Langrenn og fotball for barn.' }),
      association(reference, { name: 'Narvik Fotballklubb' }),
      association(reference, { name: 'Bjerkvik Fotball', municipalityNumber: '5501' }),
      association(reference, { name: 'Kladd', status: 'pending' }),
    ]);
    return { db, reference };
  }

  it('lists published entries alphabetically (Norwegian letters last), with the total', async () => {
    const { db } = await registry();
    const { total, rows } = await listPublished(db, NO_FILTER, { limit: 10, offset: 0 });
    expect(total).toBe(4);
    expect(rows.map((r) => r.name)).toEqual(['Ankenes Skiklubb', 'Bjerkvik Fotball', 'Narvik Fotballklubb', 'Øyjord Vel']);
  });

  it('cuts pages from the same order', async () => {
    const { db } = await registry();
    const second = await listPublished(db, NO_FILTER, { limit: 2, offset: 2 });
    expect(second).toMatchObject({ total: 4 });
    expect(second.rows.map((r) => r.name)).toEqual(['Narvik Fotballklubb', 'Øyjord Vel']);
  });

  it('combines the municipality and category filters', async () => {
    const { db, reference } = await registry();
    const culture = reference.categoryBySlug.get('kunst-og-kultur')!.id;
    const filter = { ...NO_FILTER, municipalityNumbers: ['1806'], categoryIds: [culture] };
    expect((await listPublished(db, filter, { limit: 10, offset: 0 })).rows.map((r) => r.name)).toEqual(['Øyjord Vel']);
  });

  it('puts name hits before entries that only mention the word, and leaves out the rest', async () => {
    const { db } = await registry();
    const { total, rows } = await listPublished(db, { ...NO_FILTER, match: queryWords('fotball') }, { limit: 10, offset: 0 });
    expect(total).toBe(3);
    expect(rows.map((r) => r.name).slice(2)).toEqual(['Ankenes Skiklubb']);
    expect(
      rows
        .map((r) => r.name)
        .slice(0, 2)
        .sort(),
    ).toEqual(['Bjerkvik Fotball', 'Narvik Fotballklubb']);
  });

  it('sees a new entry on the next call after a write', async () => {
    const { db, reference } = await registry();
    expect((await listPublished(db, NO_FILTER, { limit: 10, offset: 0 })).total).toBe(4);
    await insert(db, reference, [association(reference, { name: 'Beisfjord Sangkor' })]);
    const after = await listPublished(db, NO_FILTER, { limit: 10, offset: 0 });
    expect(after.rows.map((r) => r.name)).toEqual(['Ankenes Skiklubb', 'Beisfjord Sangkor', 'Bjerkvik Fotball', 'Narvik Fotballklubb', 'Øyjord Vel']);
  });
});
