// Who may do what in the world: the bucket owner's account, and others as the bucket policy and
// ACLs grant, unless Block Public Access says otherwise. The settings are read from the store
// behind the world (whichever it is) through the same requests a client would make, and cached
// per bucket until a request changes one of them.
import { XMLParser } from 'fast-xml-parser';
import { XML_ENTITY_OPTIONS } from '../store/xml.js';
import {
  evaluatePolicy,
  isPublicPolicy,
  parsePolicy,
  PolicyError,
  type ParsedPolicy,
} from '../shared/bucket-policy.js';
import { bodyText, type Store } from '../store/store.js';

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface AccessSettings {
  policy?: ParsedPolicy;
  policyIsPublic: boolean;
  block: PublicAccessBlock;
  /** Object Ownership is BucketOwnerEnforced: ACLs grant nothing. */
  aclsDisabled: boolean;
  /** Groups the bucket ACL grants to, with the permission ("AllUsers:READ"). */
  bucketGrants: string[];
}

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const xml = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  ...XML_ENTITY_OPTIONS,
  isArray: (name) => name === 'Grant',
});

export const NO_BLOCK: PublicAccessBlock = {
  BlockPublicAcls: false,
  IgnorePublicAcls: false,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
};

export function parsePublicAccessBlock(text: string): PublicAccessBlock {
  const doc = (xml.parse(text) as { PublicAccessBlockConfiguration?: Record<string, string> })
    .PublicAccessBlockConfiguration;
  const on = (name: keyof PublicAccessBlock) => String(doc?.[name] ?? '').toLowerCase() === 'true';
  return {
    BlockPublicAcls: on('BlockPublicAcls'),
    IgnorePublicAcls: on('IgnorePublicAcls'),
    BlockPublicPolicy: on('BlockPublicPolicy'),
    RestrictPublicBuckets: on('RestrictPublicBuckets'),
  };
}

/** "AllUsers:READ" and the like, for every group grant in an AccessControlPolicy. */
export function groupGrants(text: string): string[] {
  const doc = xml.parse(text) as {
    AccessControlPolicy?: {
      AccessControlList?: { Grant?: Array<{ Grantee?: { URI?: string }; Permission?: string }> };
    };
  };
  const grants = doc.AccessControlPolicy?.AccessControlList?.Grant ?? [];
  return grants.flatMap((g) => {
    const uri = g.Grantee?.URI;
    if (uri === ALL_USERS) return [`AllUsers:${g.Permission}`];
    if (uri === AUTHENTICATED_USERS) return [`AuthenticatedUsers:${g.Permission}`];
    return [];
  });
}

/** Canned ACLs that grant to everyone or every AWS account. */
export const PUBLIC_CANNED_ACLS = ['public-read', 'public-read-write', 'authenticated-read'];

/** Reads a bucket's access settings from the store, as the owner would. */
export async function loadAccessSettings(store: Store, bucket: string): Promise<AccessSettings> {
  const get = async (subresource: string) => {
    const response = await store.handle({
      method: 'GET',
      bucket,
      query: { [subresource]: '' },
      headers: {},
      body: Buffer.alloc(0),
    });
    const text = await bodyText(response);
    return response.status === 200 ? text : undefined;
  };
  const [policyText, blockText, ownershipText, aclText] = await Promise.all([
    get('policy'),
    get('publicAccessBlock'),
    get('ownershipControls'),
    get('acl'),
  ]);
  let policy: ParsedPolicy | undefined;
  try {
    policy = policyText ? parsePolicy(policyText) : undefined;
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    policy = undefined; // a policy the store took but this app cannot read grants nothing
  }
  return {
    policy,
    policyIsPublic: policy ? isPublicPolicy(policy) : false,
    block: blockText ? parsePublicAccessBlock(blockText) : NO_BLOCK,
    aclsDisabled: (ownershipText ?? '').includes('BucketOwnerEnforced'),
    bucketGrants: aclText ? groupGrants(aclText) : [],
  };
}

const BUCKET_SETTINGS: Record<string, string> = {
  policy: 'BucketPolicy',
  policyStatus: 'BucketPolicyStatus',
  publicAccessBlock: 'BucketPublicAccessBlock',
  acl: 'BucketAcl',
  versioning: 'BucketVersioning',
  cors: 'BucketCORS',
  encryption: 'EncryptionConfiguration',
  lifecycle: 'LifecycleConfiguration',
  tagging: 'BucketTagging',
  ownershipControls: 'BucketOwnershipControls',
  website: 'BucketWebsite',
  logging: 'BucketLogging',
  'object-lock': 'BucketObjectLockConfiguration',
  location: 'BucketLocation',
};

