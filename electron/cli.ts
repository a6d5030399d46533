// The core from a terminal, for scripting and support: probe, ls, put, get, each with the full
// request log on --json. Same transport, same probe, same upload engine and hop records as the app.
// Built into dist/cli/bucket-explorer.cjs (the package's `bucket-explorer` bin) by `npm run build`.
import './cli-compile-cache.js'; // first: before the SDK is loaded
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { pipeline } from 'node:stream/promises';
import { version } from '../package.json';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ConflictPolicy, RequestRecord, VersionRow } from './contract.js';
import type { RunningDemo } from './demo/demo.js';
import { listPage, measurePage, objectPreview, searchPage } from './s3/browse.js';
import { listIncompleteUploads } from './s3/incomplete-uploads.js';
import { abortMultipart } from './transfers/multipart.js';
import { planCopy } from './transfers/copy.js';
import { createFolder, deleteObjects, listBuckets } from './s3/objects.js';
import { restoreObjects } from './s3/object-edit.js';
import { folderOf } from './shared/s3-location.js';
import { HeadObjectCommand, type HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import { deleteVersions, getVersioning, listVersionsPage, revertToVersion, setVersioning } from './s3/versions.js';
import { entryMessage, hintFor, OBJECT_LOCK_HINT, OBJECT_LOCKED, S3RequestError } from './s3/errors.js';
import { probeBucket } from './s3/probe.js';
import { readBucketAccess } from './s3/bucket-access.js';
import { S3Transport, type ConnectionTarget } from './s3/transport.js';
import { addMeasure, NOTHING_MEASURED } from './shared/folder-measure.js';
import { formatBytes, formatCount as n } from './shared/format-bytes.js';
import { isFailure, isRedirected, toHar } from './shared/log-export.js';
import { expandPaths } from './transfers/expand.js';
import { planFolderDownload, planFolderPages, resolveLocal } from './transfers/folder-download.js';
import { safeFileName } from './shared/local-names.js';
import {
  Output,
  splitBucketPath,
  storageClassNamed,
  terminalQueue,
  UsageError,
  type Context,
  type Outcome,
} from './cli-common.js';
import {
  access,
  accessVerdict,
  blockPublicAccess,
  lifecycle,
  cors,
  encryption,
  website,
  lock,
  edit,
  makeBucket,
  objectInfo,
  policy,
  purge,
  removeBucket,
  share,
  tag,
  undeleteObjects,
  url,
} from './cli-manage.js';
import { localErrorInWords } from './transfers/local-errors.js';

const USAGE = `Usage: npm run cli -- <command> [options]   (or: bucket-explorer <command> [options])

Commands:
  probe <bucket>                 where the bucket lives and what you may do with it
  ls [<bucket>[/prefix]]         list folders and objects under a prefix (--versions: every
                                 version and delete marker, newest first); no bucket: the buckets
  put <path> <bucket>/<key>      upload a file, or a folder into <bucket>/<prefix>/ (folder/: what
                                 is in it, as rsync reads the slash; path -: stdin)
  get <bucket>/<key> [file]      download an object (parallel ranges, checked, renamed when complete;
                                 file -: to stdout)
  get <bucket>/<prefix>/ [dir]   download a folder, keeping its structure (safe local names)
  find <bucket>[/prefix/] PATTERN  keys below the prefix matching a text or a glob ("*.json")
  du <bucket>[/prefix/]          objects and bytes below the prefix, by storage class
  mkdir <bucket>/<prefix>/       a folder (an empty "prefix/" object), unless one is there already
  head <bucket>/<key>            the first bytes of an object, as the window previews it (--bytes N)
  uploads <bucket>               incomplete multipart uploads: age, parts and bytes
  abort-upload <bucket>/<key> --upload-id ID
                                 abort one of them (its parts are deleted)
  revert <bucket>/<key> --version-id V
                                 copy that version over the latest (a new version; nothing lost)
  rm <bucket>/<key> --version-id V
                                 delete that version for good (a delete marker: undelete)
  rm <bucket>/<key>              delete an object; rm <bucket>/<prefix>/ --recursive: a folder
  cp <src> <dst>                 copy server-side: s3://bucket/key or s3://bucket/prefix/ (a
                                 trailing slash means a folder) to s3://bucket/key or .../prefix/
  mv <src> <dst>                 move: each copy confirmed before its source is deleted
  restore <bucket>/<key|prefix/> --days N --tier Expedited|Standard|Bulk
                                 restore from Glacier (a folder: every archived object in it)
  versioning <bucket> [enable|suspend]
                                 a bucket's versioning state, or change it
  mb <bucket>                    make a bucket (in --region, default us-east-1; --object-lock)
  rb <bucket>                    delete a bucket (S3 refuses one that holds anything)
  info <bucket>/<key>            an object's size, type, headers, storage class, metadata and tags
  edit <bucket>/<key|prefix/> NAME=VALUE…
                                 change content-type, cache-control, content-disposition,
                                 content-encoding, content-language, expires, storage-class or
                                 meta:NAME in place (an empty VALUE removes it; the rest is kept);
                                 a folder: every object in it (not meta:)
  tag <bucket>[/<key>] [NAME=VALUE…]
                                 an object's tags, or the bucket's own; or replace them all
                                 (--clear: remove them)
  share <bucket>/<key>           a link anyone can read it with (--expires SECONDS, default 3600)
  url <bucket>/<key>             its plain URL (opens it only when it is public)
  access <bucket>                public or not, and why: Block Public Access, policy, ACL
  policy <bucket> [FILE|-]       print the bucket policy, or replace it with FILE's (a public one
                                 only with --allow-public); --delete removes it
  block-public-access <bucket> [on|off]
                                 the bucket's four Block Public Access switches, or set them all
  lifecycle <bucket> [add WORD…|remove ID…]
                                 the lifecycle rules in words; add one (abort-uploads=DAYS,
                                 move=CLASS:DAYS, delete=DAYS, old-versions=DAYS, lone-markers,
                                 prefix=P, name=ID), or remove rules by name
  cors <bucket> [add WORD…|remove ID…]
                                 the CORS rules in words; add one (origin=URL…, methods=GET,HEAD,
                                 headers=*, expose=ETag, max-age=SECONDS, name=ID), or remove rules
  encryption <bucket> [sse-s3|sse-kms|dsse-kms [key=KEY] [no-bucket-key]|remove]
                                 the default encryption for new objects, or set it
  website <bucket> [host [index=NAME] [error=KEY]|redirect HOST [http]|off]
                                 the static website setting (on AWS, its address), or set it
  lock <bucket>[/<key>] [WORD…]  Object Lock: a bucket's (on; default=governance:30d|
                                 compliance:1y|none) or a version's (hold=on|off, retain=MODE:DATE|
                                 none, bypass-governance; --version-id V); no words: what it is
  undelete <bucket>/<key|prefix/>
                                 bring back a deleted object, or every one under a folder
  purge <bucket>[/prefix/]       count the old versions and delete markers below the prefix;
                                 with --yes, delete them for good (the latest versions stay)

Options:
  --endpoint-template URL        e.g. http://s3.{region}.localhost:9000 (default: AWS)
  --region REGION                region to try first (default: us-east-1)
  --profile NAME                 an AWS profile; otherwise the SDK's default credential chain
  --anonymous                    send unsigned requests (public buckets)
  --demo                         start the built-in S3 world and use it
  --expected-owner ACCOUNT       (probe) check the bucket owner
  --if-exists POLICY             (put, cp, mv: in S3; get: local files) overwrite (default),
                                 skip or keep-both ("name (1).ext")
  --json                         print the result and the full request log as one JSON document
  --har FILE                     also write the request log to FILE as HAR (every hop an entry)
  --max N                        (find) stop after N matches (default 10,000)
  --version-id V                 (get, head, revert, rm, lock) a particular version
  --versions                     (ls) versions and delete markers instead of objects;
                                 (du) older versions and delete markers counted too
  --recursive                    (rm) everything under a prefix
  --days N, --tier T             (restore) how long the copy stays readable (default 1), the tier
  --expires SECONDS              (share) how long the link works (at most 604,800: 7 days)
  --storage-class CLASS          (put, cp, mv) write in this storage class (STANDARD_IA, GLACIER,
                                 …); cp and mv keep each source's without it
  --allow-public                 (policy) save a policy that lets everyone in
  --delete                       (policy) remove the bucket policy
  --clear                        (tag) remove every tag
  --bypass-governance            (rm --version-id) delete a version under governance retention
  --object-lock                  (mb) with Object Lock on (versioned; neither can be turned off)
  --yes                          (purge) delete for good what it counted
  --ndjson                       (ls, find) print one JSON line per entry as pages arrive,
                                 then a summary line with the request log
`;

/** USAGE's lines for one command (its continuation lines too), or undefined for no such command. */
function commandUsage(command: string | undefined): string | undefined {
  if (!command) return undefined;
  const lines = USAGE.slice(USAGE.indexOf('Commands:\n') + 'Commands:\n'.length, USAGE.indexOf('\n\nOptions:')).split(
    '\n',
  );
  const mine: string[] = [];
  let taking = false;
  for (const line of lines) {
    if (/^ {2}\S/.test(line)) taking = line.trim().split(/\s/)[0] === command;
    if (taking) mine.push(line);
  }
  return mine.length ? mine.join('\n') : undefined;
}

/**
 * What a mistake is answered with: the usage of the command it was about, not all fifty lines of
 * the help (which pushed the error itself off the screen); an unknown command gets the list.
 */
function usageFor(command: string | undefined): string {
  const mine = commandUsage(command);
  if (mine) return `Usage:\n${mine}\n\nEvery command and option: bucket-explorer --help\n`;
  const commands = USAGE.slice(USAGE.indexOf('Commands:'), USAGE.indexOf('\n\nOptions:'));
  return `${commands}\n\nEvery option: bucket-explorer --help\n`;
}

function unknownCommandHint(command: string): string {
  const names = [...USAGE.matchAll(/^ {2}([a-z-]+) /gm)].map((m) => m[1]!);
  const near = closest(command, [...new Set(names)]);
  return near ? ` Did you mean ${near}?` : '';
}

/** node:util's parseArgs errors said in this tool's words (its own text quotes the option and advises "--"). */
function optionProblem(error: Error & { code?: string }): string {
  const named = /'(-[^' ]+)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const near = closest(named.replace(/^-+/, ''), Object.keys(OPTIONS));
    return `Unknown option ${named}.${near ? ` Did you mean --${near}?` : ''}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return OPTIONS[named.replace(/^-+/, '') as keyof typeof OPTIONS]?.type === 'boolean'
      ? `${named} takes no value.`
      : `${named} needs a value.`;
  return error.message;
}

/** The known name within two edits of `typed` (a typo), if there is exactly one nearest. */
function closest(typed: string, names: string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    let row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++)
        next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row = next;
    }
    return row[b.length]!;
  };
  const scored = names.map((name) => ({ name, d: distance(typed, name) })).sort((x, y) => x.d - y.d);
  return scored[0] && scored[0].d <= 2 && scored[1]?.d !== scored[0].d ? scored[0].name : undefined;
}

const OPTIONS = {
  'endpoint-template': { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  anonymous: { type: 'boolean', default: false },
  demo: { type: 'boolean', default: false },
  'expected-owner': { type: 'string' },
  'if-exists': { type: 'string' },
  max: { type: 'string' },
  bytes: { type: 'string' },
  'upload-id': { type: 'string' },
  'version-id': { type: 'string' },
  versions: { type: 'boolean', default: false },
  recursive: { type: 'boolean', default: false },
  days: { type: 'string' },
  'storage-class': { type: 'string' },
  tier: { type: 'string' },
  expires: { type: 'string' },
  'allow-public': { type: 'boolean', default: false },
  delete: { type: 'boolean', default: false },
  clear: { type: 'boolean', default: false },
  'bypass-governance': { type: 'boolean', default: false },
  'object-lock': { type: 'boolean', default: false },
  yes: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  har: { type: 'string' },
  ndjson: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

async function main(argv: string[]): Promise<number> {
  const out = new Output(process.stdout);
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS }));
  } catch (error) {
    process.stderr.write(
      `Error: ${optionProblem(error as Error & { code?: string })}\n\n${usageFor(argv.find((a) => !a.startsWith('-')))}`,
    );
    return 2;
  }
  const [command, ...args] = positionals;
  // `edit --help`: that command's lines (and where the rest is); --help alone, or no command: all.
  if (values.help && commandUsage(command)) {
    await out.write(usageFor(command));
    return 0;
  }
  if (values.help || !command) {
    await out.write(USAGE);
    return command || values.help ? 0 : 2;
  }

  let demo: RunningDemo | undefined;
  let transport: S3Transport | undefined;
  try {
    const target: ConnectionTarget = {
      id: 'cli',
      defaultRegion: values.region ?? 'us-east-1',
      endpointTemplate: values['endpoint-template'],
    };
    if (values.demo) {
      // Loaded only for --demo: the world and its store are most of this bundle, and loading them
      // for every command cost ~10 ms of its start (measured, Node 24).
      const { startDemo } = await import('./demo/demo.js');
      demo = await startDemo();
      target.endpointTemplate = demo.world.endpointTemplate;
      target.wholeObjectChecksums = true; // the world plays S3, whole-object checksums and all
      if (!values.anonymous) target.credentials = demo.accounts.demo;
    } else if (!values.anonymous) {
      target.credentials = values.profile ? fromIni({ profile: values.profile }) : fromNodeProviderChain();
    }
    transport = new S3Transport(target);
    const outcome = await run({ transport, out, values }, command, args);
    const requests = transport.log.since(0).records;
    if (values.ndjson)
      await out.write(`${JSON.stringify({ type: 'summary', ok: true, result: outcome.result, requests })}\n`);
    else if (values.json)
      await out.write(`${JSON.stringify({ ok: true, result: outcome.result, requests }, null, 2)}\n`);
    else if (outcome.stdoutTaken) process.stderr.write(`${outcome.text}\n${summary(requests)}\n`);
    else await out.write(`${outcome.text}\n${summary(requests)}\n`);
    return 0;
  } catch (error) {
    const requests = transport?.log.since(0).records ?? [];
    const e = error as S3RequestError;
    const shape = {
      code: e.code ?? (error instanceof UsageError ? 'UsageError' : 'Error'),
      status: e.status,
      message: localErrorInWords(error) ?? e.message,
      hint: e.hint,
    };
    if (values.ndjson) await out.write(`${JSON.stringify({ type: 'summary', ok: false, error: shape, requests })}\n`);
    else if (values.json) await out.write(`${JSON.stringify({ ok: false, error: shape, requests }, null, 2)}\n`);
    else {
      process.stderr.write(`Error: ${shape.message}${e.hint ? `\n${e.hint}` : ''}\n`);
      if (error instanceof UsageError) process.stderr.write(`\n${usageFor(command)}`);
      // What AWS Support asks for about a request S3 refused (the window's log shows the same).
      // Only when S3's answer to the last request was a refusal (a "not configured" answer, or a
      // 404 to whether a name is taken, is not one: a check of ours may have failed after it).
      const last = requests.at(-1);
      const refused = last && isFailure(last) ? last.hops.findLast((h) => h.requestId) : undefined;
      if (refused)
        process.stderr.write(`S3 request ID: ${refused.requestId} (x-amz-id-2: ${refused.hostId ?? 'none'})\n`);
    }
    return error instanceof UsageError ? 2 : 1;
  } finally {
    // The request log as the window's Export HAR… writes it, whether the command worked or not.
    if (values.har && transport)
      await writeFile(values.har, toHar(transport.log.since(0).records, { name: 'Bucket Explorer', version })).catch(
        (error: Error) => process.stderr.write(`Could not write ${values.har}: ${error.message}\n`),
      );
    transport?.destroy();
    await demo?.stop();
  }
}

async function run(context: Context, command: string, args: string[]): Promise<Outcome> {
  switch (command) {
    case 'probe':
      return probe(context, args);
    case 'ls':
      return list(context, args);
    case 'put':
      return put(context, args);
    case 'get':
      return get(context, args);
    case 'find':
      return find(context, args);
    case 'mkdir':
      return makeFolder(context, args);
    case 'du':
      return du(context, args);
    case 'head':
      return head(context, args);
    case 'uploads':
      return uploads(context, args);
    case 'abort-upload':
      return abortUpload(context, args);
    case 'revert':
      return revert(context, args);
    case 'rm':
      return context.values['version-id'] ? removeVersion(context, args) : remove(context, args);
    case 'cp':
      return copyOrMove(context, args, false);
    case 'mv':
      return copyOrMove(context, args, true);
    case 'restore':
      return restore(context, args);
    case 'versioning':
      return versioning(context, args);
    case 'mb':
      return makeBucket(context, args);
    case 'rb':
      return removeBucket(context, args);
    case 'info':
      return objectInfo(context, args);
    case 'edit':
      return edit(context, args);
    case 'tag':
      return tag(context, args);
    case 'share':
      return share(context, args);
    case 'url':
      return url(context, args);
    case 'access':
      return access(context, args);
    case 'policy':
      return policy(context, args);
    case 'block-public-access':
      return blockPublicAccess(context, args);
    case 'lifecycle':
      return lifecycle(context, args);
    case 'cors':
      return cors(context, args);
    case 'encryption':
      return encryption(context, args);
    case 'website':
      return website(context, args);
    case 'lock':
      return lock(context, args);
    case 'undelete':
      return undeleteObjects(context, args);
    case 'purge':
      return purge(context, args);
    default:
      throw new UsageError(`Unknown command "${command}".${unknownCommandHint(command)}`);
  }
}

async function probe({ transport, values }: Context, args: string[]): Promise<Outcome> {
  const { bucket } = splitBucketPath(args[0], 'bucket');
  const probed = await probeBucket(transport, bucket, { expectedOwner: values['expected-owner'] });
  // The public-access state, from the settings this identity may read (unknown, with why, if none).
  const access =
    probed.access.verdict === 'ok' && !probed.locationType.endsWith('Zone')
      ? await readBucketAccess(transport, bucket)
      : undefined;
  const result = access
    ? { ...probed, publicAccess: access.publicAccess, publicAccessReason: access.publicAccessReason, settings: access }
    : probed;
  const permissions = result.permissions
    .map((p) => `  ${p.allowed === null ? '?' : p.allowed ? '✓' : '✗'} ${p.action}${p.code ? ` (${p.code})` : ''}`)
    .join('\n');
  const text = [
    `${bucket}: ${result.access.explanation}`,
    `  region ${result.region ?? 'unknown'} (from ${result.regionSource}), location ${result.locationType}${result.locationName ? ` ${result.locationName}` : ''}`,
    access ? `  access: ${accessVerdict(access)}` : '',
    permissions,
  ]
    .filter(Boolean)
    .join('\n');
  if (result.access.verdict === 'error')
    throw new S3RequestError('ProbeFailed', result.access.explanation, result.access.status);
  return { result, text };
}

async function list(context: Context, args: string[]): Promise<Outcome> {
  if (args.length === 0 && !context.values.versions) return listAllBuckets(context);
  if (context.values.versions) return listVersions(context, args);
  const { transport, out, values } = context;
  const { bucket, key: prefix } = splitBucketPath(args[0], 'bucket');
  const folders: string[] = [];
  const objects: Array<{ key: string; size: number; lastModified?: string }> = [];
  let counted = { folders: 0, objects: 0 };
  let token: string | undefined;
  do {
    const page = await listPage(transport, { bucket, prefix, continuationToken: token });
    if (values.ndjson) {
      // Streamed as pages arrive: memory stays flat whatever the listing's size.
      const lines = [
        ...page.folders.map((f) => JSON.stringify({ type: 'folder', prefix: f })),
        ...page.objects.map((o) => JSON.stringify({ type: 'object', ...o })),
      ];
      if (lines.length) await out.write(`${lines.join('\n')}\n`);
      counted = { folders: counted.folders + page.folders.length, objects: counted.objects + page.objects.length };
      if (out.isClosed) break;
    } else {
      folders.push(...page.folders);
      objects.push(...page.objects);
    }
    token = page.nextToken;
  } while (token);
  if (values.ndjson) return { result: { bucket, prefix, ...counted }, text: '' };
  const text = [
    ...folders.map((f) => `                           PRE ${f}`),
    ...objects.map((o) => `${(o.lastModified ?? '').padEnd(24)} ${String(o.size).padStart(10)} ${o.key}`),
  ].join('\n');
  return { result: { bucket, prefix, folders, objects }, text: text || '(empty)' };
}

/** Every version and delete marker under a prefix, as the window's "Show versions" lists them. */
async function listVersions({ transport, out, values }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key: prefix } = splitBucketPath(args[0], 'bucket');
  const folders: string[] = [];
  const versions: Array<Pick<VersionRow, 'key' | 'versionId' | 'isLatest' | 'deleteMarker' | 'size' | 'lastModified'>> =
    [];
  let counted = { folders: 0, versions: 0 };
  let next: { keyMarker: string; versionIdMarker?: string } | undefined;
  do {
    const page = await listVersionsPage(transport, { bucket, prefix, ...next });
    const rows = page.versions.map((v) => ({
      key: v.key,
      versionId: v.versionId,
      isLatest: v.isLatest,
      deleteMarker: v.deleteMarker,
      size: v.size,
      lastModified: v.lastModified,
    }));
    if (values.ndjson) {
      const lines = [
        ...page.folders.map((f) => JSON.stringify({ type: 'folder', prefix: f })),
        ...rows.map((v) => JSON.stringify({ type: v.deleteMarker ? 'delete-marker' : 'version', ...v })),
      ];
      if (lines.length) await out.write(`${lines.join('\n')}\n`);
      counted = { folders: counted.folders + page.folders.length, versions: counted.versions + rows.length };
      if (out.isClosed) break;
    } else {
      folders.push(...page.folders);
      versions.push(...rows);
    }
    next = page.next;
  } while (next);
  if (values.ndjson) return { result: { bucket, prefix, ...counted }, text: '' };
  const text = [
    ...folders.map((f) => `${''.padEnd(24)} ${''.padEnd(10)} ${''.padEnd(34)} PRE ${f}`),
    ...versions.map(
      (v) =>
        `${(v.lastModified ?? '').padEnd(24)} ${(v.deleteMarker ? '(deleted)' : String(v.size)).padStart(10)} ${v.versionId.padEnd(32)}${v.isLatest ? ' *' : '  '} ${v.key}`,
    ),
  ].join('\n');
  return { result: { bucket, prefix, folders, versions }, text: text || '(no versions)' };
}

function versionIdOf(values: Context['values'], command: string): string {
  const versionId = values['version-id'];
  if (!versionId) throw new UsageError(`${command} needs --version-id (see: ls --versions).`);
  return versionId;
}

async function revert({ transport, values }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key } = splitBucketPath(args[0], 'bucket/key');
  if (!key) throw new UsageError('Give the object as bucket/key.');
  const versionId = versionIdOf(values, 'revert');
  const result = await revertToVersion(transport, bucket, key, versionId);
  return {
    result: { bucket, key, from: versionId, versionId: result.versionId },
    text: `s3://${bucket}/${key} is now version ${versionId}'s content (new version ${result.versionId ?? 'null'})`,
  };
}

