// Downloads as good as uploads: a large object comes down in parallel ranged GETs written in
// place into one partial file, each range retried on its own, every range pinned to the same
// object version with If-Match on its ETag (an object replaced mid-download fails cleanly instead
// of mixing two versions), progress journaled so a pause or a restart continues with the ranges
// still missing. The result is checked: its size, and the object's own full-object checksum
// (see checksumOf) or else its MD5 when the ETag is one (single-part, not SSE-KMS or SSE-C),
// computed while the ranges land (see TrailingCheck and WrittenBlocks), not by reading the whole
// file again afterwards. The first range also says the size, so a small object is one GET. Memory
// stays bounded by the ranges in flight.
import { createCRC32, createCRC64, type IHasher } from 'hash-wasm';
import { HeadObjectCommand, type HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { S3RequestError } from '../s3/errors.js';
import type { ObjectAnswer } from '../s3/object-get.js';
import { crc32Text } from '../s3/object-put.js';
import { crc32, nativeCrc32c } from '../s3/fast-crc.js';
import { combine32 } from '../shared/crc-combine.js';
import { READ_BUFFER_BYTES, SocketBody } from '../s3/socket-reader.js';
import { ThreadedBody } from '../s3/range-thread.js';
import type { S3Transport } from '../s3/transport.js';
import type { FileWriter } from './file-writer.js';
import type { ConcurrencyLimit } from './limit.js';
import { md5OfFile, MIB } from './multipart.js';

/** What survives a pause or a restart: which object version, and which ranges are on disk. */
export interface DownloadState {
  etag: string;
  size: number;
  partSize: number;
  /** 1-based numbers of the ranges written completely. */
  done: number[];
}

export interface DownloadRequest {
  transport: S3Transport;
  bucket: string;
  key: string;
  /** A particular version (a versioned bucket's older one); the latest when absent. */
  versionId?: string;
  /** Where the bytes go until the download is complete and checked. */
  partial: string;
  /** Where the file goes then (renamed from `partial`); without it the caller renames `partial`. */
  destination?: string;
  /** Writes small objects whole off the main thread once it is ready (see file-writer.ts); fs/promises until then. */
  writer?: FileWriter;
  signal?: AbortSignal;
  resume?: DownloadState;
  /**
   * The object's size as its listing said it, when known: a small one is asked for whole with its
   * checksum (S3 gives none for a range), so its bytes are checked against it.
   */
  expectedSize?: number;
  partSize?: number;
  concurrency?: number;
  limit?: ConcurrencyLimit;
  /** Creating files, shared by the queue's downloads (see the queue's fileLimit). */
  fileLimit?: ConcurrencyLimit;
  onProgress?: (bytesDone: number) => void;
  onState?: (state: DownloadState) => void | Promise<void>;
}

const RANGE_ATTEMPTS = 4;
/**
 * Range size: within AWS's advice for ranged GETs (8–16 MB), at the top of it. A range is what a
 * download journals, resumes, and asks for first (an object that fits is done in one request).
 */
const DOWNLOAD_RANGE = 16 * MIB;
/**
 * While many ranges are still to come, one GET takes up to this many adjacent ones (64 MiB, the
 * size of rclone's chunks): a GiB over 8 streams is 29 requests instead of 64, each of which costs
 * both ends a signature, a first-byte wait and a file lookup (measured on this machine: the demo
 * store spends ~1 ms of CPU on each). While fewer remain than would give every stream a span, the
 * spans shrink to single ranges, so the streams end together. Each range is journaled done as soon
 * as it is written, however long its GET; a GET that breaks off is asked again for the ranges not
 * yet written.
 */
const MERGED_RANGES = 4;
const WRITE_BYTES = 1024 * 1024;
/** MD5 of a whole file costs about a second per GiB here: worth it for a single-part ETag. */
const SINGLE_PART_ETAG = /^"?[0-9a-f]{32}"?$/;

/**
 * The MD5 an object's bytes must have, when its ETag says it: a single-part ETag of an object
 * stored unencrypted or with SSE-S3. Under SSE-KMS, DSSE-KMS or SSE-C the ETag is not an MD5 of the
 * data (S3's own words), so it checks nothing there and a good download must not fail on it.
 */
function md5FromEtag(answer: {
  ETag?: string;
  ServerSideEncryption?: string;
  SSECustomerAlgorithm?: string;
}): string | undefined {
  if (!answer.ETag || !SINGLE_PART_ETAG.test(answer.ETag)) return undefined;
  if (answer.SSECustomerAlgorithm || answer.ServerSideEncryption?.startsWith('aws:kms')) return undefined;
  return answer.ETag.replaceAll('"', '');
}

function cancelled(signal: AbortSignal | undefined): boolean {
  return Boolean(signal?.aborted);
}

/** A finished download: its size and ETag, whether it came in ranges, and what its bytes were checked against. */
export interface Downloaded {
  size: number;
  etag?: string;
  ranged: boolean;
  /**
   * Beyond the size: the object's own full-object checksum (`CRC32`, `CRC32C`, `CRC64NVME`,
   * `SHA-1`, `SHA-256`) or its ETag's `MD5`.
   */
  checked?: string;
  /** When only the size was checked: why, in words. */
  unchecked?: string;
}

/** Download `key` into `partial`: its size and ETag, and whether it came in ranges. */
export async function downloadObject(request: DownloadRequest): Promise<Downloaded> {
  const { bucket, key } = request;
  const partSize = request.resume?.partSize ?? request.partSize ?? DOWNLOAD_RANGE;
  let resume = request.resume;
  let size: number;
  let etag: string | undefined;
  let expectedMd5: string | undefined;
  /** The object's own checksum, when one is looked for (see ownChecksum). */
  let checksum: Promise<ObjectChecksum | undefined> | undefined;
  let arriving: FirstRangeArriving | undefined;
  /** CRC32s of the blocks written, computed as they are written, for the check (TrailingCheck). */
  const blocks = new WrittenBlocks();
  if (resume) {
    // Resuming: the ranges on disk are only good if the object is the one they came from.
    const head = await headObject(request).catch(notFoundInWords(bucket, key));
    size = head.ContentLength ?? 0;
    etag = head.ETag;
    expectedMd5 = md5FromEtag(head);
    checksum = Promise.resolve(checksumOf(head));
    if (resume.etag !== etag || resume.size !== size) resume = undefined; // the object changed: start over
  } else {
    // No HEAD first: the first range's Content-Range tells the size, and a small object is done
    // in this one request.
    const first = await firstRange(request, partSize, blocks);
    size = first.size;
    etag = first.etag;
    expectedMd5 = first.expectedMd5;
    if (first.whole) {
      // Checked before anything is written: a bad object never reaches the disk. Against its own
      // checksum when it came with the bytes, as a ranged download is (a CRC32 costs a fifth of an
      // MD5); else the MD5. Asked for in a range (its size was not known), it came without its
      // checksum: HEAD has it, asked only when there is no MD5 to check.
      const own = first.checksum ?? (first.ranged && !expectedMd5 ? await ownChecksum(request, etag) : undefined);
      if (own) {
        if ((await checksumOfBytes(own, first.whole)) !== own.value) throw badDigest(key, `its ${own.name} checksum`);
      } else if (expectedMd5 && createHash('md5').update(first.whole).digest('hex') !== expectedMd5)
        throw badDigest(key);
      await placeWhole(request, first.whole);
      return { size, etag, ranged: false, checked: own?.name ?? (expectedMd5 ? 'MD5' : undefined) };
    }
    if (!first.rest) {
      // One range, its MD5 hashed as it came: its own checksum is asked for only when there is no
      // MD5 to check (SSE-KMS, SSE-C, a multipart upload's ETag).
      const own = expectedMd5 ? undefined : await ownChecksum(request, etag);
      const result = await verify(request, size, etag, false, expectedMd5, first.md5, own);
      await place(request);
      return result;
    }
    // Larger than one range: the others start now, while the first one's body still comes; and
    // beside them, HEAD for the object's own checksum.
    arriving = first.rest;
    checksum = ownChecksum(request, etag);
  }
  const check = new TrailingCheck(request.partial, partSize, size, blocks);
  // Which sum the check keeps is known once HEAD answers (or at once when resuming).
  const using = checksum.then((own) => check.use(own ? own.start() : expectedMd5 ? hashSum('md5', 'hex') : undefined));
  try {
    await downloadRanges(request, size, etag!, resume, arriving, check);
    await using;
    const result = await verify(request, size, etag, true, expectedMd5, undefined, await checksum, check);
    await check.close(); // the file is let go of before it is renamed
    await place(request);
    return result;
  } finally {
    await using.catch(() => undefined); // nothing is left running
    await check.close();
  }
}

/** The checked partial file to its destination, when the caller gave one. */
async function place(request: DownloadRequest): Promise<void> {
  const { partial, destination } = request;
  if (!destination) return;
  await (request.fileLimit ? request.fileLimit.run(() => rename(partial, destination)) : rename(partial, destination));
}

/** A small object's bytes, written whole: partial, then its destination. */
async function placeWhole(request: DownloadRequest, bytes: Buffer): Promise<void> {
  if (request.writer?.ready()) return request.writer.write(request.partial, request.destination, bytes);
  const file = await createFile(request);
  try {
    await file.write(bytes, 0, bytes.length, 0);
  } finally {
    await file.close();
  }
  await place(request);
}

/** Objects up to this size come into memory whole and are written in one step. */
const WHOLE_IN_MEMORY = MIB;

/** A small object's body, read into one buffer of its size (the socket reads straight into it). */
async function readWhole(body: unknown, size: number, key: string, signal: AbortSignal | undefined): Promise<Buffer> {
  const whole = Buffer.allocUnsafeSlow(size);
  let filled = 0;
  const take = (view: Buffer) => {
    if (filled + view.length > size) throw new S3RequestError('BadRange', `More bytes than asked for in ${key}.`);
    if (view.buffer !== whole.buffer || view.byteOffset !== filled) view.copy(whole, filled);
    filled += view.length;
  };
  if (body instanceof SocketBody) await body.pumpTo(take, () => whole.subarray(filled));
  else {
    for await (const chunk of body as Readable) {
      if (cancelled(signal)) throw abortError();
      take(chunk as Buffer);
    }
  }
  if (filled !== size)
    throw Object.assign(new Error(`${key} ended after ${filled} of ${size} bytes`), { code: 'ShortBody' });
  return whole;
}

/**
 * The first range of an object larger than one range, still arriving: its file is created at the
 * object's size, so the other ranges are written where they belong meanwhile.
 */
interface FirstRangeArriving {
  file: FileHandle;
  /** Settles when the range is on disk; rejects when its body broke off (it is fetched again). */
  body: Promise<void>;
  /** Its bytes on disk so far, and who is told when that grows. */
  written: number;
  onBytes?: () => void;
}

interface FirstRange {
  size: number;
  etag?: string;
  /** What the ETag says the object's MD5 is, when it says one (see md5FromEtag). */
  expectedMd5?: string;
  /** A small object's bytes, whole. */
  whole?: Buffer;
  /** Whether they were asked for as a range (so S3 sent no checksum with them). */
  ranged?: boolean;
  /** The whole object's own checksum, when it was asked for whole and has one it can be checked by. */
  checksum?: ObjectChecksum;
  /** An object of one range, on disk: its MD5, hashed as it came. */
  md5?: string;
  /** An object of several ranges: the first one, still arriving. */
  rest?: FirstRangeArriving;
}

/**
 * The first range: a small object whole in memory, an object of one range written (and hashed)
 * into `partial`, or for a larger one the size as soon as the answer's head says it, its body
 * still being written (see FirstRangeArriving).
 */
async function firstRange(request: DownloadRequest, partSize: number, blocks: WrittenBlocks): Promise<FirstRange> {
  const { transport, bucket, key, signal, versionId } = request;
  // A small object the listing sized is asked for whole: S3 answers a whole object with its
  // checksum (every GetObject asks for it, as the SDK's do), a range without.
  let whole = request.expectedSize !== undefined && request.expectedSize <= Math.min(WHOLE_IN_MEMORY, partSize);
  for (let attempt = 1; ; attempt++) {
    let file: FileHandle | undefined;
    try {
      const out = await transport
        .getObject({ bucket, key, versionId, range: whole ? undefined : `bytes=0-${partSize - 1}` }, { signal })
        .catch(async (error: S3RequestError) => {
          // An empty object has no byte 0: S3 answers 416; ask for it whole.
          if (error.status !== 416) throw error;
          return transport.getObject({ bucket, key, versionId }, { signal });
        })
        .catch(notFoundInWords(bucket, key));
      const total = out.ContentRange ? Number(out.ContentRange.split('/')[1]) : (out.ContentLength ?? 0);
      const expectedMd5 = md5FromEtag(out);
      if (total <= WHOLE_IN_MEMORY && total <= partSize) {
        // The whole object is in this answer, and small.
        const bytes = await readWhole(out.Body, total, key, signal);
        request.onProgress?.(total);
        return { size: total, etag: out.ETag, expectedMd5, whole: bytes, ranged: !whole, checksum: checksumOf(out) };
      }
      if (whole) {
        // It grew since it was listed: asked again as a large object is, in ranges.
        (out.Body as Readable | undefined)?.destroy();
        whole = false;
        attempt--;
        continue;
      }
      file = await createFile(request).catch((error: unknown) => {
        (out.Body as Readable).destroy(); // nobody will read it: free its connection
        throw error;
      });
      if (total > partSize) {
        // Sized now, so the other ranges need not wait for this one's body.
        await file.truncate(total).catch((error: unknown) => {
          (out.Body as Readable).destroy();
          throw error;
        });
        const rest: FirstRangeArriving = { file, written: 0, body: Promise.resolve() };
        rest.body = writeBody(out.Body, file, 0, partSize, key, signal, undefined, blocks, (bytes) => {
          rest.written = bytes;
          rest.onBytes?.();
        }).then((written) => {
          if (written !== partSize)
            throw Object.assign(new Error(`range 1 of ${key} ended after ${written} of ${partSize} bytes`), {
              code: 'ShortBody',
            });
        });
        rest.body.catch(() => undefined); // awaited by downloadRanges; never reported as unhandled
        file = undefined; // downloadRanges closes it
        return { size: total, etag: out.ETag, expectedMd5, rest };
      }
      // The whole object in this one answer: hashed as it arrives when its ETag is a plain MD5, so
      // checking it costs no second read of the file.
      const hash = expectedMd5 ? createHash('md5') : undefined;
      const written = await writeBody(out.Body, file, 0, total, key, signal, hash, undefined, (bytes) =>
        request.onProgress?.(bytes),
      );
      if (written !== total)
        throw Object.assign(new Error(`${key} ended after ${written} of ${total} bytes`), { code: 'ShortBody' });
      return { size: total, etag: out.ETag, expectedMd5, md5: hash?.digest('hex') };
    } catch (error) {
      if (!retryable(error, signal) || attempt >= RANGE_ATTEMPTS) throw error;
      request.onProgress?.(0);
      await pause(attempt);
    } finally {
      await file?.close();
    }
  }
}

/** The partial file, made anew; its folder too if it went away meanwhile (deleted by the user). */
function createFile(request: DownloadRequest): Promise<FileHandle> {
  const create = () =>
    open(request.partial, 'w').catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      await mkdir(path.dirname(request.partial), { recursive: true });
      return open(request.partial, 'w');
    });
  return request.fileLimit ? request.fileLimit.run(create) : create();
}

