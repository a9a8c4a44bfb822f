import { type BrregEntry, type BrregFields, BRREG_FIELDS, DEFAULT_ICNPO } from '../lib/brreg.js';
import { slugify, sortKey } from '../lib/slug.js';
import type { Reference } from './reference.js';
import { perVersion } from './per-version.js';
import { categoryIdsFor } from './association-list.js';
import { recordAudit, recordAudits } from './audit.js';
import type { DB } from './sqlite.js';

// Writing imported units. Each batch is one transaction with multi-row statements, because
// every row written to associations also rewrites its search index entry.
//
// The rule that protects people's edits: a field is only updated when its current value is
// still what the previous import wrote (kept in brreg_imports.snapshot). A field that an
// association or moderator changed stays as they left it, whatever the register says.

export type BrregOutcome = 'created' | 'updated' | 'unchanged' | 'registered' | 'archived';

export interface BrregImportContext {
  reference: Reference;
  now: Date;
  /** Slugs already in use; filled in as entries are created, so batches never collide. */
  takenSlugs: Set<string>;
}

/** Every slug in use, once per import run. */
export async function allSlugs(db: DB): Promise<Set<string>> {
  return new Set((await db.selectFrom('associations').select('slug').execute()).map((r) => r.slug));
}

function uniqueSlug(name: string, municipalityName: string, taken: Set<string>): string {
  const base = slugify(name) || 'lag';
  const candidates = [base, `${base}-${slugify(municipalityName)}`];
  for (let n = 2; ; n++) {
    const candidate = candidates.shift() ?? `${base}-${n}`;
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}

function categoryIdFor(reference: Reference, icnpo: string): number | undefined {
  const byCode = (code: string) => reference.categories.find((c) => c.icnpo_code === code)?.id;
  // Admins may have removed a category; the catch-all, then any category, keeps entries at 1–3 categories.
  return byCode(icnpo) ?? byCode(DEFAULT_ICNPO) ?? reference.categories.find((c) => c.parent_id !== null)?.id ?? reference.categories[0]?.id;
}

/** What brreg_imports.snapshot holds: the register's fields and the categories it implies. */
type Snapshot = Partial<BrregFields> & { categoryIds?: number[] };

function importedCategoryIds(reference: Reference, icnpo: string): number[] {
  const id = categoryIdFor(reference, icnpo);
  return id === undefined ? [] : [id];
}

function snapshotOf(entry: BrregEntry, reference: Reference): string {
  return JSON.stringify({ ...entry.fields, categoryIds: importedCategoryIds(reference, entry.icnpoCode) } satisfies Snapshot);
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * Entries that a person has edited (a moderator's edit, or an approved change from the
 * association): for snapshots older than the categories in them, their categories may be a
 * person's choice, so the import leaves them alone.
 */
async function categoriesEditedByPerson(db: DB, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('audit_log')
    .select('association_id')
    .distinct()
    .where('association_id', 'in', ids)
    .where('action', 'in', ['edit', 'edit-and-approve', 'approve-revision'])
    .execute();
  return new Set(rows.flatMap((r) => (r.association_id === null ? [] : [r.association_id])));
}

function same(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

/**
 * Creates or updates the entries for one batch of units in one transaction. Units whose
 * organisation number belongs to an entry the association registered itself, or to an
 * archived or merged entry, are left alone. Returns the outcome per organisation number.
 */
export async function importBrregBatch(db: DB, entries: BrregEntry[], ctx: BrregImportContext): Promise<Map<string, BrregOutcome>> {
  const outcomes = new Map<string, BrregOutcome>();
  if (entries.length === 0) return outcomes;
  const now = ctx.now.toISOString();
  const orgNumbers = entries.map((e) => e.orgNumber);

  await db.transaction().execute(async (trx) => {
    const imported = await trx
      .selectFrom('brreg_imports as b')
      .innerJoin('associations as a', 'a.id', 'b.association_id')
      .select(['b.association_id', 'b.org_number', 'b.snapshot', 'a.status', 'a.version', ...BRREG_FIELDS.map((f) => `a.${f}` as const)])
      .where('b.org_number', 'in', orgNumbers)
      .execute();
    const importedByOrg = new Map(imported.map((row) => [row.org_number, row]));
    const fresh = entries.filter((e) => !importedByOrg.has(e.orgNumber));
    const registered = new Set(
      fresh.length === 0
        ? []
        : (
            await trx
              .selectFrom('associations')
              .select('org_number')
              .where(
                'org_number',
                'in',
                fresh.map((e) => e.orgNumber),
              )
              .where('status', '!=', 'rejected')
              .execute()
          ).map((r) => r.org_number),
    );

    // New entries: published at once (the register is the source), with no contact person.
    const toCreate = fresh.filter((e) => !registered.has(e.orgNumber));
    for (const e of fresh) if (registered.has(e.orgNumber)) outcomes.set(e.orgNumber, 'registered');
    if (toCreate.length > 0) {
      const rows = toCreate.map((e) => ({
        slug: uniqueSlug(e.fields.name, ctx.reference.municipalityByNumber.get(e.fields.municipality_number)?.name ?? '', ctx.takenSlugs),
        ...e.fields,
        sort_name: sortKey(e.fields.name),
        description: '',
        place_id: null,
        email: null,
        phone: null,
        org_number: e.orgNumber,
        status: 'published' as const,
        created_at: now,
        updated_at: now,
        published_at: now,
        // The register vouches for the entry; without this every import would fill the stale queue.
        last_confirmed_at: now,
        contact_name: null,
        contact_email: null,
      }));
      const ids = await trx.insertInto('associations').values(rows).returning('id').execute();
      const categories = toCreate.flatMap((e, i) => {
        const categoryId = categoryIdFor(ctx.reference, e.icnpoCode);
        return categoryId === undefined ? [] : [{ association_id: ids[i]!.id, category_id: categoryId, position: 1 }];
      });
      if (categories.length > 0) await trx.insertInto('association_categories').values(categories).execute();
      await trx
        .insertInto('brreg_imports')
        .values(
          toCreate.map((e, i) => ({
            association_id: ids[i]!.id,
            org_number: e.orgNumber,
            snapshot: snapshotOf(e, ctx.reference),
            first_imported_at: now,
            last_seen_at: now,
          })),
        )
        .execute();
      await recordAudits(
        trx,
        toCreate.map((e, i) => ({ userId: null, action: 'brreg-import', associationId: ids[i]!.id, details: { orgNumber: e.orgNumber }, now: ctx.now })),
      );
      for (const e of toCreate) outcomes.set(e.orgNumber, 'created');
    }

    // Known entries: follow the register only where nobody has changed the field since.
    const knownIds = [...importedByOrg.values()].map((row) => row.association_id);
    const currentCategories = await categoryIdsFor(trx, knownIds);
    const editedByPerson = await categoriesEditedByPerson(trx, knownIds);
    const seen: number[] = [];
    for (const entry of entries) {
      const row = importedByOrg.get(entry.orgNumber);
      if (!row) continue;
      if (row.status !== 'published' && row.status !== 'pending') {
        outcomes.set(entry.orgNumber, 'archived');
        continue;
      }
      seen.push(row.association_id);
      const previous = JSON.parse(row.snapshot) as Snapshot;
      const before: Partial<Record<keyof BrregFields | 'categoryIds', unknown>> = {};
      const after: Partial<Record<keyof BrregFields | 'categoryIds', unknown>> = {};
      for (const field of BRREG_FIELDS) {
        const current = row[field];
        const incoming = entry.fields[field];
        if (same(current, previous[field]) && !same(current, incoming)) {
          before[field] = current;
          after[field] = incoming;
        }
      }
      // The category follows the same rule: only while it is what the import chose. Snapshots
      // written before categories were kept say nothing, so there an entry whose categories no
      // person ever edited counts as the import's.
      const categories = currentCategories.get(row.association_id) ?? [];
      const incomingCategories = importedCategoryIds(ctx.reference, entry.icnpoCode);
      const importChoseCategories = previous.categoryIds ? sameIds(categories, previous.categoryIds) : !editedByPerson.has(row.association_id);
      const categoriesChange = importChoseCategories && incomingCategories.length > 0 && !sameIds(categories, incomingCategories);
      if (categoriesChange) {
        before.categoryIds = categories;
        after.categoryIds = incomingCategories;
      }
      const changed = Object.keys(after).length > 0;
      if (changed) {
        const { categoryIds: _categories, ...fields } = after;
        const result = await trx
          .updateTable('associations')
          .set((eb) => ({
            ...(fields as Partial<BrregFields>),
            ...(after.name !== undefined ? { sort_name: sortKey(entry.fields.name) } : {}),
            updated_at: now,
            version: eb('version', '+', 1),
          }))
          .where('id', '=', row.association_id)
          .where('version', '=', row.version)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) {
          if (categoriesChange) {
            await trx.deleteFrom('association_categories').where('association_id', '=', row.association_id).execute();
            await trx
              .insertInto('association_categories')
              .values(incomingCategories.map((categoryId, i) => ({ association_id: row.association_id, category_id: categoryId, position: i + 1 })))
              .execute();
          }
          await recordAudit(trx, { userId: null, action: 'brreg-update', associationId: row.association_id, details: { before, after }, now: ctx.now });
        }
      }
      const snapshot = snapshotOf(entry, ctx.reference);
      if (row.snapshot !== snapshot) {
        await trx.updateTable('brreg_imports').set({ snapshot }).where('association_id', '=', row.association_id).execute();
      }
      outcomes.set(entry.orgNumber, changed ? 'updated' : 'unchanged');
    }
    if (seen.length > 0) {
      await trx.updateTable('brreg_imports').set({ last_seen_at: now }).where('association_id', 'in', seen).execute();
      // Still in the register: an unclaimed entry counts as confirmed, so it does not go stale.
      await trx
        .updateTable('associations')
        .set({ last_confirmed_at: now })
        .where('id', 'in', seen)
        .where('contact_email', 'is', null)
        .where('status', '=', 'published')
        .execute();
    }
  });
  return outcomes;
}

/**
 * Imported entries in these municipalities that the run did not see as active units (deleted
 * in the register, wound up, or moved away). They are not removed; the import reports them.
 */
export async function importedNotSeenSince(db: DB, municipalities: string[], since: Date) {
  return db
    .selectFrom('brreg_imports as b')
    .innerJoin('associations as a', 'a.id', 'b.association_id')
    .select(['a.id', 'a.name', 'a.slug', 'b.org_number'])
    .where('a.municipality_number', 'in', municipalities)
    .where('a.status', 'in', ['published', 'pending'])
    .where('b.last_seen_at', '<', since.toISOString())
    .orderBy('a.name')
    .execute();
}

/** True when the entry came from the register and nobody has become its contact person yet. */
export function isUnclaimed(db: DB, associationId: number): Promise<boolean> {
  // Asked on every detail page. Whether an entry is unclaimed changes only with a write to
  // associations (an import inserts both rows; a claim sets the contact email), which moves
  // the data version.
  return perVersion(db, 'unclaimed', String(associationId), 2000, () => readUnclaimed(db, associationId));
}

async function readUnclaimed(db: DB, associationId: number): Promise<boolean> {
  const row = await db
    .selectFrom('brreg_imports as b')
    .innerJoin('associations as a', 'a.id', 'b.association_id')
    .select('a.id')
    .where('b.association_id', '=', associationId)
    .where('a.contact_email', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}