/** Delete an object, or (with --recursive) everything under a prefix: the window's delete. */
async function remove({ transport, values }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key } = splitBucketPath(args[0], 'bucket/key');
  if (!key) throw new UsageError('Give the object as bucket/key, or a folder as bucket/prefix/ with --recursive.');
  const folder = key.endsWith('/');
  if (folder && !values.recursive)
    throw new UsageError(`${key} is a folder: add --recursive to delete everything under it.`);
  const result = await deleteObjects(transport, bucket, folder ? [] : [key], folder ? [key] : []);
  if (result.errors.length)
    throw new S3RequestError(
      result.errors[0]!.code,
      `${n(result.errors.length)} not deleted: ${result.errors[0]!.key}: ${result.errors[0]!.message}`,
    );
  return {
    result: { bucket, deleted: result.deleted },
    text: `deleted ${n(result.deleted.length)} object${result.deleted.length === 1 ? '' : 's'} from s3://${bucket}/${key}`,
  };
}

/** A path on this computer, as people type them (not an s3:// address, nor bucket/key). */
const looksLocal = (value: string | undefined) =>
  value !== undefined && !value.startsWith('s3://') && /^(\.{0,2}\/|~|[A-Za-z]:[\\/])/.test(value);

/**
 * cp and mv: the window's copy and move (planned, then run as jobs of the same queue), server-side.
 * A destination ending in "/" is a folder the source goes into; otherwise it is the new name.
 */
