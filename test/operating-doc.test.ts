import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmStartArguments } from '../bench/start-command.js';
import { loadConfig, settingNames } from '../src/config.js';
import { openDatabase } from '../src/db/sqlite.js';
import { ROOT } from './node-ts.js';

// docs/operating.md and the files in docs/examples/ are what an operator copies; these tests
// keep them naming only commands, settings and start flags that exist.

const examples = join(ROOT, 'docs', 'examples');
const read = (file: string) => readFileSync(join(examples, file), 'utf8');
const guide = readFileSync(join(ROOT, 'docs', 'operating.md'), 'utf8');
const scripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
const units = readdirSync(examples).filter((f) => f.endsWith('.service') || f.endsWith('.timer'));

describe('the operator’s guide and its example files', () => {
  it('run only npm commands that exist', () => {
    const named = [guide, ...units.map(read)].flatMap((text) => [...text.matchAll(/npm run (?:--silent )?([a-z:-]+)/g)].map((m) => m[1]!));
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it('start the server with exactly the flags npm start uses', () => {
    const execStart = /^ExecStart=\/usr\/bin\/node (.+)$/m.exec(read('lagportal.service'))?.[1];
    expect(execStart?.split(' ')).toEqual(npmStartArguments(ROOT));
  });

  it('run the service as a dedicated user in production, restarting on failure, with the database on a persistent path', () => {
    const service = read('lagportal.service');
    expect(service).toMatch(/^User=lagportal$/m);
    expect(service).toMatch(/^Environment=NODE_ENV=production$/m);
    expect(service).toMatch(/^Restart=on-failure$/m);
    expect(service).toMatch(/^Environment=DB_PATH=\/var\/lib\/lagportal\/lagportal\.db$/m);
    expect(service).toMatch(/^StateDirectory=lagportal$/m);
  });

  it('give every scheduled job a timer and a service of the same name', () => {
    const timers = units.filter((f) => f.endsWith('.timer')).map((f) => f.replace(/\.timer$/, ''));
    expect(timers.sort()).toEqual(['lagportal-backup', 'lagportal-calendars', 'lagportal-check-links', 'lagportal-digest', 'lagportal-remind']);
    for (const timer of timers) expect(units).toContain(`${timer}.service`);
  });

  it('set only settings the server accepts, with values it accepts', () => {
    const env = Object.fromEntries(
      read('lagportal.env')
        .split('\n')
        .filter((line) => line.trim() && !line.startsWith('#'))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const unitSettings = units.flatMap((f) => [...read(f).matchAll(/^Environment=([A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!] as const));
    const known = settingNames();
    const all = { ...env, ...Object.fromEntries(unitSettings.filter(([key]) => key !== 'NODE_ENV')) };
    expect(Object.keys(all).filter((key) => !known.includes(key))).toEqual([]);
    expect(() => loadConfig(all)).not.toThrow();
  });

  it.skipIf(spawnSync('systemd-analyze', ['--version']).error !== undefined)('are units systemd accepts (systemd-analyze verify)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagportal-units-'));
    try {
      for (const unit of units) cpSync(join(examples, unit), join(dir, unit));
      const result = spawnSync('systemd-analyze', ['verify', ...units.map((u) => join(dir, u))], { encoding: 'utf8' });
      // A bad value is only a warning to systemd: any output at all is a finding.
      expect(`${result.stdout}${result.stderr}`.split('\n').filter((l) => l.trim() && !/npm\.service|Unit .* not found/.test(l))).toEqual([]);
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says the truth about downgrades: an older version refuses a database a newer one migrated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagportal-downgrade-'));
    try {
      const path = join(dir, 'db.sqlite');
      const { sqlite } = await openDatabase(path);
      sqlite.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('2099-01-01-01-from-the-future', '2099-01-01T00:00:00.000Z')").run();
      sqlite.close();
      await expect(openDatabase(path)).rejects.toThrow(/2099-01-01-01-from-the-future/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(guide).toContain('an older version refuses to start on a database');
  });
});
