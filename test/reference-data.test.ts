import { beforeAll, describe, expect, it } from 'vitest';
import type { Reference } from '../src/db/reference.js';
import { freshDatabase } from './helpers.js';

let reference: Reference;
beforeAll(async () => {
  ({ reference } = await freshDatabase());
});

describe('reference data loaded by migration', () => {
  it('has all 357 municipalities valid from 2024, split by county as in the source', () => {
    expect(reference.municipalities).toHaveLength(357);
    const perCounty: Record<string, number> = {};
    for (const m of reference.municipalities) perCounty[m.county_number] = (perCounty[m.county_number] ?? 0) + 1;
    expect(perCounty).toEqual({
      '03': 1,
      '11': 23,
      '15': 27,
      '18': 41,
      '31': 12,
      '32': 21,
      '33': 18,
      '34': 46,
      '39': 6,
      '40': 17,
      '42': 25,
      '46': 43,
      '50': 38,
      '55': 21,
      '56': 18,
    });
  });

  it('uses the 2024 numbers and keeps Sami and Kven parallel names', () => {
    const m = (n: string) => reference.municipalityByNumber.get(n);
    expect(m('5530')?.name).toBe('Senja');
    expect(m('5546')?.name).toBe('Kvænangen');
    expect(m('5512')?.name).toBe('Tjeldsund');
    expect(m('1806')?.county_name).toBe('Nordland');
    expect(m('0301')?.name).toBe('Oslo');
    expect(m('5544')?.official_name).toBe('Nordreisa - Ráisa - Raisi');
    expect(m('5544')?.parallel_names).toContain('Ráisa');
    expect(m('5421')).toBeUndefined(); // Senja's number 2020–2023
    expect(reference.municipalities.filter((x) => x.parallel_names !== '').length).toBe(22);
  });

  it('has the three regions with their member municipalities', () => {
    const members = (slug: string) => [...(reference.regionMembers.get(slug) ?? [])].sort();
    expect(members('nord-troms')).toEqual(['5536', '5538', '5540', '5542', '5544', '5546']);
    expect(members('midt-troms')).toEqual(['5518', '5520', '5522', '5524', '5526', '5528', '5530']);
    expect(members('narvikregionen')).toEqual(['1806', '1853', '5512', '5516', '5518']);
  });

  it('places Ballangen, Bjerkvik and Kjøpsvik in Narvik', () => {
    for (const slug of ['ballangen', 'bjerkvik', 'kjopsvik']) {
      expect(reference.placeBySlug.get(slug)?.municipality_number).toBe('1806');
    }
    expect(reference.placeBySlug.get('kjopsvik')?.name).toBe('Kjøpsvik');
    expect(reference.placeBySlug.get('finnsnes')?.municipality_number).toBe('5530');
  });

  it('has every ICNPO category on two levels with Norwegian and English names', () => {
    const codes = reference.categories.map((c) => c.icnpo_code).sort();
    const expected = [
      '01000',
      '01100',
      '01200',
      '01300',
      '02000',
      '02100',
      '02200',
      '02300',
      '02400',
      '03000',
      '03100',
      '03200',
      '03300',
      '03400',
      '04000',
      '04100',
      '04200',
      '04300',
      '05000',
      '05100',
      '05200',
      '06000',
      '06100',
      '06200',
      '06300',
      '07000',
      '07100',
      '07200',
      '07300',
      '08000',
      '08100',
      '09000',
      '09100',
      '10000',
      '10100',
      '11000',
      '11100',
      '11200',
      '11300',
      '12000',
      '12100',
      '12200',
    ];
    expect(codes).toEqual(expected);
    expect(reference.categoryTree).toHaveLength(12);
    for (const group of reference.categoryTree) {
      expect(group.parent_id).toBeNull();
      expect(group.children.length).toBeGreaterThan(0);
      for (const child of group.children) expect(child.icnpo_code.slice(0, 2)).toBe(group.icnpo_code.slice(0, 2));
    }
    for (const c of reference.categories) {
      expect(c.name_nb.trim()).not.toBe('');
      expect(c.name_en.trim()).not.toBe('');
      expect(c.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    expect(reference.categoryBySlug.get('idrett')?.name_en).toBe('Sports');
  });
});
