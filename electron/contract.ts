// The one typed map between the renderer and the main process.
// Every invoke channel is `domain/action` → (request) => Promise<response>; every pushed event is
// `domain/event` → payload. The preload (in the app) and the browser test host (in e2e) both
// implement `BridgeApi`; the renderer knows nothing else. Argument schemas live in
// ipc-schemas.ts (main only) and are typed against this file so the two cannot drift apart.
import type { BlockSwitches } from './shared/public-access.js';
import type { LifecycleRuleView, NewLifecycleRule } from './shared/lifecycle.js';
import type { CorsRuleView, NewCorsRule } from './shared/cors-rules.js';
import type { DefaultEncryption } from './shared/default-encryption.js';
import type { WebsiteSetting } from './shared/website.js';
import type { BucketLock, ObjectLockChange, ObjectLockState } from './shared/object-lock.js';
export type { BlockSwitches };

export type ConnectionKind = 'demo' | 'profile' | 'keys' | 'endpoint' | 'anonymous';

export interface ConnectionSummary {
  id: string;
  name: string;
  kind: ConnectionKind;
  /** Region used until a bucket's own region is learned. */
  defaultRegion: string;
  /** e.g. `http://s3.{region}.localhost:9000`; absent for AWS's own endpoints. */
  endpointTemplate?: string;
  anonymous: boolean;
  /** For saved endpoints: how the secret key is kept ('weak' = obfuscated only, Linux basic_text). */
  secretStorage?: 'os' | 'weak' | 'none';
  forcePathStyle?: boolean;
  /** Saved by the user, so it can be edited and removed. */
  removable?: boolean;
  /** For saved connections with keys: the access key id (never the secret), to edit it. */
  accessKeyId?: string;
  /** Buckets worth opening by name on this connection (the demo's other-account, public and directory buckets). */
  suggestedBuckets?: string[];
}

export interface NewConnection {
  name: string;
  /** 'aws': Amazon S3 itself, with access keys; 'endpoint': an S3-compatible service. */
  service: 'aws' | 'endpoint';
  /** `https://s3.{region}.example.com` or a fixed URL; only for 'endpoint'. */
  endpointTemplate?: string;
  region: string;
  forcePathStyle: boolean;
  anonymous: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** For temporary keys (ASIA…). */
  sessionToken?: string;
}
/** What a connection test found: it never saves anything. */
export interface ConnectionTestResult {
  ok: boolean;
  /** In words: "Connected: 12 buckets listed", or what went wrong and what to do. */
  message: string;
  /** The hop chain of the request that decided it, e.g. `us-east-1 → 403 AccessDenied`. */
  chain?: string;
}

export interface BucketSummary {
  name: string;
  createdAt?: string;
  /** Region as reported by ListBuckets (BucketRegion) or learned by the transport. */
  region?: string;
}

export type HopDecision =
  | 'done' // final answer, success or an error that is not a redirect
  | 'follow-temporary' // 307: resend the same request to Location, once
  | 'reissue-in-region' // 301 / 400 with a region: re-sign for that region and send again
  | 'retry' // transient failure retried by the SDK's retry strategy
  | 'refused'; // a redirect we would not follow (loop, downgrade, foreign host, too many hops)

export interface HopRecord {
  method: string;
  /** URL as sent, with signatures, credentials and tokens redacted. */
  url: string;
  host: string;
  signingRegion: string;
  status?: number;
  code?: string;
  /** Region the response pointed at (x-amz-bucket-region, XML Region or Endpoint). */
  regionHint?: string;
  location?: string;
  decision: HopDecision;
  why: string;
  startedAt: number;
  /** Until the response headers arrived. */
  durationMs: number;
  /** Until the response body was read to its end (a download streams long after its headers). */
  bodyDoneMs?: number;
  /** Network-level failure (reset, refused, timeout), when there was no HTTP response. */
  networkError?: string;
  /** S3's x-amz-request-id and x-amz-id-2 for this exchange: what AWS Support asks for. */
  requestId?: string;
  hostId?: string;
}

export interface RequestRecord {
  id: number;
  connectionId: string;
  operation: string;
  bucket?: string;
  key?: string;
  startedAt: number;
  durationMs?: number;
  hops: HopRecord[];
  outcome: 'pending' | 'ok' | 'error';
  status?: number;
  errorCode?: string;
  errorMessage?: string;
  bytesSent?: number;
  /** Final region the request was served from. */
  region?: string;
  /** Asked whether something is there (a name free for a copy or an upload): a 404 answers it. */
  absentIsAnswer?: boolean;
}