/** HEAD and GET of a missing key, said as GET says it; a missing bucket, said as one. */
function notFoundInWords(bucket: string, key: string) {
  return (error: S3RequestError): never => {
    // S3 tells them apart in a GET's answer (a HEAD has no body to say it in).
    if (error.code === 'NoSuchBucket')
      throw new S3RequestError(
        'NoSuchBucket',
        `There is no bucket ${bucket}, or none this connection can see.`,
        404,
        'Check the bucket name and the account.',
      );
    if (error.status === 404)
      throw new S3RequestError(
        'NoSuchKey',
        `The specified key does not exist: s3://${bucket}/${key}.`,
        404,
        'Check the key, or refresh the listing.',
      );
    throw error;
  };
}

function badDigest(key: string, what = 'its ETag'): S3RequestError {
  return new S3RequestError(
    'BadDigest',
    `${key} arrived, but its bytes do not match ${what}.`,
    undefined,
    'Retry the download.',
  );
}

/** A whole object's checksum as GetObject said it, and how to compute it from the bytes. */
interface ObjectChecksum {
  name: string;
  value: string;
  /** The same checksum of other bytes, given piece by piece. */
  start: () => RunningSum | Promise<RunningSum>;
}
interface RunningSum {
  update: (bytes: Buffer) => void;
  /** A CRC32's only: bytes given by their CRC32 and length instead (see WrittenBlocks). */
  absorb?: (crc: number, length: number) => void;
  digest: () => Promise<string>;
}

