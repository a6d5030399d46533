// The argument schema of every invoke channel. Typed against contract.ts, so a channel added
// there without a schema here, or a schema that drifts from its request type, fails to compile.
import { LOCK_MODES } from './shared/object-lock.js';
import { z } from 'zod';
import type { Channel, NewConnection, Req } from './contract.js';
import { connectionProblems } from './shared/connection-form.js';
import { METADATA_NAME, metadataProblem, tagsProblem } from './shared/object-edit-rules.js';
import { CORS_METHODS } from './shared/cors-rules.js';
import { ENCRYPTION_ALGORITHMS } from './shared/default-encryption.js';
import { TRANSITION_CLASSES } from './shared/lifecycle.js';
import { STORAGE_CLASSES } from './shared/storage-classes.js';

const connectionId = z.string().min(1).max(200);
// S3 general-purpose and directory bucket names: 3–63 of a-z 0-9 . -, starting and ending alphanumeric.
const bucket = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    'not a valid S3 bucket name (3–63 characters: a-z, 0-9, dots and hyphens)',
  );
const utf8Max = (max: number) => (value: string) => Buffer.byteLength(value, 'utf8') <= max;
const key = z.string().min(1).refine(utf8Max(1024), 'an S3 key is at most 1024 bytes');
const prefix = z.string().refine(utf8Max(1024), 'an S3 prefix is at most 1024 bytes');
const storageClass = z.enum(STORAGE_CLASSES, { error: 'not a storage class S3 writes objects in' }).optional();
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'must be an absolute path');

const region = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'not a region name (like eu-west-1)');
const transferId = z.string().regex(/^t\d{1,9}$/, 'not a transfer id');

const versionId = z.string().min(1).max(1024);
/** A lifecycle action's day count (the words for a bad one are lifecycle.ts's, checked again in main). */
const days = z.number().int().min(1).max(36_500);
const versionRef = z.strictObject({ key, versionId });

const savedId = z.string().regex(/^endpoint:[0-9a-f-]{36}$/, 'only added connections can be changed or removed');

/** The same rules the form shows next to its fields (connection-form.ts), in the same words. */
const newConnection = z
  .strictObject({
    name: z.string().max(100),
    service: z.enum(['aws', 'endpoint']),
    endpointTemplate: z.string().max(500).optional(),
    region: z.string().max(40),
    forcePathStyle: z.boolean(),
    anonymous: z.boolean(),
    accessKeyId: z.string().max(128).optional(),
    secretAccessKey: z.string().max(256).optional(),
    sessionToken: z.string().max(4096).optional(),
  })
  .superRefine((form, ctx) => {
    for (const [field, message] of Object.entries(connectionProblems(form as NewConnection))) {
      ctx.addIssue({ code: 'custom', path: [field], message });
    }
  });