export type LocationType = 'Region' | 'AvailabilityZone' | 'LocalZone';

export type AccessVerdict = 'ok' | 'forbidden' | 'not-found' | 'bad-request' | 'redirect' | 'error';

export interface PermissionCheck {
  action: string;
  /** true allowed, false denied, null not determinable (e.g. network error). */
  allowed: boolean | null;
  status?: number;
  code?: string;
}

export type ProbeDepth = 'region' | 'full';
/**
 * What the app offers on a bucket, judged from the permission checks: 'read-write' when the
 * identity may read the bucket's own settings (as its owner may), 'read-only' when it may list but
 * not that, 'none' when it may not even list. Absent until a full probe has run.
 */
export type AccessMode = 'read-write' | 'read-only' | 'none';
export interface ProbeResult {
  bucket: string;
  depth: ProbeDepth;
  mode?: AccessMode;
  region?: string;
  regionSource: 'header' | 'error-body' | 'xml-endpoint' | 'directory-zone' | 'cache' | 'unknown';
  locationType: LocationType;
  /** Zone id for directory buckets, the region name otherwise. */
  locationName?: string;
  accessPointAlias?: boolean;
  bucketArn?: string;
  access: { status?: number; verdict: AccessVerdict; explanation: string };
  expectedOwner?: { account: string; matches: boolean };
  permissions: PermissionCheck[];
  probedAt: number;
}

export interface ObjectRow {
  key: string;
  size: number;
  lastModified?: string;
  storageClass?: string;
  etag?: string;
}

export interface IncompleteUpload {
  key: string;
  uploadId: string;
  initiated?: string;
  /** Bytes of the parts uploaded so far. */
  bytes: number;
  parts: number;
}
export interface ListPage {
  bucket: string;
  prefix: string;
  folders: string[];
  objects: ObjectRow[];
  /** Present while more pages remain; pass back to get the next page. */
  nextToken?: string;
}

export type PublicAccessState = 'public' | 'objects-can-be-public' | 'not-public' | 'authorized-only' | 'unknown';

/**
 * The account-level Block Public Access as it bears on one bucket: the switches of the account
 * this connection signs as (null: none set) when the bucket is that account's; another owner's
 * switches cannot be read; or why they could not be read at all.
 */
export type AccountBlockReport =
  | { status: 'applies'; accountId: string; switches: BlockSwitches | null }
  | { status: 'other-owner'; accountId: string }
  | { status: 'unreadable'; reason: string };

/** What decides whether a bucket is public, as read (undefined: could not be read; null: not set). */
export interface BucketAccessReport {
  bucket: string;
  /** The console's label, and the setting that decides it, in a sentence. */
  publicAccess: PublicAccessState;
  publicAccessReason: string;
  /** The account's own switches (S3 Control), which S3 applies with the bucket's own. */
  accountBlockPublicAccess: AccountBlockReport;
  /** The bucket's own switches; null when none are set. */
  blockPublicAccess?: BlockSwitches | null;
  policy?: { text: string; statements?: string[]; problem?: string } | null;
  /** GetBucketPolicyStatus's answer, where the service gives one. */
  policyStatusIsPublic?: boolean;
  objectOwnership?: string | null;
  aclGrants?: Array<{ grantee: string; group: boolean; permission: string }>;
  encryption?: DefaultEncryption | null;
  versioning?: BucketVersioning;
  /** Rules in words; [] when none. */
  /** The CORS rules, in words (none: empty; undefined: could not be read). */
  cors?: CorsRuleView[];
  /** The static website setting (null: off; undefined: could not be read). */
  website?: WebsiteSetting | null;
  /** Object Lock (null: off; undefined: could not be read). */
  objectLock?: BucketLock | null;
  /** The bucket's tags (none: empty; undefined: could not be read). */
  tags?: Record<string, string>;
  /** The lifecycle rules, in words (none: empty; undefined: could not be read). */
  lifecycle?: LifecycleRuleView[];
  /** Settings this identity may not read, with the error code. */
  unreadable: Array<{ setting: string; code: string }>;
}