/** A CRC32 given piece by piece (see fast-crc.ts), in S3's form: big-endian, base64. */
function crc32Stream(): RunningSum {
  let value = 0;
  return {
    update: (bytes) => (value = crc32(bytes, value)),
    absorb: (crc, length) => (value = combine32(value, crc, length, 'CRC32')),
    digest: async () => crc32Text(value),
  };
}

/**
 * CRC64NVME and CRC32C in hash-wasm's WebAssembly, in S3's form (big-endian, base64). Node has
 * neither natively; the AWS SDK's JavaScript ones, which checked here before, run at ~400 MB/s
 * where these run at ~1.3 GB/s (CRC64NVME) and ~1.7 GB/s (CRC32C) on this machine, so four times
 * the bytes are checked in the same time. The demo world checks uploads with the SDK's: two
 * implementations, each a check on the other in the tests.
 */
function wasmSum(create: () => Promise<IHasher>): () => Promise<RunningSum> {
  return async () => {
    const hasher = await create();
    hasher.init();
    return {
      update: (bytes) => void hasher.update(bytes),
      digest: async () => Buffer.from(hasher.digest('binary')).toString('base64'),
    };
  };
}
/** NVMe's CRC-64 polynomial, reflected (hash-wasm's default is ECMA-182's). */
const CRC64NVME = () => createCRC64('9a6c9329ac4bc9b5');
/** Castagnoli's polynomial, reflected (hash-wasm's default is the CRC32 of zlib). */
const CRC32C = () => createCRC32(0x82f63b78);

