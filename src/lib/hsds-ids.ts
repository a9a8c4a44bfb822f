import { createHash } from 'node:crypto';

// UUIDs for the objects of the HSDS API. An association's organization and service UUIDs are
// stored (see db/migrations/2026-12-03-14-hsds-ids.ts); what hangs off them (its phone, postal
// address, organisation number, category links, ...) is named under them with UUIDv5, so each
// such object keeps its id as long as the entry does, without a table of its own. Taxonomies
// and their terms are the same on every Lagportal site: an aggregator that reads several of
// them sees one ICNPO term "Idrett" rather than one per site.

/** Lagportal's own UUIDv5 namespace: UUIDv5 of its name in RFC 9562's URL namespace. */
export const LAGPORTAL_NAMESPACE = uuidV5('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'https://github.com/lagportal/hsds');

/** RFC 9562 version 5: SHA-1 of the namespace's 16 bytes and the name, version and variant bits set. */
export function uuidV5(namespace: string, name: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The canonical lower-case form of a UUID, or null for anything else. */
export function parseUuid(text: string): string | null {
  return UUID.test(text) ? text.toLowerCase() : null;
}

/** An object that belongs to an entry, e.g. part(organizationId, 'phone'). */
export function part(ownerId: string, kind: string, key = ''): string {
  return uuidV5(ownerId, key === '' ? kind : `${kind}/${key}`);
}

export const ICNPO_TAXONOMY_ID = uuidV5(LAGPORTAL_NAMESPACE, 'taxonomy/icnpo');
export const MUNICIPALITY_TAXONOMY_ID = uuidV5(LAGPORTAL_NAMESPACE, 'taxonomy/kommunenummer');

// Terms repeat on every record of a page; their ids are worth keeping (a few hundred at most).
const termIds = new Map<string, string>();
function termId(taxonomy: string, code: string): string {
  const key = `${taxonomy} ${code}`;
  let id = termIds.get(key);
  if (id === undefined) termIds.set(key, (id = uuidV5(taxonomy, code)));
  return id;
}

/** An ICNPO category as an HSDS taxonomy term, by its code ("01200"). */
export function icnpoTermId(code: string): string {
  return termId(ICNPO_TAXONOMY_ID, code);
}

/** A municipality as a term of the kommunenummer taxonomy, by its number ("1806"). */
export function municipalityTermId(number: string): string {
  return termId(MUNICIPALITY_TAXONOMY_ID, number);
}