/** A bucket's versioning: never enabled, Enabled, or Suspended (it can never go back to never). */
export interface BucketVersioning {
  status: 'Never' | 'Enabled' | 'Suspended';
  mfaDelete: boolean;
}

/** One version or delete marker, as ListObjectVersions gives it. */
export interface VersionRow {
  key: string;
  versionId: string;
  isLatest: boolean;
  deleteMarker: boolean;
  size: number;
  lastModified?: string;
  storageClass?: string;
  etag?: string;
}

/** One page of a folder's size: its current objects (by storage class), and with versions asked for, the rest. */
export interface FolderMeasure {
  objects: number;
  bytes: number;
  nextToken?: string;
  byClass: Record<string, { objects: number; bytes: number }>;
  /** Older versions (stored and billed like objects) — counted only when versions were asked for. */
  noncurrent?: { versions: number; bytes: number };
  /** Delete markers (no bytes, but each one a listing entry) — counted only when versions were asked for. */
  deleteMarkers?: number;
}

export interface VersionsPage {
  bucket: string;
  prefix: string;
  folders: string[];
  versions: VersionRow[];
  /** Present while more pages remain: pass both markers back. */
  next?: { keyMarker: string; versionIdMarker?: string };
}

export interface VersionsDeleted {
  deleted: number;
  errors: Array<{ key: string; versionId?: string; code: string; message: string }>;
}

/** An edit of an object's headers, metadata or storage class: absent fields are kept, '' removes one. */
export interface ObjectEdit {
  contentType?: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  /** An HTTP date or ISO date; '' removes it. */
  expires?: string;
  /** The whole user metadata (x-amz-meta-*), replacing what was there. */
  metadata?: Record<string, string>;
  storageClass?: string;
}

export interface RestoreAnswer {
  started: number;
  alreadyRestored: number;
  inProgress: number;
  /** Objects under a folder that are not archived (nothing to restore). */
  notArchived: number;
  errors: Array<{ key: string; code: string; message: string }>;
}

/** A copy or a move, counted before anything changes; started (or dropped) with objects/start-copy. */
export interface CopyPlan {
  planId: string;
  objects: number;
  bytes: number;
  /** Destinations that exist already, a few of them by name. */
  existing: number;
  examples: string[];
  label: string;
  /** A copy into its own folder: every copy gets a new name ("x (1).txt", "folder (1)/"), nothing is asked. */
  duplicate?: boolean;
}

export interface ObjectPreview {
  contentType?: string;
  /** The object's whole size. */
  size: number;
  /** Fewer bytes than the object has. */
  truncated: boolean;
  /** The ETag of the object read: an edit saves only over this one (If-Match). */
  etag?: string;
  /** The bytes, base64. */
  base64: string;
}
export interface ObjectDetails {
  key: string;
  size?: number;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  storageClass?: string;
  /** The version shown (absent on a bucket never versioned). */
  versionId?: string;
  /** x-amz-restore: a restore from Glacier under way or done, with its expiry. */
  restore?: string;
  /** "aws:kms (key id)", "AES256", … */
  encryption?: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  metadata: Record<string, string>;
  tags: Record<string, string>;
  /** Object Lock on this version: a retention, a legal hold (absent when neither was ever set). */
  lock?: ObjectLockState;
  /** Its own checksum as S3 keeps it, in words: `CRC32 DUoRhQ== (of the whole object)`. */
  checksum?: string;
}

/** Rows chosen in the window to come down (Download…, a drag out of the window). */
export interface DownloadSelection {
  connectionId: string;
  bucket: string;
  /** The folder on screen: what is chosen keeps its structure below it. */
  base: string;
  keys: string[];
  prefixes: string[];
  /**
   * The keys' sizes as the window listed them: a small object is asked for whole and checked by
   * its own checksum, and a drag's size limit counts them (otherwise 0).
   */
  sizes?: Record<string, number>;
}

export type TransferState = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled' | 'skipped';

/** What an upload does when an object with its name exists. */
export type ConflictPolicy = 'overwrite' | 'skip' | 'keep-both';

/**
 * What an upload request started. Without a conflict policy, a batch some of whose names exist
 * already starts nothing: `conflicts` says how many, and the window asks once (transfers/resolve).
 */
