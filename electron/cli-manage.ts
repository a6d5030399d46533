// The terminal's way to what the window changes about buckets and objects: create and delete a
// bucket, an object's details, headers, metadata, storage class and tags (a folder's objects as a
// job of the transfer queue), share links, a bucket's public access (its policy and Block Public
// Access), undelete and purging old versions. Each calls the function main's ipc handler calls
// (objects.ts, object-edit.ts, bucket-access.ts, versions.ts), with the same rules in the same words.
import {
  bucketLockProblem,
  describeBucketLock,
  describeObjectLock,
  LOCK_MODES,
  parsePeriod,
  type BucketLock,
  type LockMode,
  type ObjectLockChange,
  type ObjectLockState,
} from './shared/object-lock.js';
import { changeObjectLock, putBucketLock, readBucketLock, readObjectLock } from './s3/object-lock.js';
import { readFile } from 'node:fs/promises';
import type { BucketAccessReport, ObjectEdit } from './contract.js';
import {
  objectPath,
  splitBucketPath,
  storageClassNamed,
  terminalQueue,
  UsageError,
  type Context,
  type Outcome,
} from './cli-common.js';
import type { S3Transport } from './s3/transport.js';
import {
  putBucketPolicy,
  putBucketTags,
  putDefaultEncryption,
  putPublicAccessBlock,
  putWebsite,
  readBucketAccess,
  readBucketPolicy,
  readBucketTags,
  readDefaultEncryption,
  readWebsite,
} from './s3/bucket-access.js';
import { describeWebsite, websiteEndpoint, websiteProblem, type WebsiteSetting } from './shared/website.js';
import {
  describeEncryption,
  encryptionProblem,
  type DefaultEncryption,
  type EncryptionAlgorithm,
} from './shared/default-encryption.js';
import { objectDetails } from './s3/browse.js';
import { S3RequestError } from './s3/errors.js';
import { editObject, putTags } from './s3/object-edit.js';
import { createBucket, deleteBucket, MAX_PRESIGN_SECONDS, objectUrl, presignDownload } from './s3/objects.js';
import { measureOldVersions, purgeOldVersions, undelete, type VersionDeleteResult } from './s3/versions.js';
import { changeLifecycle, readLifecycle } from './s3/lifecycle.js';
import { changeCors, readCors } from './s3/cors-config.js';
import { listOf, type NewCorsRule } from './shared/cors-rules.js';
import type { NewLifecycleRule } from './shared/lifecycle.js';
import { describeStatement, parsePolicy, PolicyError, publicStatements } from './shared/bucket-policy.js';
import { formatBytes, formatCount as n } from './shared/format-bytes.js';
import { headerProblem, metadataProblem, tagsProblem, type Pairs } from './shared/object-edit-rules.js';
import { PUBLIC_ACCESS_LABELS, type BlockSwitches } from './shared/public-access.js';
import { AWS_REGIONS } from './shared/regions.js';

/** `mb <bucket>`: a bucket in --region (us-east-1 unless given), as the window's New bucket makes it. */
export async function makeBucket({ transport, values }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key } = splitBucketPath(args[0], 'bucket');
  if (key) throw new UsageError('Give only the bucket\'s name: a bucket has no "/" in it.');
  const region = values.region ?? 'us-east-1';
  // Other services name their regions as they like; AWS's are known, and a typo would only meet S3's
  // InvalidLocationConstraint after the request.
  if (!transport.connection.endpointTemplate && !AWS_REGIONS.includes(region))
    throw new UsageError(`"${region}" is not an AWS region this tool knows: ${AWS_REGIONS.join(', ')}.`);
  const objectLock = values['object-lock'];
  const made = await createBucket(transport, bucket, region, { objectLock });
  return {
    result: { ...made, ...(objectLock && { objectLock: true }) },
    text: `made s3://${bucket} in ${region}${objectLock ? ', with Object Lock on (and versioning)' : ''}`,
  };
}

/** `rb <bucket>`: deletes an empty bucket (S3 refuses one that holds anything, and says so). */
export async function removeBucket({ transport }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key } = splitBucketPath(args[0], 'bucket');
  if (key) throw new UsageError(`rb deletes a whole bucket: give only its name (rm deletes ${key}).`);
  await deleteBucket(transport, bucket);
  return { result: { bucket, deleted: true }, text: `deleted the bucket s3://${bucket}` };
}

