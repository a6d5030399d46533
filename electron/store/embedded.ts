// The embedded S3 store: the demo's and the app's, in this process, called by the world directly.
//
// What it keeps where: object bytes in files (./object-data.ts), everything else in memory —
// each key's versions newest first, two KeyIndexes (keys with a current object, for listings;
// keys with any version or delete marker, for ListObjectVersions), multipart uploads, and each
// bucket's settings documents. The demo empties its folder at every start, so nothing but bytes
// needs to outlive the process; the generated big prefix lives in memory and costs no files.
//
// Semantics follow S3's documentation (see S3-FACTS.md): versioning (Enabled / Suspended, null
// versions, delete markers), conditional requests, ranges, CopyObject and UploadPartCopy with
// their directives and conditions, storage classes and RestoreObject, tagging, canned ACLs, and
// bucket settings stored and returned. The store-semantics suite proves it against moto.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp, accessSync, constants, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isPublicPolicy, parsePolicy, PolicyError } from '../shared/bucket-policy.js';
import { parseCopySource } from '../shared/s3-location.js';
import { combineChecksums, type CombinableChecksum } from '../shared/crc-combine.js';
import { compareKeys, KeyIndex, type ListEntry } from './key-index.js';
import { dataSize, ObjectFiles, type ByteRange, type ObjectData } from './object-data.js';
import { seedBody, seedKey, type Store, type StoreRequest, type StoreResponse, type StoreSeed } from './store.js';
import {
  errorXml,
  escapeXml,
  malformedXml,
  noSuchKey,
  parseXml,
  preconditionFailed,
  StoreError,
  xmlAnswer,
  XMLNS,
} from './xml.js';

const OWNER_ID = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const OWNER = `<ID>${OWNER_ID}</ID><DisplayName>demo</DisplayName>`;
const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_COPY_SIZE = 5 * 1024 ** 3;
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
export const COLD_CLASSES = ['GLACIER', 'DEEP_ARCHIVE'];
const STORAGE_CLASSES = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
  'EXPRESS_ONEZONE',
];
const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
  'log-delivery-write',
];
/** Headers an object keeps and answers with, besides x-amz-meta-*. */
const STORED_HEADERS = [
  'content-type',
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
  'x-amz-website-redirect-location',
];
/** Object subresources of S3's that the demo store does not implement. */
const UNIMPLEMENTED_OBJECT_SUBRESOURCES = ['attributes', 'torrent', 'select', 'renameObject'];
const CHECKSUM_HEADERS = [
  'x-amz-checksum-crc32',
  'x-amz-checksum-crc32c',
  'x-amz-checksum-crc64nvme',
  'x-amz-checksum-sha1',
  'x-amz-checksum-sha256',
];

interface ObjectVersion {
  key: string;
  /** "null" for a version written while versioning was never enabled or suspended. */
  versionId: string;
  deleteMarker: boolean;
  /** Milliseconds, whole seconds (HEAD's Last-Modified has no finer grain). */
  lastModified: number;
  etag: string;
  size: number;
  data?: ObjectData;
  headers: Record<string, string>;
  tags: Array<[string, string]>;
  storageClass: string;
  acl: string;
  sse?: { algorithm: string; kmsKeyId?: string };
  checksum?: { name: string; value: string };
  partsCount?: number;
  restore?: { readyAt: number; days: number };
  /** Object Lock: a retention (mode and date, milliseconds) and a legal hold, each on its own. */
  lock?: ObjectLock;
}

interface ObjectLock {
  mode?: 'GOVERNANCE' | 'COMPLIANCE';
  retainUntil?: number;
  legalHold?: boolean;
}

const LOCK_MODES = ['GOVERNANCE', 'COMPLIANCE'];
const DAY_MS = 86_400_000;
const objectLocked = () =>
  new StoreError(403, 'AccessDenied', 'Access Denied because object protected by object lock.');

interface Upload {
  uploadId: string;
  key: string;
  initiated: number;
  template: Omit<ObjectVersion, 'versionId' | 'lastModified' | 'etag' | 'size' | 'data' | 'deleteMarker' | 'key'>;
  parts: Map<
    number,
    { file: string; size: number; etag: string; lastModified: number; checksum?: { name: string; value: string } }
  >;
  /** What CreateMultipartUpload asked for: the parts' algorithm, and whether the whole object gets one. */
  checksum?: { algorithm: string; type: 'FULL_OBJECT' | 'COMPOSITE' };
}

interface BucketState {
  name: string;
  versioning?: 'Enabled' | 'Suspended';
  mfaDelete?: 'Enabled' | 'Disabled';
  history: Map<string, ObjectVersion[]>;
  current: KeyIndex;
  all: KeyIndex;
  uploads: Map<string, Upload>;
  /** Settings documents as the client sent them, by subresource. */
  documents: Map<string, string>;
  acl: string;
  /** Object Lock is on (at creation, or by PutObjectLockConfiguration on a versioned bucket): never off again. */
  objectLock?: boolean;
}

/** Bucket settings kept as documents: their subresource and the error when there is none. */
const DOCUMENTS: Record<string, { code: string; message: string }> = {
  policy: { code: 'NoSuchBucketPolicy', message: 'The bucket policy does not exist' },
  publicAccessBlock: {
    code: 'NoSuchPublicAccessBlockConfiguration',
    message: 'The public access block configuration was not found',
  },
  ownershipControls: {
    code: 'OwnershipControlsNotFoundError',
    message: 'The bucket ownership controls were not found',
  },
  encryption: {
    code: 'ServerSideEncryptionConfigurationNotFoundError',
    message: 'The server side encryption configuration was not found',
  },
  cors: { code: 'NoSuchCORSConfiguration', message: 'The CORS configuration does not exist' },
  lifecycle: { code: 'NoSuchLifecycleConfiguration', message: 'The lifecycle configuration does not exist' },
  tagging: { code: 'NoSuchTagSet', message: 'The TagSet does not exist' },
  website: {
    code: 'NoSuchWebsiteConfiguration',
    message: 'The specified bucket does not have a website configuration',
  },
};

export interface EmbeddedStoreOptions {
  /** The store's folder: emptied at start (only if it is empty or was a store before), removed at stop. */
  directory: string;
  seed?: StoreSeed;
  /** How long a Standard restore takes (Expedited: a fifth, Bulk: twice). Default 5 s. */
  restoreMs?: number;
}

const secondsOf = (ms: number) => Math.floor(ms / 1000) * 1000;
const quote = (hex: string) => `"${hex}"`;
const newVersionId = () => randomBytes(24).toString('base64url').replace(/-/g, '.');

const bypassesGovernance = (r: StoreRequest) =>
  r.headers['x-amz-bypass-governance-retention']?.toLowerCase() === 'true';

function checkedMode(mode: string): 'GOVERNANCE' | 'COMPLIANCE' {
  if (!LOCK_MODES.includes(mode)) throw new StoreError(400, 'InvalidArgument', 'Unknown wormMode directive.');
  return mode as 'GOVERNANCE' | 'COMPLIANCE';
}

/** A retain-until date (ISO 8601), which must be in the future. */
function futureDate(text: string): number {
  const at = Date.parse(text);
  if (!Number.isFinite(at))
    throw new StoreError(400, 'InvalidArgument', 'The retain until date must be provided in ISO 8601 format');
  if (at <= Date.now()) throw new StoreError(400, 'InvalidArgument', 'The retain until date must be in the future!');
  return at;
}

function lockConfigurationXml(rule?: { mode: string; days?: number; years?: number }): string {
  const period = rule ? (rule.days !== undefined ? `<Days>${rule.days}</Days>` : `<Years>${rule.years}</Years>`) : '';
  return `<ObjectLockConfiguration xmlns="${XMLNS}"><ObjectLockEnabled>Enabled</ObjectLockEnabled>${rule ? `<Rule><DefaultRetention><Mode>${rule.mode}</Mode>${period}</DefaultRetention></Rule>` : ''}</ObjectLockConfiguration>`;
}

function intParam(query: Record<string, string>, name: string, fallback: number, max: number): number {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw))
    throw new StoreError(400, 'InvalidArgument', `Provided ${name} not an integer or within integer range`, {
      ArgumentName: name,
      ArgumentValue: raw,
    });
  return Math.min(Number(raw), max);
}

function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined; // S3 ignores a range it cannot read
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end)
    throw new StoreError(
      416,
      'InvalidRange',
      'The requested range is not satisfiable',
      { RangeRequested: header, ActualObjectSize: String(size) },
      { 'content-range': `bytes */${size}` },
    );
  return { start, end };
}

function parseTagging(text: string): Array<[string, string]> {
  const tags: Array<[string, string]> = [];
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const [k, v = ''] = pair.split('=');
    tags.push([decodeURIComponent(k!.replace(/\+/g, ' ')), decodeURIComponent(v.replace(/\+/g, ' '))]);
  }
  if (tags.length > 10) throw new StoreError(400, 'BadRequest', 'Object tags cannot be greater than 10');
  return tags;
}

function tagSetXml(tags: Array<[string, string]>): string {
  return `<Tagging xmlns="${XMLNS}"><TagSet>${tags
    .map(([k, v]) => `<Tag><Key>${escapeXml(k)}</Key><Value>${escapeXml(v)}</Value></Tag>`)
    .join('')}</TagSet></Tagging>`;
}

function tagsFromXml(body: Buffer): Array<[string, string]> {
  const doc = parseXml(body)['Tagging'] as { TagSet?: { Tag?: Array<{ Key?: string; Value?: string }> } } | undefined;
  if (!doc) throw malformedXml();
  const tags = (doc.TagSet?.Tag ?? []).map((t): [string, string] => [String(t.Key ?? ''), String(t.Value ?? '')]);
  if (tags.length > 10) throw new StoreError(400, 'BadRequest', 'Object tags cannot be greater than 10');
  return tags;
}

