// File operations in Chromium on the demo: rename with F2 (the wrong name first), a move by
// dragging a row onto a folder, copy and paste into another region's bucket, an edit of one
// header that keeps the rest, and a restore from Glacier — each counted in a dialog first.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/app-core.js';
import { DEMO_BUCKETS } from '../../electron/demo/seed.js';
import { FaultPlan } from '../../electron/world/faults.js';
import { openAppInChromium, SHOTS, type AppInChromium } from '../support/e2e.js';

describe('file operations', () => {
  let app: AppInChromium;
  const faults = new FaultPlan();
  let core: Core;
  let page: Page;
  const row = (key: string) => page.locator(`[data-testid="object-row"][data-key="${key}"]`);
  const table = () => page.getByTestId('object-table');
  const keys = async (bucket: string, prefix: string) =>
    (await core.api['browse/list']({ connectionId: 'demo', bucket, prefix })).objects.map((o) => o.key);
  const head = (bucket: string, key: string) => core.api['object/details']({ connectionId: 'demo', bucket, key });

  beforeAll(async () => {
    app = await openAppInChromium({ viewport: { width: 1440, height: 900 }, faults });
    ({ core, page } = app);
    await page.getByTestId(`bucket-${DEMO_BUCKETS.apSoutheast}`).click();
    await row('logs/').dblclick();
    await row('logs/2026-11-20.log').waitFor();
    await page.getByTestId('upload-button').waitFor();
  });
  afterAll(async () => app?.stop());

  it('renames with F2: a name with "/" is refused in words, Escape cancels, then it is renamed', async () => {
    await row('logs/2026-11-20.log').click();
    await table().press('F2');
    const input = page.getByTestId('rename-input');
    // Opened on its own name: nothing is wrong yet, so nothing is said; Next waits for a new name.
    expect(await page.getByTestId('op-dialog').textContent()).not.toContain('That is its name now');
    expect(await page.getByTestId('op-next').isDisabled()).toBe(true);
    // Enter on it as it is: nothing to do, and now it says why.
    await input.press('Enter');
    expect(await page.getByTestId('op-dialog').textContent()).toContain('That is its name now');
    await input.fill('sub/x.log');
    expect(await page.getByTestId('op-dialog').textContent()).toContain('A name cannot contain "/"');
    expect(await page.getByTestId('op-next').isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByTestId('op-dialog').waitFor({ state: 'detached' });
    expect(await keys(DEMO_BUCKETS.apSoutheast, 'logs/')).toContain('logs/2026-11-20.log');

    await table().press('F2');
    await page.getByTestId('rename-input').fill('monday.log');
    await page.getByTestId('rename-input').press('Enter');
    expect(await page.getByTestId('op-summary').textContent()).toContain('Rename 1 object');
    // One object to a free name: the review starts on its button, so a second Enter renames (it
    // started on Cancel, and Enter, Enter quietly renamed nothing).
    await page.keyboard.press('Enter');
    await row('logs/monday.log').waitFor();
    // The selection follows the object to its new name, its details beside it.
    await expect.poll(() => row('logs/monday.log').getAttribute('aria-selected')).toBe('true');
    await expect
      .poll(() => page.getByRole('complementary', { name: 'Details' }).textContent())
      .toContain('logs/monday.log');
    expect(await row('logs/2026-11-20.log').count()).toBe(0);
    expect(await keys(DEMO_BUCKETS.apSoutheast, 'logs/')).toEqual(['logs/2026-11-21.log', 'logs/monday.log']);
  });

  it('moves a row by dragging it onto a folder', async () => {
    await page.getByTestId('new-folder-button').click();
    await page.getByTestId('folder-name-input').fill('archive');
    await page.getByTestId('folder-name-input').press('Enter');
    await row('logs/archive/').waitFor();
    await row('logs/monday.log').dragTo(row('logs/archive/'));
    expect(await page.getByTestId('op-summary').textContent()).toContain('s3://demo-ap-southeast/logs/archive/');
    await page.screenshot({ path: path.join(SHOTS, 'ops-move-by-drag.png') });
    await page.getByTestId('op-start').click();
    await expect.poll(() => keys(DEMO_BUCKETS.apSoutheast, 'logs/archive/')).toEqual(['logs/archive/monday.log']);
    await expect.poll(() => row('logs/monday.log').count()).toBe(0);
  });

  it('renames a folder with F2: the review names the new folder, slash and all', async () => {
    await row('logs/archive/').click();
    await table().press('F2');
    await page.getByTestId('rename-input').fill('old');
    await page.getByTestId('rename-input').press('Enter');
    expect(await page.getByTestId('op-summary').textContent()).toContain('s3://demo-ap-southeast/logs/old/.');
    // A folder's rename moves every object under it: the review starts on Cancel.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.getByTestId('op-start').click();
    await expect.poll(() => keys(DEMO_BUCKETS.apSoutheast, 'logs/old/')).toEqual(['logs/old/monday.log']);
    await row('logs/old/').waitFor();
  });

  it("copies with Ctrl+C and pastes into another region's bucket, asking about a name that exists", async () => {
    await row('logs/2026-11-21.log').click();
    await table().press('Control+c');
    // The bucket's access check answers slowly: a paste pressed before it is known waits for it
    // (it said "read-only" before, which made this test fail now and then under load).
    faults.add({ bucket: DEMO_BUCKETS.euWest, queryHas: 'acl' }, { kind: 'delay', ms: 1500 });
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).click();
    await row('photos/').waitFor();
    await table().press('Control+v');
    expect(await page.getByTestId('op-summary').textContent()).toContain('s3://demo-eu-west/');
    expect(await page.getByTestId('notice').count()).toBe(0); // "…paste (Ctrl+V)…" has done its work
    // The review replaced the form that had the focus: the keyboard is on the copy's own button
    // (it replaces nothing), not stranded on the page's body, so Enter pastes.
    const focused = () =>
      page.evaluate(() => {
        const at = document.activeElement;
        return !at || at === document.body ? 'the body' : (at.getAttribute('data-testid') ?? at.textContent);
      });
    await expect.poll(focused).toBe('op-start');
    await page.keyboard.press('Enter');
    await row('2026-11-21.log').waitFor();
    await expect.poll(focused).toBe('object-table');
    // The same paste again: the name exists, and the dialog asks, starting on Cancel.
    await table().press('Control+v');
    await page.getByTestId('op-conflict').waitFor();
    await expect.poll(focused).toBe('Cancel');
    // Said of the one object: its name is taken. "Leave it" (the default) starts nothing, and the
    // button says so.
    const conflict = await page.getByTestId('op-conflict').textContent();
    expect(conflict).toContain('2026-11-21.log is there already:');
    expect(conflict).toContain('Leave it (copy nothing)');
    expect(conflict).toContain('Replace it');
    expect(await page.getByTestId('op-start').textContent()).toBe('Copy 0 objects');
    expect(await page.getByTestId('op-start').isDisabled()).toBe(true);
    await page.getByTestId('op-conflict-keep-both').check();
    expect(await page.getByTestId('op-start').textContent()).toBe('Copy 1 object');
    await page.screenshot({ path: path.join(SHOTS, 'ops-paste-conflict.png') });
    // A double-click answers once (the second click said "That copy is no longer waiting").
    await page.getByTestId('op-start').dblclick();
    await row('2026-11-21 (1).log').waitFor();
    expect(await page.getByTestId('notice').count()).toBe(0);
    const { records } = await core.api['log/since']({ afterId: 0 });
    const copies = records.filter((r) => r.operation === 'CopyObject' && r.bucket === DEMO_BUCKETS.euWest);
    expect(copies.length).toBe(2);
    expect(await keys(DEMO_BUCKETS.apSoutheast, 'logs/')).toContain('logs/2026-11-21.log'); // a copy keeps its source
    // From its source bucket, the copy's row in Transfers shows the copy: the other bucket, selected.
    await page.getByTestId(`bucket-${DEMO_BUCKETS.apSoutheast}`).click();
    await row('logs/').waitFor();
    await page.getByTestId('tab-transfers').click();
    const copied = page.getByTestId('transfer-row').filter({ hasText: '2026-11-21 (1).log' });
    await expect.poll(() => copied.getAttribute('data-state')).toBe('done');
    await copied.getByTestId('show-in-bucket').click();
    await expect.poll(() => row('2026-11-21 (1).log').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('breadcrumbs').textContent()).toBe(DEMO_BUCKETS.euWest);
  });

  it('pastes a copy into its own folder as a duplicate with a free name, asking nothing', async () => {
    await row('2026-11-21.log').click();
    await table().press('Control+c');
    await table().press('Control+v');
    expect(await page.getByTestId('op-duplicate').textContent()).toContain('“2026-11-21 (n).log”');
    expect(await page.getByTestId('op-conflict').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'ops-duplicate.png') });
    await page.getByTestId('op-start').click();
    // "2026-11-21 (1).log" exists from the paste before: the duplicate takes the next free name.
    await row('2026-11-21 (2).log').waitFor();
    expect(await keys(DEMO_BUCKETS.euWest, '')).toEqual(
      expect.arrayContaining(['2026-11-21.log', '2026-11-21 (1).log', '2026-11-21 (2).log']),
    );
  });

  it('refuses a paste or a cut in a read-only bucket in words', async () => {
    await page.getByTestId('open-bucket-input').fill(DEMO_BUCKETS.public); // another account's
    await page.getByTestId('open-bucket-input').press('Enter');
    await row('LICENSE.txt').waitFor();
    await table().press('Control+v'); // the clipboard still holds the copy from before
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('nothing can be pasted there');
    await row('LICENSE.txt').click();
    await table().press('Control+x');
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('can be copied, not cut');
    expect(await page.getByTestId('op-summary').count()).toBe(0);
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).click();
    await row('photos/').waitFor();
  });

  it('edits one header and keeps Content-Type and the rest', async () => {
    await row('2026-11-21.log').click();
    // A change dropped on purpose: Escape asks first, Drop changes closes, nothing is written.
    await page.getByTestId('edit-object-button').click();
    await page.getByTestId('edit-cache-control').fill('max-age=1');
    await page.keyboard.press('Escape');
    await page.getByTestId('dialog-drop-changes').click();
    await page.getByTestId('edit-dialog').waitFor({ state: 'detached' });
    expect((await head(DEMO_BUCKETS.euWest, '2026-11-21.log')).cacheControl).toBeUndefined();
    // Nothing changed: Escape closes at once.
    await page.getByTestId('edit-object-button').click();
    await page.keyboard.press('Escape');
    await page.getByTestId('edit-dialog').waitFor({ state: 'detached' });

    await page.getByTestId('edit-object-button').click();
    expect(await page.getByTestId('edit-content-type').inputValue()).toBe('text/plain');
    await page.getByTestId('edit-cache-control').fill('max-age=600');
    await page.getByTestId('edit-save').click();
    await page.getByTestId('edit-dialog').waitFor({ state: 'detached' });
    const after = await head(DEMO_BUCKETS.euWest, '2026-11-21.log');
    expect([after.contentType, after.cacheControl]).toEqual(['text/plain', 'max-age=600']);
    // Its row follows: a storage class changed here is the one listed (the row kept the old one).
    await page.getByTestId('edit-object-button').click();
    await page.getByTestId('edit-storage-class').selectOption('STANDARD_IA');
    await page.getByTestId('edit-save').click();
    await page.getByTestId('edit-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => row('2026-11-21.log').textContent()).toContain('STANDARD_IA');
    await page.getByTestId('edit-object-button').click(); // and back, for the tests after this one
    await page.getByTestId('edit-storage-class').selectOption('STANDARD');
    await page.getByTestId('edit-save').click();
    await page.getByTestId('edit-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => row('2026-11-21.log').textContent()).not.toContain('STANDARD_IA');
  });

  it('adds metadata and a tag from the keyboard, refusing in words what S3 would not take', async () => {
    await row('2026-11-21.log').click();
    await page.getByTestId('edit-object-button').click();
    // Add puts the keyboard in the new row's name.
    await page.getByTestId('edit-metadata-add').click();
    await page.keyboard.type('owner');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Zoë');
    expect(await page.getByTestId('edit-metadata-problem').textContent()).toBe(
      'The value of “owner” cannot hold “ë”: metadata travels as HTTP headers, plain ASCII.',
    );
    expect(await page.getByTestId('edit-save').isDisabled()).toBe(true);
    await page.keyboard.press('Backspace');
    await page.keyboard.type('e');
    await page.getByTestId('edit-tags-add').click();
    await page.keyboard.type('team');
    await page.keyboard.press('Tab');
    await page.keyboard.type('a;b');
    expect(await page.getByTestId('edit-tags-problem').textContent()).toContain('Tags cannot hold “;”');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    // A row added and left empty is no entry: not refused, not saved.
    await page.getByTestId('edit-metadata-add').click();
    expect(await page.getByTestId('edit-metadata-problem').count()).toBe(0);
    await page.getByTestId('edit-save').click();
    await page.getByTestId('edit-dialog').waitFor({ state: 'detached' });
    const after = await head(DEMO_BUCKETS.euWest, '2026-11-21.log');
    expect(after.metadata).toEqual({ owner: 'Zoe' });
    expect(after.tags).toEqual({ team: 'a' });
    expect(after.cacheControl).toBe('max-age=600'); // kept
  });

  it('restores an archived object from Glacier, and it becomes readable', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.archive}`).click();
    await row('2019/').dblclick();
    await row('2019/backup-2019.tar.txt').click();
    await page.getByTestId('cold-note').waitFor();
    await page.getByTestId('restore-object-button').click();
    await page.getByTestId('restore-tier').selectOption('Expedited');
    await page.getByTestId('restore-start').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('1 started');
    await expect
      .poll(async () => (await head(DEMO_BUCKETS.archive, '2019/backup-2019.tar.txt')).restore ?? '', {
        timeout: 15_000,
      })
      .toContain('ongoing-request="false"');
  });

  it('offers Copy to… another connection, saying the bytes come through this computer; a bad bucket name is refused', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).click();
    await row('2026-11-21.log').click({ button: 'right' });
    await page.getByTestId('menu-copy-to').click();
    const dialog = page.getByTestId('op-dialog');
    await page.getByTestId('op-bucket').fill('Not_A_Bucket');
    expect(await dialog.textContent()).toContain('is not a bucket name');
    expect(await page.getByTestId('op-next').isDisabled()).toBe(true);
    const other = await page
      .getByTestId('op-connection')
      .locator('option')
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter((v) => v !== 'demo'));
    await page.getByTestId('op-connection').selectOption(other[0]!);
    await page.getByTestId('op-across').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'ops-copy-across.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('copies to a folder in a storage class chosen in Copy to…, the source keeping its own', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).click();
    await row('2026-11-21.log').click({ button: 'right' });
    await page.getByTestId('menu-copy-to').click();
    await page.getByTestId('op-prefix').fill('archive/');
    expect(await page.getByTestId('op-storage-class').inputValue()).toBe(''); // each keeps its own
    await page.getByTestId('op-storage-class').selectOption('GLACIER_IR');
    await page.getByTestId('op-next').click();
    await page.getByTestId('op-start').click();
    await page.getByTestId('op-dialog').waitFor({ state: 'detached' });
    const details = (key: string) =>
      core.api['object/details']({ connectionId: 'demo', bucket: DEMO_BUCKETS.euWest, key }).then(
        (d) => d.storageClass,
        () => undefined,
      );
    await expect.poll(() => details('archive/2026-11-21.log')).toBe('GLACIER_IR');
    expect(await details('2026-11-21.log')).toBe('STANDARD');
  });

  it('copies search results with Ctrl+C, each keeping its path below the folder searched', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).click();
    await row('photos/').dblclick();
    await row('photos/2025/').waitFor();
    const filter = page.getByTestId('filter-input');
    await filter.fill('*.jpg.txt');
    await filter.press('Enter');
    await expect.poll(() => page.getByTestId('search-banner').textContent()).toMatch(/: 2 found/);
    await filter.press('ArrowDown');
    await table().press('Control+a');
    // Ctrl+C and Ctrl+X did nothing and said nothing on search results; a cut is taken as in a folder.
    await table().press('Control+x');
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('2 items cut');
    await table().press('F2');
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Rename works in a folder');
    await table().press('Control+c');
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('2 items copied');
    await page.getByTestId(`bucket-${DEMO_BUCKETS.usEast}`).click();
    await row('README.txt').waitFor();
    await table().press('Control+v');
    // Sized from the results (the folder's own rows are not them).
    expect(await page.getByTestId('op-summary').textContent()).toContain('Copy 2 objects (38 B)');
    await page.getByTestId('op-start').click();
    await expect
      .poll(() => keys(DEMO_BUCKETS.usEast, '2025/holiday/'))
      .toEqual(['2025/holiday/beach.jpg.txt', '2025/holiday/hills.jpg.txt']);
    expect(await keys(DEMO_BUCKETS.euWest, 'photos/2025/holiday/')).toEqual([
      'photos/2025/holiday/beach.jpg.txt',
      'photos/2025/holiday/hills.jpg.txt',
    ]);
  });

  it('deletes and moves search results and stays in the results, without them', async () => {
    // The copies the test above made in demo-us-east: found again by a search from the bucket's top.
    await row('README.txt').waitFor();
    const filter = page.getByTestId('filter-input');
    await filter.fill('*.jpg.txt');
    await filter.press('Enter');
    await expect.poll(() => page.getByTestId('search-banner').textContent()).toMatch(/: 2 found/);
    await row('2025/holiday/hills.jpg.txt').click();
    await table().press('Delete');
    await page.getByTestId('confirm-button').click();
    await expect.poll(() => row('2025/holiday/hills.jpg.txt').count()).toBe(0);
    // Still the search (a refresh ended it and left the folder filtered by "*.jpg.txt": "Nothing here matches").
    expect(await page.getByTestId('search-banner').count()).toBe(1);
    expect(await row('2025/holiday/beach.jpg.txt').count()).toBe(1);
    expect(await keys(DEMO_BUCKETS.usEast, '2025/holiday/')).toEqual(['2025/holiday/beach.jpg.txt']);
    // Moved from the results (Move to…): gone from them, at its new place with its path kept.
    await row('2025/holiday/beach.jpg.txt').click({ button: 'right' });
    await page.getByTestId('menu-move-to').click();
    await page.getByTestId('op-prefix').fill('moved/');
    await page.getByTestId('op-next').click();
    expect(await page.getByTestId('op-summary').textContent()).toContain('Move 1 object');
    await page.getByTestId('op-start').click();
    await expect.poll(() => row('2025/holiday/beach.jpg.txt').count()).toBe(0);
    expect(await page.getByTestId('search-banner').count()).toBe(1);
    await expect
      .poll(() => keys(DEMO_BUCKETS.usEast, 'moved/2025/holiday/'))
      .toEqual(['moved/2025/holiday/beach.jpg.txt']);
    expect(await keys(DEMO_BUCKETS.usEast, '2025/holiday/')).toEqual([]);
    await filter.press('Escape');
    await row('README.txt').waitFor();
  });
});