/** `info <bucket>/<key>`: what the details pane shows of an object. */
export async function objectInfo({ transport, values }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key } = objectPath(args[0]);
  const details = await objectDetails(transport, bucket, key, values['version-id']);
  const line = (label: string, value: string | undefined) => (value ? `  ${label.padEnd(20)} ${value}` : '');
  const pairs = (what: string, record: Record<string, string>) =>
    Object.keys(record).length
      ? [`  ${what}:`, ...Object.entries(record).map(([k, v]) => `    ${k} = ${v}`)]
      : [`  ${what}: none`];
  const text = [
    `s3://${bucket}/${key}`,
    line('size', details.size === undefined ? undefined : `${formatBytes(details.size)} (${n(details.size)} bytes)`),
    line('content-type', details.contentType),
    line('last modified', details.lastModified),
    line('etag', details.etag),
    line('storage class', details.storageClass),
    line('version', details.versionId),
    line('encryption', details.encryption),
    line('checksum', details.checksum),
    line('object lock', details.lock && describeObjectLock(details.lock)),
    line('restore', details.restore),
    line('cache-control', details.cacheControl),
    line('content-disposition', details.contentDisposition),
    line('content-encoding', details.contentEncoding),
    ...pairs('metadata', details.metadata),
    ...pairs('tags', details.tags),
  ]
    .filter(Boolean)
    .join('\n');
  return { result: details, text };
}

/** The headers `edit` changes, by the names people type (HTTP's, in lowercase). */
const HEADERS = {
  'content-type': 'contentType',
  'cache-control': 'cacheControl',
  'content-disposition': 'contentDisposition',
  'content-encoding': 'contentEncoding',
  'content-language': 'contentLanguage',
  expires: 'expires',
} as const satisfies Record<string, keyof ObjectEdit>;

/** NAME=VALUE arguments, in order (a value may hold "="). */
function assignments(args: string[], what: string): Pairs {
  return args.map((arg) => {
    const at = arg.indexOf('=');
    if (at <= 0) throw new UsageError(`"${arg}" is not ${what}=VALUE.`);
    return [arg.slice(0, at), arg.slice(at + 1)];
  });
}

/**
 * `edit <bucket>/<key> NAME=VALUE…`: headers, metadata (meta:NAME=VALUE; an empty value removes
 * it) and storage-class, changed by a copy in place that keeps everything not named (as the
 * window's Edit headers, metadata and storage class).
 */
export async function edit({ transport }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key } = splitBucketPath(args[0], 'bucket/key');
  if (!key) throw new UsageError('Give the object as bucket/key, or a folder as bucket/prefix/.');
  const folder = key.endsWith('/');
  const changes = assignments(args.slice(1), 'NAME');
  if (changes.length === 0)
    throw new UsageError(
      `Say what to change: ${Object.keys(HEADERS).join(', ')}, storage-class, or meta:NAME (NAME=VALUE; an empty value removes it).`,
    );
  const request: ObjectEdit = {};
  const metadata: Pairs = [];
  for (const [name, value] of changes) {
    const lower = name.toLowerCase();
    if (lower.startsWith('meta:')) {
      // Each object has metadata of its own: the window's folder edit does not write one set over all.
      if (folder)
        throw new UsageError("A folder's objects keep their own metadata: edit them one by one (bucket/key).");
      metadata.push([name.slice(5), value]);
    } else if (lower === 'storage-class') request.storageClass = storageClassNamed(value);
    else if (lower in HEADERS) {
      const problem = headerProblem(name, value);
      if (problem) throw new UsageError(problem);
      request[HEADERS[lower as keyof typeof HEADERS]] = value;
    } else
      throw new UsageError(
        `"${name}" is not something edit changes: ${Object.keys(HEADERS).join(', ')}, storage-class, or meta:NAME.`,
      );
  }
  if (metadata.length) {
    // The object's metadata with these changes: the whole set is written, as the window writes it.
    const before = (await objectDetails(transport, bucket, key)).metadata;
    const merged = new Map(Object.entries(before));
    for (const [name, value] of metadata) {
      merged.delete(name.toLowerCase());
      if (value !== '') merged.set(name.toLowerCase(), value);
    }
    const problem = metadataProblem([...merged]);
    if (problem) throw new UsageError(problem);
    request.metadata = Object.fromEntries(merged);
  }
  if (folder) return editFolder(transport, bucket, key, request, changes);
  const out = await editObject(transport, bucket, key, request);
  return {
    result: { bucket, key, edit: request, versionId: out.versionId },
    text: `edited s3://${bucket}/${key} (${changes.map(([name]) => name).join(', ')}; everything else kept)${out.versionId ? `, new version ${out.versionId}` : ''}`,
  };
}

