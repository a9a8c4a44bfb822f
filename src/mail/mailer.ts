import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { SendMailOptions, Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { DB } from '../db/sqlite.js';
import type { OutboxMessage } from '../db/types.js';

// Every message goes into the outbox table before anything else happens, so a message is
// never lost: with SMTP configured it is then delivered and marked sent; without SMTP (local
// runs, demos) or when delivery fails, it is written as an .eml file an operator can open or
// resend by hand.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Where replies go instead of the From address, e.g. the visitor who used a contact form. */
  replyTo?: string;
}

export interface Mailer {
  /**
   * Keeps the message in the outbox, then delivers it: over SMTP when configured, else as an
   * .eml file. Never throws because delivery failed: the message stays in the outbox with the
   * error, and the error is logged. Resolves with the outbox row id.
   */
  send(message: MailMessage): Promise<number>;
  /** Closes the SMTP transport, if any. */
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
}

const MAX_ERROR_LENGTH = 1000;

/**
 * Timeouts shorter than nodemailer's (2 min connect, 10 min idle), since a request may be
 * waiting on the send. Query parameters of the SMTP URL take precedence over these.
 */
const SMTP_DEFAULTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 60_000,
} as const;

/** RFC 3834: tells auto-responders (vacation replies) not to answer. */
const AUTO_SUBMITTED = { 'Auto-Submitted': 'auto-generated' };

export function createMailer(options: MailerOptions): Mailer {
  const { db, from, smtpUrl, outboxDir, logger, clock } = options;
  if (smtpUrl !== undefined && !/^smtps?:\/\//i.test(smtpUrl)) {
    throw new Error('The SMTP URL must start with smtp:// or smtps://');
  }
  const smtp: Transporter | null = smtpUrl ? nodemailer.createTransport({ ...SMTP_DEFAULTS, url: smtpUrl }) : null;
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let closed = false;

  function mailOptions(message: MailMessage, date: Date): SendMailOptions {
    return {
      from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      date,
      headers: { ...AUTO_SUBMITTED },
    };
  }

  /** Writes the message as an .eml file and returns its path. */
  async function writeEml(id: number, createdAt: string, mail: SendMailOptions): Promise<string> {
    const info = await composer.sendMail(mail);
    const raw = info.message;
    if (!Buffer.isBuffer(raw)) throw new Error('The stream transport did not return a buffer');
    await mkdir(outboxDir, { recursive: true });
    const path = join(outboxDir, emlFileName(id, createdAt));
    await writeFile(path, raw);
    return path;
  }

  return {
    async send(message) {
      const date = clock();
      const createdAt = date.toISOString();
      const row = await db
        .insertInto('outbox')
        .values({
          recipient: message.to,
          subject: message.subject,
          text_body: message.text,
          created_at: createdAt,
          sent_at: null,
          error: null,
          eml_path: null,
          reply_to: message.replyTo ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = row.id;

      if (smtp) {
        try {
          await smtp.sendMail(mailOptions(message, date));
        } catch (err) {
          logger.error({ err, outboxId: id }, 'Could not deliver email over SMTP; it stays in the outbox');
          const emlPath = await writeEml(id, createdAt, mailOptions(message, date)).catch((emlErr: unknown) => {
            logger.error({ err: emlErr, outboxId: id }, 'Could not write the undelivered email as an .eml file');
            return null;
          });
          await db
            .updateTable('outbox')
            .set({ error: errorText(err), eml_path: emlPath })
            .where('id', '=', id)
            .execute();
          return id;
        }
        await db.updateTable('outbox').set({ sent_at: clock().toISOString() }).where('id', '=', id).execute();
        return id;
      }

      try {
        const emlPath = await writeEml(id, createdAt, mailOptions(message, date));
        await db.updateTable('outbox').set({ eml_path: emlPath }).where('id', '=', id).execute();
      } catch (err) {
        logger.error({ err, outboxId: id }, 'Could not write the email as an .eml file; it stays in the outbox');
        await db.updateTable('outbox').set({ error: errorText(err) }).where('id', '=', id).execute();
      }
      return id;
    },

    async close() {
      if (closed) return;
      closed = true;
      smtp?.close();
      composer.close();
    },
  };
}

/** Newest first, for the admin's outbox view. */
export async function listOutbox(db: DB, options: { limit: number; offset?: number }): Promise<OutboxMessage[]> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .offset(options.offset ?? 0)
    .execute();
}

/**
 * Forgets the messages sent to `recipient` (any case), only those carrying a Reply-To when
 * `withReplyTo`: the outbox rows and their .eml files, which hold the same personal data.
 * Part of erasing an entry's personal data.
 */
export async function eraseMailsTo(db: DB, recipient: string, options: { withReplyTo?: boolean } = {}): Promise<void> {
  let query = db.deleteFrom('outbox').where((eb) => eb(eb.fn('lower', ['recipient']), '=', recipient.toLowerCase()));
  if (options.withReplyTo) query = query.where('reply_to', 'is not', null);
  const erased = await query.returning('eml_path').execute();
  for (const { eml_path } of erased) if (eml_path) await rm(eml_path, { force: true });
}

/** `000042-2025-03-01T12-00-00-000Z.eml`: sorts by id, and safe on every file system. */
export function emlFileName(id: number, createdAt: string): string {
  return `${String(id).padStart(6, '0')}-${createdAt.replace(/[:.]/g, '-')}.eml`;
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.slice(0, MAX_ERROR_LENGTH);
}
