/**
 * The values for `municipality_number in (…)` that keep a query within `municipalities` (a
 * moderator's scope, where null means every municipality and is not filtered at all). SQL has
 * no empty `in ()`, so an empty scope is [''], which no entry's municipality is.
 */
export function scopeValues(municipalities: readonly string[]): string[] {
  return municipalities.length > 0 ? [...municipalities] : [''];
}
