// Access at a glance, and why: the settings that decide whether a bucket is public, read the way
// the console reads them (Block Public Access, policy and its status, ACL, Object Ownership), and
// the rest of the bucket's setup the info pane shows (encryption, versioning, tags, CORS, lifecycle,
// website). Eleven read-only requests, in parallel, asked only when someone looks (never on first paint), and
// the account-level switches (./account-block.ts: two requests once per connection).
import {
  DeleteBucketPolicyCommand,
  DeleteBucketEncryptionCommand,
  DeleteBucketTaggingCommand,
  DeleteBucketWebsiteCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAclCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketTaggingCommand,
  GetBucketWebsiteCommand,
  GetObjectLockConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketTaggingCommand,
  PutBucketWebsiteCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  type GetBucketAclCommandOutput,
  type GetBucketCorsCommandOutput,
  type GetBucketEncryptionCommandOutput,
  type GetBucketLifecycleConfigurationCommandOutput,
  type GetBucketTaggingCommandOutput,
  type GetBucketWebsiteCommandOutput,
  type GetObjectLockConfigurationCommandOutput,
  type GetBucketOwnershipControlsCommandOutput,
  type GetBucketPolicyCommandOutput,
  type GetBucketPolicyStatusCommandOutput,
  type GetBucketVersioningCommandOutput,
  type GetPublicAccessBlockCommandOutput,
  type HeadBucketCommandOutput,
} from '@aws-sdk/client-s3';
import type { MetadataBearer } from '@smithy/types';
import type { BucketAccessReport } from '../contract.js';
import { describeStatement, parsePolicy } from '../shared/bucket-policy.js';
import { publicAccessState, type BlockSwitches } from '../shared/public-access.js';
import { readAccountBlockFor } from './account-block.js';
import { corsView } from './cors-config.js';
import { ruleView } from './lifecycle.js';
import { bucketLockOf } from './object-lock.js';
import { S3RequestError } from './errors.js';
import { tagsProblem } from '../shared/object-edit-rules.js';
import { websiteProblem, type WebsiteSetting } from '../shared/website.js';
import { encryptionProblem, type DefaultEncryption, type EncryptionAlgorithm } from '../shared/default-encryption.js';
import type { AnyCommand, S3Transport } from './transport.js';

/** "Not configured" answers: the read was allowed, there is simply nothing set. */
const ABSENT = new Set([
  'NoSuchBucketPolicy',
  'NoSuchPublicAccessBlockConfiguration',
  'OwnershipControlsNotFoundError',
  'ServerSideEncryptionConfigurationNotFoundError',
  'NoSuchCORSConfiguration',
  'NoSuchLifecycleConfiguration',
  'NoSuchTagSet',
  'NoSuchWebsiteConfiguration',
  'ObjectLockConfigurationNotFoundError',
]);

type Read<T> = { value: T } | { absent: true } | { error: string };

const GROUPS: Record<string, string> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
  'http://acs.amazonaws.com/groups/s3/LogDelivery': 'LogDelivery',
};