export interface UploadAnswer {
  ids: string[];
  conflicts?: { planId: string; count: number; examples: string[]; total: number };
}
export interface TransferProgress {
  id: string;
  /** The connection it runs on (the window's Show in bucket goes there). */
  connectionId?: string;
  /**
   * copy and move: server-side, from bucket/key to `target`. delete: everything under the folder
   * `key`, in DeleteObjects batches; its bytes are objects (bytesDone of bytesTotal deleted).
   */
  direction: 'upload' | 'download' | 'copy' | 'move' | 'delete' | 'edit' | 'restore' | 'undelete' | 'purge';
  /** Where a copy or a move goes (another connection's bucket: through this computer). */
  target?: { bucket: string; key: string; connectionId?: string };
  /** What the listing said of a copy's source (its ETag pins the copy to that object). */
  listed?: { size: number; etag?: string; storageClass?: string };
  bucket: string;
  key: string;
  /** A particular version, for a download of an older one. */
  versionId?: string;
  state: TransferState;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over the last few seconds. */
  rate: number;
  message?: string;
  /** The local file read (upload) or written (download). */
  localPath?: string;
  /** Sent as a multipart upload (parts in parallel, resumable). */
  multipart?: boolean;
  /**
   * A finished download's check beyond its size: the object's own `CRC32`, `CRC32C`, `CRC64NVME`,
   * `SHA-1` or `SHA-256`, or its ETag's `MD5`; a finished upload's: what S3 checked the bytes against (`CRC32`, of the
   * whole file, or `CRC32 per part`).
   */
  checked?: string;
  /** A finished download checked for its size only: why, in words. */
  unchecked?: string;
  /** The batch it belongs to (one drop, one pick, one download), and how that batch reads. */
  batchId?: string;
  batchLabel?: string;
  /** An empty folder, uploaded as its zero-byte marker. */
  folder?: boolean;
}

export interface DemoStatus {
  state: 'starting' | 'ready' | 'unavailable' | 'off';
  /** Why it is unavailable, in words. */
  detail?: string;
}

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  demo: DemoStatus;
}

/** Errors cross the bridge as this shape so the UI can show the S3 code and what to do. */
export interface BridgeErrorShape {
  code: string;
  status?: number;
  message: string;
  hint?: string;
}

