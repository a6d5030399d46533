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
    // A typed path needs the window's connection and bucket list first (slow on a loaded machine).
    await page.getByTestId(`bucket-${DEMO_BUCKETS.usEast}`).waitFor({ timeout: 60_000 });
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
    await writeFile(
      path.join(dropRoot, 'blob.bin'),
      Buffer.concat([Buffer.from([0, 1, 2, 3, 255, 254, 0x41, 0x42]), Buffer.alloc(1992, 7)]),
    );
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
    const hex = page.getByTestId('preview-hex');
    await expect.poll(() => hex.textContent()).toContain('00 01 02 03 ff fe 41 42');
    // As many bytes a line as the pane shows whole: no line runs off its right edge (16 did, its
    // text out of sight), and the larger view has room for 16.
    expect(await hex.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    expect(Number(await hex.getAttribute('data-per-line'))).toBeLessThan(16);
    // It shows its first 512 bytes, and says so (it said the first 2.0 KiB, all it had read).
    expect(await page.getByTestId('preview-truncated').textContent()).toContain('The first 512 B of 2.0 KiB.');
    await page.getByTestId('object-table').press('Space');
    const larger = page.getByTestId('quick-look').getByTestId('preview-hex');
    await expect.poll(() => larger.getAttribute('data-per-line')).toBe('16');
    expect(await larger.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByTestId('quick-look').waitFor({ state: 'detached' });

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
    const now = async () =>
      Buffer.from(
        (await core.api['object/preview']({ connectionId: 'demo', bucket: DEMO_BUCKETS.apSoutheast, key })).base64,
        'base64',
      ).toString();
    const editor = page.getByTestId('edit-text');
    // Someone else saves it meanwhile (through the core, like another window would).
    const someoneElseSaves = async (text: string) => {
      const { etag } = await core.api['object/preview']({
        connectionId: 'demo',
        bucket: DEMO_BUCKETS.apSoutheast,
        key,
      });
      await core.api['object/save-text']({
        connectionId: 'demo',
        bucket: DEMO_BUCKETS.apSoutheast,
        key,
        text,
        ifMatch: etag!,
      });
    };
    await page.locator(`[data-testid="object-row"][data-key="${key}"]`).click();

    // Opened in a dialog with the text focused; Escape with nothing changed just closes it.
    await page.getByTestId('edit-text-button').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('edit-text');
    await page.keyboard.press('Escape');
    await page.getByTestId('edit-text-dialog').waitFor({ state: 'detached' });
    // The keyboard is back where it was, not stranded on the page.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('edit-text-button');

    // With changes, Escape (and a click outside) asks first; Escape on the question keeps the draft.
    await page.getByTestId('edit-text-button').click();
    await editor.press('Control+End');
    await page.keyboard.type('draft');
    await page.keyboard.press('Escape');
    await page.getByTestId('edit-discard').waitFor();
    await page.keyboard.press('Escape');
    expect(await editor.inputValue()).toBe('GET /health 200\ndraft');
    await page.mouse.click(5, 5); // on the backdrop
    await page.getByTestId('edit-keep-editing').click();
    expect(await editor.inputValue()).toBe('GET /health 200\ndraft');
    await page.getByTestId('edit-cancel').click();
    await page.getByTestId('edit-discard-confirm').click();
    await page.getByTestId('edit-text-dialog').waitFor({ state: 'detached' });
    expect(await now()).toBe('GET /health 200\n'); // dropped, nothing saved

    await page.getByTestId('edit-text-button').click();
    await editor.fill('GET /health 200\nmine\n');
    await someoneElseSaves('theirs\n');
    await editor.press('Control+s');
    await page.getByTestId('edit-conflict').waitFor();
    expect(await page.getByTestId('conflict-theirs').inputValue()).toBe('theirs\n');
    expect(await page.getByTestId('conflict-mine').inputValue()).toBe('GET /health 200\nmine\n');
    expect(await page.getByTestId('conflict-diff').textContent()).toBe('- theirs+ GET /health 200\n+ mine');
    expect(await now()).toBe('theirs\n'); // nothing overwritten yet
    await page.screenshot({ path: path.join(SHOTS, 'edit-conflict.png') });
    await page.getByTestId('conflict-keep-mine').click();
    await expect.poll(now).toBe('GET /health 200\nmine\n');
    const details = await core.api['object/details']({ connectionId: 'demo', bucket: DEMO_BUCKETS.apSoutheast, key });
    expect(details.contentType).toBe('text/plain'); // kept
    await expect.poll(() => page.getByTestId('preview-text').textContent()).toContain('mine');
    // Its row says the size saved (it kept the size listed before the save).
    const row = page.locator(`[data-testid="object-row"][data-key="${key}"]`);
    await expect.poll(() => row.textContent()).toContain(`${Buffer.byteLength('GET /health 200\nmine\n')} B`);
    expect(await row.getAttribute('aria-selected')).toBe('true');

    // A conflict left by dropping one's changes: the preview shows what is in S3 now, theirs.
    await page.getByTestId('edit-text-button').click();
    await editor.fill('dropped\n');
    await someoneElseSaves('theirs again\n');
    await editor.press('Control+s');
    await page.getByTestId('edit-conflict').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('edit-discard-confirm').click();
    await expect.poll(() => page.getByTestId('preview-text').textContent()).toBe('theirs again\n');
    expect(await now()).toBe('theirs again\n');
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

  it('opens a larger look on Space, double-click, Enter or the menu, and closes it with Space or Escape', async () => {
    await row('tool.py').click();
    await page.getByTestId('object-table').press(' ');
    const look = page.getByTestId('quick-look');
    await look.waitFor();
    await expect.poll(() => look.getByTestId('preview-text').getAttribute('data-language')).toBe('python');
    // ↑ ↓ look at the table's previous and next object in place, and the selection follows.
    const selected = () =>
      page
        .locator('[data-testid="object-row"][aria-selected="true"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => look.getByRole('heading').first().textContent()).toBe('page.html');
    await expect.poll(() => look.getByTestId('preview-text').getAttribute('data-language')).toBe('xml');
    expect(await selected()).toEqual(['page.html']);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => look.getByRole('heading').first().textContent()).toBe('tool.py');
    expect(await selected()).toEqual(['tool.py']);
    await page.keyboard.press(' ');
    await look.waitFor({ state: 'detached' });
    // Space again, double-click, Enter and the context menu open it too; Escape closes it each time.
    const openers = [
      () => page.getByTestId('object-table').press(' '),
      () => row('tool.py').dblclick(),
      () => page.getByTestId('object-table').press('Enter'),
      async () => {
        await row('tool.py').click({ button: 'right' });
        await page.getByTestId('menu-look').click();
      },
    ];
    for (const open of openers) {
      await open();
      await look.waitFor();
      await page.keyboard.press('Escape');
      await look.waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('object-table');
    }
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
  it('shows a PDF page by page and plays audio and video from bytes main read, and says when one is too large', async () => {
    await page.getByTestId('open-bucket-input').fill(`s3://${DEMO_BUCKETS.usEast}/media/guide.pdf`);
    await page.getByTestId('open-bucket-input').press('Enter');
    const pdf = page.getByTestId('preview-pdf');
    const canvas = pdf.locator('canvas');
    await expect.poll(() => canvas.getAttribute('data-rendered')).toBe('1');
    expect(await page.getByTestId('preview-pdf-page').textContent()).toBe('Page 1 of 3');
    // pdf.js drew the page: its text is dark ink on white, not an empty canvas.
    const inked = () =>
      canvas.evaluate((c) => {
        const { data } = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, c.clientWidth, 200);
        let dark = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i]! < 100 && data[i + 3]! > 0) dark++;
        return dark;
      });
    expect(await inked()).toBeGreaterThan(50);
    await page.screenshot({ path: path.join(SHOTS, 'preview-pdf.png') });
    await pdf.focus();
    await page.keyboard.press('PageDown');
    await expect.poll(() => canvas.getAttribute('data-rendered')).toBe('2');
    expect(await page.getByTestId('preview-pdf-page').textContent()).toBe('Page 2 of 3');
    await pdf.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => canvas.getAttribute('data-rendered')).toBe('1');
    // In the larger look the PDF takes the keyboard to turn pages, and ↓ still goes to the next object.
    await page.getByTestId('breadcrumbs').getByRole('button', { name: 'media' }).click();
    await row('media/guide.pdf').click();
    await page.getByTestId('object-table').press(' ');
    const look = page.getByTestId('quick-look');
    const bigPdf = look.getByTestId('preview-pdf');
    await expect.poll(() => bigPdf.locator('canvas').getAttribute('data-rendered')).toBe('1');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('preview-pdf');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => bigPdf.locator('canvas').getAttribute('data-rendered')).toBe('2');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => look.getByRole('heading').first().textContent()).toBe('media/tone.wav');
    await page.keyboard.press('Escape');
    await look.waitFor({ state: 'detached' });

    // Audio: a two-second WAV, from a blob: URL the page made.
    await page.getByTestId('breadcrumbs').getByRole('button', { name: 'media' }).click();
    await row('media/tone.wav').click();
    const audio = page.getByTestId('preview-audio');
    await expect.poll(() => audio.evaluate((a) => Math.round((a as HTMLAudioElement).duration))).toBe(2);
    expect(await audio.getAttribute('src')).toMatch(/^blob:/);

    // Video: a WebM recorded in this Chromium from a canvas, uploaded, previewed.
    const webm = await page.evaluate(async () => {
      const c = document.createElement('canvas');
      c.width = 320;
      c.height = 180;
      const g = c.getContext('2d')!;
      const recorder = new MediaRecorder(c.captureStream(25), { mimeType: 'video/webm' });
      const parts: Blob[] = [];
      recorder.ondataavailable = (e) => parts.push(e.data);
      recorder.start();
      for (let frame = 0; frame < 15; frame++) {
        g.fillStyle = `hsl(${frame * 24}, 80%, 50%)`;
        g.fillRect(0, 0, 320, 180);
        g.fillStyle = '#fff';
        g.font = '28px sans-serif';
        g.fillText(`frame ${frame + 1}`, 100, 100);
        await new Promise((r) => setTimeout(r, 40));
      }
      recorder.stop();
      await new Promise((r) => (recorder.onstop = r));
      const bytes = new Uint8Array(await new Blob(parts).arrayBuffer());
      return btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
    });
    await writeFile(path.join(dropRoot, 'clip.webm'), Buffer.from(webm, 'base64'));
    await writeFile(path.join(dropRoot, 'broken.mp4'), Buffer.from('not a film at all'));
    await writeFile(path.join(dropRoot, 'huge.mp4'), Buffer.alloc(33 * 1024 * 1024));
    await page.getByTestId('upload-button').waitFor();
    await drop('clip.webm', 'broken.mp4', 'huge.mp4');
    for (const key of ['clip.webm', 'broken.mp4', 'huge.mp4']) await row(`media/${key}`).waitFor();
    await row('media/clip.webm').click();
    const video = page.getByTestId('preview-video');
    await expect.poll(() => video.evaluate((v) => (v as HTMLVideoElement).videoWidth)).toBe(320);
    await page.getByTestId('object-table').press(' ');
    await page.getByTestId('quick-look').getByTestId('preview-video').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'preview-video.png') });
    await page.keyboard.press('Escape');
    await row('media/broken.mp4').click();
    await expect.poll(() => page.getByTestId('preview-media-error').textContent()).toContain('cannot be played here');

    // Too large to read whole: said, and only the first MiB was ever asked for.
    const before = (await core.api['log/since']({ afterId: 0 })).records.length;
    await row('media/huge.mp4').click();
    await expect
      .poll(() => page.getByTestId('preview-too-large').textContent())
      .toContain('33 MiB is more than a preview reads (32 MiB)');
    const reads = (await core.api['log/since']({ afterId: 0 })).records
      .slice(before)
      .filter((r) => r.operation === 'GetObject' && r.key === 'media/huge.mp4');
    expect(reads.length).toBe(1);
  });
});
