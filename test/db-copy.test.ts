import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../src/db/audit.js';
import { enqueueMail } from '../src/db/outbox.js';
import { loadReference } from '../src/db/reference.js';
import { openDatabase } from '../src/db/sqlite.js';
import { createUser } from '../src/db/users.js';
import { NOW, association, insert, testDialect } from './helpers.js';
import { ROOT, nodeTs } from './node-ts.js';
import { databaseUrl } from './postgres-template.js';

// npm run db:copy -- --to postgres://… (issue 21): a SQLite site moved into an empty
// PostgreSQL database, everything included, or nothing at all.

function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const child = spawn(...nodeTs('src/cli/db-copy.ts', ...args), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run db:copy, its arguments', () => {
  it('exits 2 with the usage when --to is missing or not a postgres:// URL', async () => {
    const missing = await run();
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--to is required: the PostgreSQL database to copy into\nusage: npm run db:copy -- --to postgres://');
    const wrong = await run('--to', 'mysql://lag:hemmelig@db.example.no/lagportal');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--to must be a postgres:// URL with a database name (got "mysql://lag:***@db.example.no/lagportal")');
    expect(wrong.stderr).not.toContain('hemmelig');
  });

  it('explains itself with --help', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run db:copy -- --to postgres:\/\/USER:PASSWORD@HOST:5432\/DATABASE \[--from FILE\]\n/);
    expect(help.stdout).toContain('--to URL');
    expect(help.stdout).toContain('--from FILE');
  });
});

describe.skipIf(testDialect !== 'postgres')('npm run db:copy, into a real PostgreSQL database', () => {
  const base = process.env.TEST_DATABASE_URL ?? '';
  const target = `lagportal_copy_${process.pid}_${Date.now()}`;
  const dir = mkdtempSync(join(tmpdir(), 'lagportal-copy-'));
  const file = join(dir, 'lagportal.db');
  let admin: pg.Client;
  let copyTarget: pg.Client;

  beforeAll(async () => {
    const { db, sqlite } = await openDatabase(file);
    const reference = await loadReference(db);
    await insert(db, reference, [
      association(reference, { name: 'Lyngen Mannskor', municipalityNumber: '5530', categories: ['kunst-og-kultur'] }),
      association(reference, { name: 'Narvik Svømmeklubb' }),
      association(reference, { name: 'Ventende Lag', status: 'pending' }),
    ]);
    // A merged duplicate refers to the entry it joined, which comes after it.
    const ids = (await db.selectFrom('associations').select('id').orderBy('id').execute()).map((r) => r.id);
    await db.updateTable('associations').set({ merged_into_id: ids[2]!, status: 'archived' }).where('id', '=', ids[0]!).execute();
    const user = await createUser(db, { email: 'moderator@example.no', name: 'Mo Derator', role: 'admin', password: 'et langt og trygt passord' }, NOW);
    await recordAudit(db, { userId: user.id, action: 'approve', associationId: ids[1]!, details: { note: 'godkjent' }, now: NOW });
    await recordAudit(db, { userId: user.id, action: 'merge', associationId: ids[0]!, details: {}, now: NOW });
    await enqueueMail(db, {
      recipient: 'kontakt@example.no',
      subject: 'Kvittering',
      textBody: 'Takk',
      unsentText: null,
      replyTo: null,
      associationId: ids[1]!,
      reportId: null,
      claimId: null,
      now: NOW,
    });
    await db.updateTable('categories').set({ name_nb: 'Kor og sang' }).where('slug', '=', 'kunst-og-kultur').execute();
    sqlite.close();
    admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${target}`);
    copyTarget = new pg.Client({ connectionString: databaseUrl(base, target) });
  });

  afterAll(async () => {
    await copyTarget?.end().catch(() => {});
    await admin?.query(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`);
    await admin?.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table, audit log and outbox included, and checks the counts', async () => {
    const copy = await run('--to', databaseUrl(base, target), '--from', file, '--quiet');
    expect(copy.stderr).toBe('');
    expect(copy.code).toBe(0);
    expect(copy.stdout).toMatch(new RegExp(`^copied \\d+ rows in \\d+ tables from ${file} to postgres://[^ ]+/${target}, row counts checked, in `));

    await copyTarget.connect();
    const one = async (text: string) => (await copyTarget.query(text)).rows;
    expect(await one('SELECT name, status, merged_into_id IS NOT NULL AS merged FROM associations ORDER BY id')).toEqual([
      { name: 'Lyngen Mannskor', status: 'archived', merged: true },
      { name: 'Narvik Svømmeklubb', status: 'published', merged: false },
      { name: 'Ventende Lag', status: 'pending', merged: false },
    ]);
    expect(await one('SELECT action, details FROM audit_log ORDER BY id')).toEqual([
      { action: 'approve', details: '{"note":"godkjent"}' },
      { action: 'merge', details: '{}' },
    ]);
    expect(await one('SELECT recipient, subject FROM outbox')).toEqual([{ recipient: 'kontakt@example.no', subject: 'Kvittering' }]);
    expect(await one("SELECT name_nb FROM categories WHERE slug = 'kunst-og-kultur'")).toEqual([{ name_nb: 'Kor og sang' }]);
    expect(await one('SELECT email FROM users')).toEqual([{ email: 'moderator@example.no' }]);
    expect(await one('SELECT count(*)::int AS n FROM municipalities')).toEqual([{ n: 357 }]);
    // The search index is built from the copied text.
    expect(await one('SELECT count(*)::int AS n FROM association_search')).toEqual([{ n: 3 }]);
    // The indexes the copy makes after the rows rather than row by row are all there again, and searchable.
    const indexes = (await one("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")).map((r: { indexname: string }) => r.indexname);
    for (const name of [
      'association_search_name',
      'association_search_body_more',
      'associations_status_sort_name',
      'association_categories_category',
      'audit_log_user',
    ])
      expect(indexes).toContain(name);
    expect(await one("SELECT id FROM association_search WHERE name @@ 'lyngen'::tsquery")).toHaveLength(1);
    // The copy is still append-only, and new rows are numbered after the copied ones.
    await expect(copyTarget.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow('audit_log is append-only');
    const next = await one("INSERT INTO audit_log (created_at, action, details) VALUES ('2026-12-03T00:00:00.000Z', 'test', '{}') RETURNING id");
    expect(next).toEqual([{ id: 3 }]);
  });

  it('refuses a target that holds data, and leaves it as it was', async () => {
    const before = (await copyTarget.query('SELECT count(*)::int AS n FROM associations')).rows;
    const again = await run('--to', databaseUrl(base, target), '--from', file, '--quiet');
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^Nothing copied: the target database is not empty: .*associations \(3 rows\).*audit_log \(3 rows\).*; copy only into a new, empty database\.$/,
      ),
    ]);
    expect((await copyTarget.query('SELECT count(*)::int AS n FROM associations')).rows).toEqual(before);
  });
});
