import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { ROOT, nodeTs } from '../node-ts.js';

// Shared helpers for the browser tests: each test file starts the real server (as `npm start`
// does) on a free port with a temporary database and outbox, and drives Debian's Chromium
// through playwright-core. No browser is downloaded. Code that runs in the page is passed as a
// string where it touches `document`: the project's TypeScript has no DOM library.

export { ROOT };
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

/** The admin every test file creates with the user CLI before the server starts. */
export const MODERATOR = { email: 'moderator@example.no', password: 'et langt og trygt passord for e2e' } as const;

/** Generous limits: a 2-core CI machine runs a browser, a server and other test files at once. */
export const FLOW_TIMEOUT = 90_000;
export const SETUP_TIMEOUT = 60_000;

export interface TestServer {
  /** http://127.0.0.1:PORT, also the server's BASE_URL. */
  url: string;
  dbPath: string;
  outboxDir: string;
  /** Everything the server wrote to stderr so far, for failure messages. */
  stderr: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A minimal environment: Vitest sets variables of its own (BASE_URL=/ among them), so never pass process.env on. */
function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn' };
}

/**
 * Creates the moderator (an admin) with `npm run user -- create`, then starts src/server.ts
 * on that database and waits for /healthz. Demo data (300 associations) unless `demoData: false`.
 */