async function copyOrMove({ transport, values }: Context, args: string[], move: boolean): Promise<Outcome> {
  // `aws s3 cp` also uploads and downloads; here those are put and get: say so, with the command.
  const verb = move ? 'mv' : 'cp';
  if (looksLocal(args[0]) && args[1])
    throw new UsageError(
      `${verb} works inside S3; "${args[0]}" is a file here. To upload it: put ${args[0]} ${args[1].replace(/^s3:\/\//, '')}`,
    );
  if (looksLocal(args[1]) && args[0])
    throw new UsageError(
      `${verb} works inside S3; "${args[1]}" is a path here. To download: get ${args[0].replace(/^s3:\/\//, '')} ${args[1]}`,
    );
  const source = splitBucketPath(args[0], 'source');
  const target = splitBucketPath(args[1], 'destination');
  if (!source.key) throw new UsageError('Give the source as s3://bucket/key or s3://bucket/prefix/.');
  const storageClass = values['storage-class'] === undefined ? undefined : storageClassNamed(values['storage-class']);
  const folder = source.key.endsWith('/');
  const intoFolder = target.key === '' || target.key.endsWith('/');
  // Like `aws s3 cp --recursive`: a folder's contents go into the destination folder.
  const base = folder ? source.key : folderOf(source.key);
  let keys: Array<{ key: string; size: number }> = [];
  if (!folder) {
    const head = await transport.send<HeadObjectCommandOutput>(
      { operation: 'HeadObject', bucket: source.bucket, key: source.key },
      () => new HeadObjectCommand({ Bucket: source.bucket, Key: source.key }),
    );
    keys = [{ key: source.key, size: head.ContentLength ?? 0 }];
  }
  const targetPrefix = intoFolder ? target.key : folderOf(target.key);
  const rename = intoFolder ? undefined : target.key.slice(targetPrefix.length);
  const planned = await planCopy(transport, {
    sourceBucket: source.bucket,
    keys,
    prefixes: folder ? [source.key] : [],
    base,
    targetBucket: target.bucket,
    targetPrefix,
    move,
    rename,
  });
  if (planned.length === 0)
    throw new S3RequestError('NoSuchKey', `Nothing under s3://${source.bucket}/${source.key}.`, 404);
  const conflict = ifExists(values);
  const { queue, close } = terminalQueue(transport, move ? 'moved' : 'copied');
  try {
    const ids = queue.addCopies(
      {
        connectionId: 'cli',
        sourceBucket: source.bucket,
        targetBucket: target.bucket,
        move,
        label: `${move ? 'mv' : 'cp'} ${args[0]} ${args[1]}`,
        conflict,
        storageClass,
      },
      planned,
    );
    const rows = await queue.settled(ids);
    const failed = rows.filter((r) => r.state === 'failed');
    const done = rows.filter((r) => r.state === 'done');
    const bytes = done.reduce((sum, r) => sum + r.bytesTotal, 0);
    if (failed.length)
      throw new S3RequestError(
        move ? 'MoveIncomplete' : 'CopyIncomplete',
        `${n(failed.length)} of ${n(rows.length)} not ${move ? 'moved' : 'copied'} (each is still whole at its source${move ? ', or at both places' : ''}): ${failed.map((f) => `${f.key}: ${f.message}`).join('; ')}`,
      );
    const verb = move ? 'moved' : 'copied';
    const skipped = rows.filter((r) => r.state === 'skipped');
    // Kept beside an object of the same name (--if-exists keep-both): the name it got, said.
    const wanted = new Map(planned.map((p) => [p.sourceKey, p.targetKey]));
    const renamed = done.filter((r) => r.target && r.target.key !== wanted.get(r.key));
    let text: string;
    if (!folder && skipped.length)
      text = `s3://${target.bucket}/${wanted.get(source.key)} exists: left as it is (--if-exists skip); nothing ${verb}`;
    else if (!folder && renamed.length)
      text = `${verb} s3://${source.bucket}/${source.key} to s3://${target.bucket}/${renamed[0]!.target!.key} (${formatBytes(bytes)}), beside the ${wanted.get(source.key)} that was there (--if-exists keep-both)`;
    else {
      const names = renamed.slice(0, 3).map((r) => r.target!.key);
      const more = renamed.length > names.length ? `, and ${n(renamed.length - names.length)} more` : '';
      text =
        `${verb} ${n(done.length)} object${done.length === 1 ? '' : 's'} (${formatBytes(bytes)}) from s3://${source.bucket}/${source.key} to s3://${target.bucket}/${target.key}` +
        (skipped.length ? `; ${n(skipped.length)} already there left as they were (--if-exists skip)` : '') +
        (renamed.length
          ? `; ${n(renamed.length)} saved under a free name beside an object that was there (${names.join(', ')}${more})`
          : '');
    }
    return {
      result: {
        source: `s3://${source.bucket}/${source.key}`,
        destination: `s3://${target.bucket}/${target.key}`,
        objects: done.length,
        skipped: skipped.length,
        bytes,
        moved: move,
        items: rows.map((r) => ({ from: r.key, to: r.target?.key, state: r.state })),
      },
      text,
    };
  } finally {
    await close();
  }
}

