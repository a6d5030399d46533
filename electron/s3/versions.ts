// Versions: every version and delete marker of a bucket's keys, and what can be done with them —
// read one, revert to one (a copy over the latest: nothing destroyed), undelete (remove the delete
// marker on top), purge (delete versions for good). Every call goes through the transport, so a
// version id survives 301s and 307s like any request and each one is in the request log.
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  type CopyObjectCommandOutput,
  type DeleteObjectsCommandOutput,
  type GetBucketVersioningCommandOutput,
  type HeadObjectCommandOutput,
  type StorageClass,
} from '@aws-sdk/client-s3';
import type { BucketVersioning, VersionRow, VersionsDeleted, VersionsPage } from '../contract.js';
import { compareKeys } from '../store/key-index.js';
import { entryMessage } from './errors.js';
import type { S3Transport } from './transport.js';

export async function getVersioning(transport: S3Transport, bucket: string): Promise<BucketVersioning> {
  const out = await transport.send<GetBucketVersioningCommandOutput>(
    { operation: 'GetBucketVersioning', bucket },
    () => new GetBucketVersioningCommand({ Bucket: bucket }),
  );
  return {
    status: out.Status === 'Enabled' || out.Status === 'Suspended' ? out.Status : 'Never',
    mfaDelete: out.MFADelete === 'Enabled',
  };
}

/** Enabled or Suspended; a bucket can never go back to "never enabled". */
export async function setVersioning(
  transport: S3Transport,
  bucket: string,
  status: 'Enabled' | 'Suspended',
): Promise<BucketVersioning> {
  await transport.send(
    { operation: 'PutBucketVersioning', bucket },
    () => new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: status } }),
  );
  return getVersioning(transport, bucket);
}

/**
 * One page of ListObjectVersions: versions and delete markers in S3's order (keys ascending,
 * each key's versions newest first), folders as common prefixes when `delimiter` is set.
 */
export async function listVersionsPage(
  transport: S3Transport,
  request: {
    bucket: string;
    prefix: string;
    delimiter?: boolean;
    keyMarker?: string;
    versionIdMarker?: string;
    pageSize?: number;
  },
): Promise<VersionsPage> {
  const { bucket, prefix } = request;
  const out = await transport.listVersions({
    bucket,
    prefix: prefix || undefined,
    delimiter: request.delimiter === false ? undefined : '/',
    keyMarker: request.keyMarker,
    versionIdMarker: request.versionIdMarker,
    maxKeys: request.pageSize ?? 1000,
  });
  const rows: VersionRow[] = [
    ...(out.Versions ?? []).map((v): VersionRow => ({
      key: v.Key ?? '',
      versionId: v.VersionId ?? 'null',
      isLatest: v.IsLatest === true,
      deleteMarker: false,
      size: v.Size ?? 0,
      lastModified: v.LastModified?.toISOString(),
      storageClass: v.StorageClass,
      etag: v.ETag,
    })),
    ...(out.DeleteMarkers ?? []).map((m): VersionRow => ({
      key: m.Key ?? '',
      versionId: m.VersionId ?? 'null',
      isLatest: m.IsLatest === true,
      deleteMarker: true,
      size: 0,
      lastModified: m.LastModified?.toISOString(),
    })),
  ];
  // The SDK parses versions and markers into two lists; S3 sent them interleaved, keys ascending
  // and each key's newest first. Put that order back (a stable sort keeps S3's order per key).
  const keysInOrder = [...new Set(rows.map((r) => r.key))].sort(compareKeys);
  const rank = new Map(keysInOrder.map((k, i) => [k, i]));
  rows.sort((a, b) => rank.get(a.key)! - rank.get(b.key)! || byDateDesc(a, b));
  return {
    bucket,
    prefix,
    folders: (out.CommonPrefixes ?? []).map((p) => p.Prefix ?? '').filter(Boolean),
    // A folder's own marker object ("photos/" in photos/) is the folder, not a row in it.
    versions: request.delimiter === false || !prefix.endsWith('/') ? rows : rows.filter((r) => r.key !== prefix),
    next: out.IsTruncated
      ? { keyMarker: out.NextKeyMarker ?? '', versionIdMarker: out.NextVersionIdMarker }
      : undefined,
  };
}

function byDateDesc(a: VersionRow, b: VersionRow): number {
  if (a.isLatest !== b.isLatest) return a.isLatest ? -1 : 1;
  return (b.lastModified ?? '').localeCompare(a.lastModified ?? '');
}

/** Every version and delete marker under a prefix (no delimiter), a page at a time. */
export async function* versionsUnder(
  transport: S3Transport,
  bucket: string,
  prefix: string,
): AsyncGenerator<VersionRow[]> {
  let next: VersionsPage['next'];
  do {
    const page = await listVersionsPage(transport, {
      bucket,
      prefix,
      delimiter: false,
      keyMarker: next?.keyMarker,
      versionIdMarker: next?.versionIdMarker,
    });
    yield page.versions;
    next = page.next;
  } while (next);
}

