import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** A nullable column that inserts may leave out. */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

// Columns keep their snake_case names in TypeScript too: one naming, no mapping layer.

export const ASSOCIATION_STATUSES = ['pending', 'published', 'rejected', 'archived'] as const;
export type AssociationStatus = (typeof ASSOCIATION_STATUSES)[number];

export const LINK_KINDS = ['facebook', 'instagram', 'other'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export interface RegionTable {
  slug: string;
  name_nb: string;
  name_en: string;
  /** Null: shown in Bokmål in the Nynorsk interface. */
  name_nn: Optional<string>;
  sort_order: number;
}

export interface MunicipalityTable {
  /** Kommunenummer, four digits with a leading zero kept ("0301"). */
  number: string;
  name: string;
  /** Unambiguous name ("Herøy (Møre og Romsdal)"). */
  display_name: string;
  /** All official language forms, " - " between them. */
  official_name: string;
  /** Sami and Kven forms only, or '' when there are none. */
  parallel_names: string;
  county_number: string;
  county_name: string;
}

export interface RegionMunicipalityTable {
  region_slug: string;
  municipality_number: string;
}

export interface PlaceTable {
  id: Generated<number>;
  slug: string;
  name: string;
  municipality_number: string;
}

export interface CategoryTable {
  id: Generated<number>;
  slug: string;
  /** Five-digit ICNPO code as Frivillighetsregisteret writes it ("01200"). */
  icnpo_code: string;
  parent_id: number | null;
  name_nb: string;
  name_en: string;
  /** Null: shown in Bokmål in the Nynorsk interface. */
  name_nn: Optional<string>;
  sort_order: number;
}

/** ISO 8601 UTC timestamps, stored as text. */
type Timestamp = string;

export interface AssociationTable {
  id: Generated<number>;
  slug: string;
  name: string;
  /** Lower-cased name with æ, ø, å mapped after z, so that ORDER BY follows Norwegian order. */
  sort_name: string;
  short_description: string;
  description: string;
  municipality_number: string;
  place_id: number | null;
  website: string | null;
  email: string | null;
  phone: string | null;
  postal_address: string | null;
  postal_code: string | null;
  org_number: string | null;
  founded_year: number | null;
  status: AssociationStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Timestamp | null;
  last_confirmed_at: Timestamp | null;
  /** Who registered the entry; private unless publish_contact is 1. */
  contact_name: string | null;
  /** Where edit links and reminders go; lower case. */
  contact_email: string | null;
  publish_contact: Generated<number>;
  last_reminded_at: Timestamp | null;
  /** Bumped by every change, so a decision made on an old view of the entry is refused. */
  version: Generated<number>;
  /** Set when a moderator merged this duplicate into another entry. */
  merged_into_id: number | null;
  /** 1: visitors write through a contact form and never see the email address (see src/lib/contact.ts). */
  contact_via_form: Generated<number>;
  /** The language the entry was registered in ('nb', 'nn', 'en'); mail to the association uses it. Null: the site's. */
  language: Optional<string>;
  /** The entry's UUID as an HSDS organization; set on insert and never changed. */
  uuid: Generated<string>;
  /** The UUID of the service the entry offers (HSDS service); set on insert and never changed. */
  service_uuid: Generated<string>;
}

export interface AssociationCategoryTable {
  association_id: number;
  category_id: number;
  /** 1 is the main category. */
  position: number;
}

export interface AssociationLinkTable {
  id: Generated<number>;
  association_id: number;
  kind: LinkKind;
  url: string;
  position: number;
}

export interface EditTokenTable {
  id: Generated<number>;
  association_id: number;
  /** SHA-256 of the token, hex; the token itself is only ever in the email. */
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export const REVISION_KINDS = ['update', 'removal'] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];
export type RevisionStatus = 'pending' | 'approved' | 'rejected' | 'superseded';

export interface RevisionTable {
  id: Generated<number>;
  association_id: number;
  kind: RevisionKind;
  /** For updates: the proposed entry as JSON (AssociationFormData). */
  data: string | null;
  status: Generated<RevisionStatus>;
  created_at: Timestamp;
  decided_at: Timestamp | null;
  reason: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  recipient: string;
  subject: string;
  text_body: string;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  error: string | null;
  eml_path: string | null;
  /** Set for contact messages: replies go to the visitor who wrote. */
  reply_to: Generated<string | null>;
  /** The entry the mail concerns; erasing the entry's personal data deletes the mail. */
  association_id: Generated<number | null>;
  /** The visitor report (reply to the reporter) or claim (decision to the claimant) it concerns. */
  report_id: Generated<number | null>;
  claim_id: Generated<number | null>;
  /** The full text with its working link, kept only until delivered; `text_body` is the redacted copy. */
  unsent_text: Generated<string | null>;
  /** Delivery attempts so far. */
  attempts: Generated<number>;
  /** When the queue next tries it; null once delivered, kept as .eml, or given up. */
  next_attempt_at: Generated<Timestamp | null>;
  /** The process sending it right now, and until when its claim holds (a crashed one's expires). */
  claimed_by: Generated<string | null>;
  claimed_until: Generated<Timestamp | null>;
  /** When the queue gave up on it (a day of failures); shown to admins. */
  failed_at: Generated<Timestamp | null>;
}

/** In the order the queue shows them: new work (registrations, changes) before old entries to check. */
export const QUEUE_KINDS = ['submission', 'revision', 'removal', 'report', 'claim', 'stale', 'link'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

export const REPORT_KINDS = ['wrong_info', 'closed', 'broken_link', 'other'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export type ReportStatus = 'pending' | 'handled' | 'dismissed';

/** A visitor's "report an error" about a published entry, waiting for a moderator. */
export interface ReportTable {
  id: Generated<number>;
  association_id: number;
  kind: ReportKind;
  message: string;
  /** Private: only for telling the reporter the outcome; erased with the entry's personal data. */
  reporter_email: string | null;
  /** The language the reporter used, for the outcome mail. */
  lang: Generated<string>;
  status: Generated<ReportStatus>;
  created_at: Timestamp;
  decided_at: Timestamp | null;
}

/** A public form token that has been sent once (see src/db/form-tokens.ts). */
export interface UsedFormTokenTable {
  /** SHA-256 of the token. */
  token_hash: string;
  /** When the token would be stale anyway; the row can go after that. */
  expires_at: Timestamp;
}

export interface SubmissionAttemptTable {
  id: Generated<number>;
  /** A hash of the client address, so the table holds no IP addresses. */
  client_key: string;
  action: string;
  created_at: Timestamp;
}

export interface AppSettingTable {
  key: string;
  value: string;
}

export const USER_ROLES = ['admin', 'moderator'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: Generated<string>;
  /** scrypt$N$r$p$salt$hash, see src/lib/password.ts. */
  password_hash: string;
  role: UserRole;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  digest_frequency: Generated<DigestFrequency>;
  /** 1: mailed at once when a registration in their scope arrives (set by an admin). */
  notify_registrations: Generated<number>;
}

export const DIGEST_FREQUENCIES = ['daily', 'weekly', 'off'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

/** A one-time "forgot password" link; see src/db/password-resets.ts. */
export interface PasswordResetTable {
  id: Generated<number>;
  user_id: number;
  /** SHA-256 of the token, hex. */
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** One waiting item mailed to one moderator in one digest period; see src/db/digests.ts. */
export interface DigestItemTable {
  user_id: number;
  period: string;
  item_key: string;
  sent_at: Timestamp;
}

export interface UserScopeTable {
  id: Generated<number>;
  user_id: number;
  municipality_number: string | null;
  region_slug: string | null;
}

export interface SessionTable {
  /** SHA-256 of the session id in the cookie. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  created_at: Timestamp;
  user_id: number | null;
  action: string;
  association_id: number | null;
  revision_id: number | null;
  /** JSON: what changed, with before and after where there is one. */
  details: Generated<string>;
}

/** An admin's version of a built-in text; no row means the default from the translation files. */
export interface SiteTextTable {
  /** 'home-intro' or 'terms', see SITE_TEXT_KEYS in src/db/admin.ts. */
  key: string;
  lang: string;
  value: string;
  updated_at: Timestamp;
}

export type LinkProblem = 'dead' | 'elsewhere' | 'parked' | 'title';

export interface LinkCheckTable {
  id: Generated<number>;
  association_id: number;
  url: string;
  checked_at: Timestamp;
  status: number | null;
  final_url: string | null;
  title: string | null;
  problem: LinkProblem | null;
  detail: string | null;
  flagged_at: Timestamp | null;
  ignored_at: Timestamp | null;
  ignored_by: number | null;
}

/** What the last import from Enhetsregisteret wrote for an entry; see src/db/brreg.ts. */
export interface BrregImportTable {
  association_id: number;
  org_number: string;
  /** JSON: the imported value of every field the import manages (BrregFields). */
  snapshot: string;
  first_imported_at: Timestamp;
  last_seen_at: Timestamp;
}

export const CLAIM_STATUSES = ['pending', 'approved', 'rejected', 'superseded'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Someone asking to become the contact person of an unclaimed (imported) entry. */
export interface ClaimTable {
  id: Generated<number>;
  association_id: number;
  contact_name: string;
  /** Lower-case domain, like associations.contact_email. */
  contact_email: string;
  phone: string | null;
  /** Who they are in the association; only moderators read it. */
  message: string;
  /** The claimant's language, for the emails that answer the claim. */
  lang: Generated<string>;
  status: Generated<ClaimStatus>;
  created_at: Timestamp;
  decided_at: Timestamp | null;
  reason: string | null;
}

export const ACTIVITY_KINDS = ['activity', 'event'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const ACTIVITY_FREQUENCIES = ['weekly', 'biweekly', 'monthly'] as const;
export type ActivityFrequency = (typeof ACTIVITY_FREQUENCIES)[number];
export type ActivityStatus = 'visible' | 'pending' | 'hidden';

/**
 * An activity's columns that say when it happens, in the order the activity form shows them:
 * the form (lib/activity-form.ts) and the open data (db/open-data.ts) list them from here.
 */
export const ACTIVITY_SCHEDULE_COLUMNS = [
  'start_date',
  'end_date',
  'start_time',
  'end_time',
  'frequency',
  'weekdays',
  'week_of_month',
  'occurrence_count',
  'skipped_dates',
  'cancelled_dates',
] as const;

/** An association's recurring activity or one-off event; see the activities migration. */
export interface ActivityTable {
  id: Generated<number>;
  association_id: number;
  kind: ActivityKind;
  title: string;
  description: string;
  /** Local dates (YYYY-MM-DD) and times (HH:MM) in Europe/Oslo. */
  start_date: string;
  end_date: string | null;
  start_time: string;
  end_time: string;
  frequency: ActivityFrequency | null;
  /** RFC 5545 day codes, comma-separated ("TU,TH"). */
  weekdays: string;
  week_of_month: number | null;
  occurrence_count: number | null;
  skipped_dates: string;
  cancelled_dates: string;
  place_id: number | null;
  address: string | null;
  age_from: number | null;
  age_to: number | null;
  /** Whole kroner; null is free. */
  price: number | null;
  price_note: string;
  languages: string;
  signup_required: number;
  signup_url: string | null;
  status: ActivityStatus;
  hidden_reason: string | null;
  reviewed_at: Timestamp | null;
  sequence: number;
  /** Folded title and description, for search. */
  search_text: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Where an imported event came from (see the calendar-feeds migration); null when the association typed it. */
  import_source: Generated<ImportSource | null>;
  import_key: Generated<string | null>;
}

export type ImportSource = 'feed' | 'file';

/** An association's own iCalendar address and how its last import went; see the calendar-feeds migration. */
export interface CalendarFeedTable {
  association_id: number;
  url: string;
  last_attempt_at: Timestamp | null;
  last_success_at: Timestamp | null;
  last_error: string | null;
  last_error_detail: string | null;
  failures: Generated<number>;
  imported_count: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Database {
  activities: ActivityTable;
  calendar_feeds: CalendarFeedTable;
  regions: RegionTable;
  municipalities: MunicipalityTable;
  region_municipalities: RegionMunicipalityTable;
  places: PlaceTable;
  categories: CategoryTable;
  associations: AssociationTable;
  association_categories: AssociationCategoryTable;
  association_links: AssociationLinkTable;
  edit_tokens: EditTokenTable;
  revisions: RevisionTable;
  outbox: OutboxTable;
  submission_attempts: SubmissionAttemptTable;
  used_form_tokens: UsedFormTokenTable;
  app_settings: AppSettingTable;
  users: UserTable;
  user_scopes: UserScopeTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  site_texts: SiteTextTable;
  reports: ReportTable;
  link_checks: LinkCheckTable;
  brreg_imports: BrregImportTable;
  claims: ClaimTable;
  password_resets: PasswordResetTable;
  digest_items: DigestItemTable;
  scheduled_jobs: ScheduledJobTable;
}

/** One kind of scheduled work and who runs it now (see src/db/scheduled-jobs.ts). */
export interface ScheduledJobTable {
  name: string;
  claimed_by: string | null;
  lease_until: Timestamp | null;
  started_at: Timestamp | null;
  last_success_at: Timestamp | null;
  last_failure_at: Timestamp | null;
  last_error: string | null;
}

export type User = Selectable<UserTable>;
export type AuditEntry = Selectable<AuditLogTable>;

export type Region = Selectable<RegionTable>;
export type Municipality = Selectable<MunicipalityTable>;
export type Place = Selectable<PlaceTable>;
export type Category = Selectable<CategoryTable>;
export type Association = Selectable<AssociationTable>;
export type NewAssociation = Insertable<AssociationTable>;
export type AssociationLink = Selectable<AssociationLinkTable>;
export type OutboxMessage = Selectable<OutboxTable>;
export type LinkCheck = Selectable<LinkCheckTable>;
export type Revision = Selectable<RevisionTable>;
export type Report = Selectable<ReportTable>;
export type Claim = Selectable<ClaimTable>;
export type Activity = Selectable<ActivityTable>;
export type CalendarFeed = Selectable<CalendarFeedTable>;