export async function startServer(options: { demoData?: boolean; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'lagportal-e2e-'));
  const dbPath = join(dir, 'lagportal.db');
  const outboxDir = join(dir, 'outbox');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;

  const created = spawnSync(...nodeTs('src/cli/user.ts', 'create', '--email', MODERATOR.email, '--role', 'admin'), {
    cwd: ROOT,
    env: { ...baseEnv(), DB_PATH: dbPath, LOG_LEVEL: 'silent' },
    input: `${MODERATOR.password}\n`,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (created.status !== 0) throw new Error(`could not create the moderator: ${created.stderr || created.error?.message}`);

  const env = {
    ...baseEnv(),
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: url,
    DB_PATH: dbPath,
    OUTBOX_DIR: outboxDir,
    DEMO_DATA: options.demoData === false ? '0' : '1',
    MIN_FILL_SECONDS: '1',
    LOGIN_SLOWDOWN_MS: '0',
    SUBMISSIONS_PER_HOUR: '1000',
    ...options.env,
  };
  // Its own process group, so that stop() also reaches the node process tsx starts.
  const child: ChildProcess = spawn(...nodeTs('src/server.ts'), { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));

  const signal = (name: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, name);
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    if (running) {
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + SETUP_TIMEOUT - 5_000;
  while (Date.now() < deadline) {
    if (!running) break;
    try {
      const health = await fetch(`${url}/healthz`);
      if (health.ok) return { url, dbPath, outboxDir, stderr: () => stderr, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await stop();
  throw new Error(`the server did not become healthy on ${url}:\n${stderr}`);
}

/** Debian's Chromium, headless. Fails with what to install when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** The server and the browser, started side by side; if either fails, the other is stopped too. */
export async function startServerAndBrowser(options: Parameters<typeof startServer>[0] = {}): Promise<{ server: TestServer; browser: Browser }> {
  const [server, browser] = await Promise.allSettled([startServer(options), launchBrowser()]);
  if (server.status === 'fulfilled' && browser.status === 'fulfilled') return { server: server.value, browser: browser.value };
  if (server.status === 'fulfilled') await server.value.stop();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
}

/** Collects uncaught page errors, so a test can assert the page's scripts did not fail. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Presses Tab until the focused element matches `selector`; fails after `max` presses. */
export async function tabTo(page: Page, selector: string, max = 200, key = 'Tab'): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(key);
    if (await page.evaluate<boolean>(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return presses;
  }
  throw new Error(`${selector} was not reached with ${max} presses of ${key}`);
}

/** The id (or tag name) of the focused element. */
export async function focusedId(page: Page): Promise<string> {
  return page.evaluate<string>(`(document.activeElement && (document.activeElement.id || document.activeElement.tagName.toLowerCase())) || ''`);
}

/** Decodes a quoted-printable body: soft line breaks and =XX escapes (as UTF-8 bytes). */
export function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The private edit link in the newest .eml file sent to `recipient`. */
export function editLinkFromOutbox(server: TestServer, recipient: string): string {
  const files = existsSync(server.outboxDir)
    ? readdirSync(server.outboxDir)
        .filter((f) => f.endsWith('.eml'))
        .sort()
        .reverse()
    : [];
  for (const file of files) {
    const raw = readFileSync(join(server.outboxDir, file), 'utf8');
    if (!raw.toLowerCase().includes(recipient.toLowerCase())) continue;
    const link = new RegExp(`${server.url.replace(/[.]/g, '\\.')}/endre/[A-Za-z0-9_-]+`).exec(decodeQuotedPrintable(raw));
    if (link) return link[0];
  }
  throw new Error(`no edit link for ${recipient} in ${server.outboxDir} (${files.length} .eml files)`);
}

export interface Registration {
  name: string;
  shortDescription: string;
  municipality: string;
  category: string;
  website?: string;
  contactName: string;
  contactEmail: string;
}

/**
 * A registration with a made-up name that no demo association (nor another test's) comes
 * close to, so the form does not stop at the duplicate warning.
 */
export function newRegistration(name: string, municipality = '1806'): Registration {
  const unique = Math.random().toString(36).slice(2, 8);
  return {
    name: `${name} ${unique}`,
    shortDescription: `Et lag oppdiktet av nettlesertesten (${unique}).`,
    municipality,
    category: 'kunst-og-kultur',
    website: 'zyxwv.example.no',
    contactName: 'Kari Testesen',
    contactEmail: `kontakt-${unique}@example.no`,
  };
}

/** Fills the registration form (or the same form on the edit page) without the keyboard. */
export async function fillRegistration(page: Page, r: Registration): Promise<void> {
  const form = page.locator('form.association-form');
  await form.locator('#field-name').fill(r.name);
  await form.locator('#field-short_description').fill(r.shortDescription);
  await form.locator(`#category-${r.category}`).check();
  await form.locator('#field-municipality').selectOption(r.municipality);
  if (r.website) await form.locator('#field-website').fill(r.website);
  await form.locator('#field-contact_name').fill(r.contactName);
  await form.locator('#field-contact_email').fill(r.contactEmail);
  await form.locator('#field-accept_terms').check();
}

/** Waits out MIN_FILL_SECONDS (1 s in these tests) counted from `shownAt`, with a margin. */
export async function waitForFillTime(shownAt: number): Promise<void> {
  const wait = shownAt + 1_300 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

/** Registers `r` through /registrer and returns the private edit link from the outbox. */
export async function register(page: Page, server: TestServer, r: Registration): Promise<string> {
  await page.goto(`${server.url}/registrer`);
  const shownAt = Date.now();
  await fillRegistration(page, r);
  await waitForFillTime(shownAt);
  await Promise.all([page.waitForURL(/\/registrer\/takk$/), page.locator('form.association-form button[type=submit]').first().click()]);
  return editLinkFromOutbox(server, r.contactEmail);
}

/** Signs in at /logg-inn as the moderator and lands on /moderering. */
export async function logIn(page: Page, server: TestServer): Promise<void> {
  await page.goto(`${server.url}/logg-inn`);
  await page.locator('#field-email').fill(MODERATOR.email);
  await page.locator('#field-password').fill(MODERATOR.password);
  await Promise.all([page.waitForURL(/\/moderering$/), page.locator('main form button[type=submit]').click()]);
}

/**
 * Opens the queue's new registrations in one municipality: the queue is oldest first and
 * paged, so with demo data a fresh registration is not on the first page of everything.
 */
export async function openNewRegistrations(page: Page, server: TestServer, municipality: string): Promise<string> {
  const url = `${server.url}/moderering?type=submission&kommune=${municipality}`;
  await page.goto(url);
  return url;
}

/** The queue row of a new registration in /moderering, found by the association's name. */
export function queueRow(page: Page, name: string) {
  return page.locator('li.queue-item').filter({ has: page.locator('.queue-item__title', { hasText: name }) });
}

// Accessibility: axe-core is evaluated in the page through the DevTools protocol, which the
// site's Content-Security-Policy (no inline scripts) does not apply to.
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_OPTIONS = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } } as const;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core with the WCAG 2.1 A and AA rules on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate<AxeViolation[]>(
    `axe.run(document, ${JSON.stringify(AXE_OPTIONS)}).then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ') + (n.failureSummary ? ' — ' + n.failureSummary.replace(/\\s+/g, ' ') : '')),
    })))`,
  );
}

/** One line per violation: id, impact and the selectors of the failing elements. */
export function describeViolations(label: string, violations: AxeViolation[]): string {
  return violations.map((v) => `${label}: ${v.id} (${v.impact}) ${v.help}\n    ${v.targets.join('\n    ')}`).join('\n');
}

/** A full-page screenshot at test-results/screenshots/<name>-<width>.png. */
export async function screenshot(page: Page, name: string, width: number): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}-${width}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
