// Putting one file into S3: a single PUT for small files, a parallel multipart upload for large
// ones, every body read from the file itself (a part once, into a reused buffer) so any hop or
// retry resends identical bytes.
//
// Why not @aws-sdk/lib-storage's Upload: it calls client.send itself (so its requests would skip
// the redirect-aware transport and the request log), reads the file as a stream of fresh buffers
// (see object-put.ts for what they cost), and cannot continue an upload id that was started before
// the app restarted.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CreateMultipartUploadCommandOutput,
  type HeadObjectCommandOutput,
  type ListPartsCommandOutput,
  type StorageClass,
  type UploadPartCommandOutput,
} from '@aws-sdk/client-s3';
import { contentTypeFor } from './content-type.js';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { pipeline, Readable, Transform } from 'node:stream';
import { S3RequestError } from '../s3/errors.js';
import { crc32 } from '../s3/fast-crc.js';
import { crc32Base64, crc32Text } from '../s3/object-put.js';
import { combineChecksums } from '../shared/crc-combine.js';
import type { S3Transport } from '../s3/transport.js';
import type { ConcurrencyLimit } from './limit.js';

const unlimited = <T>(task: () => Promise<T>) => task();

export const MIB = 1024 * 1024;
/** Files from this size up go as multipart uploads (unless the caller says otherwise). */
const MULTIPART_THRESHOLD = 16 * MIB;

/** A file's MD5, hex, as S3's ETag of a single-part object says it. */
export async function md5OfFile(file: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
/** S3 allows at most 10,000 parts of at least 5 MiB (the last may be smaller). */
const MAX_PARTS = 10_000;

export interface CompletedPart {
  PartNumber: number;
  ETag: string;
  ChecksumCRC32?: string;
}

/** What must survive a restart to continue a multipart upload without duplicating it. */
export interface MultipartState {
  uploadId: string;
  partSize: number;
  parts: CompletedPart[];
  /**
   * Created with ChecksumType FULL_OBJECT: S3 keeps a CRC32 of the whole object (combined from the
   * parts'), which downloads check, and checks the one the completion sends. An upload journaled
   * before this had none (COMPOSITE), and completes as it began.
   */
  fullObject?: boolean;
}

export interface UploadRequest {
  transport: S3Transport;
  bucket: string;
  key: string;
  localPath: string;
  size: number;
  signal?: AbortSignal;
  /** Stored Content-Type; by default the type a browser gives a file of the key's name. */
  contentType?: string;
  /**
   * Write only if no object has this key (If-None-Match: * on the PUT or the completion): a
   * "skip" or "keep both" upload never replaces an object that appeared after it looked.
   * A store that honours it answers 412 PreconditionFailed instead.
   */
  onlyIfAbsent?: boolean;
  /** Bytes sent so far (may go down when a part is retried). */
  onProgress?: (bytesDone: number) => void;
  multipartThreshold?: number;
  partSize?: number;
  /** Parts in flight per file; 10, like aws-cli, keeps the server busy while bodies stream. */
  partConcurrency?: number;
  /** A multipart upload to continue (from the journal). */
  resume?: MultipartState;
  /** Called after the upload id is known and after every finished part, to persist the state. */
  onState?: (state: MultipartState) => Promise<void> | void;
  /** Shared across the queue: every body-carrying request waits for a slot. */
  limit?: ConcurrencyLimit;
  /** What else the object is (a copy between connections keeps its source's headers and tags). */
  describe?: {
    CacheControl?: string;
    ContentDisposition?: string;
    ContentEncoding?: string;
    ContentLanguage?: string;
    Expires?: Date;
    Metadata?: Record<string, string>;
    StorageClass?: StorageClass;
    Tagging?: string;
  };
}

export function choosePartSize(size: number, preferred = 8 * MIB): number {
  return Math.max(preferred, 5 * MIB, Math.ceil(size / MAX_PARTS / MIB) * MIB);
}

/**
 * A file range as a fresh stream that counts the bytes passing through; opened anew for every
 * attempt. Counted in a Transform, not with a 'data' listener, because a flowing stream cannot be
 * checksummed by the SDK.
 */
function fileRange(path: string, start: number, length: number, onRead: (n: number) => void): Readable {
  const source = length === 0 ? Readable.from([]) : createReadStream(path, { start, end: start + length - 1 });
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      onRead(chunk.length);
      callback(null, chunk);
    },
  });
  pipeline(source, counter, () => undefined);
  return counter;
}