/** Every object under a folder edited as the window's folder edit does: one job of the transfer queue. */
async function editFolder(
  transport: S3Transport,
  bucket: string,
  prefix: string,
  request: ObjectEdit,
  changes: Pairs,
): Promise<Outcome> {
  const { queue, close } = terminalQueue(transport, 'edited');
  try {
    const ids = queue.addFolderJobs({ connectionId: 'cli', bucket, op: { kind: 'edit', edit: request } }, [prefix]);
    const [row] = await queue.settled(ids);
    if (row?.state !== 'done')
      throw new S3RequestError('EditFailed', `s3://${bucket}/${prefix}: ${row?.message ?? 'not edited'}`);
    return {
      result: { bucket, prefix, edit: request, message: row.message },
      text: `s3://${bucket}/${prefix}: ${row.message} (${changes.map(([name]) => name).join(', ')}; everything else kept)`,
    };
  } finally {
    await close();
  }
}

/** `tag <bucket>/<key> [NAME=VALUE…] [--clear]`: the object's tags, or all of them replaced. */
export async function tag({ transport, values }: Context, args: string[]): Promise<Outcome> {
  if (args[0] !== undefined && splitBucketPath(args[0], 'bucket').key === '')
    return bucketTags(values, transport, args);
  const { bucket, key } = objectPath(args[0]);
  const given = assignments(args.slice(1), 'TAG');
  if (given.length === 0 && !values.clear) {
    const { tags } = await objectDetails(transport, bucket, key);
    const lines = Object.entries(tags).map(([k, v]) => `${k} = ${v}`);
    return { result: { bucket, key, tags }, text: lines.join('\n') || '(no tags)' };
  }
  if (given.length && values.clear) throw new UsageError('Give tags, or --clear to remove them all: not both.');
  const problem = tagsProblem(given);
  if (problem) throw new UsageError(problem);
  const tags = Object.fromEntries(given);
  await putTags(transport, bucket, key, tags);
  return {
    result: { bucket, key, tags },
    text: given.length
      ? `s3://${bucket}/${key} now has ${n(given.length)} tag${given.length === 1 ? '' : 's'}: ${given.map(([k, v]) => `${k}=${v}`).join(', ')}`
      : `removed every tag of s3://${bucket}/${key}`,
  };
}

/** `tag <bucket> [NAME=VALUE…]`: the bucket's own tags, printed or replaced (`--clear`: removed). */
async function bucketTags(values: Context['values'], transport: S3Transport, args: string[]): Promise<Outcome> {
  const { bucket } = splitBucketPath(args[0], 'bucket');
  const given = assignments(args.slice(1), 'TAG');
  if (given.length === 0 && !values.clear) {
    const tags = await readBucketTags(transport, bucket);
    const lines = Object.entries(tags).map(([k, v]) => `${k} = ${v}`);
    return { result: { bucket, tags }, text: lines.join('\n') || '(no tags)' };
  }
  if (given.length && values.clear) throw new UsageError('Give tags, or --clear to remove them all: not both.');
  const problem = tagsProblem(given, 'bucket');
  if (problem) throw new UsageError(problem);
  const tags = Object.fromEntries(given);
  await putBucketTags(transport, bucket, tags);
  return {
    result: { bucket, tags },
    text: given.length
      ? `s3://${bucket} now has ${n(given.length)} tag${given.length === 1 ? '' : 's'}: ${given.map(([k, v]) => `${k}=${v}`).join(', ')}`
      : `removed every tag of s3://${bucket}`,
  };
}

/** `share <bucket>/<key> [--expires SECONDS]`: the window's Share link, presigned for the bucket's region. */
export async function share({ transport, values }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key } = objectPath(args[0]);
  const seconds = values.expires === undefined ? 3600 : Number(values.expires);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_PRESIGN_SECONDS)
    throw new UsageError(
      `--expires is a whole number of seconds from 1 to ${n(MAX_PRESIGN_SECONDS)} (7 days, S3's longest), not "${values.expires}".`,
    );
  const link = await presignDownload(transport, bucket, key, seconds, values['version-id']);
  return { result: link, text: `${link.url}\n(anyone with this link can read the object until ${link.expiresAt})` };
}

