import { type HTMLElement, parse } from 'node-html-parser';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createMailer } from '../src/mail/mailer.js';
import { BackgroundTasks } from '../src/lib/background.js';
import { OffLoop } from '../src/lib/off-loop.js';
import { createSession } from '../src/db/sessions.js';
import { createUser } from '../src/db/users.js';
import { createApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import type { Insertable } from 'kysely';
import { type ActivityInput, searchText } from '../src/db/activities.js';
import { type AssociationInput, insertAssociations } from '../src/db/associations.js';
import type { Database } from '../src/db/types.js';
import { type Reference, loadReference } from '../src/db/reference.js';
import { type DB, openDatabase } from '../src/db/sqlite.js';
import { connectPostgres } from '../src/db/postgres.js';
import { afterAll, inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { databaseUrl } from './postgres-template.js';

export const NOW = new Date('2026-11-23T12:00:00Z');

/** Which database this run of the suite is on (vitest.config.ts: the postgres project). */
export const testDialect: 'sqlite' | 'postgres' = process.env.LAGPORTAL_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';

// On PostgreSQL every fresh database is a copy of the migrated template, made and dropped
// through one admin connection per test file.
const postgresDatabases: { name: string; close: () => Promise<void> }[] = [];
let postgresAdmin: pg.Client | null = null;
if (testDialect === 'postgres') {
  afterAll(async () => {
    for (const { close } of postgresDatabases) await close().catch(() => {});
    for (const { name } of postgresDatabases.splice(0)) if (name) await postgresAdmin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await postgresAdmin?.end();
    postgresAdmin = null;
  });
}

/**
 * On PostgreSQL: the URL of a fresh database copied from the migrated template, dropped after
 * the test file, for what needs connections of its own to it (a second node, a command, a
 * server process). Close what you open on it before the file ends.
 */
export async function freshPostgresUrl(): Promise<string> {
  const base = process.env.TEST_DATABASE_URL;
  if (testDialect !== 'postgres' || !base) throw new Error('freshPostgresUrl is for the PostgreSQL run of the suite');
  if (!postgresAdmin) {
    postgresAdmin = new pg.Client({ connectionString: base });
    await postgresAdmin.connect();
  }
  const name = `lagportal_test_${randomBytes(6).toString('hex')}`;
  await postgresAdmin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
  postgresDatabases.push({ name, close: async () => {} });
  return databaseUrl(base, name);
}

/** A connection of its own to a database from freshPostgresUrl, closed after the test file. */
export async function connectTestPostgres(url: string): Promise<DB> {
  // Small pools that let go of idle connections soon: a file may open dozens of databases.
  const { db, close } = await connectPostgres(url, 3, { idleMs: 300 });
  postgresDatabases.push({ name: '', close });
  return db;
}

async function freshPostgres(): Promise<DB> {
  return connectTestPostgres(await freshPostgresUrl());
}

/** A fresh, migrated database: every test file (or test) gets its own. In memory on SQLite. */
export async function freshDatabase(): Promise<{ db: DB; reference: Reference }> {
  const db = testDialect === 'postgres' ? await freshPostgres() : (await openDatabase(':memory:')).db;
  return { db, reference: await loadReference(db) };
}

/** A published association in Narvik with sensible defaults; override what a test is about. */
export function association(reference: Reference, overrides: Partial<AssociationInput> & { categories?: string[]; place?: string } = {}): AssociationInput {
  const { categories = ['idrett'], place, ...rest } = overrides;
  return {
    name: 'Testlaget',
    shortDescription: 'Et lag for testing.',
    description: 'Første avsnitt.\n\nAndre avsnitt.',
    municipalityNumber: '1806',
    placeId: place ? reference.placeBySlug.get(place)!.id : null,
    website: null,
    email: null,
    phone: null,
    postalAddress: null,
    postalCode: null,
    orgNumber: null,
    foundedYear: null,
    status: 'published',
    categoryIds: categories.map((slug) => {
      const category = reference.categoryBySlug.get(slug);
      if (!category) throw new Error(`no category ${slug}`);
      return category.id;
    }),
    links: [],
    createdAt: '2026-01-01T10:00:00.000Z',
    lastConfirmedAt: '2026-06-01T10:00:00.000Z',
    ...rest,
  };
}

/**
 * An activity as createActivity takes it: by default a choir's weekly practice, Tuesdays
 * 19:00–21:00 from 1 September 2026, with nothing else filled in. `overrides` say what a
 * test is about (an event: `kind: 'event', frequency: null, weekdays: ''`).
 */
export function activityInput(overrides: Partial<ActivityInput> = {}): ActivityInput {
  return {
    kind: 'activity',
    title: 'Korøvelse',
    description: '',
    start_date: '2026-09-01',
    end_date: null,
    start_time: '19:00',
    end_time: '21:00',
    frequency: 'weekly',
    weekdays: 'TU',
    week_of_month: null,
    occurrence_count: null,
    skipped_dates: '',
    cancelled_dates: '',
    place_id: null,
    address: null,
    age_from: null,
    age_to: null,
    price: null,
    price_note: '',
    languages: 'nb',
    signup_required: 0,
    signup_url: null,
    ...overrides,
  };
}

/**
 * The same activity as a stored row of `associationId`, for inserting many at once
 * (insertActivitiesInBulk): visible, never changed, written at NOW, with the search text of
 * its title and description.
 */
export function activityRow(associationId: number, overrides: Partial<Insertable<Database['activities']>> = {}): Insertable<Database['activities']> {
  const row = { ...activityInput(), status: 'visible' as const, sequence: 0, created_at: NOW.toISOString(), updated_at: NOW.toISOString(), ...overrides };
  return { search_text: searchText(`${row.title}\n${row.description}`), ...row, association_id: associationId };
}

export async function insert(db: DB, reference: Reference, inputs: AssociationInput[]): Promise<void> {
  await insertAssociations(db, inputs, new Map(reference.municipalities.map((m) => [m.number, m.name])), NOW);
}

/** The app on a fresh database holding `inputs`, with a silent logger and test configuration. */
export async function testApp(
  build: (reference: Reference) => AssociationInput[] = () => [],
  env: Record<string, string> = {},
  options: { clock?: () => Date } = {},
) {
  const { db, reference } = await freshDatabase();
  await insert(db, reference, build(reference));
  const config: Config = loadConfig({ DEMO_DATA: '0', BASE_URL: 'https://lag.example.no', ...env });
  const logger = pino({ level: process.env.DEBUG_LOG ? 'error' : 'silent' });
  const clock = options.clock ?? (() => NOW);
  const outboxDir = mkdtempSync(join(tmpdir(), 'lagportal-outbox-'));
  const mailer = createMailer({ db, from: config.mailFrom, smtpUrl: config.smtpUrl, outboxDir, logger, clock });
  const background = new BackgroundTasks(logger);
  const offLoop = new OffLoop();
  const app = await createApp({ db, config, logger, mailer, clock, background, offLoop });
  return { app, db, reference, config, mailer, outboxDir, background, offLoop };
}

/** Parses HTML into a queryable document, for assertions about structure rather than strings. */
export function dom(html: string): HTMLElement {
  return parse(html);
}

/** The visible text of an element with white space folded. */
export function text(element: HTMLElement | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The term → description pairs of every <dl> under an element. */
export function definitions(element: HTMLElement | null | undefined): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const dt of element?.querySelectorAll('dt') ?? []) {
    const dd = dt.nextElementSibling;
    if (dd?.tagName === 'DD') pairs[text(dt)] = text(dd);
  }
  return pairs;
}

export async function get(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  path: string,
  headers: Record<string, string> = {},
) {
  const response = await app.request(path, { headers });
  const body = await response.text();
  return { response, status: response.status, body, doc: dom(body) };
}

export const ORIGIN = 'https://lag.example.no';

type Requestable = { request: (path: string, init?: RequestInit, env?: unknown) => Response | Promise<Response> };

/**
 * The app as reached over a connection from `peer` (a reverse proxy, say): what
 * @hono/node-server hands the app as the socket, which app.request() alone has none of.
 */
export function viaPeer(app: Requestable, peer: string): { request: (path: string, init?: RequestInit) => Response | Promise<Response> } {
  return { request: (path, init) => app.request(path, init, { incoming: { socket: { remoteAddress: peer } } }) };
}

/** A clock a test can move forward, for fill times and link expiry. */
export function movableClock(start: Date = NOW) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** Posts a form the way a browser on our own pages does. */
export async function postForm(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  path: string,
  fields: Record<string, string | string[] | undefined>,
  headers: Record<string, string> = {},
) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  const response = await app.request(path, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, ...headers },
  });
  const html = await response.text();
  return { response, status: response.status, body: html, doc: dom(html) };
}

