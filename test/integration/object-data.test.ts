// The embedded store's object bytes sent from reused buffers (sendSegments): the same bytes as the
// stream for every range across part files, never more than two writes owed, and an answer
// closed midway ends the send instead of hanging it.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSegmentsOf, ObjectFiles, sendSegments, type ObjectData } from '../../electron/store/object-data.js';

/** Copies what it is given (the sender reuses its buffers), calling back after `delayMs`. */
function collector(delayMs = 0) {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      setTimeout(callback, delayMs);
    },
  });
  // Writes handed over and not yet called back: what the sender may not touch.
  let owed = 0;
  let mostOwed = 0;
  const write = out.write.bind(out) as (chunk: Buffer, callback: (error?: Error | null) => void) => boolean;
  out.write = ((chunk: Buffer, callback: (error?: Error | null) => void) => {
    mostOwed = Math.max(mostOwed, ++owed);
    return write(chunk, (error) => {
      owed--;
      callback(error);
    });
  }) as typeof out.write;
  return { out, bytes: () => Buffer.concat(chunks), mostOwed: () => mostOwed };
}

describe('sending object files from reused buffers', () => {
  let root: string;
  let files: ObjectFiles;
  let data: ObjectData;
  let whole: Buffer;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'object-data-'));
    files = new ObjectFiles(root);
    // Three parts of awkward sizes: more than one buffer, one byte, and an empty one.
    const parts = [randomBytes(700 * 1024 + 3), randomBytes(1), Buffer.alloc(0), randomBytes(1300 * 1024)];
    await mkdir(path.join(root, 'parts'));
    const entries = [];
    for (const [i, bytes] of parts.entries()) {
      const file = path.join(root, 'parts', `p${i}`);
      await writeFile(file, bytes);
      entries.push({ file, size: bytes.length });
    }
    data = { files: entries };
    whole = Buffer.concat(parts);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('sends exactly the bytes the stream reads, for ranges within and across parts', async () => {
    const last = whole.length - 1;
    const ranges = [
      undefined,
      { start: 0, end: 0 },
      { start: 10, end: 700 * 1024 + 3 },
      { start: 700 * 1024 + 3, end: last },
      { start: last, end: last },
    ];
    for (const range of ranges) {
      const segments = fileSegmentsOf(files.stream(data, range))!;
      const { out, bytes, mostOwed } = collector();
      await sendSegments(segments, out);
      const expected = range ? whole.subarray(range.start, range.end + 1) : whole;
      expect(bytes().equals(expected), JSON.stringify(range)).toBe(true);
      expect((await files.read(data, range)).equals(expected)).toBe(true);
      expect(mostOwed()).toBeLessThanOrEqual(2);
    }
  });

  it('waits for a slow answer: never more than two writes owed, every byte in order', async () => {
    const { out, bytes, mostOwed } = collector(5);
    await sendSegments(fileSegmentsOf(files.stream(data))!, out);
    expect(bytes().equals(whole)).toBe(true);
    expect(mostOwed()).toBe(2);
  });

  it('stops when the answer is closed midway instead of waiting for it forever', async () => {
    const out = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, _callback) {
        // Never calls back: the client stopped reading, then the connection closes.
        setTimeout(() => out.destroy(), 20);
      },
    });
    await expect(sendSegments(fileSegmentsOf(files.stream(data))!, out)).rejects.toThrow(/closed/);
  });

  it('offers the pieces only of a stream of files nobody has read', async () => {
    expect(fileSegmentsOf(files.stream({ bytes: Buffer.from('in memory') }))).toBeUndefined();
    const started = files.stream(data);
    started.read(0);
    await new Promise((resolve) => started.once('readable', resolve));
    started.read();
    expect(fileSegmentsOf(started)).toBeUndefined();
    started.destroy();
  });
});