/** `url <bucket>/<key>`: the object's plain URL, as the window's Copy URL (it opens only what is public). */
export async function url({ transport }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key } = objectPath(args[0]);
  const made = await objectUrl(transport, bucket, key);
  return { result: { bucket, key, ...made }, text: made.url };
}

const SWITCH_NAMES = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

function switchesText(switches: BlockSwitches | null | undefined): string {
  if (switches === undefined) return 'could not be read';
  if (switches === null) return 'none set (all off)';
  return SWITCH_NAMES.map((name) => `${name} ${switches[name] ? 'on' : 'off'}`).join(', ');
}

/** The public-access verdict in a sentence: the reason says the console's label already, but for "unknown". */
export function accessVerdict(report: Pick<BucketAccessReport, 'publicAccess' | 'publicAccessReason'>): string {
  return report.publicAccess === 'unknown'
    ? `${PUBLIC_ACCESS_LABELS.unknown}: ${report.publicAccessReason}`
    : report.publicAccessReason;
}

function accessText(report: BucketAccessReport): string {
  const account = report.accountBlockPublicAccess;
  const policy = report.policy;
  return [
    `s3://${report.bucket}: ${accessVerdict(report)}`,
    `  Block Public Access (bucket): ${switchesText(report.blockPublicAccess)}`,
    `  Block Public Access (account${account.status === 'unreadable' ? '' : ` ${account.accountId}`}): ${
      account.status === 'applies'
        ? switchesText(account.switches)
        : account.status === 'other-owner'
          ? `the bucket belongs to account ${account.accountId}, whose switches this identity does not read`
          : account.reason
    }`,
    policy === undefined
      ? '  policy: could not be read'
      : policy === null
        ? '  policy: none'
        : `  policy:${policy.problem ? ` ${policy.problem}` : ''}\n${(policy.statements ?? []).map((s) => `    ${s}`).join('\n')}`,
    report.aclGrants?.length ? `  ACL: ${report.aclGrants.map((g) => `${g.grantee} ${g.permission}`).join('; ')}` : '',
    ...report.unreadable.map((u) => `  not readable by this identity: ${u.setting} (${u.code})`),
  ]
    .filter(Boolean)
    .join('\n');
}

/** `access <bucket>`: whether it is public, and the settings that decide it (the window's Access section). */
export async function access({ transport }: Context, args: string[]): Promise<Outcome> {
  const { bucket } = splitBucketPath(args[0], 'bucket');
  const report = await readBucketAccess(transport, bucket);
  return { result: report, text: accessText(report) };
}

/**
 * `policy <bucket>` prints the policy; `policy <bucket> FILE` (or - for stdin) replaces it, checked
 * first as the window checks it; one that lets everyone in is saved only with --allow-public (the
 * window's "Save: make it public" after its review); `--delete` removes it.
 */
export async function policy({ transport, values }: Context, args: string[]): Promise<Outcome> {
  const { bucket } = splitBucketPath(args[0], 'bucket');
  const source = args[1];
  if (source === undefined && !values.delete) {
    const text = await readBucketPolicy(transport, bucket).catch(() => {
      throw new S3RequestError('AccessDenied', `This identity may not read the policy of ${bucket}.`, 403);
    });
    return { result: { bucket, policy: text }, text: text ?? '(no policy)' };
  }
  if (source !== undefined && values.delete) throw new UsageError('Give a policy file, or --delete: not both.');
  let text: string | null = null;
  if (source !== undefined) {
    const read = source === '-' ? await readStdin() : await readFile(source, 'utf8').catch(() => undefined);
    if (read === undefined) throw new UsageError(`Cannot read the policy file ${source}.`);
    text = read;
    let parsed;
    try {
      parsed = parsePolicy(text, bucket);
    } catch (error) {
      if (error instanceof PolicyError) throw new UsageError(`${error.message} Nothing was saved.`);
      throw error;
    }
    const open = publicStatements(parsed);
    if (open.length && !values['allow-public'])
      throw new UsageError(
        `This policy makes ${bucket} public:\n${open.map((s) => `  ${describeStatement(s)}`).join('\n')}\nNothing was saved. To save it all the same, add --allow-public.`,
      );
  }
  await putBucketPolicy(transport, bucket, text);
  const report = await readBucketAccess(transport, bucket);
  return {
    result: report,
    text: `${text === null ? 'removed the policy of' : 'saved the policy of'} s3://${bucket}\n${accessText(report)}`,
  };
}

