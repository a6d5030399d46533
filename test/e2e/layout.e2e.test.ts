// The window at its minimum size (900 × 560, as main.ts sets it): nothing is cut off, every pane
// and button stays reachable, and the page itself never scrolls sideways.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppInChromium, SHOTS, type AppInChromium } from '../support/e2e.js';
import { DEMO_BUCKETS } from '../../electron/demo/seed.js';

const WIDTH = 900;
const HEIGHT = 560;

async function inside(page: Page, testId: string) {
  const box = await page.getByTestId(testId).first().boundingBox();
  expect(box, testId).not.toBeNull();
  expect(box!.x, testId).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, testId).toBeLessThanOrEqual(WIDTH + 0.5);
  expect(box!.y + Math.min(box!.height, 20), testId).toBeLessThanOrEqual(HEIGHT);
}

describe('the smallest window', () => {
  let app: AppInChromium;
  let page: Page;

  beforeAll(async () => {
    app = await openAppInChromium({ viewport: { width: WIDTH, height: HEIGHT }, keys: 40 });
    ({ page } = app);
    await page.getByTestId(`bucket-${DEMO_BUCKETS.usEast}`).click();
    await page.locator('[data-testid="object-row"][data-key="README.txt"]').click();
    await page.getByTestId('object-info').waitFor();
  });

  afterAll(async () => app?.stop());

  it('keeps every pane and button inside the window', async () => {
    await page.screenshot({ path: path.join(SHOTS, 'smallest-window.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
    for (const id of [
      'object-info',
      'download-button',
      'share-button',
      'export-button',
      'log-clear',
      'panel-toggle',
      'upload-button',
      'delete-button',
      'refresh-button',
      'filter-input',
    ]) {
      await inside(page, id);
    }
    // The connection's full name is there on hover, even when the select cuts it.
    expect(await page.getByTestId('connection-select').getAttribute('title')).toBe('Demo (S3 world on this computer)');
  });

  it('keeps a tall dialog inside the window, scrolled within, its buttons reachable', async () => {
    await page.getByTestId('add-connection-button').click();
    const dialog = page.getByTestId('connection-dialog');
    await dialog.waitFor();
    const box = (await dialog.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(HEIGHT);
    const submit = page.getByTestId('add-connection-submit');
    await submit.scrollIntoViewIfNeeded();
    const button = (await submit.boundingBox())!;
    expect(button.y).toBeGreaterThanOrEqual(0);
    expect(button.y + button.height).toBeLessThanOrEqual(HEIGHT);
    await page.screenshot({ path: path.join(SHOTS, 'smallest-window-dialog.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('gives the table room for rows on a first start: the toolbar keeps to two lines', async () => {
    // The uploads' conflict choice sat in the browsing toolbar and wrapped it onto a third line,
    // and the panel took its usual 300 px: four rows were left. It lives in Transfers now, and a
    // first start gives the panel a third of a small window.
    const toolbar = (await page.locator('.toolbar.secondary').boundingBox())!;
    expect(toolbar.height).toBeLessThan(80); // two lines of buttons, not three
    await page.locator('[data-testid="object-row"][data-key="many/"]').dblclick();
    await expect.poll(() => page.getByTestId('object-row').count()).toBeGreaterThan(10);
    // The location line keeps "bucket / folder" on one line beside ☆ and the filter.
    expect((await page.getByTestId('breadcrumbs').boundingBox())!.height).toBeLessThan(30);
    const body = (await page.getByTestId('object-table').boundingBox())!;
    const whole = await page.getByTestId('object-row').evaluateAll(
      (els, b) =>
        els.filter((e) => {
          const r = e.getBoundingClientRect();
          return r.top >= b.y && r.bottom <= b.y + b.height + 0.5;
        }).length,
      body,
    );
    expect(whole).toBeGreaterThanOrEqual(6);
    await page.screenshot({ path: path.join(SHOTS, 'smallest-window-rows.png') });
    await page.getByTestId('tab-transfers').click();
    await inside(page, 'conflict-select');
    await page.getByTestId('tab-log').click();
    // The log's toolbar keeps to one line: its buttons share a row with the filters.
    const logBar = await page
      .locator('.log-toolbar > *')
      .evaluateAll((els) => els.map((e) => (e.getBoundingClientRect().top + e.getBoundingClientRect().bottom) / 2));
    expect(Math.max(...logBar) - Math.min(...logBar)).toBeLessThan(6);
    await page.getByTestId('breadcrumbs').getByText(DEMO_BUCKETS.usEast).click();
    await page.locator('[data-testid="object-row"][data-key="README.txt"]').waitFor();
  });

  it('keeps the four buttons on one line with an object selected; "Show versions" is what wraps', async () => {
    // Delete went to a second line, and the table moved when the selection changed its label.
    await page.locator('[data-testid="object-row"][data-key="README.txt"]').click();
    await expect.poll(() => page.getByTestId('delete-button').textContent()).toBe('Delete 1 item');
    const middles = await page
      .locator('.toolbar.secondary > button')
      .evaluateAll((els) => els.map((e) => (e.getBoundingClientRect().top + e.getBoundingClientRect().bottom) / 2));
    expect(middles).toHaveLength(4);
    expect(Math.max(...middles) - Math.min(...middles)).toBeLessThan(2);
    await page.keyboard.press('Escape');
  });

  it("shows a search's results as rows, not only as a count", async () => {
    await page.getByTestId('filter-input').fill('*.json');
    await page.getByTestId('filter-input').press('Enter');
    await expect.poll(() => page.getByTestId('search-banner').textContent()).toMatch(/^Searched .*: 2 found/);
    const body = (await page.getByTestId('object-table').boundingBox())!;
    const rows = await page.getByTestId('object-row').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom };
      }),
    );
    const onScreen = rows.filter((r) => r.top >= body.y && r.bottom <= body.y + body.height + 0.5);
    expect(onScreen.length).toBe(2); // both, whole, inside the table's visible part
    await page.screenshot({ path: path.join(SHOTS, 'smallest-window-search.png') });
    await page.getByTestId('search-close').click();
  });
});
