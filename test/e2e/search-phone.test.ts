import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_TIMEOUT, SETUP_TIMEOUT, type TestServer, SCREENSHOT_DIR, startServerAndBrowser } from './browser.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

// Results first on a phone (issue 15): at 390×844 the count and the first results of a
// search are on the first screen, with the filters folded under "Filtrer"; with and without
// JavaScript. The screenshot of that first screen is written for a person to look at:
// test-results/screenshots/search-phone-390(-nojs).png.

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
}, SETUP_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const PHONE = { width: 390, height: 844 };

describe('search on a phone', () => {
  it.each([true, false])('shows the count and the first results on the first screen (JavaScript %s)', { timeout: FLOW_TIMEOUT }, async (javaScriptEnabled) => {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(`${server.url}/lag?q=kor`);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `search-phone-390${javaScriptEnabled ? '' : '-nojs'}.png`) });

    const count = await page.locator('#result-summary').boundingBox();
    const cards = page.locator('#results .card');
    expect(await cards.count()).toBeGreaterThan(1);
    const first = await cards.first().boundingBox();
    expect(count).not.toBeNull();
    expect(first).not.toBeNull();
    // The count fully visible, and the first result's title on the first screen too.
    expect(count!.y + count!.height).toBeLessThanOrEqual(PHONE.height);
    const title = await page.locator('#results .card__title').first().boundingBox();
    expect(title!.y + title!.height).toBeLessThanOrEqual(PHONE.height);
    expect(await page.locator('#kommune').isVisible()).toBe(false);

    // The filters open from "Filtrer", and stay open on the page a filter leads to.
    await page.locator('details.filter-toggle > summary').click();
    expect(await page.locator('#kommune').isVisible()).toBe(true);
    await page.goto(`${server.url}/lag?q=kor&kommune=1806`);
    expect(await page.locator('#kommune').isVisible()).toBe(true);
    await context.close();
  });

  it('shows the filters without a click on a wide screen', { timeout: FLOW_TIMEOUT }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/lag?q=kor`);
    expect(await page.locator('#kommune').isVisible()).toBe(true);
    expect(await page.locator('details.filter-toggle > summary').isVisible()).toBe(false);
    await context.close();
  });
});
