import type { claimTextNb } from '../i18n/claim-text.js';
import type { formTextNb } from '../i18n/form-text.js';
import { LIMITS, cleanLine, cleanMultiline, normaliseEmail, normalisePhone } from './association-form.js';

// The form for claiming an imported entry: read the posted body, validate it. Pure.

export const CLAIM_FORM_FIELDS = ['contact_name', 'contact_email', 'phone', 'message', 'accept_terms'] as const;
export type ClaimFormField = (typeof CLAIM_FORM_FIELDS)[number];

export interface ClaimFormValues {
  contact_name: string;
  contact_email: string;
  phone: string;
  message: string;
  accept_terms: boolean;
}

export interface ClaimFormData {
  contactName: string;
  contactEmail: string;
  phone: string | null;
  message: string;
}

/** A claim's own messages, or the registration form's for the phone number (the same rules). */
export type ClaimFormError = { own: keyof typeof claimTextNb.errors } | { form: keyof typeof formTextNb.errors };
export type ClaimFormErrors = Partial<Record<ClaimFormField, ClaimFormError>>;

const MESSAGE_LIMIT = 1000;
/** What is kept of a posted value to show again; a hostile body cannot make us echo megabytes. */
const RAW_LIMIT = 5000;

export function emptyClaimForm(): ClaimFormValues {
  return { contact_name: '', contact_email: '', phone: '', message: '', accept_terms: false };
}

function first(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v.slice(0, RAW_LIMIT) : '';
}

/** Reads a body from `c.req.parseBody({ all: true })`; unknown fields are ignored. */
export function readClaimForm(body: Record<string, unknown>): ClaimFormValues {
  const field = (name: string): unknown => (Object.hasOwn(body, name) ? body[name] : undefined);
  return {
    contact_name: first(field('contact_name')),
    contact_email: first(field('contact_email')),
    phone: first(field('phone')),
    message: first(field('message')),
    accept_terms: first(field('accept_terms')) !== '',
  };
}

export function validateClaimForm(values: ClaimFormValues): { ok: true; data: ClaimFormData } | { ok: false; errors: ClaimFormErrors } {
  const errors: ClaimFormErrors = {};
  const contactName = cleanLine(values.contact_name, Number.POSITIVE_INFINITY);
  if (contactName === '') errors.contact_name = { own: 'contactNameRequired' };
  else if (contactName.length > LIMITS.contactName) errors.contact_name = { own: 'contactNameTooLong' };

  let contactEmail = '';
  if (cleanLine(values.contact_email, Number.POSITIVE_INFINITY) === '') errors.contact_email = { own: 'contactEmailRequired' };
  else {
    const result = normaliseEmail(values.contact_email);
    if (result.ok) contactEmail = result.email;
    else errors.contact_email = { own: result.problem === 'tooLong' ? 'contactEmailTooLong' : 'contactEmailInvalid' };
  }

  let phone: string | null = null;
  if (cleanLine(values.phone, Number.POSITIVE_INFINITY) !== '') {
    const result = normalisePhone(values.phone);
    if (result.ok) phone = result.phone;
    else errors.phone = { form: result.error };
  }

  const message = cleanMultiline(values.message, Number.POSITIVE_INFINITY);
  if (message === '') errors.message = { own: 'messageRequired' };
  else if (message.length > MESSAGE_LIMIT) errors.message = { own: 'messageTooLong' };

  if (!values.accept_terms) errors.accept_terms = { own: 'acceptTermsRequired' };

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, data: { contactName, contactEmail: contactEmail.toLowerCase(), phone, message } };
}