/** The versions of one key, newest first (a prefix listing, keeping only that key). */
export async function versionsOfKey(transport: S3Transport, bucket: string, key: string): Promise<VersionRow[]> {
  const found: VersionRow[] = [];
  for await (const page of versionsUnder(transport, bucket, key)) {
    found.push(...page.filter((v) => v.key === key));
    // Keys after this one in the prefix listing ("a.txt.bak" after "a.txt") end the search.
    if (page.some((v) => compareKeys(v.key, key) > 0)) break;
  }
  return found;
}

/**
 * Revert: copy an older version over the latest. The result is a new latest version with the old
 * bytes, Content-Type, metadata and tags (S3's COPY directives), in the old version's storage
 * class; nothing is deleted.
 */
export async function revertToVersion(
  transport: S3Transport,
  bucket: string,
  key: string,
  versionId: string,
): Promise<{ versionId?: string }> {
  const head = await transport.send<HeadObjectCommandOutput>(
    { operation: 'HeadObject', bucket, key },
    () => new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
  );
  const source = `${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}?versionId=${encodeURIComponent(versionId)}`;
  const out = await transport.send<CopyObjectCommandOutput>(
    { operation: 'CopyObject', bucket, key },
    () =>
      new CopyObjectCommand({
        Bucket: bucket,
        Key: key,
        CopySource: source,
        StorageClass:
          head.StorageClass && head.StorageClass !== 'STANDARD' ? (head.StorageClass as StorageClass) : undefined,
      }),
  );
  return { versionId: out.VersionId };
}

export type VersionDeleteResult = VersionsDeleted;

/**
 * Delete versions for good (or delete markers, which undeletes), 1,000 per request; with
 * `bypassGovernance`, those under governance retention too (Object Lock).
 */
export async function deleteVersions(
  transport: S3Transport,
  bucket: string,
  versions: Array<{ key: string; versionId: string }>,
  options: { bypassGovernance?: boolean } = {},
): Promise<VersionDeleteResult> {
  const result: VersionDeleteResult = { deleted: 0, errors: [] };
  for (let i = 0; i < versions.length; i += 1000) {
    const batch = versions.slice(i, i + 1000);
    const out = await transport.send<DeleteObjectsCommandOutput>(
      { operation: 'DeleteObjects', bucket, bytes: batch.length },
      () =>
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: batch.map((v) => ({ Key: v.key, VersionId: v.versionId })), Quiet: true },
          BypassGovernanceRetention: options.bypassGovernance || undefined,
        }),
    );
    for (const e of out.Errors ?? [])
      result.errors.push({
        key: e.Key ?? '',
        versionId: e.VersionId,
        code: e.Code ?? 'Error',
        message: entryMessage(e.Message),
      });
    result.deleted += batch.length - (out.Errors?.length ?? 0);
  }
  return result;
}

/**
 * Undelete: for each key given, and each key under each prefix given, whose latest version is a
 * delete marker, remove that marker. Returns how many objects came back.
 */
export async function undelete(
  transport: S3Transport,
  bucket: string,
  target: { keys?: string[]; prefixes?: string[] },
): Promise<VersionDeleteResult> {
  const markers: Array<{ key: string; versionId: string }> = [];
  for (const key of target.keys ?? []) {
    const latest = (await versionsOfKey(transport, bucket, key)).find((v) => v.isLatest);
    if (latest?.deleteMarker) markers.push({ key, versionId: latest.versionId });
  }
  for (const prefix of target.prefixes ?? [])
    for await (const page of versionsUnder(transport, bucket, prefix))
      for (const v of page) if (v.isLatest && v.deleteMarker) markers.push({ key: v.key, versionId: v.versionId });
  return deleteVersions(transport, bucket, markers);
}

/**
 * What purging a folder's old versions would delete and free: non-current versions (`versions`,
 * `bytes`) and non-current delete markers (`oldMarkers`); `deleteMarkers` counts every marker,
 * the latest ones too (which a purge keeps: those objects stay deleted).
 */
export async function measureOldVersions(
  transport: S3Transport,
  bucket: string,
  prefix: string,
): Promise<{ versions: number; deleteMarkers: number; oldMarkers: number; bytes: number }> {
  const sum = { versions: 0, deleteMarkers: 0, oldMarkers: 0, bytes: 0 };
  for await (const page of versionsUnder(transport, bucket, prefix))
    for (const v of page) {
      if (v.isLatest && !v.deleteMarker) continue;
      if (v.deleteMarker) {
        sum.deleteMarkers++;
        if (!v.isLatest) sum.oldMarkers++;
      } else {
        sum.versions++;
        sum.bytes += v.size;
      }
    }
  return sum;
}

/**
 * Purge a folder's history: every non-current version, for good. Latest delete markers stay (the
 * objects stay deleted), so only what the user cannot see any more goes.
 */
export async function purgeOldVersions(
  transport: S3Transport,
  bucket: string,
  prefix: string,
): Promise<VersionDeleteResult> {
  const old: Array<{ key: string; versionId: string }> = [];
  for await (const page of versionsUnder(transport, bucket, prefix))
    for (const v of page) if (!v.isLatest) old.push({ key: v.key, versionId: v.versionId });
  return deleteVersions(transport, bucket, old);
}
