import type { Progress } from './lib/progress.js';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { claimDigestItems, digestRecipients, digestSentIn, registrationWatchers } from './db/digests.js';
import { type QueueItem, moderationQueue } from './db/moderation.js';
import type { Reference } from './db/reference.js';
import type { DB } from './db/sqlite.js';
import { loadSignedInUser } from './db/users.js';
import { translator } from './i18n/index.js';
import type { Mailer } from './mail/mailer.js';

// Moderators' email about waiting work: a digest (daily or weekly, chosen on their account
// page) sent by `npm run digest`, and, where an admin turned it on, a mail as soon as a
// registration arrives in their scope. Moderators have no language of their own yet, so the
// mails are in Bokmål like the rest of the moderator mail.

/** What a digest reports; stale entries and link problems are a moderator's own rounds, not news. */
export const DIGEST_KINDS = ['submission', 'revision', 'removal', 'report', 'claim'] as const;
type DigestKind = (typeof DIGEST_KINDS)[number];

/** Enough for any real queue; a digest lists counts and links, not pages. */
const MAX_ITEMS = 10_000;
/** Items listed by name under each kind; the rest are in the count and the queue link. */
const LISTED_PER_KIND = 20;

const osloDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Norway, YYYY-MM-DD. */
export function osloDay(now: Date): string {
  return osloDate.format(now);
}

/** The ISO week of a YYYY-MM-DD date, '2026-W49', and the date of its Monday. */
export function isoWeek(day: string): { week: string; monday: string } {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
  const monday = new Date(date.getTime() - weekday * 86_400_000);
  const thursday = new Date(monday.getTime() + 3 * 86_400_000);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = new Date(firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * 86_400_000);
  const week = Math.round((monday.getTime() - firstMonday.getTime()) / (7 * 86_400_000)) + 1;
  return { week: `${year}-W${String(week).padStart(2, '0')}`, monday: monday.toISOString().slice(0, 10) };
}

/** The period a digest belongs to: one per day or one per ISO week, in Norwegian time. */
export function digestPeriod(frequency: 'daily' | 'weekly', now: Date): { key: string; start: string } {
  const day = osloDay(now);
  if (frequency === 'daily') return { key: day, start: day };
  const { week, monday } = isoWeek(day);
  return { key: week, start: monday };
}

/** A stable name for a queue item across runs: its own row's id. */
function itemKey(item: QueueItem & { kind: DigestKind }): string {
  if (item.kind === 'report') return `report:${item.report?.id}`;
  if (item.kind === 'claim') return `claim:${item.claim?.id}`;
  if (item.kind === 'submission') return `submission:${item.associationId}`;
  return `${item.kind}:${item.revisionId}`;
}

const isDigestKind = (item: QueueItem): item is QueueItem & { kind: DigestKind } => (DIGEST_KINDS as readonly string[]).includes(item.kind);

export interface DigestDeps {
  db: DB;
  mailer: Mailer;
  config: Pick<Config, 'baseUrl' | 'defaultLanguage'>;
  reference: Reference;
  logger: Logger;
  now: Date;
  /** Told of each moderator looked at (npm run digest shows it). */
  progress?: Pick<Progress, 'start' | 'advance'>;
}

/**
 * Sends every moderator whose digest is due a mail with what waits in their scope: counts per
 * kind and a direct link to each item. Due means: the moderator wants a digest, has not had
 * one in the current period, and something waits that was not mailed to them in it. Safe to
 * run from cron as often as you like. Returns how many digests were sent.
 */
export async function sendDigests(deps: DigestDeps): Promise<{ sent: number; recipients: number }> {
  const { db, mailer, config, reference, logger, now } = deps;
  // Moderators keep no language of their own: they get the site's (DEFAULT_LANG).
  const t = translator(config.defaultLanguage);
  const w = t.t.work;
  const recipients = await digestRecipients(db);
  deps.progress?.start('moderators', recipients.length);
  let sent = 0;
  for (const recipient of recipients) {
    deps.progress?.advance();
    const period = digestPeriod(recipient.frequency, now);
    if (await digestSentIn(db, recipient.id, period.key)) continue;
    const user = await loadSignedInUser(db, recipient.id, reference);
    if (!user) continue;
    const { items } = await moderationQueue(db, user, { kinds: [...DIGEST_KINDS], municipalities: [], now, limit: MAX_ITEMS });
    const waiting = items.filter(isDigestKind);
    if (waiting.length === 0) continue;
    // Recorded before sending: a crash between the two loses one digest rather than sending two.
    const claimed = await claimDigestItems(db, { userId: recipient.id, period: period.key, itemKeys: waiting.map(itemKey), now });
    const fresh = waiting.filter((item) => claimed.has(itemKey(item)));
    if (fresh.length === 0) continue;

    const lines: string[] = [
      w.mailDigestIntro(
        recipient.frequency === 'daily'
          ? w.mailDigestPeriodDaily(t.date(`${period.start}T12:00:00Z`))
          : w.mailDigestPeriodWeekly(t.date(`${period.start}T12:00:00Z`)),
      ),
      '',
    ];
    for (const kind of DIGEST_KINDS) {
      const ofKind = fresh.filter((item) => item.kind === kind);
      if (ofKind.length === 0) continue;
      lines.push(`${w.mailDigestKinds[kind]}: ${t.number(ofKind.length)}`);
      for (const item of ofKind.slice(0, LISTED_PER_KIND)) {
        const municipality = reference.municipalityByNumber.get(item.municipalityNumber)?.display_name ?? item.municipalityNumber;
        lines.push(`- ${item.name} (${municipality}): ${config.baseUrl}/moderering/lag/${item.associationId}`);
      }
      if (ofKind.length > LISTED_PER_KIND) lines.push(`- … ${config.baseUrl}/moderering?type=${kind}`);
      lines.push('');
    }
    lines.push(w.mailDigestQueueLink(`${config.baseUrl}/moderering`), '', w.mailDigestFooter(`${config.baseUrl}/moderering/konto`));
    await mailer.send({ to: recipient.email, subject: w.mailDigestSubject(w.entryCount(fresh.length, t.number(fresh.length))), text: lines.join('\n') });
    sent++;
  }
  logger.info({ sent, recipients: recipients.length }, 'digests sent');
  return { sent, recipients: recipients.length };
}

/**
 * Mails the moderators (and admins) who asked to hear at once, and whose scope holds the
 * municipality, that a registration has arrived.
 */
export async function notifyNewRegistration(
  deps: Pick<DigestDeps, 'db' | 'mailer' | 'config' | 'reference'>,
  registration: { associationId: number; name: string; municipalityNumber: string },
): Promise<number> {
  const { db, mailer, config, reference } = deps;
  const w = translator(config.defaultLanguage).t.work;
  let sent = 0;
  for (const watcher of await registrationWatchers(db)) {
    const user = await loadSignedInUser(db, watcher.id, reference);
    if (!user || (user.municipalityNumbers !== 'all' && !user.municipalityNumbers.has(registration.municipalityNumber))) continue;
    await mailer.send({
      to: watcher.email,
      subject: w.mailNewRegistrationSubject(registration.name),
      text: w.mailNewRegistrationBody({
        name: registration.name,
        municipality: reference.municipalityByNumber.get(registration.municipalityNumber)?.display_name ?? registration.municipalityNumber,
        url: `${config.baseUrl}/moderering/lag/${registration.associationId}`,
        accountUrl: `${config.baseUrl}/moderering/konto`,
      }),
    });
    sent++;
  }
  return sent;
}
