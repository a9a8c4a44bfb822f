import type { DB } from './sqlite.js';

// The audit log's writer and its redaction rule, for every module that records a change.

/** Form fields that identify people. The log is append-only, so it records only that they changed. */
const PERSONAL_FIELDS = ['contactName', 'contactEmail', 'email', 'phone', 'postalAddress', 'postalCode'] as const;
/** The same fields as columns, as Brreg updates record them. */
const PERSONAL_COLUMNS = ['contact_name', 'contact_email', 'email', 'phone', 'postal_address', 'postal_code'] as const;

/**
 * The one redaction rule of the audit log: in a before/after record about an entry, a field that
 * identifies people (as a form field or as a column) is stored only as changed or unchanged.
 */
export function withoutPersonalData(details: unknown): unknown {
  if (typeof details !== 'object' || details === null) return details;
  const d = details as { before?: unknown; after?: unknown };
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  const isFormRecord = (v: unknown) => isRecord(v) && 'categorySlugs' in v;
  if (isRecord(d.before) && isRecord(d.after) && !isFormRecord(d.before) && !isFormRecord(d.after) && PERSONAL_COLUMNS.some((c) => c in (d.before as object) || c in (d.after as object))) {
    const byColumn = (record: Record<string, unknown>, other: Record<string, unknown>) => {
      const copy: Record<string, unknown> = { ...record };
      for (const column of PERSONAL_COLUMNS) {
        if (!(column in record) || record[column] === null || record[column] === '') continue;
        copy[column] = other[column] !== record[column] ? '(endret)' : '(uendret)';
      }
      return copy;
    };
    return { ...d, before: byColumn(d.before, d.after), after: byColumn(d.after, d.before) };
  }
  const isForm = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && 'categorySlugs' in v;
  if (!isForm(d.before) && !isForm(d.after)) return details;
  const redact = (form: unknown, other: unknown) => {
    if (!isForm(form)) return form;
    const copy: Record<string, unknown> = { ...form };
    for (const field of PERSONAL_FIELDS) {
      const changed = !isForm(other) || other[field] !== form[field];
      copy[field] = form[field] === null || form[field] === '' ? form[field] : changed ? '(endret)' : '(uendret)';
    }
    return copy;
  };
  return { ...d, before: redact(d.before, d.after), after: redact(d.after, d.before) };
}

/** Appends one row to the audit log (append-only: triggers refuse updates and deletes). */
export async function audit(
  db: DB,
  entry: { userId: number | null; action: string; associationId: number | null; revisionId?: number | null; details: unknown; now: Date },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      created_at: entry.now.toISOString(),
      user_id: entry.userId,
      action: entry.action,
      association_id: entry.associationId,
      revision_id: entry.revisionId ?? null,
      details: JSON.stringify(withoutPersonalData(entry.details)),
    })
    .execute();
}

