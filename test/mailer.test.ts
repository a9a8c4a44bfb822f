import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerOptions } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/sqlite.js';
import type { DB } from '../src/db/sqlite.js';
import { listOutbox } from '../src/db/outbox.js';
import { createMailer } from '../src/mail/mailer.js';
import type { Mailer, MailerOptions } from '../src/mail/mailer.js';

const FROM = 'Lagportal <post@lagportal.test>';
const SUBJECT = 'Bekreft oppføringen av Skjærvøy Båtforening';
const TEXT = 'Hei!\n\nTakk for at du registrerte Skjærvøy Båtforening på Lagportal. Vi går gjennom oppføringen så snart vi får tid.\n\nHilsen æøå ÆØÅ\n';
const NOW = new Date('2025-03-01T12:34:56.789Z');

interface Received {
  mailFrom: string | false;
  rcptTo: string[];
  data: string;
}

let db: DB;
let dir: string;
let logLines: string[];
let mailer: Mailer | undefined;
let server: SMTPServer | undefined;

beforeEach(async () => {
  ({ db } = await openDatabase(':memory:'));
  dir = mkdtempSync(join(tmpdir(), 'lagportal-mail-'));
  logLines = [];
});

afterEach(async () => {
  await mailer?.close();
  mailer = undefined;
  if (server) {
    const closing = server;
    await new Promise<void>((resolve) => closing.close(() => resolve()));
    server = undefined;
  }
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function makeMailer(overrides: Partial<MailerOptions> = {}): Mailer {
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
  // No background timer: each test drives the queue with deliverDue() and its own clock.
  mailer = createMailer({ db, from: FROM, outboxDir: join(dir, 'outbox'), logger, clock: () => NOW, pollMs: 0, ...overrides });
  return mailer;
}

async function row(id: number) {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

function errorLogs(): Array<Record<string, unknown>> {
  return logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 50);
}

async function startServer(options: SMTPServerOptions): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          mailFrom: session.envelope.mailFrom && session.envelope.mailFrom.address,
          rcptTo: session.envelope.rcptTo.map((a) => a.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...options,
  });
  server = smtp;
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(0, '127.0.0.1', () => resolve());
  });
  return { port: (smtp.server.address() as AddressInfo).port, received };
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const FAST = 'connectionTimeout=2000&greetingTimeout=2000&socketTimeout=2000';

// A small MIME reader, so the test checks the encoding rather than trusting nodemailer to read its own output.

