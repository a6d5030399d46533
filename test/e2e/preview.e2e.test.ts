// A look inside without downloading, in Chromium against the demo: JSON pretty and foldable, CSV
// as a table, text, images (an SVG as an image, its script never run), a hex view for the rest,
// and a large file said to be cut, with more on request. Every byte comes through main's transport.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/app-core.js';
import { DEMO_BUCKETS } from '../../electron/demo/seed.js';
import { openAppInChromium, SHOTS, type AppInChromium } from '../support/e2e.js';

const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('previews', () => {
  let app: AppInChromium;
  let core: Core;
  let page: Page;
  let dropRoot: string;
  const row = (key: string) => page.locator(`[data-testid="object-row"][data-key="${key}"]`);
  const preview = () => page.getByTestId('preview');
  const drop = (...names: string[]) =>
    page.evaluate((list) => {
      const transfer = new DataTransfer();
      for (const name of list) transfer.items.add(new File(['x'], name));
      document
        .querySelector('[data-testid="object-table"]')!
        .dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, names);

  beforeAll(async () => {
    dropRoot = await mkdtemp(path.join(os.tmpdir(), 'preview-'));
    app = await openAppInChromium({ dropRoot });
    ({ core, page } = app);
  });
  afterAll(async () => {
    await app?.stop();
    await rm(dropRoot, { recursive: true, force: true });
  });

  it('shows JSON pretty and foldable, and text, fetched through the transport', async () => {
    await page.getByTestId('open-bucket-input').fill(`s3://${DEMO_BUCKETS.usEast}/reports/2026/q1/summary.json`);
    await page.getByTestId('open-bucket-input').press('Enter');
    await expect.poll(() => preview().getAttribute('data-kind')).toBe('json');
    expect(await page.getByTestId('preview-json').textContent()).toContain('"quarter": "Q1"');
    const { records } = await core.api['log/since']({ afterId: 0 });
    expect(records.some((r) => r.operation === 'GetObject' && r.key === 'reports/2026/q1/summary.json')).toBe(true);
    await page.getByTestId('breadcrumbs').getByRole('button', { name: DEMO_BUCKETS.usEast }).click();
    await row('README.txt').click();
    await expect
      .poll(() => page.getByTestId('preview-text').textContent())
      .toContain('Welcome to the Bucket Explorer demo');
  });

  it('shows a CSV as a table', async () => {
    await page.getByTestId('open-bucket-input').fill(`s3://${DEMO_BUCKETS.public}/datasets/weather.csv`);
    await page.getByTestId('open-bucket-input').press('Enter');
    const table = page.getByTestId('preview-table');
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['date', 'temp']);
    expect(await table.getByRole('cell').allTextContents()).toEqual(['2026-11-21', '14']);
    await page.screenshot({ path: path.join(SHOTS, 'preview-csv.png') });
  });

  it('renders Markdown without its raw HTML: scripts and javascript: links stay text', async () => {
    await writeFile(
      path.join(dropRoot, 'notes.md'),
      '# Release notes\n\n- **bold** item\n\n<script>window.__mdRan = true</script>\n\n<img src=x onerror="window.__mdRan = true">\n\n[click](javascript:window.__mdRan=true)\n',
    );
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).click();
    await row('photos/').waitFor();
    await page.getByTestId('upload-button').waitFor();
    await drop('notes.md');
    await row('notes.md').click();
    const md = page.getByTestId('preview-markdown');
    await md.waitFor();
    expect(await md.locator('h1').textContent()).toBe('Release notes');
    expect(await md.locator('strong').textContent()).toBe('bold');
    expect(await md.locator('script, img').count()).toBe(0);
    expect(await md.textContent()).toContain('<script>');
    expect(await md.locator('a').getAttribute('href')).toBe('');
    expect(await page.evaluate(() => (window as unknown as { __mdRan?: boolean }).__mdRan)).toBeUndefined();
  });

  it('shows images (an SVG as an image, its script never run), a hex view for binaries, and says what was cut', async () => {
    await writeFile(path.join(dropRoot, 'dot.png'), Buffer.from(PNG_1X1, 'base64'));
    await writeFile(
      path.join(dropRoot, 'drawing.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><script>window.parent.__svgRan = true</script><rect width="40" height="20" fill="teal"/></svg>',
    );
    await writeFile(path.join(dropRoot, 'blob.bin'), Buffer.from([0, 1, 2, 3, 255, 254, 0x41, 0x42]));
    await writeFile(path.join(dropRoot, 'big.txt'), 'line of text\n'.repeat(200_000)); // 2.5 MB
    await page.getByTestId(`bucket-${DEMO_BUCKETS.apSoutheast}`).click();
    await row('logs/').waitFor();
    await page.getByTestId('upload-button').waitFor();
    await drop('dot.png', 'drawing.svg', 'blob.bin', 'big.txt');
    for (const key of ['dot.png', 'drawing.svg', 'blob.bin', 'big.txt']) await row(key).waitFor();

    await row('dot.png').click();
    const image = page.getByTestId('preview-image');
    await image.waitFor();
    await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
    await row('drawing.svg').click();
    await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(40);
    expect(await page.evaluate(() => (window as unknown as { __svgRan?: boolean }).__svgRan)).toBeUndefined();

    await row('blob.bin').click();
    await expect.poll(() => page.getByTestId('preview-hex').textContent()).toContain('00 01 02 03 ff fe 41 42');

    await row('big.txt').click();
    await expect
      .poll(() => page.getByTestId('preview-truncated').textContent())
      .toContain('The first 1.0 MiB of 2.5 MiB');
    await page.getByTestId('preview-truncated').getByRole('button').click();
    await page.getByTestId('preview-truncated').waitFor({ state: 'detached' });
    expect((await page.getByTestId('preview-text').textContent())!.length).toBe(2_600_000);
  });

  it('edits a text in place, and when someone saved it meanwhile shows both and overwrites nothing until asked', async () => {
    await page.getByTestId(`bucket-${DEMO_BUCKETS.apSoutheast}`).click();
    await page.locator('[data-testid="object-row"][data-key="logs/"]').dblclick();
    const key = 'logs/2026-11-21.log';
    await page.locator(`[data-testid="object-row"][data-key="${key}"]`).click();
    await page.getByTestId('edit-text-button').click();
    await page.getByTestId('edit-text').fill('GET /health 200\nmine\n');
    // Someone else saves it first (through the core, like another window would).
    const opened = await core.api['object/preview']({ connectionId: 'demo', bucket: DEMO_BUCKETS.apSoutheast, key });
    await core.api['object/save-text']({
      connectionId: 'demo',
      bucket: DEMO_BUCKETS.apSoutheast,
      key,
      text: 'theirs\n',
      ifMatch: opened.etag!,
    });
    await page.getByTestId('edit-text-save').click();
    await page.getByTestId('edit-conflict').waitFor();
    expect(await page.getByTestId('conflict-theirs').inputValue()).toBe('theirs\n');
    expect(await page.getByTestId('conflict-mine').inputValue()).toBe('GET /health 200\nmine\n');
    const now = async () =>
      Buffer.from(
        (await core.api['object/preview']({ connectionId: 'demo', bucket: DEMO_BUCKETS.apSoutheast, key })).base64,
        'base64',
      ).toString();
    expect(await now()).toBe('theirs\n'); // nothing overwritten yet
    await page.screenshot({ path: path.join(SHOTS, 'edit-conflict.png') });
    await page.getByTestId('conflict-keep-mine').click();
    await expect.poll(now).toBe('GET /health 200\nmine\n');
    const details = await core.api['object/details']({ connectionId: 'demo', bucket: DEMO_BUCKETS.apSoutheast, key });
    expect(details.contentType).toBe('text/plain'); // kept
    await expect.poll(() => page.getByTestId('preview-text').textContent()).toContain('mine');
  });

  it('colours code by its extension, and markup inside stays text', async () => {
    await writeFile(path.join(dropRoot, 'tool.py'), 'def main():\n    return "hi"  # a comment\n');
    await writeFile(path.join(dropRoot, 'page.html'), '<p>hello</p><script>window.__hlRan = true</script>\n');
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).click();
    await row('photos/').waitFor();
    await page.getByTestId('upload-button').waitFor();
    await drop('tool.py', 'page.html');
    await row('tool.py').click();
    const code = page.getByTestId('preview-text');
    await expect.poll(() => code.getAttribute('data-language')).toBe('python');
    expect(await code.locator('.hljs-keyword').first().textContent()).toBe('def');
    expect(await code.locator('.hljs-comment').textContent()).toBe('# a comment');
    await page.screenshot({ path: path.join(SHOTS, 'preview-code.png') });
    await row('page.html').click();
    await expect.poll(() => code.getAttribute('data-language')).toBe('xml');
    expect(await code.textContent()).toContain('<script>window.__hlRan = true</script>');
    expect(await code.locator('script, p').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __hlRan?: boolean }).__hlRan)).toBeUndefined();
  });

  it('opens a larger look on Space, and closes it with Space or Escape', async () => {
    await row('tool.py').click();
    await page.getByTestId('object-table').press(' ');
    const look = page.getByTestId('quick-look');
    await look.waitFor();
    await expect.poll(() => look.getByTestId('preview-text').getAttribute('data-language')).toBe('python');
    await page.keyboard.press(' ');
    await look.waitFor({ state: 'detached' });
    await page.getByTestId('object-table').press(' ');
    await look.waitFor();
    await page.keyboard.press('Escape');
    await look.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('object-table');
  });

  it('shows a big CSV as a virtualized table: every row read, quoted fields kept whole, only what is on screen drawn', async () => {
    const lines = ['id,name,note'];
    for (let i = 0; i < 20_000; i++) lines.push(`${i},"Name, ${i}","said ""hi"""`);
    await writeFile(path.join(dropRoot, 'big.csv'), `${lines.join('\n')}\n`);
    await page.getByTestId(`bucket-${DEMO_BUCKETS.euWest}`).click();
    await row('photos/').waitFor();
    await drop('big.csv');
    await row('big.csv').click();
    const table = page.getByTestId('preview-table');
    await expect.poll(() => page.getByTestId('preview-table-count').textContent()).toBe('20,000 rows');
    expect(await table.getByRole('cell').nth(1).textContent()).toBe('Name, 0');
    expect(await table.getByRole('cell').nth(2).textContent()).toBe('said "hi"');
    expect(await table.getByRole('row').count()).toBeLessThan(100);
    await table.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(() => table.getByRole('cell', { name: 'Name, 19999' }).count()).toBe(1);
  });
});
