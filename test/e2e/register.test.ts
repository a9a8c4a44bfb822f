import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FLOW_TIMEOUT,
  type Registration,
  SETUP_TIMEOUT,
  type TestServer,
  editLinkFromOutbox,
  focusedId,
  logIn,
  newRegistration,
  register,
  queueRow,
  startServerAndBrowser,
  tabTo,
  waitForFillTime,
  watchErrors,
  openNewRegistrations,
} from './browser.js';

// The whole life of a new entry: registered by keyboard, the mail with the private link,
// a change through that link, a moderator's approval, and the entry public with the change.
// Once with JavaScript, once without: the site must work either way.

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
}, SETUP_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Completes /registrer with the keyboard: Tab to each field, type, Space for boxes, Enter to send. */
async function registerWithKeyboard(page: Page, r: Registration): Promise<void> {
  await page.goto(`${server.url}/registrer`);
  const shownAt = Date.now();

  // The first field is reached from the top of the page by Tab alone (past the skip link and navigation).
  await tabTo(page, '#field-name', 30);
  await page.keyboard.type(r.name);
  await page.keyboard.press('Tab');
  expect(await focusedId(page)).toBe('field-short_description');
  await page.keyboard.type(r.shortDescription);
  await page.keyboard.press('Tab');
  expect(await focusedId(page)).toBe('field-description');
  await page.keyboard.type('Vi øver hver tirsdag.');

  await tabTo(page, `#category-${r.category}`, 30);
  await page.keyboard.press('Space');
  expect(await page.locator(`#category-${r.category}`).isChecked()).toBe(true);

  await tabTo(page, '#field-municipality', 60);
  // Typing on a closed <select> picks the option whose text starts so (type-ahead).
  await page.keyboard.type('Narvik');
  expect(await page.locator('#field-municipality').inputValue()).toBe(r.municipality);

  await tabTo(page, '#field-website', 10);
  await page.keyboard.type(r.website ?? '');
  await tabTo(page, '#field-contact_name', 20);
  await page.keyboard.type(r.contactName);
  await page.keyboard.press('Tab');
  expect(await focusedId(page)).toBe('field-contact_email');
  await page.keyboard.type(r.contactEmail);
  await tabTo(page, '#field-accept_terms', 10);
  await page.keyboard.press('Space');
  expect(await page.locator('#field-accept_terms').isChecked()).toBe(true);

  await tabTo(page, 'form.association-form button[type=submit]', 10);
  await waitForFillTime(shownAt);
  await Promise.all([page.waitForURL(`${server.url}/registrer/takk`), page.keyboard.press('Enter')]);
  expect(await page.locator('h1').innerText()).toBe('Takk! Laget er sendt inn');
}

async function registerEditApprove(javaScriptEnabled: boolean): Promise<void> {
  const r = newRegistration(javaScriptEnabled ? 'Zyxwv Kammerkor' : 'Qjuvk Sjakklag');
  const visitor = await browser.newContext({ javaScriptEnabled });
  const page = await visitor.newPage();
  const errors = watchErrors(page);

  await registerWithKeyboard(page, r);

  // The confirmation mail carries the private edit link.
  const link = editLinkFromOutbox(server, r.contactEmail);
  await page.goto(link);
  expect(await page.locator('h1').innerText()).toContain(r.name);
  const form = page.locator('form.association-form');
  expect(await form.locator('#field-short_description').inputValue()).toBe(r.shortDescription);
  const changed = `Endret gjennom den private lenken (${javaScriptEnabled ? 'med' : 'uten'} JavaScript).`;
  await form.locator('#field-short_description').fill(changed);
  await Promise.all([page.waitForURL(/\?ferdig=saved$/), form.locator('button[type=submit]').first().click()]);
  expect(await page.locator('.success[role=status]').innerText()).toBe('Takk! Endringene er lagret.');
  expect(await page.locator('form.association-form #field-short_description').inputValue()).toBe(changed);

  // A moderator approves it in the queue.
  const moderatorContext = await browser.newContext({ javaScriptEnabled });
  const moderator = await moderatorContext.newPage();
  const moderatorErrors = watchErrors(moderator);
  await logIn(moderator, server);
  const queueUrl = await openNewRegistrations(moderator, server, r.municipality);
  const row = queueRow(moderator, r.name);
  expect(await row.count()).toBe(1);
  const rowId = await row.getAttribute('id');
  expect(rowId).toMatch(/^queue-submission-\d+$/);
  const approve = row.locator('form[action$="/godkjenn"] button[type=submit]');
  if (javaScriptEnabled) {
    // htmx replaces just the row; the page stays.
    await moderator.evaluate('window.__sameDocument = true');
    await approve.click();
    const decided = moderator.locator(`#${rowId}`);
    await expect.poll(() => decided.getAttribute('class')).toContain('queue-item--done');
    expect(await decided.innerText()).toBe('Godkjent.');
    expect(await decided.locator('[role=status]').count()).toBe(1);
    expect(moderator.url()).toBe(queueUrl);
    expect(await moderator.evaluate<boolean>('window.__sameDocument === true')).toBe(true);
  } else {
    // The form posts and the queue comes back with a message.
    await Promise.all([moderator.waitForURL(/\/moderering\?melding=approved$/), approve.click()]);
    expect(await moderator.locator('main .success[role=status]').innerText()).toBe('Godkjent.');
    await openNewRegistrations(moderator, server, r.municipality);
    expect(await queueRow(moderator, r.name).count()).toBe(0);
  }

  // The entry is public, with the change made through the link.
  await page.goto(`${server.url}/lag?q=${encodeURIComponent(r.name.split(' ')[0]!)}`);
  const card = page.locator('#results .card__title a', { hasText: r.name });
  expect(await card.count()).toBe(1);
  await Promise.all([page.waitForURL(/\/lag\/[a-z0-9-]+$/), card.click()]);
  expect(await page.locator('h1').innerText()).toBe(r.name);
  expect(await page.locator('main').innerText()).toContain(changed);
  expect(await page.locator('main').innerText()).not.toContain(r.shortDescription);

  expect(errors).toEqual([]);
  expect(moderatorErrors).toEqual([]);
  await visitor.close();
  await moderatorContext.close();
}

describe('register → edit through the private link → approve, with JavaScript', () => {
  it('works end to end, the queue row updating in place', { timeout: FLOW_TIMEOUT }, () => registerEditApprove(true));
});

describe('register → edit through the private link → approve, without JavaScript', () => {
  it('works end to end with plain form posts', { timeout: FLOW_TIMEOUT }, () => registerEditApprove(false));
});

describe('saving through the private link as the browser sends it', () => {
  // The edit page once sent Referrer-Policy: no-referrer, so browsers posted with Origin: null
  // and every save was refused with 403. This guards the fix with the request as Chromium sends it.
  it('saves the change (no 403 for Origin: null)', { timeout: FLOW_TIMEOUT }, async () => {
    const r = newRegistration('Wqxzy Origintest');
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      const link = await register(page, server, r);
      await page.goto(link);
      await page.locator('form.association-form #field-short_description').fill('Lagret uten omvei.');
      const [response] = await Promise.all([
        page.waitForResponse((res) => res.request().method() === 'POST' && res.url() === link),
        page.locator('form.association-form button[type=submit]').first().click(),
      ]);
      expect(response.status()).toBe(303);
    } finally {
      await context.close();
    }
  });
});