export async function readBucketAccess(
  transport: S3Transport,
  bucket: string,
  options: { refresh?: boolean } = {},
): Promise<BucketAccessReport> {
  const read = async <T extends MetadataBearer>(operation: string, build: () => AnyCommand): Promise<Read<T>> => {
    try {
      return { value: await transport.send<T>({ operation, bucket }, build) };
    } catch (error) {
      const e = error as S3RequestError;
      if (ABSENT.has(e.code)) return { absent: true };
      return { error: e.code || 'Error' };
    }
  };
  const Bucket = bucket;
  const [
    account,
    block,
    policy,
    status,
    ownership,
    acl,
    encryption,
    versioning,
    cors,
    lifecycle,
    tagging,
    website,
    objectLock,
  ] = await Promise.all([
    readAccountBlockFor(transport, bucket, options.refresh),
    read<GetPublicAccessBlockCommandOutput>('GetPublicAccessBlock', () => new GetPublicAccessBlockCommand({ Bucket })),
    read<GetBucketPolicyCommandOutput>('GetBucketPolicy', () => new GetBucketPolicyCommand({ Bucket })),
    read<GetBucketPolicyStatusCommandOutput>(
      'GetBucketPolicyStatus',
      () => new GetBucketPolicyStatusCommand({ Bucket }),
    ),
    read<GetBucketOwnershipControlsCommandOutput>(
      'GetBucketOwnershipControls',
      () => new GetBucketOwnershipControlsCommand({ Bucket }),
    ),
    read<GetBucketAclCommandOutput>('GetBucketAcl', () => new GetBucketAclCommand({ Bucket })),
    read<GetBucketEncryptionCommandOutput>('GetBucketEncryption', () => new GetBucketEncryptionCommand({ Bucket })),
    read<GetBucketVersioningCommandOutput>('GetBucketVersioning', () => new GetBucketVersioningCommand({ Bucket })),
    read<GetBucketCorsCommandOutput>('GetBucketCors', () => new GetBucketCorsCommand({ Bucket })),
    read<GetBucketLifecycleConfigurationCommandOutput>(
      'GetBucketLifecycleConfiguration',
      () => new GetBucketLifecycleConfigurationCommand({ Bucket }),
    ),
    read<GetBucketTaggingCommandOutput>('GetBucketTagging', () => new GetBucketTaggingCommand({ Bucket })),
    read<GetBucketWebsiteCommandOutput>('GetBucketWebsite', () => new GetBucketWebsiteCommand({ Bucket })),
    read<GetObjectLockConfigurationCommandOutput>(
      'GetObjectLockConfiguration',
      () => new GetObjectLockConfigurationCommand({ Bucket }),
    ),
  ]);
  const unreadable: BucketAccessReport['unreadable'] = [];
  const note = (setting: string, r: Read<unknown>) => {
    if ('error' in r) unreadable.push({ setting, code: r.error });
  };
  note('Block Public Access', block);
  note('bucket policy', policy);
  note('policy status', status);
  note('Object Ownership', ownership);
  note('ACL', acl);
  note('default encryption', encryption);
  note('versioning', versioning);
  note('CORS', cors);
  note('lifecycle', lifecycle);
  note('tags', tagging);
  note('static website', website);
  note('Object Lock', objectLock);

  const switches: BlockSwitches | null | undefined =
    'value' in block
      ? {
          BlockPublicAcls: block.value.PublicAccessBlockConfiguration?.BlockPublicAcls === true,
          IgnorePublicAcls: block.value.PublicAccessBlockConfiguration?.IgnorePublicAcls === true,
          BlockPublicPolicy: block.value.PublicAccessBlockConfiguration?.BlockPublicPolicy === true,
          RestrictPublicBuckets: block.value.PublicAccessBlockConfiguration?.RestrictPublicBuckets === true,
        }
      : 'absent' in block
        ? null
        : undefined;
  const policyText = 'value' in policy ? (policy.value.Policy ?? null) : 'absent' in policy ? null : undefined;
  const objectOwnership =
    'value' in ownership ? ownership.value.OwnershipControls?.Rules?.[0]?.ObjectOwnership : undefined;
  const grants =
    'value' in acl
      ? (acl.value.Grants ?? []).map((g) => ({
          grantee:
            (g.Grantee?.URI && GROUPS[g.Grantee.URI]) ||
            g.Grantee?.DisplayName ||
            g.Grantee?.ID ||
            g.Grantee?.EmailAddress ||
            'unknown',
          group: Boolean(g.Grantee?.URI),
          permission: g.Permission ?? '',
        }))
      : undefined;
  const policyStatusIsPublic = 'value' in status ? status.value.PolicyStatus?.IsPublic : undefined;
  const answer = publicAccessState({
    block: switches,
    accountBlock: account.status === 'applies' ? account.switches : undefined,
    policy: policyText,
    policyStatusIsPublic,
    aclGroupGrants: grants?.filter((g) => g.group).map((g) => `${g.grantee}:${g.permission}`),
    aclsDisabled: objectOwnership === 'BucketOwnerEnforced',
  });
  let statements: string[] | undefined;
  let policyProblem: string | undefined;
  if (policyText) {
    try {
      statements = parsePolicy(policyText).statements.map(describeStatement);
    } catch (error) {
      policyProblem = (error as Error).message;
    }
  }
  return {
    bucket,
    publicAccess: answer.state,
    publicAccessReason: answer.reason,
    accountBlockPublicAccess: account,
    blockPublicAccess: switches,
    policy:
      policyText === undefined
        ? undefined
        : policyText === null
          ? null
          : { text: policyText, statements, problem: policyProblem },
    policyStatusIsPublic,
    objectOwnership: objectOwnership ?? ('absent' in ownership ? null : undefined),
    aclGrants: grants,
    encryption: 'value' in encryption ? encryptionOf(encryption.value) : 'absent' in encryption ? null : undefined,
    versioning:
      'value' in versioning
        ? {
            status:
              versioning.value.Status === 'Enabled' || versioning.value.Status === 'Suspended'
                ? versioning.value.Status
                : 'Never',
            mfaDelete: versioning.value.MFADelete === 'Enabled',
          }
        : undefined,
    cors: 'value' in cors ? (cors.value.CORSRules ?? []).map(corsView) : 'absent' in cors ? [] : undefined,
    website: 'value' in website ? websiteOf(website.value) : 'absent' in website ? null : undefined,
    objectLock: 'value' in objectLock ? bucketLockOf(objectLock.value) : 'absent' in objectLock ? null : undefined,
    tags: 'value' in tagging ? tagsOf(tagging.value) : 'absent' in tagging ? {} : undefined,
    lifecycle:
      'value' in lifecycle ? (lifecycle.value.Rules ?? []).map(ruleView) : 'absent' in lifecycle ? [] : undefined,
    unreadable,
  };
}

