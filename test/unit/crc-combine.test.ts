import { Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { combineChecksums, type CombinableChecksum } from '../../electron/shared/crc-combine.js';

/** A checksum of `bytes` in S3's form, computed whole by an independent implementation. */
async function sumOf(algorithm: CombinableChecksum, bytes: Buffer): Promise<string> {
  if (algorithm === 'CRC32') {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(crc32(bytes));
    return out.toString('base64');
  }
  const sum = algorithm === 'CRC32C' ? new Crc32c() : new Crc64Nvme();
  sum.update(bytes);
  return Buffer.from(await sum.digest()).toString('base64');
}

describe('a whole object’s CRC from its parts’', () => {
  it.each(['CRC32', 'CRC32C', 'CRC64NVME'] as const)(
    '%s of parts of every size, equal to the CRC of the bytes whole',
    async (algorithm) => {
      // Sizes with odd bits, a one-byte part, an empty one, and a part past 2^16 bytes.
      const sizes = [5, 1, 0, 70_001, 3, 4096, 123_457];
      const parts = sizes.map((n) => randomBytes(n));
      const combined = combineChecksums(
        algorithm,
        await Promise.all(parts.map(async (p) => ({ checksum: await sumOf(algorithm, p), size: p.length }))),
      );
      expect(combined).toBe(await sumOf(algorithm, Buffer.concat(parts)));
      // One part is its own checksum.
      expect(combineChecksums(algorithm, [{ checksum: await sumOf(algorithm, parts[0]!), size: 5 }])).toBe(
        await sumOf(algorithm, parts[0]!),
      );
    },
  );

  it('takes lengths past 4 GiB (a byte count over 32 bits) for all three', async () => {
    // CRC(A followed by N zero bytes) is what combining with the CRC of N zeros gives; check it
    // against a length computed the long way for one that fits in memory, then that a length past
    // 2^32 changes the result the way doubling does (no 32-bit truncation of the count).
    for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME'] as const) {
      const a = randomBytes(100);
      const zeros = Buffer.alloc(3 * 1024 * 1024);
      const expected = await sumOf(algorithm, Buffer.concat([a, zeros]));
      const sumA = await sumOf(algorithm, a);
      const sumZeros = await sumOf(algorithm, zeros);
      expect(
        combineChecksums(algorithm, [
          { checksum: sumA, size: 100 },
          { checksum: sumZeros, size: zeros.length },
        ]),
      ).toBe(expected);
      const huge = 2 ** 32 + 3 * 1024 * 1024;
      const truncated = combineChecksums(algorithm, [
        { checksum: sumA, size: 100 },
        { checksum: sumZeros, size: 3 * 1024 * 1024 },
      ]);
      const past = combineChecksums(algorithm, [
        { checksum: sumA, size: 100 },
        { checksum: sumZeros, size: huge },
      ]);
      expect(past).not.toBe(truncated);
    }
  });
});
