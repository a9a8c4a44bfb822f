import { type ChildProcess, spawn } from 'node:child_process';
import { ROOT, nodeTs } from './node-ts.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { integrityCheck, openDatabase } from '../src/db/sqlite.js';

// The real server as a child process, killed without warning in the middle of a stream of
// registrations: every registration that was answered with success must survive.

const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) signal(child, 'SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, name);
  } catch {
    // Already gone.
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startServer(dbPath: string, port: number) {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    PORT: String(port),
    DB_PATH: dbPath,
    OUTBOX_DIR: join(dbPath, '..', 'outbox'),
    DEMO_DATA: '0',
    BASE_URL: `http://127.0.0.1:${port}`,
    MIN_FILL_SECONDS: '0',
    SUBMISSIONS_PER_HOUR: '100000',
    MAILS_PER_RECIPIENT_PER_HOUR: '100000',
    LOG_LEVEL: 'silent',
  };
  const child = spawn(...nodeTs('src/server.ts'), { cwd: ROOT, env, stdio: 'ignore', detached: true });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let attempt = 0; attempt < 150; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return { child, exited };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('server did not start');
}

/** Registers one association the way a browser does; resolves true only on the success redirect. */
async function registerOne(base: string, name: string): Promise<boolean> {
  const form = await (await fetch(`${base}/registrer`)).text();
  const token = /name="form_token" value="([^"]+)"/.exec(form)?.[1];
  if (!token) return false;
  const body = new URLSearchParams({
    form_token: token,
    name,
    short_description: 'Registrert under krasjtesten.',
    categories: 'idrett',
    municipality: '1806',
    contact_name: 'Kari',
    contact_email: 'kari@example.no',
    accept_terms: '1',
    not_duplicate: '1',
  });
  const response = await fetch(`${base}/registrer`, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  return response.status === 303 && response.headers.get('Location') === '/registrer/takk';
}

describe('crash safety', () => {
  it('keeps every registration that got a success answer when the server is killed mid-stream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagportal-crash-'));
    dirs.push(dir);
    const dbPath = join(dir, 'lagportal.db');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(dbPath, port);

    const confirmed: string[] = [];
    let sent = 0;
    let stop = false;
    // Four clients registering as fast as they can until the server dies under them.
    const clients = Array.from({ length: 4 }, async (_, client) => {
      while (!stop) {
        const name = `Krasjlag ${client}-${sent++}`;
        try {
          if (await registerOne(base, name)) confirmed.push(name);
        } catch {
          return; // Connection refused or reset: the server is gone.
        }
      }
    });
    while (confirmed.length < 40) await new Promise((r) => setTimeout(r, 10));
    signal(server.child, 'SIGKILL');
    await server.exited;
    stop = true;
    await Promise.all(clients);
    expect(confirmed.length).toBeGreaterThanOrEqual(40);

    // It starts again on the same file, and everything confirmed is there, intact.
    const restarted = await startServer(dbPath, port);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    signal(restarted.child, 'SIGTERM');
    expect(await restarted.exited).toBe(0);

    const { db, sqlite } = await openDatabase(dbPath);
    expect(integrityCheck(sqlite)).toBe('ok');
    const stored = new Set((await db.selectFrom('associations').select('name').execute()).map((r) => r.name));
    const missing = confirmed.filter((name) => !stored.has(name));
    expect(missing).toEqual([]);
    // Each stored registration is whole: categories, edit link and confirmation mail.
    const incomplete = await db
      .selectFrom('associations as a')
      .leftJoin('association_categories as ac', 'ac.association_id', 'a.id')
      .leftJoin('edit_tokens as t', 't.association_id', 'a.id')
      .select('a.name')
      .where((eb) => eb.or([eb('ac.association_id', 'is', null), eb('t.id', 'is', null)]))
      .execute();
    expect(incomplete).toEqual([]);
    sqlite.close();
  }, 60_000);

  it('finishes requests in flight when stopped with SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagportal-crash-'));
    dirs.push(dir);
    const dbPath = join(dir, 'lagportal.db');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(dbPath, port);

    const started = Array.from({ length: 12 }, (_, i) => registerOne(base, `Avslutningslag ${i}`));
    await new Promise((r) => setTimeout(r, 30));
    signal(server.child, 'SIGTERM');
    const results = await Promise.allSettled(started);
    expect(await server.exited).toBe(0);
    // Requests already received were answered; none was cut off half way with an error.
    const answered = results.filter((r) => r.status === 'fulfilled' && r.value).length;
    const { db, sqlite } = await openDatabase(dbPath);
    const stored = Number(
      (
        await db
          .selectFrom('associations')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(integrityCheck(sqlite)).toBe('ok');
    sqlite.close();
    expect(stored).toBe(answered);
  }, 60_000);
});
