// The transfer journal on disk: a good one is read back, one that is not what it should be is set
// aside (never trusted, never lost), a missing one is a first start.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TransferJournal, type JournalEntry } from '../../electron/transfers/journal.js';

const entry: JournalEntry = {
  id: 't1',
  connectionId: 'demo',
  bucket: 'b',
  key: 'k',
  localPath: '/tmp/k',
  size: 10,
  mtimeMs: 0,
  download: { partial: '/tmp/k.part', etag: '"e"', size: 10, partSize: 4, done: [1] },
};

describe('the transfer journal', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'journal-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back what it wrote, and a missing file is a first start', async () => {
    const file = path.join(dir, 'transfers.json');
    expect(await new TransferJournal(file).load()).toEqual([]);
    await new TransferJournal(file).put(entry);
    expect(await new TransferJournal(file).load()).toEqual([entry]);
  });

  it.each([
    ['not JSON', '{"version": 1, "uploads": ['],
    ['another shape', JSON.stringify({ version: 1, uploads: [{ id: 't1', size: 'ten' }] })],
    ['a newer version', JSON.stringify({ version: 2, uploads: [] })],
  ])('sets aside a journal that is %s and starts empty', async (_, text) => {
    const file = path.join(dir, 'transfers.json');
    await writeFile(file, text);
    expect(await new TransferJournal(file).load()).toEqual([]);
    const names = await readdir(dir);
    const aside = names.find((n) => n.startsWith('transfers.json.unreadable-'));
    expect(aside).toBeDefined();
    expect(await readFile(path.join(dir, aside!), 'utf8')).toBe(text);
  });
});
