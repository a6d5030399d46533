// Changing what is in S3: buckets, folders, deletions, and share links signed for the bucket's
// own region. Every call goes through the transport, so each appears in the request log.
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  type DeleteObjectsCommandOutput,
  type ListBucketsCommandOutput,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BucketSummary } from '../contract.js';
import { objectsUnder } from './browse.js';
import { nameProblem } from '../shared/object-names.js';
import { entryMessage, S3RequestError } from './errors.js';
import type { S3Transport } from './transport.js';

/** The connection's buckets, with the region S3 names for each (remembered by the transport). */
export async function listBuckets(transport: S3Transport): Promise<BucketSummary[]> {
  const out = await transport.send<ListBucketsCommandOutput>(
    { operation: 'ListBuckets' },
    () => new ListBucketsCommand({}),
  );
  return (out.Buckets ?? []).map((b) => {
    const name = b.Name ?? '';
    if (b.BucketRegion) transport.rememberRegion(name, b.BucketRegion);
    return { name, createdAt: b.CreationDate?.toISOString(), region: b.BucketRegion ?? transport.knownRegion(name) };
  });
}

/** A bucket in `region`; with `objectLock`, Object Lock on from the start (and so versioned, for good). */
export async function createBucket(
  transport: S3Transport,
  bucket: string,
  region: string,
  options: { objectLock?: boolean } = {},
): Promise<BucketSummary> {
  await transport.send(
    { operation: 'CreateBucket', bucket, region },
    () =>
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: region === 'us-east-1' ? undefined : { LocationConstraint: region as never },
        ObjectLockEnabledForBucket: options.objectLock || undefined,
      }),
  );
  transport.rememberRegion(bucket, region);
  return { name: bucket, region, createdAt: new Date().toISOString() };
}

export async function deleteBucket(transport: S3Transport, bucket: string): Promise<void> {
  await transport.send({ operation: 'DeleteBucket', bucket }, () => new DeleteBucketCommand({ Bucket: bucket }));
}

/**
 * A folder is a zero-byte object whose key ends in `/` — written only when nothing is under that
 * prefix yet: S3 has no folders, so a marker put into one that exists would only add an object
 * (the window and the terminal both ask here; the window also says so before asking). Its last
 * name is checked as the window's dialog checks it.
 */
export async function createFolder(
  transport: S3Transport,
  bucket: string,
  prefix: string,
): Promise<{ created: boolean; key: string }> {
  const key = prefix.endsWith('/') ? prefix : `${prefix}/`;
  const parent = key.slice(0, key.lastIndexOf('/', key.length - 2) + 1);
  const problem = nameProblem(key.slice(parent.length, -1), parent, true);
  if (problem) throw new S3RequestError('InvalidFolderName', problem);
  const there = await transport.listObjects({ bucket, prefix: key, maxKeys: 1 });
  if (there.Contents?.length || there.CommonPrefixes?.length) return { created: false, key };
  await transport.send(
    { operation: 'PutObject', bucket, key },
    () => new PutObjectCommand({ Bucket: bucket, Key: key, Body: '' }),
  );
  return { created: true, key };
}

export interface DeleteResult {
  deleted: string[];
  errors: Array<{ key: string; code: string; message: string }>;
}

/** Delete keys, and everything under the given prefixes, 1,000 keys per request. */
export async function deleteObjects(
  transport: S3Transport,
  bucket: string,
  keys: string[],
  prefixes: string[] = [],
): Promise<DeleteResult> {
  const all = [...keys];
  for (const prefix of prefixes) {
    for await (const page of objectsUnder(transport, bucket, prefix)) all.push(...page.map((o) => o.key));
  }
  const result: DeleteResult = { deleted: [], errors: [] };
  for (let i = 0; i < all.length; i += 1000) {
    const batch = all.slice(i, i + 1000);
    const out = await transport.send<DeleteObjectsCommandOutput>(
      { operation: 'DeleteObjects', bucket, bytes: batch.length },
      () =>
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
    );
    const failed = new Set<string>();
    for (const e of out.Errors ?? []) {
      failed.add(e.Key ?? '');
      result.errors.push({ key: e.Key ?? '', code: e.Code ?? 'Error', message: entryMessage(e.Message) });
    }
    result.deleted.push(...batch.filter((k) => !failed.has(k)));
  }
  return result;
}

export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/** The bucket's region, learned first (a HEAD, paying its 301 once) when it is not known yet. */
async function regionOf(transport: S3Transport, bucket: string): Promise<string> {
  const known = transport.knownRegion(bucket);
  if (known) return known;
  await transport
    .send({ operation: 'HeadBucket', bucket }, () => new HeadBucketCommand({ Bucket: bucket }))
    .catch(() => undefined);
  return transport.regionFor(bucket);
}

/**
 * The object's plain URL, as the console's "Object URL": the bucket's endpoint by the SDK's own
 * rules (virtual-hosted or path-style, in the bucket's region) and the key, each segment
 * percent-encoded. It opens only what is public; a share link is what opens the rest.
 */
export async function objectUrl(
  transport: S3Transport,
  bucket: string,
  key: string,
): Promise<{ url: string; region: string }> {
  const region = await regionOf(transport, bucket);
  const endpoint = await transport.objectEndpoint(region, bucket);
  if (!endpoint)
    throw new S3RequestError(
      'NoPlainUrl',
      `Objects in ${bucket} have no plain URL (a directory bucket's requests need a session): make a share link instead.`,
    );
  const base = endpoint.href.replace(/\/$/, '');
  return { url: `${base}/${key.split('/').map(encodeURIComponent).join('/')}`, region };
}

/**
 * A GET link anyone can use until it expires. It must be signed for the bucket's own region (a
 * link signed for the wrong region only ever answers 400), so the region is learned first.
 */
export async function presignDownload(
  transport: S3Transport,
  bucket: string,
  key: string,
  expiresInSeconds: number,
  versionId?: string,
): Promise<{ url: string; region: string; expiresAt: string }> {
  if (!transport.connection.credentials)
    throw new S3RequestError(
      'AnonymousConnection',
      'Share links need credentials: an anonymous connection cannot sign them.',
    );
  const region = await regionOf(transport, bucket);
  // Signing needs no request, so a link to nothing (a mistyped key, an object deleted meanwhile)
  // was handed out as one anyone could read: it is looked for first.
  await transport
    .send(
      { operation: 'HeadObject', bucket, key },
      () => new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
    )
    .catch((error: S3RequestError) => {
      if (error.status !== 404) throw error;
      throw new S3RequestError(
        'NoSuchKey',
        `There is no object s3://${bucket}/${key}${versionId ? ` (version ${versionId})` : ''}: a link to it would only answer 404.`,
        404,
        'Check the key, or refresh the listing.',
      );
    });
  const url = await getSignedUrl(
    transport.clientFor(region, bucket),
    new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
    { expiresIn: expiresInSeconds },
  );
  return { url, region, expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString() };
}