/**
 * `<command> <bucket>` lists a bucket's rules in words; `<command> <bucket> add WORD…` adds one
 * (each word read by `word`, NAME=VALUE or a flag NAME); `<command> <bucket> remove ID…` takes
 * rules away: lifecycle and CORS, as the window's editors change them.
 */
async function ruleCommand<N>(
  args: string[],
  spec: {
    command: string;
    /** `lifecycle rules`, `CORS rules` */
    what: string;
    none: (bucket: string) => string;
    words: string;
    read: (bucket: string) => Promise<Array<{ id: string; summary: string }>>;
    change: (bucket: string, change: { add?: N; remove?: string[] }) => Promise<Array<{ id: string; summary: string }>>;
    fresh: () => N;
    word: (rule: N, name: string, value: string | undefined) => boolean;
  },
): Promise<Outcome> {
  const { bucket } = splitBucketPath(args[0], 'bucket');
  const [verb, ...words] = args.slice(1);
  const lines = (rules: Array<{ id: string; summary: string }>) =>
    rules.length ? rules.map((r) => `${r.id}\n  ${r.summary}`).join('\n') : `(no ${spec.what}: ${spec.none(bucket)})`;
  if (verb === undefined) {
    const rules = await spec.read(bucket);
    return { result: { bucket, rules }, text: lines(rules) };
  }
  let rules: Array<{ id: string; summary: string }>;
  if (verb === 'remove') {
    if (words.length === 0) throw new UsageError(`Name the rules to remove (${spec.command} <bucket> lists them).`);
    rules = await spec.change(bucket, { remove: words });
  } else if (verb === 'add') {
    const rule = spec.fresh();
    for (const word of words) {
      const at = word.indexOf('=');
      if (!spec.word(rule, at < 0 ? word : word.slice(0, at), at < 0 ? undefined : word.slice(at + 1)))
        throw new UsageError(`Unknown rule word "${word}": ${spec.words}.`);
    }
    rules = await spec.change(bucket, { add: rule });
  } else throw new UsageError(`${spec.command} <bucket> lists the rules; add or remove change them, not "${verb}".`);
  return {
    result: { bucket, rules },
    text: `${verb === 'add' ? 'added the rule to' : 'removed from'} s3://${bucket}; its ${spec.what} now:\n${lines(rules)}`,
  };
}

/** A whole number in a rule word, or a usage mistake saying which word wants one. */
function wholeWord(name: string, value: string | undefined, unit: string): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new UsageError(`${name}= takes a whole number of ${unit}.`);
  return Number(value);
}

/**
 * `lifecycle <bucket> [add WORD…|remove ID…]`, the words as the window's Lifecycle rules… reads
 * them: abort-uploads=DAYS, move=CLASS:DAYS, delete=DAYS, old-versions=DAYS, lone-markers,
 * prefix=P, name=ID.
 */
export function lifecycle({ transport }: Context, args: string[]): Promise<Outcome> {
  return ruleCommand<NewLifecycleRule>(args, {
    command: 'lifecycle',
    what: 'lifecycle rules',
    none: (bucket) => `${bucket} keeps everything until someone deletes it`,
    words: 'abort-uploads=DAYS, move=CLASS:DAYS, delete=DAYS, old-versions=DAYS, lone-markers, prefix=P, name=ID',
    read: (bucket) => readLifecycle(transport, bucket),
    change: (bucket, change) => changeLifecycle(transport, bucket, change),
    fresh: () => ({ prefix: '' }),
    word: (rule, name, value) => {
      if (name === 'abort-uploads') rule.abortIncompleteDays = wholeWord(name, value, 'days');
      else if (name === 'delete') rule.expireDays = wholeWord(name, value, 'days');
      else if (name === 'old-versions') rule.noncurrentExpireDays = wholeWord(name, value, 'days');
      else if (name === 'lone-markers' && value === undefined) rule.expireDeleteMarkers = true;
      else if (name === 'prefix' && value !== undefined) rule.prefix = value;
      else if (name === 'name' && value !== undefined) rule.id = value;
      else if (name === 'move' && value?.includes(':')) {
        const [storageClass, days] = value.split(':') as [string, string];
        rule.transition = { storageClass: storageClass.toUpperCase(), days: wholeWord(name, days, 'days') };
      } else return false;
      return true;
    },
  });
}

