// Uploads as a person meets them, in Chromium against the demo: names that exist are asked about
// once per batch (and the answer can hold for the session), an empty folder in a dropped folder
// becomes a folder at its own place, and the transfers panel shows one row per drop with its
// files beneath, Clear finished and Pause/Cancel all.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppInChromium, SHOTS, type AppInChromium } from '../support/e2e.js';
import type { Core } from '../../electron/core/app-core.js';
import { DEMO_BUCKETS } from '../../electron/demo/seed.js';
import { FaultPlan } from '../../electron/world/faults.js';

describe('uploads you can trust', () => {
  let app: AppInChromium;
  let core: Core;
  let page: Page;
  let dropRoot: string;
  const faults = new FaultPlan();

  const row = (key: string) => page.locator(`[data-testid="object-row"][data-key="${key}"]`);
  /** Drop files (named relative to the host's drop folder) on the object table. */
  const drop = (...names: string[]) =>
    page.evaluate((list) => {
      const transfer = new DataTransfer();
      for (const name of list) transfer.items.add(new File(['x'], name));
      const table = document.querySelector('[data-testid="object-table"]')!;
      table.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, names);
  const foldersIn = async (prefix: string) =>
    (await core.api['browse/list']({ connectionId: 'demo', bucket: DEMO_BUCKETS.euWest, prefix })).folders;

  beforeAll(async () => {
    dropRoot = await mkdtemp(path.join(os.tmpdir(), 'transfers-e2e-'));
    app = await openAppInChromium({
      dropRoot,
      faults,
      core: { pickFolder: () => path.join(dropRoot, 'home'), pickFiles: () => [path.join(dropRoot, 'picked.txt')] },
    });
    ({ core, page } = app);
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).click();
    await row('photos/').waitFor();
    await page.getByTestId('upload-button').waitFor();
  });

  afterAll(async () => {
    await app?.stop();
    await rm(dropRoot, { recursive: true, force: true });
  });

  it('makes an empty folder in a dropped folder a folder at its own place', async () => {
    await mkdir(path.join(dropRoot, 'project/empty'), { recursive: true });
    await mkdir(path.join(dropRoot, 'project/docs'), { recursive: true });
    await writeFile(path.join(dropRoot, 'project/docs/readme.md'), '# project\n');
    await drop('project');
    await row('project/').waitFor();
    const batch = page.getByTestId('transfer-batch').first();
    await expect.poll(() => batch.getByTestId('batch-summary').textContent()).toBe('2 done');
    await row('project/').dblclick();
    await row('project/empty/').waitFor();
    await row('project/docs/').waitFor();
    expect(await batch.textContent()).toContain('10 B / 10 B');
    expect(await foldersIn('project/')).toEqual(['project/docs/', 'project/empty/']);
    await page.keyboard.press('Alt+ArrowLeft');
    await row('photos/').waitFor();
  });

  it('asks once about names that exist, with Skip focused, and can keep the answer for the session', async () => {
    await writeFile(path.join(dropRoot, 'notes.txt'), 'new notes\n');
    await writeFile(path.join(dropRoot, 'fresh.txt'), 'fresh\n');
    await drop('notes.txt');
    await row('notes.txt').waitFor();
    // Now notes.txt exists: dropping it again with a new file asks, once, for the batch.
    await writeFile(path.join(dropRoot, 'notes.txt'), 'newer notes\n');
    await drop('notes.txt', 'fresh.txt');
    const dialog = page.getByTestId('conflict-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('1 of the 2 names exist');
    expect(await dialog.textContent()).toContain('notes.txt');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('conflict-skip');
    await page.screenshot({ path: path.join(SHOTS, 'conflict.png') });
    await page.getByTestId('conflict-apply-all').check();
    await page.getByTestId('conflict-keep-both').click();
    await dialog.waitFor({ state: 'detached' });
    await row('notes (1).txt').waitFor();
    await row('fresh.txt').waitFor();
    expect(await page.getByTestId('conflict-select').inputValue()).toBe('keep-both');
    // The answer holds for the next batch: no question, another free name.
    await drop('notes.txt');
    await row('notes (2).txt').waitFor();
    expect(await page.getByTestId('conflict-dialog').count()).toBe(0);
  });

  it('cancels a whole batch from the question, uploading nothing', async () => {
    await page.getByTestId('conflict-select').selectOption('ask');
    const before = await page.getByTestId('transfer-batch').count();
    await drop('fresh.txt');
    await page.getByTestId('conflict-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('conflict-dialog').waitFor({ state: 'detached' });
    expect(await page.getByTestId('transfer-batch').count()).toBe(before);
    expect(await row('fresh (1).txt').count()).toBe(0);
  });

  it('downloads a selected folder into a chosen folder, keeping its structure', async () => {
    await mkdir(path.join(dropRoot, 'home'), { recursive: true });
    await row('photos/').click();
    // A double-click asks for one folder and downloads once (the second click, while the first was
    // being answered, started the same download again).
    await page.getByTestId('toolbar-download-button').dblclick();
    // Each file lands when its own download ends: both are waited for.
    const holiday = (name: string) =>
      readFile(path.join(dropRoot, 'home', 'photos', '2025', 'holiday', name), 'utf8').catch(() => '');
    await expect.poll(() => holiday('beach.jpg.txt')).toBe('A photo would be here.\n');
    await expect.poll(() => holiday('hills.jpg.txt')).toBe('Another photo.\n');
    await page.waitForTimeout(500);
    expect(await page.getByTestId('conflict-dialog').count()).toBe(0);
    const { records } = await core.api['log/since']({ afterId: 0 });
    expect(
      records.filter((r) => r.operation === 'GetObject' && r.key === 'photos/2025/holiday/beach.jpg.txt'),
    ).toHaveLength(1);
    // Their GETs (taken by the socket reader) are in the log like every request: whole, since the
    // listing sized these small objects, so S3 sent each one's checksum with it to be checked.
    await page.getByTestId('tab-log').click();
    await page.getByTestId('log-search').fill('GetObject');
    const gets = page.getByTestId('log-row');
    await expect.poll(() => gets.count()).toBeGreaterThanOrEqual(2);
    expect(await gets.first().textContent()).toMatch(/→ 200/);
    await gets.first().click();
    await page.getByTestId('hop-details').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'download-log.png') });
    await page.getByTestId('log-search').fill('');
    // Each file's row says what its bytes were checked against beyond their size.
    await page.getByTestId('tab-transfers').click();
    const beach = page.locator('[data-testid="transfer-row"][data-key="photos/2025/holiday/beach.jpg.txt"]');
    await expect.poll(() => beach.getByTestId('transfer-state').textContent()).toBe('done · CRC32 ✓');
    expect(await beach.getByTestId('transfer-state').getAttribute('title')).toBe(
      "Its bytes matched the object's CRC32, not only its size.",
    );
    // Its name's tooltip goes the way the bytes went: from the bucket to the file (it said the
    // file went to the bucket, as an upload's does).
    expect(await beach.locator('span.mono').first().getAttribute('title')).toBe(
      `s3://${DEMO_BUCKETS.euWest}/photos/2025/holiday/beach.jpg.txt → ${path.join(dropRoot, 'home', 'photos', '2025', 'holiday', 'beach.jpg.txt')}`,
    );
    await page.screenshot({ path: path.join(SHOTS, 'download-checked.png') });

    // The same folder again: both names are there, and keeping both saves each under a free name,
    // which its row says (it named the key only, as if the file had gone where the first one is).
    await row('photos/').click();
    await page.getByTestId('toolbar-download-button').click();
    await page.getByTestId('conflict-keep-both').click();
    await expect.poll(() => holiday('beach.jpg (1).txt')).toBe('A photo would be here.\n');
    expect(await holiday('beach.jpg.txt')).toBe('A photo would be here.\n');
    const kept = page
      .getByTestId('transfer-row')
      .filter({ hasText: 'photos/2025/holiday/beach.jpg.txt → beach.jpg (1).txt' });
    await expect.poll(() => kept.getAttribute('data-state')).toBe('done');
    // The first download's row, saved under the key's own name, names the key alone.
    expect(await beach.count()).toBe(2);
    expect(await kept.count()).toBe(1);
  });

  it('shows one row per batch with its files beneath, and clears what is finished', async () => {
    await page.getByTestId('tab-transfers').click();
    const batches = page.getByTestId('transfer-batch');
    await expect.poll(() => batches.count()).toBe(6);
    const texts = await batches.allTextContents();
    expect(texts.some((t) => t.includes('2 items → s3://demo-eu-west/') && t.includes('2 done'))).toBe(true);
    expect(texts.join('\n')).not.toContain('multipart');
    await page.screenshot({ path: path.join(SHOTS, 'transfers-batches.png') });
    await page.getByTestId('clear-finished').click();
    await expect.poll(() => batches.count()).toBe(0);
    expect(await page.getByTestId('clear-finished').isDisabled()).toBe(true);
  });
  it('uploads what Upload… picked, once for a double-click', async () => {
    await writeFile(path.join(dropRoot, 'picked.txt'), 'picked by hand\n');
    await page.getByTestId('upload-button').dblclick();
    await row('picked.txt').waitFor();
    await page.waitForTimeout(500);
    expect(await page.getByTestId('conflict-dialog').count()).toBe(0);
    const { records } = await core.api['log/since']({ afterId: 0 });
    expect(records.filter((r) => r.operation === 'PutObject' && r.key === 'picked.txt')).toHaveLength(1);
    // Its row says what S3 checked the bytes against, computed from the file.
    const state = page.locator('[data-testid="transfer-row"][data-key="picked.txt"]').getByTestId('transfer-state');
    await expect.poll(() => state.textContent()).toBe('done · CRC32 ✓');
    expect(await state.getAttribute('title')).toBe(
      'S3 checked the bytes it received against the CRC32 computed from the file.',
    );
  });

  it('shows what an upload made in its bucket, from another bucket, with the object selected', async () => {
    await writeFile(path.join(dropRoot, 'found-again.txt'), 'where did it go?\n');
    await drop('found-again.txt');
    const batch = page.getByTestId('transfer-batch').filter({ hasText: 'found-again.txt' });
    await expect.poll(() => batch.getByTestId('batch-summary').textContent()).toBe('1 done');
    await page.getByTestId(`bucket-${DEMO_BUCKETS.usEast}`).click();
    await row('README.txt').waitFor();
    await batch.getByTestId('show-in-bucket').click();
    await row('found-again.txt').waitFor();
    expect(await page.getByTestId('breadcrumbs').textContent()).toBe(DEMO_BUCKETS.euWest);
    // Selected once its folder's listing has come (the row can show a moment before).
    await expect.poll(() => row('found-again.txt').getAttribute('aria-selected')).toBe('true');
    // A failed or running transfer has nothing to show yet.
    expect(
      await page.getByTestId('transfer-row').filter({ hasText: 'failed' }).getByTestId('show-in-bucket').count(),
    ).toBe(0);
  });

  it('uploads in the storage class chosen beside the transfers, then in the bucket default again', async () => {
    await writeFile(path.join(dropRoot, 'archived.txt'), 'kept cold\n');
    await page.getByTestId('tab-transfers').click();
    await page.getByTestId('upload-class-select').selectOption('DEEP_ARCHIVE');
    await drop('archived.txt');
    await expect.poll(() => row('archived.txt').locator('.storage-class').textContent()).toBe('DEEP_ARCHIVE');
    await page.getByTestId('upload-class-select').selectOption('');
    await writeFile(path.join(dropRoot, 'warm.txt'), 'kept warm\n');
    await drop('warm.txt');
    await row('warm.txt').waitFor();
    const details = await core.api['object/details']({
      connectionId: 'demo',
      bucket: DEMO_BUCKETS.euWest,
      key: 'warm.txt',
    });
    expect(details.storageClass ?? 'STANDARD').toBe('STANDARD');
  });

  it('uploads files dropped on a folder row into that folder, saying so while they are held over it', async () => {
    await writeFile(path.join(dropRoot, 'into-deep.txt'), 'dropped on deep/\n');
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).click();
    await row('photos/').waitFor();
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['x'], 'into-deep.txt'));
      const folder = document.querySelector('[data-testid="object-row"][data-key="deep/"] .name')!;
      folder.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await expect
      .poll(() => page.getByTestId('drop-overlay').textContent())
      .toBe(`Drop to upload to s3://${DEMO_BUCKETS.euWest}/deep/`);
    expect(await row('deep/').getAttribute('class')).toContain('drop-into');
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['x'], 'into-deep.txt'));
      const folder = document.querySelector('[data-testid="object-row"][data-key="deep/"] .name')!;
      folder.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    const batch = page.getByTestId('transfer-batch').filter({ hasText: 'into-deep.txt' });
    await expect.poll(() => batch.getByTestId('batch-summary').textContent()).toBe('1 done');
    const listed = await core.api['browse/list']({
      connectionId: 'demo',
      bucket: DEMO_BUCKETS.euWest,
      prefix: 'deep/',
    });
    expect(listed.objects.map((o) => o.key)).toContain('deep/into-deep.txt');
    expect(await row('into-deep.txt').count()).toBe(0); // not in the folder on screen
    // Left as it was for the tests after this one, which count what deep/ holds.
    await core.api['objects/delete']({
      connectionId: 'demo',
      bucket: DEMO_BUCKETS.euWest,
      keys: ['deep/into-deep.txt'],
    });
  });

  it('says why an upload failed, and retries it', async () => {
    await writeFile(path.join(dropRoot, 'refused.txt'), 'refused once\n');
    faults.add(
      { method: 'PUT', bucket: DEMO_BUCKETS.euWest, key: 'refused.txt' },
      { kind: 'status', status: 403, code: 'AccessDenied', message: 'Access Denied' },
      10,
    );
    await drop('refused.txt');
    const batch = page.getByTestId('transfer-batch').filter({ hasText: 'refused.txt' });
    await expect.poll(() => batch.getByTestId('batch-summary').textContent()).toBe('1 failed');
    const file = batch.getByTestId('transfer-row');
    expect(await file.textContent()).toContain('failed: Access Denied. This identity is not allowed');
    expect(await page.getByTestId('resume-all').textContent()).toBe('Retry all');
    // Its menu copies the error whole (the row cuts it off) and retries it.
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    await file.click({ button: 'right' });
    await page.getByTestId('context-menu').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'transfer-row-menu.png') });
    expect(await page.getByTestId('context-menu').getByRole('menuitem').allTextContents()).toEqual([
      'Retry',
      'Cancel',
      'Copy the S3 path',
      'Copy the local path',
      'Copy the error',
    ]);
    await page.getByTestId('transfer-menu-copy-error').click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toMatch(new RegExp(`^s3://${DEMO_BUCKETS.euWest}/refused\\.txt: Access Denied\\. This identity is not allowed`));
    faults.clear();
    // From the keyboard: Shift+F10 on the row's button opens the same menu; Enter runs Retry.
    await file.getByTestId('resume-button').focus();
    await page.keyboard.press('Shift+F10');
    await page.getByTestId('context-menu').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => batch.getByTestId('batch-summary').textContent()).toBe('1 done');
    await row('refused.txt').waitFor();
    // Done: what it made can be shown, and nothing is left to pause or retry.
    await file.click({ button: 'right' });
    expect(await page.getByTestId('context-menu').getByRole('menuitem').allTextContents()).toEqual([
      'Show in bucket',
      'Copy the S3 path',
      'Copy the local path',
    ]);
    await page.getByTestId('transfer-menu-copy-local').click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe(path.join(dropRoot, 'refused.txt'));
  });

  it('drags rows out: the first drag out of the window downloads them, the next carries their files', async () => {
    const dragStart = async (key: string) => {
      const transfer = await page.evaluateHandle(() => new DataTransfer());
      await row(key).dispatchEvent('dragstart', { dataTransfer: transfer });
    };
    await row('photos/').click();
    await row('deep/').click({ modifiers: ['Control'] });
    await dragStart('photos/');
    expect(app.host.drags).toEqual([]); // nothing downloaded yet: a move within the window stays possible
    // The pointer leaves the window with the rows: main downloads them meanwhile.
    await page.evaluate(() =>
      document.documentElement.dispatchEvent(new DragEvent('dragleave', { bubbles: true, clientX: -1, clientY: 300 })),
    );
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Ready to drag out (3 files');
    await page.screenshot({ path: path.join(SHOTS, 'drag-out-ready.png') });

    // The next drag of the same rows is the operating system's, with the files: the top of each item.
    await dragStart('deep/');
    await expect.poll(() => app.host.drags.length).toBe(1);
    const files = app.host.drags[0]!.files!;
    expect(files.map((f) => path.basename(f)).sort()).toEqual(['deep', 'photos']);
    const photos = files.find((f) => path.basename(f) === 'photos')!;
    expect(await readFile(path.join(photos, '2025', 'holiday', 'beach.jpg.txt'), 'utf8')).toBe(
      'A photo would be here.\n',
    );
    const deep = files.find((f) => path.basename(f) === 'deep')!;
    expect(await readFile(path.join(deep, 'a/b/c/d/e/f/leaf.txt'), 'utf8')).toBe(
      'Deep only: every level is a folder.\n',
    );

    // Those files let go on our own table, or on a file's row, are not an upload of themselves.
    const before = (await core.api['transfers/list']()).length;
    await drop('photos');
    await dragStart('deep/');
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['x'], 'photos'));
      document
        .querySelector('[data-testid="object-row"]:not(.folder)')!
        .dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await page.waitForTimeout(300);
    expect((await core.api['transfers/list']()).length).toBe(before);
    // A token main never gave drags nothing.
    expect(core.draggedFiles('not-a-token')).toBeUndefined();
  });

  it('keeps search results on screen while an upload lands in the folder searched; F5 searches again', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).click();
    await row('photos/').waitFor();
    const filter = page.getByTestId('filter-input');
    await filter.fill('hills');
    await filter.press('Enter');
    await expect.poll(() => page.getByTestId('search-banner').textContent()).toMatch(/: 1 found/);
    await writeFile(path.join(dropRoot, 'landed-meanwhile.txt'), 'while you searched\n');
    await drop('landed-meanwhile.txt');
    const batch = page.getByTestId('transfer-batch').filter({ hasText: 'landed-meanwhile.txt' });
    await expect.poll(() => batch.getByTestId('batch-summary').textContent()).toBe('1 done');
    await page.waitForTimeout(600); // the folder's refresh after an upload comes 300 ms later
    // The folder was listed again and the search ended under the user's eyes.
    expect(await page.getByTestId('search-banner').count()).toBe(1);
    expect(await row('photos/2025/holiday/hills.jpg.txt').count()).toBe(1);
    await page.getByTestId('object-table').press('F5');
    await expect.poll(() => page.getByTestId('search-banner').textContent()).toMatch(/: 1 found/);
    // Left, the search shows the folder as it is now.
    await filter.press('Escape');
    await row('landed-meanwhile.txt').waitFor();
  });
});
