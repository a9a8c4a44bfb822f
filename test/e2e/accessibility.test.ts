import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FLOW_TIMEOUT,
  MODERATOR,
  SETUP_TIMEOUT,
  type TestServer,
  type AxeViolation,
  axeViolations,
  describeViolations,
  newRegistration,
  queueRow,
  register,
  startServerAndBrowser,
  waitForFillTime,
  openNewRegistrations,
} from './browser.js';

// axe-core with the WCAG 2.1 A and AA rules on every kind of page, in Bokmål and English:
// zero violations expected. A failure lists each rule, its impact and the failing elements.

let server: TestServer;
let browser: Browser;
let editLink: string;
const registration = newRegistration('Lmnop Trekkspillklubb');

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  // One pending registration, for the edit page and the moderator's entry page.
  const context = await browser.newContext();
  editLink = await register(await context.newPage(), server, registration);
  await context.close();
}, SETUP_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  it.each(['nb', 'nn', 'en'] as const)('every page type has no violations in %s', { timeout: FLOW_TIMEOUT }, async (lang) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const found: string[] = [];
    const checked: string[] = [];

    async function check(label: string): Promise<void> {
      expect(await page.getAttribute('html', 'lang'), `${label} is in ${lang}`).toBe(lang);
      const violations: AxeViolation[] = await axeViolations(page);
      checked.push(label);
      if (violations.length > 0) found.push(describeViolations(`${label} [${lang}] ${page.url()}`, violations));
    }
    async function open(page: Page, path: string): Promise<void> {
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.ok(), `${path} answers`).toBe(true);
    }

    // ?lang= sets the cookie; every later page follows it.
    await open(page, `/?lang=${lang}`);
    await check('front page');
    await open(page, '/lag');
    await check('list');
    await open(page, '/lag?kommune=1806&kategori=idrett&q=fotb');
    await check('list with filters');
    await Promise.all([page.waitForURL(/\/lag\/[a-z0-9-]+$/), page.locator('#results .card__title a').first().click()]);
    await check('detail');
    await Promise.all([page.waitForURL(/\/meld-feil$/), page.locator('a[href$="/meld-feil"]').first().click()]);
    const reportShownAt = Date.now();
    await check('report form');
    await waitForFillTime(reportShownAt);
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/meld-feil') && r.request().method() === 'POST'),
      page.locator('main form[action$="/meld-feil"] button[type=submit]').click(),
    ]);
    await page.waitForLoadState();
    expect(await page.locator('#error-summary').count()).toBe(1);
    await check('report form with errors');

    await open(page, '/om/deling?kommune=1806');
    await check('sharing help page');
    await open(page, '/embed/lag?kommune=1806');
    await check('embedded list');

    await open(page, '/registrer');
    const shownAt = Date.now();
    await check('registration form');
    await waitForFillTime(shownAt);
    await Promise.all([page.waitForLoadState(), page.locator('form.association-form button[type=submit]').click()]);
    expect(await page.locator('#error-summary').count()).toBe(1);
    await check('registration form with errors');

    await open(page, editLink.slice(server.url.length));
    await check('edit page');

    await open(page, '/region/nord-troms');
    await check('region page');
    await open(page, '/logg-inn/glemt');
    await check('forgot password');

    await open(page, '/logg-inn');
    await check('login');
    await page.locator('#field-email').fill(MODERATOR.email);
    await page.locator('#field-password').fill(MODERATOR.password);
    await Promise.all([page.waitForURL(/\/moderering$/), page.locator('main form button[type=submit]').click()]);
    await check('moderation queue');
    await open(page, '/moderering/lenkesjekk');
    await check('link check page');
    await openNewRegistrations(page, server, registration.municipality);
    await check('moderation queue, filtered');
    await Promise.all([page.waitForURL(/\/moderering\/lag\/\d+$/), queueRow(page, registration.name).locator('.queue-item__title a').click()]);
    await check('moderator entry page');
    await open(page, '/moderering/konto');
    await check('account page');
    await open(page, '/moderering?type=stale');
    await check('moderation queue, stale tab with bulk form');

    await context.close();
    expect(checked).toHaveLength(20);
    expect(found.join('\n'), `axe found violations:\n${found.join('\n')}`).toBe('');
  });
});