async function restore({ transport, values }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key } = splitBucketPath(args[0], 'bucket/key');
  if (!key) throw new UsageError('Give the object as bucket/key, or a folder as bucket/prefix/.');
  const days = Number(values.days ?? 1);
  if (!Number.isInteger(days) || days < 1)
    throw new UsageError(`--days must be a whole number of days, not "${values.days}".`);
  const tier = values.tier ?? 'Standard';
  if (tier !== 'Expedited' && tier !== 'Standard' && tier !== 'Bulk')
    throw new UsageError(`--tier must be Expedited, Standard or Bulk, not "${tier}".`);
  const folder = key.endsWith('/');
  const answer = await restoreObjects(transport, bucket, {
    keys: folder ? [] : [key],
    prefixes: folder ? [key] : [],
    days,
    tier,
  });
  return {
    result: { bucket, key, days, tier, ...answer },
    text: `restore of s3://${bucket}/${key}: ${n(answer.started)} started, ${n(answer.inProgress)} already in progress, ${n(answer.alreadyRestored)} already restored${folder ? `, ${n(answer.notArchived)} not archived` : ''}${answer.errors.length ? `, ${n(answer.errors.length)} failed` : ''}`,
  };
}

async function removeVersion({ transport, values }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key } = splitBucketPath(args[0], 'bucket/key');
  if (!key) throw new UsageError('Give the object as bucket/key.');
  const versionId = versionIdOf(values, 'rm');
  const result = await deleteVersions(transport, bucket, [{ key, versionId }], {
    bypassGovernance: values['bypass-governance'],
  });
  const refused = result.errors[0];
  if (refused)
    throw new S3RequestError(
      refused.code,
      `${key} (${versionId}): ${refused.message}`,
      undefined,
      refused.message === entryMessage(OBJECT_LOCKED) ? OBJECT_LOCK_HINT : hintFor(refused.code),
    );
  return {
    result: { bucket, key, versionId, deleted: true },
    text: `deleted version ${versionId} of s3://${bucket}/${key} for good`,
  };
}

