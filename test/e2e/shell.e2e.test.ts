// The app shell in real Chromium against the demo world: buckets with regions and access, a
// folder listing, the request log with its hop chains, and the forbidden bucket explained.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
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
  let dropRoot: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(shots, { recursive: true });
    demo = await startDemo({ bigPrefixKeys: 300 });
    dropRoot = await mkdtemp(path.join(os.tmpdir(), 'drop-'));
    core = createTestCore(demo.world.endpointTemplate, {
      account: demo.accounts.demo,
      userDataDir: path.join(dropRoot, 'user-data'),
    });
    host = await startBrowserHost(core, { dropRoot });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await core?.dispose();
    await demo?.stop();
    await rm(dropRoot, { recursive: true, force: true });
  });

  it('lists the demo buckets with their regions and access, filled in by the probe', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).waitFor();
    const euRow = page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`);
    await expect.poll(() => euRow.textContent()).toContain('eu-west-1');
    await expect.poll(() => euRow.textContent()).toContain('OK');
    await expect
      .poll(() => page.getByTestId(`bucket-${DEMO_BUCKETS.apSoutheast}`).textContent())
      .toContain('ap-southeast-2');
    await page.screenshot({ path: path.join(shots, 'shell.png') });
  });

  it('takes the bucket list as one Tab stop, moved through with the arrows', async () => {
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    const buckets = await page
      .getByTestId('bucket-list')
      .locator('.bucket-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(buckets.length).toBeGreaterThan(5);
    await page.getByTestId('access-filter').focus();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe(buckets[0]); // nothing open yet: the first
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe(buckets[2]);
    await page.keyboard.press('End');
    expect(await focused()).toBe(buckets.at(-1));
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe(buckets.at(-2));
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('breadcrumbs').textContent())
      .toBe(buckets.at(-2)!.slice('bucket-'.length));
    await page.keyboard.press('Tab');
    expect(buckets).not.toContain(await focused()); // out of the list at once
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe(buckets.at(-2)); // back on the open bucket
  });

  it('opens a bucket in another region: folders, then the 301 hop chain in the log', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.usEast}`).click();
    await page.locator('[data-testid="object-row"][data-key="reports/"]').dblclick();
    await page.locator('[data-testid="object-row"][data-key="reports/2026/"]').dblclick();
    await page.locator('[data-testid="object-row"][data-key="reports/2026/q2/"]').waitFor();
    await expect.poll(() => page.getByTestId('breadcrumbs').textContent()).toContain('2026');
    // ListBuckets told the app each bucket's region, so browsing costs no redirect at all.
    const chains = () =>
      page
        .locator(`[data-testid="log-row"][data-bucket="${DEMO_BUCKETS.usEast}"]`)
        .getByTestId('hop-chain')
        .allTextContents();
    // A request still in flight reads "us-east-1 → …": wait until every one has its answer.
    await expect.poll(async () => (await chains()).filter((c) => c.endsWith('…')).length).toBe(0);
    const usEast = await chains();
    expect(usEast.length).toBeGreaterThan(0);
    expect(usEast.filter((c) => c !== 'us-east-1 → 200' && !/^us-east-1 → 404/.test(c))).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'browse.png') });
  });

  it('navigates folders with the keyboard: arrows, Enter, Backspace', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).click();
    await page.locator('[data-testid="object-row"][data-key="deep/"]').waitFor();
    const table = page.getByTestId('object-table');
    await table.focus();
    await table.press('ArrowDown');
    await table.press('Enter');
    await page.locator('[data-testid="object-row"][data-key="deep/a/"]').waitFor();
    await table.press('Backspace');
    await page.locator('[data-testid="object-row"][data-key="deep/"]').waitFor();
    expect(await page.getByTestId('breadcrumbs').textContent()).toBe(DEMO_BUCKETS.euWest);
  });

  it('lists every keyboard shortcut on F1 (even from the filter box), on ? in the table, and from the menu', async () => {
    const help = page.getByTestId('keyboard-help');
    const table = page.getByTestId('object-table');
    await table.focus();
    await table.press('?');
    await help.waitFor();
    expect(await help.textContent()).toContain('Ctrl+Space');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('keyboard-help-close');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    // The keyboard is back where it was, and ? typed there found no name beginning with "?".
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('object-table');
    await page.getByTestId('filter-input').focus();
    await page.keyboard.press('F1');
    await help.waitFor();
    await page.getByTestId('keyboard-help-close').click();
    await help.waitFor({ state: 'detached' });
    expect(await page.getByTestId('filter-input').inputValue()).toBe('');
    await table.click({ button: 'right', position: { x: 200, y: 300 } });
    await page.getByTestId('menu-keys').click();
    await help.waitFor();
    await page.screenshot({ path: path.join(shots, 'keyboard-help.png') });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
  });

  it('keeps favorite folders: Ctrl+D or ☆ adds one, the sidebar opens it from anywhere, × takes it away', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).click();
    await page.locator('[data-testid="object-row"][data-key="deep/"]').dblclick();
    await page.locator('[data-testid="object-row"][data-key="deep/a/"]').waitFor();
    const toggle = page.getByTestId('favorite-toggle');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await page.getByTestId('object-table').press('Control+d');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const favorite = (place: string) => page.locator(`[data-testid="favorite"][data-place="${place}"]`);
    await favorite(`s3://${DEMO_BUCKETS.euWest}/deep/`).waitFor();
    // A folder's own menu adds it without opening it.
    await page.locator('[data-testid="object-row"][data-key="deep/a/"]').click({ button: 'right' });
    expect(await page.getByTestId('menu-favorite').textContent()).toBe('Add to favorites');
    await page.getByTestId('menu-favorite').click();
    await favorite(`s3://${DEMO_BUCKETS.euWest}/deep/a/`).waitFor();
    // From another bucket, one click opens the folder; they stay after a restart of the window.
    await page.getByTestId(`bucket-${DEMO_BUCKETS.usEast}`).click();
    await page.locator('[data-testid="object-row"][data-key="README.txt"]').waitFor();
    await page.reload();
    await favorite(`s3://${DEMO_BUCKETS.euWest}/deep/a/`).click();
    await expect.poll(() => page.getByTestId('breadcrumbs').textContent()).toBe(`${DEMO_BUCKETS.euWest}deepa`);
    expect(await page.getByTestId('favorite-toggle').getAttribute('aria-pressed')).toBe('true');
    // Each has a menu: renamed, moved (Alt+↑ too), and both kept through a restart.
    const places = () =>
      page.getByTestId('favorite').evaluateAll((els) => els.map((e) => e.getAttribute('data-place')));
    const a = favorite(`s3://${DEMO_BUCKETS.euWest}/deep/a/`);
    expect(await places()).toEqual([`s3://${DEMO_BUCKETS.euWest}/deep/`, `s3://${DEMO_BUCKETS.euWest}/deep/a/`]);
    await a.click({ button: 'right' });
    expect(await page.getByTestId('favorite-menu-down').isDisabled()).toBe(true); // the last one
    await page.getByTestId('favorite-menu-rename').click();
    expect(await page.getByTestId('favorite-name-input').inputValue()).toBe('a/');
    await page.getByTestId('favorite-name-input').fill('  Project A  ');
    await page.getByTestId('favorite-name-input').press('Enter');
    await expect.poll(() => a.locator('.bucket-name').textContent()).toBe('★ Project A');
    await a.focus();
    await page.keyboard.press('Alt+ArrowUp');
    expect(await places()).toEqual([`s3://${DEMO_BUCKETS.euWest}/deep/a/`, `s3://${DEMO_BUCKETS.euWest}/deep/`]);
    await page.screenshot({ path: path.join(shots, 'favorites.png') });
    await page.reload();
    await a.waitFor();
    expect(await places()).toEqual([`s3://${DEMO_BUCKETS.euWest}/deep/a/`, `s3://${DEMO_BUCKETS.euWest}/deep/`]);
    expect(await a.locator('.bucket-name').textContent()).toBe('★ Project A');
    // An empty name gives it back its folder's.
    await a.focus();
    await page.keyboard.press('Shift+F10');
    expect(await page.getByTestId('favorite-menu-up').isDisabled()).toBe(true); // the first one now
    await page.getByTestId('favorite-menu-rename').click();
    await page.getByTestId('favorite-name-input').fill('');
    await page.getByTestId('favorite-name-input').press('Enter');
    await expect.poll(() => a.locator('.bucket-name').textContent()).toBe('★ a/');
    await a.click();
    await expect.poll(() => page.getByTestId('breadcrumbs').textContent()).toBe(`${DEMO_BUCKETS.euWest}deepa`);
    // ☆ again takes it away; × in the sidebar takes the other.
    await page.getByTestId('favorite-toggle').click();
    await expect.poll(() => favorite(`s3://${DEMO_BUCKETS.euWest}/deep/a/`).count()).toBe(0);
    await favorite(`s3://${DEMO_BUCKETS.euWest}/deep/`).hover(); // the × shows on hover (or keyboard focus)
    await page.getByTestId('favorite-remove').click();
    await expect.poll(() => page.getByTestId('favorites').count()).toBe(0);
    await page.getByTestId('breadcrumbs').getByText(DEMO_BUCKETS.euWest).click();
    await page.locator('[data-testid="object-row"][data-key="photos/"]').waitFor();
  });

  it('shows object details and makes a share link signed for the bucket region', async () => {
    await page.locator('[data-testid="object-row"][data-key="photos/"]').dblclick();
    await page.locator('[data-testid="object-row"][data-key="photos/2025/"]').dblclick();
    await page.locator('[data-testid="object-row"][data-key="photos/2025/holiday/"]').dblclick();
    await page.locator('[data-testid="object-row"][data-key="photos/2025/holiday/beach.jpg.txt"]').click();
    await expect.poll(() => page.getByTestId('object-info').textContent()).toContain('text/plain');
    // Copy URL: the object's plain URL, for the bucket's region (what the console calls its Object URL).
    await page.getByTestId('copy-url-button').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Copied the URL.');
    await page.context().grantPermissions(['clipboard-read'], { origin: new URL(page.url()).origin });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(
      /^http:\/\/demo-eu-west\.s3\.eu-west-1\.localhost:\d+\/photos\/2025\/holiday\/beach\.jpg\.txt$/,
    );
    await page.getByTestId('share-button').click();
    const link = await page.getByTestId('share-link').inputValue();
    expect(link).toContain('.s3.eu-west-1.localhost');
    expect(decodeURIComponent(link)).toContain('/eu-west-1/s3/aws4_request');
    await page.screenshot({ path: path.join(shots, 'object-details.png') });
  });

  it('leaves a search with Escape or "Back to the folder", and the folder is not left filtered by its text', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.usEast}`).click();
    const row = (key: string) => page.locator(`[data-testid="object-row"][data-key="${key}"]`);
    await row('reports/').dblclick();
    await row('reports/2026/').waitFor();
    const filter = page.getByTestId('filter-input');
    const status = page.getByTestId('listing-status');
    const rows = () => page.getByTestId('object-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));

    await filter.fill('*.json');
    await filter.press('Enter');
    await expect.poll(() => page.getByTestId('search-banner').textContent()).toMatch(/^Searched .*: 2 found/);
    expect(await rows()).toEqual(['reports/2026/q1/summary.json', 'reports/2026/q2/summary.json']);
    expect(await status.textContent()).toContain('2 results'); // not the folder's own count
    await filter.press('Escape');
    await page.getByTestId('search-banner').waitFor({ state: 'detached' });
    expect(await filter.inputValue()).toBe('');
    expect(await rows()).toEqual(['reports/2026/']);

    await filter.fill('no-such-name');
    await filter.press('Enter');
    await expect
      .poll(() => page.getByTestId('empty-folder').textContent())
      .toBe(`Nothing under s3://${DEMO_BUCKETS.usEast}/reports/ matches "no-such-name".`);
    expect(await status.textContent()).toContain('0 results');
    await page.getByTestId('search-close').click();
    expect(await filter.inputValue()).toBe('');
    expect(await rows()).toEqual(['reports/2026/']);
    expect(await page.getByTestId('empty-folder').count()).toBe(0);

    // All from the keyboard: Ctrl+F from the rows to the box, Enter searches, ↓ into the results,
    // Enter goes to the first one's folder with it selected.
    await page.getByTestId('object-table').focus();
    await page.keyboard.press('Control+f');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('filter-input');
    await page.keyboard.type('summary');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('search-banner').textContent()).toMatch(/^Searched .*: 2 found/);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('object-table');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('[data-testid="object-row"][aria-selected="true"]').getAttribute('data-key'))
      .toBe('reports/2026/q1/summary.json');
    expect(await page.getByTestId('breadcrumbs').textContent()).toContain('q1');
    expect(await filter.inputValue()).toBe('');
  });

  it('explains the forbidden bucket in words', async () => {
    await page.getByTestId('open-bucket-input').fill(DEMO_BUCKETS.forbidden);
    await page.getByTestId('open-bucket-button').click();
    const explanation = page.getByTestId('access-explanation');
    await expect.poll(() => explanation.textContent()).toContain('403 Forbidden');
    expect(await explanation.textContent()).toContain('eu-central-1');
    // Opened by name, its region was unknown: the first HeadBucket met a 301 and was re-signed.
    await page.getByTestId('log-bucket-filter').selectOption(DEMO_BUCKETS.forbidden);
    const head = page.locator('[data-testid="log-row"][data-operation="HeadBucket"]').getByTestId('hop-chain');
    await expect
      .poll(() => head.first().textContent())
      .toMatch(/^us-east-1 → 301 PermanentRedirect → eu-central-1 → 403/);
    await page.getByTestId('log-bucket-filter').selectOption('');
    await page.screenshot({ path: path.join(shots, 'forbidden.png') });
  });

  it('opens the directory bucket and the public bucket by name', async () => {
    await page.getByTestId('open-bucket-input').fill(DEMO_BUCKETS.directory);
    await page.getByTestId('open-bucket-button').click();
    await expect.poll(() => page.getByTestId('bucket-location-type').textContent()).toBe('AvailabilityZone');
    expect(await page.getByTestId('bucket-region').textContent()).toContain('us-west-2');
    await page.locator('[data-testid="object-row"][data-key="express/"]').waitFor();
    await page.getByTestId('open-bucket-input').fill(DEMO_BUCKETS.public);
    await page.getByTestId('open-bucket-button').click();
    await page.locator('[data-testid="object-row"][data-key="datasets/"]').waitFor();
    await expect.poll(() => page.getByTestId('access-explanation').textContent()).toContain('200 OK');
  });

  it('shows the 307 of a bucket that is still propagating, hop by hop', async () => {
    await page.getByTestId('open-bucket-input').fill(DEMO_BUCKETS.propagating);
    await page.getByTestId('open-bucket-button').click();
    await page.getByTestId('log-filter-redirected').click();
    const temporary = page.getByTestId('log-row').filter({ hasText: 'TemporaryRedirect' }).first();
    await temporary.waitFor();
    await temporary.click();
    await expect
      .poll(() => page.getByTestId('hop-details').textContent())
      .toContain('followed the 307 to demo-just-created.s3-');
    await page.screenshot({ path: path.join(shots, 'redirect-log.png') });
  });

  it('uploads files dropped on the table and shows them in the folder', async () => {
    await writeFile(path.join(dropRoot, 'dropped notes.txt'), 'dropped by a test\n');
    await writeFile(path.join(dropRoot, 'photo 📷.bin'), Buffer.alloc(200_000, 7));
    await page.getByTestId(`bucket-${DEMO_BUCKETS.apSoutheast}`).click();
    await page.locator('[data-testid="object-row"][data-key="logs/"]').waitFor();
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['dropped by a test\n'], 'dropped notes.txt'));
      transfer.items.add(new File([new Uint8Array(200_000)], 'photo 📷.bin'));
      const table = document.querySelector('[data-testid="object-table"]')!;
      table.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      table.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    const rows = page.getByTestId('transfer-row');
    await expect
      .poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))))
      .toEqual(['done', 'done']);
    await page.locator('[data-testid="object-row"][data-key="dropped notes.txt"]').waitFor();
    await page.locator('[data-testid="object-row"][data-key="photo 📷.bin"]').waitFor();
    await page.screenshot({ path: path.join(shots, 'transfers.png') });
  });

  it('creates a folder, then deletes it after asking', async () => {
    await page.getByTestId('new-folder-button').click();
    const name = page.getByTestId('folder-name-input');
    const dialog = page.getByTestId('folder-dialog');
    const create = dialog.getByRole('button', { name: 'Create' });
    // Enter on no name at all says what is missing (it did nothing and said nothing).
    await name.press('Enter');
    expect(await dialog.getByTestId('folder-name-problem').textContent()).toBe('Give a name.');
    // Names that would not mean what was typed are refused in words, before anything is sent.
    await name.fill('a/b');
    expect(await dialog.textContent()).toContain('A name cannot contain "/".');
    await name.fill('..');
    expect(await dialog.textContent()).toContain('A name cannot be "." or "..".');
    await name.fill('x'.repeat(1100));
    expect(await dialog.textContent()).toContain('S3 allows 1,024');
    expect(await create.isDisabled()).toBe(true);
    await name.press('Enter');
    expect(await dialog.count()).toBe(1); // Enter does not get past it either
    await name.fill('made by hand');
    await name.press('Enter');
    const folder = page.locator('[data-testid="object-row"][data-key="made by hand/"]');
    await folder.waitFor();
    // The same name again: it is there already, and the dialog offers the way in instead.
    const before = await core.api['browse/list']({
      connectionId: 'demo',
      bucket: DEMO_BUCKETS.apSoutheast,
      prefix: '',
    });
    await page.getByTestId('new-folder-button').click();
    await name.fill('made by hand ');
    expect(await page.getByTestId('folder-exists').textContent()).toContain('made by hand/ is here already.');
    expect(await create.isDisabled()).toBe(true);
    await page.getByTestId('folder-exists').getByRole('button', { name: 'Open it' }).click();
    await expect.poll(() => page.getByTestId('breadcrumbs').textContent()).toContain('made by hand');
    await page.getByTestId('breadcrumbs').getByRole('button', { name: DEMO_BUCKETS.apSoutheast }).click();
    await folder.waitFor();
    const after = await core.api['browse/list']({ connectionId: 'demo', bucket: DEMO_BUCKETS.apSoutheast, prefix: '' });
    expect(after).toEqual(before); // nothing written
    // Made by someone else while the dialog was open: main looks first, writes nothing, and says so.
    await page.getByTestId('new-folder-button').click();
    await name.fill('raced');
    await core.api['folder/create']({ connectionId: 'demo', bucket: DEMO_BUCKETS.apSoutheast, prefix: 'raced/' });
    await name.press('Enter');
    await expect
      .poll(() => page.getByTestId('notice').textContent())
      .toContain('raced/ is there already: nothing was written.');
    await page.locator('[data-testid="object-row"][data-key="raced/"]').waitFor();
    await folder.click({ modifiers: ['Control'] });
    await page.getByTestId('delete-button').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await page.screenshot({ path: path.join(shots, 'confirm-delete.png') });
    await page.getByTestId('confirm-button').click();
    await folder.waitFor({ state: 'detached' });
    // A folder is deleted as a job in the transfers panel, its objects counted as they go.
    const job = page.locator('[data-testid="transfer-row"][data-key="made by hand/"]');
    await expect.poll(() => job.getAttribute('data-state')).toBe('done');
    expect(await job.textContent()).toContain('deleted 1 object');
  });

  it('creates a bucket in the chosen region and shows that region', async () => {
    await page.getByTestId('new-bucket-button').click();
    await page.getByTestId('bucket-name-input').fill('made-in-stockholm');
    await page.getByTestId('bucket-region-select').selectOption('eu-north-1');
    // A double-click sends one CreateBucket (two made the second fail with BucketAlreadyOwnedByYou,
    // shown as an error over the bucket the first had made).
    await page.getByTestId('create-bucket-submit').dblclick();
    const row = page.getByTestId('bucket-made-in-stockholm');
    await expect.poll(() => row.textContent()).toContain('eu-north-1');
    const { records } = await core.api['log/since']({ afterId: 0 });
    expect(records.filter((r) => r.operation === 'CreateBucket' && r.bucket === 'made-in-stockholm')).toHaveLength(1);
    expect(await page.getByTestId('notice').textContent()).toBe('Created made-in-stockholm in eu-north-1.×');
    // The same name again (S3: BucketAlreadyOwnedByYou): it is this account's, so it opens, where an
    // error was said behind the dialog, S3's sentence and a hint saying the same.
    await page.getByTestId(`bucket-${DEMO_BUCKETS.archive}`).click();
    await page.getByTestId('new-bucket-button').click();
    await page.getByTestId('bucket-name-input').fill('made-in-stockholm');
    await page.getByTestId('bucket-region-select').selectOption('eu-north-1');
    await page.getByTestId('create-bucket-submit').click();
    await page.getByTestId('bucket-dialog').waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByTestId('notice').textContent())
      .toBe('made-in-stockholm is yours already: here it is.×');
    await expect.poll(() => page.getByTestId('breadcrumbs').textContent()).toContain('made-in-stockholm');
  });

  it('deletes an empty bucket after asking, and says before asking S3 that a bucket with objects cannot go', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.archive}`).click();
    await page.locator('[data-testid="object-row"][data-key="2019/"]').waitFor();
    await page.getByTestId('delete-bucket-button').click();
    expect(await page.getByTestId('bucket-not-empty').textContent()).toContain('is not empty (it holds 3 items)');
    expect(await page.getByTestId('confirm-button').isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });

    await page.getByTestId('bucket-made-in-stockholm').click();
    await page.getByTestId('delete-bucket-button').click();
    expect(await page.getByTestId('bucket-not-empty').count()).toBe(0);
    await page.getByTestId('confirm-button').click();
    await page.getByTestId('bucket-made-in-stockholm').waitFor({ state: 'detached' });
    expect((await core.api['buckets/list']({ connectionId: 'demo' })).map((b) => b.name)).not.toContain(
      'made-in-stockholm',
    );
  });

  it('offers no New bucket to an anonymous connection, and says why', async () => {
    await page.getByTestId('connection-select').selectOption('anonymous');
    const create = page.getByTestId('new-bucket-button');
    await expect.poll(() => create.isDisabled()).toBe(true);
    expect(await create.getAttribute('title')).toContain('not with anonymous access');
    await page.getByTestId('connection-select').selectOption('demo');
    await expect.poll(() => create.isDisabled()).toBe(false);
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).waitFor();
  });

  it('adds an S3-compatible connection and browses with it', async () => {
    await page.getByTestId('add-connection-button').click();
    await page.getByTestId('connection-kind').selectOption('minio');
    await page.getByTestId('endpoint-input').fill(demo.world.endpointTemplate);
    await page.getByTestId('access-key-input').fill(demo.accounts.demo.accessKeyId);
    await page.getByTestId('secret-key-input').fill(demo.accounts.demo.secretAccessKey);
    await page.screenshot({ path: path.join(shots, 'add-connection.png') });
    await page.getByTestId('add-connection-submit').click();
    await page.getByTestId('connection-dialog').waitFor({ state: 'detached' });
    await expect
      .poll(() =>
        page
          .getByTestId('connection-select')
          .evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent),
      )
      .toBe('MinIO');
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).waitFor();
  });

  it('logged no errors in the page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
