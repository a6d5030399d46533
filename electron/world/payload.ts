// Request bodies as S3 sees them: aws-chunked framing removed, and every checksum the client sent
// (trailer or header: CRC32, CRC32C, CRC64NVME, SHA1, SHA256, Content-MD5, x-amz-content-sha256) verified
// before the store sees a byte. The stores behind the world either store the framing as data
// or decode it very slowly (moto), so the front door does it.
import { Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';

export class PayloadError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface DecodedPayload {
  body: Buffer;
  /** Checksums (header name → base64) that travelled as trailers, to hand on to the store. */
  trailers: Record<string, string>;
}

export function isAwsChunked(headers: Record<string, string>): boolean {
  const encoding = headers['content-encoding'] ?? '';
  const sha = headers['x-amz-content-sha256'] ?? '';
  return encoding.split(',').some((e) => e.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}

/** Parse `hex[;chunk-signature=…]\r\n data \r\n … 0\r\n trailer: value\r\n \r\n`. */
export function decodeAwsChunked(raw: Buffer, headers: Record<string, string>): DecodedPayload {
  const parts: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let offset = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', offset);
    if (lineEnd < 0) throw new PayloadError(400, 'IncompleteBody', 'The aws-chunked body ended inside a chunk header.');
    const sizeText = raw.subarray(offset, lineEnd).toString('latin1').split(';')[0]!.trim();
    const size = Number.parseInt(sizeText, 16);
    if (!/^[0-9a-fA-F]+$/.test(sizeText) || Number.isNaN(size))
      throw new PayloadError(400, 'InvalidRequest', `Bad aws-chunked chunk size "${sizeText}".`);
    offset = lineEnd + 2;
    if (size === 0) break;
    if (offset + size > raw.length)
      throw new PayloadError(400, 'IncompleteBody', 'The aws-chunked body is shorter than its chunks claim.');
    parts.push(raw.subarray(offset, offset + size));
    offset += size + 2;
  }
  // Trailer lines until an empty line (or the end).
  while (offset < raw.length) {
    const lineEnd = raw.indexOf('\r\n', offset);
    const line = raw.subarray(offset, lineEnd < 0 ? raw.length : lineEnd).toString('latin1');
    offset = lineEnd < 0 ? raw.length : lineEnd + 2;
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = Buffer.concat(parts);
  const declared = headers['x-amz-decoded-content-length'];
  if (declared !== undefined && Number(declared) !== body.length) {
    throw new PayloadError(
      400,
      'IncompleteBody',
      `x-amz-decoded-content-length says ${declared} bytes, the chunks held ${body.length}.`,
    );
  }
  const expectedTrailer = headers['x-amz-trailer']?.toLowerCase();
  if (expectedTrailer && trailers[expectedTrailer] === undefined) {
    throw new PayloadError(400, 'InvalidRequest', `The trailer ${expectedTrailer} was announced but not sent.`);
  }
  delete trailers['x-amz-trailer-signature'];
  return { body, trailers };
}

/** The AWS SDK's CRC32C and CRC64NVME (their digests are async), in S3's form. */
async function sdkSum(Sum: new () => { update(b: Uint8Array): void; digest(): Promise<Uint8Array> }, b: Buffer) {
  const sum = new Sum();
  sum.update(b);
  return Buffer.from(await sum.digest()).toString('base64');
}

const CHECKSUMS: Record<string, (body: Buffer) => string | Promise<string>> = {
  'x-amz-checksum-crc32': (b) => {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(zlib.crc32(b) >>> 0);
    return out.toString('base64');
  },
  // It was @aws-crypto's AwsCrc32c, whose digest() is a promise: every CRC32C upload failed with
  // "The world failed" (a Promise given to Buffer.from).
  'x-amz-checksum-crc32c': (b) => sdkSum(Crc32c, b),
  'x-amz-checksum-crc64nvme': (b) => sdkSum(Crc64Nvme, b),
  'x-amz-checksum-sha1': (b) => createHash('sha1').update(b).digest('base64'),
  'x-amz-checksum-sha256': (b) => createHash('sha256').update(b).digest('base64'),
};

/** Throws BadDigest / XAmzContentSHA256Mismatch when what arrived is not what the client hashed. */
export async function verifyChecksums(
  body: Buffer,
  headers: Record<string, string>,
  trailers: Record<string, string>,
  /** CompleteMultipartUpload's x-amz-checksum-* is the whole object's, not its XML body's. */
  objectChecksums = false,
): Promise<void> {
  for (const [name, compute] of Object.entries(objectChecksums ? {} : CHECKSUMS)) {
    const claimed = trailers[name] ?? headers[name];
    if (claimed !== undefined && claimed !== (await compute(body))) {
      throw new PayloadError(
        400,
        'BadDigest',
        `The ${name.slice('x-amz-checksum-'.length).toUpperCase()} you specified did not match the calculated checksum.`,
      );
    }
  }
  const md5 = headers['content-md5'];
  if (md5 !== undefined && md5 !== createHash('md5').update(body).digest('base64')) {
    throw new PayloadError(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
  const sha = headers['x-amz-content-sha256'];
  if (sha && /^[0-9a-f]{64}$/.test(sha) && sha !== createHash('sha256').update(body).digest('hex')) {
    throw new PayloadError(
      400,
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
}

/** The body as the client meant it: framing removed and every checksum verified, or a PayloadError. */
export async function readPayload(
  raw: Buffer,
  headers: Record<string, string>,
  objectChecksums = false,
): Promise<DecodedPayload> {
  const decoded = isAwsChunked(headers) ? decodeAwsChunked(raw, headers) : { body: raw, trailers: {} };
  await verifyChecksums(decoded.body, headers, decoded.trailers, objectChecksums);
  return decoded;
}