async function versioning({ transport }: Context, args: string[]): Promise<Outcome> {
  const { bucket } = splitBucketPath(args[0], 'bucket');
  const change = args[1];
  if (change !== undefined && change !== 'enable' && change !== 'suspend')
    throw new UsageError(`versioning takes "enable" or "suspend", not "${change}".`);
  const result = change
    ? await setVersioning(transport, bucket, change === 'enable' ? 'Enabled' : 'Suspended')
    : await getVersioning(transport, bucket);
  const words = { Never: 'never enabled', Enabled: 'enabled', Suspended: 'suspended' }[result.status];
  return {
    result: { bucket, ...result },
    text: `${bucket}: versioning ${words}${result.mfaDelete ? ', MFA delete on' : ''}`,
  };
}

/** --if-exists: what to do where a name is taken (put, cp, mv: in S3; get: on this computer). */
function ifExists(values: Context['values']): ConflictPolicy {
  const conflict = (values['if-exists'] ?? 'overwrite') as ConflictPolicy;
  if (!['overwrite', 'skip', 'keep-both'].includes(conflict))
    throw new UsageError(`--if-exists must be overwrite, skip or keep-both, not "${conflict}".`);
  return conflict;
}

/** `ls` with no bucket: the connection's buckets, as `aws s3 ls` lists them, with their regions. */
async function listAllBuckets({ transport }: Context): Promise<Outcome> {
  if (transport.anonymous) throw new UsageError('Name a bucket: anonymous requests cannot list buckets.');
  const buckets = await listBuckets(transport);
  const text = [
    ...buckets.map((b) => `${(b.createdAt ?? '').padEnd(24)}  ${(b.region ?? '').padEnd(14)}  ${b.name}`),
    `(${n(buckets.length)} bucket${buckets.length === 1 ? '' : 's'})`,
  ].join('\n');
  return { result: { buckets }, text };
}