/** Up to this size a file is read whole and sent as one buffer: no stream, no aws-chunked framing. */
const WHOLE_FILE_BYTES = MIB;

async function wholeFile(path: string, size: number): Promise<Buffer> {
  const bytes = await readFile(path);
  if (bytes.length !== size) {
    throw new S3RequestError(
      'FileChanged',
      `${path} changed while it was being uploaded (${size} bytes became ${bytes.length}).`,
      undefined,
      'Upload it again once it has finished changing.',
    );
  }
  return bytes;
}

/** Parts up to this size are read into memory and sent from there (8 MiB unless a file is huge). */
const IN_MEMORY_PART_BYTES = 16 * MIB;
/** Part buffers kept for the next part, by size; let go once uploads have been idle a while. */
const partBuffers = new Map<number, Buffer[]>();
const PART_BUFFERS_KEPT = 16;
const PART_BUFFERS_IDLE_MS = 5_000;
let partBuffersTimer: NodeJS.Timeout | undefined;

function takePartBuffer(size: number): Buffer {
  return partBuffers.get(size)?.pop() ?? Buffer.allocUnsafeSlow(size);
}

function givePartBuffer(buffer: Buffer): void {
  const kept = partBuffers.get(buffer.length) ?? [];
  if (kept.length < PART_BUFFERS_KEPT) kept.push(buffer);
  partBuffers.set(buffer.length, kept);
  clearTimeout(partBuffersTimer);
  partBuffersTimer = setTimeout(() => partBuffers.clear(), PART_BUFFERS_IDLE_MS);
  partBuffersTimer.unref();
}

/** Reads `into.length` bytes of the file from `start`; a file that ended early has changed. */
async function readPart(file: FileHandle, path: string, into: Buffer, start: number): Promise<void> {
  for (let at = 0; at < into.length;) {
    const { bytesRead } = await file.read(into, at, into.length - at, start + at);
    if (bytesRead === 0)
      throw new S3RequestError(
        'FileChanged',
        `${path} changed while it was being uploaded (it ended ${into.length - at} bytes early).`,
        undefined,
        'Upload it again once it has finished changing.',
      );
    at += bytesRead;
  }
}

/**
 * What S3 checked an upload's bytes against, computed from the file: its CRC32 (one PUT, or a
 * multipart upload with a whole-object checksum), or each part's only.
 */
export type UploadCheck = 'CRC32' | 'CRC32 per part';

export async function uploadFile(
  request: UploadRequest,
): Promise<{ etag?: string; multipart: boolean; checked: UploadCheck }> {
  const { transport, bucket, key, localPath, size, signal } = request;
  const contentType = request.contentType ?? (await contentTypeFor(key));
  const threshold = request.multipartThreshold ?? MULTIPART_THRESHOLD;
  const run = request.limit ? request.limit.run.bind(request.limit) : unlimited;
  if (size <= WHOLE_FILE_BYTES && !request.resume) {
    // Small files are most of a folder and every one is a request: a buffer is the cheapest
    // body to sign, checksum and resend.
    const body = await wholeFile(localPath, size);
    const { StorageClass: storageClass, ...also } = request.describe ?? {};
    const out = await run(() =>
      transport.putObject(
        { bucket, key, body, contentType, ifNoneMatch: request.onlyIfAbsent ? '*' : undefined, storageClass },
        { signal, also },
      ),
    );
    request.onProgress?.(size);
    return { etag: out.ETag, multipart: false, checked: 'CRC32' };
  }
  if (size < threshold && !request.resume) {
    let sent = 0;
    const out = await run(() =>
      transport.send<{ ETag?: string; $metadata: object }>(
        { operation: 'PutObject', bucket, key, bytes: size },
        () => {
          sent = 0;
          request.onProgress?.(0);
          return new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            ContentType: contentType,
            ContentLength: size,
            ChecksumAlgorithm: 'CRC32',
            IfNoneMatch: request.onlyIfAbsent ? '*' : undefined,
            Body: fileRange(localPath, 0, size, (n) => request.onProgress?.((sent += n))),
            ...request.describe,
          });
        },
        { signal },
      ),
    );
    return { etag: out.ETag, multipart: false, checked: 'CRC32' };
  }
  const { etag, fullObject } = await uploadMultipart(request);
  return { etag, multipart: true, checked: fullObject ? 'CRC32' : 'CRC32 per part' };
}

