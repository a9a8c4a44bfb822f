import { spawn } from 'node:child_process';
import { ROOT, nodeTs } from './node-ts.js';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countAssociations } from '../src/db/associations.js';
import { loadReference } from '../src/db/reference.js';
import { integrityCheck, openDatabase } from '../src/db/sqlite.js';
import { association, insert } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function runBackup(dbPath: string, destination: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(...nodeTs('src/cli/backup.ts', destination), {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DB_PATH: dbPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run backup', () => {
  it('takes a consistent copy while another connection keeps writing, and the copy restores', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagportal-backup-'));
    dirs.push(dir);
    const dbPath = join(dir, 'live.db');
    const { db, sqlite } = await openDatabase(dbPath);
    const reference = await loadReference(db);
    await insert(
      db,
      reference,
      Array.from({ length: 500 }, (_, i) => association(reference, { name: `Forening nummer ${i}` })),
    );

    // Keep writing in small transactions for as long as the backup runs.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await insert(db, reference, [association(reference, { name: `Skrevet under backup ${written++}` })]);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const before = 500;
    const result = await runBackup(dbPath, join(dir, 'copy.db'));
    writing = false;
    await writer;
    const after = await countAssociations(db);
    sqlite.close();

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    // Progress lines (one per 5 % of the pages) come before the one-line summary.
    expect(lines.slice(0, -1).every((line) => /^backup \(pages\): \d+\/\d+ \(\d+ %\)/.test(line))).toBe(true);
    const reported = /^backed up (.+) to (.+) \((\d+) pages, integrity ok\) in \d+ s$/.exec(lines.at(-1)!);
    expect(reported?.slice(1, 3)).toEqual([dbPath, join(dir, 'copy.db')]);
    expect(written).toBeGreaterThan(0);

    const { db: restored, sqlite: restoredSqlite } = await openDatabase(join(dir, 'copy.db'));
    expect(integrityCheck(restoredSqlite)).toBe('ok');
    // The page count it reports is the copy's size in pages.
    expect(Number(reported?.[3])).toBe(statSync(join(dir, 'copy.db')).size / Number(restoredSqlite.pragma('page_size', { simple: true })));
    const copied = await countAssociations(restored);
    expect(copied).toBeGreaterThanOrEqual(before);
    expect(copied).toBeLessThanOrEqual(after);
    // Consistent means a snapshot at one moment: the 500 first rows and the writes made
    // before that moment, in order and without gaps, whatever that moment was.
    const names = (await restored.selectFrom('associations').select('name').orderBy('id').execute()).map((r) => r.name);
    expect(names).toEqual([
      ...Array.from({ length: 500 }, (_, i) => `Forening nummer ${i}`),
      ...Array.from({ length: copied - 500 }, (_, i) => `Skrevet under backup ${i}`),
    ]);
    // Every association in the copy is whole: its categories and search entry came along.
    const orphans = await restored
      .selectFrom('associations as a')
      .leftJoin('association_categories as ac', 'ac.association_id', 'a.id')
      .select('a.id')
      .where('ac.association_id', 'is', null)
      .execute();
    expect(orphans).toEqual([]);
    restoredSqlite.close();
  });

  it('refuses to overwrite an existing file or to copy a database that is not there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagportal-backup-'));
    dirs.push(dir);
    const missing = await runBackup(join(dir, 'nope.db'), join(dir, 'copy.db'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no database at');
    const { sqlite } = await openDatabase(join(dir, 'live.db'));
    sqlite.close();
    const first = await runBackup(join(dir, 'live.db'), join(dir, 'copy.db'));
    expect(first.code).toBe(0);
    const again = await runBackup(join(dir, 'live.db'), join(dir, 'copy.db'));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists already');
  });
});