/** CRC32C natively where fast-crc.ts has it (~8 GB/s here against hash-wasm's ~2.4), else hash-wasm's. */
function crc32cSum(): RunningSum | Promise<RunningSum> {
  const native = nativeCrc32c();
  if (!native) return wasmSum(CRC32C)();
  let value = 0;
  return {
    update: (bytes) => (value = native(bytes, value)),
    digest: async () => crc32Text(value),
  };
}

async function checksumOfBytes(checksum: ObjectChecksum, bytes: Buffer): Promise<string> {
  const sum = await checksum.start();
  sum.update(bytes);
  return sum.digest();
}

async function checksumOfFile(checksum: ObjectChecksum, file: string): Promise<string> {
  const sum = await checksum.start();
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) sum.update(chunk as Buffer);
  return sum.digest();
}

/**
 * The checksum a whole object's bytes must have: a full-object CRC32, SHA-1 or SHA-256 (native
 * here), CRC64NVME or CRC32C (WebAssembly, see wasmSum). A composite one (a multipart upload's checksum of its
 * parts' checksums, `…-N`) checks nothing here.
 */
function checksumOf(
  answer: Pick<
    ObjectAnswer,
    | 'ETag'
    | 'ChecksumType'
    | 'ChecksumCRC32'
    | 'ChecksumCRC32C'
    | 'ChecksumCRC64NVME'
    | 'ChecksumSHA1'
    | 'ChecksumSHA256'
  >,
): ObjectChecksum | undefined {
  if (answer.ChecksumType && answer.ChecksumType !== 'FULL_OBJECT') return undefined;
  // A multipart upload's checksum is of its parts' unless S3 says FULL_OBJECT: one that says
  // nothing is not taken for the whole object's (moto answers a multipart object's HEAD with a
  // CRC32 of neither kind and no type; S3 adds `-N` and COMPOSITE).
  if (!answer.ChecksumType && answer.ETag?.includes('-')) return undefined;
  const plain = (value: string | undefined) => (value && !value.includes('-') ? value : undefined);
  const crc = plain(answer.ChecksumCRC32);
  if (crc) return { name: 'CRC32', value: crc, start: crc32Stream };
  const sha256 = plain(answer.ChecksumSHA256);
  if (sha256) return { name: 'SHA-256', value: sha256, start: () => hashSum('sha256', 'base64') };
  const sha1 = plain(answer.ChecksumSHA1);
  if (sha1) return { name: 'SHA-1', value: sha1, start: () => hashSum('sha1', 'base64') };
  const crc64 = plain(answer.ChecksumCRC64NVME);
  if (crc64) return { name: 'CRC64NVME', value: crc64, start: wasmSum(CRC64NVME) };
  const crc32c = plain(answer.ChecksumCRC32C);
  if (crc32c) return { name: 'CRC32C', value: crc32c, start: crc32cSum };
  return undefined;
}

