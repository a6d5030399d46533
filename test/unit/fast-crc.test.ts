import { Crc32c } from '@aws-sdk/checksums/crc';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, crcImplementation, nativeCrc32c, nativeCrcModule } from '../../electron/s3/fast-crc.js';

describe('the CRCs every transfer computes (fast-crc.ts)', () => {
  it('uses the native module on this machine (a prebuilt binary for it ships in the package)', () => {
    expect(crcImplementation()).toBe('native');
  });

  it('gives zlib’s CRC32, whole and continued piece by piece, over pieces of every size', () => {
    const pieces = [0, 1, 7, 64, 4095, 70_001, 1_310_720].map((n) => randomBytes(n));
    let mine = 0;
    let theirs = 0;
    for (const piece of pieces) {
      expect(crc32(piece)).toBe(zlibCrc32(piece));
      mine = crc32(piece, mine);
      theirs = zlibCrc32(piece, theirs);
      expect(mine).toBe(theirs);
    }
    expect(mine).toBe(zlibCrc32(Buffer.concat(pieces)));
  });

  it('gives the AWS SDK’s CRC32C, continued piece by piece', async () => {
    const native = nativeCrc32c()!;
    const pieces = [3, 0, 100_003, 8192].map((n) => randomBytes(n));
    let mine = 0;
    for (const piece of pieces) mine = native(piece, mine);
    const sdk = new Crc32c();
    sdk.update(Buffer.concat(pieces));
    expect(mine).toBe(Buffer.from(await sdk.digest()).readUInt32BE());
  });

  it('is found by a thread started from text (the range thread) at the path this thread gives it', async () => {
    const module = nativeCrcModule();
    expect(module).toMatch(/@node-rs[\\/]crc32/);
    const bytes = randomBytes(10_000);
    // What range-worker.ts does with workerData.crcModule: a thread from text has no node_modules of its own.
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       parentPort.postMessage(require(workerData.module).crc32(workerData.bytes));`,
      { eval: true, workerData: { module, bytes } },
    );
    const answer = await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
    await worker.terminate();
    expect(answer).toBe(zlibCrc32(bytes));
  });
});
