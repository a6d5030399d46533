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
//
// A server-side copy goes the same way (`copyRequest`): a folder copied or moved is one CopyObject
// each, and the SDK's command cost ~0.4 ms of CPU per object, the core's whole limit in
// `npm run bench -- ops` (its CPU 1.9 s for 1.8 s of 2,000 objects moved). Its answer is read in
// bucket-reader.ts, a 200 that says an error in its body included, as the SDK reads it.
//
// A multipart upload's parts go the same way (`partRequest`): each part read whole into a reused
// buffer, its CRC32 computed natively and sent as a header, the payload unsigned as the SDK's own
// streamed parts are. Why: sent by the SDK, a part was a file stream framed as aws-chunked with a
// trailing checksum, and a 1 GiB upload made ~16,000 fresh 64 KiB buffers plus the framing's; V8
// answered their external memory with major collections (profiled: ~0.7 s of the core's 3.5 s of
// CPU went to marking and sweeping in `npm run bench -- upload`).
import type { HttpRequest } from '@smithy/protocol-http';
import { Readable } from 'node:stream';
import { crc32 } from './fast-crc.js';
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
  return crc32Text(crc32(bytes));
}

/** A CRC32 value (zlib's) as S3 writes it: the four bytes, big-endian, in base64. */
export function crc32Text(value: number): string {
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(value >>> 0);
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

export interface ObjectCopy {
  bucket: string;
  key: string;
  /** `bucket/key` with the key encoded by segment, as x-amz-copy-source says it (copy.ts's copySource). */
  copySource: string;
  copySourceIfMatch?: string;
  metadataDirective?: 'COPY' | 'REPLACE';
  taggingDirective?: 'COPY' | 'REPLACE';
  storageClass?: string;
  serverSideEncryption?: string;
  sseKmsKeyId?: string;
}

/** What CopyObject's answer says, named as the SDK names it. */
export interface CopyAnswer {
  $metadata: { httpStatusCode?: number };
  CopyObjectResult?: { ETag?: string; LastModified?: Date; ChecksumCRC32?: string };
  VersionId?: string;
  CopySourceVersionId?: string;
}

/** The request the SDK's CopyObjectCommand would send for `input` (before signing), at `url`. */
export function copyRequest(url: URL, input: ObjectCopy, temporary?: URL): HttpRequest {
  // In the order the SDK's serializer adds them.
  const headers: Record<string, string> = { 'x-amz-copy-source': input.copySource };
  if (input.copySourceIfMatch !== undefined) headers['x-amz-copy-source-if-match'] = input.copySourceIfMatch;
  if (input.metadataDirective !== undefined) headers['x-amz-metadata-directive'] = input.metadataDirective;
  if (input.taggingDirective !== undefined) headers['x-amz-tagging-directive'] = input.taggingDirective;
  if (input.serverSideEncryption !== undefined) headers['x-amz-server-side-encryption'] = input.serverSideEncryption;
  if (input.storageClass !== undefined) headers['x-amz-storage-class'] = input.storageClass;
  if (input.sseKmsKeyId !== undefined) headers['x-amz-server-side-encryption-aws-kms-key-id'] = input.sseKmsKeyId;
  return objectHttpRequest({ method: 'PUT', operation: 'CopyObject', url, key: input.key, headers, temporary });
}

export interface PartPut {
  bucket: string;
  key: string;
  uploadId: string;
  partNumber: number;
  /** The part's bytes, whole (a view of a reused buffer: it is not kept after the answer). */
  body: Uint8Array;
  /** Its CRC32 (crc32Base64), computed once for every attempt. */
  checksumCRC32: string;
  /** Told how many of this attempt's bytes have been handed to the connection so far. */
  onSent?: (bytesSent: number) => void;
}

/** What UploadPart's answer says, named as the SDK names it. */
export interface PartAnswer {
  $metadata: { httpStatusCode?: number };
  ETag?: string;
  ChecksumCRC32?: string;
}

/** How much of a part is handed to the connection at a time: the grain of its progress. */
const PART_SLICE_BYTES = 256 * 1024;

/**
 * The request the SDK's UploadPartCommand would send for `input` with its body in memory (before
 * signing), at `url`, except for its payload: unsigned (`UNSIGNED-PAYLOAD`), as the SDK sends a
 * streamed part, where the SDK would hash the bytes in memory for the signature (SHA-256, ~0.6 s a
 * GiB here). The signed CRC32 header still has S3 check every byte. The body is a fresh stream of
 * views of the bytes for every attempt, so progress follows what is sent.
 */
export function partRequest(url: URL, input: PartPut, temporary?: URL): HttpRequest {
  const { body, onSent } = input;
  const headers: Record<string, string> = {
    'content-length': String(body.length),
    'content-type': 'application/octet-stream',
    'x-amz-sdk-checksum-algorithm': 'CRC32',
    'x-amz-checksum-crc32': input.checksumCRC32,
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    // As the SDK asks for a body of 2 MB or more: S3 refuses (a redirect, an error) before the bytes are sent.
    Expect: '100-continue',
  };
  function* slices() {
    for (let at = 0; at < body.length; at += PART_SLICE_BYTES) {
      const slice = body.subarray(at, Math.min(at + PART_SLICE_BYTES, body.length));
      yield slice;
      onSent?.(at + slice.length);
    }
  }
  return objectHttpRequest({
    method: 'PUT',
    operation: 'UploadPart',
    url,
    key: input.key,
    query: { partNumber: String(input.partNumber), uploadId: input.uploadId },
    headers,
    body: body.length === 0 ? body : Readable.from(slices(), { objectMode: false }),
    temporary,
  });
}
