import { spawnSync } from 'node:child_process';
import { ROOT, nodeTs } from './node-ts.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/sqlite.js';
import { verifyPassword } from '../src/lib/password.js';

const PASSWORD = 'korrekt hest batteri';

/** Runs the CLI as `npm run user` would, with only the environment it needs. */
function userCli(dbPath: string, args: string[], stdin = '') {
  // Not process.env: Vitest sets BASE_URL=/ there, which the configuration rightly refuses.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DB_PATH: dbPath };
  const result = spawnSync(...nodeTs('src/cli/user.ts', ...args), { cwd: ROOT, input: stdin, env, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each case spawns the CLI several times; a busy 2-core CI machine needs far more than 20 s for that.
describe('npm run user', { timeout: 90_000 }, () => {
  it('creates an admin with the password from stdin, and lists her', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'lagportal-users-')), 'lagportal.db');
    const created = userCli(dbPath, ['create', '--email', 'Kari@Example.no', '--role', 'admin', '--name', 'Kari Nordmann'], `${PASSWORD}\nignored\n`);
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(created.stdout).toBe('created admin kari@example.no\n');

    const moderator = userCli(
      dbPath,
      ['create', '--email', 'ola@example.no', '--role', 'moderator', '--municipality', '1806', '--region', 'nord-troms'],
      PASSWORD,
    );
    expect(moderator.status).toBe(0);

    const list = userCli(dbPath, ['list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toBe('kari@example.no\tadmin\tall\nola@example.no\tmoderator\tmunicipality:1806,region:nord-troms\n');
    for (const output of [created, moderator, list]) expect(output.stdout + output.stderr).not.toContain(PASSWORD);

    const { db, sqlite } = await openDatabase(dbPath);
    const row = await db.selectFrom('users').select(['password_hash', 'name']).where('email', '=', 'kari@example.no').executeTakeFirstOrThrow();
    await db.destroy();
    if (sqlite.open) sqlite.close();
    expect(row.name).toBe('Kari Nordmann');
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(await verifyPassword(PASSWORD, row.password_hash)).toBe(true);
  });

  it('refuses a short password, a duplicate, an unknown role or municipality with exit code 1', () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'lagportal-users-')), 'lagportal.db');
    const short = userCli(dbPath, ['create', '--email', 'kari@example.no', '--role', 'admin'], 'kort\n');
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/at least 12 characters/);
    expect(short.stdout).toBe('');

    expect(userCli(dbPath, ['create', '--email', 'kari@example.no', '--role', 'admin'], PASSWORD).status).toBe(0);
    const duplicate = userCli(dbPath, ['create', '--email', 'KARI@example.no', '--role', 'moderator'], PASSWORD);
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toMatch(/already exists/);

    const role = userCli(dbPath, ['create', '--email', 'ola@example.no', '--role', 'boss'], PASSWORD);
    expect(role.status).toBe(2);
    expect(role.stderr).toMatch(/Unknown role "boss"/);

    const option = userCli(dbPath, ['create', '--frob'], PASSWORD);
    expect(option.status).toBe(2);
    expect(option.stderr).toMatch(/Unknown option '--frob'/);
    expect(option.stderr).toContain('npm run user -- list');

    const municipality = userCli(dbPath, ['create', '--email', 'ola@example.no', '--role', 'moderator', '--municipality', '9999'], PASSWORD);
    expect(municipality.status).toBe(1);
    expect(municipality.stderr).toMatch(/Unknown municipality number: 9999/);

    const noPassword = userCli(dbPath, ['create', '--email', 'ola@example.no', '--role', 'moderator']);
    expect(noPassword.status).toBe(1);
    expect(noPassword.stderr).toMatch(/No password on stdin/);

    expect(userCli(dbPath, ['list']).stdout).toBe('kari@example.no\tadmin\tall\n');
  });

  it('changes a password', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'lagportal-users-')), 'lagportal.db');
    expect(userCli(dbPath, ['create', '--email', 'kari@example.no', '--role', 'admin'], PASSWORD).status).toBe(0);
    const changed = userCli(dbPath, ['password', '--email', 'kari@example.no'], 'ett helt nytt passord\n');
    expect(changed.status).toBe(0);
    const unknown = userCli(dbPath, ['password', '--email', 'nobody@example.no'], 'ett helt nytt passord\n');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/No user with the email nobody@example.no/);

    const { db, sqlite } = await openDatabase(dbPath);
    const row = await db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
    await db.destroy();
    if (sqlite.open) sqlite.close();
    expect(await verifyPassword('ett helt nytt passord', row.password_hash)).toBe(true);
    expect(await verifyPassword(PASSWORD, row.password_hash)).toBe(false);
  });

  it('enables a disabled moderator again, and says so when there was nothing to enable', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'lagportal-users-')), 'lagportal.db');
    expect(userCli(dbPath, ['create', '--email', 'kari@example.no', '--role', 'moderator', '--municipality', '1806'], PASSWORD).status).toBe(0);
    expect(userCli(dbPath, ['disable', '--email', 'kari@example.no']).stdout).toBe('disabled kari@example.no\n');
    expect(userCli(dbPath, ['list']).stdout).toBe('kari@example.no\tmoderator\tmunicipality:1806\tdisabled\n');

    const enabled = userCli(dbPath, ['enable', '--email', 'Kari@example.no']);
    expect(enabled.stderr).toBe('');
    expect(enabled.status).toBe(0);
    expect(enabled.stdout).toBe('enabled kari@example.no\n');
    expect(userCli(dbPath, ['list']).stdout).toBe('kari@example.no\tmoderator\tmunicipality:1806\n');
    expect(userCli(dbPath, ['enable', '--email', 'kari@example.no']).stdout).toBe('kari@example.no was not disabled; nothing changed\n');

    const missing = userCli(dbPath, ['enable']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/enable needs --email/);

    const { db, sqlite } = await openDatabase(dbPath);
    const audit = await db.selectFrom('audit_log').select(['action', 'user_id']).where('action', '=', 'user-enable').execute();
    await db.destroy();
    if (sqlite.open) sqlite.close();
    expect(audit).toEqual([{ action: 'user-enable', user_id: null }]);
  });
});