/** The form token of the first form on a page. */
export function formToken(doc: HTMLElement): string {
  const token = doc.querySelector('input[name="form_token"]')?.getAttribute('value');
  if (!token) throw new Error('no form token on the page');
  return token;
}

/** A moderator or admin with a live session: the cookie header and CSRF token to send. */
export async function signIn(
  db: DB,
  user: { email: string; role: 'admin' | 'moderator'; municipalities?: string[]; regions?: string[] },
  now: Date = NOW,
): Promise<{ cookie: string; csrf: string; userId: number }> {
  const created = await createUser(db, { ...user, name: user.email, password: 'et langt og trygt passord' }, now);
  const session = await createSession(db, created.id, now);
  return { cookie: `lagportal_session=${session.sessionId}`, csrf: session.csrfToken, userId: created.id };
}

/**
 * The text the recipient got: read from the mail's .eml file (the delivery when there is no
 * SMTP server), since the outbox table keeps only a copy with the edit links taken out.
 */
export function deliveredText(mail: { eml_path: string | null }): string {
  if (!mail.eml_path) throw new Error('the mail was not written as an .eml file');
  const raw = readFileSync(mail.eml_path, 'utf8').replace(/\r\n/g, '\n');
  const split = raw.indexOf('\n\n');
  const headers = raw.slice(0, split).replace(/\n[ \t]+/g, ' ');
  const body = raw.slice(split + 2);
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase() ?? '7bit';
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding !== 'quoted-printable') return body;
  const joined = body.replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
