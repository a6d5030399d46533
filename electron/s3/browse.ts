// Listing a bucket as folders: ListObjectsV2 with `/` as delimiter, one page per call, so the
// renderer can show the first page at once and pull the rest as it goes (never a HEAD per object).
import {
  GetObjectTaggingCommand,
  HeadObjectCommand,
  type GetObjectTaggingCommandOutput,
  type HeadObjectCommandOutput,
} from '@aws-sdk/client-s3';
import type { FolderMeasure, ListPage, ObjectDetails, ObjectPreview, ObjectRow } from '../contract.js';
import { S3RequestError } from './errors.js';
import { nameMatcher } from '../shared/name-match.js';
import { lockOf } from './object-lock.js';
import type { S3Transport } from './transport.js';
import { listVersionsPage } from './versions.js';

export async function listPage(
  transport: S3Transport,
  request: { bucket: string; prefix: string; continuationToken?: string; pageSize?: number },
): Promise<ListPage> {
  const { bucket, prefix, continuationToken, pageSize = 1000 } = request;
  const out = await transport.listObjects({
    bucket,
    prefix: prefix || undefined,
    delimiter: '/',
    continuationToken,
    maxKeys: pageSize,
  });
  return {
    bucket,
    prefix,
    folders: (out.CommonPrefixes ?? []).map((p) => p.Prefix ?? '').filter(Boolean),
    objects: (out.Contents ?? [])
      .filter((o) => o.Key !== prefix) // the folder's own marker object
      .map((o) => ({
        key: o.Key ?? '',
        size: o.Size ?? 0,
        lastModified: o.LastModified?.toISOString(),
        storageClass: o.StorageClass,
        etag: o.ETag,
      })),
    nextToken: out.IsTruncated ? out.NextContinuationToken : undefined,
  };
}

/**
 * Every object under a prefix (no delimiter), a page at a time: what deleting, downloading or
 * checking a whole folder walks through. One request per 1,000 keys, nothing held beyond a page.
 */
