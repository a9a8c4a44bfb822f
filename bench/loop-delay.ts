import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { npmStartArguments } from './start-command.js';

// How long single requests keep the server's event loop to itself: the server started as
// `npm start` starts it (built, same node flags) on an existing database, and for each path
// a fresh server, the path requested once (cold: nothing kept yet) and then again (warm),
// with the server's own perf_hooks.monitorEventLoopDelay (BENCH_STATS_FILE, 1 ms resolution)
// read through SIGUSR2 before and after. Not part of npm run bench.
//
//   node --import tsx bench/loop-delay.ts --db /tmp/cal3/bench.db /kommune/0301/kalender.ics /hva-skjer?kommune=0301

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const dbIndex = args.indexOf('--db');
if (dbIndex === -1 || !args[dbIndex + 1]) throw new Error('usage: bench/loop-delay.ts --db <file> <path>…');
const dbPath = args[dbIndex + 1]!;
const paths = args.filter((_, i) => i !== dbIndex && i !== dbIndex + 1);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Stats {
  loop_delay_max_ms: number;
  rss_mb: number;
  heap_used_mb: number;
  external_mb: number;
}

async function stats(child: ChildProcess, file: string): Promise<Stats> {
  rmSync(file, { force: true });
  child.kill('SIGUSR2');
  for (let i = 0; i < 100; i++) {
    await sleep(50);
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Stats;
    } catch {
      // not written yet
    }
  }
  throw new Error('no stats from the server');
}

async function measure(path: string) {
  const port = await freePort();
  const file = join(tmpdir(), `loop-delay-${process.pid}.json`);
  const child = spawn('node', npmStartArguments(root), {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', DEMO_DATA: '0', DB_PATH: dbPath, PORT: String(port), BENCH_STATS_FILE: file },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    const origin = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (i > 600) throw new Error('the server did not become ready');
      try {
        if ((await fetch(`${origin}/readyz`)).ok) break;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    await sleep(1500);
    const rows = [];
    let before = await stats(child, file);
    for (const round of ['cold', 'warm'] as const) {
      const started = performance.now();
      const response = await fetch(`${origin}${path}`, { headers: { 'accept-encoding': 'gzip' } });
      const body = new Uint8Array(await response.arrayBuffer());
      const ms = performance.now() - started;
      await sleep(300);
      const after = await stats(child, file);
      rows.push({
        path,
        round,
        status: response.status,
        ms: Math.round(ms),
        bytes: body.byteLength,
        encoding: response.headers.get('content-encoding') ?? '',
        loop_max_ms_before: before.loop_delay_max_ms,
        loop_max_ms_after: after.loop_delay_max_ms,
        rss_mb: after.rss_mb,
        heap_used_mb: after.heap_used_mb,
        external_mb: after.external_mb,
      });
      before = after;
    }
    return rows;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(file, { force: true });
  }
}

execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
for (const path of paths) for (const row of await measure(path)) console.log(JSON.stringify(row));
