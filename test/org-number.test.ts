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

  it('handles remainder 0 (k = 11 → check digit 0)', () => {
    let found: string | null = null;
    for (let n = 10_000_000; n < 10_001_000 && !found; n++) {
      const p = String(n).padStart(8, '0');
      const num = orgNumberFromPrefix(p);
      if (num?.endsWith('0')) found = num;
    }
    expect(found).not.toBeNull();
    expect(isValidOrgNumber(found!)).toBe(true);
  });

  it('rejects every number whose prefix gives k = 10', () => {
    let prefix: string | null = null;
    for (let n = 10_000_000; n < 10_001_000 && !prefix; n++) {
      const p = String(n);
      if (orgNumberFromPrefix(p) === null) prefix = p;
    }
    expect(prefix).not.toBeNull();
    for (let d = 0; d <= 9; d++) expect(isValidOrgNumber(prefix! + String(d))).toBe(false);
  });
});

describe('orgNumberFromPrefix', () => {
  it('appends the correct check digit', () => {
    expect(orgNumberFromPrefix('97476067')).toBe('974760673');
    expect(orgNumberFromPrefix('92360901')).toBe('923609016');
  });

  it('round-trips with isValidOrgNumber', () => {
    let nulls = 0;
    for (let n = 80_000_000; n < 80_002_000; n++) {
      const num = orgNumberFromPrefix(String(n));
      if (num === null) {
        nulls++;
        continue;
      }
      expect(num).toHaveLength(9);
      expect(isValidOrgNumber(num)).toBe(true);
    }
    // Roughly 1 in 11 prefixes have no valid check digit.
    expect(nulls).toBeGreaterThan(100);
    expect(nulls).toBeLessThan(300);
  });

  it('throws on malformed prefixes', () => {
    expect(() => orgNumberFromPrefix('1234567')).toThrow(RangeError);
    expect(() => orgNumberFromPrefix('123456789')).toThrow(RangeError);
    expect(() => orgNumberFromPrefix('1234567x')).toThrow(RangeError);
  });
});