/**
 * The bucket policy document alone (null: the bucket has none), for a caller that wants only it:
 * readBucketAccess reads twelve settings to decide the public-access label.
 */
export async function readBucketPolicy(transport: S3Transport, bucket: string): Promise<string | null> {
  try {
    const out = await transport.send<GetBucketPolicyCommandOutput>(
      { operation: 'GetBucketPolicy', bucket },
      () => new GetBucketPolicyCommand({ Bucket: bucket }),
    );
    return out.Policy ?? null;
  } catch (error) {
    if ((error as S3RequestError).code === 'NoSuchBucketPolicy') return null;
    throw error;
  }
}

/** Saves a bucket policy (or removes it, with null). S3 refuses a public one while BlockPublicPolicy is on. */
export async function putBucketPolicy(transport: S3Transport, bucket: string, policy: string | null): Promise<void> {
  if (policy === null) {
    await transport.send(
      { operation: 'DeleteBucketPolicy', bucket },
      () => new DeleteBucketPolicyCommand({ Bucket: bucket }),
    );
    return;
  }
  await transport.send(
    { operation: 'PutBucketPolicy', bucket },
    () => new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }),
  );
}

/**
 * Sets the bucket's default encryption (checked first, in words); null deletes the setting, which
 * on AWS leaves S3's own default, SSE-S3.
 */
export async function putDefaultEncryption(
  transport: S3Transport,
  bucket: string,
  setting: DefaultEncryption | null,
): Promise<void> {
  if (setting === null) {
    await transport.send(
      { operation: 'DeleteBucketEncryption', bucket },
      () => new DeleteBucketEncryptionCommand({ Bucket: bucket }),
    );
    return;
  }
  // A key's ARN names its region: the bucket's is asked for when it is not known yet (one HEAD).
  let region = transport.knownRegion(bucket);
  if (region === undefined && setting.kmsKeyId?.startsWith('arn:'))
    region = (
      await transport.send<HeadBucketCommandOutput>(
        { operation: 'HeadBucket', bucket },
        () => new HeadBucketCommand({ Bucket: bucket }),
      )
    ).BucketRegion;
  const problem = encryptionProblem(setting, region);
  if (problem) throw new S3RequestError('InvalidEncryption', problem, 400);
  const kms = setting.algorithm !== 'AES256';
  await transport.send(
    { operation: 'PutBucketEncryption', bucket },
    () =>
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: {
                SSEAlgorithm: setting.algorithm,
                ...(kms && setting.kmsKeyId?.trim() && { KMSMasterKeyID: setting.kmsKeyId.trim() }),
              },
              ...(kms && { BucketKeyEnabled: Boolean(setting.bucketKey) }),
            },
          ],
        },
      }),
  );
}

/** A GetBucketEncryption answer as the app says it (null: no default rule). */
function encryptionOf(answer: GetBucketEncryptionCommandOutput): DefaultEncryption | null {
  const rule = answer.ServerSideEncryptionConfiguration?.Rules?.[0];
  if (!rule?.ApplyServerSideEncryptionByDefault) return null;
  return {
    algorithm: (rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm ?? 'AES256') as EncryptionAlgorithm,
    kmsKeyId: rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID,
    bucketKey: rule.BucketKeyEnabled,
  };
}

