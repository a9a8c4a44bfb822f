import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ROOT, nodeTs } from './node-ts.js';
import { testDialect } from './helpers.js';
import { databaseUrl } from './postgres-template.js';

// Starting the real server (src/server.ts) with DATABASE_URL (issue 21): a URL, server or
// permission that cannot work stops the start-up with one line that names the variable.

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) {
    try {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function start(env: Record<string, string>) {
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', DEMO_DATA: '0' };
  const child = spawn(...nodeTs('src/server.ts'), { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { exited, stderr: () => stderr };
}

/** Starts the server expecting it to give up, and returns its exit code and what it wrote. */
async function refusedStart(databaseUrlValue: string) {
  const server = start({ PORT: String(await freePort()), DATABASE_URL: databaseUrlValue });
  const code = await server.exited;
  return { code, lines: server.stderr().trim().split('\n') };
}

describe('starting on PostgreSQL, when it cannot work', () => {
  it('names DATABASE_URL in one line when nothing listens at its address, without the password or a stack trace', async () => {
    const port = await freePort();
    const { code, lines } = await refusedStart(`postgres://lagportal:hemmelig@127.0.0.1:${port}/lagportal`);
    expect(code).toBe(1);
    expect(lines).toEqual([
      `DATABASE_URL: cannot reach the PostgreSQL server at 127.0.0.1:${port} (ECONNREFUSED) (DATABASE_URL is postgres://lagportal:***@127.0.0.1:${port}/lagportal)`,
    ]);
  });

  it('lets the commands stop the same way: one line, exit 1', () => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: 'postgres://lagportal:hemmelig@127.0.0.1:1/lagportal' };
    const remind = spawnSync(...nodeTs('src/cli/remind.ts', '--quiet'), { cwd: ROOT, env, encoding: 'utf8' });
    expect(remind.status).toBe(1);
    expect(remind.stderr).toBe(
      'DATABASE_URL: cannot reach the PostgreSQL server at 127.0.0.1:1 (ECONNREFUSED) (DATABASE_URL is postgres://lagportal:***@127.0.0.1:1/lagportal)\n',
    );
    const backup = spawnSync(...nodeTs('src/cli/backup.ts', '/tmp/never-written.db'), { cwd: ROOT, env, encoding: 'utf8' });
    expect(backup.status).toBe(1);
    expect(backup.stderr).toBe('npm run backup copies the SQLite database at DB_PATH; with DATABASE_URL set, back up PostgreSQL with pg_dump instead.\n');
  });

  it('refuses a URL that is not postgres:// before connecting anywhere', async () => {
    const { code, lines } = await refusedStart('mysql://lagportal@127.0.0.1/lagportal');
    expect(code).toBe(1);
    expect(lines).toEqual([
      'Invalid configuration:',
      '  DATABASE_URL must be a postgres:// URL, such as postgres://lagportal:password@db.example.no:5432/lagportal (got "mysql://lagportal@127.0.0.1/lagportal")',
    ]);
  });
});

// These need a PostgreSQL server to talk to: the postgres run of the suite has one.
describe.skipIf(testDialect !== 'postgres')('starting on PostgreSQL, with a server', () => {
  const base = process.env.TEST_DATABASE_URL ?? '';
  const suffix = `${process.pid}_${Date.now()}`;
  const database = `lagportal_start_${suffix}`;
  const role = `lagportal_readonly_${suffix}`;
  let admin: pg.Client | null = null;
  const adminQuery = async (text: string) => {
    if (!admin) {
      admin = new pg.Client({ connectionString: base });
      await admin.connect();
    }
    return admin.query(text);
  };
  afterAll(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await adminQuery(`DROP ROLE IF EXISTS ${role}`);
    await admin?.end();
  });

  it('names the database that does not exist', async () => {
    const missing = `lagportal_missing_${suffix}`;
    const { code, lines } = await refusedStart(databaseUrl(base, missing));
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^DATABASE_URL: PostgreSQL at [^ ]+ has no database "${missing}" \\(create it first: createdb ${missing}\\)$`));
  });

  it('says which permission is missing when the user may not create the tables', async () => {
    await adminQuery(`CREATE DATABASE ${database}`);
    await adminQuery(`CREATE ROLE ${role} LOGIN`);
    // PostgreSQL 15 lets only the owner create in schema public: this role may connect, no more.
    const url = new URL(databaseUrl(base, database));
    url.username = role;
    url.password = '';
    const { code, lines } = await refusedStart(url.toString());
    expect(code).toBe(1);
    expect(lines).toEqual([
      `DATABASE_URL: user "${role}" lacks a permission in database "${database}" (permission denied for schema public); it needs to create tables there, e.g. GRANT CREATE ON SCHEMA public TO "${role}"`,
    ]);
  });

  it('runs the commands on the DATABASE_URL database: npm run user creates and lists there', async () => {
    const name = `${database}_user`;
    await adminQuery(`CREATE DATABASE ${name}`);
    try {
      const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: databaseUrl(base, name) };
      const password = 'et langt og trygt passord\n';
      const created = spawnSync(...nodeTs('src/cli/user.ts', 'create', '--email', 'mo@example.no', '--name', 'Mo', '--role', 'admin'), {
        cwd: ROOT,
        env,
        encoding: 'utf8',
        input: password + password,
      });
      expect(created.stderr).toBe('');
      expect(created.stdout.trim().split('\n').at(-1)).toBe('created admin mo@example.no');
      const listed = spawnSync(...nodeTs('src/cli/user.ts', 'list'), { cwd: ROOT, env, encoding: 'utf8' });
      expect(listed.stdout.trim()).toBe('mo@example.no\tadmin\tall');
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });

  it('migrates an empty database, becomes ready and serves the list', async () => {
    await adminQuery(`CREATE DATABASE ${database}_served`);
    try {
      const port = await freePort();
      start({ PORT: String(port), DATABASE_URL: databaseUrl(base, `${database}_served`), DEMO_DATA: '0' });
      let ready: Response | null = null;
      for (let attempt = 0; attempt < 300 && !ready?.ok; attempt++) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
        if (!ready?.ok) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready?.status).toBe(200);
      const list = await fetch(`http://127.0.0.1:${port}/lag?q=kor`);
      expect(list.status).toBe(200);
      const tables = await new pg.Client({ connectionString: databaseUrl(base, `${database}_served`) });
      await tables.connect();
      // Migrated as far as SQLite is: the newest migration of this version is recorded.
      const { rows } = await tables.query("SELECT name FROM kysely_migration WHERE name = '2026-12-03-18-nynorsk'");
      await tables.end();
      expect(rows).toEqual([{ name: '2026-12-03-18-nynorsk' }]);
    } finally {
      for (const child of children.splice(0)) if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      await adminQuery(`DROP DATABASE IF EXISTS ${database}_served WITH (FORCE)`);
    }
  });
});
