import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { DB } from './db/sqlite.js';
import { associationsDueForReminder, createEditToken, markReminded } from './db/submissions.js';
import { translatorFor } from './i18n/index.js';
import type { Mailer } from './mail/mailer.js';
import type { Progress } from './lib/progress.js';
import { sendEditLinkMail } from './routes/edit-link-mail.js';

/** Not confirmed for this long: the association is asked to confirm or update. */
export const REMIND_AFTER_MONTHS = 12;
/** Not confirmed for this long: the entry is marked as possibly out of date. */
export const STALE_AFTER_MONTHS = 18;

function monthsBefore(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** True when a published entry has gone unconfirmed long enough to warn visitors. */
export function isStale(lastConfirmedAt: string | null, now: Date): boolean {
  return lastConfirmedAt === null || lastConfirmedAt < monthsBefore(now, STALE_AFTER_MONTHS).toISOString();
}

/**
 * Emails every association that has not confirmed its entry for a year a fresh edit link
 * where one click confirms it. Idempotent: an association is reminded once per confirmation,
 * so running it again (from cron, say) sends nothing new. Returns how many were reminded.
 */
export async function sendReminders(deps: {
  db: DB;
  mailer: Mailer;
  config: Config;
  logger: Logger;
  now: Date;
  progress?: Pick<Progress, 'start' | 'advance'>;
}): Promise<number> {
  const { db, mailer, config, logger, now, progress } = deps;
  const due = await associationsDueForReminder(db, monthsBefore(now, REMIND_AFTER_MONTHS));
  progress?.start('reminders', due.length);
  let sent = 0;
  for (const association of due) {
    progress?.advance();
    if (!association.contact_email) continue;
    // Marked before sending: a crash between the two loses one reminder rather than sending two.
    const token = await db.transaction().execute(async (trx) => {
      await markReminded(trx, association.id, now);
      return createEditToken(trx, association.id, now, config.editLinkDays);
    });
    // In the language the association registered in, not the site's.
    const tr = translatorFor(association.language, config.defaultLanguage);
    await sendEditLinkMail({ config, mailer }, tr, 'reminder', { to: association.contact_email, name: association.name, token, associationId: association.id });
    sent++;
  }
  logger.info({ sent, due: due.length }, 'reminders sent');
  return sent;
}