/** Grants a canned ACL makes, beside the owner's FULL_CONTROL. */
function cannedGrants(acl: string): Array<{ group: string; permission: string }> {
  switch (acl) {
    case 'public-read':
      return [{ group: ALL_USERS, permission: 'READ' }];
    case 'public-read-write':
      return [
        { group: ALL_USERS, permission: 'READ' },
        { group: ALL_USERS, permission: 'WRITE' },
      ];
    case 'authenticated-read':
      return [{ group: AUTHENTICATED_USERS, permission: 'READ' }];
    default:
      return [];
  }
}

function aclXml(acl: string): string {
  const grants = cannedGrants(acl)
    .map(
      (g) =>
        `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>${g.group}</URI></Grantee><Permission>${g.permission}</Permission></Grant>`,
    )
    .join('');
  return `<AccessControlPolicy xmlns="${XMLNS}"><Owner>${OWNER}</Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">${OWNER}</Grantee><Permission>FULL_CONTROL</Permission></Grant>${grants}</AccessControlList></AccessControlPolicy>`;
}

/** The canned ACL an AccessControlPolicy document amounts to (the store keeps ACLs canned). */
function cannedFromXml(body: Buffer): string {
  const text = body.toString('utf8');
  if (!text.includes('AccessControlPolicy')) throw malformedXml();
  const allRead = text.includes(ALL_USERS) && /READ</.test(text);
  const allWrite = text.includes(ALL_USERS) && /WRITE</.test(text);
  if (allRead && allWrite) return 'public-read-write';
  if (allRead) return 'public-read';
  if (text.includes(AUTHENTICATED_USERS)) return 'authenticated-read';
  return 'private';
}

/** The folder the store may take: empty, new, or one it wrote before (never a user's files). */
const MARKER = '.bucket-explorer-demo-store';

async function claimDirectory(directory: string): Promise<void> {
  const entries = await fsp.readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  if (entries.length && !entries.includes(MARKER))
    throw new Error(
      `${directory} holds files the demo did not write, so the demo will not empty it. Move them elsewhere (or delete the folder) and start again.`,
    );
  await fsp.rm(directory, { recursive: true, force: true });
  await fsp.mkdir(directory, { recursive: true });
  await fsp.writeFile(
    path.join(directory, MARKER),
    `${JSON.stringify({ about: 'The Bucket Explorer demo keeps its objects here. It empties this folder at every start.', pid: process.pid, host: os.hostname() }, null, 2)}\n`,
  );
}

const SCRATCH_NAME = /^bucket-explorer-(demo|store)-/;
/** Scratch stores of this process: removed at exit if they were not stopped (a crash, an uncaught error). */
const liveScratch = new Set<string>();
let exitHook = false;

/**
 * A new throwaway store folder under scratchRoot(). Before making it, the throwaway stores of
 * processes that are gone are removed: /dev/shm is memory, and a killed test run or terminal
 * command left 3.7 GB of objects there on this machine. Only folders with this prefix whose
 * marker names a process of this host that no longer runs are touched.
 */
export async function newScratchDirectory(prefix: 'bucket-explorer-demo-' | 'bucket-explorer-store-'): Promise<string> {
  const root = scratchRoot();
  await sweepScratch(root);
  const directory = await fsp.mkdtemp(path.join(root, prefix));
  liveScratch.add(directory);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const dir of liveScratch) rmSync(dir, { recursive: true, force: true });
    });
  }
  return directory;
}

async function sweepScratch(root: string): Promise<void> {
  const names = await fsp.readdir(root).catch(() => [] as string[]);
  for (const name of names) {
    if (!SCRATCH_NAME.test(name)) continue;
    const directory = path.join(root, name);
    const marker = (await fsp
      .readFile(path.join(directory, MARKER), 'utf8')
      .then((text) => JSON.parse(text) as unknown)
      .catch(() => undefined)) as { pid?: unknown; host?: unknown } | undefined;
    if (typeof marker?.pid !== 'number' || marker.host !== os.hostname() || processRuns(marker.pid)) continue;
    await fsp.rm(directory, { recursive: true, force: true }).catch(() => undefined);
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // someone else's: it runs
  }
}

/**
 * Where throwaway stores go: memory-backed /dev/shm where there is one (on a slow virtual disk,
 * writing many small files took ten times as long), else the temp folder.
 */
export function scratchRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}

export class EmbeddedStore implements Store {
  readonly name = 'embedded' as const;
  readonly directory: string;
  private readonly files: ObjectFiles;
  private readonly buckets = new Map<string, BucketState>();
  private readonly restoreMs: number;

  private constructor(options: EmbeddedStoreOptions) {
    this.directory = options.directory;
    this.files = new ObjectFiles(options.directory);
    this.restoreMs = options.restoreMs ?? 5000;
  }

  static async start(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
    await claimDirectory(options.directory);
    const store = new EmbeddedStore(options);
    if (options.seed) store.seed(options.seed);
    return store;
  }

  async stop(): Promise<void> {
    this.buckets.clear();
    await fsp.rm(this.directory, { recursive: true, force: true });
    liveScratch.delete(this.directory);
  }

  /** The generated prefix: versions in memory, one sort for the index, no files. */
  private seed(seed: StoreSeed): void {
    const bucket = this.createBucket(seed.bucket);
    const now = secondsOf(Date.now());
    const keys: string[] = [];
    for (let i = 0; i < seed.count; i++) {
      const key = seedKey(seed, i);
      const bytes = seedBody(i);
      keys.push(key);
      bucket.history.set(key, [
        {
          ...this.blankVersion(key),
          versionId: 'null',
          lastModified: now,
          etag: quote(createHash('md5').update(bytes).digest('hex')),
          size: bytes.length,
          data: { bytes },
          headers: { 'content-type': 'text/plain' },
        },
      ]);
    }
    bucket.current.addAll(keys);
    bucket.all.addAll(keys);
  }

  private blankVersion(key: string): ObjectVersion {
    return {
      key,
      versionId: 'null',
      deleteMarker: false,
      lastModified: 0,
      etag: '',
      size: 0,
      headers: {},
      tags: [],
      storageClass: 'STANDARD',
      acl: 'private',
    };
  }

  private createBucket(name: string): BucketState {
    this.files.bucketDir(name); // validates the name
    const state: BucketState = {
      name,
      history: new Map(),
      current: new KeyIndex(),
      all: new KeyIndex(),
      uploads: new Map(),
      documents: new Map(),
      acl: 'private',
    };
    this.buckets.set(name, state);
    return state;
  }