function parseMessage(raw: string): { headers: Map<string, string>; body: string } {
  const normalized = raw.replace(/\r\n/g, '\n');
  const split = normalized.indexOf('\n\n');
  const headerBlock = normalized.slice(0, split).replace(/\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of headerBlock.split('\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: normalized.slice(split + 2) };
}

function qpBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words; adjacent words are joined before decoding, as a character may span them. */
function decodeHeader(value: string): string {
  return value.replace(/(\?=)\s+(=\?)/g, '$1$2').replace(/(?:=\?utf-8\?([QB])\?([^?]*)\?=)+/gi, (run) => {
    const bytes = [...run.matchAll(/=\?utf-8\?([QB])\?([^?]*)\?=/gi)].map(([, enc, text = '']) =>
      enc?.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : qpBytes(text.replace(/_/g, ' ')),
    );
    return Buffer.concat(bytes).toString('utf8');
  });
}

function decodeBody(body: string, transferEncoding: string | undefined): string {
  switch ((transferEncoding ?? '7bit').toLowerCase()) {
    case 'quoted-printable':
      return qpBytes(body.replace(/=\n/g, '')).toString('utf8');
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

function expectReadableMessage(raw: string) {
  expect(raw).not.toMatch(/[^\x00-\x7f]/); // everything non-ASCII is MIME encoded
  const { headers, body } = parseMessage(raw);
  expect(headers.get('from')).toBe(FROM);
  expect(headers.get('to')).toBe('leder@skjaervoy-baat.test');
  expect(headers.get('subject')).toMatch(/^=\?UTF-8\?/i);
  expect(decodeHeader(headers.get('subject') ?? '')).toBe(SUBJECT);
  expect(new Date(headers.get('date') ?? '').getTime()).toBe(Math.floor(NOW.getTime() / 1000) * 1000);
  expect(headers.get('auto-submitted')).toBe('auto-generated');
  expect(headers.get('content-type')).toMatch(/^text\/plain; charset=utf-8$/i);
  expect(decodeBody(body, headers.get('content-transfer-encoding')).replace(/\r\n/g, '\n')).toBe(TEXT);
}

const MESSAGE = { to: 'leder@skjaervoy-baat.test', subject: SUBJECT, text: TEXT };

describe('mailer', () => {
  it('writes an .eml file and keeps the message in the outbox when no SMTP server is configured', async () => {
    const id = await makeMailer().send(MESSAGE);

    const stored = await row(id);
    expect(stored).toMatchObject({
      recipient: MESSAGE.to,
      subject: SUBJECT,
      text_body: TEXT,
      created_at: NOW.toISOString(),
      sent_at: null,
      error: null,
      next_attempt_at: null,
      attempts: 1,
    });
    expect(stored.eml_path).toBe(join(dir, 'outbox', `${String(id).padStart(6, '0')}-2025-03-01T12-34-56-789Z.eml`));
    expect(existsSync(stored.eml_path ?? '')).toBe(true);
    const raw = readFileSync(stored.eml_path ?? '', 'utf8');
    expect(raw).not.toContain('\r\n');
    expectReadableMessage(raw);
  });

  it('delivers over SMTP to a real server in the background and records it as sent', async () => {
    const { port, received } = await startServer({});
    const m = makeMailer({ smtpUrl: `smtp://127.0.0.1:${port}?${FAST}` });
    const id = await m.send(MESSAGE);
    expect(await row(id)).toMatchObject({ sent_at: null, next_attempt_at: NOW.toISOString() });

    expect(await m.deliverDue()).toBe(1);
    expect(received).toHaveLength(1);
    expect(received[0]?.rcptTo).toEqual([MESSAGE.to]);
    expect(received[0]?.mailFrom).toBe('post@lagportal.test');
    expectReadableMessage(received[0]?.data ?? '');
    expect(await row(id)).toMatchObject({ sent_at: NOW.toISOString(), error: null, eml_path: null, next_attempt_at: null, claimed_by: null });
    expect(errorLogs()).toEqual([]);
  });

  it('keeps a refused message in the queue with the error, to be tried again in a minute', async () => {
    const { port, received } = await startServer({
      onRcptTo(_address, _session, callback) {
        callback(new Error('mailbox unavailable'));
      },
    });
    const m = makeMailer({ smtpUrl: `smtp://127.0.0.1:${port}?${FAST}` });
    const id = await m.send(MESSAGE);
    expect(await m.deliverDue()).toBe(0);

    expect(received).toEqual([]);
    const stored = await row(id);
    expect(stored).toMatchObject({
      sent_at: null,
      failed_at: null,
      attempts: 1,
      eml_path: null,
      claimed_by: null,
      next_attempt_at: '2025-03-01T12:35:56.789Z',
    });
    expect(stored.error).toContain('mailbox unavailable');
    expect(errorLogs()).toHaveLength(1);
    expect(errorLogs()[0]).toMatchObject({ outboxId: id, attempts: 1 });
  });

  it('keeps the message when the SMTP server is down', async () => {
    const port = await closedPort();
    const m = makeMailer({ smtpUrl: `smtp://127.0.0.1:${port}?${FAST}` });
    const id = await m.send(MESSAGE);
    await m.deliverDue();

    const stored = await row(id);
    expect(stored.sent_at).toBeNull();
    expect(stored.next_attempt_at).toBe('2025-03-01T12:35:56.789Z');
    expect(stored.error).toMatch(/ECONNREFUSED|connect/i);
    expect(stored.error?.length).toBeLessThanOrEqual(1000);
    expect(errorLogs()).toHaveLength(1);
  });

  it('refuses an SMTP URL that is not smtp:// or smtps://', () => {
    expect(() => makeMailer({ smtpUrl: 'mail.example.no:587' })).toThrow(/smtp:\/\//);
  });

  it('lists the outbox newest first', async () => {
    let minute = 0;
    const m = makeMailer({ clock: () => new Date(Date.UTC(2025, 2, 1, 12, minute++)) });
    const first = await m.send({ ...MESSAGE, subject: 'Første' });
    const second = await m.send({ ...MESSAGE, subject: 'Andre' });
    const third = await m.send({ ...MESSAGE, subject: 'Tredje' });

    expect((await listOutbox(db, { limit: 10 })).map((r) => r.id)).toEqual([third, second, first]);
    expect((await listOutbox(db, { limit: 1, offset: 1 })).map((r) => r.subject)).toEqual(['Andre']);
  });
});

/** An SMTP server that refuses every recipient with a temporary error until `accept()` is called. */
async function refusingServer() {
  let accepting = false;
  let refused = 0;
  const server = await startServer({
    onRcptTo(_address, _session, callback) {
      if (accepting) return callback();
      refused++;
      const error = new Error('4.3.2 try again later') as Error & { responseCode: number };
      error.responseCode = 451;
      callback(error);
    },
  });
  return { ...server, refused: () => refused, accept: () => void (accepting = true) };
}

const LINK_TEXT = 'Hei!\n\nHer er lenken: https://lag.example.no/endre/hemmelig-token-som-bare-mottakeren-skal-ha\n';
const LINK_MESSAGE = { to: 'leder@skjaervoy-baat.test', subject: 'Lenke', text: LINK_TEXT, secrets: ['hemmelig-token-som-bare-mottakeren-skal-ha'] };

describe('the outbox queue', () => {
  it('tries a refused mail again after a minute and delivers it once the server accepts', async () => {
    const smtp = await refusingServer();
    let now = NOW.getTime();
    const m = makeMailer({ smtpUrl: `smtp://127.0.0.1:${smtp.port}?${FAST}`, clock: () => new Date(now) });
    const id = await m.send(LINK_MESSAGE);
    expect(await m.deliverDue()).toBe(0);
    expect(smtp.refused()).toBe(1);

    smtp.accept();
    now += 59_000;
    expect(await m.deliverDue()).toBe(0); // not due yet: no waiting in the test, the clock says when
    expect(smtp.received).toEqual([]);
    now += 1_000;
    expect(await m.deliverDue()).toBe(1);

    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.data.replace(/=\r?\n/g, '')).toContain('/endre/hemmelig-token-som-bare-mottakeren-skal-ha');
    const stored = await row(id);
    expect(stored).toMatchObject({ attempts: 2, sent_at: '2025-03-01T12:35:56.789Z', error: null, next_attempt_at: null, unsent_text: null, failed_at: null });
    expect(stored.text_body).toBe('Hei!\n\nHer er lenken: https://lag.example.no/endre/[…]\n');
    expect(await m.deliverDue()).toBe(0); // sent once, never again
    expect(smtp.received).toHaveLength(1);
  });

  it('backs off 1 min, 5 min, 30 min, 2 h and 12 h, then gives up a day after the mail was written', async () => {
    const smtp = await refusingServer();
    let now = NOW.getTime();
    const m = makeMailer({ smtpUrl: `smtp://127.0.0.1:${smtp.port}?${FAST}`, clock: () => new Date(now) });
    const id = await m.send(LINK_MESSAGE);
    const schedule: Array<string | null> = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      await m.deliverDue();
      const stored = await row(id);
      schedule.push(stored.next_attempt_at);
      if (!stored.next_attempt_at) break;
      now = new Date(stored.next_attempt_at).getTime();
    }
    expect(schedule).toEqual([
      '2025-03-01T12:35:56.789Z', // +1 min
      '2025-03-01T12:40:56.789Z', // +5 min
      '2025-03-01T13:10:56.789Z', // +30 min
      '2025-03-01T15:10:56.789Z', // +2 h
      '2025-03-02T03:10:56.789Z', // +12 h
      null, // another 12 h would be past a day: given up
    ]);
    expect(smtp.refused()).toBe(6);
    const stored = await row(id);
    expect(stored).toMatchObject({ attempts: 6, sent_at: null, failed_at: '2025-03-02T03:10:56.789Z', unsent_text: null });
    expect(stored.error).toContain('try again later');
    // Given up is final: no later pass sends it.
    now += 7 * 24 * 3600_000;
    smtp.accept();
    expect(await m.deliverDue()).toBe(0);
    expect(smtp.received).toEqual([]);
  });

  it('never sends one mail twice when two processes work the same outbox', async () => {
    const { port, received } = await startServer({});
    const logger = pino({ level: 'silent' });
    const options = { db, from: FROM, smtpUrl: `smtp://127.0.0.1:${port}?${FAST}`, outboxDir: join(dir, 'outbox'), logger, clock: () => NOW, pollMs: 0 };
    const first = createMailer(options);
    const second = createMailer(options);
    try {
      for (let i = 0; i < 6; i++) await first.send({ ...MESSAGE, subject: `Melding ${i}` });
      const delivered = await Promise.all([first.deliverDue(), second.deliverDue(), first.deliverDue(), second.deliverDue()]);
      expect(delivered.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(6);
      await Promise.all([first.deliverDue(), second.deliverDue()]);
      expect(received).toHaveLength(6);
      expect(received.map((r) => decodeHeader(parseMessage(r.data).headers.get('subject') ?? '')).sort()).toEqual([
        'Melding 0',
        'Melding 1',
        'Melding 2',
        'Melding 3',
        'Melding 4',
        'Melding 5',
      ]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('resumes after a restart what the stopped process left waiting, link and all', async () => {
    const down = await closedPort();
    let now = NOW.getTime();
    const before = makeMailer({ smtpUrl: `smtp://127.0.0.1:${down}?${FAST}`, clock: () => new Date(now) });
    const id = await before.send(LINK_MESSAGE);
    await before.deliverDue();
    await before.close();
    mailer = undefined;
    expect((await row(id)).unsent_text).toBe(LINK_TEXT);

    const { port, received } = await startServer({});
    now += 60_000;
    const after = makeMailer({ smtpUrl: `smtp://127.0.0.1:${port}?${FAST}`, clock: () => new Date(now) });
    expect(await after.deliverDue()).toBe(1);
    expect(received).toHaveLength(1);
    expect(received[0]!.data.replace(/=\r?\n/g, '')).toContain('/endre/hemmelig-token-som-bare-mottakeren-skal-ha');
    expect(await row(id)).toMatchObject({ attempts: 2, unsent_text: null, next_attempt_at: null });
  });

  it('takes over a mail whose process died while sending, once its claim has run out', async () => {
    const { port, received } = await startServer({});
    let now = NOW.getTime();
    const m = makeMailer({ smtpUrl: `smtp://127.0.0.1:${port}?${FAST}`, clock: () => new Date(now) });
    const id = await m.send(MESSAGE);
    // Another node claimed it and then vanished.
    await db.updateTable('outbox').set({ claimed_by: 'a-node-that-died', claimed_until: '2025-03-01T12:44:56.789Z' }).where('id', '=', id).execute();
    expect(await m.deliverDue()).toBe(0);
    expect(received).toEqual([]);
    now += 10 * 60_000 + 1;
    expect(await m.deliverDue()).toBe(1);
    expect(received).toHaveLength(1);
  });

  it('writes the link into the .eml file without SMTP, but keeps it out of the outbox table', async () => {
    const id = await makeMailer().send(LINK_MESSAGE);
    const stored = await row(id);
    expect(stored.text_body).toBe('Hei!\n\nHer er lenken: https://lag.example.no/endre/[…]\n');
    expect(stored.unsent_text).toBeNull();
    expect(readFileSync(stored.eml_path!, 'utf8').replace(/=\n/g, '')).toContain('/endre/hemmelig-token-som-bare-mottakeren-skal-ha');
  });

  it('deletes .eml files after OUTBOX_KEEP_DAYS, and those whose mail was erased', async () => {
    let now = NOW.getTime();
    const m = makeMailer({ clock: () => new Date(now), keepDays: 30 });
    const old = await m.send({ ...MESSAGE, subject: 'Gammel' });
    now += 20 * 24 * 3600_000;
    const erased = await m.send({ ...MESSAGE, subject: 'Slettet' });
    const kept = await m.send({ ...MESSAGE, subject: 'Beholdt' });
    await db.deleteFrom('outbox').where('id', '=', erased).execute();
    const foreign = join(dir, 'outbox', 'LES-MEG.txt');
    writeFileSync(foreign, 'not ours');
    const names = () => readdirSync(join(dir, 'outbox')).sort();
    expect(names()).toHaveLength(4);

    now += 10 * 24 * 3600_000 + 1; // the first is now just over 30 days old
    expect(await m.sweepEmlFiles()).toBe(2);
    expect(names()).toEqual(['000003-2025-03-21T12-34-56-789Z.eml', 'LES-MEG.txt']);
    expect((await row(kept)).eml_path).toBe(join(dir, 'outbox', '000003-2025-03-21T12-34-56-789Z.eml'));
    expect((await row(old)).eml_path).not.toBeNull();
  });
});

describe('the outbox-queue migration', () => {
  it('takes the tokens out of edit links in mail stored before it', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { Kysely, Migrator, SqliteDialect } = await import('kysely');
    const { migrations } = await import('../db/migrations/index.js');
    const { registerSearchFunctions } = await import('../src/db/sqlite.js');
    const raw = new Database(':memory:');
    // Later migrations' search index calls the word rules, as every database openDatabase opens does.
    registerSearchFunctions(raw);
    const old = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
    try {
      const migrator = new Migrator({ db: old, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('2026-11-23-10-link-checks')).error).toBeUndefined();
      const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd'.padEnd(43, 'x');
      await old
        .insertInto('outbox')
        .values([
          {
            recipient: 'kari@example.no',
            subject: 'Lenke',
            text_body: `Her er lenken:\nhttps://lag.example.no/endre/${token}\n\nHilsen`,
            created_at: NOW.toISOString(),
          },
          {
            recipient: 'ola@example.no',
            subject: 'Godkjent',
            text_body: 'Laget er godkjent: https://lag.example.no/lag/turlag',
            created_at: NOW.toISOString(),
          },
        ])
        .execute();
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const rows = await old.selectFrom('outbox').select(['text_body', 'association_id', 'next_attempt_at', 'attempts']).orderBy('id').execute();
      expect(rows).toEqual([
        { text_body: 'Her er lenken:\nhttps://lag.example.no/endre/[…]\n\nHilsen', association_id: null, next_attempt_at: null, attempts: 0 },
        { text_body: 'Laget er godkjent: https://lag.example.no/lag/turlag', association_id: null, next_attempt_at: null, attempts: 0 },
      ]);
    } finally {
      await old.destroy();
    }
  });
});
