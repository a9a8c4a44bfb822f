import type { AppContext } from '../app-env.js';
import type { Translator } from '../i18n/index.js';

export type EditLinkMailKind = 'registered' | 'edit-link' | 'reminder';

/** The absolute private edit link for a token. */
export function editLinkUrl(ctx: Pick<AppContext, 'config'>, token: string): string {
  return `${ctx.config.baseUrl}/endre/${token}`;
}

/** Emails a private edit link, worded for why it is sent, in the visitor's language. */
export async function sendEditLinkMail(
  ctx: Pick<AppContext, 'config' | 'mailer'>,
  tr: Translator,
  kind: EditLinkMailKind,
  message: { to: string; name: string; token: string },
): Promise<void> {
  const { t } = tr;
  const params = { name: message.name, link: editLinkUrl(ctx, message.token), days: tr.number(ctx.config.editLinkDays) };
  const [subject, text] =
    kind === 'registered'
      ? [t.mailRegisteredSubject, t.mailRegisteredBody(params)]
      : kind === 'edit-link'
        ? [t.mailEditLinkSubject, t.mailEditLinkBody(params)]
        : [t.mailReminderSubject(message.name), t.mailReminderBody(params)];
  await ctx.mailer.send({ to: message.to, subject, text });
}