/**
 * `cors <bucket> [add WORD…|remove ID…]`, the words as the window's CORS rules… reads them:
 * origin=URL (repeated or comma-separated), methods=GET,HEAD, headers=*, expose=ETag,
 * max-age=SECONDS, name=ID.
 */
export function cors({ transport }: Context, args: string[]): Promise<Outcome> {
  return ruleCommand<NewCorsRule>(args, {
    command: 'cors',
    what: 'CORS rules',
    none: (bucket) => `pages on other sites cannot use ${bucket}'s objects from a browser`,
    words: 'origin=URL, methods=GET,HEAD, headers=*, expose=ETag, max-age=SECONDS, name=ID',
    read: (bucket) => readCors(transport, bucket),
    change: (bucket, change) => changeCors(transport, bucket, change),
    fresh: () => ({ origins: [], methods: ['GET', 'HEAD'], allowedHeaders: ['*'], exposeHeaders: ['ETag'] }),
    word: (rule, name, value) => {
      if (value === undefined) return false;
      if (name === 'origin') rule.origins.push(...listOf(value));
      else if (name === 'methods') rule.methods = listOf(value).map((m) => m.toUpperCase());
      else if (name === 'headers') rule.allowedHeaders = listOf(value);
      else if (name === 'expose') rule.exposeHeaders = listOf(value);
      else if (name === 'name') rule.id = value;
      else if (name === 'max-age') rule.maxAgeSeconds = wholeWord(name, value, 'seconds');
      else return false;
      return true;
    },
  });
}

/**
 * `encryption <bucket>` says the default encryption; `encryption <bucket> sse-s3|sse-kms|dsse-kms
 * [key=KEY] [bucket-key|no-bucket-key]` sets it as the window's Encryption… does, checked first in
 * the same words; `encryption <bucket> remove` deletes the setting (S3's own default, SSE-S3, then).
 */
export async function encryption({ transport }: Context, args: string[]): Promise<Outcome> {
  const { bucket } = splitBucketPath(args[0], 'bucket');
  const [verb, ...words] = args.slice(1);
  const show = async (done?: string) => {
    const setting = await readDefaultEncryption(transport, bucket);
    const text = `${done ? `${done}\n` : ''}default encryption of s3://${bucket}: ${describeEncryption(setting)}`;
    return { result: { bucket, encryption: setting }, text };
  };
  if (verb === undefined) return show();
  if (verb === 'remove') {
    await putDefaultEncryption(transport, bucket, null);
    return show('removed the setting');
  }
  const algorithm = { 'sse-s3': 'AES256', 'sse-kms': 'aws:kms', 'dsse-kms': 'aws:kms:dsse' }[verb] as
    EncryptionAlgorithm | undefined;
  if (!algorithm) throw new UsageError(`encryption <bucket> takes sse-s3, sse-kms, dsse-kms or remove, not "${verb}".`);
  const setting: DefaultEncryption = { algorithm, ...(algorithm !== 'AES256' && { bucketKey: true }) };
  for (const word of words) {
    if (word.startsWith('key=')) setting.kmsKeyId = word.slice(4);
    else if (word === 'bucket-key' || word === 'no-bucket-key') setting.bucketKey = word === 'bucket-key';
    else throw new UsageError(`Unknown word "${word}": key=KEY, bucket-key or no-bucket-key.`);
  }
  const problem = encryptionProblem(setting);
  if (problem) throw new UsageError(problem);
  await putDefaultEncryption(transport, bucket, setting);
  return show('saved');
}

/**
 * `website <bucket>` says the static website setting (and, on AWS, its address); `website <bucket>
 * host [index=index.html] [error=error.html]`, `website <bucket> redirect HOST [http]` and
 * `website <bucket> off` set it as the window's Website… does, checked first in the same words.
 */
