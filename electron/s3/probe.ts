// The bucket probe: where a bucket lives, what kind of bucket it is, and what this identity may do
// with it, in words. HeadBucket answers 200/301/400/403 with x-amz-bucket-region even when access
// is denied, so it is the probe (GetBucketLocation is not authorized cross-account).
import {
  GetBucketAclCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  type HeadBucketCommandOutput,
} from '@aws-sdk/client-s3';
import type { AccessMode, AccessVerdict, PermissionCheck, ProbeDepth, ProbeResult } from '../contract.js';
import { parseDirectoryBucket } from './endpoints.js';
import { S3RequestError } from './errors.js';
import type { AnyCommand, S3Transport } from './transport.js';
import { withHint } from '../shared/bridge-error.js';

/** Errors that prove the call was authorized: the thing asked about simply is not configured. */
const ALLOWED_BUT_ABSENT = new Set([
  'NoSuchTagSet',
  'NoSuchCORSConfiguration',
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchBucketPolicy',
]);

export async function probeBucket(
  transport: S3Transport,
  bucket: string,
  options: { expectedOwner?: string; depth?: ProbeDepth } = {},
): Promise<ProbeResult> {
  const depth = options.depth ?? 'full';
  const directory = parseDirectoryBucket(bucket);
  const cachedRegion = transport.knownRegion(bucket);
  const result: ProbeResult = {
    bucket,
    depth,
    region: directory?.region ?? cachedRegion,
    regionSource: directory ? 'directory-zone' : cachedRegion ? 'cache' : 'unknown',
    locationType: directory?.locationType ?? 'Region',
    locationName: directory?.zoneId,
    access: { verdict: 'error', explanation: '' },
    permissions: [],
    probedAt: Date.now(),
  };

  try {
    const head = await transport.send<HeadBucketCommandOutput>(
      { operation: 'HeadBucket', bucket },
      () => new HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner: options.expectedOwner }),
    );
    if (head.BucketRegion) {
      result.region = head.BucketRegion;
      if (result.regionSource !== 'directory-zone') result.regionSource = 'header';
    }
    if (head.BucketLocationType) result.locationType = head.BucketLocationType as ProbeResult['locationType'];
    result.locationName = head.BucketLocationName ?? result.locationName ?? result.region;
    result.accessPointAlias = head.AccessPointAlias;
    result.bucketArn = (head as { BucketArn?: string }).BucketArn;
    result.access = {
      status: 200,
      verdict: 'ok',
      explanation: `200 OK: the bucket exists in ${result.region ?? 'its region'} and this identity may access it.`,
    };
    if (options.expectedOwner) result.expectedOwner = { account: options.expectedOwner, matches: true };
  } catch (error) {
    const e = error instanceof S3RequestError ? error : new S3RequestError('Error', String((error as Error).message));
    if (e.regionHint && !directory) {
      result.region = e.regionHint;
      result.regionSource = 'header';
      transport.rememberRegion(bucket, e.regionHint);
    }
    if (result.locationType === 'Region') result.locationName = result.region;
    result.access = explainFailure(e, result.region, options.expectedOwner);
    if (options.expectedOwner && e.status === 403)
      result.expectedOwner = { account: options.expectedOwner, matches: false };
  }

  if (depth === 'full' && (result.access.verdict === 'ok' || result.access.verdict === 'forbidden')) {
    result.permissions = await checkPermissions(transport, bucket, Boolean(directory));
    result.mode = accessMode(result.permissions, transport.anonymous);
    if (result.access.verdict === 'ok' && result.mode === 'read-write') {
      result.access.explanation = `200 OK: the bucket exists in ${result.region ?? 'its region'}, and this identity may list, read and change it.`;
    }
    if (result.access.verdict === 'ok' && result.mode === 'read-only') {
      result.access.explanation = `200 OK: the bucket exists in ${result.region ?? 'its region'}. Read-only: you may list and read, not change (this identity may not read the bucket's own settings, as its owner could).`;
    }
  } else if (result.access.verdict === 'forbidden') {
    result.mode = 'none';
  }
  return result;
}

/**
 * Whether to offer changes. The checks are read-only, so writing is never tried: an identity that
 * may read the bucket's ACL or versioning (owner-level reads) is taken to own or administer it;
 * one that may only list is read-only (another account's public bucket); anonymous is read-only.
 */
