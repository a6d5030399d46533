// PutObject of a body in memory (a small file, whole), built here instead of by the SDK's command
// stack and sent by the bucket reader (bucket-reader.ts), as GetObject is (object-get.ts).
//
// Why: a folder of small files is one PutObject each, and the SDK's per-command work (middleware
// stack, schema serde, endpoint rules, user agent, retry and flexible-checksum middleware, its
// signer) was ~0.3 ms of CPU per file here — about a third of the core's CPU in
// `npm run bench -- upload` for 2,000 × 4 KiB (profiled: @smithy/core alone 0.42 s of 2.4 s).
// What the SDK's command sends is sent here: the key encoded by segment as its serializer does,
// Content-Type and Content-Length, the CRC32 checksum it adds by default (as a header, the body
// being in memory), If-None-Match and the storage class. Anything else an upload carries (other
// headers, metadata, tags: a copy between connections) keeps the SDK's command.
// test/integration/object-put.test.ts compares these requests with the SDK's, key by key.
import type { HttpRequest } from '@smithy/protocol-http';
import { crc32 } from 'node:zlib';
import { objectHttpRequest } from './object-get.js';

export interface ObjectPut {
  bucket: string;
  key: string;
  body: Uint8Array;
  contentType?: string;
  /** `*`: write only if no object has this key. */
  ifNoneMatch?: string;
  storageClass?: string;
}

/** What PutObject's answer says, named as the SDK names it. */
export interface PutAnswer {
  $metadata: { httpStatusCode?: number };
  ETag?: string;
  VersionId?: string;
  ChecksumCRC32?: string;
}

/** CRC32 of `bytes` as S3 takes it: the four bytes, big-endian, in base64. */
export function crc32Base64(bytes: Uint8Array): string {
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(bytes) >>> 0);
  return sum.toString('base64');
}

/** The request the SDK's PutObjectCommand would send for `input` (before signing), at `url`. */
export function putRequest(url: URL, input: ObjectPut, temporary?: URL): HttpRequest {
  // In the order the SDK's serializer and checksum middleware add them.
  const headers: Record<string, string> = { 'content-length': String(input.body.length) };
  // As the SDK: a body without a type is sent as application/octet-stream.
  headers['content-type'] = input.contentType ?? 'application/octet-stream';
  headers['x-amz-sdk-checksum-algorithm'] = 'CRC32';
  if (input.ifNoneMatch !== undefined) headers['if-none-match'] = input.ifNoneMatch;
  if (input.storageClass !== undefined) headers['x-amz-storage-class'] = input.storageClass;
  headers['x-amz-checksum-crc32'] = crc32Base64(input.body);
  return objectHttpRequest({
    method: 'PUT',
    operation: 'PutObject',
    url,
    key: input.key,
    headers,
    body: input.body,
    temporary,
  });
}
