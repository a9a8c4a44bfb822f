import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadReference } from '../src/db/reference.js';
import { openDatabase } from '../src/db/sqlite.js';
import { serverMarkerPath } from '../src/lib/server-marker.js';
import { association, insert } from './helpers.js';
import { ROOT, nodeTs } from './node-ts.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'lagportal-restore-'));
  dirs.push(dir);
  return dir;
}

function run(file: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(...nodeTs(file, ...args), {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function names(dbPath: string): Promise<string[]> {
  const { db, sqlite } = await openDatabase(dbPath);
  const rows = await db.selectFrom('associations').select('name').orderBy('name').execute();
  sqlite.close();
  return rows.map((r) => r.name);
}

describe('the restore drill: back up, change data, restore, find the old data', () => {
  it('puts the backup back and keeps the replaced database beside it', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'live.db');
    const { db, sqlite } = await openDatabase(dbPath);
    const reference = await loadReference(db);
    await insert(db, reference, [association(reference, { name: 'Før Backup Kor' })]);
    sqlite.close();

    const backup = await run('src/cli/backup.ts', [join(dir, 'nightly.db')], { DB_PATH: dbPath });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);

    // The day after the backup: an entry is added and the first one renamed.
    const later = await openDatabase(dbPath);
    await insert(later.db, reference, [association(reference, { name: 'Etter Backup Korps' })]);
    await later.db.updateTable('associations').set({ name: 'Omdøpt Kor' }).where('name', '=', 'Før Backup Kor').execute();
    later.sqlite.close();
    expect(await names(dbPath)).toEqual(['Etter Backup Korps', 'Omdøpt Kor']);

    const restore = await run('src/cli/restore.ts', [join(dir, 'nightly.db')], { DB_PATH: dbPath });
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(
      /restored .*nightly\.db to .*live\.db \(\d+ pages, integrity ok\); the database it replaced is kept as .*live\.db\.before-restore-\d{8}T\d{6}; took \d+ s\n$/,
    );

    expect(await names(dbPath)).toEqual(['Før Backup Kor']);
    const kept = readdirSync(dir).find((f) => f.startsWith('live.db.before-restore-'));
    expect(kept).toBeDefined();
    expect(await names(join(dir, kept!))).toEqual(['Etter Backup Korps', 'Omdøpt Kor']);
  });

  it('refuses to overwrite the database of a running server, and changes nothing', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'live.db');
    const { db, sqlite } = await openDatabase(dbPath);
    const reference = await loadReference(db);
    await insert(db, reference, [association(reference, { name: 'Levende Lag' })]);
    sqlite.close();
    expect((await run('src/cli/backup.ts', [join(dir, 'copy.db')], { DB_PATH: dbPath })).code).toBe(0);

    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const server = spawn(...nodeTs('src/server.ts'), {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DB_PATH: dbPath, PORT: String(port), DEMO_DATA: '0', LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => server.on('exit', resolve));
    try {
      for (let i = 0; i < 450; i++) {
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ready) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(existsSync(serverMarkerPath(dbPath))).toBe(true);
      const refused = await run('src/cli/restore.ts', [join(dir, 'copy.db')], { DB_PATH: dbPath });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(
        `A Lagportal server (process ${server.pid}) is running on ${dbPath} (DB_PATH); stop it before restoring. Nothing was changed.\n`,
      );
      expect(readdirSync(dir).filter((f) => f.includes('before-restore'))).toEqual([]);
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
    // A stopped server takes its mark away, and the restore then goes ahead.
    expect(existsSync(serverMarkerPath(dbPath))).toBe(false);
    expect((await run('src/cli/restore.ts', [join(dir, 'copy.db')], { DB_PATH: dbPath })).code).toBe(0);
    // Three processes (backup, the server, restore), each loading TypeScript: slow on a busy machine.
  }, 60_000);

  it('ignores the mark of a server that died, by its process being gone', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'live.db');
    (await openDatabase(dbPath)).sqlite.close();
    expect((await run('src/cli/backup.ts', [join(dir, 'copy.db')], { DB_PATH: dbPath })).code).toBe(0);
    writeFileSync(serverMarkerPath(dbPath), '999999999\n');
    expect((await run('src/cli/restore.ts', [join(dir, 'copy.db')], { DB_PATH: dbPath })).code).toBe(0);
  });

  it.each([
    ['a file that is not a database', 'not a database, just text\n', /cannot be restored: it is not a SQLite database/],
    ['an empty SQLite file of some other program', null, /cannot be restored: it is not a Lagportal database \(it has no migration table\)/],
  ])('refuses %s with exit 1 and leaves the database alone', async (_what, content, message) => {
    const dir = tempDir();
    const dbPath = join(dir, 'live.db');
    const { db, sqlite } = await openDatabase(dbPath);
    const reference = await loadReference(db);
    await insert(db, reference, [association(reference, { name: 'Urørt Lag' })]);
    sqlite.close();
    const bad = join(dir, 'bad.db');
    if (content === null) {
      const Database = (await import('better-sqlite3')).default;
      const other = new Database(bad);
      other.exec('CREATE TABLE notes (text TEXT)');
      other.close();
    } else {
      writeFileSync(bad, content);
    }
    const result = await run('src/cli/restore.ts', [bad], { DB_PATH: dbPath });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Nothing was changed.');
    expect(await names(dbPath)).toEqual(['Urørt Lag']);
  });

  it('refuses a backup made by a newer version, naming the migrations it does not know', async () => {
    const dir = tempDir();
    const newer = join(dir, 'newer.db');
    const { sqlite } = await openDatabase(newer);
    sqlite.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('2099-01-01-01-from-the-future', '2099-01-01T00:00:00.000Z')").run();
    sqlite.close();
    const result = await run('src/cli/restore.ts', [newer], { DB_PATH: join(dir, 'live.db') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('was made by a newer Lagportal (unknown migrations: 2099-01-01-01-from-the-future); upgrade first');
  });
});
