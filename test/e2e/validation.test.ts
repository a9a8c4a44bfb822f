import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_TIMEOUT, SETUP_TIMEOUT, type TestServer, focusedId, newRegistration, startServerAndBrowser, tabTo, waitForFillTime } from './browser.js';

// A registration with mistakes: the errors are summarised at the top with links that move
// focus to each field, every field keeps what was typed, and keyboard focus is always visible.

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser({ demoData: false }));
}, SETUP_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Whether the focused element shows a focus indicator: :focus-visible with an outline. */
async function focusIndicator(page: Page): Promise<{ focusVisible: boolean; outlineStyle: string; outlineWidth: string; top: number }> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return { focusVisible: el.matches(':focus-visible'), outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth, top: el.getBoundingClientRect().top };
  })()`);
}

describe('validation errors on /registrer', () => {
  it('summarises the errors with links to the fields, keeps the values, and shows keyboard focus', { timeout: FLOW_TIMEOUT }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const r = newRegistration('Uten navn');
    await page.goto(`${server.url}/registrer`);
    const shownAt = Date.now();

    // The first Tab reaches the skip link, and it is visibly focused and on screen.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.className')).toContain('skip-link');
    const skip = await focusIndicator(page);
    expect(skip.focusVisible).toBe(true);
    expect(skip.outlineStyle).not.toBe('none');
    expect(skip.outlineWidth).not.toBe('0px');
    expect(skip.top).toBeGreaterThanOrEqual(0);

    // No name, and a website that is not http(s).
    const form = page.locator('form.association-form');
    await form.locator('#field-short_description').fill(r.shortDescription);
    await form.locator('#field-website').fill('ftp://klubben.example.no');
    await form.locator(`#category-${r.category}`).check();
    await form.locator('#field-municipality').selectOption(r.municipality);
    await form.locator('#field-contact_name').fill(r.contactName);
    await form.locator('#field-contact_email').fill(r.contactEmail);
    await form.locator('#field-accept_terms').check();
    await waitForFillTime(shownAt);
    const [answer] = await Promise.all([page.waitForResponse((res) => res.request().method() === 'POST'), form.locator('button[type=submit]').click()]);
    expect(answer.status()).toBe(422);
    await page.waitForLoadState();
    const shownAgainAt = Date.now();

    // The summary is announced (role=alert) and links to exactly the two fields.
    const summary = page.locator('#error-summary');
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(await summary.locator('h2').innerText()).toBe('Det er noe som må rettes');
    const links = summary.locator('a');
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#field-name', '#field-website']);

    // Each field carries its error: marked invalid, described by the message the summary repeats.
    for (const name of ['name', 'website']) {
      const field = page.locator(`#field-${name}`);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(`field-${name}-error`);
      expect(await page.locator(`#field-${name}-error`).innerText()).toBe(await summary.locator(`a[href="#field-${name}"]`).innerText());
    }

    // Everything typed is still there.
    expect(await page.locator('#field-name').inputValue()).toBe('');
    expect(await page.locator('#field-short_description').inputValue()).toBe(r.shortDescription);
    expect(await page.locator('#field-website').inputValue()).toBe('ftp://klubben.example.no');
    expect(await page.locator(`#category-${r.category}`).isChecked()).toBe(true);
    expect(await page.locator('#field-municipality').inputValue()).toBe(r.municipality);
    expect(await page.locator('#field-contact_name').inputValue()).toBe(r.contactName);
    expect(await page.locator('#field-contact_email').inputValue()).toBe(r.contactEmail);
    expect(await page.locator('#field-accept_terms').isChecked()).toBe(true);

    // Clicking a summary link moves focus to its field.
    await summary.locator('a[href="#field-website"]').click();
    expect(await focusedId(page)).toBe('field-website');
    await summary.locator('a[href="#field-name"]').click();
    expect(await focusedId(page)).toBe('field-name');

    // By keyboard alone: back to the summary's first link, visibly focused, and Enter follows it.
    await tabTo(page, '#error-summary a[href="#field-name"]', 40, 'Shift+Tab');
    const link = await focusIndicator(page);
    expect(link.focusVisible).toBe(true);
    expect(link.outlineStyle).not.toBe('none');
    expect(link.outlineWidth).not.toBe('0px');
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).toBe('field-name');
    const field = await focusIndicator(page);
    expect(field.focusVisible).toBe(true);
    expect(field.outlineStyle).not.toBe('none');

    // Fixing the mistakes by keyboard and sending with Enter completes the registration.
    await page.keyboard.type(r.name);
    await page.locator('#field-website').fill('');
    await tabTo(page, 'form.association-form button[type=submit]', 60);
    await waitForFillTime(shownAgainAt);
    await Promise.all([page.waitForURL(`${server.url}/registrer/takk`), page.keyboard.press('Enter')]);
    await context.close();
  });
});