/**
 * What a folder's upload starts from: the folder itself, which goes under the prefix as a drop in
 * the window puts it; or, written with a slash at its end (`photos/`), what is in it, as rsync
 * reads that slash (and as `aws s3 cp --recursive` and `get` of a folder always do).
 */
async function uploadRoots(local: string, isFolder: boolean): Promise<string[]> {
  const folder = path.resolve(local);
  if (!isFolder || !/[\\/]$/.test(local)) return [folder];
  const entries = await readdir(folder);
  if (entries.length === 0) throw new UsageError(`${local} is empty: nothing to upload.`);
  return entries.sort().map((entry) => path.join(folder, entry));
}

/** Uploads go through the app's transfer queue: multipart, retries, checksums, Content-Type. */
async function put(context: Context, args: string[]): Promise<Outcome> {
  if (args[0] === '-') return putFromStdin(context, args);
  const { transport, values } = context;
  const local = args[0];
  if (!local) throw new UsageError('Missing the file or folder to upload.');
  const { bucket, key } = splitBucketPath(args[1], 'destination bucket/key');
  const conflict = ifExists(values);
  const storageClass = values['storage-class'] === undefined ? undefined : storageClassNamed(values['storage-class']);
  const info = await stat(local).catch(() => {
    throw new UsageError(`Cannot read ${local}.`);
  });
  const { queue, close } = terminalQueue(transport, 'uploaded');
  const toFolder = !key || key.endsWith('/');
  const request = { connectionId: 'cli', bucket, prefix: toFolder ? key : '', conflict, storageClass };
  const expansion =
    info.isFile() && !toFolder
      ? { items: [{ localPath: local, key, size: info.size, mtimeMs: info.mtimeMs }], skipped: [], bytes: info.size }
      : await expandPaths(await uploadRoots(local, info.isDirectory()), request.prefix);
  const ids = queue.addExpanded(request, expansion);
  const rows = await queue.settled(ids);
  await close();
  const uploads = rows.map((r) => ({
    key: r.key,
    size: r.bytesTotal,
    state: r.state,
    multipart: r.multipart ?? false,
    message: r.message,
    localPath: r.localPath,
    ...(r.checked && { checked: r.checked }),
  }));
  const failed = uploads.filter((u) => u.state === 'failed');
  if (failed.length) {
    throw new S3RequestError(
      'UploadFailed',
      `${n(failed.length)} of ${n(uploads.length)} uploads failed: ${failed.map((f) => `${f.key}: ${f.message}`).join('; ')}`,
    );
  }
  const lines = uploads.map((u) =>
    u.state === 'done'
      ? `uploaded ${u.localPath} to s3://${bucket}/${u.key} (${formatBytes(u.size)}${u.multipart ? ', multipart' : ''}${u.checked ? `, checked by S3 against its ${u.checked}` : ''})`
      : `${u.state} ${u.localPath}: ${u.message ?? ''}`,
  );
  const result = uploads.length === 1 ? { bucket, ...uploads[0]! } : { bucket, uploads };
  return { result, text: lines.join('\n') };
}

/**
 * `put - <bucket>/<key>`: stdin uploaded as the object, as `aws s3 cp - s3://…`. Read into a scratch
 * file first (memory stays bounded, and a multipart upload can re-read its parts for a retry),
 * then uploaded by the same queue as any file, with the Content-Type its key's name gets.
 */
async function putFromStdin(context: Context, args: string[]): Promise<Outcome> {
  const { bucket, key } = splitBucketPath(args[1], 'destination bucket/key');
  if (!key || key.endsWith('/')) throw new UsageError('stdin has no name: give the object as bucket/key.');
  // Typed at a terminal rather than piped in: say what it is waiting for.
  if (process.stdin.isTTY) process.stderr.write('Reading the object from the keyboard: end it with Ctrl-D.\n');
  return withScratchFile(async (file) => {
    await pipeline(process.stdin, createWriteStream(file));
    const outcome = await put(context, [file, `${bucket}/${key}`]);
    return { result: { ...(outcome.result as object), localPath: '-' }, text: outcome.text.replace(file, 'stdin') };
  });
}