/** HEAD of the download's object with its checksum (pinned to `etag` when given). */
function headObject(request: DownloadRequest, etag?: string): Promise<HeadObjectCommandOutput> {
  const { transport, bucket, key, versionId, signal } = request;
  return transport.send<HeadObjectCommandOutput>(
    { operation: 'HeadObject', bucket, key },
    () =>
      new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId, IfMatch: etag, ChecksumMode: 'ENABLED' }),
    { signal },
  );
}

/**
 * The object's own full-object checksum, asked of HEAD (a ranged GET's answer carries none), pinned
 * to the ETag the ranges were: undefined when it has none that can be checked here, or HEAD fails.
 */
function ownChecksum(request: DownloadRequest, etag: string | undefined): Promise<ObjectChecksum | undefined> {
  return headObject(request, etag).then(checksumOf, () => undefined);
}

async function verify(
  request: DownloadRequest,
  size: number,
  etag: string | undefined,
  ranged: boolean,
  /** What the ETag says the MD5 is (see md5FromEtag); nothing to check without it. */
  expectedMd5: string | undefined,
  /** The MD5 of the bytes, when they were hashed on the way in. */
  md5?: string,
  /** The object's own full-object checksum: checked instead of the MD5 (a CRC32 costs a fifth of it). */
  checksum?: ObjectChecksum,
  /** A ranged download's file, read back as its ranges landed: the same checksum, or the MD5. */
  trailing?: TrailingCheck,
): Promise<Downloaded> {
  // One answer's bytes were counted as they were written (firstRange refuses a short body); ranges
  // written by several workers are measured on disk.
  const written = ranged ? (await stat(request.partial)).size : size;
  if (written !== size) {
    throw new S3RequestError(
      'IncompleteDownload',
      `${request.key} arrived with ${written} of its ${size} bytes.`,
      undefined,
      'Retry the download.',
    );
  }
  if (checksum && !md5) {
    const sum = trailing ? await trailing.digest() : await checksumOfFile(checksum, request.partial);
    if (sum !== checksum.value) throw badDigest(request.key, `its ${checksum.name} checksum`);
    return { size, etag, ranged, checked: checksum.name };
  }
  if (!expectedMd5) return { size, etag, ranged, unchecked: 'it has no full-object checksum, and its ETag is no MD5' };
  const sum = md5 ?? (trailing ? await trailing.digest() : await md5OfFile(request.partial));
  if (sum !== expectedMd5) throw badDigest(request.key);
  return { size, etag, ranged, checked: 'MD5' };
}

/** A hash given piece by piece (Node's): S3 says a SHA in base64, an ETag says an MD5 in hex. */
function hashSum(algorithm: 'md5' | 'sha1' | 'sha256', encoding: 'hex' | 'base64'): RunningSum {
  const hash = createHash(algorithm);
  return { update: (bytes) => void hash.update(bytes), digest: async () => hash.digest(encoding) };
}

/**
 * The CRC32 of each block a download writes, computed by whoever writes it (the range thread, or
 * main for the first range) just before the write, while the bytes are in that core's cache: zlib's
 * CRC32 costs ~0.21 s a GiB here, reading the file back for it ~0.24 s more. Asked for until the
 * object's checksum is known (HEAD answers beside the first ranges), and kept only when it is a
 * CRC32 (what this app's own uploads carry); blocks written again by a retry replace the first.
 */
export class WrittenBlocks {
  readonly byPosition = new Map<number, { length: number; crc: number }>();
  wanted = true;

  add(position: number, length: number, crc: number): void {
    if (this.wanted) this.byPosition.set(position, { length, crc });
  }
}

/**
 * A ranged download's checksum (or MD5), computed from its file while the download goes on: each
 * range is read back as soon as it and every range before it are on disk, so when the last one
 * lands only the ranges that landed last are left to read. Before, the whole file was read again
 * after the download: 0.85 s for 700 MiB from RAM here (more from a disk, once the file has left
 * the page cache), and objects over 256 MiB with only a CRC64NVME were not checked at all. In
 * order, so no CRC has to be combined from pieces; ranges land roughly in order (they are handed
 * out in order), so the check trails the download by a few ranges.
 */
export class TrailingCheck {
  private sum: RunningSum | undefined;
  /** Blocks whose CRC32 came with them: taken in instead of read back, when the sum is a CRC32. */
  readonly blocks: WrittenBlocks;
  private readonly landedRanges = new Set<number>();
  /** Bytes from the start already read into the sum. */
  private checkedTo = 0;
  /** Where landedEnd's last scan stopped: the first range not landed after the one checked. */
  private firstNotLanded = 1;
  private reading: Promise<void> = Promise.resolve();
  private handle: FileHandle | undefined;
  private buffer: Buffer | undefined;
  private closed = false;
  private failure: unknown;