const objectEdit = z.strictObject({
  contentType: z.string().max(256).optional(),
  cacheControl: z.string().max(1024).optional(),
  contentDisposition: z.string().max(1024).optional(),
  contentEncoding: z.string().max(256).optional(),
  contentLanguage: z.string().max(256).optional(),
  expires: z
    .string()
    .max(100)
    .refine((d) => d === '' || !Number.isNaN(Date.parse(d)), 'not a date')
    .optional(),
  metadata: z
    .record(z.string().regex(METADATA_NAME, 'metadata names are letters, digits, - _ and .'), z.string().max(2048))
    // The dialog's own rules (object-edit-rules.ts), in its words, for anything that got past it.
    .superRefine((m, ctx) => {
      const problem = metadataProblem(Object.entries(m));
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  storageClass,
});

type Schemas = { [C in Channel]: z.ZodType<Req<C>> };

/** Objects and folders chosen under the folder on screen (`base`), to download or drag out. */
function downloadSelection(maxKeys: number) {
  return z.strictObject({
    connectionId,
    bucket,
    base: prefix,
    keys: z.array(key).max(maxKeys),
    prefixes: z.array(prefix.refine((p) => p.endsWith('/'), 'a folder prefix ends with /')).max(100),
    sizes: z.record(key, z.number().int().nonnegative()).optional(),
  });
}

export const channelSchemas: Schemas = {
  'app/info': z.undefined(),
  'connections/list': z.undefined(),
  'connections/add': newConnection,
  'connections/remove': z.strictObject({ id: savedId }),
  'connections/update': z.strictObject({ id: savedId, connection: newConnection }),
  'connections/test': z.strictObject({ connection: newConnection, bucket: bucket.optional() }),
  'buckets/list': z.strictObject({ connectionId }),
  'bucket/probe': z.strictObject({
    connectionId,
    bucket,
    refresh: z.boolean().optional(),
    depth: z.enum(['region', 'full']).optional(),
    expectedOwner: z
      .string()
      .regex(/^\d{12}$/, 'an AWS account id is 12 digits')
      .optional(),
  }),
  'browse/list': z.strictObject({
    connectionId,
    bucket,
    prefix,
    continuationToken: z.string().max(4096).optional(),
    pageSize: z.number().int().min(1).max(1000).optional(),
  }),
  'bucket/create': z.strictObject({ connectionId, bucket, region, objectLock: z.boolean().optional() }),
  'bucket/delete': z.strictObject({ connectionId, bucket }),
  'folder/create': z.strictObject({
    connectionId,
    bucket,
    prefix: prefix.refine((p) => p.endsWith('/') && p.length > 1, 'a folder prefix ends with /'),
  }),
  'folder/measure': z.strictObject({
    connectionId,
    bucket,
    // '' is the whole bucket.
    prefix: prefix.refine((p) => p === '' || (p.endsWith('/') && p.length > 1), 'a folder prefix ends with /'),
    continuationToken: z.string().max(4096).optional(),
    versions: z.boolean().optional(),
  }),
  'search/page': z.strictObject({
    connectionId,
    bucket,
    prefix,
    pattern: z.string().trim().min(1, 'type what to look for').max(200),
    continuationToken: z.string().max(4096).optional(),
  }),
  'uploads/list': z.strictObject({ connectionId, bucket }),
  'uploads/abort': z.strictObject({ connectionId, bucket, key, uploadId: z.string().min(1).max(1024) }),
  'folders/delete': z.strictObject({
    connectionId,
    bucket,
    folders: z
      .array(
        z.strictObject({
          prefix: prefix.refine((p) => p.endsWith('/') && p.length > 1, 'a folder prefix ends with /'),
          objects: z.number().int().min(0),
        }),
      )
      .min(1)
      .max(100),
  }),
  'object/save-text': z.strictObject({
    connectionId,
    bucket,
    key,
    text: z.string().refine(utf8Max(5 * 1024 * 1024), 'an edit in place is at most 5 MiB'),
    ifMatch: z.string().min(1).max(200),
  }),
  'folders/edit': z.strictObject({
    connectionId,
    bucket,
    prefixes: z
      .array(prefix.refine((p) => p.endsWith('/') && p.length > 1, 'a folder prefix ends with /'))
      .min(1)
      .max(100),
    edit: objectEdit,
  }),
  'folders/restore': z.strictObject({
    connectionId,
    bucket,
    prefixes: z
      .array(prefix.refine((p) => p.endsWith('/') && p.length > 1, 'a folder prefix ends with /'))
      .min(1)
      .max(100),
    days: z.number().int().min(1, 'at least one day').max(36_500),
    tier: z.enum(['Expedited', 'Standard', 'Bulk']),
  }),
  'objects/delete': z.strictObject({
    connectionId,
    bucket,
    keys: z.array(key).max(10_000),
    prefixes: z
      .array(prefix.refine((p) => p.endsWith('/'), 'a folder prefix ends with /'))
      .max(100)
      .optional(),
  }),
  'object/url': z.strictObject({ connectionId, bucket, key }),
  'object/presign': z.strictObject({
    connectionId,
    bucket,
    key,
    expiresInSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600, 'a share link lasts at most 7 days'),
    versionId: versionId.optional(),
  }),
  'log/export': z.strictObject({
    format: z.enum(['har', 'json']),
    ids: z.array(z.number().int().min(1)).max(5000).optional(),
  }),
  'object/details': z.strictObject({ connectionId, bucket, key, versionId: versionId.optional() }),
  'objects/plan-copy': z.strictObject({
    connectionId,
    bucket,
    base: prefix,
    keys: z.array(z.strictObject({ key, size: z.number().int().min(0) })).max(10_000),
    prefixes: z.array(prefix.refine((p) => p.endsWith('/'), 'a folder prefix ends with /')).max(100),
    targetBucket: bucket,
    targetPrefix: prefix.refine((p) => p === '' || p.endsWith('/'), 'a destination folder ends with /'),
    targetConnectionId: connectionId.optional(),
    storageClass,
    move: z.boolean(),
    rename: z
      .string()
      .trim()
      .min(1, 'give the new name')
      .max(1024)
      .refine((n) => !n.replace(/\/+$/, '').includes('/'), 'a name cannot contain "/": use Move to… to change folders')
      .refine((n) => !['.', '..'].includes(n.replace(/\/+$/, '')), 'a name cannot be "." or ".."')
      .optional(),
  }),
  'objects/start-copy': z.strictObject({
    planId: z.string().regex(/^c[0-9a-f]{16}$/, 'not a copy plan id'),
    decision: z.enum(['overwrite', 'skip', 'keep-both', 'cancel']),
  }),
  'object/edit': z.strictObject({
    connectionId,
    bucket,
    key,
    edit: objectEdit,
  }),
  'object/tags': z.strictObject({
    connectionId,
    bucket,
    key,
    tags: z
      .record(z.string().min(1).max(128), z.string().max(256))
      // At most 10 tags, and the rest of S3's rules, said as the dialog says them.
      .superRefine((t, ctx) => {
        const problem = tagsProblem(Object.entries(t));
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
  }),
  'objects/restore': z.strictObject({
    connectionId,
    bucket,
    keys: z.array(key).max(10_000),
    prefixes: z.array(prefix.refine((p) => p.endsWith('/'), 'a folder prefix ends with /')).max(100),
    days: z.number().int().min(1, 'at least one day').max(36_500),
    tier: z.enum(['Expedited', 'Standard', 'Bulk']),
  }),
  'bucket/access': z.strictObject({ connectionId, bucket, refresh: z.boolean().optional() }),
  'bucket/policy': z.strictObject({
    connectionId,
    bucket,
    policy: z
      .string()
      .max(20 * 1024, 'a bucket policy is at most 20 KB')
      .nullable(),
  }),
  'bucket/lifecycle': z.strictObject({
    connectionId,
    bucket,
    add: z
      .strictObject({
        id: z.string().max(255).optional(),
        prefix,
        abortIncompleteDays: days.optional(),
        transition: z
          .strictObject({ storageClass: z.enum(TRANSITION_CLASSES), days: z.number().int().min(0).max(36_500) })
          .optional(),
        expireDays: days.optional(),
        expireDeleteMarkers: z.boolean().optional(),
        noncurrentExpireDays: days.optional(),
      })
      .optional(),
    remove: z.array(z.string().max(255)).max(1000).optional(),
  }),
  'bucket/cors': z.strictObject({
    connectionId,
    bucket,
    add: z
      .strictObject({
        id: z.string().max(255).optional(),
        origins: z.array(z.string().max(1024)).max(100),
        methods: z.array(z.enum(CORS_METHODS)).max(5),
        allowedHeaders: z.array(z.string().max(1024)).max(100),
        exposeHeaders: z.array(z.string().max(1024)).max(100),
        maxAgeSeconds: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1)
          .optional(),
      })
      .optional(),
    remove: z.array(z.string().max(255)).max(100).optional(),
  }),
  'bucket/encryption': z.strictObject({
    connectionId,
    bucket,
    encryption: z
      .strictObject({
        algorithm: z.enum(ENCRYPTION_ALGORITHMS),
        kmsKeyId: z.string().max(2048).optional(),
        bucketKey: z.boolean().optional(),
      })
      .nullable(),
  }),
  'bucket/website': z.strictObject({
    connectionId,
    bucket,
    website: z
      .discriminatedUnion('kind', [
        z.strictObject({
          kind: z.literal('host'),
          indexDocument: z.string().max(1024),
          errorDocument: z.string().max(1024).optional(),
        }),
        z.strictObject({
          kind: z.literal('redirect'),
          hostName: z.string().max(255),
          protocol: z.enum(['http', 'https']).optional(),
        }),
      ])
      .nullable(),
  }),
  'bucket/object-lock': z.strictObject({
    connectionId,
    bucket,
    lock: z.strictObject({
      defaultRetention: z
        .strictObject({
          mode: z.enum(LOCK_MODES),
          days: z.number().int().optional(),
          years: z.number().int().optional(),
        })
        .optional(),
    }),
  }),
  'object/lock': z.strictObject({
    connectionId,
    bucket,
    key,
    versionId: versionId.optional(),
    change: z.strictObject({
      legalHold: z.boolean().optional(),
      retention: z
        .strictObject({ mode: z.enum(LOCK_MODES), until: z.string().max(64) })
        .nullable()
        .optional(),
      bypassGovernance: z.boolean().optional(),
    }),
  }),
  'bucket/tags': z.strictObject({
    connectionId,
    bucket,
    tags: z.record(z.string().max(128), z.string().max(256)).superRefine((t, ctx) => {
      const problem = tagsProblem(Object.entries(t), 'bucket');
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  }),
  'bucket/public-access-block': z.strictObject({
    connectionId,
    bucket,
    switches: z.strictObject({
      BlockPublicAcls: z.boolean(),
      IgnorePublicAcls: z.boolean(),
      BlockPublicPolicy: z.boolean(),
      RestrictPublicBuckets: z.boolean(),
    }),
  }),
  'bucket/versioning': z.strictObject({ connectionId, bucket, status: z.enum(['Enabled', 'Suspended']).optional() }),
  'versions/list': z.strictObject({
    connectionId,
    bucket,
    prefix,
    key: key.optional(),
    keyMarker: z.string().max(2048).optional(),
    versionIdMarker: z.string().max(1024).optional(),
  }),
  'versions/delete': z.strictObject({
    connectionId,
    bucket,
    versions: z.array(versionRef).min(1).max(10_000),
    bypassGovernance: z.boolean().optional(),
  }),
  'versions/locks': z.strictObject({ connectionId, bucket, versions: z.array(versionRef).min(1).max(100) }),
  'versions/undelete': z.strictObject({
    connectionId,
    bucket,
    keys: z.array(key).max(10_000),
    prefixes: z.array(prefix.refine((p) => p.endsWith('/'), 'a folder prefix ends with /')).max(100),
  }),
  'versions/measure-old': z.strictObject({ connectionId, bucket, prefix }),
  'versions/purge-old': z.strictObject({ connectionId, bucket, prefix }),
  'versions/folder-job': z.strictObject({
    connectionId,
    bucket,
    // '' is the whole bucket.
    prefixes: z
      .array(prefix.refine((p) => p === '' || p.endsWith('/'), 'a folder prefix ends with /'))
      .min(1)
      .max(100),
    kind: z.enum(['undelete', 'purge']),
  }),
  'object/revert': z.strictObject({ connectionId, bucket, key, versionId }),
  'object/preview': z.strictObject({
    connectionId,
    bucket,
    key,
    maxBytes: z
      .number()
      .int()
      .min(1)
      .max(32 * 1024 * 1024, 'a preview reads at most 32 MiB')
      .optional(),
    versionId: versionId.optional(),
  }),
  'log/since': z.strictObject({ afterId: z.number().int().min(0) }),
  'transfers/add': z.strictObject({
    connectionId,
    bucket,
    prefix,
    paths: z.array(absolutePath).min(1).max(10_000),
    conflict: z.enum(['overwrite', 'skip', 'keep-both']).optional(),
    storageClass,
  }),
  'transfers/pick': z.strictObject({
    connectionId,
    bucket,
    prefix,
    conflict: z.enum(['overwrite', 'skip', 'keep-both']).optional(),
    storageClass,
  }),
  'transfers/resolve': z.strictObject({
    planId: z.string().regex(/^p[0-9a-f]{16}$/, 'not an upload plan id'),
    decision: z.enum(['overwrite', 'skip', 'keep-both', 'cancel']),
  }),
  'transfers/clear': z.undefined(),
  'transfers/control-all': z.strictObject({
    action: z.enum(['pause', 'resume', 'cancel']),
    batchId: z
      .string()
      .regex(/^b\d{1,9}$/, 'not a batch id')
      .optional(),
  }),
  'transfers/reveal': z.strictObject({ id: transferId }),
  'transfers/list': z.undefined(),
  'transfers/cancel': z.strictObject({ id: transferId }),
  'transfers/pause': z.strictObject({ id: transferId }),
  'transfers/resume': z.strictObject({ id: transferId }),
  'object/download': z.strictObject({
    connectionId,
    bucket,
    key,
    versionId: versionId.optional(),
    size: z.number().int().nonnegative().optional(),
  }),
  'objects/download': downloadSelection(10_000),
  'drag/prepare': downloadSelection(1000),
};