  private bucket(name: string): BucketState {
    const state = this.buckets.get(name);
    if (!state) throw new StoreError(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: name });
    return state;
  }

  async handle(request: StoreRequest): Promise<StoreResponse> {
    try {
      return await this.dispatch(request);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      const body =
        request.method === 'HEAD' ? Buffer.alloc(0) : Buffer.from(errorXml(error.code, error.message, error.extra));
      return { status: error.status, headers: { 'content-type': 'application/xml', ...error.headers }, body };
    }
  }

  private dispatch(r: StoreRequest): Promise<StoreResponse> | StoreResponse {
    const q = r.query;
    if (r.key === undefined) {
      if (r.method === 'PUT' && Object.keys(q).length === 0) return this.putBucket(r);
      const bucket = this.bucket(r.bucket);
      if (r.method === 'HEAD') return { status: 200, headers: {} };
      if (r.method === 'DELETE' && Object.keys(q).length === 0) return this.deleteBucket(bucket);
      if (r.method === 'POST' && 'delete' in q) return this.deleteObjects(bucket, r);
      if (r.method === 'GET' && 'versions' in q) return this.listVersions(bucket, q);
      if (r.method === 'GET' && 'uploads' in q) return this.listUploads(bucket, q);
      const setting = Object.keys(q).find(
        (k) =>
          k in DOCUMENTS || ['versioning', 'acl', 'policyStatus', 'location', 'logging', 'object-lock'].includes(k),
      );
      if (setting) return this.bucketSetting(bucket, setting, r);
      if (r.method === 'GET') return this.listObjects(bucket, q);
      throw new StoreError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    }
    const bucket = this.bucket(r.bucket);
    const key = r.key;
    if (r.method === 'POST' && 'uploads' in q) return this.createUpload(bucket, key, r);
    if ('uploadId' in q) {
      const upload = this.upload(bucket, q['uploadId']!, key);
      if (r.method === 'PUT') return this.uploadPart(bucket, upload, r);
      if (r.method === 'POST') return this.completeUpload(bucket, upload, r);
      if (r.method === 'DELETE') return this.abortUpload(bucket, upload);
      if (r.method === 'GET') return this.listParts(bucket, upload, q);
    }
    if ('tagging' in q) return this.objectTagging(bucket, key, r);
    if ('retention' in q) return this.objectRetention(bucket, key, r);
    if ('legal-hold' in q) return this.objectLegalHold(bucket, key, r);
    if ('acl' in q) return this.objectAcl(bucket, key, r);
    if (r.method === 'POST' && 'restore' in q) return this.restoreObject(bucket, key, r);
    // S3's object subresources this store does not keep: said, rather than answered with the
    // object's bytes (GetObjectAttributes got the body, and the SDK retried a parse error 4 times).
    const missing = UNIMPLEMENTED_OBJECT_SUBRESOURCES.find((name) => name in q);
    if (missing)
      throw new StoreError(
        501,
        'NotImplemented',
        'A header or query you provided implies functionality that is not implemented.',
        { Query: missing },
      );
    if (r.method === 'PUT')
      return r.headers['x-amz-copy-source'] ? this.copyObject(bucket, key, r) : this.putObject(bucket, key, r);
    if (r.method === 'GET' || r.method === 'HEAD') return this.getObject(bucket, key, r);
    if (r.method === 'DELETE') return this.deleteObject(bucket, key, q['versionId'], bypassesGovernance(r));
    throw new StoreError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }

  // ——— buckets ———

  private putBucket(r: StoreRequest): StoreResponse {
    if (this.buckets.has(r.bucket))
      throw new StoreError(
        409,
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        { BucketName: r.bucket },
      );
    const state = this.createBucket(r.bucket);
    if (r.headers['x-amz-bucket-object-lock-enabled']?.toLowerCase() === 'true') {
      // As S3: Object Lock turns versioning on, for good.
      state.objectLock = true;
      state.versioning = 'Enabled';
      state.documents.set('object-lock', lockConfigurationXml());
    }
    const acl = r.headers['x-amz-acl'];
    if (acl && CANNED_ACLS.includes(acl)) state.acl = acl;
    const ownership = r.headers['x-amz-object-ownership'];
    if (ownership)
      state.documents.set(
        'ownershipControls',
        `<OwnershipControls xmlns="${XMLNS}"><Rule><ObjectOwnership>${escapeXml(ownership)}</ObjectOwnership></Rule></OwnershipControls>`,
      );
    return { status: 200, headers: { location: `/${r.bucket}` } };
  }

  private async deleteBucket(bucket: BucketState): Promise<StoreResponse> {
    if (bucket.all.size > 0)
      throw new StoreError(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', {
        BucketName: bucket.name,
      });
    this.buckets.delete(bucket.name);
    await fsp.rm(this.files.bucketDir(bucket.name), { recursive: true, force: true });
    return { status: 204, headers: {} };
  }

  /** Whether objects in this bucket may carry ACLs (Object Ownership is not BucketOwnerEnforced). */
  private aclsEnabled(bucket: BucketState): boolean {
    return !(bucket.documents.get('ownershipControls') ?? '').includes('BucketOwnerEnforced');
  }

  private checkAcl(bucket: BucketState, acl: string | undefined): string {
    if (acl === undefined) return 'private';
    if (!CANNED_ACLS.includes(acl)) throw new StoreError(400, 'InvalidArgument', `Invalid canned ACL: ${acl}`);
    if (!this.aclsEnabled(bucket) && acl !== 'private' && acl !== 'bucket-owner-full-control')
      throw new StoreError(400, 'AccessControlListNotSupported', 'The bucket does not allow ACLs');
    return acl;
  }

  private bucketSetting(bucket: BucketState, name: string, r: StoreRequest): StoreResponse {
    if (name === 'location') {
      return xmlAnswer(`<LocationConstraint xmlns="${XMLNS}"></LocationConstraint>`);
    }
    if (name === 'versioning') {
      if (r.method === 'GET')
        return xmlAnswer(
          `<VersioningConfiguration xmlns="${XMLNS}">${bucket.versioning ? `<Status>${bucket.versioning}</Status>` : ''}${bucket.mfaDelete ? `<MfaDelete>${bucket.mfaDelete}</MfaDelete>` : ''}</VersioningConfiguration>`,
        );
      if (r.method !== 'PUT')
        throw new StoreError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
      const doc = parseXml(r.body)['VersioningConfiguration'] as { Status?: string; MfaDelete?: string } | undefined;
      if (!doc || (doc.Status !== undefined && doc.Status !== 'Enabled' && doc.Status !== 'Suspended'))
        throw malformedXml();
      if (doc.MfaDelete === 'Enabled')
        throw new StoreError(
          400,
          'InvalidRequest',
          'MFA delete can only be set with the root account and an MFA device, which this store does not have.',
        );
      if (bucket.objectLock && doc.Status === 'Suspended')
        throw new StoreError(
          409,
          'InvalidBucketState',
          'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.',
        );
      if (doc.Status) bucket.versioning = doc.Status as 'Enabled' | 'Suspended';
      if (doc.MfaDelete === 'Disabled') bucket.mfaDelete = 'Disabled';
      return { status: 200, headers: {} };
    }
    if (name === 'acl') {
      if (r.method === 'GET') return xmlAnswer(aclXml(bucket.acl));
      if (r.method !== 'PUT')
        throw new StoreError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
      bucket.acl = this.checkAcl(bucket, r.headers['x-amz-acl'] ?? (r.body.length ? cannedFromXml(r.body) : 'private'));
      return { status: 200, headers: {} };
    }
    if (name === 'policyStatus') {
      const policy = bucket.documents.get('policy');
      if (r.method !== 'GET')
        throw new StoreError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
      if (!policy)
        throw new StoreError(404, DOCUMENTS['policy']!.code, DOCUMENTS['policy']!.message, { BucketName: bucket.name });
      return xmlAnswer(
        `<PolicyStatus xmlns="${XMLNS}"><IsPublic>${isPublicPolicy(parsePolicy(policy))}</IsPublic></PolicyStatus>`,
      );
    }
    if (name === 'object-lock') return this.lockConfiguration(bucket, r);
    if (name === 'logging' && r.method === 'GET')
      return xmlAnswer(bucket.documents.get(name) ?? `<BucketLoggingStatus xmlns="${XMLNS}"/>`);
    const missing = DOCUMENTS[name] ?? { code: 'NoSuchConfiguration', message: 'The configuration does not exist' };
    if (r.method === 'GET') {
      const stored = bucket.documents.get(name);
      if (stored === undefined) throw new StoreError(404, missing.code, missing.message, { BucketName: bucket.name });
      if (name === 'policy')
        return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(stored) };
      return xmlAnswer(stored.replace(/^<\?xml[^>]*>\s*/, ''));
    }
    if (r.method === 'DELETE') {
      bucket.documents.delete(name);
      return { status: 204, headers: {} };
    }
    if (r.method !== 'PUT')
      throw new StoreError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    const text = r.body.toString('utf8');
    if (name === 'policy') {
      try {
        parsePolicy(text, bucket.name);
      } catch (error) {
        if (error instanceof PolicyError) throw new StoreError(400, 'MalformedPolicy', error.message);
        throw error;
      }
      bucket.documents.set(name, text);
      return { status: 204, headers: {} };
    }
    parseXml(r.body); // well-formed, or MalformedXML
    bucket.documents.set(name, text);
    return { status: 200, headers: {} };
  }

  // ——— versions ———

  private versionsOf(bucket: BucketState, key: string): ObjectVersion[] {
    return bucket.history.get(key) ?? [];
  }

  /** The version a request names, or the latest; errors as S3 gives them. */
  private findVersion(bucket: BucketState, key: string, versionId: string | undefined): ObjectVersion {
    const versions = this.versionsOf(bucket, key);
    if (versionId === undefined) {
      const latest = versions[0];
      if (!latest) throw noSuchKey(key);
      if (latest.deleteMarker)
        throw noSuchKey(key, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': latest.versionId });
      return latest;
    }
    if (versionId === '')
      throw new StoreError(400, 'InvalidArgument', 'Version id cannot be the empty string', {
        ArgumentName: 'versionId',
      });
    const found = versions.find((v) => v.versionId === versionId);
    if (!found)
      throw new StoreError(404, 'NoSuchVersion', 'The specified version does not exist.', {
        Key: key,
        VersionId: versionId,
      });
    if (found.deleteMarker)
      throw new StoreError(
        405,
        'MethodNotAllowed',
        'The specified method is not allowed against this resource.',
        { Method: 'GET', ResourceType: 'DeleteMarker' },
        {
          'x-amz-delete-marker': 'true',
          'x-amz-version-id': found.versionId,
          'last-modified': new Date(found.lastModified).toUTCString(),
        },
      );
    return found;
  }

  /** Puts a new latest version, as the bucket's versioning state says (replacing or stacking). */
  private async addVersion(bucket: BucketState, version: Omit<ObjectVersion, 'versionId'>): Promise<ObjectVersion> {
    const versions = [...this.versionsOf(bucket, version.key)];
    const removed: ObjectVersion[] = [];
    let versionId = 'null';
    if (bucket.versioning === 'Enabled') versionId = newVersionId();
    else {
      // Never enabled or Suspended: the new write replaces the "null" version, wherever it is.
      const i = versions.findIndex((v) => v.versionId === 'null');
      if (i >= 0) removed.push(...versions.splice(i, 1));
    }
    const added: ObjectVersion = { ...version, versionId };
    versions.unshift(added);
    this.setVersions(bucket, version.key, versions);
    for (const old of removed) if (old.data !== added.data) await this.files.remove(old.data);
    return added;
  }

  private setVersions(bucket: BucketState, key: string, versions: ObjectVersion[]): void {
    if (versions.length) {
      bucket.history.set(key, versions);
      bucket.all.add(key);
    } else {
      bucket.history.delete(key);
      bucket.all.remove(key);
    }
    if (versions[0] && !versions[0].deleteMarker) bucket.current.add(key);
    else bucket.current.remove(key);
  }

  private versionHeaders(bucket: BucketState, version: ObjectVersion): Record<string, string> {
    return bucket.versioning ? { 'x-amz-version-id': version.versionId } : {};
  }

  // ——— objects ———

  /** What a PUT, a copy with REPLACE, or a new upload says about the object besides its bytes. */
  private describedBy(
    bucket: BucketState,
    r: StoreRequest,
  ): Pick<ObjectVersion, 'headers' | 'tags' | 'storageClass' | 'acl' | 'sse' | 'lock'> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(r.headers))
      if (STORED_HEADERS.includes(name) || name.startsWith('x-amz-meta-')) headers[name] = value;
    headers['content-type'] ??= 'binary/octet-stream';
    const storageClass = r.headers['x-amz-storage-class'] ?? 'STANDARD';
    if (!STORAGE_CLASSES.includes(storageClass))
      throw new StoreError(400, 'InvalidStorageClass', 'The storage class you specified is not valid', {
        StorageClassRequested: storageClass,
      });
    return {
      headers,
      tags: r.headers['x-amz-tagging'] ? parseTagging(r.headers['x-amz-tagging']) : [],
      storageClass,
      acl: this.checkAcl(bucket, r.headers['x-amz-acl']),
      sse: this.encryptionFor(bucket, r.headers),
      lock: this.lockFor(bucket, r.headers),
    };
  }

  /** The Object Lock a write asks for (its headers), else the bucket's default retention. */
  private lockFor(bucket: BucketState, headers: Record<string, string>): ObjectLock | undefined {
    const mode = headers['x-amz-object-lock-mode'];
    const until = headers['x-amz-object-lock-retain-until-date'];
    const hold = headers['x-amz-object-lock-legal-hold'];
    if ((mode || until || hold) && !bucket.objectLock)
      throw new StoreError(400, 'InvalidRequest', 'Bucket is missing Object Lock Configuration');
    if (!bucket.objectLock) return undefined;
    if (!mode !== !until)
      throw new StoreError(
        400,
        'InvalidArgument',
        'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied',
      );
    if (hold !== undefined && hold !== 'ON' && hold !== 'OFF')
      throw new StoreError(400, 'InvalidArgument', "Legal Hold must be either of 'ON' or 'OFF'");
    const lock: ObjectLock = { legalHold: hold === 'ON' || undefined };
    if (mode) {
      lock.mode = checkedMode(mode);
      lock.retainUntil = futureDate(until!);
    } else {
      const rule = /<DefaultRetention>([\s\S]*?)<\/DefaultRetention>/.exec(
        bucket.documents.get('object-lock') ?? '',
      )?.[1];
      if (rule) {
        const days = Number(/<Days>(\d+)</.exec(rule)?.[1] ?? 0) || Number(/<Years>(\d+)</.exec(rule)?.[1] ?? 0) * 365;
        lock.mode = checkedMode(/<Mode>([^<]+)</.exec(rule)?.[1] ?? '');
        lock.retainUntil = Date.now() + days * DAY_MS;
      }
    }
    return lock.mode || lock.legalHold ? lock : undefined;
  }

  /** Why a version may not be deleted now (a legal hold, a retention in force), or nothing. */
  private checkUnlocked(version: ObjectVersion, bypassGovernance: boolean): void {
    const lock = version.lock;
    if (!lock) return;
    if (lock.legalHold) throw objectLocked();
    if (lock.mode && (lock.retainUntil ?? 0) > Date.now() && !(lock.mode === 'GOVERNANCE' && bypassGovernance))
      throw objectLocked();
  }

  private lockConfiguration(bucket: BucketState, r: StoreRequest): StoreResponse {
    if (r.method === 'GET') {
      if (!bucket.objectLock)
        throw new StoreError(
          404,
          'ObjectLockConfigurationNotFoundError',
          'Object Lock configuration does not exist for this bucket',
          { BucketName: bucket.name },
        );
      return xmlAnswer(bucket.documents.get('object-lock') ?? lockConfigurationXml());
    }
    if (r.method !== 'PUT')
      throw new StoreError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    const doc = parseXml(r.body)['ObjectLockConfiguration'] as
      | {
          ObjectLockEnabled?: string;
          Rule?: Array<{ DefaultRetention?: { Mode?: string; Days?: string; Years?: string } }>;
        }
      | undefined;
    if (!doc || doc.ObjectLockEnabled !== 'Enabled') throw malformedXml();
    if (!bucket.objectLock && bucket.versioning !== 'Enabled')
      throw new StoreError(
        409,
        'InvalidBucketState',
        "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration",
      );
    if ((doc.Rule?.length ?? 0) > 1) throw malformedXml();
    const retention = doc.Rule?.[0]?.DefaultRetention;
    let rule: { mode: string; days?: number; years?: number } | undefined;
    if (doc.Rule?.length) {
      if (!retention) throw malformedXml();
      const days = retention.Days === undefined ? undefined : Number(retention.Days);
      const years = retention.Years === undefined ? undefined : Number(retention.Years);
      if ((days === undefined) === (years === undefined)) throw malformedXml();
      const count = (days ?? years)!;
      if (!Number.isInteger(count) || count <= 0)
        throw new StoreError(400, 'InvalidArgument', 'Default retention period must be a positive integer value');
      rule = { mode: checkedMode(String(retention.Mode ?? '')), days, years };
    }
    bucket.objectLock = true;
    bucket.documents.set('object-lock', lockConfigurationXml(rule));
    return { status: 200, headers: {} };
  }

  private objectRetention(bucket: BucketState, key: string, r: StoreRequest): StoreResponse {
    const version = this.findVersion(bucket, key, r.query['versionId']);
    const headers = this.versionHeaders(bucket, version);
    if (r.method === 'GET') {
      const lock = version.lock;
      if (!lock?.mode)
        throw new StoreError(
          404,
          'NoSuchObjectLockConfiguration',
          'The specified object does not have a ObjectLock configuration',
        );
      return xmlAnswer(
        `<Retention xmlns="${XMLNS}"><Mode>${lock.mode}</Mode><RetainUntilDate>${new Date(lock.retainUntil!).toISOString()}</RetainUntilDate></Retention>`,
        200,
        headers,
      );
    }
    if (r.method !== 'PUT')
      throw new StoreError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    if (!bucket.objectLock) throw new StoreError(400, 'InvalidRequest', 'Bucket is missing Object Lock Configuration');
    const doc = parseXml(r.body)['Retention'] as { Mode?: string; RetainUntilDate?: string } | string | undefined;
    if (doc === undefined) throw malformedXml();
    const asked = typeof doc === 'object' ? doc : {};
    if (!asked.Mode !== !asked.RetainUntilDate) throw malformedXml();
    const next = asked.Mode
      ? { mode: checkedMode(String(asked.Mode)), retainUntil: futureDate(String(asked.RetainUntilDate)) }
      : undefined;
    const now = version.lock;
    if (now?.mode && (now.retainUntil ?? 0) > Date.now()) {
      // Only lengthened, or made stricter; GOVERNANCE shortened or lifted with the bypass header.
      const weaker =
        !next || next.retainUntil < now.retainUntil! || (now.mode === 'COMPLIANCE' && next.mode !== 'COMPLIANCE');
      if (weaker && !(now.mode === 'GOVERNANCE' && bypassesGovernance(r))) throw objectLocked();
    }
    version.lock = { legalHold: now?.legalHold, ...next };
    return { status: 200, headers };
  }

  private objectLegalHold(bucket: BucketState, key: string, r: StoreRequest): StoreResponse {
    const version = this.findVersion(bucket, key, r.query['versionId']);
    const headers = this.versionHeaders(bucket, version);
    if (r.method === 'GET') {
      if (!bucket.objectLock)
        throw new StoreError(400, 'InvalidRequest', 'Bucket is missing Object Lock Configuration');
      return xmlAnswer(
        `<LegalHold xmlns="${XMLNS}"><Status>${version.lock?.legalHold ? 'ON' : 'OFF'}</Status></LegalHold>`,
        200,
        headers,
      );
    }
    if (r.method !== 'PUT')
      throw new StoreError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    if (!bucket.objectLock) throw new StoreError(400, 'InvalidRequest', 'Bucket is missing Object Lock Configuration');
    const status = (parseXml(r.body)['LegalHold'] as { Status?: string } | undefined)?.Status;
    if (status !== 'ON' && status !== 'OFF') throw malformedXml();
    version.lock = { ...version.lock, legalHold: status === 'ON' || undefined };
    return { status: 200, headers };
  }

  /** The encryption a write gets: as asked, else the bucket's default. */
  private encryptionFor(bucket: BucketState, headers: Record<string, string>): ObjectVersion['sse'] {
    const asked = headers['x-amz-server-side-encryption'];
    if (asked) {
      if (!['AES256', 'aws:kms', 'aws:kms:dsse'].includes(asked))
        throw new StoreError(400, 'InvalidArgument', 'The encryption method specified is not supported');
      return { algorithm: asked, kmsKeyId: headers['x-amz-server-side-encryption-aws-kms-key-id'] };
    }
    const config = bucket.documents.get('encryption');
    if (!config) return undefined;
    const algorithm = /<SSEAlgorithm>([^<]+)</.exec(config)?.[1] ?? 'AES256';
    const kmsKeyId = /<KMSMasterKeyID>([^<]+)</.exec(config)?.[1];
    return { algorithm, kmsKeyId };
  }

  /** If-Match / If-None-Match on a write (PutObject, CompleteMultipartUpload). */
  private checkWriteConditions(bucket: BucketState, key: string, headers: Record<string, string>): void {
    const latest = this.versionsOf(bucket, key)[0];
    const current = latest && !latest.deleteMarker ? latest : undefined;
    const ifNoneMatch = headers['if-none-match']?.trim();
    if (ifNoneMatch !== undefined) {
      if (ifNoneMatch !== '*')
        throw new StoreError(
          501,
          'NotImplemented',
          'A header you provided implies functionality that is not implemented',
          { Header: 'If-None-Match' },
        );
      if (current) throw preconditionFailed('If-None-Match');
    }
    const ifMatch = headers['if-match']?.trim();
    if (ifMatch !== undefined) {
      if (!current) throw noSuchKey(key);
      if (ifMatch !== '*' && ifMatch !== current.etag && quote(ifMatch) !== current.etag)
        throw preconditionFailed('If-Match');
    }
  }

  private async putObject(bucket: BucketState, key: string, r: StoreRequest): Promise<StoreResponse> {
    this.checkWriteConditions(bucket, key, r.headers);
    const described = this.describedBy(bucket, r);
    const checksumName = CHECKSUM_HEADERS.find((h) => r.headers[h]);
    const data = await this.files.writeObject(bucket.name, r.body);
    // The body is on disk; the conditions are checked again, as nothing else may have run since
    // only if another write landed while it was written.
    try {
      this.checkWriteConditions(bucket, key, r.headers);
    } catch (error) {
      await this.files.remove(data);
      throw error;
    }
    const version = await this.addVersion(bucket, {
      key,
      deleteMarker: false,
      lastModified: secondsOf(Date.now()),
      etag: quote(createHash('md5').update(r.body).digest('hex')),
      size: r.body.length,
      data,
      ...described,
      checksum: checksumName ? { name: checksumName, value: r.headers[checksumName]! } : undefined,
    });
    return {
      status: 200,
      headers: {
        etag: version.etag,
        ...this.versionHeaders(bucket, version),
        ...this.sseHeaders(version),
        ...(version.checksum ? { [version.checksum.name]: version.checksum.value } : {}),
      },
    };
  }

  private sseHeaders(version: ObjectVersion): Record<string, string> {
    if (!version.sse) return {};
    return {
      'x-amz-server-side-encryption': version.sse.algorithm,
      ...(version.sse.kmsKeyId ? { 'x-amz-server-side-encryption-aws-kms-key-id': version.sse.kmsKeyId } : {}),
    };
  }

  private restoreHeader(version: ObjectVersion): Record<string, string> {
    if (!version.restore) return {};
    const now = Date.now();
    if (now < version.restore.readyAt) return { 'x-amz-restore': 'ongoing-request="true"' };
    const expiry = new Date(version.restore.readyAt + version.restore.days * 86_400_000);
    if (now >= expiry.getTime()) return {};
    return { 'x-amz-restore': `ongoing-request="false", expiry-date="${expiry.toUTCString()}"` };
  }

  /** Objects in GLACIER / DEEP_ARCHIVE are readable only while a finished restore lasts. */
  private isReadable(version: ObjectVersion): boolean {
    if (!COLD_CLASSES.includes(version.storageClass)) return true;
    return this.restoreHeader(version)['x-amz-restore']?.startsWith('ongoing-request="false"') ?? false;
  }

  private objectHeaders(bucket: BucketState, version: ObjectVersion, r?: StoreRequest): Record<string, string> {
    const headers: Record<string, string> = {
      ...version.headers,
      etag: version.etag,
      'last-modified': new Date(version.lastModified).toUTCString(),
      'accept-ranges': 'bytes',
      ...this.versionHeaders(bucket, version),
      ...this.sseHeaders(version),
      ...this.restoreHeader(version),
    };
    if (version.storageClass !== 'STANDARD') headers['x-amz-storage-class'] = version.storageClass;
    if (version.tags.length) headers['x-amz-tagging-count'] = String(version.tags.length);
    if (version.partsCount) headers['x-amz-mp-parts-count'] = String(version.partsCount);
    if (version.lock?.mode) {
      headers['x-amz-object-lock-mode'] = version.lock.mode;
      headers['x-amz-object-lock-retain-until-date'] = new Date(version.lock.retainUntil!).toISOString();
    }
    if (version.lock?.legalHold) headers['x-amz-object-lock-legal-hold'] = 'ON';
    // As S3: a whole object's checksum, never a range's (the bytes sent are not what it sums).
    if (
      version.checksum &&
      r?.headers['x-amz-checksum-mode']?.toUpperCase() === 'ENABLED' &&
      r.headers['range'] === undefined
    ) {
      headers[version.checksum.name] = version.checksum.value;
      headers['x-amz-checksum-type'] = 'FULL_OBJECT';
    }
    return headers;
  }

  /** GET/HEAD conditions: 412 for If-Match / If-Unmodified-Since, 304 for the other two. */
  private checkReadConditions(version: ObjectVersion, headers: Record<string, string>): StoreResponse | undefined {
    const etagMatches = (list: string) =>
      list.split(',').some((e) => {
        const tag = e.trim();
        return tag === '*' || tag === version.etag || quote(tag) === version.etag;
      });
    const modified = (since: string) => {
      const t = Date.parse(since);
      return Number.isNaN(t) || version.lastModified > t;
    };
    const ifMatch = headers['if-match'];
    if (ifMatch !== undefined && !etagMatches(ifMatch)) throw preconditionFailed('If-Match');
    const ifUnmodified = headers['if-unmodified-since'];
    if (ifMatch === undefined && ifUnmodified !== undefined && modified(ifUnmodified))
      throw preconditionFailed('If-Unmodified-Since');
    const notModified = {
      status: 304,
      headers: { etag: version.etag, 'last-modified': new Date(version.lastModified).toUTCString() },
    };
    const ifNoneMatch = headers['if-none-match'];
    if (ifNoneMatch !== undefined) return etagMatches(ifNoneMatch) ? notModified : undefined;
    const ifModified = headers['if-modified-since'];
    if (ifModified !== undefined && !modified(ifModified)) return notModified;
    return undefined;
  }

  private getObject(bucket: BucketState, key: string, r: StoreRequest): StoreResponse {
    const version = this.findVersion(bucket, key, r.query['versionId']);
    const headers = this.objectHeaders(bucket, version, r);
    const conditional = this.checkReadConditions(version, r.headers);
    if (conditional) return conditional;
    if (r.method === 'GET' && !this.isReadable(version))
      throw new StoreError(403, 'InvalidObjectState', "The operation is not valid for the object's storage class", {
        StorageClass: version.storageClass,
      });
    let range = parseRange(r.headers['range'], version.size);
    const partNumber = r.query['partNumber'];
    if (partNumber !== undefined && version.data && 'files' in version.data && version.partsCount) {
      const n = Number(partNumber);
      const files = version.data.files;
      if (!Number.isInteger(n) || n < 1 || n > files.length)
        throw new StoreError(416, 'InvalidPartNumber', 'The requested partnumber is not satisfiable');
      const start = files.slice(0, n - 1).reduce((s, f) => s + f.size, 0);
      range = { start, end: start + files[n - 1]!.size - 1 };
    }
    for (const [param, header] of [
      ['response-content-type', 'content-type'],
      ['response-content-disposition', 'content-disposition'],
      ['response-content-encoding', 'content-encoding'],
      ['response-content-language', 'content-language'],
      ['response-cache-control', 'cache-control'],
      ['response-expires', 'expires'],
    ] as const)
      if (r.query[param] !== undefined) headers[header] = r.query[param]!;
    if (range) {
      headers['content-range'] = `bytes ${range.start}-${range.end}/${version.size}`;
      headers['content-length'] = String(range.end - range.start + 1);
      delete headers[version.checksum?.name ?? ''];
    } else headers['content-length'] = String(version.size);
    const body =
      r.method === 'HEAD' || version.size === 0 || !version.data ? undefined : this.files.stream(version.data, range);
    return { status: range ? 206 : 200, headers, body };
  }

  private async deleteObject(
    bucket: BucketState,
    key: string,
    versionId: string | undefined,
    bypassGovernance: boolean,
  ): Promise<StoreResponse> {
    const result = await this.removeOne(bucket, key, versionId, bypassGovernance);
    const headers: Record<string, string> = {};
    if (result.deleteMarker) headers['x-amz-delete-marker'] = 'true';
    if (result.versionId) headers['x-amz-version-id'] = result.versionId;
    return { status: 204, headers };
  }

  /** One delete, as DeleteObject and each entry of DeleteObjects do it. */
  private async removeOne(
    bucket: BucketState,
    key: string,
    versionId: string | undefined,
    bypassGovernance: boolean,
  ): Promise<{ deleteMarker?: boolean; versionId?: string }> {
    const versions = [...this.versionsOf(bucket, key)];
    if (versionId !== undefined) {
      const i = versions.findIndex((v) => v.versionId === versionId);
      if (i < 0) return { versionId };
      this.checkUnlocked(versions[i]!, bypassGovernance);
      const [gone] = versions.splice(i, 1);
      this.setVersions(bucket, key, versions);
      await this.files.remove(gone!.data);
      return { deleteMarker: gone!.deleteMarker || undefined, versionId };
    }
    if (!bucket.versioning) {
      this.setVersions(bucket, key, []);
      for (const v of versions) await this.files.remove(v.data);
      return {};
    }
    const marker = await this.addVersion(bucket, {
      ...this.blankVersion(key),
      deleteMarker: true,
      lastModified: secondsOf(Date.now()),
    });
    return { deleteMarker: true, versionId: marker.versionId };
  }

  private async deleteObjects(bucket: BucketState, r: StoreRequest): Promise<StoreResponse> {
    const doc = parseXml(r.body)['Delete'] as
      { Object?: Array<{ Key?: string; VersionId?: string }>; Quiet?: string } | undefined;
    if (!doc || !doc.Object?.length) throw malformedXml();
    if (doc.Object.length > 1000) throw malformedXml();
    const quiet = doc.Quiet === 'true';
    const out: string[] = [];
    for (const entry of doc.Object) {
      const key = String(entry.Key ?? '');
      const versionId = entry.VersionId === undefined ? undefined : String(entry.VersionId);
      let result: { deleteMarker?: boolean; versionId?: string };
      try {
        result = await this.removeOne(bucket, key, versionId, bypassesGovernance(r));
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        // As S3: one key's refusal is an <Error> entry, quiet or not; the others go on.
        out.push(
          `<Error><Key>${escapeXml(key)}</Key>${versionId !== undefined ? `<VersionId>${escapeXml(versionId)}</VersionId>` : ''}<Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error>`,
        );
        continue;
      }
      if (quiet) continue;
      out.push(
        `<Deleted><Key>${escapeXml(key)}</Key>${versionId !== undefined ? `<VersionId>${escapeXml(versionId)}</VersionId>` : ''}${result.deleteMarker ? '<DeleteMarker>true</DeleteMarker>' : ''}${result.deleteMarker && versionId === undefined ? `<DeleteMarkerVersionId>${result.versionId}</DeleteMarkerVersionId>` : ''}</Deleted>`,
      );
    }
    return xmlAnswer(`<DeleteResult xmlns="${XMLNS}">${out.join('')}</DeleteResult>`);
  }

  private async objectTagging(bucket: BucketState, key: string, r: StoreRequest): Promise<StoreResponse> {
    const version = this.findVersion(bucket, key, r.query['versionId']);
    const headers = this.versionHeaders(bucket, version);
    if (r.method === 'GET') return xmlAnswer(tagSetXml(version.tags), 200, headers);
    if (r.method === 'PUT') version.tags = tagsFromXml(r.body);
    else if (r.method === 'DELETE') {
      version.tags = [];
      return { status: 204, headers };
    } else throw new StoreError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    return { status: 200, headers };
  }

  private objectAcl(bucket: BucketState, key: string, r: StoreRequest): StoreResponse {
    const version = this.findVersion(bucket, key, r.query['versionId']);
    if (r.method === 'GET') return xmlAnswer(aclXml(version.acl));
    if (r.method !== 'PUT')
      throw new StoreError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    version.acl = this.checkAcl(bucket, r.headers['x-amz-acl'] ?? (r.body.length ? cannedFromXml(r.body) : 'private'));
    return { status: 200, headers: {} };
  }

  private restoreObject(bucket: BucketState, key: string, r: StoreRequest): StoreResponse {
    const version = this.findVersion(bucket, key, r.query['versionId']);
    if (!COLD_CLASSES.includes(version.storageClass))
      throw new StoreError(403, 'InvalidObjectState', "The operation is not valid for the object's storage class", {
        StorageClass: version.storageClass,
      });
    const doc = (r.body.length ? parseXml(r.body)['RestoreRequest'] : {}) as
      { Days?: string; GlacierJobParameters?: { Tier?: string }; Tier?: string } | undefined;
    if (!doc) throw malformedXml();
    const days = Number(doc.Days ?? 1);
    if (!Number.isInteger(days) || days < 1)
      throw new StoreError(400, 'InvalidArgument', 'Days must be a positive whole number', { ArgumentName: 'Days' });
    const tier = doc.GlacierJobParameters?.Tier ?? doc.Tier ?? 'Standard';
    if (!['Expedited', 'Standard', 'Bulk'].includes(tier)) throw malformedXml();
    if (tier === 'Expedited' && version.storageClass === 'DEEP_ARCHIVE')
      throw new StoreError(400, 'InvalidArgument', 'Expedited retrieval is not available for DEEP_ARCHIVE objects');
    const now = Date.now();
    if (version.restore && now < version.restore.readyAt)
      throw new StoreError(409, 'RestoreAlreadyInProgress', 'Object restore is already in progress');
    if (version.restore && now < version.restore.readyAt + version.restore.days * 86_400_000) {
      version.restore = {
        readyAt: version.restore.readyAt,
        days: days + Math.ceil((now - version.restore.readyAt) / 86_400_000),
      };
      return { status: 200, headers: {} };
    }
    const factor = tier === 'Expedited' ? 0.2 : tier === 'Bulk' ? 2 : 1;
    version.restore = { readyAt: now + this.restoreMs * factor, days };
    return { status: 202, headers: {} };
  }

  // ——— copies ———

  /** The object an x-amz-copy-source names, readable, with the copy-source conditions checked. */
  private copySource(r: StoreRequest): { bucket: BucketState; version: ObjectVersion } {
    const source = parseCopySource(r.headers['x-amz-copy-source']!);
    if (!source)
      throw new StoreError(
        400,
        'InvalidArgument',
        'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
      );
    const bucket = this.bucket(source.bucket);
    const key = source.key;
    let version: ObjectVersion;
    try {
      version = this.findVersion(bucket, key, source.versionId);
    } catch (error) {
      // A delete marker named as a copy source is "invalid request", as S3 says it.
      if (error instanceof StoreError && error.status === 405)
        throw new StoreError(
          400,
          'InvalidRequest',
          'The source of a copy request may not specifically refer to a delete marker by version id.',
        );
      throw error;
    }
    const h = r.headers;
    const etagIs = (list: string) =>
      list.split(',').some((e) => e.trim() === '*' || e.trim() === version.etag || quote(e.trim()) === version.etag);
    const after = (since: string) => version.lastModified > Date.parse(since);
    if (h['x-amz-copy-source-if-match'] !== undefined && !etagIs(h['x-amz-copy-source-if-match']))
      throw preconditionFailed('x-amz-copy-source-If-Match');
    if (h['x-amz-copy-source-if-none-match'] !== undefined && etagIs(h['x-amz-copy-source-if-none-match']))
      throw preconditionFailed('x-amz-copy-source-If-None-Match');
    if (
      h['x-amz-copy-source-if-unmodified-since'] !== undefined &&
      h['x-amz-copy-source-if-match'] === undefined &&
      after(h['x-amz-copy-source-if-unmodified-since'])
    )
      throw preconditionFailed('x-amz-copy-source-If-Unmodified-Since');
    if (
      h['x-amz-copy-source-if-modified-since'] !== undefined &&
      h['x-amz-copy-source-if-none-match'] === undefined &&
      !after(h['x-amz-copy-source-if-modified-since'])
    )
      throw preconditionFailed('x-amz-copy-source-If-Modified-Since');
    if (!this.isReadable(version))
      throw new StoreError(403, 'InvalidObjectState', "The operation is not valid for the object's storage class", {
        StorageClass: version.storageClass,
      });
    return { bucket, version };
  }

  private async copyObject(bucket: BucketState, key: string, r: StoreRequest): Promise<StoreResponse> {
    const source = this.copySource(r);
    const from = source.version;
    if (from.size > MAX_COPY_SIZE)
      throw new StoreError(
        400,
        'InvalidRequest',
        'The specified copy source is larger than the maximum allowable size for a copy source: 5368709120',
      );
    const replaceMetadata = r.headers['x-amz-metadata-directive']?.toUpperCase() === 'REPLACE';
    const replaceTags = r.headers['x-amz-tagging-directive']?.toUpperCase() === 'REPLACE';
    const described = this.describedBy(bucket, r);
    const sameObject = source.bucket === bucket && from.key === key;
    const changesSomething =
      replaceMetadata ||
      r.headers['x-amz-storage-class'] !== undefined ||
      r.headers['x-amz-server-side-encryption'] !== undefined ||
      r.headers['x-amz-website-redirect-location'] !== undefined;
    if (
      sameObject &&
      !changesSomething &&
      r.query['versionId'] === undefined &&
      from === this.versionsOf(bucket, key)[0]
    )
      throw new StoreError(
        400,
        'InvalidRequest',
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    this.checkWriteConditions(bucket, key, r.headers);
    const data = from.data ? await this.files.duplicate(bucket.name, from.data) : undefined;
    const version = await this.addVersion(bucket, {
      key,
      deleteMarker: false,
      lastModified: secondsOf(Date.now()),
      etag: from.etag,
      size: from.size,
      data,
      partsCount: from.partsCount,
      headers: replaceMetadata ? described.headers : { ...from.headers },
      tags: replaceTags ? described.tags : [...from.tags],
      storageClass: described.storageClass,
      acl: described.acl,
      sse: described.sse,
      lock: described.lock,
      checksum: from.checksum,
    });
    const sourceVersion: Record<string, string> = source.bucket.versioning
      ? { 'x-amz-copy-source-version-id': from.versionId }
      : {};
    return xmlAnswer(
      `<CopyObjectResult xmlns="${XMLNS}"><LastModified>${new Date(version.lastModified).toISOString()}</LastModified><ETag>${escapeXml(version.etag)}</ETag></CopyObjectResult>`,
      200,
      { ...this.versionHeaders(bucket, version), ...sourceVersion, ...this.sseHeaders(version) },
    );
  }

  // ——— multipart ———

  private upload(bucket: BucketState, uploadId: string, key: string): Upload {
    const upload = bucket.uploads.get(uploadId);
    if (!upload || upload.key !== key)
      throw new StoreError(
        404,
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
        { UploadId: uploadId },
      );
    return upload;
  }

  private createUpload(bucket: BucketState, key: string, r: StoreRequest): StoreResponse {
    const uploadId = randomBytes(16).toString('hex');
    const described = this.describedBy(bucket, r);
    const checksum = uploadChecksum(r.headers);
    bucket.uploads.set(uploadId, {
      uploadId,
      key,
      initiated: Date.now(),
      template: described,
      parts: new Map(),
      checksum,
    });
    return xmlAnswer(
      `<InitiateMultipartUploadResult xmlns="${XMLNS}"><Bucket>${escapeXml(bucket.name)}</Bucket><Key>${escapeXml(key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
      200,
      this.sseHeaders(described as ObjectVersion),
    );
  }

  private async uploadPart(bucket: BucketState, upload: Upload, r: StoreRequest): Promise<StoreResponse> {
    const number = Number(r.query['partNumber']);
    if (!Number.isInteger(number) || number < 1 || number > 10000)
      throw new StoreError(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', {
        ArgumentName: 'partNumber',
        ArgumentValue: r.query['partNumber'] ?? '',
      });
    let bytes = r.body;
    let copied: ObjectVersion | undefined;
    if (r.headers['x-amz-copy-source']) {
      copied = this.copySource(r).version;
      const range = r.headers['x-amz-copy-source-range'];
      let byteRange: ByteRange | undefined;
      if (range) {
        const m = /^bytes=(\d+)-(\d+)$/.exec(range.trim());
        if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) >= copied.size)
          throw new StoreError(
            400,
            'InvalidArgument',
            'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
            { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: range },
          );
        byteRange = { start: Number(m[1]), end: Number(m[2]) };
      }
      bytes = copied.data && copied.size ? await this.files.read(copied.data, byteRange) : Buffer.alloc(0);
    }
    const file = path.join(
      this.files.uploadDir(bucket.name, upload.uploadId),
      `${number}.${randomBytes(4).toString('hex')}`,
    );
    await this.files.write(file, bytes);
    // An abort may have run while the part was written: then the part goes too.
    if (bucket.uploads.get(upload.uploadId) !== upload) {
      await fsp.rm(file, { force: true });
      throw new StoreError(
        404,
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
        { UploadId: upload.uploadId },
      );
    }
    const previous = upload.parts.get(number);
    const etag = quote(createHash('md5').update(bytes).digest('hex'));
    const checksumName = CHECKSUM_HEADERS.find((h) => r.headers[h]);
    upload.parts.set(number, {
      file,
      size: bytes.length,
      etag,
      lastModified: Date.now(),
      checksum: checksumName ? { name: checksumName, value: r.headers[checksumName]! } : undefined,
    });
    if (previous) await fsp.rm(previous.file, { force: true });
    if (copied)
      return xmlAnswer(
        `<CopyPartResult xmlns="${XMLNS}"><LastModified>${new Date().toISOString()}</LastModified><ETag>${escapeXml(etag)}</ETag></CopyPartResult>`,
      );
    return { status: 200, headers: { etag, ...(checksumName ? { [checksumName]: r.headers[checksumName]! } : {}) } };
  }

  private async completeUpload(bucket: BucketState, upload: Upload, r: StoreRequest): Promise<StoreResponse> {
    const doc = parseXml(r.body)['CompleteMultipartUpload'] as
      { Part?: Array<{ PartNumber?: string; ETag?: string }> } | undefined;
    if (!doc?.Part?.length) throw malformedXml();
    const requested = doc.Part.map((p) => ({ number: Number(p.PartNumber), etag: String(p.ETag ?? '') }));
    const chosen = requested.map((part, i) => {
      if (i > 0 && part.number <= requested[i - 1]!.number)
        throw new StoreError(
          400,
          'InvalidPartOrder',
          'The list of parts was not in ascending order. Parts must be ordered by part number.',
          { UploadId: upload.uploadId },
        );
      const have = upload.parts.get(part.number);
      if (!have || have.etag.replace(/"/g, '') !== part.etag.replace(/"/g, ''))
        throw new StoreError(
          400,
          'InvalidPart',
          "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
          { UploadId: upload.uploadId, PartNumber: String(part.number), ETag: part.etag },
        );
      if (i < requested.length - 1 && have.size < MIN_PART_SIZE)
        throw new StoreError(
          400,
          'EntityTooSmall',
          'Your proposed upload is smaller than the minimum allowed object size.',
          { PartNumber: String(part.number), ProposedSize: String(have.size), MinSizeAllowed: String(MIN_PART_SIZE) },
        );
      return have;
    });
    this.checkWriteConditions(bucket, upload.key, r.headers);
    const checksum = wholeObjectChecksum(
      upload,
      chosen.map((part, i) => ({ ...part, number: requested[i]!.number })),
      r.headers,
    );
    bucket.uploads.delete(upload.uploadId);
    const digest = createHash('md5');
    for (const part of chosen) digest.update(Buffer.from(part.etag.replace(/"/g, ''), 'hex'));
    const etag = quote(`${digest.digest('hex')}-${chosen.length}`);
    const data = await this.files.adopt(bucket.name, chosen);
    await fsp.rm(this.files.uploadDir(bucket.name, upload.uploadId), { recursive: true, force: true });
    const version = await this.addVersion(bucket, {
      key: upload.key,
      deleteMarker: false,
      lastModified: secondsOf(Date.now()),
      etag,
      size: dataSize(data),
      data,
      partsCount: chosen.length,
      ...upload.template,
      checksum,
    });
    const whole = checksum ? `${checksumXml(checksum)}<ChecksumType>FULL_OBJECT</ChecksumType>` : '';
    return xmlAnswer(
      `<CompleteMultipartUploadResult xmlns="${XMLNS}"><Location>/${escapeXml(bucket.name)}/${escapeXml(upload.key)}</Location><Bucket>${escapeXml(bucket.name)}</Bucket><Key>${escapeXml(upload.key)}</Key><ETag>${escapeXml(etag)}</ETag>${whole}</CompleteMultipartUploadResult>`,
      200,
      {
        ...this.versionHeaders(bucket, version),
        ...this.sseHeaders(version),
        ...(checksum ? { [checksum.name]: checksum.value, 'x-amz-checksum-type': 'FULL_OBJECT' } : {}),
      },
    );
  }

  private async abortUpload(bucket: BucketState, upload: Upload): Promise<StoreResponse> {
    bucket.uploads.delete(upload.uploadId);
    await fsp.rm(this.files.uploadDir(bucket.name, upload.uploadId), { recursive: true, force: true });
    return { status: 204, headers: {} };
  }

  private listParts(bucket: BucketState, upload: Upload, q: Record<string, string>): StoreResponse {
    const marker = intParam(q, 'part-number-marker', 0, 10000);
    const maxParts = intParam(q, 'max-parts', 1000, 1000);
    const all = [...upload.parts.entries()].filter(([n]) => n > marker).sort((a, b) => a[0] - b[0]);
    const parts = all.slice(0, maxParts);
    const items = parts
      .map(
        ([n, p]) =>
          `<Part><PartNumber>${n}</PartNumber><LastModified>${new Date(p.lastModified).toISOString()}</LastModified><ETag>${escapeXml(p.etag)}</ETag><Size>${p.size}</Size>${p.checksum ? checksumXml(p.checksum) : ''}</Part>`,
      )
      .join('');
    return xmlAnswer(
      `<ListPartsResult xmlns="${XMLNS}"><Bucket>${escapeXml(bucket.name)}</Bucket><Key>${escapeXml(upload.key)}</Key><UploadId>${upload.uploadId}</UploadId><PartNumberMarker>${marker}</PartNumberMarker>${parts.length ? `<NextPartNumberMarker>${parts.at(-1)![0]}</NextPartNumberMarker>` : ''}<MaxParts>${maxParts}</MaxParts><IsTruncated>${all.length > parts.length}</IsTruncated><StorageClass>${upload.template.storageClass}</StorageClass>${items}</ListPartsResult>`,
    );
  }

  private listUploads(bucket: BucketState, q: Record<string, string>): StoreResponse {
    const prefix = q['prefix'] ?? '';
    const keyMarker = q['key-marker'] ?? '';
    const maxUploads = intParam(q, 'max-uploads', 1000, 1000);
    const all = [...bucket.uploads.values()]
      .filter((u) => u.key.startsWith(prefix) && (!keyMarker || compareKeys(u.key, keyMarker) > 0))
      .sort((a, b) => compareKeys(a.key, b.key) || a.initiated - b.initiated);
    const shown = all.slice(0, maxUploads);
    const truncated = all.length > shown.length;
    const items = shown
      .map(
        (u) =>
          `<Upload><Key>${escapeXml(u.key)}</Key><UploadId>${u.uploadId}</UploadId><Initiator>${OWNER}</Initiator><Owner>${OWNER}</Owner><StorageClass>${u.template.storageClass}</StorageClass><Initiated>${new Date(u.initiated).toISOString()}</Initiated></Upload>`,
      )
      .join('');
    const next = truncated
      ? `<NextKeyMarker>${escapeXml(shown.at(-1)!.key)}</NextKeyMarker><NextUploadIdMarker>${shown.at(-1)!.uploadId}</NextUploadIdMarker>`
      : '';
    return xmlAnswer(
      `<ListMultipartUploadsResult xmlns="${XMLNS}"><Bucket>${escapeXml(bucket.name)}</Bucket><KeyMarker>${escapeXml(keyMarker)}</KeyMarker><UploadIdMarker></UploadIdMarker>${next}<Prefix>${escapeXml(prefix)}</Prefix><MaxUploads>${maxUploads}</MaxUploads><IsTruncated>${truncated}</IsTruncated>${items}</ListMultipartUploadsResult>`,
    );
  }

  // ——— listings ———

  private encoder(q: Record<string, string>): (s: string) => string {
    const url = q['encoding-type'] === 'url';
    if (q['encoding-type'] !== undefined && !url)
      throw new StoreError(400, 'InvalidArgument', 'Invalid Encoding Method specified in Request', {
        ArgumentName: 'encoding-type',
        ArgumentValue: q['encoding-type'],
      });
    return (s) => escapeXml(url ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  }

  private listObjects(bucket: BucketState, q: Record<string, string>): StoreResponse {
    const v2 = q['list-type'] === '2';
    const enc = this.encoder(q);
    const url = q['encoding-type'] === 'url';
    const maxKeys = intParam(q, 'max-keys', 1000, 1000);
    const prefix = q['prefix'] ?? '';
    const delimiter = q['delimiter'] ?? '';
    let startAfter: string | undefined;
    if (v2) {
      if (q['continuation-token']) {
        const decoded = Buffer.from(q['continuation-token'], 'base64url').toString('utf8');
        if (!decoded.startsWith('1:'))
          throw new StoreError(400, 'InvalidArgument', 'The continuation token provided is incorrect', {
            ArgumentName: 'continuation-token',
          });
        startAfter = decoded.slice(2);
      } else startAfter = q['start-after'];
    } else startAfter = q['marker'];
    const page = bucket.current.list({ prefix, delimiter, startAfter, maxKeys });
    const owner = `<Owner>${OWNER}</Owner>`;
    const contents = page.entries
      .map((e) => {
        if (e.kind !== 'key') return '';
        const v = this.versionsOf(bucket, e.key)[0]!;
        return `<Contents><Key>${enc(e.key)}</Key><LastModified>${new Date(v.lastModified).toISOString()}</LastModified><ETag>${escapeXml(v.etag)}</ETag><Size>${v.size}</Size>${!v2 || q['fetch-owner'] === 'true' ? owner : ''}<StorageClass>${v.storageClass}</StorageClass></Contents>`;
      })
      .join('');
    const prefixes = this.prefixesXml(page.entries, enc);
    const common = `<Name>${escapeXml(bucket.name)}</Name><Prefix>${enc(prefix)}</Prefix>`;
    const tail = `<MaxKeys>${maxKeys}</MaxKeys>${delimiter ? `<Delimiter>${enc(delimiter)}</Delimiter>` : ''}${url ? '<EncodingType>url</EncodingType>' : ''}<IsTruncated>${page.isTruncated}</IsTruncated>`;
    const body = v2
      ? `${common}${q['continuation-token'] ? `<ContinuationToken>${escapeXml(q['continuation-token'])}</ContinuationToken>` : ''}${q['start-after'] !== undefined ? `<StartAfter>${enc(q['start-after'])}</StartAfter>` : ''}<KeyCount>${page.entries.length}</KeyCount>${tail}${page.isTruncated && page.last !== undefined ? `<NextContinuationToken>${Buffer.from(`1:${page.last}`).toString('base64url')}</NextContinuationToken>` : ''}`
      : `${common}<Marker>${enc(q['marker'] ?? '')}</Marker>${page.isTruncated && delimiter && page.last !== undefined ? `<NextMarker>${enc(page.last)}</NextMarker>` : ''}${tail}`;
    return xmlAnswer(`<ListBucketResult xmlns="${XMLNS}">${body}${contents}${prefixes}</ListBucketResult>`);
  }

  private prefixesXml(entries: ListEntry[], enc: (s: string) => string): string {
    return entries
      .map((e) => (e.kind === 'prefix' ? `<CommonPrefixes><Prefix>${enc(e.prefix)}</Prefix></CommonPrefixes>` : ''))
      .join('');
  }

  /** ListObjectVersions: keys in order, each key's versions newest first, markers as S3 pages them. */
  private listVersions(bucket: BucketState, q: Record<string, string>): StoreResponse {
    const enc = this.encoder(q);
    const maxKeys = intParam(q, 'max-keys', 1000, 1000);
    const prefix = q['prefix'] ?? '';
    const delimiter = q['delimiter'] ?? '';
    const keyMarker = q['key-marker'] ?? '';
    const versionIdMarker = q['version-id-marker'] ?? '';
    if (versionIdMarker && !keyMarker)
      throw new StoreError(400, 'InvalidArgument', 'A version-id marker cannot be specified without a key marker.', {
        ArgumentName: 'version-id-marker',
      });
    const items: string[] = [];
    let count = 0;
    let truncated = false;
    let nextKey: string | undefined;
    let nextVersion: string | undefined;
    const emit = (v: ObjectVersion, isLatest: boolean) => {
      const common = `<Key>${enc(v.key)}</Key><VersionId>${v.versionId}</VersionId><IsLatest>${isLatest}</IsLatest><LastModified>${new Date(v.lastModified).toISOString()}</LastModified>`;
      items.push(
        v.deleteMarker
          ? `<DeleteMarker>${common}<Owner>${OWNER}</Owner></DeleteMarker>`
          : `<Version>${common}<ETag>${escapeXml(v.etag)}</ETag><Size>${v.size}</Size><StorageClass>${v.storageClass}</StorageClass><Owner>${OWNER}</Owner></Version>`,
      );
      count++;
      nextKey = v.key;
      nextVersion = v.versionId;
    };
    const emitKey = (key: string, after?: string): boolean => {
      const versions = this.versionsOf(bucket, key);
      let i = 0;
      if (after !== undefined) {
        i = versions.findIndex((v) => v.versionId === after) + 1;
        if (i === 0) return true;
      }
      for (; i < versions.length; i++) {
        if (count === maxKeys) {
          truncated = true;
          return false;
        }
        emit(versions[i]!, i === 0);
      }
      return true;
    };
    let cursor = keyMarker || undefined;
    if (
      keyMarker &&
      versionIdMarker &&
      keyMarker.startsWith(prefix) &&
      !(delimiter && keyMarker.indexOf(delimiter, prefix.length) >= 0)
    ) {
      emitKey(keyMarker, versionIdMarker);
    }
    while (!truncated) {
      const page = bucket.all.list({ prefix, delimiter, startAfter: cursor, maxKeys: 1000 });
      for (const entry of page.entries) {
        if (count === maxKeys) {
          truncated = true;
          break;
        }
        if (entry.kind === 'prefix') {
          items.push(`<CommonPrefixes><Prefix>${enc(entry.prefix)}</Prefix></CommonPrefixes>`);
          count++;
          nextKey = entry.prefix;
          nextVersion = undefined;
          continue;
        }
        if (!emitKey(entry.key)) break;
      }
      if (truncated || !page.isTruncated || page.last === undefined) break;
      cursor = page.last;
    }
    const next = truncated
      ? `<NextKeyMarker>${enc(nextKey ?? '')}</NextKeyMarker>${nextVersion !== undefined ? `<NextVersionIdMarker>${nextVersion}</NextVersionIdMarker>` : ''}`
      : '';
    return xmlAnswer(
      `<ListVersionsResult xmlns="${XMLNS}"><Name>${escapeXml(bucket.name)}</Name><Prefix>${enc(prefix)}</Prefix><KeyMarker>${enc(keyMarker)}</KeyMarker><VersionIdMarker>${escapeXml(versionIdMarker)}</VersionIdMarker>${next}<MaxKeys>${maxKeys}</MaxKeys>${delimiter ? `<Delimiter>${enc(delimiter)}</Delimiter>` : ''}${q['encoding-type'] === 'url' ? '<EncodingType>url</EncodingType>' : ''}<IsTruncated>${truncated}</IsTruncated>${items.join('')}</ListVersionsResult>`,
    );
  }
}

/** Starts an embedded store in `directory`, or in a new scratch folder (removed at stop). */
export async function startEmbeddedStore(
  options: Partial<EmbeddedStoreOptions> & { seed?: StoreSeed } = {},
): Promise<EmbeddedStore> {
  const directory = options.directory ?? (await newScratchDirectory('bucket-explorer-store-'));
  return EmbeddedStore.start({ ...options, directory });
}

/** A checksum as S3's XML says it: `x-amz-checksum-crc32` → `<ChecksumCRC32>…</ChecksumCRC32>`. */
function checksumXml(checksum: { name: string; value: string }): string {
  const element = `Checksum${checksum.name.slice('x-amz-checksum-'.length).toUpperCase()}`;
  return `<${element}>${escapeXml(checksum.value)}</${element}>`;
}

/**
 * What CreateMultipartUpload asks of the parts' checksums, refused as S3 refuses it: a whole-object
 * checksum is a CRC's (a SHA cannot be combined from parts), and CRC64NVME has only that kind.
 */
function uploadChecksum(headers: Record<string, string>): Upload['checksum'] {
  const algorithm = headers['x-amz-checksum-algorithm']?.toUpperCase();
  const type = headers['x-amz-checksum-type']?.toUpperCase();
  if (!algorithm) {
    if (type)
      throw new StoreError(
        400,
        'InvalidRequest',
        'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.',
      );
    return undefined;
  }
  const chosen = type ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  if (chosen !== 'FULL_OBJECT' && chosen !== 'COMPOSITE')
    throw new StoreError(400, 'InvalidRequest', `Value for x-amz-checksum-type header is invalid.`);
  if (chosen === 'FULL_OBJECT' && !['CRC32', 'CRC32C', 'CRC64NVME'].includes(algorithm))
    throw new StoreError(
      400,
      'InvalidRequest',
      `The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`,
    );
  if (chosen === 'COMPOSITE' && algorithm === 'CRC64NVME')
    throw new StoreError(
      400,
      'InvalidRequest',
      'The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.',
    );
  return { algorithm, type: chosen };
}

/**
 * A FULL_OBJECT upload's checksum, combined from its parts' as S3 does (the client's, when it sends
 * one, must be the same: BadDigest otherwise); undefined for any other upload.
 */
function wholeObjectChecksum(
  upload: Upload,
  parts: Array<{ number: number; size: number; checksum?: { name: string; value: string } }>,
  headers: Record<string, string>,
): { name: string; value: string } | undefined {
  const asked = headers['x-amz-checksum-type']?.toUpperCase();
  const made = upload.checksum?.type ?? 'COMPOSITE';
  if (asked && upload.checksum && asked !== made)
    throw new StoreError(
      400,
      'InvalidRequest',
      `The upload was created using the ${made} checksum mode. The complete request must use the same checksum mode.`,
    );
  if (made !== 'FULL_OBJECT' || !upload.checksum) return undefined;
  const algorithm = upload.checksum.algorithm as CombinableChecksum;
  const name = `x-amz-checksum-${algorithm.toLowerCase()}`;
  const sums = parts.map((part) => {
    if (part.checksum?.name !== name)
      throw new StoreError(
        400,
        'InvalidRequest',
        `The upload was created using the ${algorithm.toLowerCase()} checksum algorithm. Part ${part.number} did not include a ${algorithm.toLowerCase()} checksum.`,
      );
    return { checksum: part.checksum.value, size: part.size };
  });
  const value = combineChecksums(algorithm, sums);
  const claimed = headers[name];
  if (claimed !== undefined && claimed !== value)
    throw new StoreError(
      400,
      'BadDigest',
      `The ${algorithm.toLowerCase()} you specified did not match the calculated checksum.`,
    );
  return { name, value };
}
