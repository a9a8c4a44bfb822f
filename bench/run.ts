// npm run bench [-- --seconds N --warmup N --reuse-db --db sqlite|postgres]
//
// Builds a national-scale database (100,000 published associations in all 357
// municipalities), starts the real server in production mode in a child process and loads it
// from wrk in another process on 127.0.0.1, side by side with a bare node:http server
// returning a body of the list page's size. Prints one table and writes
// bench/results/latest.json. See bench/README.md for what each scenario means.
// With --db postgres the same database is copied (npm run db:copy) into a throwaway
// PostgreSQL cluster on this machine and the server runs on that (DATABASE_URL).

import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { openDatabase, rebuildSearchIndex, toMatchQuery } from '../src/db/sqlite.js';
import type { ResponseCacheStats } from '../src/lib/response-cache.js';
import { mulberry32, weightedPicker } from '../src/demo/generate.js';
import { npmStartArguments } from './start-command.js';
import { type Cluster, startCluster } from './postgres-cluster.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LUA = join(ROOT, 'bench/wrk/scenario.lua');
const WORK = join(tmpdir(), 'lagportal-bench');
const DB = join(WORK, 'bench.db');
const COUNT = 100_000;
const CONNECTIONS = 50;
const THREADS = 2;

const BENCH_USAGE = 'usage: npm run bench [-- --seconds N --warmup N --reuse-db --db sqlite|postgres --only NAME,NAME]';
const { values: args } = (() => {
  try {
    return parseArgs({
      options: {
        seconds: { type: 'string', default: '10' },
        warmup: { type: 'string', default: '3' },
        'reuse-db': { type: 'boolean', default: false },
        db: { type: 'string', default: 'sqlite' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${BENCH_USAGE}\n`);
    process.exit(2);
  }
})();
if (args.help) {
  process.stdout.write(
    `${BENCH_USAGE}\n\nBuilds a database of ${COUNT.toLocaleString('en')} associations (npm run demo), starts the server as npm start does and loads it with wrk, with a bare baseline server in the same run; see bench/README.md.\n\n` +
      'options:\n  --seconds N   measured seconds per scenario (default 10)\n  --warmup N    warm-up seconds per scenario (default 3)\n  --reuse-db    keep the database of the last run instead of building it again\n  --db NAME     sqlite (default), or postgres: the same data copied into a throwaway PostgreSQL cluster\n  --only NAMES  only these scenarios (comma-separated; the baseline always runs), for a look while developing\n  -h, --help    print this help and exit\n\nexit codes: 0 done, 1 failed, 2 bad arguments\n',
  );
  process.exit(0);
}
if (args.db !== 'sqlite' && args.db !== 'postgres') {
  process.stderr.write(`--db must be sqlite or postgres (got "${args.db}")\n${BENCH_USAGE}\n`);
  process.exit(2);
}
const ON_POSTGRES = args.db === 'postgres';
/** With --only: the scenarios to run; a partial run is for developing, not for bench/README.md. */
const ONLY = args.only
  ? new Set(
      args.only
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    )
  : null;
/** The PostgreSQL database the server runs on with --db postgres. */
let databaseUrl: string | null = null;
const SECONDS = Number(args.seconds);
const WARMUP = Number(args.warmup);

// ---------------------------------------------------------------------------------------
// Types

type CacheState = 'none' | 'off' | 'on';

interface Scenario {
  name: string;
  cache: CacheState;
  path: string;
  headers?: string[];
  /** For the mixed scenario: a file of paths the Lua script walks through. */
  urlsFile?: string;
  /** What a sane answer looks like; returns a reason when it is not. */
  check: (body: string, contentType: string) => string | null;
}

interface WrkResult {
  requests: number;
  duration_us: number;
  bytes: number;
  connect_errors: number;
  read_errors: number;
  write_errors: number;
  timeouts: number;
  non_2xx_3xx: number;
  p50_us: number;
  p90_us: number;
  p99_us: number;
  max_us: number;
  mean_us: number;
}

interface Outcome {
  scenario: Scenario;
  failure: string | null;
  run?: WrkResult;
  paced?: WrkResult;
  pacedRps?: number;
  /** The server's longest event-loop block during the measured run (after the warm-up), and during the paced run. */
  loopMaxMs?: number;
  pacedLoopMaxMs?: number;
}

// ---------------------------------------------------------------------------------------
// Small helpers

const log = (message: string) => process.stdout.write(`${message}\n`);

function fail(message: string): never {
  process.stderr.write(`\nbench: ${message}\n`);
  process.exit(1);
}

const rps = (r: WrkResult) => r.requests / (r.duration_us / 1e6);
/** Requests/s for people: whole numbers, but a slow scenario keeps its decimals. */
const showRps = (n: number) => (n < 10 ? n.toFixed(2) : String(Math.round(n)));
const ms = (us: number) => Math.round(us / 10) / 100;
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) fail(`${what} exited with code ${child.exitCode} before answering`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      // A node answers /readyz 503 while it migrates and builds its list index: wait for ready.
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`${what} did not answer ${url} with 2xx within 60 s`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await exited;
}

/** The peak resident set size of a running process, from the kernel's own high-water mark. */
function peakRssMb(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? round((Number(match[1]) * 1024) / 1e6, 1) : null;
  } catch {
    return null;
  }
}

/** Draws items by Zipf's law over their order: the first most often, the n-th 1/n as often. */
function zipf<T>(items: readonly T[], next: () => number): () => T {
  return weightedPicker(
    items,
    items.map((_, i) => 1 / (i + 1)),
    next,
  );
}

// ---------------------------------------------------------------------------------------
// Steps

function ensureWrk(): void {
  if (!spawnSync('wrk', ['--version']).error) return;
  log('wrk is missing; installing it with apt-get');
  const asRoot = process.getuid?.() === 0;
  const run = (command: string[]) => {
    const [program, ...rest] = asRoot ? command : ['sudo', ...command];
    const result = spawnSync(program!, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) fail(`"${command.join(' ')}" failed; install wrk (Debian/Ubuntu package "wrk") and run again`);
  };
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', 'wrk']);
}

function buildDatabase(): { seconds: number; megabytes: number } {
  mkdirSync(WORK, { recursive: true });
  if (args['reuse-db'] && existsSync(DB)) {
    log(`reusing ${DB} (build time not measured)`);
    return { seconds: Number.NaN, megabytes: round(statSync(DB).size / 1e6, 1) };
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(DB + suffix, { force: true });
  log(`building ${COUNT} published associations in all municipalities: npm run demo -- --count ${COUNT} --scope all --published --db ${DB}`);
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'src/demo/cli.ts', '--count', String(COUNT), '--scope', 'all', '--published', '--db', DB], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(output);
  const seconds = /in ([\d.]+) s/.exec(output);
  if (!seconds) fail(`could not read the build time from the demo command's output: ${output}`);
  return { seconds: Number(seconds[1]), megabytes: round(statSync(DB).size / 1e6, 1) };
}

/**
 * Rebuilds the whole search index as after a change to the word rules (rebuildSearchIndex),
 * and says how long it took (#15: under 5 s for 100,000 associations). The index comes out
 * the same, so the run goes on with it.
 */
async function timeSearchIndexRebuild(): Promise<number> {
  const { db, sqlite } = await openDatabase(DB);
  try {
    const started = performance.now();
    const indexed = rebuildSearchIndex(db);
    const seconds = round((performance.now() - started) / 1000, 2);
    log(`search index rebuilt for ${indexed} associations in ${seconds} s`);
    return seconds;
  } finally {
    sqlite.close();
  }
}

interface Data {
  total: number;
  bigMunicipality: { number: string; name: string; count: number };
  category: { slug: string; count: number };
  commonWord: { word: string; count: number };
  rarePrefix: { prefix: string; count: number };
  detailSlug: string;
  mixedFile: string;
}

/** Picks the scenarios' parameters from the data itself, and writes the mixed URL list. */
function pickData(): Data {
  const sqlite = new SQLite(DB);
  try {
    const count = (sqlText: string, ...params: unknown[]) =>
      Number(
        sqlite
          .prepare(sqlText)
          .pluck()
          .get(...params),
      );
    const matches = (text: string) => count('SELECT count(*) FROM association_search WHERE association_search MATCH ?', toMatchQuery(text));
    const total = count(`SELECT count(*) FROM associations WHERE status = 'published'`);
    const municipalities = sqlite
      .prepare(
        `SELECT a.municipality_number AS number, m.name, count(*) AS count FROM associations a
         JOIN municipalities m ON m.number = a.municipality_number
         WHERE a.status = 'published' GROUP BY a.municipality_number ORDER BY count DESC, number`,
      )
      .all() as { number: string; name: string; count: number }[];
    const big = municipalities[0]!;
    const categoriesByUse = sqlite
      .prepare(
        `SELECT c.slug, count(*) AS count FROM association_categories ac
         JOIN categories c ON c.id = ac.category_id JOIN associations a ON a.id = ac.association_id
         WHERE a.status = 'published' GROUP BY c.slug ORDER BY count DESC, c.slug`,
      )
      .all() as { slug: string; count: number }[];
    const categoryInBig = sqlite
      .prepare(
        `SELECT c.slug, count(*) AS count FROM association_categories ac
         JOIN categories c ON c.id = ac.category_id JOIN associations a ON a.id = ac.association_id
         WHERE a.status = 'published' AND a.municipality_number = ? GROUP BY c.slug ORDER BY count DESC, c.slug LIMIT 1`,
      )
      .get(big.number) as { slug: string; count: number };

    // Words as the index holds them (folded, lower case), with how many associations have each.
    sqlite.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_terms USING fts5vocab(main, association_search, row)');
    const third = total / 3;
    const candidates = sqlite
      .prepare(
        `SELECT term FROM temp.bench_terms WHERE length(term) >= 5 AND term GLOB '[a-z]*' AND term NOT GLOB '*[0-9]*'
         ORDER BY abs(doc - ?) LIMIT 10`,
      )
      .pluck()
      .all(third) as string[];
    // The server searches words as prefixes, so what counts is how many the prefix matches.
    const common = candidates.map((word) => ({ word, count: matches(word) })).sort((a, b) => Math.abs(a.count - third) - Math.abs(b.count - third))[0];
    if (!common) fail('found no word in the search index');
    let rare: { prefix: string; count: number } | undefined;
    const rareTerms = sqlite
      .prepare(`SELECT term FROM temp.bench_terms WHERE doc BETWEEN 2 AND 20 AND length(term) >= 7 AND term GLOB '[a-z]*' ORDER BY term`)
      .pluck()
      .all() as string[];
    for (const term of rareTerms) {
      const prefix = term.slice(0, 5);
      const n = matches(prefix);
      if (n >= 2 && n <= 30) {
        rare = { prefix, count: n };
        break;
      }
    }
    if (!rare) fail('found no rare prefix in the search index');
    const detailSlug = String(
      sqlite
        .prepare(`SELECT slug FROM associations WHERE status = 'published' ORDER BY id LIMIT 1 OFFSET ?`)
        .pluck()
        .get(Math.floor(total / 2)),
    );

    // The mixed scenario: what visitors plausibly ask for, each kind drawn by Zipf's law over
    // its popularity (big municipalities, common categories, early pages, a few famous clubs).
    // Seeded, so the mixed URL list is the same on every run.
    const next = mulberry32(2026);
    const municipality = zipf(municipalities, next);
    const category = zipf(categoriesByUse, next);
    const slugs = sqlite.prepare(`SELECT slug FROM associations WHERE status = 'published' ORDER BY (id * 7919) % 100003 LIMIT 5000`).pluck().all() as string[];
    const slug = zipf(slugs, next);
    const words = sqlite
      .prepare(
        `SELECT term FROM temp.bench_terms WHERE length(term) >= 4 AND term GLOB '[a-z]*' AND term NOT GLOB '*[0-9]*'
         AND doc BETWEEN 20 AND ? ORDER BY doc DESC LIMIT 300`,
      )
      .pluck()
      .all(Math.ceil(third)) as string[];
    const word = zipf(words, next);
    const page = (rows: number) => {
      const last = Math.max(1, Math.ceil(rows / 25));
      const p = zipf(
        Array.from({ length: Math.min(last, 10) }, (_, i) => i + 1),
        next,
      )();
      return p === 1 ? '' : `side=${p}`;
    };
    const withPage = (path: string, rows: number) => {
      const p = page(rows);
      return p === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${p}`;
    };
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const r = next();
      if (r < 0.05) lines.push('/');
      else if (r < 0.3) {
        const m = municipality();
        lines.push(withPage(`/lag?kommune=${m.number}`, m.count));
      } else if (r < 0.4) {
        const m = municipality();
        lines.push(withPage(`/kommune/${m.number}`, m.count));
      } else if (r < 0.5) {
        const m = municipality();
        lines.push(`/lag?kommune=${m.number}&kategori=${category().slug}`);
      } else if (r < 0.55) {
        const c = category();
        lines.push(withPage(`/kategori/${c.slug}`, c.count));
      } else if (r < 0.85) lines.push(`/lag/${slug()}`);
      else lines.push(`/lag?q=${encodeURIComponent(word())}`);
    }
    const mixedFile = join(WORK, 'mixed-urls.txt');
    writeFileSync(mixedFile, `${lines.join('\n')}\n`);

    return {
      total,
      bigMunicipality: big,
      category: categoryInBig,
      commonWord: common,
      rarePrefix: rare,
      detailSlug,
      mixedFile,
    };
  } finally {
    sqlite.close();
  }
}

// Servers still running when the bench ends (finished, failed or interrupted) are stopped.
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

/** `npm run build`: the server is measured as `npm start` runs it, compiled rather than through tsx. */
function buildServer(): void {
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) fail('npm run build failed');
}

async function startServer(cache: 'on' | 'off', statsFile: string): Promise<{ child: ChildProcess; origin: string }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  rmSync(statsFile, { force: true });
  // As `npm start` runs it: the bundle from `npm run build` (built once in main()), with the same flags.
  const child = spawn(process.execPath, npmStartArguments(ROOT), {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DB_PATH: DB,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      DEMO_DATA: '0',
      HOST: '127.0.0.1',
      PORT: String(port),
      BASE_URL: origin,
      RESPONSE_CACHE: cache,
      BENCH_STATS_FILE: statsFile,
    },
  });
  children.add(child);
  await waitForHttp(`${origin}/readyz`, child, `the server (RESPONSE_CACHE=${cache})`);
  return { child, origin };
}

async function startBaseline(bytes: number): Promise<{ child: ChildProcess; origin: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'bench/baseline-server.mjs'), String(bytes), String(port)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(`${origin}/`, child, 'the baseline server');
  return { child, origin };
}

async function probe(origin: string, scenario: Scenario, path = scenario.path): Promise<{ failure: string | null; bytes: number }> {
  const headers = Object.fromEntries((scenario.headers ?? []).map((h) => h.split(/:\s*/, 2) as [string, string]));
  try {
    const response = await fetch(origin + path, { headers, redirect: 'manual' });
    const body = await response.text();
    if (response.status !== 200) return { failure: `GET ${path} answered ${response.status}`, bytes: 0 };
    const reason = scenario.check(body, response.headers.get('content-type') ?? '');
    return { failure: reason ? `GET ${path}: ${reason}` : null, bytes: Buffer.byteLength(body) };
  } catch (error) {
    return { failure: `GET ${path} failed: ${error instanceof Error ? error.message : String(error)}`, bytes: 0 };
  }
}

function wrk(origin: string, scenario: Scenario, seconds: number, delayMs?: number, connections = CONNECTIONS): WrkResult {
  const argv = ['-t', String(THREADS), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '10s', '--latency', '-s', LUA];
  for (const header of scenario.headers ?? []) argv.push('-H', header);
  argv.push(origin + scenario.path);
  const result = spawnSync('wrk', argv, {
    encoding: 'utf8',
    env: {
      ...process.env,
      BENCH_URLS: scenario.urlsFile ?? '',
      BENCH_DELAY_MS: delayMs === undefined ? '' : String(delayMs),
    },
  });
  const line = result.stdout?.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (result.status !== 0 || !line) fail(`wrk failed for ${scenario.name}:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(line.slice('BENCH_JSON '.length)) as WrkResult;
}

/** Problems wrk saw under load: answers other than 2xx/3xx, and socket errors or timeouts. */
function loadFailure(r: WrkResult): string | null {
  const errors = r.connect_errors + r.read_errors + r.write_errors + r.timeouts;
  if (r.non_2xx_3xx > 0) return `${r.non_2xx_3xx} of ${r.requests} answers were not 2xx/3xx`;
  if (errors > 0) return `${errors} socket errors or timeouts`;
  if (r.requests === 0) return 'no request finished';
  return null;
}

/** CPU time a process has used so far, in clock ticks (utime + stime from /proc/<pid>/stat). */
function cpuTicks(pid: number): number | null {
  try {
    // The command name in brackets may hold spaces; the fields after it are space-separated.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * Waits until the server has worked off what an earlier run left queued (wrk stops sending,
 * but requests already accepted are still answered), so one scenario does not slow the next.
 * A quick health check is no sign of that: the server interleaves it with the queued
 * requests. Idle means under 5% of a core over half a second.
 */
async function drain(pid: number): Promise<void> {
  const deadline = Date.now() + 180_000;
  let before = cpuTicks(pid);
  while (before !== null && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const after = cpuTicks(pid);
    if (after === null || after - before <= 2) return;
    before = after;
  }
}

/** A run at full speed after a discarded warm-up, then (optionally) one paced at half that rate. */
interface ServerStats {
  writes: number;
  loop_delay_max_ms: number;
  loop_delay_p99_ms: number;
  window_loop_delay_max_ms: number;
  response_cache?: ResponseCacheStats | null;
}

const readStats = (file: string): ServerStats | null => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ServerStats;
  } catch {
    return null; // not written yet, or being written
  }
};

/**
 * Asks the server for its figures (SIGUSR2, src/lib/bench-stats.ts) and waits for the new
 * write; each write also starts a new window of event-loop figures.
 */
async function serverStats(pid: number, file: string): Promise<ServerStats> {
  const before = readStats(file)?.writes ?? 0;
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 10_000;
  for (;;) {
    const stats = readStats(file);
    if (stats && stats.writes > before) return stats;
    if (Date.now() > deadline) fail(`the server wrote no new figures to ${file} within 10 s of SIGUSR2`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function measure(origin: string, pid: number, outcome: Outcome, paced: boolean, statsFile?: string): Promise<void> {
  const { scenario } = outcome;
  if (outcome.failure) {
    log(`  ${scenario.name}: skipped, ${outcome.failure}`);
    return;
  }
  await drain(pid);
  if (WARMUP > 0) wrk(origin, scenario, WARMUP);
  // The loop's windows: the saturated run after the warm-up, and the paced run on its own
  // (at half the maximum, requests seldom queue behind each other in one turn of the loop, so
  // its longest block is what one request's work holds the loop for).
  const window = async () => (statsFile ? (await serverStats(pid, statsFile)).window_loop_delay_max_ms : undefined);
  await window();
  await measureRuns(origin, pid, outcome, paced, window);
  if (outcome.loopMaxMs !== undefined) {
    log(
      `  ${scenario.name}: event-loop delay max ${outcome.loopMaxMs} ms${outcome.pacedLoopMaxMs === undefined ? '' : `, paced ${outcome.pacedLoopMaxMs} ms`}`,
    );
  }
}

async function measureRuns(origin: string, pid: number, outcome: Outcome, paced: boolean, window: () => Promise<number | undefined>): Promise<void> {
  const { scenario } = outcome;
  const run = wrk(origin, scenario, SECONDS);
  outcome.loopMaxMs = await window();
  outcome.run = run;
  outcome.failure = loadFailure(run);
  log(
    `  ${scenario.name}: ${showRps(rps(run))} req/s, p50 ${ms(run.p50_us)} ms, p99 ${ms(run.p99_us)} ms${outcome.failure ? `, FAILED: ${outcome.failure}` : ''}`,
  );
  if (!paced || outcome.failure) return;
  // Half the measured maximum over all connections; each connection pauses on average
  // connections / rate seconds between requests.
  const target = rps(run) / 2;
  if (target * SECONDS < 20) {
    log(`  ${scenario.name}: too slow to pace (${target.toFixed(2)} req/s would give under 20 requests)`);
    return;
  }
  // At a low rate, fewer connections, each pausing about a second: Node closes a keep-alive
  // connection idle for 5 s, which wrk would count as a socket error.
  const connections = Math.min(CONNECTIONS, Math.max(THREADS, Math.ceil(target)));
  const delayMs = (connections / target) * 1000;
  await drain(pid);
  await window();
  const pacedRun = wrk(origin, scenario, SECONDS, delayMs, connections);
  outcome.pacedLoopMaxMs = await window();
  outcome.paced = pacedRun;
  outcome.pacedRps = rps(pacedRun);
  const failure = loadFailure(pacedRun);
  if (failure) outcome.failure = `paced: ${failure}`;
  log(
    `  ${scenario.name} paced at ~${showRps(target)} req/s: ${showRps(outcome.pacedRps)} req/s, p99 ${ms(pacedRun.p99_us)} ms${failure ? `, FAILED: ${failure}` : ''}`,
  );
}

// ---------------------------------------------------------------------------------------
// Body checks

const isPage = (mustContain?: string) => (body: string, type: string) => {
  if (!type.startsWith('text/html')) return `content type ${type}, not HTML`;
  if (!/^<!doctype html>/i.test(body.trimStart()) || !body.includes('</html>')) return 'not a whole HTML page';
  if (!body.includes('<h1')) return 'the page has no heading';
  if (mustContain && !body.includes(mustContain)) return `the page does not mention ${mustContain}`;
  return null;
};

const isFragment = (body: string, type: string) => {
  if (!type.startsWith('text/html')) return `content type ${type}, not HTML`;
  if (/<html/i.test(body)) return 'a whole page, not the htmx fragment';
  if (!body.includes('href="/lag/')) return 'the fragment lists no association';
  return null;
};

const isCalendar = (body: string, type: string) => {
  if (!type.startsWith('text/calendar')) return `content type ${type}, not text/calendar`;
  if (!body.startsWith('BEGIN:VCALENDAR\r\n')) return 'not an iCalendar file';
  if (!body.includes('BEGIN:VEVENT')) return 'a calendar without events';
  return null;
};

const isJsonList = (body: string, type: string) => {
  if (!type.includes('json')) return `content type ${type}, not JSON`;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || JSON.stringify(parsed).length < 100) return 'an empty JSON answer';
    return null;
  } catch {
    return 'not valid JSON';
  }
};

// ---------------------------------------------------------------------------------------
// The run

function table(outcomes: Outcome[], baselineRps: number | null): string {
  const header = ['scenario', 'cache', 'req/s', 'p50 ms', 'p99 ms', 'ratio', 'paced p99 ms', 'loop max ms', 'paced loop max ms', 'status'];
  const rows = outcomes.map(({ scenario, run, paced, failure, loopMaxMs, pacedLoopMaxMs }) => [
    scenario.name,
    scenario.cache,
    run ? showRps(rps(run)) : '-',
    run ? ms(run.p50_us).toFixed(2) : '-',
    run ? ms(run.p99_us).toFixed(2) : '-',
    run && baselineRps ? `${(100 * (rps(run) / baselineRps)).toFixed(rps(run) / baselineRps < 0.01 ? 3 : 1)}%` : '-',
    paced ? ms(paced.p99_us).toFixed(2) : '-',
    loopMaxMs === undefined ? '-' : String(loopMaxMs),
    pacedLoopMaxMs === undefined ? '-' : String(pacedLoopMaxMs),
    failure ? `FAILED: ${failure}` : 'ok',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === 1 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The bench database copied into a throwaway PostgreSQL cluster; its URL. */
async function copyToPostgres(): Promise<string> {
  let cluster: Cluster;
  try {
    cluster = startCluster(await freePort());
  } catch (error) {
    fail(`cannot start PostgreSQL for --db postgres: ${(error as Error).message}`);
  }
  process.on('exit', () => cluster.stop());
  const url = cluster.createDatabase('lagportal_bench');
  log(`copying ${DB} into PostgreSQL (npm run db:copy -- --to ${url})`);
  const started = Date.now();
  const copy = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/db-copy.ts', '--to', url, '--from', DB, '--quiet'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (copy.status !== 0) fail('npm run db:copy failed');
  log(`copied in ${round((Date.now() - started) / 1000, 1)} s`);
  return url;
}

async function main() {
  if (!(SECONDS > 0) || !(WARMUP >= 0)) fail('--seconds must be above 0 and --warmup 0 or more');
  ensureWrk();
  buildServer();
  const build = buildDatabase();
  const searchRebuildSeconds = await timeSearchIndexRebuild();
  const data = pickData();
  if (ON_POSTGRES) databaseUrl = await copyToPostgres();
  log(
    `data: ${data.total} published; biggest municipality ${data.bigMunicipality.name} (${data.bigMunicipality.number}) with ` +
      `${data.bigMunicipality.count}; category ${data.category.slug} (${data.category.count} there); common word ` +
      `"${data.commonWord.word}" matches ${data.commonWord.count} (${((100 * data.commonWord.count) / data.total).toFixed(1)}%); ` +
      `rare prefix "${data.rarePrefix.prefix}" matches ${data.rarePrefix.count}; detail /lag/${data.detailSlug}`,
  );

  const kommune = data.bigMunicipality.number;
  const word = encodeURIComponent(data.commonWord.word);
  const uncached: Scenario[] = [
    { name: 'front', cache: 'off', path: '/', check: isPage() },
    { name: 'list-kommune', cache: 'off', path: `/lag?kommune=${kommune}`, check: isPage(data.bigMunicipality.name) },
    { name: 'list-kommune-kategori', cache: 'off', path: `/lag?kommune=${kommune}&kategori=${data.category.slug}`, check: isPage('href="/lag/') },
    { name: 'search-common', cache: 'off', path: `/lag?q=${word}`, check: isPage('href="/lag/') },
    { name: 'search-prefix', cache: 'off', path: `/lag?q=${encodeURIComponent(data.rarePrefix.prefix)}`, check: isPage('href="/lag/') },
    // A compound's head: every "…klubb" in the registry (issue 15). Not yet measured.
    { name: 'search-compound', cache: 'off', path: '/lag?q=klubb', check: isPage('href="/lag/') },
    { name: 'detail', cache: 'off', path: `/lag/${data.detailSlug}`, check: isPage() },
    { name: 'api-list', cache: 'off', path: `/api/v1/organizations?kommune=${kommune}`, check: isJsonList },
    { name: 'fragment-search', cache: 'off', path: `/lag?q=${word}`, headers: ['HX-Request: true'], check: isFragment },
    // "Hva skjer" (issue 20): the demo seeding gives published associations about two activities or events each.
    { name: 'whats-on-kommune', cache: 'off', path: `/hva-skjer?kommune=${kommune}`, check: isPage('href="/hva-skjer/') },
    // As calendar apps ask for it: with gzip, which the server keeps the feed in (16 MB for Oslo, 1.5 MB gzipped).
    {
      name: 'calendar-feed-kommune',
      cache: 'off',
      path: `/kommune/${kommune}/kalender.ics`,
      headers: ['Accept-Encoding: gzip'],
      check: isCalendar,
    },
  ];
  if (ONLY) {
    const known = new Set([...uncached.map((s) => s.name), 'mixed']);
    const unknown = [...ONLY].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      process.stderr.write(`--only: no scenario ${unknown.join(', ')} (there are ${[...known].join(', ')})\n`);
      process.exit(2);
    }
  }
  const chosen = ONLY ? uncached.filter((s) => ONLY.has(s.name)) : uncached;
  // Visitors' browsers all send Accept-Encoding; the cache keeps pages gzipped and sends them as they are.
  const mixedScenario: Scenario = {
    name: 'mixed',
    cache: 'on',
    path: '/',
    urlsFile: data.mixedFile,
    headers: ['Accept-Encoding: gzip, deflate, br'],
    check: isPage(),
  };

  const statsOff = join(WORK, 'stats-cache-off.json');
  const statsOn = join(WORK, 'stats-cache-on.json');
  const peakRss: number[] = [];

  // Response cache off: every request does the full work.
  log('\nserver with RESPONSE_CACHE=off');
  const off = await startServer('off', statsOff);
  const outcomes: Outcome[] = [];
  for (const scenario of chosen) {
    const { failure } = await probe(off.origin, scenario);
    if (failure) process.stderr.write(`bench: ${scenario.name} is not answering as it should: ${failure}\n`);
    outcomes.push({ scenario, failure });
  }
  const listPage = await probe(off.origin, uncached[1]!);
  if (listPage.failure) fail(`the list page is needed for the baseline's body size: ${listPage.failure}`);

  log(`\nbaseline: bare node:http with a ${listPage.bytes}-byte HTML body (the list page's size)`);
  const baselineServer = await startBaseline(listPage.bytes);
  const baseline: Outcome = { scenario: { name: 'baseline', cache: 'none', path: '/', check: isPage() }, failure: null };
  baseline.failure = (await probe(baselineServer.origin, baseline.scenario)).failure;
  await measure(baselineServer.origin, baselineServer.child.pid!, baseline, true);
  await stop(baselineServer.child);
  if (!baseline.run || baseline.failure) fail(`the baseline failed: ${baseline.failure}`);

  log('\nuncached scenarios');
  for (const outcome of outcomes) await measure(off.origin, off.child.pid!, outcome, true, statsOff);
  peakRss.push(peakRssMb(off.child.pid!) ?? Number.NaN);
  await stop(off.child);

  // Response cache on, with a realistic mix of requests.
  const mixed: Outcome = { scenario: mixedScenario, failure: null };
  const runMixed = !ONLY || ONLY.has('mixed');
  if (runMixed) {
    log('\nserver with RESPONSE_CACHE=on');
    const on = await startServer('on', statsOn);
    const sample = [...new Set(readFileSync(data.mixedFile, 'utf8').split('\n').filter(Boolean))].slice(0, 60);
    for (const path of sample) {
      const { failure } = await probe(on.origin, mixedScenario, path);
      if (failure) {
        process.stderr.write(`bench: mixed is not answering as it should: ${failure}\n`);
        mixed.failure = failure;
        break;
      }
    }
    await measure(on.origin, on.child.pid!, mixed, true, statsOn);
    peakRss.push(peakRssMb(on.child.pid!) ?? Number.NaN);
    await stop(on.child);
  }

  const stats = (runMixed ? [statsOff, statsOn] : [statsOff]).map((file) => {
    if (!existsSync(file)) fail(`the server wrote no ${file}; is BENCH_STATS_FILE supported?`);
    return readStats(file)!;
  });
  // The cache-on server's response cache at the end of the mixed run (src/lib/response-cache.ts).
  const responseCache = stats[1]?.response_cache ?? null;
  const loopMax = Math.max(...stats.map((s) => s.loop_delay_max_ms));
  const loopP99 = Math.max(...stats.map((s) => s.loop_delay_p99_ms));
  const peakRssMbAll = Math.max(...peakRss.filter((n) => Number.isFinite(n)));

  const all = [baseline, ...outcomes, ...(runMixed ? [mixed] : [])];
  const baselineRps = rps(baseline.run);
  log(`\n${table(all, baselineRps)}`);
  log(
    `\nserver peak RSS ${peakRssMbAll} MB; event-loop delay max ${loopMax} ms, p99 ${loopP99} ms (1 ms sampling, so ~1 ms is idle); ` +
      `database of ${COUNT} built in ${build.seconds} s, ${build.megabytes} MB; search index rebuilt in ${searchRebuildSeconds} s`,
  );
  log(
    responseCache
      ? `response cache (mixed, at the end): ${responseCache.entries} pages, ${round(responseCache.bytes / 1048576, 1)} of ${round(responseCache.maxBytes / 1048576, 1)} MB, ` +
          `hit ratio ${responseCache.hitRatio === null ? '–' : `${round(100 * responseCache.hitRatio, 1)} %`} (${responseCache.hits} hits, ${responseCache.misses} misses, ${responseCache.evictions} evicted)`
      : 'response cache: the server reported no figures',
  );
  log(`(${CONNECTIONS} connections, ${THREADS} wrk threads, ${SECONDS} s a scenario after ${WARMUP} s warm-up; paced = half the measured maximum)`);

  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() || 'unknown';
  const result = {
    scenarios: all.map(({ scenario, run, paced, failure, loopMaxMs, pacedLoopMaxMs }) => {
      const ok = run && !(failure && !failure.startsWith('paced'));
      return {
        name: scenario.name,
        rps: ok ? round(rps(run), 2) : null,
        p50_ms: ok ? ms(run.p50_us) : null,
        p99_ms: ok ? ms(run.p99_us) : null,
        ratio: ok ? round(rps(run) / baselineRps, 5) : null,
        paced_p99_ms: paced ? ms(paced.p99_us) : null,
        loop_max_ms: loopMaxMs ?? null,
        paced_loop_max_ms: pacedLoopMaxMs ?? null,
      };
    }),
    peak_rss_mb: peakRssMbAll,
    loop_delay_max_ms: loopMax,
    response_cache: responseCache,
    build_seconds: Number.isFinite(build.seconds) ? build.seconds : null,
    db_mb: build.megabytes,
    search_rebuild_seconds: searchRebuildSeconds,
    db: args.db,
    only: ONLY ? [...ONLY] : null,
    commit,
    date: new Date().toISOString(),
  };
  const out = join(ROOT, `bench/results/latest${ON_POSTGRES ? '-postgres' : ''}${ONLY ? '-partial' : ''}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  log(`wrote ${out}`);

  const failed = all.filter((o) => o.failure);
  if (failed.length > 0) fail(`${failed.length} scenario(s) failed: ${failed.map((o) => o.scenario.name).join(', ')}`);
}

await main();