export function accessMode(permissions: PermissionCheck[], anonymous: boolean): AccessMode {
  const allowed = (action: string) => permissions.find((p) => p.action === action)?.allowed === true;
  const list = allowed('s3:ListBucket');
  if (!list) return 'none';
  if (anonymous) return 'read-only';
  const ownerReads = ['s3:GetBucketAcl', 's3:GetBucketVersioning'].some((a) => permissions.some((p) => p.action === a));
  // Directory buckets have no bucket-level settings to read: listing them is what owners do.
  if (!ownerReads) return 'read-write';
  return allowed('s3:GetBucketAcl') || allowed('s3:GetBucketVersioning') ? 'read-write' : 'read-only';
}

function explainFailure(
  error: S3RequestError,
  region: string | undefined,
  expectedOwner?: string,
): ProbeResult['access'] {
  const where = region ? ` in ${region}` : '';
  const verdicts: Record<number, { verdict: AccessVerdict; explanation: string }> = {
    403: {
      verdict: 'forbidden',
      explanation: expectedOwner
        ? `403 Forbidden: the bucket exists${where}, but either it is not owned by account ${expectedOwner} or this identity may not read it.`
        : `403 Forbidden: the bucket exists${where}, but this identity may not read it. Ask its owner for s3:ListBucket, or check your IAM policy.`,
    },
    404: {
      verdict: 'not-found',
      explanation: '404 Not Found: no bucket by this name exists (or it was just deleted). Check the spelling.',
    },
    400: {
      verdict: 'bad-request',
      explanation: `400 Bad Request: S3 refused the request as sent${where}. The region, the credentials' format or the bucket name may be wrong.`,
    },
    301: {
      verdict: 'redirect',
      explanation: `301 Moved Permanently: the bucket lives${where}; requests must go to that region.`,
    },
  };
  const known = error.status !== undefined ? verdicts[error.status] : undefined;
  if (known) return { status: error.status, ...known };
  if (error.code === 'RedirectRefused')
    return { status: error.status, verdict: 'redirect', explanation: error.message };
  return {
    status: error.status,
    verdict: 'error',
    explanation: withHint(error.message, error.hint),
  };
}

/** Read-only calls that tell, one by one, what this identity may do with the bucket. */
async function checkPermissions(
  transport: S3Transport,
  bucket: string,
  directory: boolean,
): Promise<PermissionCheck[]> {
  const Bucket = bucket;
  // [IAM action, the S3 operation that exercises it, the command]
  const checks: Array<[string, string, () => AnyCommand]> = [
    ['s3:ListBucket', 'ListObjectsV2', () => new ListObjectsV2Command({ Bucket, MaxKeys: 1 })],
  ];
  if (!directory) {
    checks.push(
      ['s3:GetBucketLocation', 'GetBucketLocation', () => new GetBucketLocationCommand({ Bucket })],
      ['s3:GetBucketVersioning', 'GetBucketVersioning', () => new GetBucketVersioningCommand({ Bucket })],
      ['s3:GetBucketAcl', 'GetBucketAcl', () => new GetBucketAclCommand({ Bucket })],
      ['s3:GetBucketTagging', 'GetBucketTagging', () => new GetBucketTaggingCommand({ Bucket })],
      ['s3:GetEncryptionConfiguration', 'GetBucketEncryption', () => new GetBucketEncryptionCommand({ Bucket })],
      ['s3:GetBucketCORS', 'GetBucketCors', () => new GetBucketCorsCommand({ Bucket })],
    );
  }
  return Promise.all(
    checks.map(async ([action, operation, build]): Promise<PermissionCheck> => {
      try {
        const out = await transport.send({ operation, bucket }, build);
        return { action, allowed: true, status: out.$metadata.httpStatusCode };
      } catch (error) {
        const e = error as S3RequestError;
        if (ALLOWED_BUT_ABSENT.has(e.code)) return { action, allowed: true, status: e.status, code: e.code };
        if (e.status === 403) return { action, allowed: false, status: 403, code: e.code };
        return { action, allowed: null, status: e.status, code: e.code };
      }
    }),
  );
}
