import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FLOW_TIMEOUT,
  SETUP_TIMEOUT,
  type TestServer,
  axeViolations,
  describeViolations,
  logIn,
  newRegistration,
  openNewRegistrations,
  queueRow,
  register,
  startServerAndBrowser,
  watchErrors,
} from './browser.js';

// An association adds a weekly activity through its private edit link in Chromium, without
// JavaScript, and finds it on /hva-skjer; axe checks the calendar pages in all three languages,
// the association's own calendar pages (activity form new and saved, calendar import) included.

let server: TestServer;
let browser: Browser;
let editLink: string;
const registration = newRegistration('Qwzx Kalenderkor');
const title = `Øvelse ${registration.name.split(' ').at(-1)}`;

/** Today in Norway as the form's DD.MM.YYYY. */
function todayInOslo(): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date()).split('-');
  return `${d}.${m}.${y}`;
}

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
  const context = await browser.newContext();
  editLink = await register(await context.newPage(), server, registration);
  // Published first: only a published association's activities are shown.
  const moderator = await context.newPage();
  await logIn(moderator, server);
  await openNewRegistrations(moderator, server, registration.municipality);
  const approve = queueRow(moderator, registration.name).locator('form[action$="/godkjenn"] button[type=submit]');
  await Promise.all([moderator.waitForResponse((r) => r.url().includes('/godkjenn')), approve.click()]);
  // One saved activity of its own, whose form the axe test checks (whichever tests run).
  const page = await context.newPage();
  await page.goto(`${editLink}/aktiviteter/ny`);
  const form = page.locator('form.activity-form');
  await form.locator('#activity-title').fill(`Lagret ${title}`);
  await form.locator('#activity-start-date').fill(todayInOslo());
  await form.locator('#activity-start-time').fill('18:00');
  await form.locator('#activity-end-time').fill('19:00');
  await form.locator('#activity-weekdays-WE').check();
  await Promise.all([page.waitForURL(/\?aktivitet=saved#aktiviteter$/), form.locator('button[type=submit]').click()]);
  await context.close();
}, SETUP_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the calendar in a browser', () => {
  it('adds a weekly activity through the edit link without JavaScript and finds it on /hva-skjer', { timeout: FLOW_TIMEOUT }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(editLink);
    await Promise.all([page.waitForURL(/\/aktiviteter\/ny$/), page.locator('#aktiviteter a[href$="/aktiviteter/ny"]').click()]);

    // First with a mistake: the end before the start. The form comes back with the message and what was typed.
    const form = page.locator('form.activity-form');
    await form.locator('#activity-title').fill(title);
    await form.locator('#activity-start-date').fill(todayInOslo());
    await form.locator('#activity-start-time').fill('19:00');
    await form.locator('#activity-end-time').fill('18:00');
    for (const day of [
      'activity-weekdays',
      'activity-weekdays-TU',
      'activity-weekdays-WE',
      'activity-weekdays-TH',
      'activity-weekdays-FR',
      'activity-weekdays-SA',
      'activity-weekdays-SU',
    ]) {
      await form.locator(`#${day}`).check();
    }
    await form.locator('#activity-address').fill('Bjerkvik skole');
    await Promise.all([page.waitForLoadState(), form.locator('button[type=submit]').click()]);
    expect(await page.locator('#activity-end-time-error').innerText()).toBe('Slutten kan ikke være før eller samtidig med starten.');
    expect(await page.locator('#activity-title').inputValue()).toBe(title);

    await page.locator('#activity-end-time').fill('21:00');
    await Promise.all([page.waitForURL(/\?aktivitet=saved#aktiviteter$/), page.locator('form.activity-form button[type=submit]').click()]);
    expect(await page.locator('#aktiviteter [role=status]').innerText()).toBe('Aktiviteten er lagret.');

    await page.goto(`${server.url}/hva-skjer?q=${encodeURIComponent(title)}`);
    const found = page.locator('.occurrence').filter({ hasText: title });
    expect(await found.count()).toBeGreaterThan(0);
    expect(await found.first().locator('.occurrence__time').innerText()).toBe('19:00–21:00');
    expect(await found.first().locator('.occurrence__organiser').innerText()).toBe(registration.name);
    await Promise.all([page.waitForURL(/\/hva-skjer\/\d+$/), found.first().locator('.occurrence__title a').click()]);
    expect(await page.locator('h1').innerText()).toBe(title);
    expect(errors).toEqual([]);
    await context.close();
  });

  it.each(['nb', 'nn', 'en'] as const)('the calendar pages have no axe violations in %s', { timeout: FLOW_TIMEOUT }, async (lang) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const found: string[] = [];
    const check = async (label: string, path: string, status = 200) => {
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.status(), path).toBe(status);
      const violations = await axeViolations(page);
      if (violations.length > 0) found.push(describeViolations(`${label} [${lang}]`, violations));
    };
    await check('what’s on', `/hva-skjer?lang=${lang}`);
    await check('what’s on, filtered', '/hva-skjer?kommune=1806&gratis=1&alder=10');
    await check('what’s on, bad filters', '/hva-skjer?fra=igaar&alder=x', 400);
    await check('municipality landing page', '/kommune/1806/hva-skjer');
    await check('region landing page', '/region/narvikregionen/hva-skjer');
    await page.goto(`${server.url}/hva-skjer`);
    const first = await page.locator('.occurrence__title a').first().getAttribute('href');
    await check('activity page', first!);
    await check('edit page with activities', editLink.replace(server.url, ''));
    await check('new activity form', `${editLink.replace(server.url, '')}/aktiviteter/ny?type=arrangement`);
    await page.locator('form.activity-form button[type=submit]').click();
    await page.waitForLoadState();
    expect(await page.locator('#error-summary').count()).toBe(1);
    const checkHere = async (label: string) => {
      expect(await page.getAttribute('html', 'lang'), `${label} is in ${lang}`).toBe(lang);
      const violations = await axeViolations(page);
      if (violations.length > 0) found.push(describeViolations(`${label} [${lang}] ${page.url()}`, violations));
    };
    await checkHere('activity form with errors');

    // A saved activity's own form (the one beforeAll added, or any of the association's).
    const edit = editLink.replace(server.url, '');
    await page.goto(`${server.url}${edit}`);
    const saved = await page.locator('#aktiviteter a[href*="/aktiviteter/"]:not([href$="/ny"]):not([href*="?"])').first().getAttribute('href');
    expect(saved, 'a saved activity is linked from the edit page').toMatch(/\/aktiviteter\/\d+$/);
    await check('saved activity form', saved!);

    // The calendar import page, then with the address's error shown (not http(s)).
    await check('calendar import page', `${edit}/kalender`);
    await page.locator('#calendar-url').fill('ftp://kalender.example.no/lag.ics');
    await Promise.all([page.waitForLoadState(), page.locator('form[action$="/kalender"] button[type=submit]').click()]);
    expect(await page.locator('#error-summary').count()).toBe(1);
    expect(await page.locator('#calendar-url-error').count()).toBe(1);
    await checkHere('calendar import page with an error');
    // And the file form's error: submitted without a file.
    await page.goto(`${server.url}${edit}/kalender`);
    await Promise.all([page.waitForLoadState(), page.locator('form[action$="/kalender/fil"] button[type=submit]').click()]);
    expect(await page.locator('#calendar-file-error').count()).toBe(1);
    await checkHere('calendar import page with a file error');
    expect(found.join('\n')).toBe('');
    await context.close();
  });
});
