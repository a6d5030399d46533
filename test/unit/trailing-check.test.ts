import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrailingCheck } from '../../electron/transfers/download.js';

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

  it('has nothing to give without a sum (nothing to check it against)', async () => {
    const check = new TrailingCheck(file, PART, bytes.length);
    await check.use(undefined);
    await expect(check.digest()).rejects.toThrow(/not checked/);
    await check.close();
  });
});
