// The request log as a person reads it, in Chromium against the demo: column headers, a hop chain
// that never hides its final answer, a panel that resizes and folds, rows that hold still while one
// is being read (new ones counted in a pill), search, Clear, arrow keys, "not configured" answers
// that are not errors, and exports of exactly what the filter shows.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppInChromium, SHOTS, type AppInChromium } from '../support/e2e.js';
import { DEMO_BUCKETS } from '../../electron/demo/seed.js';

describe('a readable request log', () => {
  let app: AppInChromium;
  let page: Page;
  let dir: string;

  const rows = () => page.getByTestId('log-row');
  const shownIds = () => rows().evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))));

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'log-e2e-'));
    app = await openAppInChromium({
      viewport: { width: 1100, height: 760 },
      core: { saveAs: (name) => path.join(dir, name) },
    });
    ({ page } = app);
    await page.getByTestId(`bucket-${DEMO_BUCKETS.usEast}`).click();
    await page.locator('[data-testid="object-row"][data-key="README.txt"]').waitFor();
  });

  afterAll(async () => {
    await app?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('has column headers, and a chain cut in the middle shows its final answer whole', async () => {
    const head = await page.locator('.log-head').textContent();
    for (const column of ['#', 'Operation', 'Bucket / key', 'Hops', 'Time']) expect(head).toContain(column);
    // A redirected request in a narrow window: its last answer is inside the row, not clipped.
    await page.getByTestId('open-bucket-input').fill(DEMO_BUCKETS.public);
    await page.getByTestId('open-bucket-input').press('Enter');
    await page.locator('[data-testid="object-row"][data-key="LICENSE.txt"]').waitFor();
    await page.setViewportSize({ width: 900, height: 760 });
    const redirected = rows().filter({ hasText: '301' }).first();
    await redirected.waitFor();
    const end = await redirected.locator('.chain-end').boundingBox();
    const chain = await redirected.locator('.chain').boundingBox();
    expect(end!.x + end!.width).toBeLessThanOrEqual(chain!.x + chain!.width + 1);
    expect(await redirected.locator('.chain-end').textContent()).toMatch(/^\d{3}/);
    await page.setViewportSize({ width: 1100, height: 760 });
  });

  it('colours a "not configured" 404 as an answer and leaves it out of Errors', async () => {
    // Searched for: the list renders the rows near the top, and the settings each opened bucket's
    // pane reads (twelve requests) push the first bucket's below them.
    await page.getByTestId('log-search').fill('NoSuchCORSConfiguration');
    const cors = rows().filter({ hasText: 'NoSuchCORSConfiguration' }).first();
    await cors.waitFor();
    expect(await cors.getAttribute('class')).toContain('outcome-answer');
    await page.getByTestId('log-search').fill('');
    await page.getByTestId('log-filter-errors').click();
    const errors = await rows().allTextContents();
    expect(errors.some((t) => t.includes('NoSuchCORSConfiguration') || t.includes('NoSuchTagSet'))).toBe(false);
    expect(errors.some((t) => t.includes('AccessDenied'))).toBe(true); // the public bucket's settings
    await page.getByTestId('log-filter-all').click();
  });

  it('holds still while a row is read: new requests wait in a pill', async () => {
    const first = rows().nth(3);
    const id = Number(await first.getAttribute('data-id'));
    await first.click();
    await page.getByTestId('hop-details').waitFor();
    const before = await shownIds();
    const y = (await page.locator(`[data-testid="log-row"][data-id="${id}"]`).boundingBox())!.y;
    await page.getByTestId('refresh-button').click(); // more requests arrive
    await expect.poll(() => page.getByTestId('log-new-pill').textContent()).toMatch(/↑ \d+ new/);
    // On the column headings, not on the first row, whose clicks it took (a CI run failed on it).
    const pill = (await page.getByTestId('log-new-pill').boundingBox())!;
    const top = (await rows().first().boundingBox())!;
    expect(pill.y + pill.height).toBeLessThanOrEqual(top.y);
    expect(await shownIds()).toEqual(before);
    expect((await page.locator(`[data-testid="log-row"][data-id="${id}"]`).boundingBox())!.y).toBe(y);
    await page.screenshot({ path: path.join(SHOTS, 'log-details.png') });
    // Arrow keys move between rows and the details follow.
    await page.getByTestId('request-log').press('ArrowDown');
    await expect.poll(() => page.getByTestId('hop-details').getAttribute('aria-label')).toBe(`Request #${before[4]}`);
    await page.getByTestId('log-new-pill').click();
    await page.getByTestId('hop-details').waitFor({ state: 'detached' });
    expect((await shownIds())[0]).toBeGreaterThan(before[0]!);
  });

  it('searches, exports exactly what is shown, and clears', async () => {
    await page.getByTestId('log-search').fill('GetBucketAcl');
    await expect.poll(async () => (await rows().allTextContents()).every((t) => t.includes('GetBucketAcl'))).toBe(true);
    const shown = await shownIds();
    expect(shown.length).toBeGreaterThanOrEqual(2);
    // One Export… with the format as its choice (two buttons wrapped the toolbar in a small window).
    await page.getByTestId('export-button').click();
    await page.getByTestId('export-json').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain(`Saved ${shown.length} requests`);
    const exported = JSON.parse(await readFile(path.join(dir, 'bucket-explorer-requests.json'), 'utf8')) as {
      records: Array<{ id: number }>;
    };
    expect(exported.records.map((r) => r.id).sort((a, b) => a - b)).toEqual([...shown].sort((a, b) => a - b));
    // A question nothing answers says so, and how to see everything again.
    await page.getByTestId('log-filter-redirected').click();
    await page.getByTestId('log-search').fill('no-such-request');
    await expect
      .poll(() => page.getByTestId('log-empty').textContent())
      .toMatch(/^None of the [\d,]+ requests is redirected and matching "no-such-request"\. Show them all$/);
    await page.getByTestId('log-show-all').click();
    expect(await page.getByTestId('log-search').inputValue()).toBe('');
    await expect.poll(() => rows().count()).toBeGreaterThan(2);
    await page.getByTestId('log-clear').click();
    await expect.poll(() => rows().count()).toBe(0);
    expect(await page.getByTestId('log-empty').textContent()).toContain('No requests yet');
    // New requests still arrive after a Clear.
    await page.getByTestId('refresh-button').click();
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
  });

  it("has a menu on each request: S3's request IDs for AWS Support, its bucket's requests, the bucket itself", async () => {
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    await page.getByTestId(`bucket-${DEMO_BUCKETS.usEast}`).click();
    await page.locator('[data-testid="object-row"][data-key="README.txt"]').waitFor();
    await page.getByTestId('refresh-button').click();
    await rows().filter({ hasText: 'ListObjectsV2' }).filter({ hasText: DEMO_BUCKETS.usEast }).first().waitFor();
    const id = Number(
      await rows()
        .filter({ hasText: 'ListObjectsV2' })
        .filter({ hasText: DEMO_BUCKETS.usEast })
        .first()
        .getAttribute('data-id'),
    );
    // Found by its number: newer requests may still arrive above it.
    const list = page.locator(`[data-testid="log-row"][data-id="${id}"]`);
    // The details name each hop's request ID and host ID, as S3 sent them.
    await list.click();
    await expect
      .poll(() => page.getByTestId('hop-request-id').first().textContent())
      .toMatch(/^request ID [0-9A-F]{16} · host ID \S+$/);
    const shownId = (await page.getByTestId('hop-request-id').first().textContent())!.split(' ')[2];
    await list.click(); // closes them again
    await page.getByTestId('hop-details').waitFor({ state: 'detached' });

    // Right-click: the row's menu; its IDs go to the clipboard in the form Support asks for.
    await list.click({ button: 'right' });
    await page.getByTestId('context-menu').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'log-row-menu.png') });
    await page.getByTestId('log-menu-ids').click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toMatch(new RegExp(`^x-amz-request-id: ${shownId}  x-amz-id-2: \\S+  \\(GET http`));

    // From the keyboard: the selected row's menu opens with Shift+F10; Escape gives focus back.
    await list.click();
    await page.getByTestId('request-log').press('Shift+F10');
    await page.getByTestId('context-menu').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('context-menu').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('request-log');

    // Only this bucket's requests, and back to every bucket from the same menu.
    await list.click({ button: 'right' });
    expect(await page.getByTestId('log-menu-bucket').textContent()).toBe(`Only requests for ${DEMO_BUCKETS.usEast}`);
    await page.getByTestId('log-menu-bucket').click();
    expect(await page.getByTestId('log-bucket-filter').inputValue()).toBe(DEMO_BUCKETS.usEast);
    await expect
      .poll(async () =>
        (await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-bucket')))).every(
          (b) => b === DEMO_BUCKETS.usEast,
        ),
      )
      .toBe(true);
    await list.click({ button: 'right' });
    await page.getByTestId('log-menu-bucket').click(); // "Requests for every bucket"
    expect(await page.getByTestId('log-bucket-filter').inputValue()).toBe('');

    // A request for another bucket opens that bucket.
    await page.getByTestId('open-bucket-input').fill(DEMO_BUCKETS.public);
    await page.getByTestId('open-bucket-input').press('Enter');
    await page.locator('[data-testid="object-row"][data-key="LICENSE.txt"]').waitFor();
    await page.getByTestId(`bucket-${DEMO_BUCKETS.usEast}`).click();
    await page.locator('[data-testid="object-row"][data-key="README.txt"]').waitFor();
    const other = rows().filter({ hasText: DEMO_BUCKETS.public }).first();
    await other.click({ button: 'right' });
    await page.getByTestId('log-menu-open').click();
    await expect.poll(() => page.getByTestId('breadcrumbs').textContent()).toContain(DEMO_BUCKETS.public);
    await page.getByTestId(`bucket-${DEMO_BUCKETS.usEast}`).click();
    await page.locator('[data-testid="object-row"][data-key="README.txt"]').waitFor();
  });

  it('resizes with the mouse and the keyboard, and folds away', async () => {
    const panel = page.getByTestId('bottom-panel');
    const start = (await panel.boundingBox())!.height;
    const handle = (await page.getByTestId('panel-resize').boundingBox())!;
    await page.mouse.move(handle.x + 200, handle.y + 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + 200, handle.y - 150, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await panel.boundingBox())!.height).toBeGreaterThan(start + 120);
    await page.screenshot({ path: path.join(SHOTS, 'log-tall.png') });
    const tall = (await panel.boundingBox())!.height;
    await page.getByTestId('panel-resize').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await panel.boundingBox())!.height).toBeLessThan(tall);
    await page.getByTestId('panel-toggle').click();
    await expect.poll(async () => (await panel.boundingBox())!.height).toBeLessThan(60);
    expect(await page.getByTestId('request-log').count()).toBe(0);
    await page.getByTestId('panel-toggle').click();
    await page.getByTestId('request-log').waitFor();
  });
});
