import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import nodemailer from 'nodemailer';
import type { SendMailOptions, Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { REDACTED, claimDueMail, emlPathsInUse, enqueueMail, markMailAttemptFailed, markMailDelivered } from '../db/outbox.js';
import type { DB } from '../db/sqlite.js';
import type { OutboxMessage } from '../db/types.js';

// Every message goes into the outbox table (src/db/outbox.ts) before anything else happens,
// and the table is the queue: with SMTP configured, a background pass delivers what is due,
// and a failed attempt is tried again after 1 min, 5 min, 30 min, 2 h and then every 12 h,
// until the mail is a day old; then it is given up and shown to admins. Nothing a request
// does waits on SMTP. Without SMTP (local runs, demos) each message is written as an .eml
// file at once instead, which is its delivery. A restart picks up whatever is still due.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Where replies go instead of the From address, e.g. the visitor who used a contact form. */
  replyTo?: string;
  /**
   * Parts of `text` only the recipient may read, such as an edit-link token. The stored copy
   * has them replaced by `[…]`; the full text is kept only until the mail is delivered.
   */
  secrets?: string[];
  /** What the mail is about, so that erasing an entry's personal data finds it. */
  about?: { associationId?: number | null; reportId?: number | null; claimId?: number | null };
}

export interface Mailer {
  /**
   * Keeps the message in the outbox and resolves with its row id. With SMTP it is delivered
   * in the background; without, written as an .eml file before this resolves. Never throws
   * because delivery failed: the failure is recorded and logged, and the mail tried again.
   */
  send(message: MailMessage): Promise<number>;
  /**
   * Tries every due mail once now (the background does this by itself); resolves with how
   * many were delivered. For command-line tools before they exit, and tests.
   */
  deliverDue(): Promise<number>;
  /**
   * Deletes .eml files older than `keepDays`, and those whose outbox row is gone (erased
   * personal data). Resolves with how many were deleted. Runs hourly by itself.
   */
  sweepEmlFiles(): Promise<number>;
  /** Stops the background, waits for a send in progress and closes the SMTP transport. */
  close(): Promise<void>;
}

export interface MailerOptions {
  db: DB;
  /** The From address, e.g. `Lagportal <post@lag.example.no>`. */
  from: string;
  /**
   * `smtp://user:pass@host:587` or `smtps://…:465`; query parameters set transport options
   * (`?connectionTimeout=5000`). Without it, messages are only written as .eml files.
   */
  smtpUrl?: string;
  /** Where .eml files go; created when needed. */
  outboxDir: string;
  logger: Logger;
  clock: () => Date;
  /** .eml files older than this are deleted (OUTBOX_KEEP_DAYS); default 30. */
  keepDays?: number;
  /** How often the background looks for due mail, in ms; 0 turns the background off (tests drive deliverDue). Default 30 s. */
  pollMs?: number;
}

const MAX_ERROR_LENGTH = 1000;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** Waits after the 1st, 2nd, … failed attempt; the last repeats until the mail is a day old. */
export const RETRY_DELAYS_MS = [1, 5, 30, 120, 720].map((minutes) => minutes * MINUTE_MS);
/** A mail still undelivered this long after it was written is given up. */
export const GIVE_UP_AFTER_MS = DAY_MS;
/** How long a claimed mail stays with its process; longer than any SMTP timeout below. */
const LEASE_MS = 10 * MINUTE_MS;
const SWEEP_EVERY_MS = 60 * MINUTE_MS;

/**
 * Timeouts shorter than nodemailer's (2 min connect, 10 min idle), so that a dead server
 * does not hold the queue. Query parameters of the SMTP URL take precedence over these.
 */
const SMTP_DEFAULTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 60_000,
} as const;

/** RFC 3834: tells auto-responders (vacation replies) not to answer. */
const AUTO_SUBMITTED = { 'Auto-Submitted': 'auto-generated' };

