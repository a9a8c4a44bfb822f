import type { AppContext } from '../app-env.js';
import { contactEmailChanged, createEditToken } from '../db/submissions.js';
import type { Translator } from '../i18n/index.js';

export type EditLinkMailKind = 'registered' | 'edit-link' | 'reminder' | 'contact-changed';

/** The absolute private edit link for a token. */
export function editLinkUrl(ctx: Pick<AppContext, 'config'>, token: string): string {
  return `${ctx.config.baseUrl}/endre/${token}`;
}

/** Emails a private edit link, worded for why it is sent, in the visitor's language. */
export async function sendEditLinkMail(
  ctx: Pick<AppContext, 'config' | 'mailer'>,
  tr: Translator,
  kind: EditLinkMailKind,
  message: { to: string; name: string; token: string; associationId: number },
): Promise<void> {
  const { t } = tr;
  const params = { name: message.name, link: editLinkUrl(ctx, message.token), days: tr.number(ctx.config.editLinkDays) };
  const [subject, text] =
    kind === 'registered'
      ? [t.mailRegisteredSubject, t.mailRegisteredBody(params)]
      : kind === 'edit-link'
        ? [t.mailEditLinkSubject, t.mailEditLinkBody(params)]
        : kind === 'contact-changed'
          ? [t.mailContactChangedSubject(message.name), t.mailContactChangedBody(params)]
          : [t.mailReminderSubject(message.name), t.mailReminderBody(params)];
  // The token is the key to the entry: only the recipient's copy carries it.
  await ctx.mailer.send({ to: message.to, subject, text, secrets: [message.token], about: { associationId: message.associationId } });
}

/**
 * After an entry's contact email changed (its edit links were revoked in the same
 * transaction): a fresh link to the new address, and a notice without a link to the old one,
 * so a former contact learns why their link stopped working. Does nothing when the address
 * stayed the same.
 */
export async function handOverEditLinks(
  ctx: Pick<AppContext, 'config' | 'mailer' | 'db'>,
  tr: Translator,
  change: { associationId: number; name: string; before: string | null; after: string | null; now: Date },
): Promise<void> {
  if (!contactEmailChanged(change.before, change.after)) return;
  if (change.after) {
    const token = await createEditToken(ctx.db, change.associationId, change.now, ctx.config.editLinkDays);
    await sendEditLinkMail(ctx, tr, 'contact-changed', { to: change.after, name: change.name, token, associationId: change.associationId });
  }
  if (change.before) {
    await ctx.mailer.send({
      to: change.before,
      subject: tr.t.mailContactReplacedSubject(change.name),
      text: tr.t.mailContactReplacedBody({ name: change.name }),
      about: { associationId: change.associationId },
    });
  }
}
