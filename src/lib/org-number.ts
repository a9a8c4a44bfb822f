/** Weights for digits 1–8 in the Brønnøysund MOD11 check, as defined for organisasjonsnummer. */
const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;

/** Returns the MOD11 check digit for 8 ASCII digits, or null when k = 10 because such prefixes are never issued. */
function checkDigit(first8: string): number | null {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (first8.charCodeAt(i) - 48) * WEIGHTS[i]!;
  const k = 11 - (sum % 11);
  if (k === 11) return 0;
  return k === 10 ? null : k;
}

/** True when value is exactly 9 ASCII digits whose last digit matches the MOD11 check, so typos are caught before lookup. */
export function isValidOrgNumber(value: string): boolean {
  if (typeof value !== 'string' || !/^[0-9]{9}$/.test(value)) return false;
  const k = checkDigit(value);
  return k !== null && k === value.charCodeAt(8) - 48;
}

/** Appends the MOD11 check digit to 8 digits (null when no valid digit exists), so demo/test data gets realistic numbers. */
export function orgNumberFromPrefix(first8: string): string | null {
  if (typeof first8 !== 'string' || !/^[0-9]{8}$/.test(first8)) {
    throw new RangeError(`orgNumberFromPrefix expects exactly 8 ASCII digits, got ${JSON.stringify(first8)}`);
  }
  const k = checkDigit(first8);
  return k === null ? null : first8 + String(k);
}