export async function website({ transport }: Context, args: string[]): Promise<Outcome> {
  const { bucket } = splitBucketPath(args[0], 'bucket');
  const [verb, ...words] = args.slice(1);
  const show = async (done?: string) => {
    const setting = await readWebsite(transport, bucket);
    const region = transport.knownRegion(bucket);
    const at =
      setting && !transport.connection.endpointTemplate && region ? `\nat ${websiteEndpoint(bucket, region)}` : '';
    return {
      result: { bucket, website: setting },
      text: `${done ? `${done}\n` : ''}static website of s3://${bucket}: ${describeWebsite(setting)}${at}`,
    };
  };
  if (verb === undefined) return show();
  let setting: WebsiteSetting | null;
  if (verb === 'off') setting = null;
  else if (verb === 'host') {
    setting = { kind: 'host', indexDocument: 'index.html' };
    for (const word of words) {
      if (word.startsWith('index=')) setting.indexDocument = word.slice(6);
      else if (word.startsWith('error=')) setting.errorDocument = word.slice(6);
      else throw new UsageError(`Unknown word "${word}": index=NAME or error=KEY.`);
    }
  } else if (verb === 'redirect') {
    const [hostName, protocol] = words;
    if (!hostName) throw new UsageError('Name the host every request goes to: website <bucket> redirect HOST [http].');
    if (protocol !== undefined && protocol !== 'http' && protocol !== 'https')
      throw new UsageError(`The protocol is http or https, not "${protocol}".`);
    setting = { kind: 'redirect', hostName, protocol: (protocol as 'http' | 'https' | undefined) ?? 'https' };
  } else throw new UsageError(`website <bucket> takes host, redirect or off, not "${verb}".`);
  const problem = setting && websiteProblem(setting);
  if (problem) throw new UsageError(problem);
  await putWebsite(transport, bucket, setting);
  return show(setting ? 'saved' : 'turned off');
}

/** `block-public-access <bucket> [on|off]`: the bucket's four switches, read or all set at once. */
export async function blockPublicAccess({ transport }: Context, args: string[]): Promise<Outcome> {
  const { bucket } = splitBucketPath(args[0], 'bucket');
  const state = args[1];
  if (state !== undefined && state !== 'on' && state !== 'off')
    throw new UsageError(`block-public-access takes on or off, not "${state}".`);
  if (state) {
    const on = state === 'on';
    await putPublicAccessBlock(transport, bucket, {
      BlockPublicAcls: on,
      IgnorePublicAcls: on,
      BlockPublicPolicy: on,
      RestrictPublicBuckets: on,
    });
  }
  const report = await readBucketAccess(transport, bucket);
  const before = state ? `Block Public Access ${state} for s3://${bucket}\n` : '';
  return { result: report, text: `${before}${accessText(report)}` };
}

/** The first failure of a version delete, said as the window's row says it. */
function throwIfFailed(result: VersionDeleteResult): void {
  const first = result.errors[0];
  if (first)
    throw new S3RequestError(
      first.code,
      `${n(result.errors.length)} not deleted (and ${n(result.deleted)} deleted): ${first.key}: ${first.message}`,
    );
}

/** `undelete <bucket>/<key|prefix/>`: removes the delete marker over an object, or over each under a folder. */
export async function undeleteObjects({ transport }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key } = splitBucketPath(args[0], 'bucket/key');
  if (!key) throw new UsageError('Give the object as bucket/key, or a folder as bucket/prefix/.');
  const folder = key.endsWith('/');
  const result = await undelete(transport, bucket, folder ? { prefixes: [key] } : { keys: [key] });
  throwIfFailed(result);
  if (!folder && result.deleted === 0)
    throw new S3RequestError(
      'NotDeleted',
      `Nothing to bring back: the latest version of s3://${bucket}/${key} is no delete marker (or there is no such key).`,
      404,
    );
  return {
    result: { bucket, key, broughtBack: result.deleted },
    text: `brought back ${n(result.deleted)} object${result.deleted === 1 ? '' : 's'} under s3://${bucket}/${key}`,
  };
}

/**
 * `purge <bucket>[/prefix/]`: every old version and old delete marker under the prefix, for good;
 * the latest version of each object stays. Counted and said first; deleted only with --yes.
 */
