/**
 * A lower-case ASCII URL slug: æ → ae, ø → o, å → a, other accents dropped, anything else a hyphen.
 * @example slugify('Bjerkvik Jeger- og Fiskerforening') === 'bjerkvik-jeger-og-fiskerforening'
 */
export function slugify(text: string, maxLength = 80): string {
  const slug = text
    .toLowerCase()
    .replaceAll('æ', 'ae')
    .replaceAll('ø', 'o')
    .replaceAll('å', 'a')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, maxLength).replace(/-+$/, '');
}

/**
 * Sort key for names in Norwegian alphabetical order (… x y z æ ø å), usable with plain
 * byte-wise ORDER BY in any database: æ, ø, å become the ASCII characters right after z.
 * @example ['Åsen', 'Ørnes', 'Zeta'].sort by sortKey → Zeta, Ørnes, Åsen
 */
export function sortKey(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replaceAll('æ', '{')
    .replaceAll('ä', '{')
    .replaceAll('ø', '|')
    .replaceAll('ö', '|')
    .replaceAll('å', '}')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .trim();
}