/** When to try again after `attempts` failed attempts, or null to give up. */
export function nextAttemptAt(createdAt: Date, attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_MS[Math.min(Math.max(attempts, 1), RETRY_DELAYS_MS.length) - 1]!;
  const next = new Date(now.getTime() + delay);
  return next.getTime() - createdAt.getTime() > GIVE_UP_AFTER_MS ? null : next;
}

/** The text with every secret replaced by `[…]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret) result = result.split(secret).join(REDACTED);
  return result;
}

/**
 * The mailer the configuration describes (MAIL_FROM, SMTP_URL, OUTBOX_DIR, OUTBOX_KEEP_DAYS)
 * on the real clock: the server's and the mailing commands'.
 */
export function configuredMailer(config: Config, db: DB, logger: Logger, options: Pick<MailerOptions, 'pollMs'> = {}): Mailer {
  return createMailer({
    db,
    from: config.mailFrom,
    smtpUrl: config.smtpUrl,
    outboxDir: config.outboxDir,
    keepDays: config.outboxKeepDays,
    logger,
    clock: () => new Date(),
    ...options,
  });
}

export function createMailer(options: MailerOptions): Mailer {
  const { db, from, smtpUrl, outboxDir, logger, clock } = options;
  const keepDays = options.keepDays ?? 30;
  const pollMs = options.pollMs ?? 30_000;
  if (smtpUrl !== undefined && !/^smtps?:\/\//i.test(smtpUrl)) {
    throw new Error('The SMTP URL must start with smtp:// or smtps://');
  }
  const smtp: Transporter | null = smtpUrl ? nodemailer.createTransport({ ...SMTP_DEFAULTS, url: smtpUrl }) : null;
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  /** Names this process's claims on outbox rows. */
  const worker = randomUUID();
  let closed = false;

  function mailOptions(row: OutboxMessage): SendMailOptions {
    return {
      from,
      to: row.recipient,
      subject: row.subject,
      text: row.unsent_text ?? row.text_body,
      ...(row.reply_to ? { replyTo: row.reply_to } : {}),
      date: new Date(row.created_at),
      headers: { ...AUTO_SUBMITTED },
    };
  }

  /** Writes the message as an .eml file and returns its path. */
  async function writeEml(row: OutboxMessage): Promise<string> {
    const info = await composer.sendMail(mailOptions(row));
    const raw = info.message;
    if (!Buffer.isBuffer(raw)) throw new Error('The stream transport did not return a buffer');
    await mkdir(outboxDir, { recursive: true });
    const path = join(outboxDir, emlFileName(row.id, row.created_at));
    await writeFile(path, raw);
    return path;
  }

  /** One attempt at a claimed row; true when delivered. */
  async function attempt(row: OutboxMessage): Promise<boolean> {
    try {
      if (smtp) {
        await smtp.sendMail(mailOptions(row));
        await markMailDelivered(db, { id: row.id, worker, sentAt: clock() });
      } else {
        await markMailDelivered(db, { id: row.id, worker, emlPath: await writeEml(row) });
      }
      return true;
    } catch (err) {
      const now = clock();
      const next = nextAttemptAt(new Date(row.created_at), row.attempts, now);
      logger.error(
        { err, outboxId: row.id, attempts: row.attempts, nextAttemptAt: next?.toISOString() ?? null },
        next
          ? 'Could not deliver an email; it stays in the outbox and is tried again'
          : 'Could not deliver an email for a day; given up, admins see it in the outbox',
      );
      await markMailAttemptFailed(db, { id: row.id, worker, error: errorText(err), nextAttemptAt: next, now });
      return false;
    }
  }

  async function drain(): Promise<number> {
    let delivered = 0;
    while (!closed) {
      const now = clock();
      const row = await claimDueMail(db, { worker, now, leaseUntil: new Date(now.getTime() + LEASE_MS) });
      if (!row) break;
      if (await attempt(row)) delivered++;
    }
    return delivered;
  }

  let pass: Promise<number> | null = null;
  let again = false;
  function deliverDue(): Promise<number> {
    if (pass) {
      // Mail queued during a pass is picked up by one more round of the same pass.
      again = true;
      return pass;
    }
    pass = (async () => {
      let delivered = 0;
      do {
        again = false;
        delivered += await drain();
      } while (again && !closed);
      return delivered;
    })().finally(() => {
      pass = null;
    });
    return pass;
  }

  function deliverInBackground() {
    deliverDue().catch((err: unknown) => logger.error({ err }, 'The outbox could not be read for due mail'));
  }

  async function sweepEmlFiles(): Promise<number> {
    let names: string[];
    try {
      names = await readdir(outboxDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
    const files = names.flatMap((name) => {
      const parsed = parseEmlFileName(name);
      return parsed ? [{ name, ...parsed }] : [];
    });
    const inUse = new Set([...(await emlPathsInUse(db, [...new Set(files.map((f) => f.id))]))].map((path) => basename(path)));
    const expired = clock().getTime() - keepDays * DAY_MS;
    let deleted = 0;
    for (const file of files) {
      // By file name, so that OUTBOX_DIR written another way (relative, absolute) still matches.
      if (file.createdAt.getTime() >= expired && inUse.has(file.name)) continue;
      await rm(join(outboxDir, file.name), { force: true });
      deleted++;
    }
    return deleted;
  }

  function sweepInBackground() {
    sweepEmlFiles().catch((err: unknown) => logger.error({ err }, 'Could not sweep old .eml files'));
  }

  const timers: NodeJS.Timeout[] = [];
  if (pollMs > 0) {
    // A restart resumes at once what an earlier process left waiting.
    setImmediate(() => {
      if (closed) return;
      deliverInBackground();
      sweepInBackground();
    });
    timers.push(setInterval(deliverInBackground, pollMs).unref(), setInterval(sweepInBackground, SWEEP_EVERY_MS).unref());
  }

  return {
    async send(message) {
      const secrets = (message.secrets ?? []).filter((s) => s !== '' && message.text.includes(s));
      const stored = redact(message.text, secrets);
      const id = await enqueueMail(db, {
        recipient: message.to,
        subject: redact(message.subject, secrets),
        textBody: stored,
        unsentText: stored === message.text ? null : message.text,
        replyTo: message.replyTo ?? null,
        associationId: message.about?.associationId ?? null,
        reportId: message.about?.reportId ?? null,
        claimId: message.about?.claimId ?? null,
        now: clock(),
      });
      if (smtp) {
        if (!closed) setImmediate(deliverInBackground);
        return id;
      }
      // No SMTP: writing the file is the delivery, done before answering so that whoever
      // reads the outbox folder finds the mail there.
      const now = clock();
      const row = await claimDueMail(db, { worker, now, leaseUntil: new Date(now.getTime() + LEASE_MS), id });
      if (row) await attempt(row);
      else await pass?.catch(() => 0); // the background took it first: wait for its file
      return id;
    },

    deliverDue,
    sweepEmlFiles,

    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearInterval(timer);
      await pass?.catch(() => 0);
      smtp?.close();
      composer.close();
    },
  };
}

/** `000042-2025-03-01T12-00-00-000Z.eml`: sorts by id, and safe on every file system. */
export function emlFileName(id: number, createdAt: string): string {
  return `${String(id).padStart(6, '0')}-${createdAt.replace(/[:.]/g, '-')}.eml`;
}

/** The outbox id and creation time in a name emlFileName made; null for any other file. */
function parseEmlFileName(name: string): { id: number; createdAt: Date } | null {
  const match = /^(\d{6,})-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.eml$/.exec(name);
  if (!match) return null;
  const [, id, date, h, m, s, ms] = match;
  const createdAt = new Date(`${date}T${h}:${m}:${s}.${ms}Z`);
  return Number.isNaN(createdAt.getTime()) ? null : { id: Number(id), createdAt };
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.slice(0, MAX_ERROR_LENGTH);
}
