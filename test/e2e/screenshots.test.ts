import { statSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_TIMEOUT, SETUP_TIMEOUT, type TestServer, logIn, screenshot, startServerAndBrowser } from './browser.js';

// Full-page screenshots of the main pages on a phone and a desktop, for a person to look at:
// test-results/screenshots/<page>-<width>.png (not committed). The test only checks that the
// pages fit the width (no sideways scrolling) and that the files were written.

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startServerAndBrowser());
}, SETUP_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('screenshots', () => {
  it.each([375, 1280])('of the front page, list, detail, registration form and moderation queue at %i px', { timeout: FLOW_TIMEOUT }, async (width) => {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    const overflowing: string[] = [];

    async function shoot(name: string): Promise<void> {
      // Wider content than the viewport means a page that scrolls sideways on this screen.
      const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
      if (scrollWidth > width) overflowing.push(`${name}: ${scrollWidth}px wide`);
      const path = await screenshot(page, name, width);
      expect(statSync(path).size).toBeGreaterThan(1000);
    }

    await page.goto(`${server.url}/`);
    await shoot('front-page');
    await page.goto(`${server.url}/lag`);
    await shoot('list');
    await Promise.all([page.waitForURL(/\/lag\/[a-z0-9-]+$/), page.locator('#results .card__title a').first().click()]);
    await shoot('detail');
    await page.goto(`${server.url}/registrer`);
    await shoot('registration-form');
    await logIn(page, server);
    await shoot('moderation-queue');

    await context.close();
    expect(overflowing).toEqual([]);
  });
});
