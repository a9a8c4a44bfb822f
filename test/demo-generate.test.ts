import { describe, it, expect } from 'vitest';
import { generateAssociations, type DemoAssociation, type DemoCategory, type DemoMunicipality, type GenerateOptions } from '../src/demo/generate.js';
import { isValidOrgNumber } from '../src/lib/org-number.js';

const municipalities: DemoMunicipality[] = [
  {
    number: '1806',
    name: 'Narvik',
    weight: 5,
    places: [
      { id: 1, name: 'Bjerkvik' },
      { id: 2, name: 'Beisfjord' },
      { id: 3, name: 'Ballangen' },
    ],
  },
  {
    number: '5501',
    name: 'Tromsø',
    weight: 10,
    places: [
      { id: 10, name: 'Kvaløysletta' },
      { id: 11, name: 'Tromsdalen' },
    ],
  },
  {
    number: '5544',
    name: 'Kåfjord',
    weight: 1.5,
    places: [
      { id: 20, name: 'Olderdalen' },
      { id: 21, name: 'Manndalen' },
    ],
  },
  { number: '1853', name: 'Evenes', weight: 0.5, places: [] },
];

const categories: DemoCategory[] = [
  { id: 1, icnpoCode: '01000', parentId: null },
  { id: 2, icnpoCode: '06000', parentId: null },
  { id: 11, icnpoCode: '01100', parentId: 1 },
  { id: 12, icnpoCode: '01200', parentId: 1 },
  { id: 13, icnpoCode: '01300', parentId: 1 },
  { id: 21, icnpoCode: '06100', parentId: 2 },
  { id: 22, icnpoCode: '04200', parentId: 2 },
  { id: 23, icnpoCode: '99999', parentId: 2 }, // unknown code → generic pattern
];

const level2Ids = new Set(categories.filter((c) => c.parentId !== null).map((c) => c.id));
const now = new Date('2025-06-01T12:00:00Z');

function opts(over: Partial<GenerateOptions> = {}): GenerateOptions {
  return { count: 500, municipalities, categories, seed: 42, now, ...over };
}

function all(o: GenerateOptions): DemoAssociation[] {
  return [...generateAssociations(o)];
}