  constructor(
    private readonly file: string,
    private readonly partSize: number,
    private readonly size: number,
    blocks?: WrittenBlocks,
  ) {
    this.blocks = blocks ?? new WrittenBlocks();
  }

  /** Range `n` (1-based) is on disk whole. */
  landed(n: number): void {
    this.landedRanges.add(n);
    this.advance();
  }

  /** The sum to keep (undefined: nothing to check); ranges already landed are read now. */
  async use(sum: RunningSum | Promise<RunningSum> | undefined): Promise<void> {
    this.sum = await sum;
    // Blocks' CRC32s are asked for until the sum is known, and kept only for a CRC32.
    this.blocks.wanted = this.sum?.absorb !== undefined;
    if (!this.blocks.wanted) this.blocks.byPosition.clear();
    this.advance();
  }

  /** The sum of the whole file, once every range has landed: what is not read yet is read now. */
  async digest(): Promise<string> {
    for (let n = 1; n <= Math.ceil(this.size / this.partSize); n++) this.landedRanges.add(n);
    this.advance();
    await this.reading;
    if (this.failure) throw this.failure;
    if (!this.sum || this.checkedTo !== this.size) throw new Error('the download was not checked');
    return this.sum.digest();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.reading;
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
  }

  /**
   * Where the ranges landed without a gap from the one being checked end. Ranges only ever land,
   * so the scan goes on from where the last one stopped: a 100 GiB file's 6,400 ranges are not
   * walked again for each of its ~100,000 blocks.
   */
  private landedEnd(): number {
    let n = Math.max(this.firstNotLanded, Math.floor(this.checkedTo / this.partSize) + 1);
    while (this.landedRanges.has(n)) n++;
    this.firstNotLanded = n;
    return Math.min(this.size, (n - 1) * this.partSize);
  }

  /** The first block with a known CRC32 after the point checked to (the object's end if none). */
  private nextKnown(): number {
    let next = this.size;
    for (const at of this.blocks.byPosition.keys()) if (at > this.checkedTo && at < next) next = at;
    return next;
  }

  private advance(): void {
    this.reading = this.reading.then(() => this.readLanded()).catch((error: unknown) => void (this.failure ??= error));
  }

  private async readLanded(): Promise<void> {
    const sum = this.sum;
    if (!sum || this.closed || this.failure) return;
    while (this.checkedTo < this.size && this.landedRanges.has(Math.floor(this.checkedTo / this.partSize) + 1)) {
      // A block whose CRC32 came with it: taken in without reading it, once it has landed whole (one
      // that runs into a range still coming waits for it, rather than being read).
      const known = this.blocks.byPosition.get(this.checkedTo);
      if (known && sum.absorb) {
        if (this.checkedTo + known.length > this.landedEnd()) return;
        sum.absorb(known.crc, known.length);
        this.blocks.byPosition.delete(this.checkedTo);
        this.checkedTo += known.length;
        continue;
      }
      this.handle ??= await open(this.file, 'r');
      this.buffer ??= Buffer.allocUnsafeSlow(WRITE_BYTES);
      // Never past the end of this range (the next one may not have landed), nor into the next
      // block whose CRC32 is known (it is taken in whole).
      const rangeEnd = Math.min(this.size, (Math.floor(this.checkedTo / this.partSize) + 1) * this.partSize);
      const want = Math.min(this.buffer.length, rangeEnd - this.checkedTo, this.nextKnown() - this.checkedTo);
      const { bytesRead } = await this.handle.read(this.buffer, 0, want, this.checkedTo);
      if (bytesRead === 0) throw new Error(`${this.file} is shorter than the object`);
      sum.update(this.buffer.subarray(0, bytesRead));
      this.checkedTo += bytesRead;
      if (this.closed) return;
    }
  }
}

