import type { DB } from './sqlite.js';

// The one writer of audit_log. Every change a person or an import makes is recorded here,
// inside the transaction that makes it, so the change and its record are written together
// or not at all. The log is append-only (triggers refuse UPDATE and DELETE).

/** Every kind of row in the audit log; recordAudit accepts no other. */
export const AUDIT_ACTIONS = [
  // Moderators on entries
  'approve',
  'reject',
  'approve-revision',
  'reject-revision',
  'approve-removal',
  'reject-removal',
  'edit',
  'edit-and-approve',
  'archive',
  'merge',
  'merged-from',
  'approve-claim',
  'reject-claim',
  'handle-report',
  'dismiss-report',
  'stale-reminder',
  // Moderators on activities and events in the calendar
  'activity-approve',
  'activity-hide',
  // The association itself, through its private edit link
  'edit-pending',
  'confirm',
  'request-removal',
  // Enhetsregisteret imports
  'brreg-import',
  'brreg-update',
  // An association's own calendar imported (its address, now or on the schedule, or a file), or its address removed
  'calendar-import',
  // Admins (and, for places, moderators) on the site's settings and accounts
  'place-add',
  'place-rename',
  'category-add',
  'category-rename',
  'region-create',
  'region-update',
  'site-text',
  'user-create',
  'user-update',
  'user-disable',
  'user-enable',
  'user-notify',
  // Staff on their own accounts
  'user-password-change',
  'user-password-reset',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEvent {
  action: AuditAction;
  /** Who did it; null when the association did it through its link, or an import did. */
  userId: number | null;
  /** The entry it concerns; null or absent for the site's settings and accounts. */
  associationId?: number | null;
  revisionId?: number | null;
  /** What changed, as JSON: `before` and `after` where there is one. */
  details: unknown;
  now: Date;
}

/**
 * Fields that identify the people behind an entry, as form fields and as columns. In an
 * entry's record the log keeps only whether they changed: it is append-only, so whatever it
 * holds would outlive an erasure of the entry's personal data.
 */
export const PERSONAL_FIELDS: readonly string[] = [
  'contactName',
  'contact_name',
  'contactEmail',
  'contact_email',
  'email',
  'phone',
  'postalAddress',
  'postal_address',
  'postalCode',
  'postal_code',
];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One side of a before/after pair with its personal fields replaced by whether they changed. */
function redactSide(side: unknown, other: unknown): unknown {
  if (!isObject(side)) return side;
  const copy: Record<string, unknown> = { ...side };
  for (const field of PERSONAL_FIELDS) {
    if (!(field in copy)) continue;
    const value = copy[field];
    if (value === null || value === '' || value === undefined) continue;
    const changed = !isObject(other) || other[field] !== value;
    copy[field] = changed ? '(endret)' : '(uendret)';
  }
  return copy;
}

/**
 * The one redaction rule: an entry's record (associationId set) keeps no personal data in
 * its `before` and `after`, only whether each such field changed, or that it was empty.
 * Records of staff accounts and site settings name the account, which the admin needs.
 */
export function redactedDetails(event: Pick<AuditEvent, 'associationId' | 'details'>): unknown {
  const { details } = event;
  if (event.associationId == null || !isObject(details)) return details;
  if (!('before' in details) && !('after' in details)) return details;
  return { ...details, before: redactSide(details.before, details.after), after: redactSide(details.after, details.before) };
}

/** Appends one row to the audit log; call it with the transaction that makes the change. */
export async function recordAudit(db: DB, event: AuditEvent): Promise<void> {
  await recordAudits(db, [event]);
}

/** Several rows in one statement (an import batch); the same rule for each. */
export async function recordAudits(db: DB, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      events.map((event) => ({
        created_at: event.now.toISOString(),
        user_id: event.userId,
        action: event.action,
        association_id: event.associationId ?? null,
        revision_id: event.revisionId ?? null,
        details: JSON.stringify(redactedDetails(event)),
      })),
    )
    .execute();
}
