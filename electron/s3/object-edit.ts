// Changing what an object is without touching its bytes: its standard headers, user metadata and
// storage class (a copy onto itself with REPLACE, which on a versioned bucket makes a new
// version), its tags (PutObjectTagging: no copy), and restores from Glacier.
import {
  CopyObjectCommand,
  DeleteObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  RestoreObjectCommand,
  type HeadObjectCommandOutput,
  type PutObjectCommandOutput,
  type ServerSideEncryption,
  type StorageClass,
  type Tier,
} from '@aws-sdk/client-s3';
import type { ObjectEdit, RestoreAnswer } from '../contract.js';
import { copySource, describedBy, MAX_SINGLE_COPY, taggingOf } from '../transfers/copy.js';
import { objectsUnder } from './browse.js';
import { S3RequestError } from './errors.js';
import type { S3Transport } from './transport.js';

/**
 * An edit is a copy in place: everything not named in `edit` is kept as it is (Content-Type
 * included, the classic way such edits lose it), tags are kept, and so is the encryption.
 */
export async function editObject(
  transport: S3Transport,
  bucket: string,
  key: string,
  edit: ObjectEdit,
): Promise<{ versionId?: string }> {
  const head = await transport.send<HeadObjectCommandOutput>(
    { operation: 'HeadObject', bucket, key },
    () => new HeadObjectCommand({ Bucket: bucket, Key: key }),
  );
  if ((head.ContentLength ?? 0) > MAX_SINGLE_COPY)
    throw new S3RequestError(
      'TooLargeToEdit',
      'Objects over 5 GiB cannot be edited in place (S3 copies at most 5 GiB at once).',
      400,
    );
  const pick = <T>(given: T | undefined, kept: T | undefined) =>
    given === undefined ? kept : given === '' ? undefined : given;
  const storageClass = edit.storageClass ?? head.StorageClass ?? 'STANDARD';
  const out = await transport.send(
    { operation: 'CopyObject', bucket, key },
    () =>
      new CopyObjectCommand({
        Bucket: bucket,
        Key: key,
        CopySource: copySource(bucket, key),
        CopySourceIfMatch: head.ETag,
        MetadataDirective: 'REPLACE',
        TaggingDirective: 'COPY',
        ContentType: pick(edit.contentType, head.ContentType),
        CacheControl: pick(edit.cacheControl, head.CacheControl),
        ContentDisposition: pick(edit.contentDisposition, head.ContentDisposition),
        ContentEncoding: pick(edit.contentEncoding, head.ContentEncoding),
        ContentLanguage: pick(edit.contentLanguage, head.ContentLanguage),
        Expires: edit.expires === undefined ? head.Expires : edit.expires === '' ? undefined : new Date(edit.expires),
        Metadata: edit.metadata ?? head.Metadata,
        StorageClass: storageClass === 'STANDARD' && !head.StorageClass ? undefined : (storageClass as StorageClass),
        ...(head.ServerSideEncryption?.startsWith('aws:kms')
          ? { ServerSideEncryption: head.ServerSideEncryption as ServerSideEncryption, SSEKMSKeyId: head.SSEKMSKeyId }
          : {}),
      }),
  );
  return { versionId: (out as { VersionId?: string }).VersionId };
}

/**
 * An edited text saved over the version it was read from: If-Match on that ETag, so a change made
 * meanwhile is never overwritten (412). What the object is (Content-Type and the other headers,
 * metadata, tags, storage class, KMS encryption) is read first and kept.
 */
export async function saveText(
  transport: S3Transport,
  bucket: string,
  key: string,
  text: string,
  ifMatch: string,
): Promise<{ etag?: string; versionId?: string }> {
  const head = await transport.send<HeadObjectCommandOutput>(
    { operation: 'HeadObject', bucket, key },
    () => new HeadObjectCommand({ Bucket: bucket, Key: key }),
  );
  if (head.ETag !== ifMatch)
    throw new S3RequestError(
      'PreconditionFailed',
      `${key} was changed after you opened it (someone else saved it meanwhile).`,
      412,
    );
  const tags = await taggingOf(transport, bucket, key);
  const body = Buffer.from(text, 'utf8');
  const out = await transport.send<PutObjectCommandOutput>(
    { operation: 'PutObject', bucket, key, bytes: body.length },
    () =>
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        IfMatch: ifMatch,
        ContentType: head.ContentType,
        ...describedBy(head, tags),
        ...(head.ServerSideEncryption?.startsWith('aws:kms')
          ? { ServerSideEncryption: head.ServerSideEncryption as ServerSideEncryption, SSEKMSKeyId: head.SSEKMSKeyId }
          : {}),
      }),
  );
  return { etag: out.ETag, versionId: out.VersionId };
}

/** Replaces an object's tags; none removes them (DeleteObjectTagging: moto answered an empty TagSet with a 500). */
export async function putTags(
  transport: S3Transport,
  bucket: string,
  key: string,
  tags: Record<string, string>,
): Promise<void> {
  if (Object.keys(tags).length === 0) {
    await transport.send(
      { operation: 'DeleteObjectTagging', bucket, key },
      () => new DeleteObjectTaggingCommand({ Bucket: bucket, Key: key }),
    );
    return;
  }
  await transport.send(
    { operation: 'PutObjectTagging', bucket, key },
    () =>
      new PutObjectTaggingCommand({
        Bucket: bucket,
        Key: key,
        Tagging: { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
      }),
  );
}

const COLD = ['GLACIER', 'DEEP_ARCHIVE'];

/**
 * Restore from Glacier: each key given, and each archived object under each prefix given (found by
 * listing; objects in other classes are left alone and counted).
 */
export async function restoreObjects(
  transport: S3Transport,
  bucket: string,
  request: { keys: string[]; prefixes: string[]; days: number; tier: 'Expedited' | 'Standard' | 'Bulk' },
): Promise<RestoreAnswer> {
  const answer: RestoreAnswer = { started: 0, alreadyRestored: 0, inProgress: 0, notArchived: 0, errors: [] };
  const targets = [...request.keys];
  for (const prefix of request.prefixes)
    for await (const page of objectsUnder(transport, bucket, prefix))
      for (const o of page) {
        if (COLD.includes(o.storageClass ?? '')) targets.push(o.key);
        else answer.notArchived++;
      }
  for (const key of targets) {
    try {
      const out = await transport.send(
        { operation: 'RestoreObject', bucket, key },
        () =>
          new RestoreObjectCommand({
            Bucket: bucket,
            Key: key,
            RestoreRequest: { Days: request.days, GlacierJobParameters: { Tier: request.tier as Tier } },
          }),
      );
      if (out.$metadata.httpStatusCode === 200) answer.alreadyRestored++;
      else answer.started++;
    } catch (error) {
      const e = error as S3RequestError;
      if (e.code === 'RestoreAlreadyInProgress') answer.inProgress++;
      else if (e.code === 'InvalidObjectState' && request.prefixes.length === 0 && request.keys.length === 1)
        throw new S3RequestError('NotArchived', `${key} is not in Glacier: it can be read as it is.`, 400);
      else if (e.code === 'InvalidObjectState') answer.notArchived++;
      else answer.errors.push({ key, code: e.code, message: e.message });
    }
  }
  return answer;
}
