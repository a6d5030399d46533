// Versions in Chromium on the demo's versioned bucket: the versioning state and its switch, the
// "Show versions" table (badges, delete markers, a deleted folder), one object's history with a
// revert, undelete from a delete marker and from a deleted folder, and a purge that says
// "permanently" and how many — with the wrong click (Escape, Cancel) tried first.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/app-core.js';
import { DEMO_BUCKETS } from '../../electron/demo/seed.js';
import { openAppInChromium, SHOTS, type AppInChromium } from '../support/e2e.js';

describe('versions', () => {
  let app: AppInChromium;
  let core: Core;
  let page: Page;
  const B = DEMO_BUCKETS.versioned;
  const rows = (key: string) => page.locator(`[data-testid="object-row"][data-key="${key}"]`);
  const text = async (key: string) => {
    const out = await core.api['object/preview']({ connectionId: 'demo', bucket: B, key });
    return Buffer.from(out.base64, 'base64').toString();
  };

  beforeAll(async () => {
    app = await openAppInChromium({ viewport: { width: 1440, height: 900 } });
    ({ core, page } = app);
    await page.getByTestId(`bucket-${B}`).click();
    await rows('notes/').waitFor();
  });
  afterAll(async () => app?.stop());

  it('shows the bucket versioning state, and asks before suspending it (Cancel changes nothing)', async () => {
    await expect.poll(() => page.getByTestId('versioning-state').textContent()).toBe('enabled');
    await page.getByTestId('versioning-toggle').click();
    const dialog = page.getByTestId('confirm-dialog');
    expect(await dialog.textContent()).toContain('New writes');
    await page.keyboard.press('Enter'); // Cancel has the focus
    await dialog.waitFor({ state: 'detached' });
    expect((await core.api['bucket/versioning']({ connectionId: 'demo', bucket: B })).status).toBe('Enabled');
  });

  it('counts the whole bucket, and its older versions and delete markers when asked', async () => {
    const sizeBox = page.getByTestId('folder-size');
    await sizeBox.getByTestId('count-size-button').click();
    await expect.poll(() => sizeBox.getByTestId('folder-size-total').textContent()).toMatch(/^\d+ objects?, /);
    expect(await sizeBox.getByTestId('folder-size-noncurrent').count()).toBe(0);
    // Again with versions: another bucket and back starts the box afresh.
    await page.getByTestId(`bucket-${DEMO_BUCKETS.usEast}`).click();
    await page.getByTestId(`bucket-${B}`).click();
    await sizeBox.getByTestId('count-versions-checkbox').check();
    await sizeBox.getByTestId('count-size-button').click();
    const old = await core.api['versions/measure-old']({ connectionId: 'demo', bucket: B, prefix: '' });
    expect(old.versions).toBeGreaterThan(0);
    await expect
      .poll(() => sizeBox.getByTestId('folder-size-noncurrent').textContent())
      .toMatch(new RegExp(`^Older versions${old.versions} · `));
    expect(await sizeBox.getByTestId('folder-size-markers').textContent()).toBe(`Delete markers${old.deleteMarkers}`);
    await page.screenshot({ path: path.join(SHOTS, 'bucket-size-versions.png') });
  });

  it('says in words when older versions may not be listed, and counts without them', async () => {
    await page.getByTestId('open-bucket-input').fill(`s3://${DEMO_BUCKETS.public}/`);
    await page.getByTestId('open-bucket-input').press('Enter');
    const sizeBox = page.getByTestId('folder-size');
    await sizeBox.getByTestId('count-versions-checkbox').check();
    await sizeBox.getByTestId('count-size-button').click();
    await expect.poll(() => sizeBox.getByTestId('versions-refused').textContent()).toContain('s3:ListBucketVersions');
    expect(await sizeBox.getByTestId('count-versions-checkbox').isChecked()).toBe(false);
    await sizeBox.getByTestId('count-size-button').click();
    await expect.poll(() => sizeBox.getByTestId('folder-size-total').textContent()).toMatch(/^\d+ objects?, /);
    await page.getByTestId(`bucket-${B}`).click();
    await rows('notes/').waitFor();
  });

  it('lists every version with badges, a deleted file as a delete marker, and a deleted folder', async () => {
    await page.getByTestId('show-versions').check();
    await expect.poll(() => page.getByTestId('versions-status').textContent()).toContain('versions and delete markers');
    expect(await rows('old/').locator('.badge.marker').textContent()).toBe('deleted folder');
    // The first click selects (the toolbar must not move the table), the second opens.
    const before = await rows('notes/').boundingBox();
    await rows('notes/').click();
    expect((await rows('notes/').boundingBox())?.y).toBe(before?.y);
    await rows('notes/').dblclick();
    await expect.poll(() => rows('notes/todo.txt').count()).toBe(3);
    expect(await rows('notes/todo.txt').first().locator('.badge.latest').count()).toBe(1);
    expect(await rows('notes/draft.md').count()).toBe(2);
    expect(await rows('notes/draft.md').first().locator('.badge.marker').textContent()).toBe('delete marker');
    await page.screenshot({ path: path.join(SHOTS, 'versions-table.png') });
    // Rename, copy and cut are for objects: here they say so (they did nothing and said nothing).
    await rows('notes/todo.txt').first().click();
    await page.getByTestId('object-table').press('F2');
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Rename works on objects');
    await page.getByTestId('object-table').press('Control+c');
    await expect
      .poll(() => page.getByTestId('notice').textContent())
      .toContain('Copy, cut and paste work on objects, not their versions');
    expect(await page.getByTestId('op-dialog').count()).toBe(0);
  });

  it('undeletes a file from its delete marker', async () => {
    await rows('notes/draft.md').first().click();
    await page.getByTestId('marker-info').waitFor();
    await page.getByTestId('undelete-button').click();
    await expect.poll(() => rows('notes/draft.md').count()).toBe(1);
    expect(await text('notes/draft.md')).toContain('A note that was deleted later.');
    // The button went with the marker it acted on: the keyboard is back on the table, not on the
    // page's body where no key does anything.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? 'the body'))
      .toBe('object-table');
  });

  it("shows an object's history and reverts to an older version: a new version, nothing lost", async () => {
    await page.getByTestId('show-versions').uncheck();
    await rows('notes/todo.txt').click();
    const history = page.getByTestId('version-history');
    await expect.poll(() => history.getByTestId('history-version').count()).toBe(3);
    await page.screenshot({ path: path.join(SHOTS, 'versions-history.png') });
    const oldest = history.getByTestId('history-version').last();
    // A double-click reverts once: one new version, not two of the same content.
    await oldest.getByTestId('history-revert').dblclick();
    await expect.poll(() => text('notes/todo.txt')).toBe('Buy milk.\n');
    await expect.poll(() => history.getByTestId('history-version').count()).toBe(4);
    await page.waitForTimeout(500);
    const { records } = await core.api['log/since']({ afterId: 0 });
    expect(records.filter((r) => r.operation === 'CopyObject' && r.key === 'notes/todo.txt')).toHaveLength(1);
  });

  it('brings back a whole deleted folder from the context menu', async () => {
    await page.getByTestId('show-versions').check();
    await page.getByTestId('breadcrumbs').getByRole('button', { name: B }).click();
    await rows('old/').click({ button: 'right' });
    await page.getByTestId('menu-undelete-folder').click();
    await expect
      .poll(
        async () => (await core.api['browse/list']({ connectionId: 'demo', bucket: B, prefix: 'old/' })).objects.length,
      )
      .toBe(1);
    await expect.poll(() => rows('old/').locator('.badge.marker').count()).toBe(0);
  });

  it('deletes chosen versions permanently, saying so and how many; Escape first changes nothing', async () => {
    await rows('config/').dblclick();
    await expect.poll(() => rows('config/settings.json').count()).toBe(2);
    // The older of the two, then Delete: the dialog says permanently, one version.
    await rows('config/settings.json').last().click();
    await page.getByTestId('object-table').press('Delete');
    const dialog = page.getByTestId('confirm-dialog');
    expect(await dialog.textContent()).toContain('Permanently delete version');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await rows('config/settings.json').count()).toBe(2);

    await page.getByTestId('object-table').press('Delete');
    expect(await page.getByTestId('confirm-button').textContent()).toBe('Delete 1 version permanently');
    await page.screenshot({ path: path.join(SHOTS, 'versions-purge.png') });
    await page.getByTestId('confirm-button').click();
    await expect.poll(() => rows('config/settings.json').count()).toBe(1);
    expect(await text('config/settings.json')).toContain('"theme":"dark"');
  });

  it('counts a folder’s old versions before deleting them for good', async () => {
    // draft.md deleted again: its marker is the latest, which a purge keeps (the dialog said
    // "and so do 1 delete markers", counting every marker, old ones too, as staying).
    await core.api['objects/delete']({ connectionId: 'demo', bucket: B, keys: ['notes/draft.md'] });
    await page.getByTestId('breadcrumbs').getByRole('button', { name: B }).click();
    await rows('notes/').click({ button: 'right' });
    await page.getByTestId('menu-purge-old').click();
    await expect.poll(() => page.getByTestId('purge-summary').textContent()).toMatch(/\d+ versions? \(.+ freed\)/);
    expect(await page.getByTestId('purge-summary').textContent()).toContain(
      'The latest version of each object stays, and so does 1 delete marker (those objects stay deleted).',
    );
    await page.screenshot({ path: path.join(SHOTS, 'versions-purge-folder.png') });
    const label = await page.getByTestId('confirm-button').textContent();
    expect(label).toMatch(/^Delete \d+ versions? permanently$/);
    await page.getByTestId('confirm-button').click();
    await expect
      .poll(
        async () =>
          (await core.api['versions/measure-old']({ connectionId: 'demo', bucket: B, prefix: 'notes/' })).versions,
      )
      .toBe(0);
    expect(await text('notes/todo.txt')).toBe('Buy milk.\n');
  });

  it('says so when a bucket never kept versions: each object is its one version, null', async () => {
    // Show versions stays on from bucket to bucket; in one that never kept any, every row read
    // "null latest" with nothing to say why.
    if (!(await page.getByTestId('show-versions').isChecked())) await page.getByTestId('show-versions').check();
    await page.getByTestId(`bucket-${DEMO_BUCKETS.usEast}`).click();
    await expect
      .poll(() => page.getByTestId('versions-status').textContent())
      .toMatch(/versions? (and|or) delete markers? \(never versioned: each object is its one version, null\)$/);
    await page.getByTestId(`bucket-${B}`).click();
    await expect.poll(() => page.getByTestId('versions-status').textContent()).toMatch(/versions and delete markers$/);
  });
});