export interface Channels {
  /** no arguments */
  'app/info': { req: void; res: AppInfo };
  /** no arguments */
  'connections/list': { req: void; res: ConnectionSummary[] };
  /** the secret goes to main and is stored encrypted there; it never comes back */
  'connections/add': { req: NewConnection; res: ConnectionSummary };
  /** only connections the user added */
  'connections/remove': { req: { id: string }; res: void };
  /** an added connection, changed; the secret must be entered again (it never comes back) */
  'connections/update': { req: { id: string; connection: NewConnection }; res: ConnectionSummary };
  /** ListBuckets, or HeadBucket of `bucket`, with the form's settings; nothing is saved */
  'connections/test': { req: { connection: NewConnection; bucket?: string }; res: ConnectionTestResult };
  /** connectionId must name a known connection */
  'buckets/list': { req: { connectionId: string }; res: BucketSummary[] };
  /** bucket must be a valid S3 bucket name; refresh skips the probe cache */
  /**
   * depth 'region' (the bucket list) costs one HeadBucket; 'full' (the default: an opened bucket,
   * its info pane) adds the read-only permission checks that decide what the app offers.
   */
  'bucket/probe': {
    req: { connectionId: string; bucket: string; refresh?: boolean; expectedOwner?: string; depth?: ProbeDepth };
    res: ProbeResult;
  };
  /** prefix ≤ 1024 bytes; pageSize 1–1000 */
  'browse/list': {
    req: { connectionId: string; bucket: string; prefix: string; continuationToken?: string; pageSize?: number };
    res: ListPage;
  };
  /** region must be a region name; the bucket name must be free */
  /** objectLock: Object Lock on from the start (versioned for good) */
  'bucket/create': {
    req: { connectionId: string; bucket: string; region: string; objectLock?: boolean };
    res: BucketSummary;
  };
  /** the bucket must be empty */
  'bucket/delete': { req: { connectionId: string; bucket: string }; res: void };
  /** prefix must end with / */
  /** `created` false: something is under that prefix already, and nothing was written. */
  'folder/create': {
    req: { connectionId: string; bucket: string; prefix: string };
    res: { created: boolean; key: string };
  };
  /**
   * One page (≤ 1,000 keys) of everything under a prefix, counted: the window pulls page after
   * page to say how many objects and bytes a folder holds before it asks to delete it, and stops
   * when the user cancels. prefix ends with /.
   */
  'folder/measure': {
    /** `versions`: list every version, so what older versions and delete markers hold is counted too. */
    req: { connectionId: string; bucket: string; prefix: string; continuationToken?: string; versions?: boolean };
    res: FolderMeasure;
  };
  /**
   * One page (≤ 1,000 keys scanned) of a recursive search under a prefix ('' = the bucket): the
   * keys whose path below it matches `pattern` (a text anywhere, or a glob). The window pulls
   * pages until it has enough or the user cancels.
   */
  'search/page': {
    req: { connectionId: string; bucket: string; prefix: string; pattern: string; continuationToken?: string };
    res: { matches: ObjectRow[]; scanned: number; nextToken?: string };
  };
  /** The bucket's incomplete multipart uploads (they cost money), with their age and size so far */
  'uploads/list': { req: { connectionId: string; bucket: string }; res: IncompleteUpload[] };
  /** abort one incomplete multipart upload */
  'uploads/abort': { req: { connectionId: string; bucket: string; key: string; uploadId: string }; res: void };
  /**
   * Folders deleted as jobs (one a folder) in the transfer queue: every object under each, in
   * DeleteObjects batches of 1,000, with progress, pause, cancel and retry; `objects` is the count
   * the window confirmed (the progress's total).
   */
  'folders/delete': {
    req: { connectionId: string; bucket: string; folders: Array<{ prefix: string; objects: number }> };
    res: { ids: string[] };
  };
  /**
   * Save an edited text object (≤ 5 MiB) over the version it was read from (If-Match: etag),
   * keeping its Content-Type, headers, metadata, tags and storage class. A change made meanwhile
   * by someone else is never overwritten: S3 answers 412 and the window shows both.
   */
  'object/save-text': {
    req: { connectionId: string; bucket: string; key: string; text: string; ifMatch: string };
    res: { etag?: string; versionId?: string };
  };
  /** the same edit made to every object under each folder, as jobs (one a folder) */
  'folders/edit': {
    req: { connectionId: string; bucket: string; prefixes: string[]; edit: ObjectEdit };
    res: { ids: string[] };
  };
  /** every archived object under each folder restored, as jobs (one a folder) */
  'folders/restore': {
    req: {
      connectionId: string;
      bucket: string;
      prefixes: string[];
      days: number;
      tier: 'Expedited' | 'Standard' | 'Bulk';
    };
    res: { ids: string[] };
  };
  /** ≤ 10,000 keys and ≤ 100 prefixes (a prefix deletes everything under it) */
  'objects/delete': {
    req: { connectionId: string; bucket: string; keys: string[]; prefixes?: string[] };
    res: { deleted: string[]; errors: Array<{ key: string; code: string; message: string }> };
  };
  /** expiresInSeconds 1 s – 7 days */
  /** the object's plain URL (what opens it when it is public), for the bucket's region */
  'object/url': { req: { connectionId: string; bucket: string; key: string }; res: { url: string; region: string } };
  'object/presign': {
    req: { connectionId: string; bucket: string; key: string; expiresInSeconds: number; versionId?: string };
    res: { url: string; region: string; expiresAt: string };
  };
  /** main asks where to save with its own dialog */
  /** ids: only these records (what the window's filter shows), ≤ 5,000; absent: every record */
  'log/export': { req: { format: 'har' | 'json'; ids?: number[] }; res: { path?: string; count: number } };
  /**
   * The first bytes of an object (1 MiB unless asked for more, at most 8 MiB) for a preview,
   * fetched by main with a ranged GET through the transport: the page never reaches S3 itself.
   */
  'object/preview': {
    req: { connectionId: string; bucket: string; key: string; maxBytes?: number; versionId?: string };
    res: ObjectPreview;
  };
  /** key ≤ 1024 bytes */
  'object/details': {
    req: { connectionId: string; bucket: string; key: string; versionId?: string };
    res: ObjectDetails;
  };
  /** public-access state and why, with the settings read (eleven read-only requests; cached unless refresh) */
  'bucket/access': { req: { connectionId: string; bucket: string; refresh?: boolean }; res: BucketAccessReport };
  /** save (or, with null, remove) the bucket policy; answers the bucket's access as it is then */
  'bucket/policy': { req: { connectionId: string; bucket: string; policy: string | null }; res: BucketAccessReport };
  /**
   * take away lifecycle rules by ID and add one (checked in words first); answers the bucket's
   * access as it is then (its rules among it)
   */
  'bucket/lifecycle': {
    req: { connectionId: string; bucket: string; add?: NewLifecycleRule; remove?: string[] };
    res: BucketAccessReport;
  };
  /** take away CORS rules by ID and add one (checked in words first); answers the bucket's access then */
  'bucket/cors': {
    req: { connectionId: string; bucket: string; add?: NewCorsRule; remove?: string[] };
    res: BucketAccessReport;
  };
  /** set (or, with null, delete) the default encryption; answers the bucket's access as it is then */
  'bucket/encryption': {
    req: { connectionId: string; bucket: string; encryption: DefaultEncryption | null };
    res: BucketAccessReport;
  };
  /** turn the static website on (hosting or sending on) or, with null, off; answers the report then */
  'bucket/website': {
    req: { connectionId: string; bucket: string; website: WebsiteSetting | null };
    res: BucketAccessReport;
  };
  /** turn Object Lock on (for good) or change its default retention; answers the report then */
  'bucket/object-lock': {
    req: { connectionId: string; bucket: string; lock: BucketLock };
    res: BucketAccessReport;
  };
  /** change one version's legal hold or retention (checked in words first); answers its lock then */
  'object/lock': {
    req: { connectionId: string; bucket: string; key: string; versionId?: string; change: ObjectLockChange };
    res: ObjectLockState & { versionId?: string };
  };
  /** replace the bucket's tags (none: delete them); answers the bucket's access as it is then */
  'bucket/tags': {
    req: { connectionId: string; bucket: string; tags: Record<string, string> };
    res: BucketAccessReport;
  };
  /** set the four Block Public Access switches; answers the bucket's access as it is then */
  'bucket/public-access-block': {
    req: {
      connectionId: string;
      bucket: string;
      switches: {
        BlockPublicAcls: boolean;
        IgnorePublicAcls: boolean;
        BlockPublicPolicy: boolean;
        RestrictPublicBuckets: boolean;
      };
    };
    res: BucketAccessReport;
  };
  /**
   * Count a copy or a move (server-side) before it runs: `keys` (with their sizes) and everything
   * under `prefixes`, placed under targetBucket/targetPrefix keeping the structure below `base`;
   * `rename` gives a single key or folder a new name. Refused in words: onto itself, into itself.
   */
  'objects/plan-copy': {
    req: {
      connectionId: string;
      bucket: string;
      base: string;
      keys: Array<{ key: string; size: number }>;
      prefixes: string[];
      targetBucket: string;
      targetPrefix: string;
      move: boolean;
      rename?: string;
      /** Another connection's bucket: the bytes come through this computer. */
      targetConnectionId?: string;
      /** The copies' storage class (absent: each keeps its source's). */
      storageClass?: string;
    };
    res: CopyPlan;
  };
  /** run a counted plan as jobs (overwrite, skip or keep both where destinations exist), or drop it */
  'objects/start-copy': { req: { planId: string; decision: ConflictPolicy | 'cancel' }; res: { ids: string[] } };
  /** change headers, metadata or storage class (a copy in place); absent fields are kept */
  'object/edit': {
    req: { connectionId: string; bucket: string; key: string; edit: ObjectEdit };
    res: { versionId?: string };
  };
  /** replace the object's tags (PutObjectTagging: no copy) */
  'object/tags': {
    req: { connectionId: string; bucket: string; key: string; tags: Record<string, string> };
    res: void;
  };
  /** restore archived objects: these keys and every archived object under these folders */
  'objects/restore': {
    req: {
      connectionId: string;
      bucket: string;
      keys: string[];
      prefixes: string[];
      days: number;
      tier: 'Expedited' | 'Standard' | 'Bulk';
    };
    res: RestoreAnswer;
  };
  /** versioning of a bucket; with `status`, set it first (Enabled or Suspended) */
  'bucket/versioning': {
    req: { connectionId: string; bucket: string; status?: 'Enabled' | 'Suspended' };
    res: BucketVersioning;
  };
  /**
   * One page of versions and delete markers under a prefix, folders rolled up ('/' delimiter), or
   * of one key's versions (`key`): pass `next` back for the following page.
   */
  'versions/list': {
    req: {
      connectionId: string;
      bucket: string;
      prefix: string;
      key?: string;
      keyMarker?: string;
      versionIdMarker?: string;
    };
    res: VersionsPage;
  };
  /** delete these versions (or delete markers) for good; ≤ 10,000 */
  'versions/delete': {
    req: {
      connectionId: string;
      bucket: string;
      versions: Array<{ key: string; versionId: string }>;
      /** Delete versions under governance retention too (s3:BypassGovernanceRetention). */
      bypassGovernance?: boolean;
    };
    res: VersionsDeleted;
  };
  /** what Object Lock keeps of these versions (HEAD each; at most 100): their locks, in order */
  'versions/locks': {
    req: { connectionId: string; bucket: string; versions: Array<{ key: string; versionId: string }> };
    res: Array<ObjectLockState | null>;
  };
  /** remove the delete marker on top of each key, and of every key under each prefix */
  'versions/undelete': {
    req: { connectionId: string; bucket: string; keys: string[]; prefixes: string[] };
    res: VersionsDeleted;
  };
  /**
   * what purging a folder's (or the bucket's: '') old versions would delete and free: old versions
   * and old delete markers; deleteMarkers counts the latest ones too (a purge keeps those)
   */
  'versions/measure-old': {
    req: { connectionId: string; bucket: string; prefix: string };
    res: { versions: number; deleteMarkers: number; oldMarkers: number; bytes: number };
  };
  /**
   * As jobs (one a folder) with progress in the transfers panel: bring back every deleted object
   * under each folder (undelete), or delete every non-current version under it for good (purge).
   */
  'versions/folder-job': {
    req: { connectionId: string; bucket: string; prefixes: string[]; kind: 'undelete' | 'purge' };
    res: { ids: string[] };
  };
  /** delete every non-current version under a prefix for good */
  'versions/purge-old': { req: { connectionId: string; bucket: string; prefix: string }; res: VersionsDeleted };
  /** copy a version over the latest: a new version with its bytes and metadata; nothing deleted */
  'object/revert': {
    req: { connectionId: string; bucket: string; key: string; versionId: string };
    res: { versionId?: string };
  };
  /** records with id > afterId, oldest first */
  'log/since': { req: { afterId: number }; res: { records: RequestRecord[]; dropped: number } };
  /**
   * Only the preload calls this channel: the page never names a path. Its `uploadFiles` turns
   * dropped or picked File objects into paths (webUtils.getPathForFile) and refuses anything
   * else. Paths must be absolute; main reads them, never the renderer.
   */
  'transfers/add': {
    req: {
      connectionId: string;
      bucket: string;
      prefix: string;
      paths: string[];
      conflict?: ConflictPolicy;
      /** Written in this storage class (absent: the bucket's default, STANDARD). */
      storageClass?: string;
    };
    res: UploadAnswer;
  };
  /**
   * The user's answer to a batch whose names exist already (see `conflicts` in the answer of
   * transfers/add and transfers/pick): upload it with this policy, or drop it ('cancel').
   */
  'transfers/resolve': {
    req: { planId: string; decision: ConflictPolicy | 'cancel' };
    res: { ids: string[] };
  };
  /** forget finished transfers; the ids removed */
  'transfers/clear': { req: void; res: { removed: string[] } };
  /** pause, resume or cancel every transfer it applies to (of one batch, when given) */
  'transfers/control-all': { req: { action: 'pause' | 'resume' | 'cancel'; batchId?: string }; res: { count: number } };
  /** a finished download's file, shown by the system file manager */
  'transfers/reveal': { req: { id: string }; res: void };
  /** main shows its own file picker; no ids when the user cancels it */
  'transfers/pick': {
    req: { connectionId: string; bucket: string; prefix: string; conflict?: ConflictPolicy; storageClass?: string };
    res: UploadAnswer;
  };
  /** no arguments: every transfer, including uploads restored from the last run */
  'transfers/list': { req: void; res: TransferProgress[] };
  /** id of a transfer */
  'transfers/cancel': { req: { id: string }; res: void };
  /** id of a transfer */
  'transfers/pause': { req: { id: string }; res: void };
  /** id of a paused or failed transfer */
  'transfers/resume': { req: { id: string }; res: void };
  /**
   * A selection with folders, or several objects, into a folder main asks for; the structure
   * under `base` (the folder on screen) is kept, every local name made safe. Existing local files
   * are asked about like uploads (transfers/resolve).
   */
  'objects/download': {
    req: DownloadSelection;
    res: UploadAnswer & { folder?: string };
  };
  /**
   * Rows dragged out of the window: the selection is downloaded (as transfers) into a private
   * temporary folder; the answer's token is what the page hands to `startDrag`, never a path.
   */
  'drag/prepare': {
    req: DownloadSelection;
    res: { token: string; files: number; bytes: number };
  };
  /** main asks where to save with its own dialog; undefined id when the user cancels the dialog */
  'object/download': {
    /** size: as the window listed it (a small object is then checked by its own checksum) */
    req: { connectionId: string; bucket: string; key: string; versionId?: string; size?: number };
    res: { id?: string };
  };
}