async function downloadRanges(
  request: DownloadRequest,
  size: number,
  etag: string,
  resume: DownloadState | undefined,
  /** A new download's first range, still arriving: the rest are fetched beside it. */
  first?: FirstRangeArriving,
  /** Told of each range once it is on disk whole. */
  check?: TrailingCheck,
): Promise<void> {
  const { signal } = request;
  const partSize = resume?.partSize ?? request.partSize ?? DOWNLOAD_RANGE;
  const count = Math.max(1, Math.ceil(size / partSize));
  const done = new Set(resume?.done ?? []);
  const inFlight = new Map<number, number>();
  const lengthOf = (n: number) => Math.min(partSize, size - (n - 1) * partSize);
  const report = () => {
    let bytes = 0;
    for (const n of done) bytes += lengthOf(n);
    for (const b of inFlight.values()) bytes += b;
    request.onProgress?.(bytes);
  };
  // Resuming writes into the partial file as it is; a new download's file was sized by the first
  // range, or is sized here once.
  let file: FileHandle;
  if (first) {
    file = first.file;
  } else if (
    resume &&
    (await stat(request.partial).then(
      (s) => s.size === size,
      () => false,
    ))
  ) {
    file = await open(request.partial, 'r+');
  } else {
    done.clear();
    file = await createFile(request);
    await file.truncate(size).catch(async (error: unknown) => {
      await file.close();
      throw error;
    });
  }
  for (const n of done) check?.landed(n);
  const land = (n: number) => {
    done.add(n);
    check?.landed(n);
  };
  const state = (): DownloadState => ({ etag, size, partSize, done: [...done].sort((a, b) => a - b) });
  const pending = Array.from({ length: count }, (_, i) => i + 1).filter((n) => !done.has(n) && !(first && n === 1));
  let failure: unknown;
  const run = request.limit ? request.limit.run.bind(request.limit) : <T>(task: () => Promise<T>) => task();
  const finished = async (n: number) => {
    inFlight.delete(n);
    land(n);
    report();
    await request.onState?.(state());
  };
  const streams = Math.max(1, request.concurrency ?? 8);
  /** The next GET's ranges: the first pending one, and adjacent ones while many remain. */
  const nextSpan = (): number[] => {
    const span = [pending.shift()!];
    const most = Math.min(MERGED_RANGES, Math.floor((pending.length + 1) / streams));
    while (span.length < most && pending[0] === span.at(-1)! + 1) span.push(pending.shift()!);
    return span;
  };
  const worker = async (arriving?: FirstRangeArriving) => {
    if (arriving) {
      arriving.onBytes = () => {
        inFlight.set(1, arriving.written);
        report();
      };
      const came = await arriving.body.then(
        () => true,
        (error: unknown) => {
          inFlight.delete(1);
          // Its body broke off: the range is fetched again like any other (unless that is pointless).
          if (retryable(error, signal)) pending.unshift(1);
          else failure ??= error;
          return false;
        },
      );
      arriving.onBytes = undefined;
      if (came) await finished(1).catch((error: unknown) => (failure ??= error));
    }
    while (pending.length && !failure && !cancelled(signal)) {
      const span = nextSpan();
      const n = span[0]!;
      const spanStart = (n - 1) * partSize;
      const spanEnd = spanStart + span.reduce((sum, m) => sum + lengthOf(m), 0);
      // Each of the span's ranges is journaled done once a GET has written it whole: a pause or a
      // restart loses at most the range being written, and a retry asks only for what is not.
      let marked = 0;
      let markedEnd = spanStart;
      const journaled: Promise<void>[] = [];
      const mark = (writtenTo: number) => {
        while (marked < span.length && writtenTo >= markedEnd + lengthOf(span[marked]!)) {
          markedEnd += lengthOf(span[marked]!);
          land(span[marked++]!);
          journaled.push(Promise.resolve(request.onState?.(state())));
        }
      };
      try {
        await run(() =>
          downloadRange(
            request,
            file,
            () => markedEnd,
            spanEnd,
            etag,
            (writtenTo) => {
              mark(writtenTo);
              inFlight.set(n, Math.max(0, writtenTo - markedEnd));
              report();
            },
            check?.blocks,
          ),
        );
        mark(spanEnd);
        inFlight.delete(n);
        report();
      } catch (error) {
        inFlight.delete(n);
        failure ??= error;
      }
      await Promise.all(journaled).catch((error: unknown) => (failure ??= error));
    }
  };
  try {
    await request.onState?.(state());
    report();
    const others = Math.min(streams - (first ? 1 : 0), pending.length);
    await Promise.all([
      ...(first ? [worker(first)] : []),
      ...Array.from({ length: Math.max(first ? 0 : 1, others) }, () => worker()),
    ]);
  } finally {
    // Never closed under a write still on its way.
    await first?.body.catch(() => undefined);
    await file.close();
  }
  if (failure) throw failure;
  if (cancelled(signal)) throw abortError();
}

/**
 * Bytes `from()` up to `end` (exclusive) of the object, written where they belong; retried alone
 * on a reset, a 5xx or a short body, each time from `from()` (what is written already is not asked
 * for again). `onWritten` hears where the bytes on disk reach.
 */
async function downloadRange(
  request: DownloadRequest,
  file: FileHandle,
  from: () => number,
  end: number,
  etag: string,
  onWritten: (writtenTo: number) => void,
  blocks?: WrittenBlocks,
): Promise<void> {
  const { transport, bucket, key, signal, versionId } = request;
  for (let attempt = 1; ; attempt++) {
    const start = from();
    const length = end - start;
    try {
      const out = await transport.getObject(
        { bucket, key, versionId, range: `bytes=${start}-${end - 1}`, ifMatch: etag },
        { signal, bytes: length },
      );
      if (out.ContentRange && !out.ContentRange.startsWith(`bytes ${start}-${end - 1}/`)) {
        throw new S3RequestError('BadRange', `Asked for bytes ${start}-${end - 1} of ${key}, got ${out.ContentRange}.`);
      }
      const written = await writeBody(out.Body, file, start, length, key, signal, undefined, blocks, (bytes) =>
        onWritten(start + bytes),
      );
      if (written !== length)
        throw Object.assign(new Error(`bytes ${start}-${end - 1} of ${key} ended after ${written} of ${length}`), {
          code: 'ShortBody',
        });
      return;
    } catch (error) {
      onWritten(start);
      if (!retryable(error, signal) || attempt >= RANGE_ATTEMPTS) throw error;
      await pause(attempt);
    }
  }
}

