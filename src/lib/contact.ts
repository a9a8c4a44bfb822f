import type { Association } from '../db/types.js';

// Which email addresses of an entry may be shown to the public. Every place that publishes
// entry data (the detail page, the JSON API, exports, feeds) asks here, so that an
// association's choice to be reached through the contact form is honoured everywhere.

type ContactFields = Pick<Association, 'email' | 'contact_via_form'>;

/**
 * The association's email address if it may be shown publicly, else null: associations that
 * chose the contact form (`contact_via_form`) are written to through `/lag/:slug/kontakt`.
 * @example publicEmail({ email: 'post@lag.no', contact_via_form: 0 }) // 'post@lag.no'
 */
export function publicEmail(association: ContactFields): string | null {
  return association.contact_via_form === 1 ? null : association.email;
}

/**
 * The contact person's email address if it may be shown: they agreed to publish their
 * details, and the association has not chosen to hide addresses behind the contact form.
 */
export function publicContactEmail(association: ContactFields & Pick<Association, 'contact_email' | 'publish_contact'>): string | null {
  if (association.publish_contact !== 1 || association.contact_via_form === 1) return null;
  return association.contact_email;
}

/** True when visitors can write to the association through its contact form. */
export function hasContactForm(association: ContactFields): boolean {
  return association.contact_via_form === 1 && Boolean(association.email);
}