export type Channel = keyof Channels;
export type Req<C extends Channel> = Channels[C]['req'];
export type Res<C extends Channel> = Channels[C]['res'];

export interface Events {
  /** new or updated request log records, batched */
  'log/records': RequestRecord[];
  /** transfer rows that changed since the last batch */
  'transfers/progress': TransferProgress[];
  /** the connection list changed (e.g. the demo finished starting) */
  'connections/changed': ConnectionSummary[];
}
export type EventName = keyof Events;

export const CHANNELS = [
  'app/info',
  'connections/list',
  'connections/add',
  'connections/remove',
  'connections/update',
  'connections/test',
  'buckets/list',
  'bucket/probe',
  'browse/list',
  'bucket/create',
  'bucket/delete',
  'folder/create',
  'folder/measure',
  'search/page',
  'uploads/list',
  'uploads/abort',
  'objects/delete',
  'folders/delete',
  'object/save-text',
  'folders/edit',
  'folders/restore',
  'object/presign',
  'object/url',
  'log/export',
  'object/details',
  'object/preview',
  'objects/plan-copy',
  'objects/start-copy',
  'object/edit',
  'object/tags',
  'objects/restore',
  'bucket/access',
  'bucket/policy',
  'bucket/lifecycle',
  'bucket/cors',
  'bucket/encryption',
  'bucket/tags',
  'bucket/website',
  'bucket/object-lock',
  'object/lock',
  'bucket/public-access-block',
  'bucket/versioning',
  'versions/list',
  'versions/delete',
  'versions/locks',
  'versions/undelete',
  'versions/measure-old',
  'versions/purge-old',
  'versions/folder-job',
  'object/revert',
  'log/since',
  'transfers/add',
  'transfers/pick',
  'transfers/resolve',
  'transfers/clear',
  'transfers/control-all',
  'transfers/reveal',
  'transfers/list',
  'transfers/cancel',
  'transfers/pause',
  'transfers/resume',
  'object/download',
  'objects/download',
  'drag/prepare',
] as const satisfies readonly Channel[];

