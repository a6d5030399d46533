// Object Lock through the transport: a bucket's setting read and changed, one version's retention
// and legal hold read (from HEAD, which says both) and changed. Every change is checked in words
// first (electron/shared/object-lock.ts) against what S3 holds now, so a refusal S3 would give is
// said before anything is sent.
import {
  GetObjectLockConfigurationCommand,
  HeadObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectLockConfigurationCommand,
  PutObjectRetentionCommand,
  type GetObjectLockConfigurationCommandOutput,
  type HeadObjectCommandOutput,
} from '@aws-sdk/client-s3';
import {
  bucketLockProblem,
  lockChangeProblem,
  type BucketLock,
  type LockMode,
  type ObjectLockChange,
  type ObjectLockState,
} from '../shared/object-lock.js';
import { ConcurrencyLimit } from '../transfers/limit.js';
import { S3RequestError } from './errors.js';
import type { S3Transport } from './transport.js';

/** What HEAD says of a version's lock. */
export function lockOf(head: HeadObjectCommandOutput): ObjectLockState {
  return {
    mode: head.ObjectLockMode as LockMode | undefined,
    retainUntil: head.ObjectLockRetainUntilDate?.toISOString(),
    legalHold: head.ObjectLockLegalHoldStatus === 'ON',
  };
}

/** A GetObjectLockConfiguration answer as the app says it. */
export function bucketLockOf(answer: GetObjectLockConfigurationCommandOutput): BucketLock | null {
  const config = answer.ObjectLockConfiguration;
  if (config?.ObjectLockEnabled !== 'Enabled') return null;
  const rule = config.Rule?.DefaultRetention;
  if (!rule?.Mode) return {};
  // Some stores answer both, the other as 0 (moto: Years 0 beside Days 3).
  const period = rule.Days ? { days: rule.Days } : { years: rule.Years };
  return { defaultRetention: { mode: rule.Mode as LockMode, ...period } };
}

/** The bucket's Object Lock: null when it is off. */
export async function readBucketLock(transport: S3Transport, bucket: string): Promise<BucketLock | null> {
  try {
    return bucketLockOf(
      await transport.send<GetObjectLockConfigurationCommandOutput>(
        { operation: 'GetObjectLockConfiguration', bucket },
        () => new GetObjectLockConfigurationCommand({ Bucket: bucket }),
      ),
    );
  } catch (error) {
    if ((error as S3RequestError).code === 'ObjectLockConfigurationNotFoundError') return null;
    throw error;
  }
}

/**
 * Turns Object Lock on (for good: S3 never turns it off; the bucket must be versioned) with the
 * given default retention for new objects, or changes that default.
 */
export async function putBucketLock(transport: S3Transport, bucket: string, lock: BucketLock): Promise<void> {
  const problem = bucketLockProblem(lock);
  if (problem) throw new S3RequestError('InvalidObjectLock', problem, 400);
  const rule = lock.defaultRetention;
  await transport.send(
    { operation: 'PutObjectLockConfiguration', bucket },
    () =>
      new PutObjectLockConfigurationCommand({
        Bucket: bucket,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          ...(rule && { Rule: { DefaultRetention: { Mode: rule.mode, Days: rule.days, Years: rule.years } } }),
        },
      }),
  );
}

/** One version's lock (the latest without a version id), with the version it is. */
export async function readObjectLock(
  transport: S3Transport,
  bucket: string,
  key: string,
  versionId?: string,
): Promise<ObjectLockState & { versionId?: string }> {
  const head = await transport.send<HeadObjectCommandOutput>(
    { operation: 'HeadObject', bucket, key },
    () => new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
  );
  return { ...lockOf(head), versionId: head.VersionId };
}

/**
 * What Object Lock keeps of each version (HEAD each, a few at a time), in order: null for a
 * version HEAD cannot tell of (a delete marker, one gone meanwhile), nothing locked as an empty lock.
 */
export async function versionLocks(
  transport: S3Transport,
  bucket: string,
  versions: Array<{ key: string; versionId: string }>,
): Promise<Array<ObjectLockState | null>> {
  const limit = new ConcurrencyLimit(8);
  return Promise.all(
    versions.map(({ key, versionId }) =>
      limit.run(() =>
        readObjectLock(transport, bucket, key, versionId).then(
          ({ mode, retainUntil, legalHold }): ObjectLockState => ({ mode, retainUntil, legalHold }),
          () => null,
        ),
      ),
    ),
  );
}

/**
 * Changes one version's legal hold and retention, checked first against the lock it has now.
 * Without a version id it is the latest version's, pinned to its id before anything changes, so
 * a write landing meanwhile is never the one locked. Answers the lock as S3 then holds it.
 */
export async function changeObjectLock(
  transport: S3Transport,
  target: { bucket: string; key: string; versionId?: string },
  change: ObjectLockChange,
): Promise<ObjectLockState & { versionId?: string }> {
  const { bucket, key } = target;
  const current = await readObjectLock(transport, bucket, key, target.versionId);
  const problem = lockChangeProblem(change, current);
  if (problem) throw new S3RequestError('InvalidObjectLock', problem, 400);
  const VersionId = target.versionId ?? current.versionId;
  if (change.legalHold !== undefined)
    await transport.send(
      { operation: 'PutObjectLegalHold', bucket, key },
      () =>
        new PutObjectLegalHoldCommand({
          Bucket: bucket,
          Key: key,
          VersionId,
          LegalHold: { Status: change.legalHold ? 'ON' : 'OFF' },
        }),
    );
  if (change.retention !== undefined) {
    const next = change.retention;
    await transport.send(
      { operation: 'PutObjectRetention', bucket, key },
      () =>
        new PutObjectRetentionCommand({
          Bucket: bucket,
          Key: key,
          VersionId,
          Retention: next ? { Mode: next.mode, RetainUntilDate: new Date(next.until) } : {},
          BypassGovernanceRetention: change.bypassGovernance || undefined,
        }),
    );
  }
  return readObjectLock(transport, bucket, key, VersionId);
}
