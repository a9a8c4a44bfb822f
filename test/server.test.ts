import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { npmStartArguments } from '../bench/start-command.js';
import { ROOT, nodeTs } from './node-ts.js';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// These start the real server (src/server.ts) as `npm start` does, to check what only a
// real start-up does: reading the environment, creating the database file, seeding.

const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) signalGroup(child, 'SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lagportal-server-'));
  dirs.push(dir);
  return dir;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function start(env: Record<string, string>, command: [string, string[]] = nodeTs('src/server.ts')) {
  // A minimal environment: Vitest sets variables of its own (BASE_URL=/ among them).
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn' };
  // Its own process group, so that cleaning up reaches anything it started.
  const child = spawn(...command, { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

/** Waits until the server is ready (/readyz 200), then answers its liveness check. */
async function waitForHealth(port: number): Promise<Response> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return await fetch(`http://127.0.0.1:${port}/healthz`);
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become ready');
}

describe('starting the server', () => {
  it('creates the database on first start, fills it with demo data and serves it', async () => {
    const port = await freePort();
    const dbPath = join(tempDir(), 'nested', 'lagportal.db');
    start({ PORT: String(port), DB_PATH: dbPath });
    const health = await waitForHealth(port);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const list = await (await fetch(`http://127.0.0.1:${port}/lag`)).text();
    expect(list).toMatch(/\d+ lag funnet/);
    expect(list).not.toContain('0 lag funnet');
  });

  it('is alive but not ready while it brings the database up, then ready', async () => {
    const port = await freePort();
    const dbPath = join(tempDir(), 'lagportal.db');
    const { openDatabase } = await import('../src/db/sqlite.js');
    (await openDatabase(dbPath)).sqlite.close();
    // Another process holds the database (a backup, a long import): the migrations wait for it,
    // which keeps the start-up in its "migrating" state for as long as this test needs.
    const { default: Database } = await import('better-sqlite3');
    const holder = new Database(dbPath);
    holder.exec('BEGIN EXCLUSIVE');
    start({ PORT: String(port), DB_PATH: dbPath, DEMO_DATA: '0' });
    let first: { readyz: { status: number; body: unknown }; healthz: { status: number; body: unknown }; page: number } | null = null;
    try {
      // Until the server listens (loading the app takes seconds on a busy machine); its first
      // answers then come well inside the 5 s busy timeout its migrations wait for the holder.
      const deadline = Date.now() + 45_000;
      while (!first && Date.now() < deadline) {
        try {
          const readyz = await fetch(`http://127.0.0.1:${port}/readyz`);
          const healthz = await fetch(`http://127.0.0.1:${port}/healthz`);
          const page = await fetch(`http://127.0.0.1:${port}/lag`);
          first = {
            readyz: { status: readyz.status, body: await readyz.json() },
            healthz: { status: healthz.status, body: await healthz.json() },
            page: page.status,
          };
        } catch {
          await new Promise((r) => setTimeout(r, 10));
        }
      }
    } finally {
      holder.exec('COMMIT');
      holder.close();
    }
    expect(first).toEqual({
      readyz: { status: 503, body: { status: 'unavailable', reasons: [{ code: 'migrating', message: 'database migrations are running' }] } },
      healthz: { status: 200, body: { status: 'starting' } },
      page: 503,
    });
    await waitForHealth(port);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  }, 60_000);

  it('runs as npm start runs it: built into dist/ and started from there', async () => {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    // The link checker's worker thread is loaded from beside dist/server.js.
    expect(existsSync(join(ROOT, 'dist', 'off-loop-worker.js'))).toBe(true);
    const port = await freePort();
    start({ PORT: String(port), DB_PATH: join(tempDir(), 'db.sqlite') }, [process.execPath, npmStartArguments(ROOT)]);
    await waitForHealth(port);
    const home = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    // The reference data (read by a migration) and static/ are found from dist/ too.
    expect(await (await fetch(`http://127.0.0.1:${port}/kommune/1806`)).text()).toContain('Narvik');
    const stylesheet = /href="(\/static\/[^"]+\.css\?v=[^"]+)"/.exec(home)?.[1];
    expect(stylesheet).toBeDefined();
    expect((await fetch(`http://127.0.0.1:${port}${stylesheet}`)).status).toBe(200);
  });

  it('starts empty with DEMO_DATA=0', async () => {
    const port = await freePort();
    start({ PORT: String(port), DB_PATH: join(tempDir(), 'db.sqlite'), DEMO_DATA: '0' });
    await waitForHealth(port);
    expect(await (await fetch(`http://127.0.0.1:${port}/lag`)).text()).toContain('0 lag funnet');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number (got "abc")'],
    [{ DEMO_DATA: 'ja' }, 'DEMO_DATA must be 0 or 1 (got "ja")'],
    [{ REGIONS: 'nord-troms,atlantis' }, 'REGIONS names unknown region(s) atlantis'],
  ])('refuses to start with %o and says why', async (env, message) => {
    const server = start({ DB_PATH: join(tempDir(), 'db.sqlite'), PORT: String(await freePort()), ...env });
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toContain(message);
    expect(server.stderr()).not.toMatch(/\n\s+at /);
  });

  it('answers a repeated page from the cache and shows a write from another process on the next request', async () => {
    const port = await freePort();
    const dbPath = join(tempDir(), 'db.sqlite');
    start({ PORT: String(port), DB_PATH: dbPath, DEMO_DATA: '0' });
    await waitForHealth(port);
    const { openDatabase } = await import('../src/db/sqlite.js');
    const { loadReference } = await import('../src/db/reference.js');
    const { association, insert } = await import('./helpers.js');
    const { db, sqlite } = await openDatabase(dbPath);
    try {
      const reference = await loadReference(db);
      await insert(db, reference, [association(reference, { name: 'Narvik Turlag' })]);
      const first = await fetch(`http://127.0.0.1:${port}/lag`);
      const firstBody = await first.text();
      expect(first.headers.get('X-Cache')).toBeNull();
      expect(firstBody).toContain('Narvik Turlag');
      // fetch asks for gzip and unpacks it; the server sends the stored bytes as they are,
      // gzipped once zlib has finished with them in the background.
      let second = await fetch(`http://127.0.0.1:${port}/lag`);
      for (let attempt = 0; attempt < 50 && second.headers.get('Content-Encoding') === null; attempt++) {
        expect(await second.text()).toBe(firstBody);
        await new Promise((resolve) => setTimeout(resolve, 20));
        second = await fetch(`http://127.0.0.1:${port}/lag`);
      }
      expect(second.headers.get('X-Cache')).toBe('hit');
      expect(second.headers.get('Content-Encoding')).toBe('gzip');
      expect(second.headers.get('Content-Security-Policy')).toBe(first.headers.get('Content-Security-Policy'));
      expect(await second.text()).toBe(firstBody);
      const plain = await fetch(`http://127.0.0.1:${port}/lag`, { headers: { 'Accept-Encoding': 'identity' } });
      expect(plain.headers.get('X-Cache')).toBe('hit');
      expect(plain.headers.get('Content-Encoding')).toBeNull();
      expect(await plain.text()).toBe(firstBody);

      await insert(db, reference, [association(reference, { name: 'Ankenes Skiklubb' })]);
      const after = await fetch(`http://127.0.0.1:${port}/lag`);
      expect(after.headers.get('X-Cache')).toBeNull();
      expect(await after.text()).toContain('Ankenes Skiklubb');
    } finally {
      sqlite.close();
    }
  });

  it('stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const server = start({ PORT: String(port), DB_PATH: join(tempDir(), 'db.sqlite'), DEMO_DATA: '0' });
    await waitForHealth(port);
    signalGroup(server.child, 'SIGTERM');
    expect(await server.exited).toBe(0);
  });
});

describe('npm run remind', () => {
  it('reminds an association once, however often cron runs it', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'db.sqlite');
    const { openDatabase } = await import('../src/db/sqlite.js');
    const { loadReference } = await import('../src/db/reference.js');
    const { association, insert } = await import('./helpers.js');
    const { db, sqlite } = await openDatabase(dbPath);
    const reference = await loadReference(db);
    await insert(db, reference, [
      association(reference, { name: 'Glemt Forening', contactEmail: 'glemt@example.no', lastConfirmedAt: '2020-01-01T00:00:00.000Z' }),
      association(reference, { name: 'Fersk Forening', contactEmail: 'fersk@example.no', lastConfirmedAt: new Date().toISOString() }),
    ]);
    sqlite.close();

    const run = () =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(...nodeTs('src/cli/remind.ts'), {
          cwd: ROOT,
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DB_PATH: dbPath, OUTBOX_DIR: join(dir, 'outbox'), LOG_LEVEL: 'silent' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.on('exit', (code) => resolve({ code, stdout }));
      });
    const first = await run();
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^reminders: 1\/1 \(100 %\), [\d.]+\/s\nsent 1 reminder\(s\) in \d+ s\n$/);
    const again = await run();
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^sent 0 reminder\(s\) in \d+ s\n$/);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(join(dir, 'outbox'))).toHaveLength(1);
  });
});