export const EVENTS = [
  'log/records',
  'transfers/progress',
  'connections/changed',
] as const satisfies readonly EventName[];

/** Channels the page may not call itself: the preload calls them on its behalf. */
export const PRELOAD_ONLY_CHANNELS = ['transfers/add'] as const satisfies readonly Channel[];
export type PageChannel = Exclude<Channel, (typeof PRELOAD_ONLY_CHANNELS)[number]>;

/** What the page passes to upload files: the File objects of a drop, never their paths. */
export interface UploadFilesRequest {
  connectionId: string;
  bucket: string;
  prefix: string;
  files: File[];
  conflict?: ConflictPolicy;
  storageClass?: string;
}

export type BridgeApi = {
  [C in PageChannel]: Req<C> extends void ? () => Promise<Res<C>> : (req: Req<C>) => Promise<Res<C>>;
} & {
  /** Upload dropped files: the preload finds each File's path; a File not from disk is refused. */
  uploadFiles(request: UploadFilesRequest): Promise<Res<'transfers/add'>>;
  /**
   * Start an operating-system drag of what `drag/prepare` downloaded (call it from dragstart, with
   * the mouse still down). A token main did not give is ignored.
   */
  startDrag(token: string): void;
  /** Subscribe to a pushed event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};

/** What the core implements: every channel, plus a way to publish events. */
export type CoreApi = { [C in Channel]: (req: Req<C>) => Promise<Res<C>> };