/** A scratch file of the queue's own, removed whatever happens: what `-` streams through. */
async function withScratchFile<T>(use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bucket-explorer-stdio-'));
  try {
    return await use(path.join(dir, 'object'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `get <bucket>/<key> -`: the object to stdout, as `aws s3 cp s3://… -`. Downloaded by the same
 * queue as any other (parallel ranges, retried, checked) into a scratch file, then written out:
 * stdout only ever gets a whole, checked object, and memory stays bounded.
 */
async function getToStdout({ transport, values }: Context, bucket: string, key: string): Promise<Outcome> {
  if (key.endsWith('/')) throw new UsageError('A folder cannot go to stdout: give a directory instead of -.');
  if (values.json || values.ndjson) throw new UsageError('--json and - both want stdout: leave one out.');
  return withScratchFile(async (file) => {
    const { queue, close } = terminalQueue(transport, 'downloaded');
    let row;
    try {
      [row] = await queue.settled([
        queue.addDownload({ connectionId: 'cli', bucket, key, destination: file, versionId: values['version-id'] }),
      ]);
    } finally {
      await close();
    }
    if (row?.state !== 'done')
      throw new S3RequestError('DownloadFailed', `${key}: ${row?.message ?? 'not downloaded'}`);
    await pipeline(createReadStream(file), process.stdout, { end: false }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error; // a reader that went away (| head) is not a failure
    });
    return {
      result: { bucket, key, size: row.bytesTotal },
      text: `downloaded s3://${bucket}/${key} to stdout (${n(row.bytesTotal)} bytes)`,
      stdoutTaken: true,
    };
  });
}

/**
 * Downloads go through the app's transfer queue: large objects in parallel ranged GETs, each
 * retried alone, checked, written to a partial name and renamed. A key ending in "/" is a folder,
 * taken home into DIR with its structure and safe local names.
 */
async function get(context: Context, args: string[]): Promise<Outcome> {
  const { transport, values } = context;
  const { bucket, key } = splitBucketPath(args[0], 'source bucket/key');
  if (!key) throw new UsageError('Give the object as bucket/key, or a folder as bucket/prefix/.');
  if (args[1] === '-') return getToStdout(context, bucket, key);
  const conflict = ifExists(values);
  const { queue, close } = terminalQueue(transport, 'downloaded');
  try {
    let ids: string[];
    let destination: string;
    /** Files left as they were (--if-exists skip). */
    let kept = 0;
    /** Downloads saved under a free name beside a file that was there (--if-exists keep-both). */
    let renamed: Array<{ key: string; file: string }> = [];
    if (key.endsWith('/')) {
      destination = path.resolve(args[1] ?? (path.basename(key) || '.'));
      const there = await stat(destination).catch(() => undefined);
      if (there && !there.isDirectory())
        throw new UsageError(
          `${destination} is a file: a folder (s3://${bucket}/${key}) goes into a folder. Give one, or a name for a new one.`,
        );
      await mkdir(destination, { recursive: true });
      const request = { bucket, base: key, keys: [], prefixes: [key], target: destination };
      const batch = { connectionId: 'cli', bucket, label: `s3://${bucket}/${key}` };
      if (conflict === 'overwrite') {
        // Like `aws s3 cp --recursive` and `rclone copy`: the folder's contents go into DIR, the
        // first files coming down while the rest is still being listed.
        ids = await queue.addDownloadPages(batch, planFolderPages(transport, request));
      } else {
        // Files in the way are found first, as the window does before it asks.
        const planned = await planFolderDownload(transport, request);
        const resolved = await resolveLocal(planned, conflict);
        kept = planned.length - resolved.length;
        const wanted = new Map(planned.map((p) => [p.key, p.localPath]));
        renamed = resolved
          .filter((r) => !r.folder && wanted.get(r.key) !== r.localPath)
          .map((r) => ({ key: r.key, file: r.localPath }));
        ids = await queue.addDownloads(batch, resolved);
      }
      if (ids.length === 0 && kept === 0)
        throw new S3RequestError('NoSuchKey', `Nothing under s3://${bucket}/${key}.`, 404);
    } else {
      destination = path.resolve(args[1] ?? safeFileName(key));
      if (
        args[1]?.endsWith('/') ||
        (await stat(destination).then(
          (s) => s.isDirectory(),
          () => false,
        ))
      ) {
        destination = path.join(destination, safeFileName(key));
      }
      const [resolved] = await resolveLocal([{ key, localPath: destination, size: 0, folder: false }], conflict);
      if (!resolved) {
        const result = { bucket, key, file: destination, skipped: true };
        return { result, text: `${destination} exists: left as it is (--if-exists skip)` };
      }
      destination = resolved.localPath;
      ids = [queue.addDownload({ connectionId: 'cli', bucket, key, destination, versionId: values['version-id'] })];
    }
    const rows = await queue.settled(ids);
    const failed = rows.filter((r) => r.state === 'failed');
    if (failed.length)
      throw new S3RequestError(
        failed.length === rows.length ? 'DownloadFailed' : 'SomeDownloadsFailed',
        failed.map((f) => `${f.key}: ${f.message}`).join('; '),
      );
    const files = rows.filter((r) => !r.folder);
    const bytes = files.reduce((sum, r) => sum + r.bytesTotal, 0);
    // What the bytes were checked against beyond their size (download.ts): said, never implied.
    const checked = files.filter((r) => r.checked).length;
    const checkedBy = rows[0]?.checked;
    const unchecked = rows[0]?.unchecked ?? 'it has no full-object checksum, and its ETag is no MD5';
    const result = key.endsWith('/')
      ? {
          bucket,
          prefix: key,
          directory: destination,
          files: files.length,
          bytes,
          checked,
          ...(kept ? { skipped: kept } : {}),
          ...(renamed.length ? { renamed } : {}),
        }
      : { bucket, key, file: destination, size: bytes, ...(checkedBy && { checked: checkedBy }) };
    const text = key.endsWith('/')
      ? `downloaded ${n(files.length)} objects (${formatBytes(bytes)}) from s3://${bucket}/${key} into ${destination}, ${n(checked)} checked against their own checksum or MD5${kept ? `; ${n(kept)} already there left as they were (--if-exists skip)` : ''}${renamedText(renamed, destination)}`
      : `downloaded s3://${bucket}/${key} to ${destination} (${n(bytes)} bytes, ${checkedBy ? `checked against its ${checkedBy}` : `its size checked only: ${unchecked}`})`;
    return { result, text };
  } finally {
    await close();
  }
}

/** Downloads kept beside files of the same name, said with the names they got (the first few). */
function renamedText(renamed: Array<{ key: string; file: string }>, directory: string): string {
  if (!renamed.length) return '';
  const names = renamed.slice(0, 3).map((r) => path.relative(directory, r.file));
  const more = renamed.length > names.length ? `, and ${n(renamed.length - names.length)} more` : '';
  return `; ${n(renamed.length)} saved under a free name beside a file that was there (${names.join(', ')}${more})`;
}

/** Every key below a prefix whose path below it matches PATTERN (text, or a glob), as the window finds them. */
async function find({ transport, out, values }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key: prefix } = splitBucketPath(args[0], 'bucket[/prefix/]');
  const pattern = args[1];
  if (!pattern) throw new UsageError('Give what to look for: a text, or a glob such as "*.json".');
  const max = Number(values.max ?? 10_000);
  if (!Number.isInteger(max) || max < 1)
    throw new UsageError(`--max must be a whole number above 0, not "${values.max}".`);
  const found: Array<{ key: string; size: number; lastModified?: string }> = [];
  let scanned = 0;
  let token: string | undefined;
  let capped: boolean;
  do {
    const page = await searchPage(transport, { bucket, prefix, pattern, continuationToken: token });
    scanned += page.scanned;
    const room = max - found.length;
    const taken = page.matches.slice(0, room).map((m) => ({ key: m.key, size: m.size, lastModified: m.lastModified }));
    if (values.ndjson && taken.length)
      await out.write(`${taken.map((m) => JSON.stringify({ type: 'match', ...m })).join('\n')}\n`);
    found.push(...(values.ndjson ? [] : taken));
    capped = page.matches.length > room;
    token = page.nextToken;
  } while (token && !capped && !out.isClosed);
  const result = { bucket, prefix, pattern, scanned, capped, matches: values.ndjson ? undefined : found };
  const text = [
    ...found.map((m) => `${String(m.size).padStart(12)}  ${m.key}`),
    `(${n(found.length)} found in ${n(scanned)} scanned${capped ? `; stopped at --max ${max}` : ''})`,
  ].join('\n');
  return { result, text };
}

/** Objects and bytes below a prefix, by storage class, as the window counts a folder. */
async function makeFolder({ transport }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key } = splitBucketPath(args[0], 'bucket/prefix/');
  if (!key.replace(/\/+$/, '')) throw new UsageError('Give the folder as bucket/prefix/.');
  const made = await createFolder(transport, bucket, key);
  return {
    result: { bucket, ...made },
    text: made.created
      ? `created s3://${bucket}/${made.key}`
      : `s3://${bucket}/${made.key} is there already: nothing was written`,
  };
}

async function du({ transport, values }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key: prefix } = splitBucketPath(args[0], 'bucket[/prefix/]');
  const versions = Boolean(values.versions);
  let total = NOTHING_MEASURED;
  let token: string | undefined;
  do {
    const page = await measurePage(transport, { bucket, prefix, continuationToken: token, versions });
    total = addMeasure(total, page);
    token = page.nextToken;
  } while (token);
  const { objects, bytes, byClass, noncurrent, deleteMarkers } = total;
  const lines = Object.entries(byClass).map(
    ([name, c]) => `  ${name.padEnd(20)} ${n(c.objects).padStart(10)} objects  ${formatBytes(c.bytes)}`,
  );
  if (noncurrent) {
    lines.push(
      `  ${'older versions'.padEnd(20)} ${String(noncurrent.versions).padStart(10)} versions ${formatBytes(noncurrent.bytes)}`,
      `  ${'delete markers'.padEnd(20)} ${String(deleteMarkers ?? 0).padStart(10)}`,
    );
  }
  return {
    result: { bucket, prefix, ...total },
    text: [`s3://${bucket}/${prefix}: ${n(objects)} objects, ${formatBytes(bytes)} (${n(bytes)} bytes)`, ...lines].join(
      '\n',
    ),
  };
}