async function uploadMultipart(request: UploadRequest): Promise<{ etag?: string; fullObject: boolean }> {
  const { transport, bucket, key, localPath, size, signal } = request;
  const contentType = request.contentType ?? (await contentTypeFor(key));
  let state = request.resume;
  if (!state) {
    const created = await transport.send<CreateMultipartUploadCommandOutput>(
      { operation: 'CreateMultipartUpload', bucket, key },
      () =>
        new CreateMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          ContentType: contentType,
          ChecksumAlgorithm: 'CRC32',
          ChecksumType: transport.wholeObjectChecksums ? 'FULL_OBJECT' : undefined,
          ...request.describe,
        }),
      { signal },
    );
    state = {
      uploadId: created.UploadId!,
      partSize: choosePartSize(size, request.partSize),
      parts: [],
      fullObject: transport.wholeObjectChecksums,
    };
    await request.onState?.(state);
  } else {
    state = { ...state, parts: await confirmedParts(transport, bucket, key, state) };
  }
  const { uploadId, partSize } = state;
  const partCount = Math.max(1, Math.ceil(size / partSize));
  const done = new Map(state.parts.map((p) => [p.PartNumber, p]));
  const inFlight = new Map<number, number>();
  const report = () => {
    let bytes = 0;
    for (const number of done.keys()) bytes += Math.min(partSize, size - (number - 1) * partSize);
    for (const n of inFlight.values()) bytes += n;
    request.onProgress?.(bytes);
  };
  report();
  const pending = Array.from({ length: partCount }, (_, i) => i + 1).filter((n) => !done.has(n));
  let failure: unknown;
  const run = request.limit ? request.limit.run.bind(request.limit) : unlimited;
  // Parts of up to IN_MEMORY_PART_BYTES are read whole and sent from memory (see sendPart); a
  // bigger one (a file of more than ~160 GiB) is streamed from the file by the SDK's command.
  const source = partSize <= IN_MEMORY_PART_BYTES ? await open(localPath, 'r') : undefined;
  const sendPart = async (partNumber: number, start: number, length: number) => {
    const onSent = (bytes: number) => {
      inFlight.set(partNumber, bytes);
      report();
    };
    if (!source)
      return transport.send<UploadPartCommandOutput>(
        { operation: 'UploadPart', bucket, key, bytes: length },
        () => {
          let sent = 0;
          onSent(0);
          return new UploadPartCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: partNumber,
            ContentLength: length,
            ChecksumAlgorithm: 'CRC32',
            Body: fileRange(localPath, start, length, (n) => onSent((sent += n))),
          });
        },
        { signal },
      );
    const buffer = takePartBuffer(partSize);
    const body = buffer.subarray(0, length);
    await readPart(source, localPath, body, start);
    const checksumCRC32 = crc32Base64(body);
    const answer = await transport.uploadPart(
      { bucket, key, uploadId, partNumber, body, checksumCRC32, onSent },
      { signal },
    );
    // Only after a success: a failed attempt's socket may still be writing from it.
    givePartBuffer(buffer);
    // S3 echoes the part's checksum; the completion needs it for every part of a CRC32 upload.
    return { ...answer, ChecksumCRC32: answer.ChecksumCRC32 ?? checksumCRC32 };
  };
  const worker = async () => {
    while (pending.length && !failure && !signal?.aborted) {
      const partNumber = pending.shift()!;
      const start = (partNumber - 1) * partSize;
      const length = Math.min(partSize, size - start);
      try {
        const out = await run(() => sendPart(partNumber, start, length));
        inFlight.delete(partNumber);
        done.set(partNumber, { PartNumber: partNumber, ETag: out.ETag!, ChecksumCRC32: out.ChecksumCRC32 });
        report();
        await request.onState?.({
          uploadId,
          partSize,
          parts: [...done.values()].sort((a, b) => a.PartNumber - b.PartNumber),
        });
      } catch (error) {
        inFlight.delete(partNumber);
        failure ??= error;
      }
    }
  };
  try {
    await Promise.all(
      Array.from({ length: Math.min(request.partConcurrency ?? 10, Math.max(1, pending.length)) }, worker),
    );
  } finally {
    await source?.close();
  }
  if (failure) throw failure;
  if (signal?.aborted) throw Object.assign(new Error('cancelled'), { code: 'Cancelled' });
  const parts = [...done.values()].sort((a, b) => a.PartNumber - b.PartNumber);
  // The whole file's CRC32, from its parts' (a part S3 did not say one for is read from the file,
  // one at a time: a resumed upload of thousands of parts could be missing them all): S3 refuses
  // the completion if the parts it holds do not make this file.
  let whole: string | undefined;
  if (state.fullObject) {
    const sums: Array<{ checksum: string; size: number }> = [];
    for (const p of parts) {
      const start = (p.PartNumber - 1) * partSize;
      const length = Math.min(partSize, size - start);
      sums.push({ checksum: p.ChecksumCRC32 ?? (await crc32OfRange(localPath, start, length)), size: length });
    }
    whole = combineChecksums('CRC32', sums);
  }
  const completed = await transport.send<{ ETag?: string; $metadata: object }>(
    { operation: 'CompleteMultipartUpload', bucket, key },
    () =>
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        IfNoneMatch: request.onlyIfAbsent ? '*' : undefined,
        MultipartUpload: { Parts: parts },
        ...(whole && { ChecksumType: 'FULL_OBJECT', ChecksumCRC32: whole }),
      }),
    { signal },
  );
  return { etag: completed.ETag, fullObject: Boolean(state.fullObject) };
}

