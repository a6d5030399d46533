import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32 } from 'node:zlib';
import { combine32 } from '../../electron/shared/crc-combine.js';
import { TrailingCheck, WrittenBlocks } from '../../electron/transfers/download.js';

/** An MD5 kept piece by piece, with the offsets it was given bytes up to. */
function spySum() {
  const hash = createHash('md5');
  let seen = 0;
  return {
    get seen() {
      return seen;
    },
    update: (bytes: Buffer) => {
      seen += bytes.length;
      hash.update(bytes);
    },
    digest: async () => hash.digest('hex'),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('a download checked as its ranges land', () => {
  const PART = 300_000;
  const bytes = randomBytes(PART * 4 + 123); // five ranges, the last a short one
  const whole = createHash('md5').update(bytes).digest('hex');
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'trailing-'));
    file = path.join(dir, 'object.part');
    await writeFile(file, bytes);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads each range once every range before it has landed, so little is left at the end', async () => {
    const check = new TrailingCheck(file, PART, bytes.length);
    const sum = spySum();
    check.landed(2);
    await check.use(sum);
    await settle();
    expect(sum.seen).toBe(0); // range 1 is not there yet: nothing after it is read
    check.landed(1);
    await settle();
    expect(sum.seen).toBe(2 * PART);
    check.landed(4);
    await settle();
    expect(sum.seen).toBe(2 * PART);
    check.landed(3);
    await settle();
    expect(sum.seen).toBe(4 * PART);
    // The last range is read when the digest is asked for (every range is on disk by then).
    expect(await check.digest()).toBe(whole);
    expect(sum.seen).toBe(bytes.length);
    await check.close();
  });

  it('reads what landed before its sum was known once it is (HEAD answered late)', async () => {
    const check = new TrailingCheck(file, PART, bytes.length);
    for (const n of [3, 1, 2]) check.landed(n);
    const sum = spySum();
    await check.use(sum);
    await settle();
    expect(sum.seen).toBe(3 * PART);
    expect(await check.digest()).toBe(whole);
    await check.close();
  });

  it('says a file shorter than the object is, and stops reading once closed', async () => {
    const short = path.join(dir, 'short.part');
    await writeFile(short, bytes.subarray(0, PART + 10));
    const check = new TrailingCheck(short, PART, bytes.length);
    await check.use(spySum());
    await expect(check.digest()).rejects.toThrow(/shorter than the object/);
    await check.close();

    const closed = new TrailingCheck(file, PART, bytes.length);
    const sum = spySum();
    await closed.use(sum);
    await closed.close();
    closed.landed(1);
    await settle();
    expect(sum.seen).toBe(0);
  });

  it('takes in blocks whose CRC32 came with them instead of reading them, and reads only the rest', async () => {
    /** A CRC32 kept piece by piece: bytes read, or blocks taken in by their CRC. */
    let read = 0;
    let absorbed = 0;
    let value = 0;
    const sum = {
      update: (bytes: Buffer) => {
        read += bytes.length;
        value = crc32(bytes, value);
      },
      absorb: (crc: number, length: number) => {
        absorbed += length;
        value = combine32(value, crc, length, 'CRC32');
      },
      digest: async () => value.toString(16),
    };
    const blocks = new WrittenBlocks();
    const block = (at: number, length: number) => blocks.add(at, length, crc32(bytes.subarray(at, at + length)));
    // Range 1 in two blocks; range 2 in one that runs 1,000 bytes into range 3 (a write buffer
    // filled past a range's end); range 3's rest has none (written before the CRCs were asked).
    block(0, 100_000);
    block(100_000, PART - 100_000);
    block(PART, PART + 1000);
    const check = new TrailingCheck(file, PART, bytes.length, blocks);
    await check.use(sum);
    check.landed(1);
    check.landed(2);
    await settle();
    // The block over ranges 2 and 3 waits for range 3 (nothing of it is read meanwhile).
    expect([absorbed, read]).toEqual([PART, 0]);
    check.landed(3);
    await settle();
    expect(absorbed).toBe(2 * PART + 1000);
    expect(await check.digest()).toBe(crc32(bytes).toString(16));
    // Only what no block covered was read: the rest of range 3, and ranges 4 and 5.
    expect(read).toBe(bytes.length - absorbed);
    await check.close();
  });

  it('has nothing to give without a sum (nothing to check it against)', async () => {
    const check = new TrailingCheck(file, PART, bytes.length);
    await check.use(undefined);
    await expect(check.digest()).rejects.toThrow(/not checked/);
    await check.close();
  });
});
