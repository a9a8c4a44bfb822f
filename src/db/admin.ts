import { slugify } from '../lib/slug.js';
import { perVersion } from './per-version.js';
import { recordAudit } from './audit.js';
import type { DB } from './sqlite.js';
import type { Category, Place, Region } from './types.js';

// What admins (and, for places, moderators) change besides associations: places, categories,
// regions and site texts. Every change is written in one transaction together with its
// audit_log row (association_id null), with before and after in details. Callers validate
// input and call reloadReference afterwards.

/** The first candidate that `taken` does not hold, then candidate-2, -3 … of the first one. */
function firstFree(candidates: string[], taken: ReadonlySet<string>): string {
  for (const candidate of candidates) if (candidate && !taken.has(candidate)) return candidate;
  const base = candidates.find(Boolean) ?? 'x';
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

// Places

export async function addPlace(
  db: DB,
  input: { name: string; municipalityNumber: string; municipalityName: string; userId: number; now: Date },
): Promise<Place> {
  return db.transaction().execute(async (trx) => {
    const taken = new Set((await trx.selectFrom('places').select('slug').execute()).map((p) => p.slug));
    const base = slugify(input.name);
    // "Sentrum" in two municipalities: the second becomes sentrum-narvik rather than sentrum-2.
    const slug = firstFree([base, `${base}-${slugify(input.municipalityName)}`], taken);
    const place = await trx
      .insertInto('places')
      .values({ slug, name: input.name, municipality_number: input.municipalityNumber })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { userId: input.userId, action: 'place-add', details: { before: null, after: place }, now: input.now });
    return place;
  });
}

/** Renames a place; its slug stays, so links keep working. */
export async function renamePlace(db: DB, input: { place: Place; name: string; userId: number; now: Date }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('places').set({ name: input.name }).where('id', '=', input.place.id).execute();
    await recordAudit(trx, {
      userId: input.userId,
      action: 'place-rename',
      details: { place: input.place.id, before: { name: input.place.name }, after: { name: input.name } },
      now: input.now,
    });
  });
}

// Categories

/**
 * The next free five-digit ICNPO code under a top-level group: its two-digit group with the
 * next hundred after the highest code in use (01400 after 01300), or else the lowest free
 * code in the group; null when the group is full.
 * @example nextIcnpoCode('01000', ['01000', '01100', '01300']) === '01400'
 */
export function nextIcnpoCode(parentCode: string, codesInUse: readonly string[]): string | null {
  const group = Number(parentCode.slice(0, 2));
  const low = group * 1000;
  const high = low + 999;
  const used = new Set(codesInUse.filter((c) => /^\d{5}$/.test(c)).map(Number));
  const inGroup = [...used].filter((n) => n > low && n <= high);
  const pad = (n: number) => String(n).padStart(5, '0');
  const next = (inGroup.length > 0 ? Math.max(...inGroup) : low) + 100;
  if (next <= high && !used.has(next)) return pad(next);
  for (let n = low + 1; n <= high; n++) if (!used.has(n)) return pad(n);
  return null;
}

/**
 * The name columns of a category or region given new Bokmål and English names. A Nynorsk name
 * written for the old Bokmål name would now be wrong, so it goes when that name changes (Nynorsk
 * then shows the new Bokmål one).
 */
function renamed(before: { name_nb: string }, names: { nameNb: string; nameEn: string }) {
  return { name_nb: names.nameNb, name_en: names.nameEn, ...(names.nameNb !== before.name_nb ? { name_nn: null } : {}) };
}

export async function renameCategory(db: DB, input: { category: Category; nameNb: string; nameEn: string; userId: number; now: Date }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('categories').set(renamed(input.category, input)).where('id', '=', input.category.id).execute();
    await recordAudit(trx, {
      userId: input.userId,
      action: 'category-rename',
      details: {
        category: input.category.id,
        before: { name_nb: input.category.name_nb, name_en: input.category.name_en },
        after: { name_nb: input.nameNb, name_en: input.nameEn },
      },
      now: input.now,
    });
  });
}