export async function purge({ transport, values }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key: prefix } = splitBucketPath(args[0], 'bucket');
  if (prefix && !prefix.endsWith('/'))
    throw new UsageError(`purge works on a folder: s3://${bucket}/${prefix}/ (one version: rm --version-id).`);
  const where = `s3://${bucket}/${prefix}`;
  const measured = await measureOldVersions(transport, bucket, prefix);
  const count = measured.versions + measured.oldMarkers;
  const markers = measured.oldMarkers
    ? ` and ${n(measured.oldMarkers)} old delete marker${measured.oldMarkers === 1 ? '' : 's'}`
    : '';
  const what = `${n(measured.versions)} old version${measured.versions === 1 ? '' : 's'} (${formatBytes(measured.bytes)})${markers}`;
  if (!values.yes || count === 0)
    return {
      result: { bucket, prefix, ...measured, deleted: 0 },
      text:
        count === 0
          ? `${where} has no old versions.`
          : `${where} holds ${what}. The latest version of each object stays.
Nothing was deleted: add --yes to delete them for good.`,
    };
  const result = await purgeOldVersions(transport, bucket, prefix);
  throwIfFailed(result);
  return {
    result: { bucket, prefix, ...measured, deleted: result.deleted },
    text: `deleted ${what} under ${where}, for good`,
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `lock <bucket>` says the bucket's Object Lock; `lock <bucket> on` turns it on (for good; the
 * bucket must be versioned) and `default=governance:30d|compliance:1y|none` sets the retention new
 * objects get. `lock <bucket>/<key>` says a version's lock (`--version-id V`, else the latest);
 * `hold=on|off`, `retain=governance:DATE|compliance:DATE|none` and `bypass-governance` change it,
 * checked first in the window's words.
 */
export async function lock({ transport, values }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key } = splitBucketPath(args[0], 'bucket or bucket/key');
  const words = args.slice(1);
  const versionId = values['version-id'];
  if (!key) {
    if (versionId) throw new UsageError('--version-id is for an object: lock <bucket>/<key> --version-id V.');
    const show = async (done?: string) => {
      const setting = await readBucketLock(transport, bucket);
      const text = `${done ? `${done}\n` : ''}Object Lock of s3://${bucket}: ${describeBucketLock(setting)}`;
      return { result: { bucket, objectLock: setting }, text };
    };
    if (!words.length) return show();
    let setting: BucketLock | undefined;
    for (const word of words) {
      if (word === 'on') setting ??= (await readBucketLock(transport, bucket)) ?? {};
      else if (word.startsWith('default=')) setting = { defaultRetention: defaultRetentionOf(word.slice(8)) };
      else throw new UsageError(`Unknown word "${word}": on, or default=governance:30d|compliance:1y|none.`);
    }
    const problem = bucketLockProblem(setting!);
    if (problem) throw new UsageError(problem);
    await putBucketLock(transport, bucket, setting!);
    return show('saved');
  }
  if (key.endsWith('/')) throw new UsageError('Object Lock is per object: give bucket/key.');
  const say = (state: ObjectLockState & { versionId?: string }, done?: string) => ({
    result: { bucket, key, ...state },
    text: `${done ? `${done}\n` : ''}s3://${bucket}/${key}${state.versionId ? ` (version ${state.versionId})` : ''}: ${describeObjectLock(state)}`,
  });
  if (!words.length) return say(await readObjectLock(transport, bucket, key, versionId));
  const change: ObjectLockChange = {};
  for (const word of words) {
    if (word === 'hold=on' || word === 'hold=off') change.legalHold = word === 'hold=on';
    else if (word === 'retain=none') change.retention = null;
    else if (word.startsWith('retain=')) {
      const [mode, until] = word.slice(7).split(/:(.*)/s);
      const upper = mode!.toUpperCase();
      if (!(LOCK_MODES as readonly string[]).includes(upper) || !until)
        throw new UsageError(`"${word}" is not a retention: retain=governance:2027-01-31 or compliance:DATE.`);
      change.retention = {
        mode: upper as LockMode,
        until: /^\d{4}-\d{2}-\d{2}$/.test(until) ? `${until}T00:00:00Z` : until,
      };
    } else if (word === 'bypass-governance') change.bypassGovernance = true;
    else throw new UsageError(`Unknown word "${word}": hold=on|off, retain=MODE:DATE|none or bypass-governance.`);
  }
  return say(await changeObjectLock(transport, { bucket, key, versionId }, change), 'saved');
}

/** `governance:30d`, `compliance:1y`; `none`: no default retention. */
function defaultRetentionOf(text: string): BucketLock['defaultRetention'] {
  if (text === 'none') return undefined;
  const [mode, period] = text.split(':');
  const upper = (mode ?? '').toUpperCase();
  const parsed = period === undefined ? undefined : parsePeriod(period);
  if (!(LOCK_MODES as readonly string[]).includes(upper) || !parsed)
    throw new UsageError(`"${text}" is not a default retention: governance:30d, compliance:1y or none.`);
  return { mode: upper as LockMode, ...parsed };
}
