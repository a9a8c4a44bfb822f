import { REPORT_KINDS, type ReportKind } from '../db/types.js';
import type { VisitorErrorKey } from '../i18n/visitor-text.js';
import { LIMITS, cleanLine, cleanMultiline, normaliseEmail } from './association-form.js';

// The two small public forms about one entry: "Meld feil" and the contact form. Pure
// reading and validation, like association-form.ts: no database, no clock.

export const REPORT_MESSAGE_MAX = 2000;
export const CONTACT_MESSAGE_MAX = 3000;
/** No posted value is kept longer than this for showing the form again. */
const RAW_LIMIT = 20_000;

export interface ReportFormValues {
  kind: string;
  message: string;
  email: string;
}

export interface ContactFormValues {
  name: string;
  email: string;
  message: string;
}

export type ReportFormErrors = Partial<Record<keyof ReportFormValues, VisitorErrorKey>>;
export type ContactFormErrors = Partial<Record<keyof ContactFormValues, VisitorErrorKey>>;

function first(body: Record<string, unknown>, name: string): string {
  const value = Object.hasOwn(body, name) ? body[name] : undefined;
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one.slice(0, RAW_LIMIT) : '';
}

export function readReportForm(body: Record<string, unknown>): ReportFormValues {
  return { kind: first(body, 'kind'), message: first(body, 'message'), email: first(body, 'email') };
}

export function readContactForm(body: Record<string, unknown>): ContactFormValues {
  return { name: first(body, 'name'), email: first(body, 'email'), message: first(body, 'message') };
}

function checkEmail(text: string, required: boolean): { email: string | null; error?: VisitorErrorKey } {
  if (cleanLine(text, Number.POSITIVE_INFINITY) === '') return required ? { email: null, error: 'emailRequired' } : { email: null };
  const result = normaliseEmail(text);
  if (result.ok) return { email: result.email };
  return { email: null, error: result.problem === 'tooLong' ? 'emailTooLong' : 'emailInvalid' };
}

function checkMessage(text: string, max: number, required: VisitorErrorKey, tooLong: VisitorErrorKey): { message: string; error?: VisitorErrorKey } {
  const message = cleanMultiline(text, Number.POSITIVE_INFINITY);
  if (message === '') return { message, error: required };
  if (message.length > max) return { message, error: tooLong };
  return { message };
}

export interface ReportData {
  kind: ReportKind;
  message: string;
  /** Only for telling the reporter the outcome. */
  email: string | null;
}

export function validateReportForm(values: ReportFormValues): { ok: true; data: ReportData } | { ok: false; errors: ReportFormErrors } {
  const errors: ReportFormErrors = {};
  const kind = (REPORT_KINDS as readonly string[]).includes(values.kind) ? (values.kind as ReportKind) : null;
  if (!kind) errors.kind = 'kindRequired';
  const message = checkMessage(values.message, REPORT_MESSAGE_MAX, 'reportMessageRequired', 'reportMessageTooLong');
  if (message.error) errors.message = message.error;
  const email = checkEmail(values.email, false);
  if (email.error) errors.email = email.error;
  if (Object.keys(errors).length > 0 || !kind) return { ok: false, errors };
  return { ok: true, data: { kind, message: message.message, email: email.email } };
}

export interface ContactData {
  name: string;
  email: string;
  message: string;
}

export function validateContactForm(values: ContactFormValues): { ok: true; data: ContactData } | { ok: false; errors: ContactFormErrors } {
  const errors: ContactFormErrors = {};
  const name = cleanLine(values.name, Number.POSITIVE_INFINITY);
  if (name === '') errors.name = 'nameRequired';
  else if (name.length > LIMITS.contactName) errors.name = 'nameTooLong';
  const email = checkEmail(values.email, true);
  if (email.error) errors.email = email.error;
  const message = checkMessage(values.message, CONTACT_MESSAGE_MAX, 'contactMessageRequired', 'contactMessageTooLong');
  if (message.error) errors.message = message.error;
  if (Object.keys(errors).length > 0 || email.email === null) return { ok: false, errors };
  return { ok: true, data: { name, email: email.email, message: message.message } };
}
