// Object Lock in Chromium on the demo (demo-records: on, 30 days governance by default, a contract
// under a legal hold): the bucket's pane says it; a new bucket made with it; an object's details say its retention and hold;
// Object Lock… lifts a hold with the keyboard, refuses in words to shorten governance without the
// bypass and compliance at all, and marks compliance as what cannot be undone; a purge warns
// before S3 refuses a kept version, and deletes one under governance only when told to bypass it.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/app-core.js';
import { DEMO_BUCKETS } from '../../electron/demo/seed.js';
import { openAppInChromium, SHOTS, type AppInChromium } from '../support/e2e.js';

describe('Object Lock', () => {
  let app: AppInChromium;
  let core: Core;
  let page: Page;
  const open = async (folder: string, name: string) => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.records}`).click();
    await page.getByTestId('object-table').getByText(folder, { exact: true }).dblclick();
    await page.getByTestId('object-table').getByText(name).first().click();
    await page.getByTestId('object-info').waitFor();
  };
  const lockState = () => page.getByTestId('object-lock-state').textContent();
  const head = (key: string) => core.api['object/details']({ connectionId: 'demo', bucket: DEMO_BUCKETS.records, key });

  beforeAll(async () => {
    app = await openAppInChromium({ viewport: { width: 1400, height: 900 } });
    ({ core, page } = app);
  });
  afterAll(async () => app?.stop());

  it("says the bucket's Object Lock in its pane", async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.records}`).click();
    await expect
      .poll(() => page.getByTestId('bucket-object-lock').textContent())
      .toBe('on, new objects kept 30 days (governance)');
    await page.getByTestId('bucket-object-lock').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'object-lock-bucket.png') });
  });

  it('makes a bucket with Object Lock when asked, on a button that says so', async () => {
    await page.getByTestId('new-bucket-button').click();
    await page.getByTestId('bucket-name-input').fill('made-locked');
    await page.getByTestId('new-bucket-object-lock').check();
    expect(await page.getByTestId('create-bucket-submit').textContent()).toBe('Create bucket with Object Lock');
    await page.screenshot({ path: path.join(SHOTS, 'object-lock-new-bucket.png') });
    await page.getByTestId('create-bucket-submit').click();
    await page.getByTestId('bucket-made-locked').click();
    await expect.poll(() => page.getByTestId('bucket-object-lock').textContent()).toBe('on, no default retention');
    expect((await core.api['bucket/versioning']({ connectionId: 'demo', bucket: 'made-locked' })).status).toBe(
      'Enabled',
    );

    // Its default retention set from the pane: a count of 0 is said in words, 7 days saved.
    await page.getByTestId('edit-object-lock').click();
    await page.getByTestId('bucket-lock-governance').check();
    await page.getByTestId('bucket-lock-count').fill('0');
    expect(await page.getByTestId('bucket-lock-problem').textContent()).toMatch(/whole number of days or years/);
    expect(await page.getByTestId('bucket-lock-save').isDisabled()).toBe(true);
    await page.getByTestId('bucket-lock-count').fill('7');
    expect(await page.getByTestId('bucket-lock-save').textContent()).toBe('Save');
    await page.getByTestId('bucket-lock-save').click();
    await expect
      .poll(() => page.getByTestId('bucket-object-lock').textContent())
      .toBe('on, new objects kept 7 days (governance)');
  });

  it('shows a version held and retained, and lifts the hold with the keyboard', async () => {
    await open('contracts/', 'signed-2026.txt');
    await expect.poll(lockState).toMatch(/^governance retention until \d{4}-\d{2}-\d{2} · legal hold on$/);
    // Its own checksum, as S3 keeps it (the demo's objects were put with CRC32).
    expect(await page.getByTestId('object-checksum').textContent()).toMatch(/^CRC32 \S+ \(of the whole object\)$/);
    await page.getByTestId('object-lock-button').click();
    const dialog = page.getByTestId('object-lock-dialog');
    await dialog.waitFor();
    // Nothing asked yet: Save waits, with nothing said against it.
    expect(await page.getByTestId('object-lock-save').isDisabled()).toBe(true);
    expect(await page.getByTestId('object-lock-problem').count()).toBe(0);

    // Lifting governance retention is bypassing it: said in words until it is ticked.
    await page.getByTestId('object-lock-none').check();
    expect(await page.getByTestId('object-lock-problem').textContent()).toMatch(
      /^Shortening or lifting governance retention \(until .*\) means bypassing it/,
    );
    expect(await page.getByTestId('object-lock-save').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'object-lock-bypass-asked.png') });
    await page.getByTestId('object-lock-governance').check(); // back as it was

    await page.getByTestId('object-lock-hold').focus();
    await page.keyboard.press('Space');
    expect(await page.getByTestId('object-lock-hold').isChecked()).toBe(false);
    await page.getByTestId('object-lock-save').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/signed-2026\.txt: governance retention/);
    await expect.poll(lockState).not.toContain('legal hold on');
    expect((await head('contracts/signed-2026.txt')).lock).toMatchObject({ mode: 'GOVERNANCE', legalHold: false });
  });

  it('keeps a version in compliance mode only on a button that says so, and never lifts it', async () => {
    await page.getByTestId('object-lock-button').click();
    await page.getByTestId('object-lock-compliance').check();
    const nextYear = `${new Date().getUTCFullYear() + 1}-06-30`;
    await page.getByTestId('object-lock-until').fill(nextYear);
    const save = page.getByTestId('object-lock-save');
    expect(await save.textContent()).toBe(`Keep it in compliance mode until ${nextYear}`);
    expect(await save.getAttribute('class')).toContain('danger');
    expect(await page.getByTestId('object-lock-compliance-warning').textContent()).toContain('cannot be undone');
    await page.screenshot({ path: path.join(SHOTS, 'object-lock-compliance.png') });
    await save.click();
    await expect.poll(lockState).toBe(`compliance retention until ${nextYear}`);

    await page.getByTestId('object-lock-button').click();
    await page.getByTestId('object-lock-none').check();
    expect(await page.getByTestId('object-lock-problem').textContent()).toMatch(
      /^Compliance retention cannot be shortened, lifted or made governance/,
    );
    expect(await page.getByTestId('object-lock-bypass').count()).toBe(0);
    expect(await save.isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByTestId('object-lock-dialog').waitFor({ state: 'detached' });
  });

  it('warns before a purge S3 would refuse, and deletes under governance only when told to bypass it', async () => {
    await page.getByTestId('show-versions').check();
    await open('audit/', '2026-q3.csv');
    const purge = async () => {
      await page.getByTestId('object-table').getByText('2026-q3.csv').first().click();
      await page.getByRole('button', { name: 'Delete for good…' }).click();
      await expect.poll(() => page.getByTestId('purge-locked').count()).toBe(1);
    };
    await purge();
    expect(await page.getByTestId('purge-locked').textContent()).toMatch(
      /^This version is under Object Lock: governance retention keeps it until .*, unless it is bypassed\./,
    );
    await page.screenshot({ path: path.join(SHOTS, 'object-lock-purge.png') });
    await page.getByRole('button', { name: 'Delete 1 version permanently' }).click();
    await expect
      .poll(() => page.getByTestId('notice').textContent())
      .toContain('kept by Object Lock: a legal hold, or a retention that has not ended');
    expect(await page.getByTestId('object-table').getByText('2026-q3.csv').count()).toBe(1);

    await purge();
    await page.getByTestId('purge-bypass').check();
    await page.getByRole('button', { name: 'Delete 1 version permanently' }).click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Deleted 1 version for good.');
    await expect.poll(() => page.getByTestId('object-table').getByText('2026-q3.csv').count()).toBe(0);
    const deleted = (await core.api['log/since']({ afterId: 0 })).records.filter(
      (r) => r.operation === 'DeleteObjects' && r.bucket === DEMO_BUCKETS.records,
    );
    expect(deleted.map((r) => r.outcome)).toEqual(['ok', 'ok']);
  });
});
