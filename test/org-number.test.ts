import { describe, it, expect } from 'vitest';
import { isValidOrgNumber, orgNumberFromPrefix } from '../src/lib/org-number.js';

describe('isValidOrgNumber', () => {
  it('accepts known valid numbers', () => {
    expect(isValidOrgNumber('974760673')).toBe(true);
    expect(isValidOrgNumber('923609016')).toBe(true);
  });

  it('rejects a wrong check digit', () => {
    expect(isValidOrgNumber('974760674')).toBe(false);
    expect(isValidOrgNumber('923609017')).toBe(false);
  });

  it('rejects wrong length and non-digits', () => {
    expect(isValidOrgNumber('12345678')).toBe(false);
    expect(isValidOrgNumber('9747606730')).toBe(false);
    expect(isValidOrgNumber('')).toBe(false);
    expect(isValidOrgNumber('974 760 673')).toBe(false);
    expect(isValidOrgNumber('97476067a')).toBe(false);
    expect(isValidOrgNumber('974760673\n')).toBe(false);
    // Non-ASCII digits (Arabic-Indic) must not pass.
    expect(isValidOrgNumber('٩٧٤٧٦٠٦٧٣')).toBe(false);
  });

  // Real numbers from Enhetsregisteret, and their neighbours, written out: the expected
  // answers do not come from the code under test.
  it('accepts a number whose weighted sum leaves remainder 0, so its check digit is 0 (k = 11)', () => {
    expect(isValidOrgNumber('971526920')).toBe(true); // Statistisk sentralbyrå
    expect(isValidOrgNumber('912660680')).toBe(true);
    expect(isValidOrgNumber('971526921')).toBe(false);
  });

  it('accepts more real numbers and rejects each with its last digit changed', () => {
    for (const valid of ['889640782', '974761076', '983887457', '991825827', '986105174']) {
      expect({ valid, ok: isValidOrgNumber(valid) }).toEqual({ valid, ok: true });
    }
    for (const typo of ['889640783', '974761070', '983887454', '991825821', '986105179', '898640782']) {
      expect({ typo, ok: isValidOrgNumber(typo) }).toEqual({ typo, ok: false });
    }
  });

  it('rejects every number whose first eight digits give k = 10, which are never issued', () => {
    // 9·3 + 7·2 + 4·7 + 7·6 + 6·5 + 0·4 + 6·3 + 9·2 = 177 = 16·11 + 1, so k = 11 − 1 = 10.
    const all = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => `97476069${d}`);
    expect(all.filter((n) => isValidOrgNumber(n))).toEqual([]);
  });
});

describe('orgNumberFromPrefix', () => {
  it('appends the correct check digit', () => {
    expect(orgNumberFromPrefix('97476067')).toBe('974760673');
    expect(orgNumberFromPrefix('92360901')).toBe('923609016');
  });

  it('gives check digit 0 for remainder 0 and null where no check digit exists', () => {
    expect(orgNumberFromPrefix('97152692')).toBe('971526920');
    expect(orgNumberFromPrefix('88964078')).toBe('889640782');
    expect(orgNumberFromPrefix('97476107')).toBe('974761076');
    expect(orgNumberFromPrefix('97476069')).toBeNull();
    expect(orgNumberFromPrefix('97476072')).toBeNull();
    expect(orgNumberFromPrefix('97476086')).toBeNull();
  });

  it('throws on malformed prefixes', () => {
    expect(() => orgNumberFromPrefix('1234567')).toThrow(RangeError);
    expect(() => orgNumberFromPrefix('123456789')).toThrow(RangeError);
    expect(() => orgNumberFromPrefix('1234567x')).toThrow(RangeError);
  });
});
