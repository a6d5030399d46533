// Access at a glance, and why, in Chromium on the demo: the list's chips (read after the list is on
// screen, one HeadBucket per bucket first) and their filter; the info pane naming the deciding
// setting; a policy edited with its checks, diff and effect, refused by BlockPublicPolicy and
// explained; Block Public Access switched behind a confirmation; a denied request explained.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/app-core.js';
import { DEMO_BUCKETS } from '../../electron/demo/seed.js';
import { openAppInChromium, SHOTS, type AppInChromium } from '../support/e2e.js';

describe('public access', () => {
  let app: AppInChromium;
  let core: Core;
  let page: Page;
  const chip = (bucket: string) => page.getByTestId(`public-${bucket}`);

  beforeAll(async () => {
    app = await openAppInChromium({ viewport: { width: 1440, height: 1000 } });
    ({ core, page } = app);
  });
  afterAll(async () => app?.stop());

  it('paints the list with one request per bucket, and labels the buckets when the list is filtered', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.website}`).locator('.chip.region').waitFor();
    await expect
      .poll(
        async () =>
          (await core.api['log/since']({ afterId: 0 })).records.filter((r) => r.operation === 'HeadBucket').length,
      )
      .toBeGreaterThanOrEqual(9);
    const { records } = await core.api['log/since']({ afterId: 0 });
    // First paint: ListBuckets and one HeadBucket per bucket; no settings are read for a chip yet.
    expect(records.filter((r) => r.operation === 'GetPublicAccessBlock')).toEqual([]);
    expect(await chip(DEMO_BUCKETS.website).count()).toBe(0);

    // Asking for public buckets is what reads every bucket's access.
    await page.getByTestId('access-filter').selectOption('public');
    await expect.poll(() => page.getByTestId('bucket-list').locator('.bucket-row').count()).toBe(1);
    expect(await page.getByTestId(`bucket-${DEMO_BUCKETS.website}`).count()).toBe(1);
    await page.getByTestId('access-filter').selectOption('all');
    await expect.poll(() => chip(DEMO_BUCKETS.locked).getAttribute('data-state')).toBe('not-public');
    expect(await chip(DEMO_BUCKETS.website).getAttribute('data-state')).toBe('public');
    expect(await chip(DEMO_BUCKETS.restricted).getAttribute('data-state')).toBe('authorized-only');
    expect(await chip(DEMO_BUCKETS.euWest).getAttribute('data-state')).toBe('objects-can-be-public');
    await page.screenshot({ path: path.join(SHOTS, 'access-chips.png') });
  });

  it('says why a bucket is public, naming the policy statement', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.website}`).click();
    const reason = page.getByTestId('public-access-reason');
    await expect
      .poll(() => reason.textContent())
      .toContain("the bucket policy's statement 1 (PublicList) allows everyone");
    expect(await page.getByTestId('policy-summary').textContent()).toContain('allows everyone s3:GetObject');
    // The demo's website bucket is one: its index page is served for folders.
    await expect
      .poll(() => page.getByTestId('bucket-website').textContent())
      .toMatch(/^hosting: index\.html for folders/);
    await page.getByTestId('access-section').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'access-public.png') });
  });

  it("reads the account's Block Public Access too, and names it when it decides", async () => {
    const switches = page.getByTestId('account-block-switches');
    expect(await switches.textContent()).toBe(`none set for account ${app.demo.accounts.demo.accountId}`);
    // The account's owner turns RestrictPublicBuckets on for the whole account (S3 Control).
    app.demo.world.accountBlocks.set(app.demo.accounts.demo.accountId, {
      BlockPublicAcls: false,
      IgnorePublicAcls: false,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: true,
    });
    try {
      await page.getByTestId('access-refresh').click();
      await expect.poll(() => page.getByTestId('public-access').getAttribute('data-state')).toBe('authorized-only');
      expect(await page.getByTestId('public-access-reason').textContent()).toContain(
        "Block Public Access (the account's RestrictPublicBuckets)",
      );
      expect(await switches.textContent()).toContain('✓ RestrictPublicBuckets');
      await page.getByTestId('access-section').evaluate((e) => e.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: path.join(SHOTS, 'access-account-block.png') });
    } finally {
      app.demo.world.accountBlocks.clear();
    }
    await page.getByTestId('access-refresh').click();
    await expect.poll(() => page.getByTestId('public-access').getAttribute('data-state')).toBe('public');
  });

  it('checks a policy as it is typed, shows the diff and the effect, and explains a refusal', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.locked}`).click();
    await expect.poll(() => page.getByTestId('public-access').getAttribute('data-state')).toBe('not-public');
    expect(await page.getByTestId('bucket-encryption').textContent()).toContain('SSE-KMS with arn:aws:kms:');
    await page.getByTestId('edit-policy').click();
    const text = page.getByTestId('policy-text');
    await text.fill('{ "Statement": [ { "Effect": "Allow", ');
    expect(await page.getByTestId('policy-problem').textContent()).toMatch(/^The policy is not valid JSON/);
    expect(await page.getByTestId('policy-review').isDisabled()).toBe(true);
    // About another bucket's objects: S3 refuses it (it was offered for review as making this public).
    await text.fill(
      JSON.stringify({
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::elsewhere/*' }],
      }),
    );
    expect(await page.getByTestId('policy-problem').textContent()).toContain(
      `"arn:aws:s3:::elsewhere/*" is not in ${DEMO_BUCKETS.locked}`,
    );
    expect(await page.getByTestId('policy-review').isDisabled()).toBe(true);
    await text.fill('{ "Statement": [ { "Effect": "Allow", ');
    // A slip (Escape, a click outside) asks before the typed policy is thrown away.
    await text.press('Escape');
    await page.getByTestId('dialog-unsaved').waitFor();
    await page.keyboard.press('Escape'); // on the question: keep editing, back in the text
    await page.getByTestId('dialog-unsaved').waitFor({ state: 'detached' });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('policy-text');
    await page.mouse.click(5, 5);
    await page.getByTestId('dialog-keep-editing').click();
    expect(await text.inputValue()).toBe('{ "Statement": [ { "Effect": "Allow", ');
    await text.fill(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Everyone',
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: `arn:aws:s3:::${DEMO_BUCKETS.locked}/*`,
          },
        ],
      }),
    );
    expect(await page.getByTestId('policy-statements').textContent()).toContain('allows everyone s3:GetObject');
    // From the keyboard: Enter on Review, then Enter again goes back to editing — it does not save
    // (one button reused for Review and Save kept the keyboard, and the second Enter saved).
    await page.getByTestId('policy-review').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('policy-diff').waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    await expect.poll(focused).toBe('policy-back');
    await page.keyboard.press('Enter');
    await page.getByTestId('policy-text').waitFor();
    expect(
      (await core.api['bucket/access']({ connectionId: 'demo', bucket: DEMO_BUCKETS.locked, refresh: true })).policy,
    ).toBeFalsy(); // nothing was sent
    await page.getByTestId('policy-review').click();
    expect(await page.getByTestId('policy-diff').textContent()).toContain('+   "Statement"');
    expect(await page.getByTestId('policy-effect').textContent()).toContain('Public');
    expect(await page.getByTestId('policy-refused').textContent()).toContain('BlockPublicPolicy is on');
    await page.screenshot({ path: path.join(SHOTS, 'access-policy-review.png') });
    await page.getByTestId('policy-save').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('S3 refused the policy (AccessDenied)');
    await page.getByTestId('policy-text').waitFor(); // back to editing, the text kept
    await page.getByTestId('policy-back').click(); // Cancel
    await page.getByTestId('policy-editor').waitFor({ state: 'detached' });
    const report = await core.api['bucket/access']({
      connectionId: 'demo',
      bucket: DEMO_BUCKETS.locked,
      refresh: true,
    });
    expect(report.policy).toBeNull();
  });

  it('turns Block Public Access off behind a confirmation that shows the effect', async () => {
    await page.getByTestId('edit-block').click();
    for (const name of ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'])
      await page.getByTestId(`switch-${name}`).uncheck();
    expect(await page.getByTestId('block-effect').textContent()).toContain('Objects can be public');
    await page.getByTestId('block-save').click();
    await expect.poll(() => chip(DEMO_BUCKETS.locked).getAttribute('data-state')).toBe('objects-can-be-public');
    expect(
      (await core.api['bucket/access']({ connectionId: 'demo', bucket: DEMO_BUCKETS.locked })).blockPublicAccess,
    ).toBeNull();
  });

  it('adds lifecycle rules checked as they are filled in, shows them in words, and removes them', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.versioned}`).click();
    await expect.poll(() => page.getByTestId('bucket-lifecycle').textContent()).toBe('no rules');
    await page.getByTestId('edit-lifecycle').click();
    const editor = page.getByTestId('lifecycle-editor');
    await editor.waitFor();
    expect(await page.getByTestId('lifecycle-none').count()).toBe(1);
    // Aborting forgotten uploads after 7 days is ticked to begin with; a move too soon is refused.
    expect(await page.getByTestId('lifecycle-abort').isChecked()).toBe(true);
    await page.getByTestId('lifecycle-prefix').fill('reports/');
    await page.getByTestId('lifecycle-move-class').selectOption('STANDARD_IA');
    await page.getByTestId('lifecycle-move-days').fill('10');
    expect(await page.getByTestId('lifecycle-move').isChecked()).toBe(true); // typing a day count ticks it
    expect(await page.getByTestId('lifecycle-problem').textContent()).toBe(
      'S3 moves objects to STANDARD_IA only once they are 30 days old or more.',
    );
    expect(await page.getByTestId('lifecycle-add').isDisabled()).toBe(true);
    await page.getByTestId('lifecycle-move-days').fill('30');
    await page.getByTestId('lifecycle-old').check();
    // A rule that deletes says what on its button, marked as a deletion.
    expect(await page.getByTestId('lifecycle-add').textContent()).toBe(
      'Add the rule: it deletes old versions after 30 days',
    );
    expect(await page.getByTestId('lifecycle-add').getAttribute('class')).toBe('danger');
    await page.screenshot({ path: path.join(SHOTS, 'lifecycle-editor.png') });
    await page.getByTestId('lifecycle-add').click();
    const rule = page.getByTestId('lifecycle-rule');
    await expect.poll(() => rule.count()).toBe(1);
    expect(await rule.textContent()).toBe(
      'reports abort-uploads-7d standard_ia-30d old-versions-30d: objects under reports/: abort unfinished uploads after 7 days; move to STANDARD_IA after 30 days; delete old versions 30 days after they become old' +
        'Remove',
    );
    // Enter adds the next one (the form is a form).
    await page.getByTestId('lifecycle-prefix').fill('');
    await page.getByTestId('lifecycle-move').uncheck();
    await page.getByTestId('lifecycle-old').uncheck();
    await page.getByTestId('lifecycle-name').fill('uploads');
    await page.getByTestId('lifecycle-name').press('Enter');
    await expect.poll(() => rule.count()).toBe(2);
    // The pane beside says the same, in words.
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });
    expect(await page.getByTestId('bucket-lifecycle').textContent()).toContain(
      'every object: abort unfinished uploads after 7 days',
    );
    const held = await core.api['bucket/access']({ connectionId: 'demo', bucket: DEMO_BUCKETS.versioned });
    expect(held.lifecycle?.map((r) => r.id)).toEqual([
      'reports abort-uploads-7d standard_ia-30d old-versions-30d',
      'uploads',
    ]);
    // Removed one at a time; the last one leaves no configuration at all.
    await page.getByTestId('edit-lifecycle').click();
    for (let left = 1; left >= 0; left--) {
      await rule.first().getByTestId('lifecycle-remove').click();
      await expect.poll(() => rule.count()).toBe(left);
    }
    expect(await page.getByTestId('lifecycle-none').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('bucket-lifecycle').textContent()).toBe('no rules');
  });

  it("sets a bucket's default encryption, refusing a key of another region before S3 does", async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.restricted}`).click();
    await expect.poll(() => page.getByTestId('bucket-encryption').textContent()).toBe('not configured');
    await page.getByTestId('edit-encryption').click();
    await page.getByTestId('encryption-editor').waitFor();
    expect(await page.getByTestId('encryption-AES256').isChecked()).toBe(true);
    await page.getByTestId('encryption-aws:kms').check();
    // The bucket key is on to begin with; a key from us-east-1 for a bucket in ap-southeast-2 is not.
    expect(await page.getByTestId('encryption-bucket-key').isChecked()).toBe(true);
    await page
      .getByTestId('encryption-key')
      .fill('arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(await page.getByTestId('encryption-problem').textContent()).toBe(
      "That key is in us-east-1 and the bucket in ap-southeast-2: S3 uses a key of the bucket's own region.",
    );
    expect(await page.getByTestId('encryption-save').isDisabled()).toBe(true);
    await page.getByTestId('encryption-key').fill('alias/app-data');
    await page.screenshot({ path: path.join(SHOTS, 'encryption-editor.png') });
    await page.getByTestId('encryption-save').click();
    await page.getByTestId('encryption-editor').waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByTestId('bucket-encryption').textContent())
      .toBe('SSE-KMS with alias/app-data, bucket key on');
    // Back to keys S3 manages: the key goes with it.
    await page.getByTestId('edit-encryption').click();
    await page.getByTestId('encryption-AES256').check();
    expect(await page.getByTestId('encryption-key').count()).toBe(0);
    await page.getByTestId('encryption-save').click();
    await expect.poll(() => page.getByTestId('bucket-encryption').textContent()).toBe('SSE-S3 (AES256)');
  });

  it('tags a bucket, refusing an aws: name in words, and takes the tags away again', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.restricted}`).click();
    await expect.poll(() => page.getByTestId('bucket-tags').textContent()).toBe('none');
    await page.getByTestId('edit-bucket-tags').click();
    const rows = page.getByTestId('bucket-tags').locator('.pair-row input');
    await rows.nth(0).fill('aws:owner');
    await rows.nth(1).fill('me');
    expect(await page.getByTestId('bucket-tags-problem').textContent()).toContain("are AWS's own");
    expect(await page.getByTestId('bucket-tags-save').isDisabled()).toBe(true);
    await rows.nth(0).fill('team');
    await page.getByTestId('bucket-tags-add').click();
    await page.keyboard.type('cost-center'); // Add put the keyboard in the new row's name
    await rows.nth(3).fill('42');
    await page.getByTestId('bucket-tags-save').click();
    await page.getByTestId('bucket-tags-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('bucket-tags').textContent()).toBe('team = me; cost-center = 42');
    await page.getByTestId('edit-bucket-tags').click();
    for (let i = 0; i < 2; i++)
      await page.getByTestId('bucket-tags').getByRole('button', { name: 'Remove' }).first().click();
    await page.getByTestId('bucket-tags-save').click();
    await expect.poll(() => page.getByTestId('bucket-tags').textContent()).toBe('none');
  });

  it('turns a static website on and off, checked as it is typed', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.restricted}`).click();
    await expect.poll(() => page.getByTestId('bucket-website').textContent()).toBe('off');
    await page.getByTestId('edit-website').click();
    await page.getByTestId('website-host').check();
    await page.getByTestId('website-index').fill('pages/index.html');
    expect(await page.getByTestId('website-problem').textContent()).toContain('a name, not a path');
    await page.getByTestId('website-index').fill('index.html');
    await page.getByTestId('website-save').click();
    await expect
      .poll(() => page.getByTestId('bucket-website').textContent())
      .toBe('hosting: index.html for folders, error.html for errors');
    await page.getByTestId('edit-website').click();
    await page.getByTestId('website-off').check();
    await page.getByTestId('website-save').click();
    await expect.poll(() => page.getByTestId('bucket-website').textContent()).toBe('off');
  });

  it('adds a CORS rule checked as it is typed, which S3 then obeys, and removes it', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.versioned}`).click();
    await expect.poll(() => page.getByTestId('bucket-cors').textContent()).toBe('no rules');
    await page.getByTestId('edit-cors').click();
    await page.getByTestId('cors-editor').waitFor();
    // A page's address is not an origin: said before anything is sent.
    await page.getByTestId('cors-origins').fill('https://app.example/index.html');
    expect(await page.getByTestId('cors-problem').textContent()).toContain('is not an origin');
    expect(await page.getByTestId('cors-add').isDisabled()).toBe(true);
    await page.getByTestId('cors-origins').fill('https://app.example\nhttps://*.app.example');
    await page.getByTestId('cors-method-PUT').check();
    await page.screenshot({ path: path.join(SHOTS, 'cors-editor.png') });
    await page.getByTestId('cors-add').click();
    const rule = page.getByTestId('cors-rule');
    await expect.poll(() => rule.count()).toBe(1);
    expect(await rule.textContent()).toBe(
      'rule 1: GET, HEAD, PUT from https://app.example, https://*.app.example (any request header; exposes ETag; preflight kept 3,000 s)Remove',
    );
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('bucket-cors').textContent()).toContain('GET, HEAD, PUT from');
    // What a browser on that page gets: its preflight answered.
    const { world } = app.demo;
    const preflight = await fetch(`http://127.0.0.1:${world.port}/${DEMO_BUCKETS.versioned}/notes/a.txt`, {
      method: 'OPTIONS',
      headers: { origin: 'https://x.app.example', 'access-control-request-method': 'PUT' },
    });
    expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([
      200,
      'https://x.app.example',
    ]);
    await page.getByTestId('edit-cors').click();
    await rule.getByTestId('cors-remove').click();
    await page.getByTestId('cors-none').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('bucket-cors').textContent()).toBe('no rules');
  });

  it('offers a rule that aborts forgotten uploads where they are looked for, and then names it', async () => {
    // In a folder: the rule offered here is for the whole bucket all the same.
    await page.locator('[data-testid="object-row"][data-key="notes/"]').dblclick();
    await expect.poll(() => page.getByTestId('breadcrumbs').textContent()).toContain('notes');
    await page.getByTestId('object-table').press('Escape');
    const cleanup = page.getByTestId('uploads-cleanup');
    await expect
      .poll(() => cleanup.textContent())
      .toBe(
        'No lifecycle rule aborts them for the whole bucket: they stay until someone does. Abort them automatically…',
      );
    await page.getByTestId('uploads-add-rule').click();
    expect(await page.getByTestId('lifecycle-prefix').inputValue()).toBe('');
    await page.getByTestId('lifecycle-add').click();
    await expect.poll(() => page.getByTestId('lifecycle-rule').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect
      .poll(() => cleanup.textContent())
      .toBe('The lifecycle rule abort-uploads-7d aborts them 7 days after they start.');
    await core.api['bucket/lifecycle']({
      connectionId: 'demo',
      bucket: DEMO_BUCKETS.versioned,
      remove: ['abort-uploads-7d'],
    });
  });

  it('explains a denied read of another account’s bucket in the log', async () => {
    await page.getByTestId('open-bucket-input').fill(DEMO_BUCKETS.forbidden);
    await page.getByTestId('open-bucket-input').press('Enter');
    // Where the rows would be, not an empty table that reads as an empty folder: why.
    const failed = page.getByTestId('list-failed');
    await expect.poll(() => failed.textContent()).toContain('This identity may not list this folder (AccessDenied).');
    expect(await failed.textContent()).toContain('Why: Nothing grants it');
    expect(await page.getByTestId('empty-folder').count()).toBe(0);
    await page
      .locator('[data-testid="log-row"][data-operation="ListObjectsV2"][data-bucket="demo-other-account"]')
      .first()
      .click();
    await expect.poll(() => page.getByTestId('denial-why').textContent()).toContain('Nothing grants it');
    await page.screenshot({ path: path.join(SHOTS, 'access-denied-why.png') });
  });

  it('opens a name that is no bucket: 404 in words, its region said once as not known', async () => {
    await page.getByTestId('open-bucket-input').fill('no-such-bucket-here');
    await page.getByTestId('open-bucket-input').press('Enter');
    await expect
      .poll(() => page.getByTestId('access-explanation').textContent())
      .toContain('404 Not Found: no bucket by this name exists');
    // It read "unknown from not known yet".
    expect(await page.getByTestId('bucket-region').textContent()).toBe('not known');
  });
});
