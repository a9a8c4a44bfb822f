import type { Context } from 'hono';
import type { AppContext, AppEnv } from '../app-env.js';
import { issueFormToken, refusePublicForm, withinHourlyLimit, withinRecipientLimit } from './form-guard.js';

/** Why a public form's post is held back by its sending limits: 429 and the message to show. */
export interface LimitRefusal {
  status: 429;
  message: string;
}

/**
 * The two limits on what a public form may cause: the sender's posts an hour for this form,
 * then (where the post will cause a mail, now or at a moderator's decision) the mails one
 * recipient gets an hour. Null when the post may go on. Counted only for posts that passed
 * the guards and their checks, so a visitor correcting a typo is not counted twice.
 */
export async function refuseOverSendingLimits(
  c: Context<AppEnv>,
  ctx: AppContext,
  limits: { purpose: string; perHour: number; recipient: string | null; now: Date },
): Promise<LimitRefusal | null> {
  const { t } = c.get('tr');
  if (!(await withinHourlyLimit(c, ctx, limits.purpose, limits.perHour, limits.now))) return { status: 429, message: t.guardRateLimited };
  if (limits.recipient !== null && !(await withinRecipientLimit(ctx, limits.purpose, limits.recipient, limits.now))) {
    return { status: 429, message: t.guardRecipientLimited };
  }
  return null;
}

/** The statuses a public form's post is answered with when it goes no further. */
export type HeldPostStatus = 403 | 409 | 422 | 429;

/** What a posted public form comes to: its checked data, or the status and what to show beside it. */
export type ScreenedPost<D, E> = { ok: true; data: D } | { ok: false; status: HeldPostStatus; errors?: E; formMessage?: string };

export interface PublicFormScreen<D, E> {
  purpose: string;
  /** The sender's limit of posts an hour for this form. */
  perHour: number;
  /** The form's own field checks. */
  validate: () => { ok: true; data: D } | { ok: false; errors: E };
  /** Whom the post will cause a mail to, now or at a moderator's decision; null for nobody. */
  recipient: (data: D) => string | null;
  /** Whether what the form is about still takes posts, asked after the guards and before the fields; false answers 409. */
  stillOpen?: () => Promise<boolean>;
}

/**
 * The path every public form's post takes before it stores or sends anything, in this order:
 * the guards (origin, honeypot, spent-once token), whether the form is still open, the
 * fields, then the sending limits.
 */
export async function screenPublicForm<D, E>(
  c: Context<AppEnv>,
  ctx: AppContext,
  body: Record<string, unknown>,
  now: Date,
  form: PublicFormScreen<D, E>,
): Promise<ScreenedPost<D, E>> {
  const refused = await refusePublicForm(c, ctx, body, form.purpose, now);
  if (refused) return { ok: false, status: refused.status, formMessage: refused.message };
  if (form.stillOpen && !(await form.stillOpen())) return { ok: false, status: 409 };
  const result = form.validate();
  if (!result.ok) return { ok: false, status: 422, errors: result.errors };
  const limited = await refuseOverSendingLimits(c, ctx, { purpose: form.purpose, perHour: form.perHour, recipient: form.recipient(result.data), now });
  if (limited) return { ok: false, status: 429, formMessage: limited.message };
  return result;
}

/** What a public form page shows, as its route keeps it: what was typed, and any errors and message about the form. */
export interface PublicFormState<V, E> {
  values: V;
  errors?: E;
  formMessage?: string;
}

/**
 * The props a public form page about an entry takes besides its meta and assets (claim,
 * report, contact): the entry, the state, and a fresh form token for the form's `purpose`.
 */
export function publicFormProps<A, V, E extends object>(ctx: AppContext, purpose: string, association: A, state: PublicFormState<V, E>) {
  return {
    association,
    values: state.values,
    // A form's errors are a partial record of its fields: none at all is {}.
    errors: state.errors ?? ({} as E),
    formToken: issueFormToken(ctx.secret, purpose, ctx.clock()),
    formMessage: state.formMessage,
  };
}
