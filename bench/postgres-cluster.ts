import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A throwaway PostgreSQL cluster for `npm run bench -- --db postgres`, as .ci/run makes one
// for the tests: initdb and pg_ctl from Debian's postgresql package in a temporary folder, on
// a port of its own, owned by the unprivileged user lagportal-ci when run as root (PostgreSQL
// refuses to run as root). Not a system service; removed again by stop().

export interface Cluster {
  /** postgres:// URL of the maintenance database `postgres`. */
  url: string;
  /** Creates a database and returns its URL. */
  createDatabase: (name: string) => string;
  stop: () => void;
}

function binDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) throw new Error('no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install -y postgresql)');
  versions.sort((a, b) => Number(a) - Number(b));
  return join(base, versions[versions.length - 1]!, 'bin');
}

export function startCluster(port: number): Cluster {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'lagportal-bench-pg-'));
  const asUser: string[] = [];
  if (process.getuid?.() === 0) {
    if (spawnSync('id', ['lagportal-ci']).status !== 0) {
      const added = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'lagportal-ci'], { stdio: 'inherit' });
      if (added.status !== 0) throw new Error('could not create the user lagportal-ci for PostgreSQL');
    }
    spawnSync('chown', ['lagportal-ci', dir]);
    chmodSync(dir, 0o700);
    asUser.push('runuser', '-u', 'lagportal-ci', '--');
  }
  const run = (program: string, args: string[]) => {
    const [command, ...rest] = [...asUser, join(bin, program), ...args];
    const result = spawnSync(command!, rest, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${program} failed: ${result.stderr || result.stdout}`);
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'lagportal', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  // Durable enough for a benchmark that is thrown away; the same settings as in CI.
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    'start',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
  ]);
  const url = (database: string) => `postgres://lagportal@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    url: url('postgres'),
    createDatabase(name) {
      run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'lagportal', name]);
      return url(name);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      const [command, ...rest] = [...asUser, join(bin, 'pg_ctl'), '-D', data, '-m', 'fast', 'stop'];
      spawnSync(command!, rest, { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
