import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { dom, freshPostgresUrl, testDialect, text } from './helpers.js';
import { ROOT, nodeTs } from './node-ts.js';

// Real server processes (src/server.ts) on one database: what a load balancer in front of
// two nodes, or an orchestrator stopping one, does to them. SQLite (one file in WAL mode)
// here; on the PostgreSQL run of the suite the nodes are given a fresh database of their own
// as DATABASE_URL, so that the same scenario runs on PostgreSQL.

const children: ChildProcess[] = [];
const dirs: string[] = [];
const BASE_URL = 'http://lag.example.test';
const PASSWORD = 'et langt og trygt passord';

afterEach(() => {
  for (const child of children.splice(0)) {
    try {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lagportal-nodes-'));
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

/** The nodes' database: the SQLite file at dbPath, or on the PostgreSQL run a fresh database of this test's. */
async function databaseEnv(dbPath: string): Promise<Record<string, string>> {
  return testDialect === 'postgres' ? { DB_PATH: dbPath, DATABASE_URL: await freshPostgresUrl() } : { DB_PATH: dbPath };
}

/** How many sign-in and form attempts the nodes' database has recorded. */
async function countAttempts(env: Record<string, string>): Promise<number> {
  if (env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM submission_attempts')).rows[0]!.n);
    } finally {
      await client.end();
    }
  }
  const db = new Database(env.DB_PATH!, { readonly: true });
  try {
    return Number(db.prepare('SELECT count(*) FROM submission_attempts').pluck().get());
  } finally {
    db.close();
  }
}

function startNode(port: number, env: Record<string, string>) {
  const base = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    LOG_LEVEL: 'warn',
    DEMO_DATA: '0',
    BASE_URL,
    LOGIN_SLOWDOWN_MS: '0',
    MIN_FILL_SECONDS: '0',
  };
  const child = spawn(...nodeTs('src/server.ts'), {
    cwd: ROOT,
    env: { ...base, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr, url: `http://127.0.0.1:${port}` };
}

async function waitUntilReady(url: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not become ready`);
}

/** An admin made the way an operator does it: npm run user, password on stdin. */
function createAdmin(env: Record<string, string>, email: string): void {
  const [command, args] = nodeTs('src/cli/user.ts', 'create', '--email', email, '--role', 'admin');
  const result = spawnSync(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    input: `${PASSWORD}\n`,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`npm run user failed: ${result.stderr}`);
}

function form(fields: Record<string, string | string[]>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  return body;
}

function post(url: string, fields: Record<string, string | string[]>, cookie?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body: form(fields),
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: BASE_URL, ...(cookie ? { Cookie: cookie } : {}) },
  });
}

async function signIn(node: string, password: string): Promise<Response> {
  return post(`${node}/logg-inn`, { email: 'kari@example.no', password });
}

function sessionCookie(response: Response): string {
  const match = /lagportal_session=([^;]+)/.exec(response.headers.get('Set-Cookie') ?? '');
  if (!match) throw new Error(`no session cookie (status ${response.status})`);
  return `lagportal_session=${match[1]}`;
}

describe('two server processes on one database', () => {
  it('share registrations, moderation, sessions and sign-in locks, and each shows the other one’s writes at once', async () => {
    const dbPath = join(tempDir(), 'shared.db');
    const env = await databaseEnv(dbPath);
    createAdmin(env, 'kari@example.no');
    const [portA, portB] = [await freePort(), await freePort()];
    const metricsToken = 'm'.repeat(32);
    const a = startNode(portA, { ...env, METRICS_TOKEN: metricsToken });
    const b = startNode(portB, env);
    await Promise.all([waitUntilReady(a.url), waitUntilReady(b.url)]);

    // Node A has the list in its response cache before anything is registered.
    await fetch(`${a.url}/lag`);
    const cached = await fetch(`${a.url}/lag`);
    expect(cached.headers.get('X-Cache')).toBe('hit');
    expect(await cached.text()).not.toContain('Beisfjord Sangkor');

    // A registration posted to node A...
    const page = dom(await (await fetch(`${a.url}/registrer`)).text());
    const token = page.querySelector('input[name="form_token"]')!.getAttribute('value')!;
    const registered = await post(`${a.url}/registrer`, {
      form_token: token,
      name: 'Beisfjord Sangkor',
      short_description: 'Vi synger i Beisfjord kirke hver torsdag.',
      description: 'Koret ble startet i 1978.',
      categories: ['kunst-og-kultur'],
      municipality: '1806',
      contact_name: 'Kari Nordmann',
      contact_email: 'kari.nordmann@example.no',
      accept_terms: '1',
    });
    expect(registered.status).toBe(303);

    // ...is approved by a moderator signed in on node B.
    const signedIn = await signIn(b.url, PASSWORD);
    expect(signedIn.status).toBe(303);
    const cookie = sessionCookie(signedIn);
    const queue = dom(await (await fetch(`${b.url}/moderering`, { headers: { Cookie: cookie } })).text());
    const approve = queue.querySelectorAll('form').find((f) => /^\/moderering\/innsending\/\d+\/godkjenn$/.test(f.getAttribute('action') ?? ''));
    expect(approve).toBeDefined();
    const fields = Object.fromEntries(
      approve!.querySelectorAll('input[type="hidden"]').map((input) => [input.getAttribute('name')!, input.getAttribute('value') ?? '']),
    );
    const approved = await post(`${b.url}${approve!.getAttribute('action')}`, fields, cookie);
    expect(approved.status).toBe(303);

    // Node A's very next answer has it, without a restart: its cache saw the write.
    const after = await fetch(`${a.url}/lag`);
    expect(after.headers.get('X-Cache')).toBeNull();
    expect(text(dom(await after.text()).querySelector('main'))).toContain('Beisfjord Sangkor');

    // The session made on B works on A.
    const onA = await fetch(`${a.url}/moderering`, { headers: { Cookie: cookie }, redirect: 'manual' });
    expect(onA.status).toBe(200);

    // Five failed sign-ins spread over A and B lock the account (from this address) on both.
    const failures: number[] = [];
    for (const node of [a, b, a, b, a]) failures.push((await signIn(node.url, 'feil passord her')).status);
    expect(failures).toEqual([401, 401, 401, 401, 401]);
    expect((await signIn(b.url, PASSWORD)).status).toBe(429);
    expect((await signIn(a.url, PASSWORD)).status).toBe(429);

    // The server reports its database pool on PostgreSQL (SQLite has none).
    const metrics = await (await fetch(`${a.url}/metrics`, { headers: { Authorization: `Bearer ${metricsToken}` } })).text();
    if (testDialect === 'postgres') expect(metrics).toMatch(/^lagportal_db_pool_connections\{state="idle"\} \d+$/m);
    else expect(metrics).not.toContain('lagportal_db_pool_connections{');
  }, 120_000);
});

/** One kept-alive connection that asks for a path and returns the whole answer (headers and a Content-Length body). */
async function keptAlive(port: number) {
  const socket = connect(port, '127.0.0.1');
  // A node killed at the end of a failed test resets the connection; the answers are what is checked.
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let buffer = '';
  socket.on('data', (chunk) => (buffer += chunk.toString()));
  return {
    ask: async (path: string): Promise<string> => {
      buffer = '';
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`);
      for (let i = 0; i < 500; i++) {
        const split = buffer.indexOf('\r\n\r\n');
        const length = Number(/content-length: *(\d+)/i.exec(buffer)?.[1] ?? NaN);
        if (split !== -1 && Buffer.byteLength(buffer.slice(split + 4)) >= length) return buffer;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no whole answer to ${path}: ${buffer}`);
    },
  };
}

describe('SIGTERM', () => {
  it('stops taking connections, answers /readyz 503, finishes the request in flight and exits 0', async () => {
    const dbPath = join(tempDir(), 'db.sqlite');
    const port = await freePort();
    // Every failed sign-in is answered after LOGIN_SLOWDOWN_MS: a request that is slow on purpose.
    const env = await databaseEnv(dbPath);
    const node = startNode(port, { ...env, LOGIN_SLOWDOWN_MS: '4000' });
    await waitUntilReady(node.url);

    // A load balancer's kept-alive connection, idle when the signal comes.
    const balancer = await keptAlive(port);
    expect(await balancer.ask('/readyz')).toMatch(/^HTTP\/1\.1 200 /);

    // A slow sign-in on a connection of its own.
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const body = form({ email: 'nobody@example.no', password: 'feil passord her' }).toString();
    socket.write(
      `POST /logg-inn HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${BASE_URL}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    // The sign-in is under way once its attempt is recorded (before the slow answer).
    for (let i = 0; i < 300 && (await countAttempts(env)) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await countAttempts(env)).toBeGreaterThan(0);

    process.kill(node.child.pid!, 'SIGTERM');
    // Once the signal is taken, a new connection is refused... (Asked that way, not on the
    // balancer's connection: a request that is in flight when the signal comes is answered,
    // and its connection closed, as any request in flight is.)
    const probe = () =>
      new Promise<string>((resolve) => {
        const attempt = connect(port, '127.0.0.1');
        attempt.on('connect', () => {
          attempt.destroy();
          resolve('connected');
        });
        attempt.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
    let refused = await probe();
    for (let i = 0; i < 500 && refused === 'connected'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      refused = await probe();
    }
    expect(refused).toBe('ECONNREFUSED');
    // ...the balancer's connection, idle when the signal came, is told the node is not ready
    // and closed after that answer...
    const answer = await balancer.ask('/readyz');
    expect(answer).toMatch(/^HTTP\/1\.1 503 /);
    expect(answer).toMatch(/connection: close/i);
    expect(answer).toContain('"code":"stopping"');
    // ...and the request in flight is answered in full.
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 401 /);
    expect(received).toContain('</html>');
    expect(await node.exited).toBe(0);
  }, 60_000);
});
