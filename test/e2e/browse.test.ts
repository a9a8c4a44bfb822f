import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_TIMEOUT, SETUP_TIMEOUT, type TestServer, startServerAndBrowser, watchErrors } from './browser.js';

// A resident browsing the directory with JavaScript on: filters and search refresh the
// results in place (htmx), the address bar follows, and back/forward bring the list back.

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
}, SETUP_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** True for the htmx request that refreshes #results. */
const isResultsRequest = (response: Response) => new URL(response.url()).pathname === '/lag' && response.request().headers()['hx-request'] === 'true';

async function cardTitles(page: Page): Promise<string[]> {
  return page.locator('#results .card__title').allTextContents();
}

/** A flag in the page's window: still there afterwards means no full page load happened. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate('window.__sameDocument = true');
}
async function sameDocument(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('window.__sameDocument === true');
}

describe('browsing: filters, search as you type, detail page, back and forward', () => {
  it('updates the list in place and brings it back as it was', { timeout: FLOW_TIMEOUT }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);

    await page.goto(`${server.url}/`);
    expect(await page.locator('h1').isVisible()).toBe(true);
    await Promise.all([page.waitForURL(`${server.url}/lag`), page.locator('.site-nav a[href="/lag"]').click()]);
    const allSummary = await page.locator('#result-summary').innerText();
    await markDocument(page);

    // A municipality: htmx fetches the results and pushes the list's URL.
    const [byMunicipality] = await Promise.all([page.waitForResponse(isResultsRequest), page.locator('#kommune').selectOption('1806')]);
    expect(byMunicipality.status()).toBe(200);
    await expect.poll(() => page.url()).toContain('kommune=1806');
    await expect.poll(() => page.locator('#result-summary').innerText()).not.toBe(allSummary);
    const municipalitySummary = await page.locator('#result-summary').innerText();

    // A category on top.
    const [byCategory] = await Promise.all([page.waitForResponse(isResultsRequest), page.locator('#kategori').selectOption('idrett')]);
    expect(byCategory.status()).toBe(200);
    await expect.poll(() => page.url()).toContain('kategori=idrett');
    expect(page.url()).toContain('kommune=1806');
    await expect.poll(() => page.locator('#result-summary').innerText()).not.toBe(municipalitySummary);
    const categoryStatus = await page.locator('#result-status').innerText();
    const categoryTitles = await cardTitles(page);

    // Search as you type, one key at a time.
    const searched = page.waitForResponse((r) => isResultsRequest(r) && new URL(r.url()).searchParams.get('q') === 'fotb');
    await page.locator('#q').click();
    await page.locator('#q').pressSequentially('fotb', { delay: 80 });
    expect((await searched).status()).toBe(200);
    await expect.poll(() => page.url()).toContain('q=fotb');
    await expect.poll(() => page.locator('#result-status').innerText()).not.toBe(categoryStatus);
    const status = await page.locator('#result-status').innerText();
    expect(status).toMatch(/\d+ lag funnet/);
    expect(status).toContain(await page.locator('#result-summary strong').innerText());
    const titles = await cardTitles(page);
    expect(titles.length).toBeGreaterThan(0);
    expect(titles).not.toEqual(categoryTitles);
    expect(await sameDocument(page)).toBe(true);
    const listUrl = page.url();

    // A detail page, and back: the list, the filters and the search box are as they were.
    const first = page.locator('#results .card__title a').first();
    const name = (await first.innerText()).trim();
    await Promise.all([page.waitForURL(/\/lag\/[a-z0-9-]+$/), first.click()]);
    await expect.poll(() => page.locator('h1').innerText()).toBe(name);
    const detailUrl = page.url();

    await page.goBack();
    await expect.poll(() => page.url()).toBe(listUrl);
    await expect.poll(() => page.locator('#q').inputValue()).toBe('fotb');
    expect(await page.locator('#kommune').inputValue()).toBe('1806');
    expect(await page.locator('#kategori').inputValue()).toBe('idrett');
    expect(await cardTitles(page)).toEqual(titles);

    // One step further back is an entry htmx pushed: the list before the search.
    await page.goBack();
    await expect.poll(() => page.url()).not.toContain('q=fotb');
    expect(page.url()).toContain('kategori=idrett');
    await expect.poll(() => page.locator('#q').inputValue()).toBe('');
    await expect.poll(() => cardTitles(page)).toEqual(categoryTitles);

    // And forward again, twice: the search, then the detail page.
    await page.goForward();
    await expect.poll(() => page.url()).toBe(listUrl);
    await expect.poll(() => page.locator('#q').inputValue()).toBe('fotb');
    await expect.poll(() => cardTitles(page)).toEqual(titles);
    await page.goForward();
    await expect.poll(() => page.url()).toBe(detailUrl);
    await expect.poll(() => page.locator('h1').innerText()).toBe(name);

    expect(errors).toEqual([]);
    await context.close();
  });
});