/** The IAM action a request needs (DeleteObjects is checked per key, as s3:DeleteObject). */
export function actionOf(method: string, isBucketRequest: boolean, query: Record<string, string>): string {
  const has = (name: string) => name in query;
  if (isBucketRequest) {
    if (method === 'POST' && has('delete')) return 's3:DeleteObject';
    if (has('versions')) return 's3:ListBucketVersions';
    if (has('uploads')) return 's3:ListBucketMultipartUploads';
    const setting = Object.keys(query).find((k) => k in BUCKET_SETTINGS);
    if (setting) {
      const verb =
        method === 'GET' || method === 'HEAD' ? 'Get' : method === 'DELETE' && setting === 'policy' ? 'Delete' : 'Put';
      return `s3:${verb}${BUCKET_SETTINGS[setting]}`;
    }
    if (method === 'DELETE') return 's3:DeleteBucket';
    if (method === 'PUT') return 's3:CreateBucket';
    return 's3:ListBucket';
  }
  const version = has('versionId') ? 'Version' : '';
  if (has('tagging'))
    return method === 'GET'
      ? `s3:GetObject${version}Tagging`
      : method === 'DELETE'
        ? `s3:DeleteObject${version}Tagging`
        : `s3:PutObject${version}Tagging`;
  if (has('acl')) return method === 'GET' ? `s3:GetObject${version}Acl` : `s3:PutObject${version}Acl`;
  if (has('retention')) return method === 'GET' ? 's3:GetObjectRetention' : 's3:PutObjectRetention';
  if (has('legal-hold')) return method === 'GET' ? 's3:GetObjectLegalHold' : 's3:PutObjectLegalHold';
  if (has('restore')) return 's3:RestoreObject';
  if (has('uploadId')) {
    if (method === 'DELETE') return 's3:AbortMultipartUpload';
    if (method === 'GET') return 's3:ListMultipartUploadParts';
    return 's3:PutObject';
  }
  if (method === 'GET' || method === 'HEAD') return `s3:GetObject${version}`;
  if (method === 'DELETE') return `s3:DeleteObject${version}`;
  return 's3:PutObject';
}

export interface AccessQuestion {
  /** The caller's account; undefined when anonymous. */
  account?: string;
  ownerAccountId: string;
  action: string;
  /** arn:aws:s3:::bucket or arn:aws:s3:::bucket/key */
  resource: string;
}

export type AccessAnswer = { allowed: true } | { allowed: false; message: string };

/** S3's own wording for a denial by a resource policy (what a client sees in the error message). */
function denial(question: AccessQuestion, why: string): AccessAnswer {
  const who = question.account ? `arn:aws:iam::${question.account}:root` : 'anonymous';
  return {
    allowed: false,
    message: `User: ${who} is not authorized to perform: ${question.action} on resource: "${question.resource}" ${why}`,
  };
}

/**
 * The decision for one request. `objectGrants` reads the object's ACL group grants, only when an
 * object ACL could decide (another caller, ACLs enabled, public ACLs not ignored).
 */
export async function decideAccess(
  settings: AccessSettings,
  question: AccessQuestion,
  objectGrants?: () => Promise<string[]>,
): Promise<AccessAnswer> {
  const decision = settings.policy
    ? evaluatePolicy(settings.policy, {
        account: question.account,
        action: question.action,
        resource: question.resource,
      })
    : { effect: 'none' as const, unevaluated: [] };
  if (decision.effect === 'deny') return denial(question, 'with an explicit deny in a resource-based policy');
  if (question.account === question.ownerAccountId) return { allowed: true };
  if (decision.effect === 'allow') {
    // RestrictPublicBuckets: a public policy serves only the owner's account (and AWS services).
    if (settings.block.RestrictPublicBuckets && settings.policyIsPublic)
      return { allowed: false, message: 'Access Denied' };
    return { allowed: true };
  }
  if (!settings.aclsDisabled && !settings.block.IgnorePublicAcls) {
    const grantees = question.account ? ['AllUsers', 'AuthenticatedUsers'] : ['AllUsers'];
    const permission = /^s3:(Get|List)/.test(question.action)
      ? 'READ'
      : /^s3:(Put|Delete)Object$/.test(question.action)
        ? 'WRITE'
        : undefined;
    const grants = (list: string[]) =>
      grantees.some((g) => list.includes(`${g}:${permission}`) || list.includes(`${g}:FULL_CONTROL`));
    const bucketLevel =
      question.resource.indexOf('/') < 0 || question.action === 's3:PutObject' || question.action === 's3:DeleteObject';
    if (permission && bucketLevel && grants(settings.bucketGrants)) return { allowed: true };
    if (permission === 'READ' && !bucketLevel && objectGrants && grants(await objectGrants())) return { allowed: true };
  }
  if (!question.account) return { allowed: false, message: 'Access Denied' };
  return denial(question, 'because no resource-based policy allows the ' + question.action + ' action');
}