function tagsOf(answer: GetBucketTaggingCommandOutput): Record<string, string> {
  return Object.fromEntries((answer.TagSet ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

/**
 * One setting alone, for a caller that wants only it (the terminal's `encryption`, `website`,
 * `tag <bucket>`): one request where readBucketAccess sends twelve. `absent` is S3's "not
 * configured" code, answered as null; anything else S3 says is thrown.
 */
async function readOne<O extends MetadataBearer, T>(
  transport: S3Transport,
  bucket: string,
  operation: string,
  build: () => AnyCommand,
  absent: string,
  map: (answer: O) => T,
): Promise<T | null> {
  try {
    return map(await transport.send<O>({ operation, bucket }, build));
  } catch (error) {
    if ((error as S3RequestError).code === absent) return null;
    throw error;
  }
}

export const readDefaultEncryption = (transport: S3Transport, bucket: string) =>
  readOne(
    transport,
    bucket,
    'GetBucketEncryption',
    () => new GetBucketEncryptionCommand({ Bucket: bucket }),
    'ServerSideEncryptionConfigurationNotFoundError',
    encryptionOf,
  );

export const readBucketTags = (transport: S3Transport, bucket: string) =>
  readOne(
    transport,
    bucket,
    'GetBucketTagging',
    () => new GetBucketTaggingCommand({ Bucket: bucket }),
    'NoSuchTagSet',
    tagsOf,
  ).then((tags) => tags ?? {});

export const readWebsite = (transport: S3Transport, bucket: string) =>
  readOne(
    transport,
    bucket,
    'GetBucketWebsite',
    () => new GetBucketWebsiteCommand({ Bucket: bucket }),
    'NoSuchWebsiteConfiguration',
    websiteOf,
  );

/** A GetBucketWebsite answer as the app says it (routing rules are not shown). */
function websiteOf(answer: GetBucketWebsiteCommandOutput): WebsiteSetting | null {
  if (answer.RedirectAllRequestsTo?.HostName)
    return {
      kind: 'redirect',
      hostName: answer.RedirectAllRequestsTo.HostName,
      protocol: answer.RedirectAllRequestsTo.Protocol as 'http' | 'https' | undefined,
    };
  if (answer.IndexDocument?.Suffix)
    return {
      kind: 'host',
      indexDocument: answer.IndexDocument.Suffix,
      errorDocument: answer.ErrorDocument?.Key,
      ...(answer.RoutingRules?.length && { routingRules: answer.RoutingRules.length }),
    };
  return null;
}

/** Turns the bucket's static website on (hosting or sending on), checked first in words; null: off. */
export async function putWebsite(
  transport: S3Transport,
  bucket: string,
  setting: WebsiteSetting | null,
): Promise<void> {
  if (setting === null) {
    await transport.send(
      { operation: 'DeleteBucketWebsite', bucket },
      () => new DeleteBucketWebsiteCommand({ Bucket: bucket }),
    );
    return;
  }
  const problem = websiteProblem(setting);
  if (problem) throw new S3RequestError('InvalidWebsite', problem, 400);
  // Hosting keeps the routing rules another tool wrote (this one does not edit them).
  const routing =
    setting.kind === 'host'
      ? await transport
          .send<GetBucketWebsiteCommandOutput>(
            { operation: 'GetBucketWebsite', bucket },
            () => new GetBucketWebsiteCommand({ Bucket: bucket }),
          )
          .then(
            (now) => now.RoutingRules,
            () => undefined,
          )
      : undefined;
  await transport.send(
    { operation: 'PutBucketWebsite', bucket },
    () =>
      new PutBucketWebsiteCommand({
        Bucket: bucket,
        WebsiteConfiguration:
          setting.kind === 'redirect'
            ? { RedirectAllRequestsTo: { HostName: setting.hostName.trim(), Protocol: setting.protocol } }
            : {
                IndexDocument: { Suffix: setting.indexDocument.trim() },
                ...(setting.errorDocument?.trim() && { ErrorDocument: { Key: setting.errorDocument.trim() } }),
                ...(routing?.length && { RoutingRules: routing }),
              },
      }),
  );
}

/** Replaces the bucket's tags (checked first, in words); none deletes them. */
export async function putBucketTags(
  transport: S3Transport,
  bucket: string,
  tags: Record<string, string>,
): Promise<void> {
  const pairs = Object.entries(tags);
  const problem = tagsProblem(pairs, 'bucket');
  if (problem) throw new S3RequestError('InvalidTag', problem, 400);
  if (pairs.length === 0) {
    await transport.send(
      { operation: 'DeleteBucketTagging', bucket },
      () => new DeleteBucketTaggingCommand({ Bucket: bucket }),
    );
    return;
  }
  await transport.send(
    { operation: 'PutBucketTagging', bucket },
    () =>
      new PutBucketTaggingCommand({
        Bucket: bucket,
        Tagging: { TagSet: pairs.map(([Key, Value]) => ({ Key, Value })) },
      }),
  );
}

/** Sets the bucket's four Block Public Access switches (all off removes the configuration). */
export async function putPublicAccessBlock(
  transport: S3Transport,
  bucket: string,
  switches: BlockSwitches,
): Promise<void> {
  if (!Object.values(switches).some(Boolean)) {
    await transport.send(
      { operation: 'DeletePublicAccessBlock', bucket },
      () => new DeletePublicAccessBlockCommand({ Bucket: bucket }),
    );
    return;
  }
  await transport.send(
    { operation: 'PutPublicAccessBlock', bucket },
    () => new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: switches }),
  );
}
