// Server-side copies and moves: the bytes never pass through this computer. CopyObject up to
// 5 GiB, UploadPartCopy in parallel parts above; what the object is (Content-Type and the other
// standard headers, user metadata, tags, storage class, encryption) is kept. Every copy is
// confirmed by a HEAD of the result (size, and the ETag where it must match) before a move deletes
// its source, so a failure or a cancel at any point leaves each object whole at its source or at
// its destination.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  UploadPartCopyCommand,
  type CompleteMultipartUploadCommandOutput,
  type CreateMultipartUploadCommandOutput,
  type GetObjectTaggingCommandOutput,
  type HeadObjectCommandOutput,
  type ServerSideEncryption,
  type StorageClass,
  type UploadPartCopyCommandOutput,
} from '@aws-sdk/client-s3';
import { rm } from 'node:fs/promises';
import { objectsUnder } from '../s3/browse.js';
import { downloadObject } from './download.js';
import { abortMultipart, uploadFile, uploadLanded, type MultipartState } from './multipart.js';
import { S3RequestError } from '../s3/errors.js';
import type { CopyAnswer, ObjectCopy } from '../s3/object-put.js';
import type { S3Transport } from '../s3/transport.js';
import type { ConcurrencyLimit } from './limit.js';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
/** S3's limit for one CopyObject. */
export const MAX_SINGLE_COPY = 5 * GIB;

