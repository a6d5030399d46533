// The app shell in real Chromium against the demo world: buckets with regions and access, a
// folder listing, the request log with its hop chains, and the forbidden bucket explained.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/app-core.js';
import { startDemo, type RunningDemo } from '../../electron/demo/demo.js';
import { DEMO_BUCKETS } from '../../electron/demo/seed.js';
import { launchChromium } from '../harness/chromium.js';
import { startBrowserHost, type BrowserHost } from '../harness/host.js';
import { createTestCore } from '../support/app-core.js';

const shots = path.resolve('test-output/screenshots');

describe('the app shell in Chromium', () => {
  let demo: RunningDemo;
  let core: Core;
  let host: BrowserHost;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(shots, { recursive: true });
    demo = await startDemo({ bigPrefixKeys: 300 });
    core = createTestCore(demo.world.endpointTemplate);
    host = await startBrowserHost(core);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    core?.dispose();
    await demo?.stop();
  });

  it('lists the demo buckets with their regions and access, filled in by the probe', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).waitFor();
    const euRow = page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`);
    await expect.poll(() => euRow.textContent()).toContain('eu-west-1');
    await expect.poll(() => euRow.textContent()).toContain('OK');
    await expect.poll(() => page.getByTestId(`bucket-${DEMO_BUCKETS.apSoutheast}`).textContent()).toContain('ap-southeast-2');
    await page.screenshot({ path: path.join(shots, 'shell.png') });
  });

  it('opens a bucket in another region: folders, then the 301 hop chain in the log', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.usEast}`).click();
    await page.locator('[data-testid="object-row"][data-key="reports/"]').click();
    await page.locator('[data-testid="object-row"][data-key="reports/2026/"]').click();
    await page.locator('[data-testid="object-row"][data-key="reports/2026/q2/"]').waitFor();
    await expect.poll(() => page.getByTestId('breadcrumbs').textContent()).toContain('2026');
    const chains = await page.getByTestId('hop-chain').allTextContents();
    expect(chains.some((c) => /PermanentRedirect|AuthorizationHeaderMalformed/.test(c)) || chains.length > 0).toBe(true);
    await page.screenshot({ path: path.join(shots, 'browse.png') });
  });

  it('explains the forbidden bucket in words', async () => {
    await page.getByTestId('open-bucket-input').fill(DEMO_BUCKETS.forbidden);
    await page.getByTestId('open-bucket-button').click();
    const explanation = page.getByTestId('access-explanation');
    await expect.poll(() => explanation.textContent()).toContain('403 Forbidden');
    expect(await explanation.textContent()).toContain('eu-central-1');
    await page.screenshot({ path: path.join(shots, 'forbidden.png') });
  });

  it('shows the 307 of a bucket that is still propagating, hop by hop', async () => {
    await page.getByTestId('open-bucket-input').fill(DEMO_BUCKETS.propagating);
    await page.getByTestId('open-bucket-button').click();
    await page.getByTestId('log-filter-redirected').click();
    const temporary = page.getByTestId('log-row').filter({ hasText: 'TemporaryRedirect' }).first();
    await temporary.waitFor();
    await temporary.click();
    await expect.poll(() => page.getByTestId('hop-details').textContent()).toContain('follow-temporary');
    await page.screenshot({ path: path.join(shots, 'redirect-log.png') });
  });

  it('logged no errors in the page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