/**
 * Writes an answer's body into `file` at `position`, at most `limit` bytes (more is an error);
 * returns how many came. Bytes go out in ~1 MiB writes, a GiB costing a thousand writes instead of
 * tens of thousands of socket-sized ones. A body from the socket reader is read by its socket
 * straight into two reused staging buffers (one filling while the other is written): nothing is
 * allocated or copied per chunk. Any other body is read as a stream and its chunks gathered.
 */
async function writeBody(
  body: unknown,
  file: FileHandle,
  position: number,
  limit: number,
  key: string,
  signal: AbortSignal | undefined,
  hash: Hash | undefined,
  /** Where each block's CRC32 goes, computed as it is written, while the download's check wants them. */
  blocks: WrittenBlocks | undefined,
  onBytes: (bytesOnDisk: number) => void,
): Promise<number> {
  let received = 0;
  const take = (length: number) => {
    if (received + length > limit)
      throw new S3RequestError('BadRange', `More bytes than asked for at ${position} of ${key}.`);
    received += length;
  };
  let written = 0;
  const writeOut = async (write: Promise<unknown>, length: number) => {
    await write;
    written += length;
    onBytes(written);
  };
  // Read on the range thread: written into the file there, by the thread that read it.
  if (body instanceof ThreadedBody && !hash)
    return body.writeTo(
      file.fd,
      position,
      limit,
      onBytes,
      blocks?.wanted ? (list) => list.forEach(([at, length, crc]) => blocks.add(at, length, crc)) : undefined,
    );
  if (body instanceof SocketBody) {
    const buffers = [takeStaging(), takeStaging()];
    const writes: (Promise<void> | undefined)[] = [undefined, undefined];
    let current = 0;
    let filled = 0;
    const startWrite = (): Promise<void> | undefined => {
      const at = position + received - filled;
      if (blocks?.wanted) blocks.add(at, filled, crc32(buffers[current]!.subarray(0, filled)));
      const write = writeOut(file.write(buffers[current]!, 0, filled, at), filled);
      write.catch(() => undefined); // awaited below; handled here so it is never reported as unhandled
      writes[current] = write;
      current = 1 - current;
      filled = 0;
      return writes[current]; // the buffer to fill next may still be on its way to disk
    };
    try {
      await body.pumpTo(
        (view) => {
          take(view.length);
          hash?.update(view);
          const into = buffers[current]!;
          // Not expected (a read is at most READ_BUFFER_BYTES, the room past WRITE_BYTES, and what was
          // buffered before pumping comes first, into an empty buffer); a copy that did not fit would
          // leave stale bytes in the file under a size that matches.
          if (filled + view.length > into.length) throw new Error('a body piece larger than its staging room');
          // A read that landed where readInto pointed is in place already.
          if (view.buffer !== into.buffer || view.byteOffset !== into.byteOffset + filled) view.copy(into, filled);
          filled += view.length;
          if (filled >= WRITE_BYTES) return startWrite();
        },
        () => buffers[current]!.subarray(filled),
      );
      if (filled) startWrite();
      await Promise.all(writes);
    } finally {
      // A staging buffer goes back only when no write is using it.
      await Promise.allSettled(writes);
      buffers.forEach(giveStaging);
    }
    return received;
  }
  let gathered: Buffer[] = [];
  let gatheredBytes = 0;
  const flush = async () => {
    if (!gatheredBytes) return;
    const length = gatheredBytes;
    if (blocks?.wanted) {
      let crc = 0;
      for (const piece of gathered) crc = crc32(piece, crc);
      blocks.add(position + received - length, length, crc);
    }
    const write = file.writev(gathered, position + received - length);
    gathered = [];
    gatheredBytes = 0;
    await writeOut(write, length);
  };
  for await (const chunk of body as Readable) {
    if (cancelled(signal)) throw abortError();
    const buffer = chunk as Buffer;
    take(buffer.length);
    hash?.update(buffer);
    gathered.push(buffer);
    gatheredBytes += buffer.length;
    if (gatheredBytes >= WRITE_BYTES) await flush();
  }
  await flush();
  return received;
}

/** What a pumped body is copied into before it is written: taken by size, kept for the next range. */
const STAGING_BYTES = WRITE_BYTES + READ_BUFFER_BYTES;
const staging: Buffer[] = [];
function takeStaging(): Buffer {
  return staging.pop() ?? Buffer.allocUnsafeSlow(STAGING_BYTES);
}
function giveStaging(buffer: Buffer): void {
  if (staging.length < 32) staging.push(buffer);
}

/** A reset, a cut-off body or a 5xx is worth another try; a 412 (object replaced), a 403 or a cancel is not. */
function retryable(error: unknown, signal: AbortSignal | undefined): boolean {
  if (cancelled(signal)) return false;
  const e = error as { code?: string; status?: number; name?: string };
  if (e.status === 412 || e.code === 'PreconditionFailed') return false;
  if (e.status !== undefined) return e.status >= 500 || e.status === 429;
  return true; // network: ECONNRESET, a premature close, a short body
}

function pause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** attempt * Math.random())));
}

function abortError(): Error {
  return Object.assign(new Error('cancelled'), { code: 'Cancelled' });
}

/** Removes a partial file (cancel, or a download that starts over). */
export async function discardPartial(partial: string): Promise<void> {
  await rm(partial, { force: true });
}
