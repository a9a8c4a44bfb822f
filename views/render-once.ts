import type { JSX } from 'hono/jsx/jsx-runtime';

// Parts of pages that only change with the data they are made from (result cards, the
// pickers, the front page's link lists) are rendered once per such object and variant
// (language, say). The objects are kept per data version or reference-data load, so a write
// or a reload means new objects and new renderings; the WeakMap lets old ones go.
const rendered = new WeakMap<object, Map<string, string>>();

/**
 * The HTML of `render()` for this key object and variant, rendered the first time only.
 * Callers sharing a key object use distinct variants.
 */
export function renderOnce(key: object, variant: string, render: () => JSX.Element): string {
  let byVariant = rendered.get(key);
  if (!byVariant) rendered.set(key, (byVariant = new Map()));
  let html = byVariant.get(variant);
  if (html === undefined) {
    html = flat(String(render()));
    byVariant.set(variant, html);
  }
  return html;
}

/**
 * The same text, stored as one piece. Rendering builds HTML by concatenation, which V8 keeps
 * as a tree of the pieces (about 32 bytes a node) until the text is read through; a result
 * card kept for reuse was some forty nodes, and what was kept per data version held 27 MB of
 * them. Reading a character makes V8 flatten the string in place.
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}
