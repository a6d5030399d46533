// A whole object's CRC from its parts' CRCs and sizes, as S3 makes a multipart upload's
// full-object checksum (FULL_OBJECT: CRC32, CRC32C or CRC64NVME, never a SHA, which cannot be
// combined). zlib's crc32_combine does this for CRC32 in C, but Node does not expose it, and
// CRC32C and CRC64NVME have nothing: written here, the method of zlib 1.2.12 (Mark Adler's
// multiplication modulo the polynomial, with x^(2^k) precomputed), once for 32-bit CRCs in
// numbers and once for CRC64NVME in BigInts.

export type CombinableChecksum = 'CRC32' | 'CRC32C' | 'CRC64NVME';

/** Each algorithm's reflected polynomial. */
const POLY32: Record<'CRC32' | 'CRC32C', number> = { CRC32: 0xedb88320, CRC32C: 0x82f63b78 };
const POLY64 = 0x9a6c9329ac4bc9b5n;

/** a(x) * b(x) modulo p(x), for reflected 32-bit CRCs. */
function multiply32(a: number, b: number, poly: number): number {
  let m = 0x80000000;
  let product = 0;
  for (;;) {
    if ((a & m) !== 0) {
      product ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ poly : b >>> 1;
  }
  return product >>> 0;
}

function multiply64(a: bigint, b: bigint): bigint {
  let m = 1n << 63n;
  let product = 0n;
  for (;;) {
    if ((a & m) !== 0n) {
      product ^= b;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    b = b & 1n ? (b >> 1n) ^ POLY64 : b >> 1n;
  }
  return product;
}

const powers32 = new Map<number, number[]>();
let powers64: bigint[] | undefined;

/** x^(2^k) modulo p(x) for k = 0..63 (a byte count of up to 2^53 needs 56 of them). */
function powersOf32(poly: number): number[] {
  let table = powers32.get(poly);
  if (!table) {
    table = [0x40000000]; // x^1, reflected
    for (let k = 1; k < 64; k++) table.push(multiply32(table[k - 1]!, table[k - 1]!, poly));
    powers32.set(poly, table);
  }
  return table;
}

function powersOf64(): bigint[] {
  if (!powers64) {
    powers64 = [1n << 62n];
    for (let k = 1; k < 64; k++) powers64.push(multiply64(powers64[k - 1]!, powers64[k - 1]!));
  }
  return powers64;
}

/** The CRC of A followed by B, from CRC(A), CRC(B) and B's length in bytes. */
export function combine32(crcA: number, crcB: number, lengthB: number, algorithm: 'CRC32' | 'CRC32C'): number {
  const poly = POLY32[algorithm];
  const table = powersOf32(poly);
  // x^(8 * lengthB) modulo p: one multiplication for each bit set in the length (in bytes, so the
  // powers start at x^8 = x^(2^3)).
  let shift = 0x80000000; // x^0
  let k = 3;
  for (let n = lengthB; n > 0; n = Math.floor(n / 2), k++) if (n % 2 === 1) shift = multiply32(table[k]!, shift, poly);
  return (multiply32(shift, crcA, poly) ^ crcB) >>> 0;
}

export function combine64(crcA: bigint, crcB: bigint, lengthB: number): bigint {
  const table = powersOf64();
  let shift = 1n << 63n;
  let k = 3;
  for (let n = lengthB; n > 0; n = Math.floor(n / 2), k++) if (n % 2 === 1) shift = multiply64(table[k]!, shift);
  return multiply64(shift, crcA) ^ crcB;
}

/**
 * The whole object's checksum, in S3's form (big-endian, base64), from its parts' in order: each
 * part's checksum (base64, as S3 gives it) and size in bytes.
 */
export function combineChecksums(
  algorithm: CombinableChecksum,
  parts: Array<{ checksum: string; size: number }>,
): string {
  if (algorithm === 'CRC64NVME') {
    let whole = 0n;
    for (const [i, part] of parts.entries()) {
      const crc = Buffer.from(part.checksum, 'base64').readBigUInt64BE(0);
      whole = i === 0 ? crc : combine64(whole, crc, part.size);
    }
    const out = Buffer.alloc(8);
    out.writeBigUInt64BE(whole);
    return out.toString('base64');
  }
  let whole = 0;
  for (const [i, part] of parts.entries()) {
    const crc = Buffer.from(part.checksum, 'base64').readUInt32BE(0);
    whole = i === 0 ? crc : combine32(whole, crc, part.size, algorithm);
  }
  const out = Buffer.alloc(4);
  out.writeUInt32BE(whole);
  return out.toString('base64');
}
