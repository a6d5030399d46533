// 100,000 keys under one prefix, in real Chromium: the first page is on screen while the rest is
// still streaming in, the table stays virtualized (a few dozen rows in the DOM), and scrolling to
// the very last key works.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/app-core.js';
import { startDemo, type RunningDemo } from '../../electron/demo/demo.js';
import { DEMO_BUCKETS } from '../../electron/demo/seed.js';
import { launchChromium } from '../harness/chromium.js';
import { startBrowserHost, type BrowserHost } from '../harness/host.js';
import { createTestCore } from '../support/app-core.js';

const KEYS = 100_000;
const shots = path.resolve('test-output/screenshots');

describe('a 100,000-key prefix in Chromium', () => {
  let demo: RunningDemo;
  let core: Core;
  let host: BrowserHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    demo = await startDemo({ bigPrefixKeys: KEYS });
    core = createTestCore(demo.world.endpointTemplate, { account: demo.accounts.demo });
    host = await startBrowserHost(core);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(host.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await core?.dispose();
    await demo?.stop();
  });

  it('shows the first rows while the listing is still streaming, and reaches the last key', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.usEast}`).click();
    await page.locator('[data-testid="object-row"][data-key="many/"]').dblclick();
    await page.locator('[data-testid="object-row"][data-key="many/item-000000.txt"]').waitFor();
    expect(await page.getByTestId('listing-status').textContent()).toContain('Listing…');
    await page.screenshot({ path: path.join(shots, 'huge-listing-streaming.png') });

    const status = page.getByTestId('listing-status');
    await expect.poll(() => status.textContent(), { timeout: 600_000, interval: 500 }).toContain(`${KEYS} objects`);
    const rendered = await page.getByTestId('object-row').count();
    expect(rendered).toBeLessThan(100);
    await page.getByTestId('object-table').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page
      .locator(`[data-testid="object-row"][data-key="many/item-${String(KEYS - 1).padStart(6, '0')}.txt"]`)
      .waitFor();
    await page.screenshot({ path: path.join(shots, 'huge-listing-end.png') });
  }, 660_000);
});
