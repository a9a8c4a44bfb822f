import { describe, expect, it } from 'vitest';
import { icnpoFor, readableName, toBrregEntry } from '../src/lib/brreg.js';
import { brregUnit } from './brreg-fixtures.js';

describe('readableName', () => {
  it('title-cases names written in capitals, with Norwegian small words in lower case', () => {
    expect(readableName('BJERKVIK JEGER- OG FISKERFORENING')).toBe('Bjerkvik Jeger- og Fiskerforening');
    expect(readableName('NORDREISA IDRETTSLAG')).toBe('Nordreisa Idrettslag');
    expect(readableName('VEL I ØYJORD')).toBe('Vel i Øyjord');
    expect(readableName('ÅS SKOLES FAU')).toBe('Ås Skoles FAU');
  });

  it('keeps short forms, numbers and names that already have lower-case letters', () => {
    expect(readableName('NARVIK IL')).toBe('Narvik IL');
    expect(readableName('4H NARVIK')).toBe('4H Narvik');
    expect(readableName('Ballangen Kystlag')).toBe('Ballangen Kystlag');
    expect(readableName('  SENJA-LAGET  ')).toBe('Senja-Laget');
  });
});

describe('icnpoFor', () => {
  it('maps sport, culture and religion, and falls back to "not elsewhere classified"', () => {
    expect(icnpoFor('93.120')).toBe('01200');
    expect(icnpoFor('90.011')).toBe('01100');
    expect(icnpoFor('94.910')).toBe('10100');
    expect(icnpoFor('94.991')).toBe('12100');
    expect(icnpoFor(undefined)).toBe('12100');
  });
});

describe('toBrregEntry', () => {
  const narvik = new Set(['1806']);
  it('refuses a founding year outside what the registration form accepts', () => {
    const entry = toBrregEntry(brregUnit('974760673', { stiftelsesdato: '1750-01-01' }), narvik, 2026);
    expect(entry.ok && entry.entry.fields.founded_year).toBeNull();
  });

  it('treats a unit under compulsory dissolution as closed', () => {
    expect(toBrregEntry(brregUnit('974760673', { underTvangsavviklingEllerTvangsopplosning: true }), narvik, 2026)).toEqual({ ok: false, skip: 'closed' });
  });

  it('ignores a foreign postal address and keeps the register’s long activity text short', () => {
    const entry = toBrregEntry(
      brregUnit('974760673', {
        forretningsadresse: { landkode: 'SE', postnummer: '1234', adresse: ['Storgatan 1'], kommunenummer: '1806' },
        aktivitet: ['Ord '.repeat(100)],
      }),
      narvik,
      2026,
    );
    expect(entry.ok).toBe(true);
    if (!entry.ok) return;
    expect(entry.entry.fields.postal_address).toBeNull();
    expect(entry.entry.fields.short_description.length).toBeLessThanOrEqual(200);
    expect(entry.entry.fields.short_description.endsWith('Ord…')).toBe(true);
  });
});