/** The parts the server really holds for this upload (the journal may lag a finished part). */
async function confirmedParts(
  transport: S3Transport,
  bucket: string,
  key: string,
  state: MultipartState,
): Promise<CompletedPart[]> {
  const parts: CompletedPart[] = [];
  let marker: string | undefined;
  do {
    const page = await transport.send<ListPartsCommandOutput>(
      { operation: 'ListParts', bucket, key },
      () => new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: state.uploadId, PartNumberMarker: marker }),
    );
    for (const p of page.Parts ?? []) {
      if (p.PartNumber && p.ETag)
        parts.push({ PartNumber: p.PartNumber, ETag: p.ETag, ChecksumCRC32: p.ChecksumCRC32 });
    }
    marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
  } while (marker);
  return parts;
}

export async function abortMultipart(
  transport: S3Transport,
  bucket: string,
  key: string,
  uploadId: string,
): Promise<void> {
  await transport.send(
    { operation: 'AbortMultipartUpload', bucket, key },
    () => new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }),
  );
}

/**
 * After a cancel or a pause cut an upload off: did S3 take it anyway? A PUT whose body had gone,
 * or a CompleteMultipartUpload on its way, is carried out whether or not its answer is still
 * awaited, and the row said "cancelled" over an object that was there. True when the key holds
 * this file's bytes as S3 sums them: the MD5 of a single PUT, or for a multipart upload the MD5 of
 * its parts' MD5s (from the parts' own ETags, `state`). Not answerable under SSE-KMS or SSE-C, whose
 * ETags are no MD5: then false, and the stop stands. Asked without the stopped request's signal.
 */
export async function uploadLanded(
  transport: S3Transport,
  /** `since`: when the stopped attempt started; an object S3 dates earlier is not its doing. */
  target: { bucket: string; key: string; localPath: string; size: number; since: number },
  state: MultipartState | undefined,
  multipartThreshold = MULTIPART_THRESHOLD,
): Promise<boolean> {
  const { bucket, key, localPath, size } = target;
  const head = await transport
    .send<HeadObjectCommandOutput>(
      { operation: 'HeadObject', bucket, key, absentIsAnswer: true },
      () => new HeadObjectCommand({ Bucket: bucket, Key: key }),
    )
    .catch(() => undefined);
  const etag = head?.ETag?.replace(/"/g, '');
  if (!etag || head?.ContentLength !== size) return false;
  // S3 dates objects to the second, by its own clock: two seconds of slack for both.
  if (!head.LastModified || head.LastModified.getTime() < target.since - 2000) return false;
  if (state) {
    const count = Math.max(1, Math.ceil(size / state.partSize));
    const parts = [...state.parts].sort((a, b) => a.PartNumber - b.PartNumber);
    if (parts.length !== count) return false;
    const sums = parts.map((p) => Buffer.from(p.ETag.replace(/"/g, ''), 'hex'));
    return etag === `${createHash('md5').update(Buffer.concat(sums)).digest('hex')}-${count}`;
  }
  return size < multipartThreshold && etag === (await md5OfFile(localPath));
}

/** The CRC32 of bytes `start` to `start + length` of a file, in S3's form. */
async function crc32OfRange(file: string, start: number, length: number): Promise<string> {
  let value = 0;
  if (length > 0)
    for await (const chunk of createReadStream(file, { start, end: start + length - 1, highWaterMark: 1024 * 1024 }))
      value = crc32(chunk as Buffer, value);
  return crc32Text(value);
}