/** `bucket/key` as x-amz-copy-source wants it: each segment escaped, slashes kept. */
export function copySource(bucket: string, key: string, versionId?: string): string {
  const path = `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  return versionId ? `${path}?versionId=${encodeURIComponent(versionId)}` : path;
}

export interface CopyRequest {
  transport: S3Transport;
  sourceBucket: string;
  sourceKey: string;
  targetBucket: string;
  targetKey: string;
  signal?: AbortSignal;
  /** Stops even a CopyObject on its way, which `signal` lets finish (see copyOnce): the app quitting. */
  hardSignal?: AbortSignal;
  /** The copy's storage class; absent: its source's. */
  storageClass?: string;
  limit?: ConcurrencyLimit;
  /** Above MAX_SINGLE_COPY (or when forced, for tests): parts of this size, copied in parallel. */
  partSize?: number;
  multipartAbove?: number;
  concurrency?: number;
  onProgress?: (bytesDone: number) => void;
  /** What the listing said of the source: lets a plain object go with one CopyObject, no HEADs. */
  listed?: { size: number; etag?: string; storageClass?: string };
}

export interface CopyResult {
  size: number;
  etag?: string;
  multipart: boolean;
  /** Stopped, but S3 had taken the copy all the same (see relayCopy). */
  landed?: boolean;
}

const COLD = ['GLACIER', 'DEEP_ARCHIVE'];

/** An object's tags as an x-amz-tagging value ('' when it has none or they cannot be read). */
export async function taggingOf(
  transport: S3Transport,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<string> {
  const tagging = await transport
    .send<GetObjectTaggingCommandOutput>(
      { operation: 'GetObjectTagging', bucket, key },
      () => new GetObjectTaggingCommand({ Bucket: bucket, Key: key }),
      { signal },
    )
    .catch(() => undefined);
  return (tagging?.TagSet ?? [])
    .map((t) => `${encodeURIComponent(t.Key ?? '')}=${encodeURIComponent(t.Value ?? '')}`)
    .join('&');
}

/** What an object is besides its bytes, from its HEAD: what a rewrite of it must send again. */
export function describedBy(head: HeadObjectCommandOutput, tags: string) {
  return {
    CacheControl: head.CacheControl,
    ContentDisposition: head.ContentDisposition,
    ContentEncoding: head.ContentEncoding,
    ContentLanguage: head.ContentLanguage,
    Expires: head.Expires,
    Metadata: head.Metadata,
    StorageClass:
      head.StorageClass && head.StorageClass !== 'STANDARD' ? (head.StorageClass as StorageClass) : undefined,
    Tagging: tags || undefined,
  };
}

const PLAIN_ETAG = /^"[0-9a-f]{32}"$/;

/** The copy's storage class: the one asked for, or its source's (STANDARD is CopyObject's own default). */
function classFor(request: CopyRequest, source: string | undefined): StorageClass | undefined {
  if (request.storageClass) return request.storageClass as StorageClass;
  return source && source !== 'STANDARD' ? (source as StorageClass) : undefined;
}

/**
 * Sends one CopyObject and lets it finish even when the transfer is stopped meanwhile: S3 carries
 * out a copy it has received whether or not anyone waits for the answer (it may land after a
 * stop's own look at the target), and the answer is the only sure word on whether it did. A stop
 * before it is sent keeps it from being sent; only the app quitting (`hardSignal`) cuts it off.
 * `landed`: it was stopped while the copy was on its way, and S3 made the copy.
 */
async function copyOnce(
  request: CopyRequest,
  size: number,
  input: ObjectCopy,
): Promise<{ out: CopyAnswer; landed: boolean }> {
  const { transport, signal } = request;
  if (signal?.aborted) throw new S3RequestError('Cancelled', `The copy of ${request.sourceKey} was stopped.`);
  const out = await transport.copyObject(input, { signal: request.hardSignal, bytes: size });
  return { out, landed: Boolean(signal?.aborted) };
}

/**
 * The fast way, for an object the listing described (a plain ETag, at most 5 GiB, not archived):
 * one CopyObject pinned to that ETag, confirmed by S3's own answer — the copy's ETag is the MD5 of
 * its bytes, so the same ETag means the same bytes. Anything else (an ETag that differs, as a copy
 * encrypted with another key gives) says undefined, and the careful way runs.
 */
async function copyAsListed(request: CopyRequest): Promise<CopyResult | undefined> {
  const { sourceBucket, sourceKey, targetBucket, targetKey, listed } = request;
  if (!listed?.etag || !PLAIN_ETAG.test(listed.etag) || listed.size > (request.multipartAbove ?? MAX_SINGLE_COPY))
    return undefined;
  if (COLD.includes(listed.storageClass ?? '')) return undefined;
  const { out, landed } = await copyOnce(request, listed.size, {
    bucket: targetBucket,
    key: targetKey,
    copySource: copySource(sourceBucket, sourceKey),
    copySourceIfMatch: listed.etag,
    metadataDirective: 'COPY',
    taggingDirective: 'COPY',
    storageClass: classFor(request, listed.storageClass),
  });
  if (out.CopyObjectResult?.ETag !== listed.etag) return undefined;
  request.onProgress?.(listed.size);
  return { size: listed.size, etag: out.CopyObjectResult.ETag, multipart: false, landed };
}

/** Copy one object server-side, keeping what it is, and confirm the copy. */
export async function copyOneObject(request: CopyRequest): Promise<CopyResult> {
  const fast = await copyAsListed(request);
  if (fast) return fast;
  const { transport, sourceBucket, sourceKey, targetBucket, targetKey, signal } = request;
  const head = await transport.send<HeadObjectCommandOutput>(
    { operation: 'HeadObject', bucket: sourceBucket, key: sourceKey },
    () => new HeadObjectCommand({ Bucket: sourceBucket, Key: sourceKey }),
    { signal },
  );
  const size = head.ContentLength ?? 0;
  if (COLD.includes(head.StorageClass ?? '') && !head.Restore?.includes('ongoing-request="false"'))
    throw new S3RequestError(
      'InvalidObjectState',
      `${sourceKey} is in ${head.StorageClass}: restore it before copying or moving it.`,
      403,
    );
  // What the object is, for the copy to keep (CopyObject's default storage class is STANDARD, so
  // the source's is passed on unless another was asked for; encryption with a KMS key keeps its key).
  const storageClass = classFor(request, head.StorageClass);
  const sse =
    head.ServerSideEncryption === 'aws:kms' || head.ServerSideEncryption === 'aws:kms:dsse'
      ? { ServerSideEncryption: head.ServerSideEncryption as ServerSideEncryption, SSEKMSKeyId: head.SSEKMSKeyId }
      : {};
  const multipartAbove = request.multipartAbove ?? MAX_SINGLE_COPY;
  let etag: string | undefined;
  let multipart = false;
  let landed = false;
  if (size <= multipartAbove) {
    let out: CopyAnswer;
    ({ out, landed } = await copyOnce(request, size, {
      bucket: targetBucket,
      key: targetKey,
      copySource: copySource(sourceBucket, sourceKey),
      copySourceIfMatch: head.ETag,
      metadataDirective: 'COPY',
      taggingDirective: 'COPY',
      storageClass,
      serverSideEncryption: sse.ServerSideEncryption,
      sseKmsKeyId: sse.SSEKMSKeyId,
    }));
    etag = out.CopyObjectResult?.ETag;
    request.onProgress?.(size);
  } else {
    multipart = true;
    etag = await copyInParts(request, head, size, sse);
  }
  // A copy that landed after a stop is confirmed all the same: its move finishes on it.
  await confirmCopy(landed ? { ...request, signal: undefined } : request, head, size, etag, multipart);
  return { size, etag, multipart, landed };
}

async function copyInParts(
  request: CopyRequest,
  head: HeadObjectCommandOutput,
  size: number,
  sse: { ServerSideEncryption?: ServerSideEncryption; SSEKMSKeyId?: string },
): Promise<string | undefined> {
  const { transport, sourceBucket, sourceKey, targetBucket, targetKey, signal } = request;
  const tags = await taggingOf(transport, sourceBucket, sourceKey, signal);
  const created = await transport.send<CreateMultipartUploadCommandOutput>(
    { operation: 'CreateMultipartUpload', bucket: targetBucket, key: targetKey },
    () =>
      new CreateMultipartUploadCommand({
        Bucket: targetBucket,
        Key: targetKey,
        ContentType: head.ContentType,
        ...describedBy(head, tags),
        StorageClass: classFor(request, head.StorageClass),
        ...sse,
      }),
    { signal },
  );
  const uploadId = created.UploadId!;
  const partSize = Math.max(request.partSize ?? 512 * MIB, Math.ceil(size / 10_000), 5 * MIB);
  const count = Math.ceil(size / partSize);
  const parts: Array<{ PartNumber: number; ETag?: string }> = new Array(count);
  let done = 0;
  let next = 0;
  try {
    const worker = async () => {
      while (next < count) {
        const index = next++;
        const start = index * partSize;
        const end = Math.min(size, start + partSize) - 1;
        const send = () =>
          transport.send<UploadPartCopyCommandOutput>(
            { operation: 'UploadPartCopy', bucket: targetBucket, key: targetKey, bytes: end - start + 1 },
            () =>
              new UploadPartCopyCommand({
                Bucket: targetBucket,
                Key: targetKey,
                UploadId: uploadId,
                PartNumber: index + 1,
                CopySource: copySource(sourceBucket, sourceKey),
                CopySourceIfMatch: head.ETag,
                CopySourceRange: `bytes=${start}-${end}`,
              }),
            { signal },
          );
        const out = await (request.limit ? request.limit.run(send) : send());
        parts[index] = { PartNumber: index + 1, ETag: out.CopyPartResult?.ETag };
        done += end - start + 1;
        request.onProgress?.(done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(request.concurrency ?? 8, count) }, worker));
    const out = await transport.send<CompleteMultipartUploadCommandOutput>(
      { operation: 'CompleteMultipartUpload', bucket: targetBucket, key: targetKey },
      () =>
        new CompleteMultipartUploadCommand({
          Bucket: targetBucket,
          Key: targetKey,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      { signal },
    );
    return out.ETag;
  } catch (error) {
    // No orphan parts: the half-made copy is abandoned (the source was never touched).
    await transport
      .send(
        { operation: 'AbortMultipartUpload', bucket: targetBucket, key: targetKey },
        () => new AbortMultipartUploadCommand({ Bucket: targetBucket, Key: targetKey, UploadId: uploadId }),
      )
      .catch(() => undefined);
    throw error;
  }
}

/** The copy is there, whole: its size, and its ETag where a plain copy must give the same one. */
async function confirmCopy(
  request: CopyRequest,
  source: HeadObjectCommandOutput,
  size: number,
  etag: string | undefined,
  multipart: boolean,
): Promise<void> {
  const { transport, targetBucket, targetKey, signal } = request;
  const target = await transport.send<HeadObjectCommandOutput>(
    { operation: 'HeadObject', bucket: targetBucket, key: targetKey },
    () => new HeadObjectCommand({ Bucket: targetBucket, Key: targetKey }),
    { signal },
  );
  const sameEtag =
    multipart || source.ServerSideEncryption?.startsWith('aws:kms') || !/^"[0-9a-f]{32}"$/.test(source.ETag ?? '')
      ? true
      : target.ETag === source.ETag && (etag === undefined || etag === source.ETag);
  if (target.ContentLength !== size || !sameEtag)
    throw new S3RequestError(
      'CopyNotConfirmed',
      `The copy of ${request.sourceKey} at ${targetKey} does not match its source (${target.ContentLength} bytes, ETag ${target.ETag}; expected ${size} bytes, ${source.ETag}). The source was left as it is.`,
    );
}

/**
 * After a cancel or a pause cut a copy off: did S3 make it anyway? A CopyObject that was sent is
 * carried out by S3 whether or not its answer is still awaited, so a move stopped mid-copy could
 * leave the object at both places (seen: 8 such after cancelling a 2,000-object folder rename,
 * one per copy in flight; a second rename then found 8 "already there" and skipped them). The
 * source's size when the target holds the same bytes and description as the source (the same
 * plain MD5 ETag and size, Content-Type and metadata); undefined otherwise. Asked without the
 * stopped request's signal.
 */
export async function landedCopy(request: CopyRequest): Promise<number | undefined> {
  const { transport, sourceBucket, sourceKey, targetBucket, targetKey } = request;
  const head = (bucket: string, key: string) =>
    transport
      .send<HeadObjectCommandOutput>(
        { operation: 'HeadObject', bucket, key, absentIsAnswer: true },
        () => new HeadObjectCommand({ Bucket: bucket, Key: key }),
      )
      .catch(() => undefined);
  const [source, target] = await Promise.all([head(sourceBucket, sourceKey), head(targetBucket, targetKey)]);
  if (!source || !target || !PLAIN_ETAG.test(source.ETag ?? '')) return undefined;
  const same =
    target.ETag === source.ETag &&
    target.ContentLength === source.ContentLength &&
    target.ContentType === source.ContentType &&
    JSON.stringify(target.Metadata ?? {}) === JSON.stringify(source.Metadata ?? {});
  return same ? (source.ContentLength ?? 0) : undefined;
}

/** Destinations of a plan that exist already, found by listing the folders they go into. */
export async function existingTargets(
  transport: S3Transport,
  bucket: string,
  planned: PlannedCopy[],
): Promise<string[]> {
  const wanted = new Set(planned.map((p) => p.targetKey));
  if (wanted.size === 0) return [];
  if (wanted.size <= 50) {
    // A few objects: a HEAD each, rather than listing a destination folder that may be huge.
    const keys = [...wanted];
    const exists = await Promise.all(keys.map((key) => transport.objectExists(bucket, key)));
    return keys.filter((_, i) => exists[i]);
  }
  // One listing per destination folder at the top of the plan (a folder copy lists its target once).
  const tops = new Set(planned.map((p) => p.targetKey.slice(0, p.targetKey.lastIndexOf('/') + 1)));
  const roots = [...tops].filter((t) => ![...tops].some((other) => other !== t && t.startsWith(other)));
  const found: string[] = [];
  for (const root of roots)
    for await (const page of objectsUnder(transport, bucket, root))
      for (const o of page) if (wanted.has(o.key)) found.push(o.key);
  return found;
}

/**
 * Between connections (two accounts, or S3 and another service) there is no server-side copy: the
 * bytes come through this computer, by way of a relay file in the temp folder (the download and
 * upload engines' parallel ranges and parts, so memory stays bounded whatever the size), with the
 * source's headers, metadata, tags and storage class kept. Confirmed by a HEAD of the copy.
 */
export async function relayCopy(
  request: CopyRequest & {
    targetTransport: S3Transport;
    relayFile: string;
    /** The upload engine's settings for the second half (the queue's own). */
    upload?: { partSize?: number; multipartThreshold?: number };
  },
): Promise<CopyResult> {
  const { transport, sourceBucket, sourceKey, targetTransport, targetBucket, targetKey, signal } = request;
  const head = await transport.send<HeadObjectCommandOutput>(
    { operation: 'HeadObject', bucket: sourceBucket, key: sourceKey },
    () => new HeadObjectCommand({ Bucket: sourceBucket, Key: sourceKey }),
    { signal },
  );
  const size = head.ContentLength ?? 0;
  const tags = await taggingOf(transport, sourceBucket, sourceKey, signal);
  try {
    await downloadObject({
      transport,
      bucket: sourceBucket,
      key: sourceKey,
      partial: request.relayFile,
      signal,
      limit: request.limit,
      onProgress: (n) => request.onProgress?.(Math.floor(n / 2)),
    });
    // No journal keeps a relay's multipart upload for later (a retry relays again from the
    // start), so a stopped or failed one is aborted rather than left costing money as an orphan;
    // one S3 finished while its answer was still on the way is the copy, done (uploadLanded).
    let state: MultipartState | undefined;
    const since = Date.now();
    let result: Awaited<ReturnType<typeof uploadFile>>;
    try {
      result = await uploadFile({
        transport: targetTransport,
        bucket: targetBucket,
        key: targetKey,
        localPath: request.relayFile,
        size,
        signal,
        limit: request.limit,
        contentType: head.ContentType,
        onProgress: (n) => request.onProgress?.(Math.floor(size / 2 + n / 2)),
        onState: (now) => void (state = now),
        describe: { ...describedBy(head, tags), StorageClass: classFor(request, head.StorageClass) },
        ...request.upload,
      });
    } catch (error) {
      const target = { bucket: targetBucket, key: targetKey, localPath: request.relayFile, size, since };
      if (signal?.aborted && (await uploadLanded(targetTransport, target, state, request.upload?.multipartThreshold)))
        return { size, multipart: Boolean(state), landed: true };
      if (state) await abortMultipart(targetTransport, targetBucket, targetKey, state.uploadId).catch(() => undefined);
      throw error;
    }
    const target = await targetTransport.send<HeadObjectCommandOutput>(
      { operation: 'HeadObject', bucket: targetBucket, key: targetKey },
      () => new HeadObjectCommand({ Bucket: targetBucket, Key: targetKey }),
      { signal },
    );
    if (target.ContentLength !== size)
      throw new S3RequestError(
        'CopyNotConfirmed',
        `The copy of ${sourceKey} at ${targetKey} has ${target.ContentLength} bytes, not ${size}. The source was left as it is.`,
      );
    return { size, etag: result.etag, multipart: result.multipart };
  } finally {
    await rm(request.relayFile, { force: true });
  }
}

export interface PlannedCopy {
  sourceKey: string;
  targetKey: string;
  size: number;
  /** From the listing, when the object was found by one. */
  etag?: string;
  storageClass?: string;
}

/**
 * What a copy or a move will do, counted before anything is changed: every object under the
 * folders (a streamed listing), each given its place under the target with the structure below
 * `base` kept. A move onto itself, or of a folder into itself, is refused in words. A copy into
 * the folder it comes from is refused too, unless `duplicate` asks for what a file manager does
 * there: a folder goes to the first free "name (n)/", and each file keeps its key as the target,
 * to be given a free "name (n).ext" when it runs (the batch runs as keep both).
 */
export async function planCopy(
  transport: S3Transport,
  request: {
    sourceBucket: string;
    keys: Array<{ key: string; size: number }>;
    prefixes: string[];
    base: string;
    targetBucket: string;
    targetPrefix: string;
    /** A single key or folder renamed: its new last segment. */
    rename?: string;
    move: boolean;
    /** The target is another connection's: a bucket of the same name is another bucket. */
    across?: boolean;
    /** A copy into its own folder makes duplicates under new names instead of being refused. */
    duplicate?: boolean;
  },
): Promise<PlannedCopy[]> {
  const { sourceBucket, targetBucket, targetPrefix, base } = request;
  const same = sourceBucket === targetBucket && !request.across;
  const verb = request.move ? 'move' : 'copy';
  const duplicating = same && !request.move && request.duplicate === true && request.rename === undefined;
  const below = (key: string) => (key.startsWith(base) ? key.slice(base.length) : key.split('/').pop()!);
  const placeOf = (path: string, isFolder: boolean) => {
    if (request.rename === undefined) return `${targetPrefix}${path}`;
    const name = request.rename.replace(/\/+$/, '');
    return `${targetPrefix}${name}${isFolder ? '/' : ''}`;
  };
  const folderTargets = new Map<string, string>();
  for (const prefix of request.prefixes) {
    let target = placeOf(below(prefix), true);
    if (duplicating && target === prefix) target = await freeFolder(transport, targetBucket, prefix);
    else if (same && target === prefix)
      throw new S3RequestError('SameLocation', `Cannot ${verb} ${prefix} onto itself.`, 400);
    if (same && target.startsWith(prefix))
      throw new S3RequestError('IntoItself', `Cannot ${verb} the folder ${prefix} into itself (${target}).`, 400);
    folderTargets.set(prefix, target);
  }
  const planned: PlannedCopy[] = [];
  for (const { key, size } of request.keys) {
    const target = placeOf(below(key), false);
    if (same && target === key && !duplicating)
      throw new S3RequestError('SameLocation', `Cannot ${verb} ${key} onto itself.`, 400);
    planned.push({ sourceKey: key, targetKey: target, size });
  }
  for (const prefix of request.prefixes) {
    const folderTarget = folderTargets.get(prefix)!;
    for await (const page of objectsUnder(transport, sourceBucket, prefix))
      for (const o of page)
        planned.push({
          sourceKey: o.key,
          targetKey: folderTarget + o.key.slice(prefix.length),
          size: o.size,
          etag: o.etag,
          storageClass: o.storageClass,
        });
  }
  return planned;
}

/** The first "name (n)/" beside a folder with nothing under it. */
async function freeFolder(transport: S3Transport, bucket: string, prefix: string): Promise<string> {
  const stem = prefix.slice(0, -1);
  for (let n = 1; ; n++) {
    const candidate = `${stem} (${n})/`;
    const page = await transport.listObjects({ bucket, prefix: candidate, maxKeys: 1 });
    if (!page.KeyCount) return candidate;
  }
}