/** The first bytes of an object (1 MiB unless --bytes), as the window's preview reads them. */
async function head({ transport, values }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key } = splitBucketPath(args[0], 'bucket/key');
  if (!key) throw new UsageError('Give the object as bucket/key.');
  const maxBytes = values.bytes === undefined ? undefined : Number(values.bytes);
  if (maxBytes !== undefined && (!Number.isInteger(maxBytes) || maxBytes < 1 || maxBytes > 8 * 1024 * 1024)) {
    throw new UsageError(`--bytes must be a whole number from 1 to 8388608, not "${values.bytes}".`);
  }
  const preview = await objectPreview(transport, { bucket, key, maxBytes, versionId: values['version-id'] });
  const bytes = Buffer.from(preview.base64, 'base64');
  return {
    result: {
      bucket,
      key,
      contentType: preview.contentType,
      size: preview.size,
      truncated: preview.truncated,
      base64: preview.base64,
    },
    text: `${bytes.toString('utf8')}${preview.truncated ? `\n(the first ${n(bytes.length)} of ${n(preview.size)} bytes)` : ''}`,
  };
}

/** A bucket's incomplete multipart uploads, as the window lists them. */
async function uploads({ transport }: Context, args: string[]): Promise<Outcome> {
  const { bucket } = splitBucketPath(args[0], 'bucket');
  const list = await listIncompleteUploads(transport, bucket);
  const text = list.length
    ? list
        .map(
          (u) =>
            `${u.initiated ?? ''}  ${String(u.parts).padStart(5)} parts  ${formatBytes(u.bytes).padStart(10)}  ${u.key}  (upload id ${u.uploadId})`,
        )
        .join('\n')
    : 'No incomplete multipart uploads.';
  return { result: { bucket, uploads: list }, text };
}

async function abortUpload({ transport, values }: Context, args: string[]): Promise<Outcome> {
  const { bucket, key } = splitBucketPath(args[0], 'bucket/key');
  const uploadId = values['upload-id'];
  if (!key || !uploadId) throw new UsageError('Give the upload as bucket/key --upload-id ID (see: uploads <bucket>).');
  await abortMultipart(transport, bucket, key, uploadId);
  return {
    result: { bucket, key, uploadId, aborted: true },
    text: `aborted the upload of s3://${bucket}/${key} (${uploadId})`,
  };
}

function summary(requests: RequestRecord[]): string {
  const hops = requests.reduce((n, r) => n + r.hops.length, 0);
  const redirected = requests.filter(isRedirected).length;
  const some = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;
  return `(${some(requests.length, 'request', 'requests')}, ${some(hops, 'HTTP exchange', 'HTTP exchanges')}, ${n(redirected)} redirected; --json shows every hop)`;
}

main(process.argv.slice(2)).then(
  (code) => {
    // Everything written has been taken by stdout (see Output); stray sockets must not keep us.
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`Error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