describe('generateAssociations', () => {
  it('is deterministic for the same seed and differs for another seed', () => {
    const a = all(opts());
    const b = all(opts());
    expect(a).toEqual(b);
    const c = all(opts({ seed: 43 }));
    expect(c.map((x) => x.name)).not.toEqual(a.map((x) => x.name));
  });

  it('respects count, including 0', () => {
    expect(all(opts({ count: 0 }))).toHaveLength(0);
    expect(all(opts({ count: 1 }))).toHaveLength(1);
    expect(all(opts({ count: 137 }))).toHaveLength(137);
  });

  it('streams lazily (a generator, not a prebuilt array)', () => {
    const it = generateAssociations(opts({ count: 1_000_000 }));
    const first = it.next();
    expect(first.done).toBe(false);
    expect(typeof first.value?.name).toBe('string');
    it.return(undefined);
  });

  it('keeps names unique at 20,000 rows', () => {
    const rows = all(opts({ count: 20_000 }));
    const names = new Set(rows.map((r) => r.name));
    expect(names.size).toBe(20_000);
  });

  it('produces valid, unique org numbers', () => {
    const rows = all(opts({ count: 5_000 }));
    const orgs = rows.map((r) => r.orgNumber).filter((o): o is string => o !== null);
    expect(orgs.length).toBeGreaterThan(2_000);
    expect(orgs.length).toBeLessThan(3_000);
    for (const o of orgs) {
      expect(isValidOrgNumber(o)).toBe(true);
      expect(o[0] === '8' || o[0] === '9').toBe(true);
    }
    expect(new Set(orgs).size).toBe(orgs.length);
  });

  it('uses 1–3 distinct level-2 category ids', () => {
    const rows = all(opts({ count: 3_000 }));
    const sizes = new Map<number, number>();
    for (const r of rows) {
      expect(r.categoryIds.length).toBeGreaterThanOrEqual(1);
      expect(r.categoryIds.length).toBeLessThanOrEqual(3);
      expect(new Set(r.categoryIds).size).toBe(r.categoryIds.length);
      for (const id of r.categoryIds) expect(level2Ids.has(id)).toBe(true);
      sizes.set(r.categoryIds.length, (sizes.get(r.categoryIds.length) ?? 0) + 1);
    }
    // Mostly one category.
    expect(sizes.get(1)!).toBeGreaterThan(rows.length / 2);
    expect(sizes.get(3) ?? 0).toBeGreaterThan(0);
  });

  it('picks a place that belongs to the chosen municipality', () => {
    const byNumber = new Map(municipalities.map((m) => [m.number, m]));
    const rows = all(opts({ count: 3_000 }));
    let withPlace = 0;
    for (const r of rows) {
      const m = byNumber.get(r.municipalityNumber);
      expect(m).toBeDefined();
      if (r.placeId !== null) {
        withPlace++;
        expect(m!.places.some((p) => p.id === r.placeId)).toBe(true);
      }
      if (m!.places.length === 0) expect(r.placeId).toBeNull();
    }
    expect(withPlace).toBeGreaterThan(0);
  });

  it('weights municipalities', () => {
    const rows = all(opts({ count: 4_000 }));
    const count = (n: string) => rows.filter((r) => r.municipalityNumber === n).length;
    expect(count('5501')).toBeGreaterThan(count('1806'));
    expect(count('1806')).toBeGreaterThan(count('1853'));
  });

  it('writes Norwegian names and texts with æ, ø or å, within length limits', () => {
    const rows = all(opts({ count: 2_000 }));
    expect(rows.filter((r) => /[æøåÆØÅ]/.test(r.name)).length).toBeGreaterThan(10);
    const paragraphCounts = new Set<number>();
    for (const r of rows) {
      expect(r.shortDescription.length).toBeGreaterThan(0);
      expect(r.shortDescription.length).toBeLessThanOrEqual(200);
      expect(r.description.length).toBeLessThanOrEqual(1500);
      const paragraphs = r.description.split('\n\n');
      expect(paragraphs.length).toBeGreaterThanOrEqual(1);
      expect(paragraphs.length).toBeLessThanOrEqual(3);
      for (const paragraph of paragraphs) expect(paragraph.trim().length).toBeGreaterThan(20);
      paragraphCounts.add(paragraphs.length);
      expect(r.description).not.toMatch(/\{\w+\}/);
      expect(r.shortDescription).not.toMatch(/\{\w+\}/);
      expect(r.name).not.toMatch(/\{\w+\}/);
    }
    // Short like real club pages, but not all of one shape.
    expect([...paragraphCounts].sort()).toEqual([1, 2, 3]);
    const average = rows.reduce((sum, r) => sum + r.description.length, 0) / rows.length;
    expect(average).toBeGreaterThan(150);
    expect(average).toBeLessThan(260);
    expect(new Set(rows.map((r) => r.description)).size).toBeGreaterThan(rows.length * 0.5);
  });

  it('formats contact details and links', () => {
    const rows = all(opts({ count: 3_000 }));
    // Each rule is checked on every row that has the field, and there are always such rows:
    // the values that break a rule are listed, so a failure shows them.
    const present = <T>(values: (T | null)[]) => values.filter((v): v is T => v !== null);
    const breaking = (values: string[], pattern: RegExp) => {
      expect(values.length).toBeGreaterThan(100);
      return values.filter((v) => !pattern.test(v));
    };
    expect(breaking(present(rows.map((r) => r.website)), /^https:\/\/[a-z0-9.-]+\.no\/([a-z0-9/-]*)$/)).toEqual([]);
    expect(breaking(present(rows.map((r) => r.email)), /^[a-z0-9.-]+@[a-z0-9.-]+\.(no|com)$/)).toEqual([]);
    expect(breaking(present(rows.map((r) => r.phone)), /^\+47 [49]\d \d\d \d\d \d\d$/)).toEqual([]);
    // A postal code comes with a postal address and only then.
    expect(breaking(present(rows.map((r) => (r.postalAddress ? r.postalCode : null))), /^[89]\d{3}$/)).toEqual([]);
    expect(rows.filter((r) => !r.postalAddress && r.postalCode !== null)).toEqual([]);
    const years = present(rows.map((r) => r.foundedYear));
    expect(years.length).toBeGreaterThan(100);
    expect(years.filter((y) => y < 1880 || y > now.getUTCFullYear())).toEqual([]);
    const links = rows.flatMap((r) => r.links);
    expect(
      breaking(
        links.filter((l) => l.kind === 'facebook').map((l) => l.url),
        /^https:\/\/www\.facebook\.com\/[a-z0-9]+$/,
      ),
    ).toEqual([]);
    expect(
      breaking(
        links.filter((l) => l.kind === 'instagram').map((l) => l.url),
        /^https:\/\/www\.instagram\.com\/[a-z0-9]+\/$/,
      ),
    ).toEqual([]);
    expect(
      breaking(
        links.map((l) => l.url),
        /^https:\/\//,
      ),
    ).toEqual([]);
    const share = (f: (r: DemoAssociation) => boolean) => rows.filter(f).length / rows.length;
    expect(share((r) => r.website !== null)).toBeGreaterThan(0.45);
    expect(share((r) => r.website !== null)).toBeLessThan(0.65);
    expect(share((r) => r.links.some((l) => l.kind === 'facebook'))).toBeGreaterThan(0.3);
  });

  it('mixes statuses for "demo" and sets timestamps sensibly', () => {
    const rows = all(opts({ count: 5_000 }));
    const nowMs = now.getTime();
    const threeYears = 3 * 365.25 * 86_400_000;
    const staleCutoff = nowMs - 1.5 * 365.25 * 86_400_000;
    const statuses = new Set(rows.map((r) => r.status));
    expect(statuses).toEqual(new Set(['published', 'pending', 'archived', 'rejected']));
    let stale = 0;
    for (const r of rows) {
      const created = Date.parse(r.createdAt);
      expect(r.createdAt).toBe(new Date(created).toISOString());
      expect(created).toBeLessThanOrEqual(nowMs);
      expect(created).toBeGreaterThanOrEqual(nowMs - threeYears - 1000);
      if (r.status === 'pending' || r.status === 'rejected') {
        expect(r.lastConfirmedAt).toBeNull();
      } else {
        expect(r.lastConfirmedAt).not.toBeNull();
        const confirmed = Date.parse(r.lastConfirmedAt!);
        expect(confirmed).toBeGreaterThanOrEqual(created);
        expect(confirmed).toBeLessThanOrEqual(nowMs);
        if (confirmed < staleCutoff) stale++;
      }
    }
    const published = rows.filter((r) => r.status === 'published').length / rows.length;
    expect(published).toBeGreaterThan(0.84);
    expect(published).toBeLessThan(0.92);
    expect(stale / rows.length).toBeGreaterThan(0.05);
    expect(stale / rows.length).toBeLessThan(0.15);
  });

  it('makes everything published with statusMix "published"', () => {
    const rows = all(opts({ count: 2_000, statusMix: 'published' }));
    expect(rows.every((r) => r.status === 'published' && r.lastConfirmedAt !== null)).toBe(true);
  });

  it('covers unknown ICNPO codes with a generic pattern', () => {
    const rows = all(
      opts({
        count: 300,
        categories: [
          { id: 1, icnpoCode: '12000', parentId: null },
          { id: 2, icnpoCode: '77777', parentId: 1 },
        ],
      }),
    );
    expect(rows.every((r) => /Forening/i.test(r.name))).toBe(true);
  });

  it('rejects invalid input', () => {
    expect(() => all(opts({ count: -1 }))).toThrow(RangeError);
    expect(() => all(opts({ municipalities: [] }))).toThrow(RangeError);
    expect(() => all(opts({ categories: [{ id: 1, icnpoCode: '01000', parentId: null }] }))).toThrow(RangeError);
  });

  it('generates 100,000 rows with unique names', () => {
    let n = 0;
    const names = new Set<string>();
    for (const r of generateAssociations(opts({ count: 100_000, seed: 7 }))) {
      n++;
      names.add(r.name);
    }
    expect(n).toBe(100_000);
    expect(names.size).toBe(100_000);
  });
});
