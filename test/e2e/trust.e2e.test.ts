// Trust what you see and click, in real Chromium against the demo: one selection (what is
// highlighted is what Delete acts on), confirmations that name what goes and focus Cancel, read-only
// buckets that offer no changes, one request per bucket on first paint, one 301 when a bucket is
// opened by name, names refused in words, pasted S3 paths, the context menu, Content-Type on drop.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppInChromium, SHOTS, type AppInChromium } from '../support/e2e.js';
import type { RequestRecord } from '../../electron/contract.js';
import type { Core } from '../../electron/core/app-core.js';
import { DEMO_BUCKETS } from '../../electron/demo/seed.js';

describe('trust what you see and click', () => {
  let app: AppInChromium;
  let core: Core;
  let page: Page;
  let dropRoot: string;

  const records = async (): Promise<RequestRecord[]> => (await core.api['log/since']({ afterId: 0 })).records;
  const row = (key: string) => page.locator(`[data-testid="object-row"][data-key="${key}"]`);
  const highlighted = () =>
    page
      .locator('[data-testid="object-row"][aria-selected="true"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
  const table = () => page.getByTestId('object-table');

  beforeAll(async () => {
    dropRoot = await mkdtemp(path.join(os.tmpdir(), 'trust-'));
    app = await openAppInChromium({
      dropRoot,
      viewport: { width: 1280, height: 800 },
      core: { userDataDir: path.join(dropRoot, 'user-data') },
    });
    ({ core, page } = app);
  });

  afterAll(async () => {
    await app?.stop();
    await rm(dropRoot, { recursive: true, force: true });
  });

  it('paints the bucket list with one request per bucket, and checks permissions only for an opened bucket', async () => {
    const list = page.getByTestId('bucket-list');
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).waitFor();
    const names = await list
      .locator('[data-testid^="bucket-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(7)));
    expect(names.length).toBeGreaterThanOrEqual(4);
    await expect
      .poll(async () => (await records()).filter((r) => r.operation === 'HeadBucket').length)
      .toBe(names.length);
    const perBucket = (await records()).filter((r) => r.bucket);
    expect(perBucket.map((r) => r.operation).filter((op) => op !== 'HeadBucket')).toEqual([]);
    expect(new Set(perBucket.map((r) => r.bucket)).size).toBe(names.length);
    // Opening one bucket runs its permission checks, and only its own.
    await page.getByTestId(`bucket-${DEMO_BUCKETS.usEast}`).click();
    await row('README.txt').waitFor();
    await expect
      .poll(async () => [
        ...new Set((await records()).filter((r) => r.operation === 'GetBucketAcl').map((r) => r.bucket)),
      ])
      .toEqual([DEMO_BUCKETS.usEast]);
  });

  it('moves focus and selection together: ↑ from README.txt leaves only the folder, and Delete offers that', async () => {
    await row('README.txt').click();
    expect(await highlighted()).toEqual(['README.txt']);
    await table().press('ArrowUp');
    expect(await highlighted()).toEqual(['reports/']);
    await page.screenshot({ path: path.join(SHOTS, 'selection.png') });
    await table().press('Delete');
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('reports/');
    expect(await dialog.textContent()).not.toContain('README.txt');
    // Cancel has the focus; the count of what the folder holds comes before the question.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('cancel-button');
    await expect
      .poll(() => page.getByTestId('delete-count').textContent())
      .toMatch(/The folder holds 3 objects \(\d+ B\)/);
    expect(await page.getByTestId('confirm-button').textContent()).toBe('Delete 3 objects');
    await page.screenshot({ path: path.join(SHOTS, 'delete-folder-count.png') });
    await page.keyboard.press('Enter'); // on Cancel
    await dialog.waitFor({ state: 'detached' });
    await row('reports/').waitFor();
    expect(await highlighted()).toEqual(['reports/']);
  });

  it('Ctrl-click toggles a row out completely, and the Delete button says the count', async () => {
    await row('README.txt').click();
    await row('odd names/').click({ modifiers: ['Control'] });
    await row('reports/').click({ modifiers: ['Control'] });
    expect(await highlighted()).toEqual(['odd names/', 'reports/', 'README.txt']);
    expect(await page.getByTestId('delete-button').textContent()).toBe('Delete 3 items');
    await row('odd names/').click({ modifiers: ['Control'] });
    expect(await highlighted()).toEqual(['reports/', 'README.txt']);
    expect(await page.locator('.object-row.selected').count()).toBe(2);
    expect(await page.getByTestId('delete-button').textContent()).toBe('Delete 2 items');
  });

  it('Shift-click selects a range without selecting the page text; Esc clears; Ctrl+A selects all', async () => {
    await row('odd names/').click();
    await row('README.txt').click({ modifiers: ['Shift'] });
    expect(await highlighted()).toEqual(['odd names/', 'reports/', 'README.txt']);
    await row('reports/').click({ modifiers: ['Shift'] });
    expect(await highlighted()).toEqual(['odd names/', 'reports/']);
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
    await table().press('Escape');
    expect(await highlighted()).toEqual([]);
    expect(await page.getByTestId('delete-button').isDisabled()).toBe(true);
    await table().press('Control+a');
    expect((await highlighted()).length).toBe(4);
    await table().press('Home');
    expect(await highlighted()).toEqual(['media/']);
    await table().press('End');
    expect(await highlighted()).toEqual(['README.txt']);
  });

  it('finds a row by typing its first letters, opens folders with Enter and goes back with Alt+←', async () => {
    await table().press('o');
    await table().press('d');
    expect(await highlighted()).toEqual(['odd names/']);
    await table().press('Enter');
    await row('odd names/a+b=c.txt').waitFor();
    await table().press('Alt+ArrowLeft');
    await row('odd names/').waitFor();
    await table().press('Alt+ArrowRight');
    await row('odd names/a+b=c.txt').waitFor();
    await table().press('Backspace');
    await row('README.txt').waitFor();
    // From a checkbox too (it is not typing), but never from a text box.
    await row('odd names/').dblclick();
    await row('odd names/a+b=c.txt').waitFor();
    await page.getByTestId('filter-input').press('Alt+ArrowLeft');
    expect(await page.getByTestId('breadcrumbs').textContent()).toContain('odd names');
    await page.getByTestId('show-versions').press('Alt+ArrowLeft');
    await row('README.txt').waitFor();
    // Tab leaves the table for the next pane: the folders' › buttons are for the mouse, not Tab stops.
    await table().focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).not.toBe('open-folder');
  });

  it('opens a context menu on the focused row from the keyboard, with shortcuts shown', async () => {
    await row('README.txt').click();
    await table().press('Shift+F10');
    const menu = page.getByTestId('context-menu');
    await menu.waitFor();
    const text = await menu.textContent();
    for (const item of ['Download…', 'Copy S3 URI', 'Delete 1 item…', 'Del', 'Select all', 'Ctrl+A', 'Refresh', 'F5'])
      expect(text).toContain(item);
    await page.screenshot({ path: path.join(SHOTS, 'context-menu.png') });
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    // Right-click on another row selects it first, as file managers do.
    await row('reports/').click({ button: 'right' });
    await menu.waitFor();
    expect(await highlighted()).toEqual(['reports/']);
    expect(await menu.textContent()).toContain('Open');
    await page.keyboard.press('Escape');
    // A bucket's menu from the keyboard: Escape gives the keyboard back to that bucket (it went to
    // the page's body, and from there nowhere).
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    const bucket = page.locator('.bucket-row').first();
    await bucket.focus();
    const opener = await focused();
    await page.keyboard.press('Shift+F10');
    await menu.waitFor();
    expect(await menu.textContent()).toContain('Copy S3 URI');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await focused()).toBe(opener);
  });

  it('refuses an invalid bucket name in words and never lists it; opens a pasted s3:// path', async () => {
    const input = page.getByTestId('open-bucket-input');
    await input.fill('My_Bucket');
    expect(await page.getByTestId('open-bucket-problem').textContent()).toContain(
      'Bucket names are 3–63 lowercase letters, digits, dots and hyphens',
    );
    expect(await page.getByTestId('open-bucket-button').isDisabled()).toBe(true);
    await input.press('Enter');
    expect(await page.getByTestId('bucket-My_Bucket').count()).toBe(0);
    await input.fill(`s3://${DEMO_BUCKETS.usEast}/reports/2026/`);
    await input.press('Enter');
    await row('reports/2026/q1/').waitFor();
    expect(await page.getByTestId('breadcrumbs').textContent()).toContain('2026');
  });

  it("opens another account's public bucket by name: one 301, read-only, nothing to change offered", async () => {
    const before = (await records()).length;
    await page.getByTestId(`suggest-${DEMO_BUCKETS.public}`).click();
    await row('LICENSE.txt').waitFor();
    await page.getByTestId('read-only-badge').waitFor();
    const mine = (await records()).slice(before).filter((r) => r.bucket === DEMO_BUCKETS.public);
    expect(mine.filter((r) => r.hops.some((h) => h.status === 301)).length).toBe(1);
    for (const id of ['upload-button', 'new-folder-button', 'delete-button', 'delete-bucket-button']) {
      expect(await page.getByTestId(id).count(), id).toBe(0);
    }
    expect(await page.getByTestId('access-explanation').textContent()).toContain(
      'Read-only: you may list and read, not change',
    );
    await row('LICENSE.txt').click({ button: 'right' });
    const menu = page.getByTestId('context-menu');
    await menu.waitFor();
    expect(await menu.textContent()).not.toContain('Delete');
    await page.keyboard.press('Escape');
    await table().press('Delete');
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('read-only');
    expect(await page.getByTestId('confirm-dialog').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'read-only.png') });
    // The by-name bucket stays in the list and can be removed from it.
    await page.getByTestId(`bucket-${DEMO_BUCKETS.public}`).hover();
    await page.getByTestId(`forget-${DEMO_BUCKETS.public}`).click();
    expect(await page.getByTestId(`bucket-${DEMO_BUCKETS.public}`).count()).toBe(0);
  });

  it('stores dropped files with the Content-Type a browser would give them', async () => {
    await writeFile(path.join(dropRoot, 'shot.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    await writeFile(path.join(dropRoot, 'page.html'), '<h1>hi</h1>');
    await page.getByTestId(`bucket-${DEMO_BUCKETS.apSoutheast}`).click();
    await row('logs/').waitFor();
    await page.getByTestId('upload-button').waitFor();
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['x'], 'shot.png'));
      transfer.items.add(new File(['x'], 'page.html'));
      const target = document.querySelector('[data-testid="object-table"]')!;
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await row('shot.png').waitFor();
    await row('page.html').waitFor();
    for (const [key, type] of [
      ['shot.png', 'image/png'],
      ['page.html', 'text/html'],
    ]) {
      await row(key!).click();
      await expect.poll(() => page.getByTestId('object-info').textContent()).toContain(type!);
    }
  });

  it('starts again where it was left: connection, bucket, folder, and buckets opened by name', async () => {
    await page.getByTestId('open-bucket-input').fill(DEMO_BUCKETS.directory);
    await page.getByTestId('open-bucket-input').press('Enter');
    await row('express/').waitFor();
    // A name with no bucket behind it shows its 404 now, and is not remembered for the next start.
    await page.getByTestId('open-bucket-input').fill('no-such-bucket-typo');
    await page.getByTestId('open-bucket-input').press('Enter');
    await expect.poll(() => page.getByTestId('access-explanation').textContent()).toContain('404 Not Found');
    await page.getByTestId('bucket-no-such-bucket-typo').waitFor();
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).click();
    await row('photos/').dblclick();
    await row('photos/2025/').waitFor();
    await page.reload();
    await row('photos/2025/').waitFor();
    expect(await page.getByTestId('breadcrumbs').textContent()).toContain('photos');
    await page.getByTestId(`bucket-${DEMO_BUCKETS.directory}`).waitFor();
    expect(await page.getByTestId('bucket-no-such-bucket-typo').count()).toBe(0);
    expect(await page.getByTestId('connection-select').inputValue()).toBe('demo');
  });

  it('logged no errors in the page', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});