/** Adds a subcategory at the end of a top-level group. Returns null when the group has no free code. */
export async function addSubcategory(db: DB, input: { parent: Category; nameNb: string; nameEn: string; userId: number; now: Date }): Promise<Category | null> {
  return db.transaction().execute(async (trx) => {
    const all = await trx.selectFrom('categories').select(['slug', 'icnpo_code', 'parent_id', 'sort_order']).execute();
    const code = nextIcnpoCode(
      input.parent.icnpo_code,
      all.map((c) => c.icnpo_code),
    );
    if (code === null) return null;
    const slug = firstFree([slugify(input.nameNb)], new Set(all.map((c) => c.slug)));
    const siblings = all.filter((c) => c.parent_id === input.parent.id);
    const category = await trx
      .insertInto('categories')
      .values({
        slug,
        icnpo_code: code,
        parent_id: input.parent.id,
        name_nb: input.nameNb,
        name_en: input.nameEn,
        sort_order: Math.max(0, ...siblings.map((c) => c.sort_order)) + 1,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { userId: input.userId, action: 'category-add', details: { before: null, after: category }, now: input.now });
    return category;
  });
}

// Regions

/** Makes `members` the municipalities of the region, in place of those it had. */
async function setRegionMembers(trx: DB, slug: string, members: readonly string[]): Promise<void> {
  await trx.deleteFrom('region_municipalities').where('region_slug', '=', slug).execute();
  if (members.length === 0) return;
  await trx
    .insertInto('region_municipalities')
    .values(members.map((m) => ({ region_slug: slug, municipality_number: m })))
    .execute();
}

export async function createRegion(
  db: DB,
  input: { slug: string; nameNb: string; nameEn: string; members: string[]; userId: number; now: Date },
): Promise<Region> {
  return db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('regions')
      .select((eb) => eb.fn.max('sort_order').as('max'))
      .executeTakeFirst();
    const region = await trx
      .insertInto('regions')
      .values({ slug: input.slug, name_nb: input.nameNb, name_en: input.nameEn, sort_order: Number(last?.max ?? 0) + 1 })
      .returningAll()
      .executeTakeFirstOrThrow();
    await setRegionMembers(trx, region.slug, input.members);
    await recordAudit(trx, {
      userId: input.userId,
      action: 'region-create',
      details: { before: null, after: { ...region, members: input.members } },
      now: input.now,
    });
    return region;
  });
}

export async function updateRegion(
  db: DB,
  input: { region: Region; nameNb: string; nameEn: string; members: string[]; userId: number; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = (
      await trx
        .selectFrom('region_municipalities')
        .select('municipality_number')
        .where('region_slug', '=', input.region.slug)
        .orderBy('municipality_number')
        .execute()
    ).map((r) => r.municipality_number);
    await trx.updateTable('regions').set(renamed(input.region, input)).where('slug', '=', input.region.slug).execute();
    await setRegionMembers(trx, input.region.slug, input.members);
    await recordAudit(trx, {
      userId: input.userId,
      action: 'region-update',
      details: {
        region: input.region.slug,
        before: { name_nb: input.region.name_nb, name_en: input.region.name_en, members: before },
        after: { name_nb: input.nameNb, name_en: input.nameEn, members: [...input.members].sort() },
      },
      now: input.now,
    });
  });
}

// Site texts

export const SITE_TEXT_KEYS = ['home-intro', 'terms'] as const;
export type SiteTextKey = (typeof SITE_TEXT_KEYS)[number];
export const MAX_SITE_TEXT_LENGTH = 5000;

/** The admin's text for a key and language, or null when the built-in default applies. */
export function siteText(db: DB, key: SiteTextKey, lang: string): Promise<string | null> {
  // Read on every front page; site_texts moves the data version, so kept until it does.
  return perVersion(db, 'site-text', `${key} ${lang}`, 50, async () => {
    const row = await db.selectFrom('site_texts').select('value').where('key', '=', key).where('lang', '=', lang).executeTakeFirst();
    return row?.value ?? null;
  });
}

/** Every stored text, keyed "key:lang". */
export async function allSiteTexts(db: DB): Promise<Map<string, string>> {
  const rows = await db.selectFrom('site_texts').select(['key', 'lang', 'value']).execute();
  return new Map(rows.map((r) => [`${r.key}:${r.lang}`, r.value]));
}

/**
 * Stores texts (null: back to the default). Only texts that differ from what is stored are
 * written and audited. Returns how many changed.
 */
export async function setSiteTexts(
  db: DB,
  input: { texts: { key: SiteTextKey; lang: string; value: string | null }[]; userId: number; now: Date },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let changed = 0;
    for (const { key, lang, value } of input.texts) {
      const before = (await trx.selectFrom('site_texts').select('value').where('key', '=', key).where('lang', '=', lang).executeTakeFirst())?.value ?? null;
      if (before === value) continue;
      if (value === null) {
        await trx.deleteFrom('site_texts').where('key', '=', key).where('lang', '=', lang).execute();
      } else {
        await trx
          .insertInto('site_texts')
          .values({ key, lang, value, updated_at: input.now.toISOString() })
          .onConflict((oc) => oc.columns(['key', 'lang']).doUpdateSet({ value, updated_at: input.now.toISOString() }))
          .execute();
      }
      await recordAudit(trx, { userId: input.userId, action: 'site-text', details: { key, lang, before, after: value }, now: input.now });
      changed++;
    }
    return changed;
  });
}