export async function* objectsUnder(
  transport: S3Transport,
  bucket: string,
  prefix: string,
): AsyncGenerator<Array<{ key: string; size: number; storageClass?: string; etag?: string }>> {
  let token: string | undefined;
  do {
    const page = await transport.listObjects({ bucket, prefix, continuationToken: token, maxKeys: 1000 });
    yield (page.Contents ?? []).flatMap((o) =>
      o.Key ? [{ key: o.Key, size: o.Size ?? 0, storageClass: o.StorageClass, etag: o.ETag }] : [],
    );
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/**
 * One page of a recursive search: everything under `prefix` (no delimiter), the keys whose path
 * below it matches. The caller pulls page after page, showing matches as they come, and stops
 * when it has enough or the user cancels.
 */
export async function searchPage(
  transport: S3Transport,
  request: { bucket: string; prefix: string; pattern: string; continuationToken?: string },
): Promise<{ matches: ObjectRow[]; scanned: number; nextToken?: string }> {
  const { bucket, prefix, continuationToken } = request;
  const matches = nameMatcher(request.pattern);
  const out = await transport.listObjects({
    bucket,
    prefix: prefix || undefined,
    continuationToken,
    maxKeys: 1000,
  });
  const contents = out.Contents ?? [];
  return {
    matches: contents
      .filter((o) => o.Key && o.Key !== prefix && matches(o.Key.slice(prefix.length)))
      .map((o) => ({
        key: o.Key!,
        size: o.Size ?? 0,
        lastModified: o.LastModified?.toISOString(),
        storageClass: o.StorageClass,
        etag: o.ETag,
      })),
    scanned: contents.length,
    nextToken: out.IsTruncated ? out.NextContinuationToken : undefined,
  };
}

/** One page of everything under a prefix (no delimiter), counted: objects and bytes. */
export async function measurePage(
  transport: S3Transport,
  request: { bucket: string; prefix: string; continuationToken?: string; versions?: boolean },
): Promise<FolderMeasure> {
  if (request.versions) return measureVersionsPage(transport, request);
  const { bucket, prefix, continuationToken } = request;
  const out = await transport.listObjects({ bucket, prefix, continuationToken, maxKeys: 1000 });
  const page: FolderMeasure = { objects: 0, bytes: 0, byClass: {} };
  for (const o of out.Contents ?? []) countObject(page, o.StorageClass, o.Size ?? 0);
  if (out.IsTruncated) page.nextToken = out.NextContinuationToken;
  return page;
}

function countObject(page: FolderMeasure, storageClass: string | undefined, size: number): void {
  const entry = (page.byClass[storageClass ?? 'STANDARD'] ??= { objects: 0, bytes: 0 });
  entry.objects++;
  entry.bytes += size;
  page.objects++;
  page.bytes += size;
}

/**
 * The same from ListObjectVersions: the latest version of each key counts as the object, older ones
 * and delete markers apart. Its continuation is both markers, carried as one opaque token.
 */
async function measureVersionsPage(
  transport: S3Transport,
  request: { bucket: string; prefix: string; continuationToken?: string },
): Promise<FolderMeasure> {
  const marker = request.continuationToken ? parseVersionsToken(request.continuationToken) : undefined;
  const listed = await listVersionsPage(transport, {
    bucket: request.bucket,
    prefix: request.prefix,
    delimiter: false,
    keyMarker: marker?.keyMarker,
    versionIdMarker: marker?.versionIdMarker,
  });
  const noncurrent = { versions: 0, bytes: 0 };
  let deleteMarkers = 0;
  const page: FolderMeasure = { objects: 0, bytes: 0, byClass: {}, noncurrent };
  for (const v of listed.versions) {
    if (v.deleteMarker) deleteMarkers++;
    else if (v.isLatest) countObject(page, v.storageClass, v.size);
    else {
      noncurrent.versions++;
      noncurrent.bytes += v.size;
    }
  }
  page.deleteMarkers = deleteMarkers;
  if (listed.next) page.nextToken = JSON.stringify(listed.next);
  return page;
}

function parseVersionsToken(token: string): { keyMarker: string; versionIdMarker?: string } {
  try {
    const parsed = JSON.parse(token) as { keyMarker?: unknown; versionIdMarker?: unknown };
    if (typeof parsed.keyMarker === 'string' && ['string', 'undefined'].includes(typeof parsed.versionIdMarker))
      return parsed as { keyMarker: string; versionIdMarker?: string };
  } catch {
    // said below
  }
  throw new S3RequestError('InvalidToken', 'That continuation token does not belong to a count of versions.');
}

export async function objectDetails(
  transport: S3Transport,
  bucket: string,
  key: string,
  versionId?: string,
): Promise<ObjectDetails> {
  const head = await transport.send<HeadObjectCommandOutput>(
    { operation: 'HeadObject', bucket, key },
    () => new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId, ChecksumMode: 'ENABLED' }),
  );
  let tags: Record<string, string> = {};
  try {
    const tagging = await transport.send<GetObjectTaggingCommandOutput>(
      { operation: 'GetObjectTagging', bucket, key },
      () => new GetObjectTaggingCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
    );
    tags = Object.fromEntries((tagging.TagSet ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  } catch {
    // Tags are optional detail: a denied or unsupported GetObjectTagging leaves them empty.
  }
  return {
    key,
    size: head.ContentLength,
    contentType: head.ContentType,
    etag: head.ETag,
    lastModified: head.LastModified?.toISOString(),
    storageClass: head.StorageClass ?? 'STANDARD',
    versionId: head.VersionId,
    restore: head.Restore,
    cacheControl: head.CacheControl,
    contentDisposition: head.ContentDisposition,
    contentEncoding: head.ContentEncoding,
    encryption: head.ServerSideEncryption
      ? `${head.ServerSideEncryption}${head.SSEKMSKeyId ? ` (${head.SSEKMSKeyId})` : ''}`
      : undefined,
    metadata: head.Metadata ?? {},
    tags,
    ...((head.ObjectLockMode || head.ObjectLockLegalHoldStatus) && { lock: lockOf(head) }),
    ...(checksumOf(head) && { checksum: checksumOf(head) }),
  };
}

const PREVIEW_BYTES = 1024 * 1024;

/** The first bytes of an object, for a preview: one ranged GET (an empty object answers 416). */
export async function objectPreview(
  transport: S3Transport,
  request: { bucket: string; key: string; maxBytes?: number; versionId?: string },
): Promise<ObjectPreview> {
  const { bucket, key, versionId } = request;
  const max = request.maxBytes ?? PREVIEW_BYTES;
  const out = await transport
    .getObject({ bucket, key, versionId, range: `bytes=0-${max - 1}` })
    .catch(async (error: S3RequestError) => {
      if (error.status !== 416) throw error;
      return transport.getObject({ bucket, key, versionId });
    });
  const pieces: Buffer[] = [];
  for await (const piece of out.Body ?? []) pieces.push(piece as Buffer);
  const bytes = Buffer.concat(pieces);
  const size = out.ContentRange ? Number(out.ContentRange.split('/')[1]) : bytes.length;
  return {
    contentType: out.ContentType,
    size,
    truncated: size > bytes.length,
    base64: bytes.toString('base64'),
    etag: out.ETag,
  };
}

/** The object's own checksum as HEAD says it (asked for with checksum mode), in words. */
function checksumOf(head: HeadObjectCommandOutput): string | undefined {
  const found = (
    [
      ['CRC32', head.ChecksumCRC32],
      ['CRC32C', head.ChecksumCRC32C],
      ['CRC64NVME', head.ChecksumCRC64NVME],
      ['SHA-1', head.ChecksumSHA1],
      ['SHA-256', head.ChecksumSHA256],
    ] as const
  ).find(([, value]) => value);
  if (!found) return undefined;
  const [name, value] = found;
  const parts = /-(\d+)$/.exec(value!)?.[1];
  const composite = head.ChecksumType === 'COMPOSITE' || parts !== undefined;
  return `${name} ${value}${composite ? ` (of its ${parts ? `${parts} ` : ''}parts' checksums)` : ' (of the whole object)'}`;
}
