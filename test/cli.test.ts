import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReference } from '../src/db/reference.js';
import { openDatabase } from '../src/db/sqlite.js';
import { association, insert } from './helpers.js';
import { ROOT, nodeTs } from './node-ts.js';

// Every command explains itself (--help, exit 2 on a wrong option) and reports progress: a bar
// on a terminal, plain lines in a log.

let dir: string;
let dbPath: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lagportal-cli-'));
  dbPath = join(dir, 'db.sqlite');
  const { db, sqlite } = await openDatabase(dbPath);
  const reference = await loadReference(db);
  await insert(
    db,
    reference,
    Array.from({ length: 40 }, (_, i) =>
      association(reference, { name: `Glemt Forening ${i}`, contactEmail: `glemt${i}@example.no`, lastConfirmedAt: '2020-01-01T00:00:00.000Z' }),
    ),
  );
  sqlite.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(command: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command[0]!, command.slice(1), {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DB_PATH: dbPath, OUTBOX_DIR: join(dir, 'outbox'), LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
const cli = (file: string, ...args: string[]) => run(nodeTs(file, ...args).flat());
/** Runs the command in a pseudo-terminal (util-linux `script`), as an operator at a prompt would. */
const inTerminal = (file: string, ...args: string[]) => {
  const [node, argv] = nodeTs(file, ...args);
  const line = [node, ...argv].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return run(['script', '-q', '-e', '-c', line, '/dev/null'], { TERM: 'xterm' });
};

const commands = [
  ['src/cli/backup.ts', 'usage: npm run backup -- DEST'],
  ['src/cli/restore.ts', 'usage: npm run restore -- FILE'],
  ['src/cli/db-copy.ts', 'usage: npm run db:copy -- --to postgres://USER:PASSWORD@HOST:5432/DATABASE [--from FILE]'],
  ['src/cli/remind.ts', 'usage: npm run remind'],
  ['src/cli/check-links.ts', 'usage: npm run check-links'],
  ['src/cli/digest.ts', 'usage: npm run digest'],
  ['src/cli/import-calendars.ts', 'usage: npm run import:calendars [-- --all]'],
  ['bench/run.ts', 'usage: npm run bench [-- --seconds N --warmup N --reuse-db --db sqlite|postgres --only NAME,NAME]'],
  ['src/demo/cli.ts', 'usage: npm run demo -- [--count N] [--scope regions|all] [--published] [--db FILE] [--seed N]'],
  ['src/cli/import-brreg.ts', 'usage: npm run import:brreg -- FILE --kommune 1806 [--kommune 5544 ...]'],
] as const;

describe('every command explains itself', () => {
  it.each(commands)('%s --help prints its usage and options and exits 0', async (file, usage) => {
    const result = await cli(file, '--help');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')[0]).toBe(usage);
    expect(result.stdout).toContain('  -h, --help');
    expect(result.stdout).toContain('exit codes: 0 done, 1 failed, 2 bad arguments');
  });

  it.each(commands)('%s names a wrong option in one line, prints the usage and exits 2', async (file, usage) => {
    const result = await cli(file, '--frobnicate');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toMatch(/Unknown option '--frobnicate'/);
    expect(result.stderr.split('\n')[1]).toBe(usage);
  });

  it('backup and restore say which argument is missing or extra, with exit 2', async () => {
    const missing = await cli('src/cli/backup.ts');
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe('missing argument: npm run backup -- DEST takes 1');
    const extra = await cli('src/cli/restore.ts', 'a.db', 'b.db');
    expect(extra.code).toBe(2);
    expect(extra.stderr.split('\n')[0]).toBe('unexpected argument "b.db"');
  });
});

describe('npm run import:calendars', () => {
  it('with no calendar addresses given, imports nothing and says so in its summary', async () => {
    const result = await cli('src/cli/import-calendars.ts', '--quiet');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^calendars: 0, imported: 0, failed: 0, associations told of a new failure: 0; took \d+ s\n$/);
  });
});

describe('progress of a long command', () => {
  it('in a log: one plain line per 5 % done, then a one-line summary', async () => {
    const result = await cli('src/cli/remind.ts');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    // 40 reminders: a line at every second one (5 %), the last one at 40/40.
    expect(lines).toHaveLength(21);
    expect(lines[0]).toMatch(/^reminders: 2\/40 \(5 %\), [\d.]+\/s(, about \d+ (s|min \d+ s) left)?$/);
    expect(lines[19]).toMatch(/^reminders: 40\/40 \(100 %\), [\d.]+\/s$/);
    expect(lines[20]).toMatch(/^sent 40 reminder\(s\) in \d+ s$/);
  });

  it('on a terminal: a bar with done/total, rate and time left; --quiet leaves only the summary', async () => {
    const { db, sqlite } = await openDatabase(dbPath);
    await db.updateTable('associations').set({ last_reminded_at: null }).execute();
    sqlite.close();
    const terminal = await inTerminal('src/cli/remind.ts');
    expect(terminal.code).toBe(0);
    expect(terminal.stdout).toMatch(/reminders \[[█░]+\] 40\/40 100% \| [\d.]+\/s \| \d+s left/);
    expect(terminal.stdout).toMatch(/sent 40 reminder\(s\) in \d+ s/);

    const { db: again, sqlite: againSqlite } = await openDatabase(dbPath);
    await again.updateTable('associations').set({ last_reminded_at: null }).execute();
    againSqlite.close();
    const quiet = await cli('src/cli/remind.ts', '--quiet');
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toMatch(/^sent 40 reminder\(s\) in \d+ s\n$/);
  });

  it('npm run demo shows how far it has got storing, then what it stored', async () => {
    const file = join(dir, 'demo.db');
    const result = await cli('src/demo/cli.ts', '--count', '40', '--db', file);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toMatch(/^associations: 2\/40 \(5 %\), [\d.]+\/s/);
    expect(lines[19]).toMatch(/^associations: 40\/40 \(100 %\), [\d.]+\/s$/);
    expect(lines[20]).toMatch(/^stored 40 associations in .*demo\.db \(40 in all\) in [\d.]+ s; the file is [\d.]+ MB$/);
    const quiet = await cli('src/demo/cli.ts', '--count', '5', '--db', file, '--quiet');
    expect(quiet.stdout).toMatch(/^stored 5 associations in .*demo\.db \(45 in all\)/);
  });

  it('on a terminal every long command draws its bar and ends with its summary', async () => {
    const file = join(dir, 'terminal.db');
    const demo = await inTerminal('src/demo/cli.ts', '--count', '30', '--db', file);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/associations \[[█░]+\] 30\/30 100%/);
    expect(demo.stdout).toMatch(/stored 30 associations in .*terminal\.db \(30 in all\)/);

    // The shared test database's associations have no websites: nothing is fetched.
    const checks = await inTerminal('src/cli/check-links.ts');
    expect(checks.code).toBe(0);
    expect(checks.stdout).toMatch(/checked: 0, ok: 0, dead: 0, redirected elsewhere: 0, title mismatch: 0; took \d+ s/);

    const digest = await inTerminal('src/cli/digest.ts');
    expect(digest.code).toBe(0);
    expect(digest.stdout).toMatch(/sent 0 digest\(s\) to 0 moderator\(s\) who want one in \d+ s/);
  });
});
